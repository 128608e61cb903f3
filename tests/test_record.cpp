// The compounding record: every field present, each safety stop, exact calculation steps,
// determinism, the atomic write, verify on an untouched and an edited record, golden files.
#include <catch2/catch.hpp>

#include <cctype>

#include <filesystem>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mesomix/commands.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/record.hpp"
#include "mesomix/sha256.hpp"
#include "support.hpp"

using namespace mesomix;
using test_support::run_mesomix;

namespace {

const std::string protocol = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
const std::string example_batch =
    (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();

std::string example_text() { return test_support::read_file(example_batch); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) FAIL("no \"" << from << "\" in the text");
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the record holds every field a USP 797 compounding record asks for", "[record]") {
  const auto r = run_mesomix({"record", protocol, "--batch", example_batch});
  REQUIRE(r.exit_code == 0);
  for (const char* field : {
           "Preparation:        Classic five-active hair cocktail",                         // name
           "Strengths:          Minoxidil 5.05 mg/mL (0.505 % w/v)",                        // strength
           "Dosage form:        solution for intradermal injection",                        // dosage form
           "Lot:                MM-2026-0042",                                              // lot
           "Prepared:           2026-11-24T10:30:00",                                       // date and time, ISO 8601
           "Beyond-use date:    2026-12-04T10:30:00",                                       // BUD
           "BUD limit:          10 d from the start of preparation: USP <797> Category 2",  // with its basis
           "Conditions:         Category 2, refrigerated, sterile starting components only (batch file)",
           "BUD rules SHA-256: ",
           "Storage:            Refrigerate at 2 to 8 \xC2\xB0"
           "C",  // storage
           "Preparer:           A. Okafor",
           "Verifier:           J. Lindqvist",
           "Protocol:           hair-classic-5 version 1.0.0",  // protocol id and version
           "Calculated by:      mesomix ",                      // mesomix version
           "MX-A1234  2027-03-31",                              // lot, expiry
           "1.1 mL",                                            // quantity used
           "Total quantity: 4.36 mL (2 sessions)",              // total quantity
           "Calculation steps (exact)",                         // every calculation step
           "4. Scale: 4.2 mL / 8 mL (the protocol's batch) = 0.525",
           "13. Minoxidil strength: (20 mg/mL × 1.1 mL) / 4.36 mL = 5.04587155963\xE2\x80\xA6 mg/mL",
           "Minoxidil per injection: 5.04587155963\xE2\x80\xA6 mg/mL × 0.05 mL = ",
           "12. Left over: 4.36 mL − 2 × 2.1 mL = 0.16 mL",
           "Session 2 of 10, week 2, day 7",  // one unit-dose syringe per session
           "Use by (BUD): 2026-12-04 10:30",
           "Deviations: none beyond the rounding of the draws shown above",  // said even when none
           "Buflomedil: Buflomedil is suspended",                            // warnings, by the active's clinical name
           "Route: intradermal",                                             // label
           "Lot: MM-2026-0042   Beyond-use date: 2026-12-04T10:30:00",
           "| Prepared by ",  // signature boxes: meaning, name, date and time, a line to sign
           "| Name: A. Okafor ",
           "| Date and time: 2026-11-24T10:30:00 |",
           "| Verified by ",
           "| Name: J. Lindqvist ",
           "| Signature: ____________________ ",
       }) {
    INFO(field);
    CHECK_THAT(r.out, Catch::Contains(field));
  }
  // the hashes are those of the files' bytes
  CHECK_THAT(r.out, Catch::Contains("Protocol SHA-256:   " + sha256_hex(test_support::read_file(protocol))));
  CHECK_THAT(r.out, Catch::Contains("Batch file SHA-256: " + sha256_hex(example_text())));
}

TEST_CASE("the same inputs give the same bytes, in every format", "[record]") {
  for (const char* format : {"text", "markdown", "html"}) {
    INFO(format);
    const auto a = run_mesomix({"record", protocol, "--batch", example_batch, "--format", format});
    const auto b = run_mesomix({"record", protocol, "--batch", example_batch, "--format", format});
    REQUIRE(a.exit_code == 0);
    CHECK(a.out == b.out);
  }
}

TEST_CASE("golden records of the classic protocol in text, markdown and html", "[record][golden]") {
  for (auto [format, extension] :
       {std::pair{"text", ".record.txt"}, std::pair{"markdown", ".record.md"}, std::pair{"html", ".record.html"}}) {
    const auto r = run_mesomix({"record", protocol, "--batch", example_batch, "--format", format});
    REQUIRE(r.exit_code == 0);
    const auto golden = test_support::source_dir() / "tests/golden" / (std::string("hair-classic-5") + extension);
    if (std::getenv("MESOMIX_UPDATE_GOLDEN") != nullptr) {
      test_support::write_file(golden, r.out);
      continue;
    }
    INFO("golden file " << golden.string() << " (MESOMIX_UPDATE_GOLDEN=1 rewrites it)");
    CHECK(test_support::read_file(golden) == r.out);
  }
}

TEST_CASE("each safety stop exits 3 with nothing on stdout and nothing written", "[record]") {
  test_support::TempDir dir;
  const std::string text = example_text();
  const std::pair<std::string, std::string> cases[] = {
      // a component expired before the preparation
      {replaced(text, "expiry = 2026-12-31", "expiry = 2026-11-23"),
       "Biotin 1 mg/2 mL ampoule lot BT-0917 expired on 2026-11-23, before the preparation on 2026-11-24"},
      // a beyond-use date after a component's expiry
      {replaced(text, "bud = 2026-12-04T10:30:00", "bud = 2027-01-15T10:30:00"),
       "the beyond-use date 2027-01-15T10:30:00 is after the expiry of Biotin 1 mg/2 mL ampoule lot BT-0917 "
       "(2026-12-31)"},
      // a beyond-use date before the preparation
      {replaced(text, "bud = 2026-12-04T10:30:00", "bud = 2026-11-24T09:00:00"),
       "the beyond-use date 2026-11-24T09:00:00 is not after the preparation 2026-11-24T10:30:00"},
      // a beyond-use date past the limit in force (Category 2, refrigerated, sterile: 10 days)
      {replaced(text, "bud = 2026-12-04T10:30:00", "bud = 2026-12-04T11:30:00"),
       "the beyond-use date 2026-12-04T11:30:00 is 10 d 1 h after the preparation, past the limit of 10 d (USP <797> "
       "Category 2, aseptically processed, no sterility test, only sterile starting components, refrigerated); hint: "
       "set bud no later than 2026-12-04T10:30:00"},
      // a covered session after the BUD: session 3 is day 14
      {replaced(text, "sessions = 2", "sessions = 3"),
       "session 3 (day 14, about 2026-12-08) falls after the beyond-use date 2026-12-04T10:30:00"},
      // the default conditions when the batch file gives none: 24 h
      {replaced(text, "[compounding]\ncategory = 2", "[compounding]\ncategory = 1"),
       "the beyond-use date 2026-12-04T10:30:00 is 10 d after the preparation, past the limit of 24 h (USP <797> "
       "Category 1, refrigerated)"},
      // dates not of the present era
      {replaced(text, "prepared = 2026-11-24T10:30:00", "prepared = 1926-11-24T10:30:00"),
       "the preparation 1926-11-24T10:30:00 is not a date of the present era"},
      {replaced(text, "bud = 2026-12-04T10:30:00", "bud = 2126-12-04T10:30:00"),
       "the beyond-use date 2126-12-04T10:30:00 is more than a year after the preparation 2026-11-24T10:30:00"},
      // the verifier is the preparer, whatever the case and spacing
      {replaced(text, "verifier = \"J. Lindqvist\"", "verifier = \"a. okafor\""),
       "the verifier \"a. okafor\" is the preparer"},
  };
  for (const auto& [batch, message] : cases) {
    INFO(message);
    const auto file = dir.file("batch.toml", batch);
    const auto out = dir.path() / "record.txt";
    const auto r = run_mesomix({"record", protocol, "--batch", file.string(), "-o", out.string()});
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("safety stop: " + message));
    CHECK_FALSE(std::filesystem::exists(out));
  }
  // a limit exceeded without an override
  const auto strict =
      dir.file("strict.toml", test_support::read_file(protocol) + "[limits.minoxidil]\nmax_per_session = \"1 mg\"\n");
  const auto over = run_mesomix({"record", strict.string(), "--batch", example_batch});
  CHECK(over.exit_code == 3);
  CHECK(over.out.empty());
  const auto overridden =
      run_mesomix({"record", strict.string(), "--batch", example_batch, "--allow-over-limit", "trial protocol 7"});
  CHECK(overridden.exit_code == 0);
  CHECK_THAT(overridden.out, Catch::Contains("Limit exceeded, overridden by the prescriber: trial protocol 7"));
}

