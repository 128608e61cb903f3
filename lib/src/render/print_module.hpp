// The printing module: the PDF writer (Cairo, Pango) and the barcode encoder (zint) are built
// as a module of their own, mesomix_print.so, opened by the first command that prints a PDF or
// a barcode. The commands that do not (dose as text, check, mix, the log...) start without
// loading Cairo, Pango, zint and the forty libraries they bring (docs/performance.md).
#pragma once

#include <string>
#include <vector>

#include "mesomix/sheet.hpp"
#include "render/barcode.hpp"

namespace mesomix {

// In the module: the PDF of a sheet (to_pdf.cpp).
std::string render_pdf_impl(const Sheet& sheet, const PageSetup& page);

namespace detail {

// What the module offers, checked by version so that a module from another build is refused.
inline constexpr int print_api_version = 1;
struct PrintApi {
  int version;
  std::string (*render_pdf)(const Sheet&, const PageSetup&);
  Barcode (*code128)(const std::string&);
};

// The module, opened once. Throws std::runtime_error naming where it looked when it cannot be
// opened (a broken install): the command then ends with exit 4 and nothing printed.
const PrintApi& print_api();

// The module at the first of `paths` that is one of this build's: nothing there, a file that
// does not open, or a library without this version's entry point are passed over, and each is
// said in `why` ("; PATH: what went wrong", for print_api's message).
struct OpenedModule {
  const PrintApi* api = nullptr;
  std::string why;
};
OpenedModule open_print_module(const std::vector<std::string>& paths);

}  // namespace detail
}  // namespace mesomix

// The module's one exported symbol.
extern "C" const mesomix::detail::PrintApi* mesomix_print_api();
