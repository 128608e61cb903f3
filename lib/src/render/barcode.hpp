// A Code 128 symbol as bars, in modules, for the pdf and html writers to draw at any size.
#pragma once

#include <string>
#include <vector>

namespace mesomix::detail {

struct Bar {
  double x = 0;  // from the left edge of the symbol, in modules
  double width = 0;
};

struct Barcode {
  std::vector<Bar> bars;
  double width = 0;  // in modules, quiet zones excluded (the writers leave 10 modules each side)
};

constexpr double quiet_zone_modules = 10;

// Encoded by zint; empty bars when the data cannot be encoded (not printable ASCII).
Barcode code128(const std::string& data);

// The same symbol as inline SVG bars (quiet zones included), 9 mm high; empty when it cannot
// be encoded. `label` is the accessible name, already escaped for html.
std::string code128_svg(const std::string& data, const std::string& label);

// Tenths of a millimetre as the number of millimetres html writes: 1016 -> "101.6".
std::string millimetres(int tenths);

}  // namespace mesomix::detail
