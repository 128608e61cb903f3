// The actives mesomix knows: names, synonyms, stock presentations, published limits and
// the facts every sheet that uses them must print. Format: docs/catalog.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

struct MassLimits {
  std::optional<Mass> per_injection;
  std::optional<Mass> per_session;
  std::optional<Mass> per_course;

  bool any() const { return per_injection || per_session || per_course; }
};

struct CatalogNote {
  std::string code;  // stable, for JSON and tests: "buflomedil-suspended"
  std::string text;
  std::string source;
};

struct Presentation {
  Strength stock;
  std::string stock_written;  // as the catalog wrote it, e.g. "0.5 % w/v"
  std::string description;
};

struct CatalogActive {
  std::string id;
  std::string name;
  std::vector<std::string> synonyms;
  std::vector<Presentation> presentations;
  // Above this strength in the cocktail the active may come out of solution.
  std::optional<Strength> water_solubility;
  std::string water_solubility_source;
  MassLimits limits;
  std::string limits_source;
  std::string limits_note;  // what is (not) published, said rather than invented
  std::vector<CatalogNote> warnings;
  // id, name and synonyms folded for lookup (lower case, single spaces); filled by load_catalog
  std::vector<std::string> lookup_keys;
};

struct Catalog {
  std::vector<CatalogActive> actives;

  // By id or synonym, ignoring case and runs of spaces.
  const CatalogActive* find(std::string_view name) const;
};

// `file` names the source in diagnostics; the text is the file's bytes.
Expected<Catalog, Diagnostics> load_catalog(std::string_view text, const std::string& file);

// The catalog compiled into mesomix from formulations/catalog.toml.
const Catalog& shipped_catalog();
std::string_view shipped_catalog_text();

}  // namespace mesomix
