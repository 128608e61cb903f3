#include "mesomix/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "mesomix/names.hpp"

namespace mesomix {

const char* to_string(Severity s) {
  static constexpr const char* names[] = {"error", "warning", "safety stop"};  // in Severity's order
  return names[static_cast<std::size_t>(s)];
}

std::string to_string(const Diagnostic& d) {
  const char* severity = to_string(d.severity);
  std::string out = d.pos.line > 0
                        ? fmt::format("{}:{}:{}: {}: {}", d.file, d.pos.line, d.pos.column, severity, d.message)
                        : fmt::format("{}: {}: {}", d.file, severity, d.message);
  if (!d.hint.empty()) out += fmt::format("; hint: {}", d.hint);
  // one line, and nothing an input smuggled in reaches the terminal (docs/safety.md)
  const std::string shown = printable(out);
  if (shown.find('\n') == std::string::npos) return shown;
  std::string line;
  line.reserve(shown.size() + 16);
  for (char c : shown) {
    if (c == '\n')
      line += "<U+000A>";
    else
      line += c;
  }
  return line;
}

std::string to_lines(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds) {
    out += to_string(d);
    out += '\n';
  }
  return out;
}

bool has_errors(const Diagnostics& ds) {
  return std::any_of(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

bool has_stops(const Diagnostics& ds) {
  return std::any_of(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::stop; });
}

void sort_by_position(Diagnostics& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.pos.line, a.pos.column) < std::tie(b.file, b.pos.line, b.pos.column);
  });
}

}  // namespace mesomix
