// What every fuzz target asserts: a broken invariant aborts, and libFuzzer keeps the input.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "mesomix/units.hpp"

namespace fuzz {

inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// A figure mesomix would print: finite as a double, and not negative.
template <class Q>
void require_figure(const Q& q, const char* what) {
  const double d = mesomix::to_double(q.value());
  require(std::isfinite(d), what);
  require(q.value() >= 0, what);
}

}  // namespace fuzz
