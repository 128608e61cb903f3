// The shipped catalog's actives, made by code that app/prepare_catalog.cpp wrote at build time
// from formulations/catalog.toml (loaded with every check): the mesomix binary hands this to
// use_prepared_shipped_catalog so that it never parses the catalog's TOML at start.
#pragma once

#include <vector>

#include "mesomix/catalog.hpp"

namespace mesomix {

std::vector<CatalogActive> prepared_shipped_actives();

}  // namespace mesomix
