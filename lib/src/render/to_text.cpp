// The text writer: a sheet as aligned columns for a terminal.
#include "mesomix/sheet.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace mesomix {
namespace {

// Display width in code points: sheets hold "×" and "…", which take one column each.
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string pad(const std::string& s, std::size_t w, bool right) {
  const std::size_t n = width(s);
  if (n >= w) return s;
  return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
}

std::string text_table(const Table& t) {
  std::vector<std::size_t> widths(t.header.size(), 0);
  for (std::size_t c = 0; c < t.header.size(); ++c) widths[c] = width(t.header[c]);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = " ";
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const bool right = c < t.numeric.size() && t.numeric[c];
      out += ' ';
      out += pad(c < cells.size() ? cells[c] : "", widths[c], right);
      if (c + 1 < widths.size()) out += " ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(t.header);
  std::vector<std::string> rule;
  for (auto w : widths) rule.emplace_back(w, '-');
  out += line(rule);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

}  // namespace

std::string render_text(const Sheet& sheet) {
  std::string out = sheet.title + "\n" + std::string(width(sheet.title), '=') + "\n";
  std::size_t label_width = 0;
  for (const auto& [label, value] : sheet.fields) label_width = std::max(label_width, width(label));
  for (const auto& [label, value] : sheet.fields) out += pad(label + ":", label_width + 1, false) + " " + value + "\n";
  for (const auto& s : sheet.sections) {
    out += "\n" + s.title + "\n" + std::string(width(s.title), '-') + "\n";
    for (const auto& l : s.lines) out += "  " + l + "\n";
    for (const auto& t : s.tables) {
      if (!s.lines.empty() || &t != &s.tables.front()) out += "\n";
      out += text_table(t);
    }
    for (const auto& [heading, items] : s.lists) {
      out += "  " + heading + ":\n";
      for (const auto& item : items) out += "    - " + item + "\n";
    }
  }
  return out;
}

}  // namespace mesomix
