// The text writer: a sheet as aligned columns for a terminal.
#include "mesomix/sheet.hpp"

#include "mesomix/names.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace mesomix {
namespace {

// Display width in code points: sheets hold "×" and "…", which take one column each; the
// keep-together marks take none.
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U && c != keep_open && c != keep_close;
  }));
}

std::string pad(const std::string& s, std::size_t w, bool right) {
  const std::size_t n = width(s);
  if (n >= w) return s;
  return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
}

// Text sheets fit a terminal or a printout of this many columns: longer text wraps.
constexpr std::size_t page_width = 100;
// A text column is narrowed below its longest word only if it must, first to this width.
constexpr std::size_t narrowest_column = 12;

// The first `n` code points of `s`, as bytes.
std::size_t bytes_of_first(const std::string& s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) {
      if (seen == n) break;
      ++seen;
    }
  }
  return i;
}

// The next space at or after `from` where a line may break: never inside a value kept
// together (a number and its unit, a lot), which sheet builders mark with keep_together().
// `kept` says whether `from` is inside one, and is left as it stands at the space found.
std::size_t next_break(const std::string& s, std::size_t from, bool& kept) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == keep_open) kept = true;
    if (s[i] == keep_close) kept = false;
    if (s[i] == ' ' && !kept) return i;
  }
  return std::string::npos;
}

// `s` in lines of at most `w` columns, broken at spaces outside kept values (a word longer
// than a line is cut). Runs of spaces inside a line are kept (sheets align with them); a break
// swallows one space.
std::vector<std::string> wrap(const std::string& s, std::size_t w) {
  std::vector<std::string> lines;
  std::string line;
  auto finish = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::exchange(line, std::string()));
  };
  std::size_t start = 0;
  bool kept = false;
  while (start <= s.size()) {
    std::size_t end = next_break(s, start, kept);
    if (end == std::string::npos) end = s.size();
    std::string word = s.substr(start, end - start);
    start = end + 1;
    if (line.empty() && word.empty()) {  // no spaces at the start of a line
      if (end == s.size()) break;
      continue;
    }
    while (width(word) > w) {  // cut what no line can hold
      if (!line.empty()) finish();
      const std::size_t cut = bytes_of_first(word, w);
      lines.push_back(word.substr(0, cut));
      word.erase(0, cut);
    }
    if (line.empty())
      line = std::move(word);
    else if (width(line) + 1 + width(word) <= w)
      line += " " + word;
    else {
      finish();
      line = std::move(word);
    }
    if (end == s.size()) break;
  }
  if (!line.empty() || lines.empty()) finish();
  return lines;
}

// A paragraph: the first line after `first`, the rest after `rest` (same width), within the page.
std::string paragraph(const std::string& text, const std::string& first, const std::string& rest) {
  if (width(first) + width(text) <= page_width) return first + text + "\n";  // as it is, spacing and all
  const std::size_t margin = std::max(width(first), width(rest));
  const std::size_t room = page_width > margin + 20 ? page_width - margin : 20;
  std::string out;
  bool first_line = true;
  for (const auto& l : wrap(text, room)) {
    out += (first_line ? first : rest) + l + "\n";
    first_line = false;
  }
  return out;
}

// The width of the longest word of `s`: what lies between two places a line may break.
std::size_t longest_word(const std::string& s) {
  std::size_t longest = 0;
  std::size_t start = 0;
  bool kept = false;
  while (start <= s.size()) {
    std::size_t end = next_break(s, start, kept);
    if (end == std::string::npos) end = s.size();
    longest = std::max(longest, width(s.substr(start, end - start)));
    start = end + 1;
  }
  return longest;
}