TEST_CASE("a batch that does not fit the protocol is an error with its position", "[record]") {
  test_support::TempDir dir;
  const auto swapped = dir.file("b.toml", replaced(example_text(), "active = \"biotin\"", "active = \"dutasteride\""));
  const auto r = run_mesomix({"record", protocol, "--batch", swapped.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err,
             Catch::Contains(swapped.string() +
                             ":38:1: error: component 3 is \"dutasteride\" here but \"biotin\" in the protocol"));
  const auto missing = run_mesomix({"record", protocol, "--batch", dir.file("m.toml", "schema = 1\n").string()});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("needs \"[batch]\""));
}

TEST_CASE("record -o writes atomically, refuses to overwrite, and --force replaces and says so", "[record]") {
  test_support::TempDir dir;
  const auto out = dir.path() / "record.txt";
  const auto first = run_mesomix({"record", protocol, "--batch", example_batch, "-o", out.string()});
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::StartsWith(out.string() + ": written ("));
  const std::string written = test_support::read_file(out);
  CHECK(written == run_mesomix({"record", protocol, "--batch", example_batch}).out);
  const auto again = run_mesomix({"record", protocol, "--batch", example_batch, "-o", out.string()});
  CHECK(again.exit_code == 4);
  CHECK(again.out.empty());
  CHECK_THAT(again.err, Catch::Contains("already exists") && Catch::Contains("--force"));
  CHECK(test_support::read_file(out) == written);
  const auto forced = run_mesomix({"record", protocol, "--batch", example_batch, "-o", out.string(), "--force"});
  CHECK(forced.exit_code == 0);
  CHECK_THAT(test_support::read_file(out), Catch::Contains("This record replaces an earlier record"));
  // no temporary file is left beside it
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);
  // an unwritable place: exit 4, nothing left
  const auto nowhere =
      run_mesomix({"record", protocol, "--batch", example_batch, "-o", (dir.path() / "no/such/dir/r.txt").string()});
  CHECK(nowhere.exit_code == 4);
  CHECK(nowhere.out.empty());
}

