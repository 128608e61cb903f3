// The ISMP printing rules of docs/command-line.md, one rule a case.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "mesomix/format.hpp"
#include "units/decimal.hpp"

using namespace mesomix;

TEST_CASE("a leading zero always", "[format]") {
  CHECK(format_mass(milligrams(Exact(1, 2))) == "500 mcg");
  CHECK(format_volume(millilitres(Exact(1, 2))) == "0.5 mL");
  CHECK(format_number(Exact(5, 100), Precision::sheet) == "0.05");
  CHECK(format_number(Exact(5, 100), Precision::exact) == "0.05");
}

TEST_CASE("never a trailing zero", "[format]") {
  CHECK(format_mass(milligrams(5)) == "5 mg");
  CHECK(format_volume(millilitres(Exact(3, 2))) == "1.5 mL");
  CHECK(format_number(Exact(150, 100), Precision::exact) == "1.5");
  CHECK(format_number(Exact(100), Precision::sheet) == "100");
}

TEST_CASE("mcg below 1 mg, never the micro sign", "[format]") {
  CHECK(format_mass(milligrams(Exact(1, 12))) == "83.3 mcg");
  CHECK(format_mass(micrograms(1)) == "1 mcg");
  CHECK(format_mass(milligrams(1)) == "1 mg");
  CHECK(format_strength(mg_per_ml(Exact(1, 10))) == "100 mcg/mL");
  CHECK(format_mass(milligrams(Exact(1, 12))).find("\xC2\xB5") == std::string::npos);
}

TEST_CASE("a value that rounds up to 1 mg prints as 1 mg, not 1,000 mcg", "[format]") {
  CHECK(format_mass(milligrams(Exact(9996, 10000))) == "1 mg");
  CHECK(format_mass(milligrams(Exact(9994, 10000))) == "999 mcg");
}

TEST_CASE("thousands separated", "[format]") {
  CHECK(format_mass(milligrams(1000)) == "1,000 mg");
  CHECK(format_mass(milligrams(1234567), Precision::exact) == "1,234,567 mg");
  CHECK(format_mass(milligrams(1234567)) == "1,230,000 mg");
  CHECK(format_number(Exact(999), Precision::sheet) == "999");
}

TEST_CASE("three significant figures on sheets, rounded half away from zero", "[format]") {
  CHECK(format_number(Exact(5, 3), Precision::sheet) == "1.67");
  CHECK(format_number(Exact(1245, 1000), Precision::sheet) == "1.25");
  CHECK(format_number(Exact(1244, 1000), Precision::sheet) == "1.24");
  CHECK(format_number(Exact(99999, 100), Precision::sheet) == "1,000");
  CHECK(format_number(Exact(1, 3000), Precision::sheet) == "0.000333");
}

TEST_CASE("exact mode prints every digit, and cuts a never-ending decimal with an ellipsis", "[format]") {
  CHECK(format_number(Exact(1, 8), Precision::exact) == "0.125");
  CHECK(format_number(Exact(123456789, 1000), Precision::exact) == "123,456.789");
  CHECK(format_number(Exact(5, 3), Precision::exact) == "1.66666666666\xE2\x80\xA6");
  CHECK(format_number(Exact(2, 3), Precision::exact) == "0.666666666666\xE2\x80\xA6");
}

TEST_CASE("strengths print in mg/mL and % w/v", "[format]") {
  CHECK(format_strength(mg_per_ml(5)) == "5 mg/mL");
  CHECK(format_percent(mg_per_ml(5)) == "0.5 % w/v");
  CHECK(format_percent(mg_per_ml(Exact(5, 3))) == "0.167 % w/v");
  CHECK(format_length(millimetres(2)) == "2 mm");
}

TEST_CASE("zero prints as 0", "[format]") {
  CHECK(format_volume(millilitres(0)) == "0 mL");
  CHECK(format_mass(milligrams(0)) == "0 mg");
}

// The formatter's 128-bit shortcut (units/decimal.hpp) against its GMP path, on fractions of
// every size a 64-bit numerator and denominator allow: the same digits, exponent and cut.
TEST_CASE("decimal digits of small fractions are those the GMP path gives", "[format]") {
  std::mt19937_64 random(2611);
  auto term = [&] {
    const int bits = 1 + static_cast<int>(random() % 63);
    return std::max<long long>(1, static_cast<long long>(random() >> (64 - bits)));
  };
  int compared = 0;
  for (int i = 0; i < 20000; ++i) {
    // denominators of 2s and 5s often, so that terminating decimals come up as well as others
    const long long d =
        i % 3 == 0 ? (1LL << (random() % 20)) * static_cast<long long>(std::pow(5, random() % 8)) : term();
    const Exact x(term(), d);
    REQUIRE(x.is_small());
    INFO(x.numerator().str() << "/" << x.denominator().str());
    for (int figures : {1, 3, 12, 18})
      for (bool rounded : {true, false}) {
        CHECK(detail::significant(x, figures, rounded) == detail::significant_big(x, figures, rounded));
        ++compared;
      }
    CHECK(detail::terminating(x, 24) == detail::terminating_big(x, 24));
  }
  CHECK(compared == 160000);
  // the edges: one, the largest and smallest fractions, rounding up to a new power of ten
  for (const Exact& x : {Exact(1), Exact(std::numeric_limits<std::int64_t>::max()),
                         Exact(1, std::numeric_limits<std::int64_t>::max()), Exact(9995, 10), Exact(999, 1000)}) {
    CHECK(detail::significant(x, 3, true) == detail::significant_big(x, 3, true));
    CHECK(detail::significant(x, 12, false) == detail::significant_big(x, 12, false));
    CHECK(detail::terminating(x, 24) == detail::terminating_big(x, 24));
  }
  CHECK(detail::significant(Exact(9995, 10), 3, true) == detail::Decimal{"100", 1, false});  // 999.5 -> 1,000
  CHECK(detail::below_one(detail::significant(Exact(1, 2), 3, true)));
  CHECK_FALSE(detail::below_one(detail::significant(Exact(1), 3, true)));
  CHECK_FALSE(detail::below_one(detail::Decimal{"0", 0, false}));
}
