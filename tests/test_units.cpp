// Units and exact numbers: the arithmetic the whole calculator stands on.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mesomix/units.hpp"

using namespace mesomix;

TEST_CASE("a strength times a volume is a mass in mg with no scale factor", "[units]") {
  const Mass m = mg_per_ml(5) * millilitres(2);
  CHECK(in_mg(m) == 10);
}

TEST_CASE("scaled units convert exactly", "[units]") {
  CHECK(micrograms(1000) == milligrams(1));
  CHECK(grams(1) == milligrams(1000));
  CHECK(microlitres(50) == millilitres(Exact(1, 20)));
  CHECK(litres(1) == millilitres(1000));
  CHECK(percent_w_v(Exact(1, 2)) == mg_per_ml(5));
  CHECK(millimetres(2) == centimetres(Exact(1, 5)));
  CHECK(in_mm(millimetres(2)) == 2);
  CHECK(in_percent_w_v(mg_per_ml(5)) == Exact(1, 2));
}

TEST_CASE("exact arithmetic has no binary noise: 0.1 + 0.2 is 0.3", "[units]") {
  const Volume sum = millilitres(Exact(1, 10)) + millilitres(Exact(2, 10));
  CHECK(sum == millilitres(Exact(3, 10)));
}

TEST_CASE("a third stays a third until it is printed", "[units]") {
  const Strength s = mg_per_ml(5) * millilitres(2) / millilitres(6);
  CHECK(in_mg_per_ml(s) == Exact(5, 3));
  CHECK(in_mg(s * millilitres(6)) == 10);
}

TEST_CASE("to_double gives the nearest double, as strtod does for the same decimal", "[units]") {
  CHECK(to_double(Exact(5, 3)) == std::strtod("1.6666666666666667", nullptr));
  CHECK(to_double(Exact(1, 12)) == std::strtod("0.083333333333333333333", nullptr));
  CHECK(to_double(Exact(1, 20)) == std::strtod("0.05", nullptr));
  CHECK(to_double(Exact(31, 10)) == std::strtod("3.1", nullptr));
  CHECK(to_double(Exact(3)) == 3.0);
}

TEST_CASE("Exact's 64-bit path gives what GMP's rationals give, across the edge to GMP and back", "[units]") {
  std::mt19937_64 random(1126);
  // terms of every size up to and past 63 bits, so that sums and products leave 64 bits and
  // some come back
  auto term = [&](bool may_be_zero) -> long long {
    const int bits = static_cast<int>(random() % 64);
    long long v = static_cast<long long>(random() >> (64 - std::max(bits, 1)));
    if (!may_be_zero && v == 0) v = 1;
    return v;
  };
  std::vector<std::pair<Exact, BigRational>> values;
  for (int i = 0; i < 400; ++i) {
    const long long n = term(true) * (random() % 2 == 0 ? 1 : -1);
    const long long d = term(false);
    values.emplace_back(Exact(n, d), BigRational(BigInt(n), BigInt(d)));
  }
  // and values only GMP can hold
  values.emplace_back(Exact(BigInt(1) << 100, BigInt(3)), BigRational(BigInt(1) << 100, BigInt(3)));
  values.emplace_back(Exact(BigInt(7), BigInt(1) << 90), BigRational(BigInt(7), BigInt(1) << 90));
  values.emplace_back(Exact(std::numeric_limits<long long>::min()),
                      BigRational(BigInt(std::numeric_limits<long long>::min())));
  auto same = [](const Exact& x, const BigRational& q) {
    return x.numerator() == boost::multiprecision::numerator(q) &&
           x.denominator() == boost::multiprecision::denominator(q) &&
           // a value that fits 64 bits is held in them (INT64_MIN aside: its negation would not fit)
           x.is_small() == (boost::multiprecision::abs(boost::multiprecision::numerator(q)) <=
                                std::numeric_limits<long long>::max() &&
                            boost::multiprecision::denominator(q) <= std::numeric_limits<long long>::max());
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& [a, qa] = values[i];
    REQUIRE(same(a, qa));
    CHECK(same(-a, BigRational(-qa)));
    CHECK(to_double(a) == qa.convert_to<double>());
    for (std::size_t k = 0; k < 12; ++k) {
      const auto& [b, qb] = values[random() % values.size()];
      INFO(a << " and " << b);
      CHECK(same(a + b, qa + qb));
      CHECK(same(a - b, qa - qb));
      CHECK(same(a * b, qa * qb));
      if (qb != 0) CHECK(same(a / b, qa / qb));
      CHECK((a < b) == (qa < qb));
      CHECK((a == b) == (qa == qb));
      CHECK((a >= b) == (qa >= qb));
    }
  }
  CHECK_THROWS_AS(Exact(1) / Exact(0), std::overflow_error);
  CHECK_THROWS_AS(Exact(1, 0), std::overflow_error);
  CHECK(floor_to_int64(Exact(-7, 2)) == -4);
  CHECK(floor_to_int64(Exact(7, 2)) == 3);
}

TEST_CASE("to_double's shortcut for small terms rounds as the general conversion does", "[units]") {
  // terms up to 2^53 take the shortcut, larger ones the general path: both agree either side
  std::mt19937_64 random(20261126);
  for (int i = 0; i < 20000; ++i) {
    const int bits = 1 + static_cast<int>(random() % 60);
    const auto cap = bits == 64 ? ~0ULL : (1ULL << bits);
    const auto num = static_cast<long long>(random() % cap) * (i % 2 == 0 ? 1 : -1);
    const auto den = static_cast<long long>(1 + random() % cap);
    const Exact x(num, den);
    INFO(num << "/" << den);
    CHECK(to_double(x) == x.convert_to<double>());
  }
  const Exact big = Exact(BigInt(1) << 200, 3);
  CHECK(to_double(big) == big.convert_to<double>());
}

TEST_CASE("pow10, is_integer and floor_to_int64 are exact", "[units]") {
  CHECK(pow10(3) == 1000);
  CHECK(pow10(-3) == Exact(1, 1000));
  // the 64-bit powers, the table's and those beyond it, each against GMP's own power
  for (int e = -60; e <= 60; ++e) {
    INFO(e);
    const BigInt p = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(e < 0 ? -e : e));
    CHECK(pow10(e) == (e < 0 ? Exact(BigInt(1), p) : Exact(p)));
    CHECK(pow10(e) * pow10(-e) == 1);
  }
  CHECK(is_integer(Exact(6, 3)));
  CHECK_FALSE(is_integer(Exact(7, 3)));
  CHECK(floor_to_int64(Exact(6) / Exact(3)) == 2);
  CHECK(floor_to_int64(Exact(59, 10) / Exact(3)) == 1);
  CHECK(floor_to_int64(Exact(1, 3)) == 0);
}
