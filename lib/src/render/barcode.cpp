// Code 128 through zint: part of the printing module (print_module.hpp), never of the core.
#include "render/barcode.hpp"

#include <zint.h>

#include <memory>

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

}  // namespace mesomix::detail
