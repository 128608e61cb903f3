#include "mesomix/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace mesomix {

std::string to_string(const Diagnostic& d) {
  const char* severity = d.severity == Severity::error ? "error" : "warning";
  std::string out = d.pos.line > 0
                        ? fmt::format("{}:{}:{}: {}: {}", d.file, d.pos.line, d.pos.column, severity, d.message)
                        : fmt::format("{}: {}: {}", d.file, severity, d.message);
  if (!d.hint.empty()) out += fmt::format("; hint: {}", d.hint);
  return out;
}

bool has_errors(const Diagnostics& ds) {
  return std::any_of(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

void sort_by_position(Diagnostics& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.pos.line, a.pos.column) < std::tie(b.file, b.pos.line, b.pos.column);
  });
}

}  // namespace mesomix
