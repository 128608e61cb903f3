// Printouts as a pharmacy files them: every PDF read back with poppler (pdfinfo, pdftotext,
// pdffonts), every label's barcode decoded with zbarimg from the page rendered by pdftoppm,
// identical bytes on two runs, record --verify on a PDF, a golden PNG of the first page of
// each shipped sheet (docs/printouts.md shows them), and the printing module refused where a
// broken install leaves something else.
#include <dlfcn.h>
#include <link.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "mesomix/commands.hpp"
#include "mesomix/sheet.hpp"
#include "render/print_module.hpp"
#include "support.hpp"

using namespace mesomix;
namespace fs = std::filesystem;
using test_support::run_mesomix;
using test_support::shell_quote;

namespace {

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
const std::string example_batch =
    (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();

bool have_poppler() { return test_support::have_program("pdftotext") && test_support::have_program("pdffonts"); }

// What poppler reads back from a PDF file.
struct ReadBack {
  std::string info;   // pdfinfo
  std::string text;   // pdftotext, reading order
  std::string fonts;  // pdffonts
  int pages = 0;
};

std::string capture(const std::string& command) {
  test_support::TempDir dir;
  const auto out = dir.path() / "out";
  if (std::system((command + " > " + shell_quote(out.string()) + " 2>/dev/null").c_str()) != 0) return "(failed)";
  return test_support::read_file(out);
}

ReadBack read_back(const fs::path& pdf) {
  ReadBack r;
  const std::string q = shell_quote(pdf.string());
  r.info = capture("pdfinfo " + q);
  r.text = capture("pdftotext " + q + " -");
  r.fonts = capture("pdffonts " + q);
  std::smatch m;
  if (std::regex_search(r.info, m, std::regex("Pages:\\s+(\\d+)"))) r.pages = std::stoi(m[1]);
  return r;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every font pdffonts lists is embedded: the "emb" column says yes on each row.
void check_fonts_embedded(const std::string& fonts) {
  INFO(fonts);
  int rows = 0;
  std::istringstream in(fonts);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);  // the header and its rule
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++rows;
    CHECK_THAT(line, Catch::Contains("DejaVuSans"));
    CHECK(std::regex_search(line, std::regex("\\s+yes\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$")));
  }
  CHECK(rows >= 1);
}

fs::path write(const test_support::TempDir& dir, const std::string& name, const std::string& bytes) {
  test_support::write_file(dir.path() / name, bytes);
  return dir.path() / name;
}

}  // namespace

TEST_CASE("dose, mix and record print as PDF on A4 by default and on Letter when asked", "[pdf]") {
  if (!have_poppler()) {
    WARN("skipped: poppler-utils is not installed (scripts/test installs it)");
    return;
  }
  test_support::TempDir dir;
  const std::vector<std::vector<std::string>> commands{
      {"dose", classic, "--format", "pdf"},
      {"mix", classic, "--format", "pdf"},
      {"record", classic, "--batch", example_batch, "--format", "pdf"}};
  for (const auto& args : commands) {
    INFO(args[0]);
    const auto a4 = run_mesomix(args);
    REQUIRE(a4.exit_code == 0);
    CHECK(a4.out.rfind("%PDF-", 0) == 0);
    const ReadBack r = read_back(write(dir, args[0] + ".pdf", a4.out));
    CHECK_THAT(r.info, Catch::Contains("595.276 x 841.89 pts (A4)"));
    CHECK(r.pages >= 1);
    check_fonts_embedded(r.fonts);
    // every page carries the protocol and "Page n of m"
    CHECK(count(r.text, "hair-classic-5 version 1.0.0") >= r.pages);
    CHECK_THAT(r.text, Catch::Contains(fmt::format("Page {} of {}", r.pages, r.pages)));

    auto letter_args = args;
    letter_args.insert(letter_args.end(), {"--paper", "letter"});
    const auto letter = run_mesomix(letter_args);
    REQUIRE(letter.exit_code == 0);
    CHECK_THAT(read_back(write(dir, args[0] + "-letter.pdf", letter.out)).info,
               Catch::Contains("612 x 792 pts (letter)"));
  }
  const auto bad = run_mesomix({"dose", classic, "--format", "pdf", "--paper", "a5"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
}

TEST_CASE("the same inputs give the same PDF bytes", "[pdf]") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"dose", classic, "--format", "pdf"},
                                             {"mix", classic, "--format", "pdf"},
                                             {"record", classic, "--batch", example_batch, "--format", "pdf"},
                                             {"label", classic, "--batch", example_batch, "--format", "pdf"}}) {
    INFO(args[0]);
    const auto first = run_mesomix(args);
    const auto second = run_mesomix(args);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.size() > 1000);
    CHECK(first.out == second.out);
  }
}

