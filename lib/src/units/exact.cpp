#include "mesomix/exact.hpp"

#include <limits>
#include <vector>

namespace mesomix {

namespace {

Exact compute_pow10(int exponent) {
  BigInt p = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(exponent < 0 ? -exponent : exponent));
  return exponent < 0 ? Exact(BigInt(1), p) : Exact(p);
}

// Parsing and printing ask for the same few powers again and again.
constexpr int cached_pow10 = 40;

}  // namespace

Exact pow10(int exponent) {
  static const std::vector<Exact> table = [] {
    std::vector<Exact> t;
    for (int e = -cached_pow10; e <= cached_pow10; ++e) t.push_back(compute_pow10(e));
    return t;
  }();
  if (exponent < -cached_pow10 || exponent > cached_pow10) return compute_pow10(exponent);
  return table[static_cast<std::size_t>(exponent + cached_pow10)];
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
