// Exact rational numbers: every figure mesomix computes is exact until it is printed.
// Expression templates are off so that Boost.Units sees a plain value type.
#pragma once

#include <cstdint>

#include <boost/multiprecision/cpp_int.hpp>

namespace mesomix {

using Exact = boost::multiprecision::number<boost::multiprecision::cpp_rational_backend, boost::multiprecision::et_off>;
using BigInt = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<>, boost::multiprecision::et_off>;

// 10^exponent, exactly; exponent may be negative.
Exact pow10(int exponent);

// The nearest double (for JSON only: never for arithmetic).
double to_double(const Exact& x);

bool is_integer(const Exact& x);

// Largest integer <= x, for x >= 0 and small enough for int64 (counts of sessions).
std::int64_t floor_to_int64(const Exact& x);

}  // namespace mesomix
