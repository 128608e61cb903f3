// A sheet as one self-contained HTML page for printing on A4: inline CSS, no scripts,
// nothing fetched, system fonts only.
#include <fmt/format.h>

#include "mesomix/sheet.hpp"

#include "mesomix/names.hpp"

namespace mesomix {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* style = R"(
@page { size: A4; margin: 15mm 12mm 18mm 12mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.35;
       color: #000; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 4mm 0; border-bottom: 1.5pt solid #000; padding-bottom: 1.5mm; }
h2 { font-size: 11pt; margin: 5mm 0 2mm 0; break-after: avoid; page-break-after: avoid; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
p { margin: 0.8mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0; break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
h3 { font-size: 9.5pt; margin: 2mm 0 1mm 0; }
ul { margin: 0.5mm 0 1mm 0; padding-left: 5mm; }
li { margin: 0.3mm 0; break-inside: avoid; }
section { break-inside: avoid; }
section.read-first { border: 1.8pt solid #000; padding: 2mm 3mm; margin: 0 0 4mm 0; }
)";

std::string table_html(const Table& t) {
  std::string out = "<table>\n<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c)
    out +=
        fmt::format("<th{}>{}</th>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "", escape(t.header[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < t.header.size(); ++c)
      out += fmt::format("<td{}>{}</td>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "",
                         escape(c < row.size() ? row[c] : std::string()));
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// CSS strings take a backslash escape for quotes and backslashes.
std::string css_string(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '<') continue;
    out += c;
  }
  return out;
}

}  // namespace

std::string render_html(const Sheet& sheet) {
  std::string page_style = style;
  if (!sheet.page_header.empty())
    page_style +=
        fmt::format("@page {{ @top-right {{ content: \"{}\"; font-size: 8pt; }} }}\n", css_string(sheet.page_header));
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n"
      "<body>\n<h1>{}</h1>\n",
      escape(sheet.title), page_style, escape(sheet.title));
  auto section = [&](const Section& s) {
    out += s.role == SectionRole::read_first ? "<section class=\"read-first\">\n" : "<section>\n";
    out += fmt::format("<h2>{}</h2>\n", escape(s.title));
    for (const auto& l : s.lines) out += fmt::format("<p>{}</p>\n", escape(l));
    for (const auto& t : s.tables) out += table_html(t);
    for (const auto& [heading, items] : s.lists) {
      out += fmt::format("<h3>{}</h3>\n<ul>\n", escape(heading));
      for (const auto& item : items) out += fmt::format("<li>{}</li>\n", escape(item));
      out += "</ul>\n";
    }
    out += "</section>\n";
  };
  // what must be read first comes before anything else, the fields included
  for (const auto& s : sheet.sections)
    if (s.role == SectionRole::read_first) section(s);
  if (!sheet.fields.empty()) {
    out += "<dl class=\"fields\">\n";
    for (const auto& [label, value] : sheet.fields)
      out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value));
    out += "</dl>\n";
  }
  for (const auto& s : sheet.sections)
    if (s.role != SectionRole::read_first) section(s);
  return printable(out + "</body>\n</html>\n");
}

}  // namespace mesomix
