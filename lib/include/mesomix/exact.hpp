// Exact rational numbers: every figure mesomix computes is exact until it is printed.
// Expression templates are off so that Boost.Units sees a plain value type.
// GMP's rationals (through Boost.Multiprecision): sums of components whose volumes have coprime
// denominators grow denominators of thousands of digits, and Boost's own cpp_rational took
// cubic time on them (2,000 components: 2 s; a 1 MiB protocol: hours). docs/performance.md.
#pragma once

#include <cstdint>

#include <boost/multiprecision/gmp.hpp>

namespace mesomix {

using Exact = boost::multiprecision::number<boost::multiprecision::gmp_rational, boost::multiprecision::et_off>;
using BigInt = boost::multiprecision::number<boost::multiprecision::gmp_int, boost::multiprecision::et_off>;

// 10^exponent, exactly; exponent may be negative.
Exact pow10(int exponent);

// The nearest double (for JSON only: never for arithmetic).
double to_double(const Exact& x);

bool is_integer(const Exact& x);

// Largest integer <= x, for x >= 0 and small enough for int64 (counts of sessions).
std::int64_t floor_to_int64(const Exact& x);

}  // namespace mesomix
