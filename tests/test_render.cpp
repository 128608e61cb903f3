// Printed sheets: golden files for every shipped protocol (reviewed by eye once; rewrite
// them with MESOMIX_UPDATE_GOLDEN=1 and review the diff), and the JSON contract's keys.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "golden.hpp"
#include "mesomix/commands.hpp"
#include "mesomix/sheet.hpp"
#include "render/json_line.hpp"
#include "support.hpp"

using namespace mesomix;
namespace fs = std::filesystem;

namespace {

using test_support::check_golden;

std::vector<fs::path> shipped_protocols() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(test_support::source_dir() / "formulations/protocols"))
    if (e.path().extension() == ".toml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("golden dose sheets of every shipped protocol, text and markdown", "[render][golden]") {
  const auto protocols = shipped_protocols();
  REQUIRE(protocols.size() >= 6);
  for (const auto& p : protocols) {
    const std::string name = p.stem().string();
    INFO(name);
    for (auto [format, extension] : {std::pair{Format::text, ".dose.txt"}, std::pair{Format::markdown, ".dose.md"}}) {
      const CommandOutput out = run_dose(p.string(), format, {}, std::nullopt);
      REQUIRE(out.exit_code == 0);
      check_golden(test_support::source_dir() / "tests/golden" / (name + extension), out.out);
    }
  }
}

TEST_CASE("golden worksheets of every shipped protocol with a cocktail, text, markdown and html", "[render][golden]") {
  for (const auto& p : shipped_protocols()) {
    const std::string name = p.stem().string();
    INFO(name);
    for (auto [format, extension] : {std::pair{Format::text, ".mix.txt"}, std::pair{Format::markdown, ".mix.md"},
                                     std::pair{Format::html, ".mix.html"}}) {
      const CommandOutput out = run_mix(p.string(), {}, format, {}, std::nullopt);
      if (name.rfind("mechanical", 0) == 0) {
        CHECK(out.exit_code == 1);  // nothing to prepare
        continue;
      }
      REQUIRE(out.exit_code == 0);
      check_golden(test_support::source_dir() / "tests/golden" / (name + extension), out.out);
    }
  }
}

TEST_CASE("mix JSON adds draw_mL, syringe and deviation_pct per component, delivered_per_session_mg per active",
          "[render][json]") {
  const auto classic = test_support::source_dir() / "formulations/protocols/hair-classic-5.toml";
  MixRequest two;  // sessions 1 and 2, days 0 and 7: within the 10 days of Category 2, sterile, refrigerated
  two.sessions = 2;
  two.conditions.category = 2;
  two.conditions.sterile_components = true;
  const CommandOutput out = run_mix(classic.string(), two, Format::json, {}, std::nullopt);
  REQUIRE(out.exit_code == 0);
  const auto j = nlohmann::json::parse(out.out);
  CHECK(j["protocol"]["id"] == "hair-classic-5");
  // 2 x 2.1 mL = 4.2 mL, scale 0.525: minoxidil 1.05 mL rounded up to 1.1 mL on the 3 mL syringe;
  // finasteride and buflomedil 0.525 mL -> 0.53 mL on the 1 mL syringe; biotin and silicium as minoxidil
  CHECK(j["components"][0]["draw_mL"] == 1.1);
  CHECK(j["components"][0]["syringe"] == "3 mL syringe");
  CHECK(j["components"][0]["deviation_pct"].get<double>() == Approx(100.0 * (1.1 - 1.05) / 1.05));
  CHECK(j["components"][1]["draw_mL"] == 0.53);
  CHECK(j["components"][1]["syringe"] == "1 mL syringe");
  // 20 mg/mL x 1.1 mL / 4.36 mL x 2 mL
  CHECK(j["actives"][0]["delivered_per_session_mg"].get<double>() == Approx(44.0 / 4.36));
  CHECK(j["actives"][0]["per_session_mg"] == 10);
  CHECK(j["mix"]["final_volume_mL"] == 4.36);
  CHECK(j["mix"]["sessions_covered"] == 2);
  CHECK(j["mix"]["from_session"] == 1);
  CHECK(j["mix"]["bud"]["hours"] == 240.0);
  CHECK(j["mix"]["bud"]["basis"] ==
        "USP <797> Category 2, aseptically processed, no sterility test, only sterile starting components, "
        "refrigerated");
  REQUIRE(j["mix"]["units"].size() == 2);
  CHECK(j["mix"]["units"][1] == nlohmann::json{{"session", 2}, {"day", 7}, {"volume_mL", 2.1}});
  CHECK(j["schedule"][9] == nlohmann::json{{"session", 10}, {"day", 147}});
  CHECK(j["course"]["schedule"] == j["schedule"]);
  CHECK(j["mix"]["diluent"].is_null());
}

