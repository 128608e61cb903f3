// Must not compile: a mass plus a volume has no meaning.
#include "mesomix/units.hpp"

using namespace mesomix;

auto mistake() { return milligrams(1) + millilitres(2); }
