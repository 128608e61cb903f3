// The one formatter for printed quantities, after the ISMP rules of docs/command-line.md:
// a leading zero always, never a trailing zero, mcg (never µg) below 1 mg, mL (never cc),
// thousands separated. Sheets show three significant figures; the record's audit steps show
// every digit, and a value whose decimals never end is cut with "…" rather than rounded.
#pragma once

#include <string>

#include "mesomix/units.hpp"

namespace mesomix {

enum class Precision {
  sheet,  // three significant figures, rounded half away from zero
  exact,  // every digit of a terminating decimal; 12 true digits and "…" otherwise
};

std::string format_number(const Exact& x, Precision p);

std::string format_mass(const Mass& m, Precision p = Precision::sheet);          // "83.3 mcg", "1,000 mg"
std::string format_volume(const Volume& v, Precision p = Precision::sheet);      // "0.05 mL"
std::string format_strength(const Strength& s, Precision p = Precision::sheet);  // "5 mg/mL", "100 mcg/mL"
std::string format_percent(const Strength& s, Precision p = Precision::sheet);   // "0.5 % w/v"
std::string format_length(const Length& l, Precision p = Precision::sheet);      // "2 mm"

}  // namespace mesomix