TEST_CASE("dose JSON has the contract's keys, units in the keys, and full precision", "[render][json]") {
  test_support::TempDir dir;
  const auto file = dir.file("p.toml", R"(schema = 1
[protocol]
id = "hair-classic-5"
title = "T"
version = "1.0.0"
[[component]]
active = "minoxidil"
stock = "5 mg/mL"
volume = "2 mL"
[[component]]
active = "biotin"
stock = "5 mg/mL"
volume = "4 mL"
[injection]
volume_per_point = "0.05 mL"
points_per_session = 60
dead_volume_per_session = "0.1 mL"
[course]
sessions = 10
)");
  const CommandOutput out = run_dose(file.string(), Format::json, {}, std::nullopt);
  REQUIRE(out.exit_code == 0);
  const auto j = nlohmann::json::parse(out.out);
  CHECK(j["schema"] == 1);
  CHECK(j["protocol"]["id"] == "hair-classic-5");
  CHECK(j["protocol"]["version"] == "1.0.0");
  CHECK(j["protocol"]["sha256"].get<std::string>().size() == 64);
  CHECK(j["batch"]["volume_mL"] == 6.0);
  CHECK(j["batch"]["diluent_mL"] == 0.0);
  CHECK(j["components"][0]["active"] == "minoxidil");
  CHECK(j["components"][0]["stock_mg_per_mL"] == 5.0);
  CHECK(j["components"][0]["volume_mL"] == 2.0);
  CHECK(j["session"]["points"] == 60);
  CHECK(j["session"]["volume_per_point_mL"] == 0.05);
  CHECK(j["session"]["volume_mL"] == 3.0);
  CHECK(j["session"]["dead_volume_mL"] == 0.1);
  CHECK(j["session"]["drawn_mL"] == 3.1);
  CHECK(j["course"]["sessions"] == 10);
  CHECK(j["course"]["volume_mL"] == 31.0);
  CHECK(j["sessions_per_batch"] == 1);
  const auto& m = j["actives"][0];
  CHECK(m["active"] == "minoxidil");
  // the nearest doubles to the exact 5/3 and 1/12: full precision, no accumulated error
  CHECK(m["final_mg_per_mL"].get<double>() == 1.6666666666666667);
  CHECK(m["per_injection_mg"].get<double>() == 1.0 / 12.0);
  CHECK(m["per_session_mg"] == 5.0);
  CHECK(m["per_course_mg"] == 50.0);
  CHECK(j["warnings"].is_array());
  CHECK(out.out.find("1.6666666666666667") != std::string::npos);
}

TEST_CASE("text tables align columns by characters, not bytes", "[render]") {
  Sheet s{"T", {}, {{"S", {}, {Table{{"a", "b"}, {{"\xC3\x97", "1"}, {"xx", "22"}}, {false, true}}}, {}}}, {}};
  const std::string text = render_text(s);
  CHECK_THAT(text, Catch::Contains("  \xC3\x97    1\n"));
  CHECK_THAT(text, Catch::Contains("  xx  22\n"));
}

