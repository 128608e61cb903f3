// Must not compile: a bare number is not a volume; the unit must be said.
#include "mesomix/units.hpp"

using namespace mesomix;

Volume mistake() {
  Volume v = 0.05;
  return v;
}
