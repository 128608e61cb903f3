#include "mesomix/quantity.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

namespace mesomix {
namespace {

// Numbers beyond these are typing slips, not doses (docs/protocol-format.md: "more than 1e6 of
// the unit"); below the lower bound nothing a syringe or a balance measures remains.
constexpr int max_exponent_written = 30;
const Exact& largest_number() {
  static const Exact v = pow10(6);
  return v;
}
const Exact& smallest_number() {
  static const Exact v = pow10(-6);
  return v;
}

std::size_t column_at(std::string_view text, std::size_t byte_offset) {
  std::size_t col = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++col;
  }
  return col;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct UnitDef {
  std::string_view spelling;
  Dimension dimension;
  std::string_view printed;
  // value of one of this unit in the base unit (mg, mL, cm, s), as numerator/denominator
  long num;
  long den;
};

// Every unit the grammar accepts on its own (strengths are built from a mass and a volume),
// one line a dimension; \xC2\xB5 is the micro sign, \xCE\xBC the Greek mu.
// clang-format off
constexpr UnitDef simple_units[] = {
    {"g", Dimension::mass, "g", 1000, 1}, {"mg", Dimension::mass, "mg", 1, 1}, {"mcg", Dimension::mass, "mcg", 1, 1000}, {"ug", Dimension::mass, "mcg", 1, 1000}, {"\xC2\xB5g", Dimension::mass, "mcg", 1, 1000}, {"\xCE\xBCg", Dimension::mass, "mcg", 1, 1000},
    {"L", Dimension::volume, "L", 1000, 1}, {"mL", Dimension::volume, "mL", 1, 1}, {"uL", Dimension::volume, "mcL", 1, 1000}, {"\xC2\xB5L", Dimension::volume, "mcL", 1, 1000}, {"\xCE\xBCL", Dimension::volume, "mcL", 1, 1000}, {"mcL", Dimension::volume, "mcL", 1, 1000},
    {"mm", Dimension::length, "mm", 1, 10}, {"cm", Dimension::length, "cm", 1, 1},
    {"min", Dimension::duration, "min", 60, 1}, {"h", Dimension::duration, "h", 3600, 1}, {"d", Dimension::duration, "d", 86400, 1}, {"week", Dimension::duration, "week", 604800, 1}, {"weeks", Dimension::duration, "weeks", 604800, 1},
};
// clang-format on

const UnitDef* find_unit(std::string_view spelling) {
  for (const auto& u : simple_units) {
    if (u.spelling == spelling) return &u;
  }
  return nullptr;
}

AnyQuantity make_quantity(Dimension d, const Exact& base_value) {
  switch (d) {
    case Dimension::mass:
      return Mass::from_value(base_value);
    case Dimension::volume:
      return Volume::from_value(base_value);
    case Dimension::strength:
      return Strength::from_value(base_value);
    case Dimension::length:
      return Length::from_value(base_value);
    case Dimension::duration:
      return Duration::from_value(base_value);
  }
  return Mass::from_value(base_value);
}

using Failure = Unexpected<QuantityError>;

Failure fail(std::string_view text, std::size_t byte_offset, std::string message, std::string hint = {}) {
  return unexpected(QuantityError{column_at(text, byte_offset), std::move(message), std::move(hint)});
}

// A refused unit gets the hint the spec gives for it; an unknown one lists what is accepted.
QuantityError unit_error(std::string_view text, std::size_t at, std::string_view unit) {
  const std::string low = lower(unit);
  auto err = [&](std::string m, std::string h) {
    return QuantityError{column_at(text, at), std::move(m), std::move(h)};
  };
  // a no-break or thin space (as word processors put between number and unit) looks like a
  // space but is not one: say so, rather than report an unknown unit " mL"
  for (std::string_view space : {"\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89", "\xE2\x80\x87"}) {
    const std::size_t found = unit.find(space);
    if (found != std::string_view::npos)
      return QuantityError{column_at(text, static_cast<std::size_t>(unit.data() - text.data()) + found),
                           "a no-break or thin space stands where an ordinary space belongs",
                           "retype the space between the number and the unit"};
  }
  if (low == "cc") return err("\"cc\" is not accepted", "write mL");
  if (low == "iu" || low == "u" || low == "units" || low == "unit")
    return err(fmt::format("\"{}\" (international units) is not supported in schema 1", unit),
               "write the strength as a mass per volume, e.g. mg/mL");
  if (low == "%") return err("a bare % is ambiguous", "write % w/v, or mg/mL");
  if (low == "% w/w" || low == "%w/w" || low == "% v/v" || low == "%v/v")
    return err(fmt::format("\"{}\" is not an injectable strength", unit), "write % w/v (g per 100 mL), or mg/mL");
  for (const auto& u : simple_units) {
    if (lower(u.spelling) == low && u.spelling != unit) {
      const bool capital_m = unit.find('M') != std::string_view::npos;
      return err(fmt::format("unknown unit \"{}\": units are case-sensitive{}", unit,
                             capital_m ? " (a capital M is not milli)" : ""),
                 fmt::format("write {}", u.spelling));
    }
  }
  return err(fmt::format("unknown unit \"{}\"", unit),
             "accepted: g, mg, mcg; L, mL, mcL; mg/mL, mg/5 mL, % w/v, 1:1000; mm, cm; min, h, d, week");
}

struct Number {
  Exact value;
  std::size_t end;  // byte offset just past the number
};

// Plain decimals with an optional exponent, as docs/protocol-format.md writes them.
Expected<Number, QuantityError> read_number(std::string_view text, std::size_t pos) {
  const std::size_t start = pos;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    if (text[pos] == '-') return fail(text, pos, "a quantity cannot be negative", "write a positive number");
    return fail(text, pos, "a quantity takes no sign", "write the number alone, e.g. 0.05 mL");
  }
  if (pos < text.size() && text[pos] == '.') {
    std::size_t e = pos + 1;
    while (e < text.size() && is_digit(text[e])) ++e;
    return fail(text, pos, "a number needs a leading zero (ISMP)", fmt::format("write 0{}", text.substr(pos, e - pos)));
  }
  if (pos >= text.size() || !is_digit(text[pos])) {
    std::size_t e = pos;
    while (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e]))) ++e;
    const std::string word = lower(text.substr(pos, e - pos));
    if (word == "nan" || word == "inf" || word == "infinity")
      return fail(text, pos, fmt::format("\"{}\" is not a number", text.substr(pos, e - pos)),
                  "write a finite positive number");
    return fail(text, pos, "a quantity starts with a number", "write e.g. \"0.05 mL\"");
  }
  BigInt digits = 0;
  int scale = 0;  // value = digits * 10^-scale * 10^exponent
  while (pos < text.size() && is_digit(text[pos])) {
    digits = digits * 10 + (text[pos] - '0');
    ++pos;
    if (pos - start > 40)
      return fail(text, start, "too many digits in a number", "write at most a handful of significant figures");
  }
  // Input keeps the decimal point in every language (cli-contract.md): a comma is refused, never
  // guessed at, since "1,000" is one thousand to one reader and one to another.
  if (pos + 1 < text.size() && text[pos] == ',' && is_digit(text[pos + 1])) {
    std::size_t e = pos + 1;
    while (e < text.size() && is_digit(text[e])) ++e;
    const std::string_view whole = text.substr(start, pos - start);
    const std::string_view fraction = text.substr(pos + 1, e - pos - 1);
    if (fraction.size() == 3 && whole != "0")
      return fail(
          text, pos, "a comma in a number is not read: a decimal comma or a thousands separator?",
          fmt::format("write {}{} for the thousands, or {}.{} (a decimal point)", whole, fraction, whole, fraction));
    return fail(text, pos, "a decimal comma is not read",
                fmt::format("write {}.{} (a decimal point)", whole, fraction));
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (pos >= text.size() || !is_digit(text[pos]))
      return fail(text, pos - 1, "a number may not end with a decimal point (ISMP: no trailing point or zero)",
                  fmt::format("write {}", text.substr(start, pos - 1 - start)));
    while (pos < text.size() && is_digit(text[pos])) {
      digits = digits * 10 + (text[pos] - '0');
      ++scale;
      ++pos;
      if (pos - start > 40)
        return fail(text, start, "too many digits in a number", "write at most a handful of significant figures");
    }
  }
  int exponent = 0;
  // An exponent only when digits follow: "5e-2" is a number, "5 each" is not.
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    std::size_t p = pos + 1;
    bool negative = false;
    if (p < text.size() && (text[p] == '+' || text[p] == '-')) negative = text[p++] == '-';
    if (p < text.size() && is_digit(text[p])) {
      int e = 0;
      while (p < text.size() && is_digit(text[p])) {
        if (e > max_exponent_written)
          return fail(text, pos, "the exponent is out of range", "write the number plainly, e.g. 0.05");
        e = e * 10 + (text[p] - '0');
        ++p;
      }
      if (e > max_exponent_written)
        return fail(text, pos, "the exponent is out of range", "write the number plainly, e.g. 0.05");
      exponent = negative ? -e : e;
      pos = p;
    }
  }
  return Number{Exact(digits) * pow10(exponent - scale), pos};
}