TEST_CASE("the record's PDF: every page names the lot, the figures read back, and --verify matches it",
          "[pdf][record]") {
  test_support::TempDir dir;
  const auto pdf = dir.path() / "rec.pdf";
  const auto written = run_mesomix({"record", classic, "--batch", example_batch, "-o", pdf.string()});
  REQUIRE(written.exit_code == 0);
  REQUIRE(fs::exists(pdf));
  const auto verified = run_mesomix({"record", classic, "--batch", example_batch, "--verify", pdf.string()});
  CHECK(verified.exit_code == 0);
  CHECK(verified.out == pdf.string() + ": matches\n");
  // one changed byte is found
  std::string bytes = test_support::read_file(pdf);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
  const auto edited = write(dir, "edited.pdf", bytes);
  const auto differs = run_mesomix({"record", classic, "--batch", example_batch, "--verify", edited.string()});
  CHECK(differs.exit_code == 1);
  CHECK(differs.out.empty());
  CHECK_THAT(differs.err, Catch::Contains("differs from the record these inputs give, at byte"));

  if (!have_poppler()) return;
  const ReadBack r = read_back(pdf);
  REQUIRE(r.pages >= 2);
  CHECK(count(r.text, "Lot MM-2026-0042") >= r.pages);
  for (const char* part :
       {"Compounding record: lot MM-2026-0042", "Calculation steps (exact)", "Signatures", "Prepared by", "Verified by",
        "Name: A. Okafor", "Date and time: 2026-11-24T10:30:00", "MX-A1234", "2027-03-31", "Organic silicium"})
    CHECK_THAT(r.text, Catch::Contains(part));
}

TEST_CASE("the clinical sheets name actives by their clinical names, never by catalog ids", "[pdf]") {
  if (!have_poppler()) return;
  test_support::TempDir dir;
  for (const char* command : {"dose", "mix"}) {
    INFO(command);
    const auto out = run_mesomix({command, classic, "--format", "pdf"});
    REQUIRE(out.exit_code == 0);
    const ReadBack r = read_back(write(dir, std::string(command) + ".pdf", out.out));
    CHECK_THAT(r.text, Catch::Contains("Organic silicium"));
    CHECK_THAT(r.text, !Catch::Contains("organic-silicium"));
  }
}

TEST_CASE("the read-first box prints before the fields and the figures", "[pdf]") {
  Sheet sheet{"Dose sheet: T", {{"Protocol", "p version 1"}}, {}, {"p version 1"}};
  sheet.sections.push_back(
      {"Actives", {}, {Table{{"Active", "Per session"}, {{"Minoxidil", "5 mg"}}, {false, true}}}, {}});
  Section first{"Read first: 2 warnings", {"Finasteride: not for women who are or may become pregnant."}, {}, {}};
  first.role = SectionRole::read_first;
  sheet.sections.push_back(first);
  const std::string text = render_text(sheet);
  CHECK(text.find("Read first") < text.find("Protocol:"));
  CHECK(text.find("Read first") < text.find("Minoxidil"));
  if (!have_poppler()) return;
  test_support::TempDir dir;
  const ReadBack r = read_back(write(dir, "s.pdf", render_pdf(sheet)));
  const auto box = r.text.find("Read first: 2 warnings");
  REQUIRE(box != std::string::npos);
  CHECK(box < r.text.find("Protocol"));
  CHECK(box < r.text.find("5 mg"));
  // the html keeps the same order and frames the box
  const std::string html = render_html(sheet);
  CHECK(html.find("class=\"read-first\"") < html.find("<dl class=\"fields\">"));
}