std::string text_table(const Table& t) {
  auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
  std::vector<std::size_t> widths(t.header.size(), 0);
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    // a numeric column is as wide as its numbers and its header's longest word (the header may wrap)
    widths[c] = numeric(c) ? longest_word(t.header[c]) : width(t.header[c]);
  }
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  // narrow the widest text column, one column at a time, until the table fits the page
  auto total = [&] {
    std::size_t sum = widths.size() + widths.size();  // a space either side of each column
    for (auto w : widths) sum += w;
    return sum;
  };
  // first never below a column's longest word, then words may be cut down to 12, then to 6
  std::vector<std::size_t> longest(widths.size(), 1);
  auto note_words = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c)
      longest[c] = std::max(longest[c], longest_word(cells[c]));
  };
  note_words(t.header);
  for (const auto& row : t.rows) note_words(row);
  for (const std::size_t pass : {std::size_t{0}, narrowest_column, std::size_t{6}}) {
    while (total() > page_width) {
      std::size_t widest = widths.size();
      for (std::size_t c = 0; c < widths.size(); ++c) {
        const std::size_t floor = pass == 0 ? longest[c] : pass;
        if (!numeric(c) && widths[c] > floor && (widest == widths.size() || widths[c] > widths[widest])) widest = c;
      }
      if (widest == widths.size()) break;  // nothing left to narrow in this pass: numbers never wrap
      --widths[widest];
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> wrapped(widths.size());
    std::size_t height = 1;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      wrapped[c] = width(cell) <= widths[c] ? std::vector<std::string>{cell} : wrap(cell, widths[c]);
      height = std::max(height, wrapped[c].size());
    }
    std::string out;
    for (std::size_t h = 0; h < height; ++h) {
      std::string physical = " ";
      for (std::size_t c = 0; c < widths.size(); ++c) {
        physical += ' ';
        physical += pad(h < wrapped[c].size() ? wrapped[c][h] : "", widths[c], numeric(c));
        if (c + 1 < widths.size()) physical += " ";
      }
      while (!physical.empty() && physical.back() == ' ') physical.pop_back();
      out += physical + "\n";
    }
    return out;
  };
  std::string out = line(t.header);
  std::vector<std::string> rule;
  for (auto w : widths) rule.emplace_back(w, '-');
  out += line(rule);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string section_text(const Section& s, const SheetWords& words) {
  std::string out;
  const bool boxed = s.role == SectionRole::read_first;
  out += "\n" + s.title + "\n" + std::string(width(s.title), boxed ? '=' : '-') + "\n";
  for (const auto& l : s.lines) {
    // a line's own indentation is kept on its continuation lines
    const std::size_t indent = std::min(l.find_first_not_of(' '), l.size());
    out += paragraph(l.substr(indent), "  " + l.substr(0, indent), std::string(indent + 4, ' '));
  }
  for (const auto& t : s.tables) {
    if (!s.lines.empty() || &t != &s.tables.front()) out += "\n";
    out += text_table(t);
  }
  for (const auto& [heading, items] : s.lists) {
    out += paragraph(heading + words.colon, "  ", "    ");
    for (const auto& item : items) out += paragraph(item, "    - ", "      ");
  }
  // each signature a box: what it means, who, when, and room to sign
  for (const auto& sig : s.signatures) {
    const std::string blank = "____________________";
    const std::string colon = words.colon + " ";
    const std::vector<std::string> rows{sig.meaning, words.name + colon + (sig.name.empty() ? blank : sig.name),
                                        words.date_time + colon + (sig.date_time.empty() ? blank : sig.date_time),
                                        words.signature + colon + blank};
    std::size_t w = 0;
    for (const auto& r : rows) w = std::max(w, width(r));
    const std::string rule = "  +" + std::string(w + 2, '-') + "+\n";
    out += rule;
    for (const auto& r : rows) out += "  | " + pad(r, w, false) + " |\n";
    out += rule;
  }
  return out;
}

std::string label_text(const Label& label, const SheetWords& words) {
  std::vector<std::string> rows{label.heading};
  rows.insert(rows.end(), label.lines.begin(), label.lines.end());
  if (!label.barcode.empty()) rows.push_back(words.barcode + words.colon + " " + label.barcode);
  std::size_t w = 0;
  for (const auto& r : rows) w = std::max(w, width(r));
  const std::string rule = "+" + std::string(w + 2, '-') + "+\n";
  std::string out = rule;
  for (const auto& r : rows) out += "| " + pad(r, w, false) + " |\n";
  return out + rule;
}

std::string render_marked_text(const Sheet& sheet) {
  std::string out = sheet.title + "\n" + std::string(width(sheet.title), '=') + "\n";
  for (const auto& label : sheet.labels) out += "\n" + label_text(label, sheet.words);
  for (const auto& s : sheet.sections)
    if (s.role == SectionRole::read_first) out += section_text(s, sheet.words) + "\n";
  std::size_t label_width = 0;
  const std::string& colon = sheet.words.colon;
  for (const auto& [label, value] : sheet.fields) label_width = std::max(label_width, width(label + colon));
  for (const auto& [label, value] : sheet.fields)
    out += paragraph(value, pad(label + colon, label_width, false) + " ", std::string(label_width + 1, ' '));
  for (const auto& s : sheet.sections)
    if (s.role != SectionRole::read_first) out += section_text(s, sheet.words);
  return out;
}

}  // namespace

// Marks are dropped last, so that widths are those a reader sees.
std::string render_text(const Sheet& sheet) { return printable(without_marks(render_marked_text(sheet))); }

}  // namespace mesomix