// Nothing when the number is within the bounds a dose can have, else where and why not.
Expected<void, QuantityError> check_magnitude(std::string_view text, std::size_t at, const Exact& v,
                                              std::string_view unit) {
  if (v > largest_number())
    return fail(text, at, fmt::format("the number is too large (more than 1e6 {})", unit),
                "check the decimal point and the unit");
  if (v != 0 && v < smallest_number())
    return fail(text, at, fmt::format("the number is too small (less than 1e-6 {})", unit),
                "use a smaller unit, e.g. mcg for mg");
  return {};
}

std::size_t skip_spaces(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

struct UnitValue {
  Dimension dimension;
  Exact per_unit;  // one of the unit, in base units
  std::string printed;
};

// "mg/mL", "mg/5 mL", "% w/v", "mcL", ... starting at byte `at` of `text`.
Expected<UnitValue, QuantityError> read_unit(std::string_view text, std::size_t at) {
  const std::string_view unit = trim(text.substr(at));
  if (unit.empty()) return fail(text, at, "a quantity needs a unit", "write e.g. \"0.05 mL\"");
  if (unit.front() == '%') {
    const std::string_view kind = trim(unit.substr(1));
    if (kind == "w/v") return UnitValue{Dimension::strength, Exact(10), "% w/v"};
    return unexpected(unit_error(text, at, unit));
  }
  const std::size_t slash = unit.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view mass_text = trim(unit.substr(0, slash));
    const UnitDef* mass = find_unit(mass_text);
    if (mass != nullptr && mass->dimension != Dimension::mass)
      return fail(text, at, fmt::format("\"{}\" before the slash is not a mass", mass_text),
                  "a strength is a mass per volume: write e.g. mg/mL");
    if (mass == nullptr) {
      if (mass_text == "%" || mass_text.empty()) return unexpected(unit_error(text, at, unit));
      return unexpected(unit_error(text, at, mass_text));
    }
    // the denominator may carry its own number: "mg/5 mL"
    const std::size_t den_at = skip_spaces(text, static_cast<std::size_t>(unit.data() - text.data()) + slash + 1);
    Exact per_volume = 1;
    std::size_t vol_at = den_at;
    if (den_at < text.size() && (is_digit(text[den_at]) || text[den_at] == '.' || text[den_at] == '-')) {
      auto n = read_number(text, den_at);
      if (!n) return unexpected(n.error());
      if (n->value == 0) return fail(text, den_at, "a strength cannot be per zero volume", "write e.g. mg/5 mL");
      if (auto ok = check_magnitude(text, den_at, n->value, "mL"); !ok) return unexpected(std::move(ok).error());
      per_volume = n->value;
      vol_at = skip_spaces(text, n->end);
    }
    const std::string_view vol_text = trim(text.substr(vol_at));
    const UnitDef* volume = find_unit(vol_text);
    if (volume != nullptr && volume->dimension != Dimension::volume)
      return fail(text, vol_at, fmt::format("\"{}\" after the slash is not a volume", vol_text),
                  "a strength is a mass per volume: write e.g. mg/mL");
    if (volume == nullptr) return unexpected(unit_error(text, vol_at, vol_text));
    const Exact mass_mg = Exact(mass->num) / mass->den;
    const Exact volume_ml = Exact(volume->num) / volume->den * per_volume;
    std::string printed =
        per_volume == 1 && vol_text == unit.substr(slash + 1)
            ? fmt::format("{}/{}", mass->printed, volume->printed)
            : fmt::format("{}/{} {}", mass->printed, trim(text.substr(den_at, vol_at - den_at)), volume->printed);
    return UnitValue{Dimension::strength, mass_mg / volume_ml, std::move(printed)};
  }
  const UnitDef* u = find_unit(unit);
  if (u == nullptr) return unexpected(unit_error(text, at, unit));
  return UnitValue{u->dimension, Exact(u->num) / u->den, std::string(u->printed)};
}

