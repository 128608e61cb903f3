#include "render/barcode.hpp"

#include <zint.h>

#include <memory>

#include <fmt/format.h>

namespace mesomix::detail {

Barcode code128(const std::string& data) {
  Barcode out;
  if (data.empty()) return out;
  for (char c : data)
    if (c < 0x20 || c > 0x7e) return out;
  std::unique_ptr<zint_symbol, void (*)(zint_symbol*)> symbol(ZBarcode_Create(), ZBarcode_Delete);
  if (!symbol) return out;
  symbol->symbology = BARCODE_CODE128;
  symbol->input_mode = DATA_MODE;
  symbol->show_hrt = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (ZBarcode_Encode(symbol.get(), bytes, static_cast<int>(data.size())) >= ZINT_ERROR) return out;
  if (ZBarcode_Buffer_Vector(symbol.get(), 0) >= ZINT_ERROR || !symbol->vector || symbol->vector->width <= 0)
    return out;
  // the vector is drawn at zint's scale; the symbol's width in modules sets ours
  const double per_module = static_cast<double>(symbol->vector->width) / symbol->width;
  for (const zint_vector_rect* r = symbol->vector->rectangles; r; r = r->next)
    out.bars.push_back({static_cast<double>(r->x) / per_module, static_cast<double>(r->width) / per_module});
  out.width = symbol->width;
  return out;
}

std::string code128_svg(const std::string& data, const std::string& label) {
  const Barcode code = code128(data);
  if (code.bars.empty()) return {};
  const double q = quiet_zone_modules;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} 30\" width=\"100%\" height=\"9mm\" "
      "preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"{}\">",
      code.width + 2 * q, label);
  for (const auto& bar : code.bars)
    out += fmt::format("<rect x=\"{}\" y=\"0\" width=\"{}\" height=\"30\"/>", bar.x + q, bar.width);
  return out + "</svg>";
}

std::string millimetres(int tenths) {
  return tenths % 10 == 0 ? fmt::format("{}", tenths / 10) : fmt::format("{}.{}", tenths / 10, tenths % 10);
}

}  // namespace mesomix::detail