TEST_CASE("verify: an untouched record matches, an edited one does not, and says where", "[record]") {
  test_support::TempDir dir;
  for (const char* name : {"r.txt", "r.md", "r.html"}) {
    INFO(name);
    const auto out = dir.path() / name;
    REQUIRE(run_mesomix({"record", protocol, "--batch", example_batch, "-o", out.string()}).exit_code == 0);
    const auto ok = run_mesomix({"record", protocol, "--batch", example_batch, "--verify", out.string()});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == out.string() + ": matches\n");
    test_support::write_file(out, replaced(test_support::read_file(out), "4.36 mL", "4.37 mL"));
    const auto edited = run_mesomix({"record", protocol, "--batch", example_batch, "--verify", out.string()});
    CHECK(edited.exit_code == 1);
    CHECK(edited.out.empty());
    CHECK_THAT(edited.err, Catch::Contains("differs from the record these inputs give, at line "));
    CHECK_THAT(edited.err, Catch::Contains("4.37 mL"));
  }
  // a record written with --force is a reprint of its inputs too
  const auto forced = dir.path() / "forced.txt";
  test_support::write_file(forced, "old");
  REQUIRE(run_mesomix({"record", protocol, "--batch", example_batch, "-o", forced.string(), "--force"}).exit_code == 0);
  CHECK(run_mesomix({"record", protocol, "--batch", example_batch, "--verify", forced.string()}).exit_code == 0);
  // a record verified against another batch file does not match
  const auto other = dir.file("other.toml", replaced(example_text(), "MM-2026-0042", "MM-2026-0043"));
  CHECK(run_mesomix({"record", protocol, "--batch", other.string(), "--verify", (dir.path() / "forced.txt").string()})
            .exit_code == 1);
  // an unknown extension needs --format
  const auto odd = dir.file("record.rec", "x");
  CHECK(run_mesomix({"record", protocol, "--batch", example_batch, "--verify", odd.string()}).exit_code == 2);
}

TEST_CASE("record refuses json, a directory as -o, and a mechanical protocol", "[record]") {
  const auto json = run_mesomix({"record", protocol, "--batch", example_batch, "--format", "json"});
  CHECK(json.exit_code == 2);
  CHECK(json.out.empty());
  test_support::TempDir dir;
  const auto folder = run_mesomix({"record", protocol, "--batch", example_batch, "-o", dir.path().string(), "--force"});
  CHECK(folder.exit_code == 4);
  CHECK(folder.out.empty());
  CHECK_THAT(folder.err, Catch::Contains("is a directory"));
  const auto mechanical =
      (test_support::source_dir() / "formulations/protocols/mechanical-microneedling.toml").string();
  const auto r = run_mesomix({"record", mechanical, "--batch", example_batch});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("a mechanical protocol has no preparation to record"));
}

