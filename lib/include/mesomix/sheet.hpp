// The page model: a printed sheet as plain data (title, fields, sections of lines, tables,
// lists and signature boxes, a read-first box, a running header, labels), so that each output
// format is one renderer over it and no renderer knows about doses. Renderers lay out; they
// never compute: every figure, every unit and every word arrives here already chosen.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mesomix {

// A value that must never break across lines: a lot, a date, a number and its unit. Sheet
// builders wrap such a value with keep_together(); text, markdown and json print it as it is,
// html as a no-wrap span, pdf as one unbreakable run. The marks are two control characters
// (SO, SI) that no sheet prints: were one ever to come from an input's text, it would only
// keep words together and be dropped from the output.
inline constexpr char keep_open = '\x0e';
inline constexpr char keep_close = '\x0f';
std::string keep_together(std::string_view value);
std::string without_marks(std::string_view text);  // the text a reader sees

// A piece of marked text: unbreakable when it came from keep_together().
struct TextRun {
  std::string text;
  bool unbreakable = false;
};
std::vector<TextRun> text_runs(std::string_view text);

struct Table {
  std::vector<std::string> header;  // a column of figures names its one unit here: "Per session (mg)"
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned, and never broken inside a cell
};

// A box to sign: who, when, and what the signature means (21 CFR 11.50 asks for all three).
struct Signature {
  std::string meaning;    // "Prepared by", "Verified by"
  std::string name;       // printed name; empty leaves a line to write on
  std::string date_time;  // empty leaves a line to write on
};

enum class SectionRole {
  body,
  read_first,  // what must be read before anything else (docs/safety.md): a framed box at the top of page 1
};

struct Section {
  std::string title;
  std::vector<std::string> lines;
  std::vector<Table> tables;
  std::vector<std::pair<std::string, std::vector<std::string>>> lists;  // a heading and its items
  SectionRole role = SectionRole::body;
  std::vector<Signature> signatures{};  // printed as boxes, side by side
};

// Printed at the top of every page where pages exist (html, pdf), with "Page n of m".
struct RunningHeader {
  std::string protocol;  // "hair-classic-5 version 1.0.0"
  std::string lot{};     // the preparation lot, where there is one
};

// One label of label stock: what one unit-dose syringe carries (preparation.md).
struct Label {
  std::string heading;             // first, in bold
  std::vector<std::string> lines;  // in order
  std::string barcode;             // the data of its Code 128 symbol, printed under it
};

// The few words a renderer prints itself, in the sheet's language: chosen with the sheet
// (detail::sheet_words), so that a renderer never translates.
struct SheetWords {
  std::string language = "en";  // html's lang attribute
  std::string name = "Name";
  std::string date_time = "Date and time";
  std::string signature = "Signature";
  std::string meaning = "Meaning";
  std::string barcode = "Barcode (Code 128)";
  std::string lot = "Lot";
  std::string page = "Page";  // "Page 1 of 2"
  std::string of = "of";
  std::string colon = ":";  // after a label: French sets a narrow no-break space before it
};

struct Sheet {
  std::string title;
  std::vector<std::pair<std::string, std::string>> fields;  // label, value
  std::vector<Section> sections;
  RunningHeader header{};
  std::vector<Label> labels{};  // a label sheet: one label per page of label stock
  std::string issued{};         // ISO date-time the printout's metadata carries (inputs, never the clock)
  SheetWords words{};
};

std::string render_text(const Sheet& sheet);
std::string render_markdown(const Sheet& sheet);

// Paper for sheets, label stock for labels (in tenths of a millimetre: layout, not a quantity
// of the preparation).
enum class Paper { a4, letter };
struct LabelStock {
  int width_tenth_mm = 1000;  // 100 x 50 mm by default (cli-contract.md)
  int height_tenth_mm = 500;
};
struct PageSetup {
  Paper paper = Paper::a4;
  LabelStock label{};
};
const char* to_string(Paper paper);  // "a4", "letter"

// One self-contained page (inline CSS, no scripts, nothing fetched) that prints on the paper.
std::string render_html(const Sheet& sheet, const PageSetup& page = {});

// A PDF made here (Cairo and Pango; DejaVu fonts embedded): the same bytes for the same sheet.
std::string render_pdf(const Sheet& sheet, const PageSetup& page = {});

}  // namespace mesomix
