// Exact rational numbers: every figure mesomix computes is exact until it is printed.
//
// Nearly every figure of a protocol is a small fraction (0.05 mL, 5 mg/mL, 31/8): it is held as
// a 64-bit numerator and denominator, and each operation works in 128 bits and reduces. A result
// that does not fit goes on in GMP's rationals, which have no bound: sums of components whose
// volumes have coprime denominators grow denominators of thousands of digits (docs/performance.md
// has the case), and a fixed width would overflow where GMP does not. A big result that fits
// again comes back to 64 bits. The two are one value type: results never depend on which held
// them (tests/test_units.cpp compares every operation with GMP's alone).
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <type_traits>

#include <boost/multiprecision/gmp.hpp>

namespace mesomix {

namespace detail {
// 128 bits hold the product of two 64-bit terms: where the small path computes
__extension__ typedef __int128 Int128;
}  // namespace detail

using BigInt = boost::multiprecision::number<boost::multiprecision::gmp_int, boost::multiprecision::et_off>;
// GMP's rationals through Boost.Multiprecision (expression templates off: a plain value type).
using BigRational = boost::multiprecision::number<boost::multiprecision::gmp_rational, boost::multiprecision::et_off>;

class Exact {
 public:
  Exact() noexcept = default;
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  Exact(I n) {  // NOLINT(google-explicit-constructor): 2 * volume reads as arithmetic
    set(static_cast<detail::Int128>(n), 1);
  }
  // n / d, reduced; d must not be 0
  template <class I, class J,
            std::enable_if_t<std::is_integral_v<I> && std::is_integral_v<J> && !std::is_same_v<I, bool> &&
                                 !std::is_same_v<J, bool>,
                             int> = 0>
  Exact(I n, J d) {
    set(static_cast<detail::Int128>(n), static_cast<detail::Int128>(d));
  }
  explicit Exact(const BigInt& n);
  Exact(const BigInt& n, const BigInt& d);
  explicit Exact(const BigRational& q);

  friend Exact operator+(const Exact& a, const Exact& b);
  friend Exact operator-(const Exact& a, const Exact& b);
  friend Exact operator*(const Exact& a, const Exact& b);
  friend Exact operator/(const Exact& a, const Exact& b);  // throws std::overflow_error on 0
  Exact operator-() const;
  Exact& operator+=(const Exact& b) { return *this = *this + b; }
  Exact& operator-=(const Exact& b) { return *this = *this - b; }
  Exact& operator*=(const Exact& b) { return *this = *this * b; }
  Exact& operator/=(const Exact& b) { return *this = *this / b; }

  friend bool operator==(const Exact& a, const Exact& b);
  friend std::strong_ordering operator<=>(const Exact& a, const Exact& b);

  // The nearest double, correctly rounded (as Boost.Multiprecision converts GMP's rationals).
  template <class T>
  T convert_to() const {
    static_assert(std::is_same_v<T, double>, "an Exact converts to double only");
    return to_double_nearest();
  }

  BigRational big() const;  // the same value as a GMP rational
  BigInt numerator() const;
  BigInt denominator() const;  // > 0; the fraction is reduced
  bool is_small() const { return big_ == nullptr; }
  // the reduced fraction when is_small()
  std::int64_t small_numerator() const { return num_; }
  std::int64_t small_denominator() const { return den_; }
  int sign() const;

  friend std::ostream& operator<<(std::ostream& out, const Exact& x);  // "31/8", "-2"

 private:
  void set(detail::Int128 n, detail::Int128 d);
  double to_double_nearest() const;
  static Exact of(const BigRational& q) { return Exact(q); }

  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
  std::shared_ptr<const BigRational> big_;  // set only when the value does not fit 64 bits
};

BigInt numerator(const Exact& x);
BigInt denominator(const Exact& x);

// 10^exponent, exactly; exponent may be negative.
Exact pow10(int exponent);

// The nearest double (for JSON only: never for arithmetic).
double to_double(const Exact& x);

bool is_integer(const Exact& x);

// Largest integer <= x, for x >= 0 and small enough for int64 (counts of sessions).
std::int64_t floor_to_int64(const Exact& x);

}  // namespace mesomix
