// A printed sheet as plain data (title, fields, sections of lines, tables and lists), so
// that each output format is one renderer over it and no renderer knows about doses.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mesomix {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned in text
};

enum class SectionRole {
  body,
  read_first,  // what must be read before anything else (docs/safety.md): first on every sheet
};

struct Section {
  std::string title;
  std::vector<std::string> lines;
  std::vector<Table> tables;
  std::vector<std::pair<std::string, std::vector<std::string>>> lists;  // a heading and its items
  SectionRole role = SectionRole::body;
};

struct Sheet {
  std::string title;
  std::vector<std::pair<std::string, std::string>> fields;  // label, value
  std::vector<Section> sections;
  std::string page_header;  // printed at the top of every page where pages exist (html)
};

std::string render_text(const Sheet& sheet);
std::string render_markdown(const Sheet& sheet);
// One self-contained page (inline CSS, no scripts, nothing fetched) that prints on A4.
std::string render_html(const Sheet& sheet);

}  // namespace mesomix
