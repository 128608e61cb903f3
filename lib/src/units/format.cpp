#include "mesomix/format.hpp"

#include "i18n/tr.hpp"
#include "units/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace mesomix {
namespace {

constexpr int sheet_figures = 3;
constexpr int exact_cut_figures = 12;
constexpr int longest_exact_decimals = 24;

using detail::Decimal;

Decimal exact_decimal(const Exact& x) {
  auto d = detail::terminating(x, longest_exact_decimals);
  if (!d) return detail::significant(x, exact_cut_figures, false);  // never ends, or too long
  return std::move(*d);
}

// cli-contract.md: English "1,000.5"; French and Spanish "1 000,5" with a narrow no-break
// space (U+202F), which never breaks a number across lines.
bool english() { return output_language() == Language::en; }

std::string group_thousands(const std::string& integer) {
  std::string out;
  const std::size_t n = integer.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += english() ? "," : "\u202f";
    out += integer[i];
  }
  return out;
}

std::string to_text(const Decimal& d) {
  std::string digits = d.digits;
  std::string integer;
  std::string fraction;
  if (d.exponent >= 0) {
    integer = digits + std::string(static_cast<std::size_t>(d.exponent), '0');
  } else {
    const auto places = static_cast<std::size_t>(-d.exponent);
    if (digits.size() <= places) digits.insert(0, places - digits.size() + 1, '0');
    integer = digits.substr(0, digits.size() - places);
    fraction = digits.substr(digits.size() - places);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  }
  std::string out = group_thousands(integer);
  if (!fraction.empty()) out += (english() ? "." : ",") + fraction;
  if (d.cut) out += "\u2026";
  return out;
}

Decimal to_decimal(const Exact& x, Precision p) {
  return p == Precision::sheet ? detail::significant(x, sheet_figures, true) : exact_decimal(x);
}

// mg (or mg/mL) unless the value as printed is below 1, then mcg (or mcg/mL).
std::string with_milli_or_micro(const Exact& in_milli, Precision p, const char* milli, const char* micro) {
  const Decimal d = to_decimal(in_milli, p);
  if (!detail::below_one(d)) return fmt::format("{} {}", to_text(d), milli);
  return fmt::format("{} {}", to_text(to_decimal(in_milli * 1000, p)), micro);
}

// The unit of a column of figures given in milli (mg, mg/mL).
MassUnit unit_for(const std::vector<Exact>& in_milli, Precision p) {
  bool any_below_one = false;
  Exact largest = 0;
  for (const auto& x : in_milli) {
    const Decimal d = to_decimal(x, p);
    if (detail::below_one(d)) any_below_one = true;
    largest = std::max(largest, x);
  }
  return any_below_one && largest < 10 ? MassUnit::mcg : MassUnit::mg;
}

}  // namespace

const char* percent_space() { return output_language() == Language::fr ? "\u202f" : " "; }

std::string format_number(const Exact& x, Precision p) {
  if (x < 0) return "-" + to_text(to_decimal(-x, p));
  return to_text(to_decimal(x, p));
}

std::string format_mass(const Mass& m, Precision p) { return with_milli_or_micro(in_mg(m), p, "mg", "mcg"); }

std::string format_volume(const Volume& v, Precision p) { return fmt::format("{} mL", format_number(in_ml(v), p)); }

std::string format_strength(const Strength& s, Precision p) {
  return with_milli_or_micro(in_mg_per_ml(s), p, "mg/mL", "mcg/mL");
}

std::string format_percent(const Strength& s, Precision p) {
  // w/v is m/v in French, p/v in Spanish
  return fmt::format("{}{}% {}", format_number(in_percent_w_v(s), p), percent_space(), tr("w/v"));
}

MassUnit column_unit(const std::vector<Mass>& column, Precision p) {
  std::vector<Exact> milli;
  for (const auto& m : column) milli.push_back(in_mg(m));
  return unit_for(milli, p);
}

MassUnit column_unit(const std::vector<Strength>& column, Precision p) {
  std::vector<Exact> milli;
  for (const auto& s : column) milli.push_back(in_mg_per_ml(s));
  return unit_for(milli, p);
}

std::string format_mass(const Mass& m, MassUnit unit, Precision p) {
  return unit == MassUnit::mg ? fmt::format("{} mg", format_number(in_mg(m), p))
                              : fmt::format("{} mcg", format_number(in_mg(m) * 1000, p));
}

std::string format_strength(const Strength& s, MassUnit unit, Precision p) {
  return unit == MassUnit::mg ? fmt::format("{} mg/mL", format_number(in_mg_per_ml(s), p))
                              : fmt::format("{} mcg/mL", format_number(in_mg_per_ml(s) * 1000, p));
}

std::string format_length(const Length& l, Precision p) { return fmt::format("{} mm", format_number(in_mm(l), p)); }

}  // namespace mesomix
