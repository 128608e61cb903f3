// The unit grammar of docs/protocol-format.md, row by row: every accepted form gives the right
// value in the right type, every refused form gives the spec's hint and the right column.
#include <catch2/catch.hpp>

#include <string>

#include "mesomix/quantity.hpp"

using namespace mesomix;

namespace {

Exact value_of(const ParsedQuantity& q) {
  return std::visit([](const auto& x) { return x.value(); }, q.value);
}

struct Accepted {
  const char* text;
  Dimension dimension;
  Exact base;  // in mg, mL, mg/mL, cm or s
};

struct Refused {
  const char* text;
  std::size_t column;
  const char* message_part;
  const char* hint_part;
};

}  // namespace

TEST_CASE("every accepted unit parses to its exact value in the right dimension", "[quantity]") {
  const Accepted rows[] = {
      // mass
      {"2 g", Dimension::mass, 2000},
      {"1 mg", Dimension::mass, 1},
      {"500 mcg", Dimension::mass, Exact(1, 2)},
      {"500 ug", Dimension::mass, Exact(1, 2)},
      {"500 \xC2\xB5g", Dimension::mass, Exact(1, 2)},
      {"500 \xCE\xBCg", Dimension::mass, Exact(1, 2)},
      // volume
      {"1 L", Dimension::volume, 1000},
      {"2 mL", Dimension::volume, 2},
      {"50 uL", Dimension::volume, Exact(1, 20)},
      {"50 \xC2\xB5L", Dimension::volume, Exact(1, 20)},
      {"50 \xCE\xBCL", Dimension::volume, Exact(1, 20)},
      {"50 mcL", Dimension::volume, Exact(1, 20)},
      // strength
      {"5 mg/mL", Dimension::strength, 5},
      {"5mg/mL", Dimension::strength, 5},
      {"500 mcg/mL", Dimension::strength, Exact(1, 2)},
      {"2 g/L", Dimension::strength, 2},
      {"50 mg/5 mL", Dimension::strength, 10},
      {"50 mg/5mL", Dimension::strength, 10},
      {"0.5 % w/v", Dimension::strength, 5},
      {"0.5 %w/v", Dimension::strength, 5},
      {"1:1000", Dimension::strength, 1},
      {"1 : 200", Dimension::strength, 5},
      // length
      {"2 mm", Dimension::length, Exact(1, 5)},
      {"1 cm", Dimension::length, 1},
      // duration
      {"30 min", Dimension::duration, 1800},
      {"2 h", Dimension::duration, 7200},
      {"3 d", Dimension::duration, 259200},
      {"1 week", Dimension::duration, 604800},
      {"2 weeks", Dimension::duration, 1209600},
      // numbers
      {"0.05 mL", Dimension::volume, Exact(1, 20)},
      {"5e-2 mL", Dimension::volume, Exact(1, 20)},
      {"12.5 mg", Dimension::mass, Exact(25, 2)},
      {"  2 mL  ", Dimension::volume, 2},
      {"1000000 mg", Dimension::mass, 1000000},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    auto q = parse_quantity(row.text);
    REQUIRE(q.has_value());
    CHECK(dimension_of(q->value) == row.dimension);
    CHECK(value_of(*q) == row.base);
  }
}

TEST_CASE("units print as ISMP wants them: mcg for ug, mcL for uL", "[quantity]") {
  CHECK(parse_quantity("5 \xC2\xB5g")->unit == "mcg");
  CHECK(parse_quantity("5 ug")->unit == "mcg");
  CHECK(parse_quantity("5 \xC2\xB5L")->unit == "mcL");
  CHECK(parse_quantity("5 mg/mL")->unit == "mg/mL");
  CHECK(parse_quantity("50 mg/5 mL")->unit == "mg/5 mL");
  CHECK(parse_quantity("1 week")->unit == "1 week");
}

TEST_CASE("the same strength written five ways is one exact value", "[quantity]") {
  const Exact expected = 1;  // mg/mL
  for (const char* text : {"1 mg/mL", "0.1 % w/v", "5 mg/5 mL", "1:1000", "1000 mcg/mL", "1 g/L"}) {
    INFO(text);
    CHECK(in_mg_per_ml(*parse_strength(text)) == expected);
  }
}

