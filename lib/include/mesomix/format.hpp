// The one formatter for printed quantities, after the ISMP rules of docs/command-line.md:
// a leading zero always, never a trailing zero, mcg (never µg) below 1 mg, mL (never cc),
// thousands separated. Sheets show three significant figures; the record's audit steps show
// every digit, and a value whose decimals never end is cut with "…" rather than rounded.
#pragma once

#include <string>
#include <vector>

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
// The space between a number and "%": a narrow no-break space in French typography, else a space.
const char* percent_space();
std::string format_length(const Length& l, Precision p = Precision::sheet);  // "2 mm"

// A table's column prints every figure in one unit, so that "375 mcg" never stands above
// "3.75 mg": mcg when a figure of the column would print below 1 mg, unless the largest would
// then reach 10,000 mcg; mg otherwise (docs/decisions.md). The same for mg/mL and mcg/mL.
enum class MassUnit { mg, mcg };
MassUnit column_unit(const std::vector<Mass>& column, Precision p = Precision::sheet);
MassUnit column_unit(const std::vector<Strength>& column, Precision p = Precision::sheet);
std::string format_mass(const Mass& m, MassUnit unit, Precision p = Precision::sheet);          // "3,750 mcg"
std::string format_strength(const Strength& s, MassUnit unit, Precision p = Precision::sheet);  // "0.1 mg/mL"

}  // namespace mesomix