TEST_CASE("a lot, a date or a number with its unit never breaks across lines in the PDF", "[pdf]") {
  if (!have_poppler()) return;
  // the value falls at every position of a line's end in turn: where it may break, some line
  // breaks it (a hyphen before a letter is a break opportunity, UAX #14)
  const std::string lot = "MX-AB-CD1234";
  auto sheet_with = [&](bool keep) {
    Sheet sheet{"Breaks", {}, {}, {}};
    Section s{"Lines", {}, {}, {}};
    for (int i = 0; i < 60; ++i) {
      std::string words;
      for (int w = 0; w < 30 + i; ++w) words += "w ";
      const std::string value = keep ? keep_together(lot) : lot;
      s.lines.push_back(words + value + " and " + (keep ? keep_together("3.75 mg") : "3.75 mg") + " w");
    }
    sheet.sections.push_back(s);
    return sheet;
  };
  test_support::TempDir dir;
  const ReadBack kept = read_back(write(dir, "kept.pdf", render_pdf(sheet_with(true))));
  CHECK(count(kept.text, lot) == 60);
  CHECK(count(kept.text, "3.75 mg") == 60);
  CHECK(count(kept.text, "w\n") > 0);  // the lines did wrap
  // the control: unmarked, the same lines do break the lot somewhere
  const ReadBack loose = read_back(write(dir, "loose.pdf", render_pdf(sheet_with(false))));
  CHECK(count(loose.text, lot) < 60);
  // and the shipped record keeps each lot and expiry whole
  const auto record = run_mesomix({"record", classic, "--batch", example_batch, "--format", "pdf"});
  REQUIRE(record.exit_code == 0);
  const ReadBack r = read_back(write(dir, "rec.pdf", record.out));
  for (const char* value : {"MX-A1234", "FN-B2201", "BT-0917", "BF-3310", "SI-5521", "2027-03-31", "2026-12-31"})
    CHECK(count(r.text, value) >= 1);
  CHECK_THAT(r.text, !Catch::Contains("MM-\n"));
}

TEST_CASE("labels: one per syringe on 100 x 50 mm stock, each barcode decodes to the lot and session", "[pdf][label]") {
  test_support::TempDir dir;
  const auto pdf = dir.path() / "labels.pdf";
  const auto written = run_mesomix({"label", classic, "--batch", example_batch, "-o", pdf.string()});
  REQUIRE(written.exit_code == 0);
  REQUIRE(fs::exists(pdf));
  if (!have_poppler()) return;
  const ReadBack r = read_back(pdf);
  CHECK_THAT(r.info, Catch::Contains("283.465 x 141.732 pts"));
  CHECK(r.pages == 2);  // the example batch covers sessions 1 and 2
  check_fonts_embedded(r.fonts);
  // the strength in the syringe as prepared (the record's); the clinical name, never the catalog id
  for (const char* part : {"Minoxidil 5.05 mg/mL", "Organic silicium", "intradermal", "Single dose", "Use by (BUD)",
                           "2026-12-04 10:30", "Refrigerate at 2 to 8", "Lot: MM-2026-0042", "session 1 of 10",
                           "session 2 of 10", "Patient: not patient-specific"})
    CHECK_THAT(r.text, Catch::Contains(part));
  CHECK_THAT(r.text, !Catch::Contains("organic-silicium"));
  if (!test_support::have_program("zbarimg") || !test_support::have_program("pdftoppm")) {
    WARN("skipped: zbar-tools is not installed (scripts/test installs it)");
    return;
  }
  for (int page = 1; page <= r.pages; ++page) {
    INFO("label " << page);
    const auto png = dir.path() / fmt::format("label-{}", page);
    REQUIRE(std::system(fmt::format("pdftoppm -r 300 -gray -png -singlefile -f {} -l {} {} {}", page, page,
                                    shell_quote(pdf.string()), shell_quote(png.string()))
                            .c_str()) == 0);
    const std::string decoded = capture("zbarimg --quiet " + shell_quote(png.string() + ".png"));
    CHECK(decoded == fmt::format("CODE-128:MM-2026-0042/S{}\n", page));
  }
}