TEST_CASE("markdown tables escape pipes and right-align numbers", "[render]") {
  Sheet s{"T", {{"k", "v"}}, {{"S", {}, {Table{{"a", "b"}, {{"x|y", "1"}}, {false, true}}}, {}}}, {}};
  const std::string md = render_markdown(s);
  CHECK_THAT(md, Catch::Contains("| a | b |\n|---|---:|\n| x\\|y | 1 |\n"));
  CHECK_THAT(md, Catch::StartsWith("# T\n\n- **k:** v\n\n## S\n\n| a | b |"));
}

namespace {

// The code of a source file with its comments and string and character literals blanked, so
// that "×" in a sheet's text or a "/" in a comment is not taken for arithmetic.
std::string code_only(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      out += '\n';
    } else if (c == '"' || c == '\'') {
      out += c;
      for (++i; i < text.size() && text[i] != c; ++i)
        if (text[i] == '\\') ++i;
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

struct Finding {
  std::string file;
  int line;
  std::string code;
};

std::vector<Finding> grep_render(const std::regex& pattern, bool result_renderers_only) {
  std::vector<Finding> found;
  for (const auto& e : fs::directory_iterator(test_support::source_dir() / "lib/src/render")) {
    const std::string name = e.path().filename().string();
    const bool result_renderer =
        name.find("_sheet.") != std::string::npos || name.rfind("sheet_parts", 0) == 0 || name == "to_json.cpp";
    if (result_renderers_only && !result_renderer) continue;
    // the page geometry of the pdf writer and the barcode (points, millimetres, modules): layout,
    // never a figure of the preparation
    if (name == "to_pdf.cpp" || name.rfind("barcode.", 0) == 0 || name.rfind("print_module.", 0) == 0) continue;
    std::istringstream lines(code_only(test_support::read_file(e.path())));
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
      ++n;
      if (std::regex_search(line, pattern)) found.push_back({name, n, line});
    }
  }
  return found;
}

}  // namespace

// design.md: render arranges what compute worked out. The rule the grep checks: no binary `*`
// or `/` (clang-format puts spaces around binary operators, none after a unary `*` or a
// pointer's), no `*=` or `/=`, and none of the units' arithmetic helpers.
TEST_CASE("no renderer multiplies or divides: render/ holds no arithmetic operator or helper", "[render][layering]") {
  const std::regex arithmetic(R"([\w)\]]\s+[*/]\s|[*/]=|\b(ratio|floor_to_int64|whole_marks|percent_off)\()");
  for (const auto& f : grep_render(arithmetic, false)) FAIL_CHECK(f.file << ":" << f.line << ": " << f.code);
}

// A result renderer never pairs two lists by position (`components[i]` beside `draws[i]`):
// each item carries what it belongs with (a Draw its component, a RecordedDraw its lot).
TEST_CASE("no renderer joins two lists by index", "[render][layering]") {
  const std::regex index_join(R"([\w)\]]\[\s*[A-Za-z_][\w.()]*\s*(\]|[-+]))");
  for (const auto& f : grep_render(index_join, true)) FAIL_CHECK(f.file << ":" << f.line << ": " << f.code);
}

TEST_CASE("the layering grep sees arithmetic and index joins where they are", "[render][layering]") {
  // the rule, checked on lines that break it and lines that do not
  const std::regex arithmetic(R"([\w)\]]\s+[*/]\s|[*/]=|\b(ratio|floor_to_int64|whole_marks|percent_off)\()");
  CHECK(std::regex_search(code_only("x = d.nominal / m.scale;"), arithmetic));
  CHECK(std::regex_search(code_only("v = s.drawn * Exact(n);"), arithmetic));
  CHECK(std::regex_search(code_only("n = ratio(a, b);"), arithmetic));
  CHECK_FALSE(std::regex_search(code_only("fmt::format(\"{} × {} / {}\", a, b, c); // a / b"), arithmetic));
  CHECK_FALSE(std::regex_search(code_only("const SourcedItem* item = *lot ? &*lot : nullptr;"), arithmetic));
  const std::regex index_join(R"([\w)\]]\[\s*[A-Za-z_][\w.()]*\s*(\]|[-+]))");
  CHECK(std::regex_search(code_only("const Draw& d = r.draws[i];"), index_join));
  CHECK(std::regex_search(code_only("r.draws[r.dose.components.size() + i]"), index_join));
  CHECK_FALSE(
      std::regex_search(code_only("j[\"components\"].push_back(x); for (const auto& [d, lot] : r.draws)"), index_join));
}

