#include "mesomix/format.hpp"

#include "i18n/tr.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace mesomix {
namespace {

constexpr int sheet_figures = 3;
constexpr int exact_cut_figures = 12;
constexpr int longest_exact_decimals = 24;

// value = digits x 10^exponent
struct Decimal {
  BigInt digits;
  int exponent = 0;
  bool cut = false;  // more digits follow
};

// The e with 10^e <= x < 10^(e+1), for x > 0; the double only guesses, exact compares decide.
int order_of_magnitude(const Exact& x) {
  int e = static_cast<int>(std::floor(std::log10(to_double(x))));
  while (pow10(e) > x) --e;
  while (pow10(e + 1) <= x) ++e;
  return e;
}

BigInt round_half_up(const Exact& x) {
  const BigInt num = numerator(x);
  const BigInt den = denominator(x);
  return (2 * num + den) / (2 * den);  // x >= 0
}

BigInt truncate(const Exact& x) { return numerator(x) / denominator(x); }

Decimal significant(const Exact& x, int figures, bool rounded) {
  if (x == 0) return {0, 0, false};
  const int shift = figures - 1 - order_of_magnitude(x);
  const Exact scaled = x * pow10(shift);
  BigInt digits = rounded ? round_half_up(scaled) : truncate(scaled);
  int exponent = -shift;
  if (digits == boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(figures))) {
    digits /= 10;
    exponent += 1;
  }
  return {digits, exponent, !rounded && Exact(digits) != scaled};
}

// Decimal places a terminating x needs, or -1 when its decimals never end.
int terminating_places(const Exact& x) {
  BigInt den = denominator(x);
  int twos = 0;
  int fives = 0;
  while (den % 2 == 0) {
    den /= 2;
    ++twos;
  }
  while (den % 5 == 0) {
    den /= 5;
    ++fives;
  }
  return den == 1 ? std::max(twos, fives) : -1;
}

Decimal exact_decimal(const Exact& x) {
  const int places = terminating_places(x);
  if (places < 0 || places > longest_exact_decimals) return significant(x, exact_cut_figures, false);
  return {numerator(x * pow10(places)), -places, false};
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
  std::string digits = d.digits.str();
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
  return p == Precision::sheet ? significant(x, sheet_figures, true) : exact_decimal(x);
}

// mg (or mg/mL) unless the value as printed is below 1, then mcg (or mcg/mL).
std::string with_milli_or_micro(const Exact& in_milli, Precision p, const char* milli, const char* micro) {
  const Decimal d = to_decimal(in_milli, p);
  const bool below_one = d.digits != 0 && Exact(d.digits) * pow10(d.exponent) < 1;
  if (!below_one) return fmt::format("{} {}", to_text(d), milli);
  return fmt::format("{} {}", to_text(to_decimal(in_milli * 1000, p)), micro);
}

// The unit of a column of figures given in milli (mg, mg/mL).
MassUnit unit_for(const std::vector<Exact>& in_milli, Precision p) {
  bool any_below_one = false;
  Exact largest = 0;
  for (const auto& x : in_milli) {
    const Decimal d = to_decimal(x, p);
    if (d.digits != 0 && Exact(d.digits) * pow10(d.exponent) < 1) any_below_one = true;
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
