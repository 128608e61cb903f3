// Units and exact numbers: the arithmetic the whole calculator stands on.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

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

TEST_CASE("pow10, is_integer and floor_to_int64 are exact", "[units]") {
  CHECK(pow10(3) == 1000);
  CHECK(pow10(-3) == Exact(1, 1000));
  CHECK(is_integer(Exact(6, 3)));
  CHECK_FALSE(is_integer(Exact(7, 3)));
  CHECK(floor_to_int64(Exact(6) / Exact(3)) == 2);
  CHECK(floor_to_int64(Exact(59, 10) / Exact(3)) == 1);
  CHECK(floor_to_int64(Exact(1, 3)) == 0);
}