// The units a quantity of this kind may be written in, for the hint of an unknown one.
const char* accepted_units(Dimension d) {
  switch (d) {
    case Dimension::mass:
      return "accepted: g, mg, mcg";
    case Dimension::volume:
      return "accepted: L, mL, mcL (or uL)";
    case Dimension::strength:
      return "accepted: mg/mL, mcg/mL, g/L, mg/5 mL, % w/v, 1:1000";
    case Dimension::length:
      return "accepted: mm, cm";
    case Dimension::duration:
      return "accepted: min, h, d, week";
  }
  return "";
}

template <class Q>
Expected<Q, QuantityError> parse_typed(std::string_view text, Dimension want, Zero zero, const char* example) {
  auto parsed = parse_quantity(text);
  if (!parsed) {
    QuantityError e = std::move(parsed).error();
    if (e.message.rfind("unknown unit", 0) == 0 && e.hint.rfind("accepted:", 0) == 0) e.hint = accepted_units(want);
    return unexpected(std::move(e));
  }
  const Dimension got = dimension_of(parsed->value);
  if (got != want)
    return fail(text, 0,
                fmt::format("expected {}, but \"{}\" is {}", dimension_name(want), trim(text), dimension_name(got)),
                fmt::format("write e.g. \"{}\"", example));
  const Q q = std::get<Q>(parsed->value);
  if (zero == Zero::refused && q.value() == 0)
    return fail(text, 0, fmt::format("{} must be more than zero", dimension_name(want)),
                fmt::format("write e.g. \"{}\"", example));
  return q;
}

}  // namespace

