// The ISMP printing rules of docs/command-line.md, one rule a case.
#include <catch2/catch.hpp>

#include "mesomix/format.hpp"

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
