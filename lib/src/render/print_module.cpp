// The core's side of the printing module (print_module.hpp): where it is looked for, and the
// PDF and barcode functions the renderers call, forwarded to it.
#include "render/print_module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace mesomix {
namespace detail {
namespace {

// Beside an installed mesomix first (bin/../lib/mesomix, wherever the prefix is), then the
// build tree's, then the installed prefix's (for a program that links libmesomix).
std::vector<std::string> candidates() {
  std::vector<std::string> out;
  char exe[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    out.push_back((std::filesystem::path(exe).parent_path() / MESOMIX_PRINT_MODULE_FROM_BINDIR / "mesomix_print.so")
                      .lexically_normal()
                      .string());
  }
  out.emplace_back(MESOMIX_PRINT_MODULE_BUILT);
  out.emplace_back(MESOMIX_PRINT_MODULE_INSTALLED);
  return out;
}

}  // namespace

OpenedModule open_print_module(const std::vector<std::string>& paths) {
  OpenedModule out;
  for (const std::string& path : paths) {
    if (!std::filesystem::exists(path)) {
      out.why += fmt::format("; {}: not there", path);
      continue;
    }
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* error = ::dlerror();
      out.why += fmt::format("; {}: {}", path, error != nullptr ? error : "cannot be opened");
      continue;
    }
    using Entry = const PrintApi* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "mesomix_print_api"));
    const PrintApi* api = entry != nullptr ? entry() : nullptr;
    if (api != nullptr && api->version == print_api_version) {
      out.api = api;
      return out;
    }
    out.why += fmt::format("; {}: not this mesomix's module", path);
  }
  return out;
}

const PrintApi& print_api() {
  static const OpenedModule opened = open_print_module(candidates());
  if (opened.api == nullptr)
    throw std::runtime_error("the PDF and barcode module (mesomix_print.so) cannot be loaded" + opened.why +
                             "; hint: reinstall mesomix (cmake --install) or rebuild it");
  return *opened.api;
}

std::string code128_svg(const std::string& data, const std::string& label) {
  const Barcode code = print_api().code128(data);
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

}  // namespace detail

std::string render_pdf(const Sheet& sheet, const PageSetup& page) {
  return detail::print_api().render_pdf(sheet, page);
}

}  // namespace mesomix
