// A sheet as one self-contained HTML page for printing on A4 or Letter (labels on label
// stock): inline CSS, no scripts, nothing fetched, system fonts only.
#include <fmt/format.h>

#include "mesomix/sheet.hpp"
#include "render/barcode.hpp"

#include "mesomix/names.hpp"

namespace mesomix {
namespace {

// Escapes text for html; a value kept together becomes a no-wrap span.
std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case keep_open:
        out += "<span class=\"nb\">";
        break;
      case keep_close:
        out += "</span>";
        break;
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
@page { margin: 15mm 12mm 18mm 12mm;
        @bottom-right { font-size: 8pt; } }
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
.nb { white-space: nowrap; }
header.running { display: flex; justify-content: space-between; font-size: 8pt; border-bottom: 0.5pt solid #000;
                 margin-bottom: 3mm; }
section.read-first { border: 1.8pt solid #000; background: #f2f2f2; padding: 2mm 3mm; margin: 0 0 4mm 0; }
section.read-first h2 { margin-top: 0; }
div.signatures { display: flex; flex-wrap: wrap; gap: 4mm; }
div.signature { border: 1pt solid #000; padding: 2mm; width: 85mm; break-inside: avoid; }
div.signature p.sign { border-top: 0.6pt solid #000; margin-top: 11mm; font-size: 7.5pt; }
div.label { border: 0.5pt dashed #888; padding: 3mm; overflow: hidden; break-after: page; page-break-after: always;
            font-size: 7.5pt; line-height: 1.2; display: flex; flex-direction: column; }
div.label p { margin: 0; }
div.label p.heading { font-weight: bold; font-size: 8pt; }
div.label svg { margin-top: auto; }
div.label p.code { text-align: center; font-size: 6.5pt; }
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
    if (c == '\n' || c == '<' || c == keep_open || c == keep_close) continue;
    out += c;
  }
  return out;
}

std::string section_html(const Section& s) {
  std::string out = fmt::format("<section{}>\n<h2>{}</h2>\n",
                                s.role == SectionRole::read_first ? " class=\"read-first\"" : "", escape(s.title));
  for (const auto& l : s.lines) out += fmt::format("<p>{}</p>\n", escape(l));
  for (const auto& t : s.tables) out += table_html(t);
  for (const auto& [heading, items] : s.lists) {
    out += fmt::format("<h3>{}</h3>\n<ul>\n", escape(heading));
    for (const auto& item : items) out += fmt::format("<li>{}</li>\n", escape(item));
    out += "</ul>\n";
  }
  if (!s.signatures.empty()) {
    out += "<div class=\"signatures\">\n";
    const std::string blank = "____________________";
    for (const auto& sig : s.signatures)
      out += fmt::format(
          "<div class=\"signature\"><p><b>{}</b></p><p>Name: {}</p><p>Date and time: {}</p><p>Meaning: {}</p>"
          "<p class=\"sign\">Signature</p></div>\n",
          escape(sig.meaning), escape(sig.name.empty() ? blank : sig.name),
          escape(sig.date_time.empty() ? blank : sig.date_time), escape(sig.meaning));
    out += "</div>\n";
  }
  return out + "</section>\n";
}

std::string label_html(const Label& label, const LabelStock& stock) {
  std::string out = fmt::format(
      "<div class=\"label\" style=\"width: {}mm; height: {}mm\">\n<p class=\"heading\">{}</p>\n",
      detail::millimetres(stock.width_tenth_mm), detail::millimetres(stock.height_tenth_mm), escape(label.heading));
  for (const auto& l : label.lines) out += fmt::format("<p>{}</p>\n", escape(l));
  if (!label.barcode.empty())
    out += detail::code128_svg(label.barcode, escape(label.barcode)) +
           fmt::format("\n<p class=\"code\">{}</p>\n", escape(label.barcode));
  return out + "</div>\n";
}

}  // namespace

std::string render_html(const Sheet& sheet, const PageSetup& page) {
  std::string page_style = style;
  if (sheet.labels.empty())
    page_style += fmt::format("@page {{ size: {}; }}\n", page.paper == Paper::letter ? "letter" : "A4");
  else
    page_style +=
        fmt::format("@page {{ size: {}mm {}mm; margin: 0; }}\nbody {{ margin: 0; }}\n",
                    detail::millimetres(page.label.width_tenth_mm), detail::millimetres(page.label.height_tenth_mm));
  // "Page 1 of 2" in the sheet's words
  page_style += fmt::format("@page {{ @bottom-right {{ content: \"{} \" counter(page) \" {} \" counter(pages); }} }}\n",
                            css_string(sheet.words.page), css_string(sheet.words.of));
  std::string running = sheet.header.protocol;
  if (!sheet.header.lot.empty())
    running += (running.empty() ? "" : " \u00b7 ") + sheet.words.lot + " " + sheet.header.lot;
  if (!running.empty())
    page_style += fmt::format("@page {{ @top-left {{ content: \"{}\"; font-size: 8pt; }} }}\n", css_string(running));
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
      escape(sheet.words.language), escape(sheet.title), page_style);
  if (!sheet.labels.empty()) {
    for (const auto& label : sheet.labels) out += label_html(label, page.label);
    return out + "</body>\n</html>\n";
  }
  if (!running.empty())
    out +=
        fmt::format("<header class=\"running\"><span>{}</span></header>\n",
                    escape(sheet.header.protocol +
                           (sheet.header.lot.empty() ? std::string()
                                                     : (sheet.header.protocol.empty() ? "" : " \u00b7 ") +
                                                           sheet.words.lot + " " + keep_together(sheet.header.lot))));
  out += fmt::format("<h1>{}</h1>\n", escape(sheet.title));
  for (const auto& s : sheet.sections)
    if (s.role == SectionRole::read_first) out += section_html(s);
  if (!sheet.fields.empty()) {
    out += "<dl class=\"fields\">\n";
    for (const auto& [label, value] : sheet.fields)
      out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value));
    out += "</dl>\n";
  }
  for (const auto& s : sheet.sections)
    if (s.role != SectionRole::read_first) out += section_html(s);
  return printable(out + "</body>\n</html>\n");
}

}  // namespace mesomix
