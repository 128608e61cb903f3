#include "render/json_line.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

namespace mesomix::detail {

void JsonLine::separate() {
  if (!out_.empty() && out_.back() != '{' && out_.back() != '[' && out_.back() != ':') out_ += ',';
}

void JsonLine::key(std::string_view k) {
  value(k);
  out_ += ':';
}

namespace {

// Whether any of the 8 bytes in `w` is one a JSON string may not hold as it is here: a quote, a
// backslash, a control character, or a byte beyond ASCII (which nlohmann's escaping checks).
// Eight bytes at once (the classic "has a zero byte" tests): text is nearly all plain.
bool needs_care(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  auto has_zero = [&](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
  const bool control = ((w - ones * 0x20) & ~w & highs) != 0;  // a byte below 0x20
  return control || (w & highs) != 0 || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\'));
}

// The first position from `i` that needs care, or s.size().
std::size_t plain_until(std::string_view s, std::size_t i) {
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    if (needs_care(w)) break;
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
  }
  return i;
}

}  // namespace

void JsonLine::value(std::string_view s) {
  separate();
  const std::size_t opened = out_.size();
  out_ += '"';
  // plain runs are copied whole; only a quote, a backslash or a control character is escaped
  std::size_t run = 0;
  for (std::size_t i = plain_until(s, 0); i < s.size(); i = plain_until(s, i + 1)) {
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
