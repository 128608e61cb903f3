// Must not compile: a strength passed where a dose (a mass) is wanted.
#include "mesomix/units.hpp"

using namespace mesomix;

Mass dose_of(Mass m) { return m; }

Mass mistake() { return dose_of(mg_per_ml(5)); }