TEST_CASE("every refused form says where and what to write instead", "[quantity]") {
  const Refused rows[] = {
      {"2 cc", 3, "\"cc\" is not accepted", "write mL"},
      {"0.5 %", 5, "bare %", "write % w/v, or mg/mL"},
      {"2 % w/w", 3, "not an injectable strength", "% w/v"},
      {"2 % v/v", 3, "not an injectable strength", "% w/v"},
      {".5 mg", 1, "leading zero", "write 0.5"},
      {"2 ML", 3, "case-sensitive (a capital M is not milli)", "write mL"},
      {"2 Mg", 3, "case-sensitive", "write mg"},
      {"2 ml", 3, "case-sensitive", "write mL"},
      {"10 IU", 4, "not supported in schema 1", "mass per volume"},
      {"10 U", 4, "not supported in schema 1", "mass per volume"},
      {"NaN mg", 1, "is not a number", "finite"},
      {"inf mL", 1, "is not a number", "finite"},
      {"-1 mL", 1, "negative", "positive"},
      {"2000000 mg", 1, "too large", "decimal point"},
      {"1e7 mL", 1, "too large", ""},
      {"1e-9 mg", 1, "too small", ""},
      {"5 furlongs", 3, "unknown unit \"furlongs\"", "accepted:"},
      {"5", 2, "needs a unit", "0.05 mL"},
      {"", 1, "empty", ""},
      {"mg", 1, "starts with a number", ""},
      {"5. mL", 2, "decimal point", "write 5"},
      {"1:0", 3, "per zero", ""},
      {"5 mg/0 mL", 6, "per zero", ""},
      {"5 kg/mL", 3, "unknown unit \"kg\"", ""},
      {"5 mg/cc", 6, "\"cc\"", "write mL"},
      {"1e999 mg", 2, "exponent", ""},
      {"2\u00a0mL", 2, "a no-break or thin space stands where an ordinary space belongs", "retype the space"},
      {"2\u202fmL", 2, "no-break or thin space", "retype the space"},
      {"5 mg/mg", 6, "\"mg\" after the slash is not a volume", "a strength is a mass per volume"},
      {"5 mL/mL", 3, "\"mL\" before the slash is not a mass", "a strength is a mass per volume"},
      {"0,5 mg", 2, "a decimal comma is not read", "write 0.5 (a decimal point)"},
      {"12,75 mL", 3, "a decimal comma is not read", "write 12.75 (a decimal point)"},
      {"1,000 mg", 2, "decimal comma or a thousands separator", "write 1000 for the thousands, or 1.000"},
      {"0,125 mg/mL", 2, "a decimal comma is not read", "write 0.125 (a decimal point)"},
      {"5 mg/2,5 mL", 7, "a decimal comma is not read", "write 2.5 (a decimal point)"},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    auto q = parse_quantity(row.text);
    REQUIRE_FALSE(q.has_value());
    CHECK(q.error().column == row.column);
    CHECK_THAT(q.error().message, Catch::Contains(row.message_part));
    CHECK_THAT(q.error().hint, Catch::Contains(row.hint_part));
  }
}

TEST_CASE("columns count characters, not bytes, after a micro sign", "[quantity]") {
  auto q = parse_quantity("\xC2\xB5 5 mL");
  REQUIRE_FALSE(q.has_value());
  CHECK(q.error().column == 1);
  auto r = parse_quantity("5 \xC2\xB5g/cc");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().column == 6);
}

TEST_CASE("typed parsers refuse the wrong dimension and zero", "[quantity]") {
  auto v = parse_volume("5 mg");
  REQUIRE_FALSE(v.has_value());
  CHECK_THAT(v.error().message, Catch::Contains("expected a volume") && Catch::Contains("is a mass"));
  auto z = parse_volume("0 mL");
  REQUIRE_FALSE(z.has_value());
  CHECK_THAT(z.error().message, Catch::Contains("more than zero"));
  CHECK(parse_volume("0 mL", Zero::allowed).has_value());
  CHECK(parse_mass("1 mg").has_value());
  CHECK(parse_strength("1:1000").has_value());
  CHECK(parse_length("2 mm").has_value());
  CHECK(parse_duration("1 week").has_value());
  CHECK_FALSE(parse_duration("1 mL").has_value());
}

TEST_CASE("a unit alone parses as one of it", "[quantity]") {
  CHECK(in_mg_per_ml(std::get<Strength>(parse_unit("% w/v")->value)) == 10);
  CHECK(in_mg_per_ml(std::get<Strength>(parse_unit("mg/5 mL")->value)) == Exact(1, 5));
  CHECK(in_ml(std::get<Volume>(parse_unit("mcL")->value)) == Exact(1, 1000));
  CHECK_FALSE(parse_unit("5 mg").has_value());
  CHECK_FALSE(parse_unit("cc").has_value());
}

TEST_CASE("an unknown unit's hint lists the units of the kind wanted", "[quantity]") {
  auto duration = parse_duration("2 fortnights");
  REQUIRE_FALSE(duration.has_value());
  CHECK(duration.error().hint == "accepted: min, h, d, week");
  auto volume = parse_volume("2 spoons");
  REQUIRE_FALSE(volume.has_value());
  CHECK(volume.error().hint == "accepted: L, mL, mcL (or uL)");
  auto mass = parse_mass("2 grains");
  REQUIRE_FALSE(mass.has_value());
  CHECK(mass.error().hint == "accepted: g, mg, mcg");
}

TEST_CASE("a unit written right is never told it is case-sensitive", "[quantity]") {
  for (const char* text : {"5 mg/mg", "5 mL/mL", "5 mg/min"}) {
    INFO(text);
    auto q = parse_strength(text);
    REQUIRE_FALSE(q.has_value());
    CHECK_THAT(q.error().message, !Catch::Contains("case-sensitive"));
  }
}