namespace {

// The rows of the record's components table (markdown): each cell trimmed.
std::vector<std::vector<std::string>> component_rows(const std::string& markdown) {
  std::vector<std::vector<std::string>> rows;
  const auto start = markdown.find("| # | Component |");
  REQUIRE(start != std::string::npos);
  std::size_t at = markdown.find('\n', markdown.find('\n', start) + 1) + 1;  // past the header and the rule
  while (at < markdown.size() && markdown[at] == '|') {
    const auto end = markdown.find('\n', at);
    const std::string line = markdown.substr(at, end - at);
    std::vector<std::string> cells;
    std::size_t from = 1;
    for (auto bar = line.find('|', from); bar != std::string::npos; bar = line.find('|', from)) {
      std::string cell = line.substr(from, bar - from);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
      from = bar + 1;
    }
    rows.push_back(cells);
    at = end + 1;
  }
  return rows;
}

}  // namespace

TEST_CASE("the record and the worksheet agree on every draw under a pharmacy's own devices file", "[record]") {
  test_support::TempDir dir;
  const auto own = dir.file("devices.toml",
                            "schema = 1\n"
                            "[[syringe]]\nname = \"Pharmacy 2.5 mL\"\ncapacity = \"2.5 mL\"\ngraduation = \"0.05 mL\"\n"
                            "[[syringe]]\nname = \"Pharmacy 12 mL\"\ncapacity = \"12 mL\"\ngraduation = \"0.5 mL\"\n"
                            "[[syringe]]\nname = \"Pharmacy 30 mL\"\ncapacity = \"30 mL\"\ngraduation = \"1 mL\"\n");
  // the example batch covers sessions 1 and 2, Category 2 from sterile components
  const auto mix = run_mesomix({"mix", protocol, "--sessions", "2", "--category", "2", "--sterile-components",
                                "--devices", own.string(), "--format", "json"});
  REQUIRE(mix.exit_code == 0);
  const auto record =
      run_mesomix({"record", protocol, "--batch", example_batch, "--devices", own.string(), "--format", "markdown"});
  REQUIRE(record.exit_code == 0);
  const auto j = nlohmann::json::parse(mix.out);
  const auto rows = component_rows(record.out);
  REQUIRE(rows.size() == j["components"].size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& c = j["components"][i];
    const auto& row = rows[i];
    INFO("component " << i + 1 << ": " << c["active"].get<std::string>());
    REQUIRE(row.size() == 9);
    // the record names the active as a clinician does (a salt by its form, as its label does), the json by its
    // catalog id and form
    auto folded = [](std::string name) {
      for (auto& ch : name) ch = ch == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return name;
    };
    CHECK(folded(row[1]) == folded(c.contains("form") ? c["form"].get<std::string>() : c["active"].get<std::string>()));
    const auto used = parse_volume(row[7]);
    REQUIRE(used);
    CHECK(to_double(in_ml(*used)) == c["draw_mL"].get<double>());
    const std::string syringe = c["syringe"];
    CHECK_THAT(syringe, Catch::StartsWith("Pharmacy "));
    CHECK(row[8] == (c["draws"] == 1 ? syringe : fmt::format("{} draws, {}", c["draws"].get<int>(), syringe)));
  }
  // and the record names the devices it was computed with, by their bytes
  CHECK_THAT(record.out, Catch::Contains("**Devices SHA-256:** " + sha256_hex(test_support::read_file(own))));
  // the shipped devices give other draws: the record is not computed with them
  const auto shipped = run_mesomix({"record", protocol, "--batch", example_batch, "--format", "markdown"});
  CHECK_THAT(shipped.out, !Catch::Contains("Pharmacy "));
  CHECK_THAT(shipped.out, Catch::Contains(fmt::format("**Devices SHA-256:** {} (shipped with mesomix {})",
                                                      sha256_hex(test_support::read_file(test_support::source_dir() /
                                                                                         "formulations/devices.toml")),
                                                      mesomix_version())));
}

TEST_CASE("the record says 1 session, and signs its deviations", "[record]") {
  test_support::TempDir dir;
  std::string one = example_text();
  const auto at = one.find("sessions = 2");
  REQUIRE(at != std::string::npos);
  one.replace(at, 12, "sessions = 1");
  const auto batch = dir.file("one.toml", one);
  const auto r = run_mesomix({"record", protocol, "--batch", batch.string()});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Volume to prepare: 1 session × 2.1 mL"));
  CHECK_THAT(r.out, !Catch::Contains("1 sessions"));
  const auto ten = run_mesomix({"record", protocol, "--batch", example_batch});
  // biotin comes out off its protocol strength: the deviation says so with its sign
  // One line at a time: std::regex recurses per character, and "(.|\n)*" over the whole
  // record overflows the stack under AddressSanitizer.
  const std::regex deviation("Biotin +[0-9.]+ mcg/mL +[0-9.]+ mcg/mL +[-+][0-9.]+ %");
  std::istringstream lines(ten.out);
  bool signed_deviation = false;
  for (std::string line; std::getline(lines, line);) signed_deviation |= std::regex_search(line, deviation);
  CHECK(signed_deviation);
}
