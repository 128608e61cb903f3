// The page model's own helpers: marking values that never break, and the paper's names.
#include "mesomix/sheet.hpp"

namespace mesomix {

std::string keep_together(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += keep_open;
  out += value;
  out += keep_close;
  return out;
}

std::string without_marks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (c != keep_open && c != keep_close) out += c;
  return out;
}

std::vector<TextRun> text_runs(std::string_view text) {
  std::vector<TextRun> runs;
  TextRun current;
  auto flush = [&](bool next_unbreakable) {
    if (!current.text.empty()) runs.push_back(current);
    current = TextRun{{}, next_unbreakable};
  };
  for (char c : text) {
    if (c == keep_open)
      flush(true);
    else if (c == keep_close)
      flush(false);
    else
      current.text += c;
  }
  flush(false);
  return runs;
}

const char* to_string(Paper paper) { return paper == Paper::letter ? "letter" : "a4"; }

}  // namespace mesomix
