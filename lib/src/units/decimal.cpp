#include "units/decimal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace mesomix::detail {
namespace {

__extension__ typedef __int128 Wide;  // g++'s 128-bit integer, as exact.cpp uses

// 10^0 .. 10^38, the powers of ten a signed 128-bit integer holds
constexpr std::array<Wide, 39> wide_pow10 = [] {
  std::array<Wide, 39> t{};
  t[0] = 1;
  for (std::size_t k = 1; k < t.size(); ++k) t[k] = t[k - 1] * 10;
  return t;
}();
__extension__ typedef unsigned __int128 WideBits;
constexpr Wide wide_max = static_cast<Wide>(~static_cast<WideBits>(0) >> 1);

std::string wide_digits(Wide v) {  // v >= 0
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s += static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

// a x 10^k when it fits well inside 128 bits (room left for 2a + b below), for a > 0, k >= 0
std::optional<Wide> times_pow10(Wide a, int k) {
  if (k < 0 || k >= static_cast<int>(wide_pow10.size())) return std::nullopt;
  if (a > (wide_max / 4) / wide_pow10[static_cast<std::size_t>(k)]) return std::nullopt;
  return a * wide_pow10[static_cast<std::size_t>(k)];
}

// The e with 10^e <= x < 10^(e+1), for x > 0; the double only guesses, exact compares decide.
int order_of_magnitude_big(const Exact& x) {
  int e = static_cast<int>(std::floor(std::log10(to_double(x))));
  while (pow10(e) > x) --e;
  while (pow10(e + 1) <= x) ++e;
  return e;
}

// the decimal digits of 0 < v < 10^38
int digit_count(Wide v) {
  int digits = 1;
  while (digits < 38 && v >= wide_pow10[static_cast<std::size_t>(digits)]) ++digits;
  return digits;
}

// n / d >= 10^e, for small n, d > 0 (|e| <= 38)
bool at_least_pow10(Wide n, Wide d, int e) {
  return e >= 0 ? n >= d * wide_pow10[static_cast<std::size_t>(e)] : n * wide_pow10[static_cast<std::size_t>(-e)] >= d;
}

}  // namespace

Decimal significant_big(const Exact& x, int figures, bool rounded) {
  if (x == 0) return {"0", 0, false};
  const int shift = figures - 1 - order_of_magnitude_big(x);
  const Exact scaled = x * pow10(shift);
  const BigInt num = numerator(scaled);
  const BigInt den = denominator(scaled);
  BigInt digits = rounded ? (2 * num + den) / (2 * den) : num / den;
  int exponent = -shift;
  if (digits == boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(figures))) {
    digits /= 10;
    exponent += 1;
  }
  return {digits.str(), exponent, !rounded && Exact(digits) != scaled};
}

Decimal significant(const Exact& x, int figures, bool rounded) {
  if (!x.is_small() || x.small_numerator() <= 0 || figures < 1 || figures > 18)
    return significant_big(x, figures, rounded);
  const Wide n = x.small_numerator();
  const Wide d = x.small_denominator();
  // n of a digits over d of b digits lies between 10^(a-b-1) and 10^(a-b+1): a guess one off
  // at most, put right by exact compares (integers only: no libm at a cold start)
  int e = digit_count(n) - digit_count(d);
  while (!at_least_pow10(n, d, e)) --e;
  while (at_least_pow10(n, d, e + 1)) ++e;
  const int shift = figures - 1 - e;
  // scaled = num / den = x 10^shift
  const std::optional<Wide> num = shift >= 0 ? times_pow10(n, shift) : std::optional<Wide>(n);
  const std::optional<Wide> den = shift >= 0 ? std::optional<Wide>(d) : times_pow10(d, -shift);
  if (!num || !den) return significant_big(x, figures, rounded);
  Wide digits = rounded ? (2 * *num + *den) / (2 * *den) : *num / *den;
  const bool cut = !rounded && digits * *den != *num;
  int exponent = -shift;
  if (digits == wide_pow10[static_cast<std::size_t>(figures)]) {
    digits /= 10;
    exponent += 1;
  }
  return {wide_digits(digits), exponent, cut};
}

namespace {

// The decimal places a fraction with this (reduced) denominator needs, or none when its
// decimals never end or need more than `longest`: the denominator must be 2^a 5^b, and the
// places are the larger of a and b. For GMP's integers and 64-bit ones alike.
template <class Int>
std::optional<int> decimal_places(Int den, int longest) {
  int twos = 0;
  int fives = 0;
  while (den % 2 == 0) {
    den /= 2;
    ++twos;
  }
  while (den % 5 == 0) {
    den /= 5;
    ++fives;
  }
  const int places = std::max(twos, fives);
  if (den != 1 || places > longest) return std::nullopt;
  return places;
}

}  // namespace

std::optional<Decimal> terminating_big(const Exact& x, int longest) {
  const auto places = decimal_places(denominator(x), longest);
  if (!places) return std::nullopt;
  return Decimal{numerator(x * pow10(*places)).str(), -*places, false};
}

std::optional<Decimal> terminating(const Exact& x, int longest) {
  if (!x.is_small() || x.small_numerator() < 0) return terminating_big(x, longest);
  const auto places = decimal_places(x.small_denominator(), longest);
  if (!places) return std::nullopt;
  // x 10^places is an integer: n 10^places / d, the division exact
  const std::optional<Wide> num = times_pow10(x.small_numerator(), *places);
  if (!num) return terminating_big(x, longest);
  return Decimal{wide_digits(*num / x.small_denominator()), -*places, false};
}

}  // namespace mesomix::detail