Dimension dimension_of(const AnyQuantity& q) { return static_cast<Dimension>(q.index()); }

const char* dimension_name(Dimension d) {
  // in Dimension's order, which is also AnyQuantity's
  static constexpr const char* names[] = {"a mass", "a volume", "a strength", "a length", "a duration"};
  return names[static_cast<std::size_t>(d)];
}

Expected<ParsedQuantity, QuantityError> parse_quantity(std::string_view text) {
  std::size_t pos = skip_spaces(text, 0);
  if (pos == text.size()) return fail(text, 0, "empty quantity", "write a number and a unit, e.g. \"0.05 mL\"");
  auto first = read_number(text, pos);
  if (!first) return unexpected(std::move(first).error());
  const std::size_t number_at = pos;
  pos = skip_spaces(text, first->end);

  // ratio strength "1:1000": 1 g in 1000 mL
  if (pos < text.size() && text[pos] == ':') {
    const std::size_t second_at = skip_spaces(text, pos + 1);
    auto second = read_number(text, second_at);
    if (!second) return unexpected(std::move(second).error());
    if (skip_spaces(text, second->end) != text.size())
      return fail(text, second->end, "a ratio strength ends after its second number",
                  "write e.g. \"1:1000\" (1 g in 1000 mL)");
    if (second->value == 0) return fail(text, second_at, "a ratio cannot be per zero", "write e.g. \"1:1000\"");
    if (auto ok = check_magnitude(text, number_at, first->value, "g"); !ok) return unexpected(std::move(ok).error());
    if (auto ok = check_magnitude(text, second_at, second->value, "mL"); !ok) return unexpected(std::move(ok).error());
    return ParsedQuantity{Strength::from_value(first->value * 1000 / second->value), "1:N"};
  }
  auto unit = read_unit(text, pos);
  if (!unit) return unexpected(std::move(unit).error());
  if (auto ok = check_magnitude(text, number_at, first->value, unit->printed); !ok)
    return unexpected(std::move(ok).error());
  const std::string printed = unit->dimension == Dimension::duration ? std::string(trim(text)) : unit->printed;
  return ParsedQuantity{make_quantity(unit->dimension, first->value * unit->per_unit), printed};
}