TEST_CASE("labels on other stock, as text and html, and the label command's errors", "[label]") {
  test_support::TempDir dir;
  const auto inch =
      run_mesomix({"label", classic, "--batch", example_batch, "--format", "pdf", "--label-size", "101.6x50.8"});
  REQUIRE(inch.exit_code == 0);
  if (have_poppler()) CHECK_THAT(read_back(write(dir, "inch.pdf", inch.out)).info, Catch::Contains("288 x 144 pts"));
  const auto text = run_mesomix({"label", classic, "--batch", example_batch});
  REQUIRE(text.exit_code == 0);
  CHECK(count(text.out, "Barcode (Code 128): MM-2026-0042/S") == 2);
  CHECK_THAT(text.out, Catch::Contains("Minoxidil 5.05 mg/mL"));
  const auto html = run_mesomix({"label", classic, "--batch", example_batch, "--format", "html"});
  REQUIRE(html.exit_code == 0);
  CHECK(count(html.out, "<div class=\"label\" style=\"width: 100mm; height: 50mm\">") == 2);
  CHECK(count(html.out, "<svg") == 2);
  for (const char* size : {"100", "100x", "10x50", "100x5000", "100.25x50", "axb", "100x50x2"}) {
    INFO(size);
    const auto bad = run_mesomix({"label", classic, "--batch", example_batch, "--label-size", size});
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Catch::Contains("--label-size"));
  }
  const auto json = run_mesomix({"label", classic, "--batch", example_batch, "--format", "json"});
  CHECK(json.exit_code == 2);
  // an override with nothing to override is refused, as by record
  const auto idle = run_mesomix({"label", classic, "--batch", example_batch, "--allow-over-limit", "a reason"});
  CHECK(idle.exit_code == 2);
  CHECK_THAT(idle.err, Catch::Contains("nothing to override"));
  const auto odd = run_mesomix({"label", classic, "--batch", example_batch, "-o", (dir.path() / "l.rec").string()});
  CHECK(odd.exit_code == 2);
  CHECK_FALSE(fs::exists(dir.path() / "l.rec"));
  // a batch whose stock has expired stops the labels as it stops the record
  std::string expired = test_support::read_file(example_batch);
  expired.replace(expired.find("2027-03-31"), 10, "2026-11-01");
  const auto stopped = run_mesomix({"label", classic, "--batch", write(dir, "expired.toml", expired).string()});
  CHECK(stopped.exit_code == 3);
  CHECK(stopped.out.empty());
}

TEST_CASE("one unit per column: a column of doses never mixes mcg and mg", "[render][units]") {
  const auto out = run_dose(classic, Format::text, {}, std::nullopt);
  REQUIRE(out.exit_code == 0);
  // in the actives table, each figure column holds one unit
  const auto at = out.out.find("Actives\n");
  REQUIRE(at != std::string::npos);
  std::istringstream table(out.out.substr(at));
  std::string line;
  std::vector<std::vector<std::string>> columns;
  bool rows = false;  // after the table's rule: the title, its rule and the header (wrapped or not) come first
  while (std::getline(table, line) && line.find("Limits in force") == std::string::npos) {
    if (!rows) {
      rows = line.rfind("  ----", 0) == 0;
      continue;
    }
    std::vector<std::string> units;
    std::istringstream words(line);
    for (std::string w; words >> w;)
      if (w == "mg" || w == "mcg" || w == "mg/mL" || w == "mcg/mL") units.push_back(w);
    columns.push_back(units);
  }
  REQUIRE(columns.size() >= 2);
  for (const auto& row : columns) {
    REQUIRE(row.size() == columns.front().size());
    CHECK(row == columns.front());
  }
}

