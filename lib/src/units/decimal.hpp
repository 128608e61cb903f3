// Exact fractions as decimal digits, for the one formatter (format.cpp). Nearly every figure is
// a small fraction (exact.hpp): its digits are worked out in 128-bit integers; a fraction too big
// for them goes through GMP. Both give the same digits: the GMP functions are kept public here
// so that a test holds the fast path to them.
#pragma once

#include <optional>
#include <string>

#include "mesomix/exact.hpp"

namespace mesomix::detail {

// value = digits x 10^exponent; digits has no leading zero ("0" for zero)
struct Decimal {
  std::string digits;
  int exponent = 0;
  bool cut = false;  // more digits follow
  bool operator==(const Decimal&) const = default;
};

// x > 0 rounded half up (rounded) or cut (not rounded) to `figures` significant digits.
Decimal significant(const Exact& x, int figures, bool rounded);
Decimal significant_big(const Exact& x, int figures, bool rounded);

// Every decimal of x >= 0 when they end within `longest` places; else none.
std::optional<Decimal> terminating(const Exact& x, int longest);
std::optional<Decimal> terminating_big(const Exact& x, int longest);

// Whether the decimal is a value below one (and not zero).
inline bool below_one(const Decimal& d) {
  return d.digits != "0" && static_cast<int>(d.digits.size()) + d.exponent <= 0;
}

}  // namespace mesomix::detail