Expected<ParsedQuantity, QuantityError> parse_unit(std::string_view unit) {
  const std::string_view u = trim(unit);
  if (!u.empty() && (is_digit(u.front()) || u.front() == '.'))
    return fail(unit, 0, "a unit, not a quantity, is wanted here", "write e.g. mg/mL");
  auto v = read_unit(unit, 0);
  if (!v) return unexpected(std::move(v).error());
  return ParsedQuantity{make_quantity(v->dimension, v->per_unit), v->printed};
}

Expected<Exact, QuantityError> parse_number(std::string_view text) {
  const std::size_t start = skip_spaces(text, 0);
  auto n = read_number(text, start);
  if (!n) return unexpected(std::move(n).error());
  std::size_t end = skip_spaces(text, n->end);
  if (end < text.size() && text[end] == '%') end = skip_spaces(text, end + 1);
  if (end != text.size()) return fail(text, end, "a plain number is wanted here", "write e.g. 10");
  if (auto ok = check_magnitude(text, start, n->value, ""); !ok) return unexpected(std::move(ok).error());
  return n->value;
}

Expected<Mass, QuantityError> parse_mass(std::string_view text, Zero zero) {
  return parse_typed<Mass>(text, Dimension::mass, zero, "1 mg");
}
Expected<Volume, QuantityError> parse_volume(std::string_view text, Zero zero) {
  return parse_typed<Volume>(text, Dimension::volume, zero, "0.05 mL");
}
Expected<Strength, QuantityError> parse_strength(std::string_view text, Zero zero) {
  return parse_typed<Strength>(text, Dimension::strength, zero, "5 mg/mL");
}
Expected<Length, QuantityError> parse_length(std::string_view text, Zero zero) {
  return parse_typed<Length>(text, Dimension::length, zero, "2 mm");
}
Expected<Duration, QuantityError> parse_duration(std::string_view text, Zero zero) {
  return parse_typed<Duration>(text, Dimension::duration, zero, "1 week");
}

Expected<Mass, QuantityError> parse_mass_per_kg(std::string_view text, Zero zero) {
  const std::size_t slash = text.rfind('/');
  if (slash == std::string_view::npos || trim(text.substr(slash + 1)) != "kg")
    return fail(text, slash == std::string_view::npos ? text.size() : slash,
                "a per-kg limit is a mass per kilogram of body weight", "write e.g. \"4.5 mg/kg\"");
  return parse_typed<Mass>(text.substr(0, slash), Dimension::mass, zero, "4.5 mg/kg");
}

Expected<Mass, QuantityError> parse_body_weight(std::string_view text, Zero zero) {
  const std::size_t start = skip_spaces(text, 0);
  if (start == text.size()) return fail(text, 0, "empty weight", "write the weight in kg, e.g. \"72 kg\"");
  auto n = read_number(text, start);
  if (!n) return unexpected(std::move(n).error());
  const std::size_t unit_at = skip_spaces(text, n->end);
  const std::string_view unit = trim(text.substr(unit_at));
  if (unit != "kg")
    return fail(text, unit_at,
                unit.empty() ? std::string("a weight needs its unit")
                             : fmt::format("a weight is written in kg, not \"{}\"", unit),
                fmt::format("write \"{} kg\"", trim(text.substr(start, n->end - start))));
  if (zero == Zero::refused && n->value == 0)
    return fail(text, start, "a weight must be more than zero", "write e.g. \"72 kg\"");
  if (n->value < Exact(1, 2) || n->value > 500)
    return fail(text, start, "a weight outside 0.5 to 500 kg is a slip", "check the number and the unit (kg)");
  return grams(n->value * 1000);
}

}  // namespace mesomix
