#include "mesomix/sheet.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace mesomix {
namespace {

// Display width in code points: sheets hold "×" and "…", which take one column each.
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
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

std::string escape_markdown_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

std::string markdown_table(const Table& t) {
  std::string out = "|";
  for (const auto& h : t.header) out += fmt::format(" {} |", escape_markdown_cell(h));
  out += "\n|";
  for (std::size_t c = 0; c < t.header.size(); ++c) out += c < t.numeric.size() && t.numeric[c] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (std::size_t c = 0; c < t.header.size(); ++c)
      out += fmt::format(" {} |", escape_markdown_cell(c < row.size() ? row[c] : std::string()));
    out += "\n";
  }
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

// Blocks separated by one blank line, as CommonMark wants them.
std::string render_markdown(const Sheet& sheet) {
  std::vector<std::string> blocks{"# " + sheet.title};
  std::string fields;
  for (const auto& [label, value] : sheet.fields) fields += "- **" + label + ":** " + value + "\n";
  if (!fields.empty()) blocks.push_back(fields.substr(0, fields.size() - 1));
  for (const auto& s : sheet.sections) {
    blocks.push_back("## " + s.title);
    std::string lines;
    for (const auto& l : s.lines) lines += "- " + l + "\n";
    if (!lines.empty()) blocks.push_back(lines.substr(0, lines.size() - 1));
    for (const auto& t : s.tables) {
      const std::string table = markdown_table(t);
      blocks.push_back(table.substr(0, table.size() - 1));
    }
    for (const auto& [heading, items] : s.lists) {
      blocks.push_back("**" + heading + "**");
      std::string list;
      for (const auto& item : items) list += "- " + item + "\n";
      blocks.push_back(list.substr(0, list.size() - 1));
    }
  }
  std::string out;
  for (const auto& b : blocks) out += (out.empty() ? "" : "\n") + b + "\n";
  return out;
}

}  // namespace mesomix