namespace {

// The widest line of a text, in characters.
std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    widest = std::max<std::size_t>(widest, static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
                                     return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
                                   })));
    start = end + 1;
  }
  return widest;
}

}  // namespace

TEST_CASE("text sheets fit 100 columns: long cells and lines wrap", "[render]") {
  const auto classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
  const auto batch = (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();
  for (const auto& p : shipped_protocols()) {
    INFO(p.filename().string());
    CHECK(widest_line(run_dose(p.string(), Format::text, {}, std::nullopt).out) <= 100);
    const auto mix = run_mix(p.string(), {}, Format::text, {}, std::nullopt);
    if (mix.exit_code == 0) CHECK(widest_line(mix.out) <= 100);
  }
  RecordRequest unlogged{batch, {}, false, {}, {}, true};  // never the user's log
  CHECK(widest_line(run_record(classic, unlogged, Format::text, {}, std::nullopt).out) <= 100);
  CHECK(widest_line(run_catalog(Format::text, {}).out) <= 100);
}

TEST_CASE("a wrapped table keeps its columns: continuation lines start under their cell", "[render]") {
  Table t{{"Step", "What"}, {{"1", std::string(60, 'a') + " " + std::string(60, 'b')}}, {true, false}};
  Sheet sheet{"T", {}, {{"S", {}, {t}, {}}}, {}};
  const std::string text = render_text(sheet);
  CHECK(widest_line(text) <= 100);
  CHECK_THAT(text, Catch::Contains("     1  " + std::string(60, 'a') + "\n        " + std::string(60, 'b') + "\n"));
}

TEST_CASE("a text sheet never breaks a line inside a value kept together, such as 1.23 mg/mL", "[render]") {
  // the value falls across column 100 wherever the field's text puts it: shift it one column at a time
  for (std::size_t pad = 70; pad < 100; ++pad) {
    INFO(pad);
    const std::string value = std::string(pad, 'x') + " " + keep_together("1.23 mg/mL") + " and more";
    Sheet sheet{"T", {{"Strengths", value}}, {}, {}};
    const std::string text = render_text(sheet);
    CHECK(widest_line(text) <= 100);
    CHECK_THAT(text, Catch::Contains("1.23 mg/mL"));
  }
  // in a table cell too
  Table t{
      {"Step", "What"}, {{"1", std::string(75, 'a') + " " + keep_together("0.05 mL of 1.23 mg/mL")}}, {true, false}};
  const std::string text = render_text(Sheet{"T", {}, {{"S", {}, {t}, {}}}, {}});
  CHECK_THAT(text, Catch::Contains("0.05 mL of 1.23 mg/mL"));
}

TEST_CASE("a mechanical protocol's plan keeps its session length, in text and JSON", "[render]") {
  const auto mechanical =
      (test_support::source_dir() / "formulations/protocols/mechanical-microneedling.toml").string();
  const auto text = run_dose(mechanical, Format::text, {}, std::nullopt);
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("Session length: "));
  const auto json = nlohmann::json::parse(run_dose(mechanical, Format::json, {}, std::nullopt).out);
  CHECK(json["course"]["session_minutes"].is_number_integer());
}

