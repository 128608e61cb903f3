#include "mesomix/exact.hpp"

#include <limits>

namespace mesomix {

Exact pow10(int exponent) {
  BigInt p = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(exponent < 0 ? -exponent : exponent));
  return exponent < 0 ? Exact(BigInt(1), p) : Exact(p);
}

double to_double(const Exact& x) { return x.convert_to<double>(); }

bool is_integer(const Exact& x) { return boost::multiprecision::denominator(x) == 1; }

std::int64_t floor_to_int64(const Exact& x) {
  BigInt q = boost::multiprecision::numerator(x) / boost::multiprecision::denominator(x);
  if (x < 0 && !is_integer(x)) q -= 1;
  if (q > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  return q.convert_to<std::int64_t>();
}

}  // namespace mesomix
