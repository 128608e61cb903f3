// The unit grammar of docs/protocol-format.md ("Quantities"): a string with a number and a
// unit becomes a typed quantity, or an error that says where in the string and what to write.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "mesomix/expected.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

using AnyQuantity = std::variant<Mass, Volume, Strength, Length, Duration>;

enum class Dimension { mass, volume, strength, length, duration };

struct ParsedQuantity {
  AnyQuantity value;
  std::string unit;  // the unit as mesomix prints it: "mcg" for "µg", "mcL" for "µL"
};

struct QuantityError {
  std::size_t column = 1;  // 1-based, in code points, within the quantity's text
  std::string message;
  std::string hint;
};

enum class Zero { refused, allowed };

Dimension dimension_of(const AnyQuantity& q);
const char* dimension_name(Dimension d);  // "a mass", "a volume", ...

Expected<ParsedQuantity, QuantityError> parse_quantity(std::string_view text);

// A unit alone ("mg/mL", "% w/v", "mcL"), as the quantity one of it is.
Expected<ParsedQuantity, QuantityError> parse_unit(std::string_view unit);

// A plain number, such as a percentage of overage ("10", "12.5", "10 %").
Expected<Exact, QuantityError> parse_number(std::string_view text);

Expected<Mass, QuantityError> parse_mass(std::string_view text, Zero zero = Zero::refused);
Expected<Volume, QuantityError> parse_volume(std::string_view text, Zero zero = Zero::refused);
Expected<Strength, QuantityError> parse_strength(std::string_view text, Zero zero = Zero::refused);
Expected<Length, QuantityError> parse_length(std::string_view text, Zero zero = Zero::refused);
Expected<Duration, QuantityError> parse_duration(std::string_view text, Zero zero = Zero::refused);

// A dose per kilogram of body weight, "4.5 mg/kg": the Mass allowed for each kilogram.
Expected<Mass, QuantityError> parse_mass_per_kg(std::string_view text, Zero zero = Zero::refused);
// A patient's weight, "72 kg" (the only place kg is accepted), from 0.5 to 500 kg.
Expected<Mass, QuantityError> parse_body_weight(std::string_view text, Zero zero = Zero::refused);

}  // namespace mesomix