TEST_CASE("golden first pages of the shipped sheets, as pdftoppm renders them", "[pdf][golden]") {
  if (!have_poppler() || !test_support::have_program("pdftoppm")) return;
  test_support::TempDir dir;
  const std::vector<std::pair<std::string, std::vector<std::string>>> sheets{
      {"dose", {"dose", classic, "--format", "pdf"}},
      {"worksheet", {"mix", classic, "--format", "pdf"}},
      {"record", {"record", classic, "--batch", example_batch, "--format", "pdf"}},
      {"label", {"label", classic, "--batch", example_batch, "--format", "pdf"}}};
  for (const auto& [name, args] : sheets) {
    INFO(name);
    const auto out = run_mesomix(args);
    REQUIRE(out.exit_code == 0);
    const auto pdf = write(dir, name + ".pdf", out.out);
    const auto png = dir.path() / name;
    const int dpi = name == "label" ? 100 : 60;
    REQUIRE(std::system(fmt::format("pdftoppm -r {} -gray -png -singlefile -f 1 -l 1 {} {}", dpi,
                                    shell_quote(pdf.string()), shell_quote(png.string()))
                            .c_str()) == 0);
    const std::string actual = test_support::read_file(png.string() + ".png");
    const auto golden = test_support::source_dir() / "docs/img" / (name + ".png");
    if (std::getenv("MESOMIX_UPDATE_GOLDEN") != nullptr) {
      test_support::write_file(golden, actual);
      continue;
    }
    INFO("golden " << golden.string() << " (MESOMIX_UPDATE_GOLDEN=1 rewrites it; look at it before committing)");
    REQUIRE(fs::exists(golden));
    CHECK(test_support::read_file(golden) == actual);
  }
}

// A broken install: the printing module missing, not a library, or another build's. Each
// place is passed over with what was wrong, so that print_api's message says where it looked.
TEST_CASE(
    "the printing module is refused where it is missing, not a library or not this build's, and each place "
    "is said",
    "[pdf][module]") {
  test_support::TempDir dir;
  const std::string missing = (dir.path() / "mesomix_print.so").string();
  const std::string not_a_library = dir.file("text.so", "not an ELF file\n").string();
  // a real shared library without mesomix's entry point: libm, where the loader finds it
  void* libm = ::dlopen("libm.so.6", RTLD_LAZY);
  REQUIRE(libm != nullptr);
  link_map* map = nullptr;
  REQUIRE(::dlinfo(libm, RTLD_DI_LINKMAP, &map) == 0);
  const std::string other_library = map->l_name;
  ::dlclose(libm);

  const detail::OpenedModule none = detail::open_print_module({missing, not_a_library, other_library});
  CHECK(none.api == nullptr);
  CHECK_THAT(none.why, Catch::Contains("; " + missing + ": not there"));
  CHECK_THAT(none.why, Catch::Contains("; " + not_a_library + ": "));
  CHECK_THAT(none.why, Catch::Contains("; " + other_library + ": not this mesomix's module"));

  // the module of this build, after the places that are not, is found
  const detail::OpenedModule found = detail::open_print_module({missing, other_library, MESOMIX_PRINT_MODULE_FILE});
  REQUIRE(found.api != nullptr);
  CHECK(found.api->version == detail::print_api_version);
  CHECK_THAT(found.why, Catch::Contains("not there") && Catch::Contains("not this mesomix's module"));
}
