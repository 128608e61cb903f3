// The markdown writer: a sheet as CommonMark.
#include <fmt/format.h>

#include "mesomix/sheet.hpp"

#include <algorithm>

#include "mesomix/names.hpp"

namespace mesomix {
namespace {

// Text as text: whatever a title, a product or a name holds, it never becomes a heading, a
// list, a link, emphasis, code or raw HTML (docs/safety.md, "Text fields are text").
std::string escape(const std::string& s, bool line_start = true) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool at_start = line_start && i == 0;
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '&':
      case '!':
        out += '\\';
        break;
      case '#':
      case '+':
      case '-':
      case '=':
        if (at_start) out += '\\';
        break;
      case '.':
      case ')':
        // "1. " or "1) " at the start would open an ordered list
        if (line_start && i > 0 && (i + 1 == s.size() || s[i + 1] == ' ') &&
            std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(i),
                        [](char d) { return d >= '0' && d <= '9'; }))
          out += '\\';
        break;
      default:
        break;
    }
    out += c;
  }
  return out;
}

std::string escape_markdown_cell(const std::string& s) { return escape(s, false); }

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

void section_blocks(const Section& s, const SheetWords& words, std::vector<std::string>& blocks) {
  blocks.push_back("## " + escape(s.title));
  std::string lines;
  for (const auto& l : s.lines) lines += "- " + escape(l) + "\n";
  if (!lines.empty()) blocks.push_back(lines.substr(0, lines.size() - 1));
  for (const auto& t : s.tables) {
    const std::string table = markdown_table(t);
    blocks.push_back(table.substr(0, table.size() - 1));
  }
  for (const auto& [heading, items] : s.lists) {
    blocks.push_back("**" + escape(heading) + "**");
    std::string list;
    for (const auto& item : items) list += "- " + escape(item) + "\n";
    blocks.push_back(list.substr(0, list.size() - 1));
  }
  const std::string blank = "____________________";
  for (const auto& sig : s.signatures)
    blocks.push_back(fmt::format("**{}**  \n{}{} {}  \n{}{} {}  \n{}{} {}", escape(sig.meaning), escape(words.name),
                                 words.colon, sig.name.empty() ? blank : escape(sig.name), escape(words.date_time),
                                 words.colon, sig.date_time.empty() ? blank : escape(sig.date_time),
                                 escape(words.signature), words.colon, blank));
}

}  // namespace

// Blocks separated by one blank line, as CommonMark wants them; the read-first section
// comes before everything else.
std::string render_markdown(const Sheet& sheet) {
  std::vector<std::string> blocks{"# " + escape(sheet.title)};
  for (const auto& label : sheet.labels) {
    std::string quote = "> **" + escape(label.heading) + "**  \n";
    for (const auto& l : label.lines) quote += "> " + escape(l) + "  \n";
    if (!label.barcode.empty())
      quote += "> " + escape(sheet.words.barcode) + sheet.words.colon + " " + escape(label.barcode) + "\n";
    blocks.push_back(quote.substr(0, quote.size() - 1));
  }
  for (const auto& s : sheet.sections)
    if (s.role == SectionRole::read_first) section_blocks(s, sheet.words, blocks);
  std::string fields;
  for (const auto& [label, value] : sheet.fields)
    fields += "- **" + escape(label) + sheet.words.colon + "** " + escape(value) + "\n";
  if (!fields.empty()) blocks.push_back(fields.substr(0, fields.size() - 1));
  for (const auto& s : sheet.sections)
    if (s.role != SectionRole::read_first) section_blocks(s, sheet.words, blocks);
  std::string out;
  for (const auto& b : blocks) out += (out.empty() ? "" : "\n") + b + "\n";
  return printable(without_marks(out));
}

}  // namespace mesomix
