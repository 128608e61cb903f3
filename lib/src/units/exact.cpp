#include "mesomix/exact.hpp"

#include <array>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace mesomix {

namespace {

using i128 = detail::Int128;
__extension__ typedef unsigned __int128 u128;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

u128 magnitude(i128 x) { return x < 0 ? -static_cast<u128>(x) : static_cast<u128>(x); }

std::uint64_t gcd64(std::uint64_t a, std::uint64_t b) {
  while (b != 0) {
    const std::uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

u128 gcd128(u128 a, u128 b) {
  // 128-bit division is slow: once both fit 64 bits, go on there
  while (b != 0) {
    if ((a >> 64) == 0 && (b >> 64) == 0) return gcd64(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
    const u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Held in 64 bits: the numerator's negation must fit too, so INT64_MIN is left to GMP.
bool fits(i128 n, i128 d) { return n <= int64_max && n >= -int64_max && d > 0 && d <= int64_max; }

BigInt big_of(i128 x) {
  const u128 m = magnitude(x);
  BigInt out = BigInt(static_cast<std::uint64_t>(m >> 64));
  out <<= 64;
  out += BigInt(static_cast<std::uint64_t>(m));
  return x < 0 ? BigInt(-out) : out;
}

[[noreturn]] void division_by_zero() { throw std::overflow_error("Division by zero."); }

}  // namespace

void Exact::set(i128 n, i128 d) {
  if (d == 0) division_by_zero();
  // |n| and |d| are below 2^127 here (products of two 64-bit terms, or a 64-bit integer)
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const u128 g = gcd128(magnitude(n), static_cast<u128>(d));
  if (g > 1) {
    n /= static_cast<i128>(g);
    d /= static_cast<i128>(g);
  }
  if (fits(n, d)) {
    num_ = static_cast<std::int64_t>(n);
    den_ = static_cast<std::int64_t>(d);
    big_.reset();
    return;
  }
  *this = Exact(BigRational(big_of(n), big_of(d)));
}

Exact::Exact(const BigInt& n) : Exact(BigRational(n)) {}

Exact::Exact(const BigInt& n, const BigInt& d) {
  if (d == 0) division_by_zero();
  *this = Exact(BigRational(n, d));
}

Exact::Exact(const BigRational& q) {
  const __mpq_struct* r = q.backend().data();
  // a value that fits comes back to 64 bits, so that what follows is fast again
  if (mpz_fits_slong_p(mpq_numref(r)) != 0 && mpz_fits_slong_p(mpq_denref(r)) != 0) {
    const long n = mpz_get_si(mpq_numref(r));
    const long d = mpz_get_si(mpq_denref(r));
    if (n != std::numeric_limits<long>::min()) {
      num_ = n;
      den_ = d;
      return;
    }
  }
  big_ = std::make_shared<const BigRational>(q);
}

BigRational Exact::big() const {
  if (big_) return *big_;
  return BigRational(BigInt(num_), BigInt(den_));
}

BigInt Exact::numerator() const { return big_ ? boost::multiprecision::numerator(*big_) : BigInt(num_); }
BigInt Exact::denominator() const { return big_ ? boost::multiprecision::denominator(*big_) : BigInt(den_); }

int Exact::sign() const {
  if (big_) return big_->sign();
  return num_ < 0 ? -1 : num_ > 0 ? 1 : 0;
}

Exact operator+(const Exact& a, const Exact& b) {
  if (a.big_ || b.big_) return Exact::of(a.big() + b.big());
  Exact out;
  if (a.den_ == b.den_)
    out.set(static_cast<i128>(a.num_) + b.num_, a.den_);
  else
    out.set(static_cast<i128>(a.num_) * b.den_ + static_cast<i128>(b.num_) * a.den_,
            static_cast<i128>(a.den_) * b.den_);
  return out;
}

Exact operator-(const Exact& a, const Exact& b) { return a + (-b); }

Exact operator*(const Exact& a, const Exact& b) {
  if (a.big_ || b.big_) return Exact::of(a.big() * b.big());
  if (a.num_ == 0 || b.num_ == 0) return {};
  // reduced terms: cross-cancel first, and the product is reduced as it stands
  const std::uint64_t g1 = gcd64(static_cast<std::uint64_t>(magnitude(a.num_)), static_cast<std::uint64_t>(b.den_));
  const std::uint64_t g2 = gcd64(static_cast<std::uint64_t>(magnitude(b.num_)), static_cast<std::uint64_t>(a.den_));
  const i128 n = static_cast<i128>(a.num_ / static_cast<std::int64_t>(g1)) * (b.num_ / static_cast<std::int64_t>(g2));
  const i128 d = static_cast<i128>(a.den_ / static_cast<std::int64_t>(g2)) * (b.den_ / static_cast<std::int64_t>(g1));
  Exact out;
  if (fits(n, d)) {
    out.num_ = static_cast<std::int64_t>(n);
    out.den_ = static_cast<std::int64_t>(d);
    return out;
  }
  out.set(n, d);
  return out;
}

Exact operator/(const Exact& a, const Exact& b) {
  if (b.sign() == 0) division_by_zero();
  if (a.big_ || b.big_) return Exact::of(a.big() / b.big());
  Exact reciprocal;  // b's terms swapped: still reduced, the sign on the numerator
  reciprocal.num_ = b.num_ < 0 ? -b.den_ : b.den_;
  reciprocal.den_ = b.num_ < 0 ? -b.num_ : b.num_;
  return a * reciprocal;
}

Exact Exact::operator-() const {
  if (big_) return of(-*big_);
  Exact out;
  out.num_ = -num_;  // never INT64_MIN: fits() leaves that to GMP
  out.den_ = den_;
  return out;
}

bool operator==(const Exact& a, const Exact& b) {
  if (a.big_ || b.big_) {
    // both reduced: a value that fits is never held big, so a mixed pair differs
    if (a.big_ && b.big_) return *a.big_ == *b.big_;
    return false;
  }
  return a.num_ == b.num_ && a.den_ == b.den_;
}

std::strong_ordering operator<=>(const Exact& a, const Exact& b) {
  if (a.big_ || b.big_) {
    const BigRational x = a.big();
    const BigRational y = b.big();
    return x < y ? std::strong_ordering::less : x > y ? std::strong_ordering::greater : std::strong_ordering::equal;
  }
  return static_cast<i128>(a.num_) * b.den_ <=> static_cast<i128>(b.num_) * a.den_;
}

double Exact::to_double_nearest() const {
  // Both terms exact in a double (below 2^53, nearly every figure): IEEE division rounds the
  // quotient correctly, as the general conversion does, for a fraction of its cost.
  constexpr std::int64_t exact_in_double = std::int64_t{1} << 53;
  if (!big_ && num_ <= exact_in_double && num_ >= -exact_in_double && den_ <= exact_in_double)
    return static_cast<double>(num_) / static_cast<double>(den_);
  return big().convert_to<double>();
}

std::ostream& operator<<(std::ostream& out, const Exact& x) {
  if (x.big_) return out << *x.big_;
  out << x.num_;
  if (x.den_ != 1) out << '/' << x.den_;
  return out;
}

BigInt numerator(const Exact& x) { return x.numerator(); }
BigInt denominator(const Exact& x) { return x.denominator(); }

namespace {

Exact compute_pow10(int exponent) {
  BigInt p = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(exponent < 0 ? -exponent : exponent));
  return exponent < 0 ? Exact(BigInt(1), p) : Exact(p);
}

// Parsing and printing ask for the same few powers again and again.
constexpr int cached_pow10 = 40;

}  // namespace

Exact pow10(int exponent) {
  // up to 10^18, what a 64-bit integer holds: written out, so that the first figure read at
  // a cold start does not first compute eighty powers in GMP
  static constexpr std::array<std::int64_t, 19> small = [] {
    std::array<std::int64_t, 19> t{};
    t[0] = 1;
    for (std::size_t k = 1; k < t.size(); ++k) t[k] = t[k - 1] * 10;
    return t;
  }();
  if (exponent >= -18 && exponent <= 18) {
    const std::int64_t p = small[static_cast<std::size_t>(exponent < 0 ? -exponent : exponent)];
    return exponent < 0 ? Exact(std::int64_t{1}, p) : Exact(p);
  }
  static const std::vector<Exact> table = [] {
    std::vector<Exact> t;
    for (int e = -cached_pow10; e <= cached_pow10; ++e) t.push_back(compute_pow10(e));
    return t;
  }();
  if (exponent < -cached_pow10 || exponent > cached_pow10) return compute_pow10(exponent);
  return table[static_cast<std::size_t>(exponent + cached_pow10)];
}

double to_double(const Exact& x) { return x.convert_to<double>(); }

bool is_integer(const Exact& x) { return x.is_small() ? x.small_denominator() == 1 : x.denominator() == 1; }

std::int64_t floor_to_int64(const Exact& x) {
  if (x.is_small()) {
    const std::int64_t n = x.small_numerator();
    const std::int64_t d = x.small_denominator();
    std::int64_t q = n / d;
    if (n % d != 0 && n < 0) q -= 1;
    return q;
  }
  BigInt q = x.numerator() / x.denominator();
  if (x < 0 && !is_integer(x)) q -= 1;
  if (q > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  return q.convert_to<std::int64_t>();
}

}  // namespace mesomix