TEST_CASE("the mix JSON says what is prepared apart from the protocol's batch", "[render][json]") {
  const auto classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
  MixRequest request;
  request.sessions = 2;  // days 0 and 7: within Category 2's 10 days
  request.conditions.category = 2;
  request.conditions.sterile_components = true;
  const auto j = nlohmann::json::parse(run_mix(classic, request, Format::json, {}, std::nullopt).out);
  CHECK(j["prepared"]["volume_mL"] == j["mix"]["final_volume_mL"]);
  CHECK(j["prepared"]["sessions_covered"] == j["mix"]["sessions_covered"]);
  CHECK(j["prepared"]["sessions_covered"].get<int>() >= 2);
  CHECK(j["batch"]["volume_mL"] == 8.0);  // the protocol's own batch, unchanged
}

namespace {

// lidocaine hydrochloride 1 % with saline, the form named in `active`
constexpr const char* salt_protocol = R"(schema = 1
[protocol]
id = "salt"
title = "T"
version = "1"
[[component]]
active = "lidocaine hydrochloride"
stock = "1 % w/v"
volume = "2 mL"
[diluent]
name = "NaCl 0.9 %"
volume = "2 mL"
[injection]
volume_per_point = "0.05 mL"
points_per_session = 60
[course]
sessions = 10
)";

}  // namespace

TEST_CASE("the dose sheet prints a salt's base row and, under it, the form's figures as labelled", "[render][forms]") {
  test_support::TempDir dir;
  const auto file = dir.file("salt.toml", salt_protocol);
  const CommandOutput out = run_dose(file.string(), Format::text, {}, std::nullopt);
  REQUIRE(out.exit_code == 0);
  // 5 mg/mL of the hydrochloride: 4.33 mg/mL of lidocaine; 15 mg of it a session, 13 mg of the base
  CHECK_THAT(out.out,
             Catch::Contains("  Lidocaine                   4.33 mg/mL  0.433 % w/v    216 mcg    13 mg  130 mg\n"
                             "  as Lidocaine hydrochloride     5 mg/mL    0.5 % w/v    250 mcg    15 mg  150 mg\n"));
  // the formula names the stock as its label does
  CHECK_THAT(out.out, Catch::Contains("  Lidocaine hydrochloride  10 mg/mL (1 % w/v)"));
}

TEST_CASE("dose and mix JSON keep a salt's figures as labelled and add form and the base_ keys",
          "[render][json][forms]") {
  test_support::TempDir dir;
  const auto file = dir.file("salt.toml", salt_protocol);
  const Exact f(23434, 27080);
  const auto dose = nlohmann::json::parse(run_dose(file.string(), Format::json, {}, std::nullopt).out);
  const auto& a = dose["actives"][0];
  CHECK(a["active"] == "lidocaine");
  CHECK(a["form"] == "Lidocaine hydrochloride");
  CHECK(a["final_mg_per_mL"] == 5.0);  // as labelled
  CHECK(a["per_session_mg"] == 15.0);
  CHECK(a["base_final_mg_per_mL"].get<double>() == to_double(5 * f));
  CHECK(a["base_per_injection_mg"].get<double>() == to_double(f / 4));
  CHECK(a["base_per_session_mg"].get<double>() == to_double(15 * f));
  CHECK(a["base_per_course_mg"].get<double>() == to_double(150 * f));
  const auto& c = dose["components"][0];
  CHECK(c["stock_mg_per_mL"] == 10.0);
  CHECK(c["form"] == "Lidocaine hydrochloride");
  CHECK(c["base_stock_mg_per_mL"].get<double>() == to_double(10 * f));
  // a base stock has neither
  CHECK_FALSE(dose["components"][0].contains("base_per_session_mg"));
  const auto classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
  const auto plain = nlohmann::json::parse(run_dose(classic, Format::json, {}, std::nullopt).out);
  CHECK_FALSE(plain["actives"][0].contains("form"));
  CHECK_FALSE(plain["components"][0].contains("base_stock_mg_per_mL"));
  CHECK(plain["components"][3]["form"] == "Buflomedil hydrochloride");  // Loftyl's 50 mg/5 mL
  CommonOptions weighed;  // lidocaine's per-kg cap needs a weight before a preparation
  weighed.weight = "72 kg";
  const CommandOutput mixed = run_mix(file.string(), {}, Format::json, weighed, std::nullopt);
  REQUIRE(mixed.exit_code == 0);
  const auto mix = nlohmann::json::parse(mixed.out);
  const auto& m = mix["actives"][0];
  CHECK(m["delivered_per_session_mg"] == 15.0);
  CHECK(m["base_delivered_per_session_mg"].get<double>() == to_double(15 * f));
  CHECK(m["base_delivered_final_mg_per_mL"].get<double>() == to_double(5 * f));
  CHECK(mix["components"][0]["form"] == "Lidocaine hydrochloride");
}

