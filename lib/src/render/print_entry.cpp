// The printing module's entry point: the one symbol mesomix looks up in mesomix_print.so.
#include "render/print_module.hpp"

extern "C" __attribute__((visibility("default"))) const mesomix::detail::PrintApi* mesomix_print_api() {
  static const mesomix::detail::PrintApi api{mesomix::detail::print_api_version, &mesomix::render_pdf_impl,
                                             &mesomix::detail::code128};
  return &api;
}
