// The markdown writer: a sheet as CommonMark.
#include <fmt/format.h>

#include "mesomix/sheet.hpp"

namespace mesomix {
namespace {

std::string escape_markdown_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
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