TEST_CASE("a JSON line is written byte for byte as nlohmann::json dumps the same values", "[render][json]") {
  std::mt19937_64 random(26112026);
  std::uniform_real_distribution<double> uniform(-1e6, 1e6);
  std::vector<double> numbers = {0.0,
                                 -0.0,
                                 1.0,
                                 10.0,
                                 0.1,
                                 0.05,
                                 1e-5,
                                 1e-4,
                                 123456789012345680.0,
                                 1e300,
                                 5e-324,
                                 1.6666666666666667,
                                 0.08333333333333334,
                                 std::nan(""),
                                 1.0 / 0.0};
  for (int i = 0; i < 2000; ++i)
    numbers.push_back(uniform(random) * std::pow(10.0, static_cast<int>(random() % 40) - 20));
  std::string every_ascii;
  for (int c = 1; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  std::vector<std::string> texts = {
      "", "plain", "a \"quote\" and a \\ back", every_ascii, "caf\xC3\xA9 \xE2\x80\xAF%", std::string("nul\0in", 6)};
  // plain text is scanned eight bytes at a time: a byte to escape at every offset of a word,
  // in texts of every length around it
  const std::string specials = std::string("\"\\\n\t\x01\x1f\x7f", 7) + std::string(1, '\0');
  for (std::size_t length = 0; length < 40; ++length)
    for (std::size_t at = 0; at <= length; ++at) {
      std::string t(length, 'a');
      if (at < length) t[at] = specials[(length + at) % specials.size()];
      texts.push_back(t);
    }
  for (int i = 0; i < 500; ++i) {
    std::string t(random() % 50, ' ');
    for (char& c : t) c = static_cast<char>(random() % 0x80);
    texts.push_back(t);
  }
  mesomix::detail::JsonLine line;
  nlohmann::ordered_json tree = nlohmann::ordered_json::object();
  line.begin_object();
  line.key("numbers");
  line.begin_array();
  for (double x : numbers) line.value(x);
  line.end_array();
  tree["numbers"] = nlohmann::ordered_json::array();
  for (double x : numbers) tree["numbers"].push_back(x);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    line.field(fmt::format("text{}", i), texts[i]);
    tree[fmt::format("text{}", i)] = texts[i];
  }
  line.field("count", 42);
  line.field("negative", -7L);
  line.field("yes", true);
  line.key("nothing");
  line.null();
  line.field("absent", std::optional<double>());
  line.key("empty");
  line.begin_object();
  line.end_object();
  tree["count"] = 42;
  tree["negative"] = -7L;
  tree["yes"] = true;
  tree["nothing"] = nullptr;
  tree["absent"] = nullptr;
  tree["empty"] = nlohmann::ordered_json::object();
  line.end_object();
  CHECK(line.text() == tree.dump());
  // and text that is not UTF-8 is refused, as nlohmann refuses it
  mesomix::detail::JsonLine bad;
  CHECK_THROWS(bad.value(std::string("\xC3(")));
}
