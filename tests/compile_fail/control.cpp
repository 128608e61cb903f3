// Must compile: the same shapes as the failing snippets, with the dimensions right.
#include "mesomix/units.hpp"

using namespace mesomix;

Mass dose_of(Mass m) { return m; }

Mass control() {
  const Mass a = milligrams(1);
  const Mass b = micrograms(500);
  const Strength s = mg_per_ml(5);
  const Volume v = millilitres(2);
  return dose_of(a + b + s * v);
}
