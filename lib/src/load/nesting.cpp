// How deeply a TOML text nests, found by a small scanner before toml++ parses it: toml++
// recurses once per dotted-key segment, header segment, array and inline table, so a few
// tens of kilobytes of `a.a.a...` overflow the stack. The scanner knows strings and comments
// (a dot or a bracket inside them does not nest) and nothing else of TOML: anything it does
// not understand is left for toml++ to report.
#include "load/nesting.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace mesomix::detail {

std::optional<SourcePos> too_deep(std::string_view text, int limit) {
  // Every level but a key's first segment takes a dot, bracket or brace of its own, so a text
  // with fewer of them than the limit cannot cross it: most files need no scan at all.
  std::size_t marks = 0;
  for (const char c : text) marks += static_cast<std::size_t>(c == '.' || c == '[' || c == '{');
  if (marks + 2 <= static_cast<std::size_t>(std::max(limit, 0))) return std::nullopt;
  enum class Mode { line_start, header, after_header, key, value };
  enum class Str { none, basic, literal, multi_basic, multi_literal };
  struct Frame {
    char kind;  // '[' an array, '{' an inline table
    int depth;  // the depth of the value it is
  };
  std::vector<Frame> open;  // never more than `limit` deep: crossing it ends the scan
  // depth: the length of the path to a value (a.b.c = 1 is 3; x = [[1]] is 3; x = {a = {b = 1}} is 3)
  Mode mode = Mode::line_start;
  Str str = Str::none;
  bool comment = false;
  int base = 0;      // the depth of the current [table] header
  int key_base = 0;  // the depth of the table a key is being read in
  int segments = 0;  // segments of the key or header so far
  int depth = 0;     // the depth of the value being read
  int line = 1;
  int column = 1;
  auto starts = [&](std::size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const SourcePos here{line, column};
    std::size_t skip = 0;  // further bytes this step consumed
    if (comment) {
      if (c == '\n') comment = false;
    } else if (str != Str::none) {
      switch (str) {
        case Str::basic:
          if (c == '\\')
            skip = 1;
          else if (c == '"' || c == '\n')
            str = Str::none;
          break;
        case Str::literal:
          if (c == '\'' || c == '\n') str = Str::none;
          break;
        case Str::multi_basic:
          if (c == '\\')
            skip = 1;
          else if (starts(i, "\"\"\"")) {
            str = Str::none;
            skip = 2;
          }
          break;
        case Str::multi_literal:
          if (starts(i, "'''")) {
            str = Str::none;
            skip = 2;
          }
          break;
        case Str::none:
          break;
      }
    } else if (c == '#') {
      comment = true;
    } else if (c == '"' || c == '\'') {
      const bool triple = starts(i, c == '"' ? "\"\"\"" : "'''");
      str = c == '"' ? (triple ? Str::multi_basic : Str::basic) : (triple ? Str::multi_literal : Str::literal);
      if (triple) skip = 2;
      if (mode == Mode::line_start) {  // a quoted key
        mode = Mode::key;
        key_base = base;
        segments = 1;
      }
    } else {
      switch (mode) {
        case Mode::line_start:
          if (c == '[') {
            mode = Mode::header;
            segments = 1;
            if (starts(i, "[[")) skip = 1;
          } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            mode = Mode::key;
            key_base = base;
            segments = 1;
          }
          break;
        case Mode::header:
          if (c == '.' && ++segments > limit) return here;
          if (c == ']') {
            base = segments;
            mode = Mode::after_header;
          }
          if (c == '\n') mode = Mode::line_start;  // a broken header: toml++ reports it
          break;
        case Mode::after_header:
          if (c == '\n') mode = Mode::line_start;
          break;
        case Mode::key:
          if (c == '.' && key_base + ++segments > limit) return here;
          if (c == '=') {
            mode = Mode::value;
            depth = key_base + segments;
            if (depth > limit) return here;
          } else if (c == '}' && !open.empty() && open.back().kind == '{') {  // {} or a trailing comma
            depth = open.back().depth;
            open.pop_back();
            mode = Mode::value;
          } else if (c == '\n' && open.empty()) {
            mode = Mode::line_start;  // a key without a value: toml++ reports it
          }
          break;
        case Mode::value:
          if (c == '[') {  // an array's elements are one level below it
            if (depth + 1 > limit) return here;
            open.push_back({c, depth});
            ++depth;
          } else if (c == '{') {  // an inline table's keys are levels below it, as dotted keys are
            open.push_back({c, depth});
            mode = Mode::key;
            key_base = depth;
            segments = 1;
          } else if ((c == ']' || c == '}') && !open.empty()) {
            depth = open.back().depth;
            open.pop_back();
          } else if (c == ',' && !open.empty()) {
            if (open.back().kind == '{') {
              mode = Mode::key;
              key_base = open.back().depth;
              segments = 1;
            } else {
              depth = open.back().depth + 1;
            }
          } else if (c == '\n' && open.empty()) {
            mode = Mode::line_start;
          }
          break;
      }
    }
    // advance the position over this byte and the ones the step consumed
    for (std::size_t k = 0; k <= skip && i < text.size(); ++k, ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      if (byte == '\n') {
        ++line;
        column = 1;
      } else if ((byte & 0xC0U) != 0x80U) {
        ++column;
      }
    }
    --i;
  }
  return std::nullopt;
}

}  // namespace mesomix::detail
