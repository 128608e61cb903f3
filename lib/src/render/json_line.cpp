#include "render/json_line.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

#include "io/json_scan.hpp"

namespace mesomix::detail {

void JsonLine::separate() {
  if (!out_.empty() && out_.back() != '{' && out_.back() != '[' && out_.back() != ':') out_ += ',';
}

void JsonLine::key(std::string_view k) {
  value(k);
  out_ += ':';
}

void JsonLine::value(std::string_view s) {
  separate();
  const std::size_t opened = out_.size();
  out_ += '"';
  // plain runs are copied whole (found eight bytes at a time, io/json_scan.hpp); only a quote,
  // a backslash or a control character is escaped
  std::size_t run = 0;
  for (std::size_t i = json_plain_until(s, 0); i < s.size(); i = json_plain_until(s, i + 1)) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // beyond ASCII, nlohmann's own escaping, which also refuses text that is not UTF-8
      out_.resize(opened);
      out_ += nlohmann::json(std::string(s)).dump();
      return;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default: {
        constexpr const char* hex = "0123456789abcdef";
        out_ += "\\u00";
        out_ += hex[(c >> 4) & 0xF];
        out_ += hex[c & 0xF];
      }
    }
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

void JsonLine::value(double x) {
  separate();
  if (!std::isfinite(x)) {
    out_ += "null";
    return;
  }
  std::array<char, 64> buffer{};
  const char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  out_.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

void JsonLine::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
}

void JsonLine::null() {
  separate();
  out_ += "null";
}

}  // namespace mesomix::detail
