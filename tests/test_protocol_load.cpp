// Loading protocols: every field, both modes, and every refusal with its line and column.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "load/nesting.hpp"
#include "mesomix/protocol.hpp"

using namespace mesomix;

namespace {

constexpr const char* valid_head = R"(schema = 1
[protocol]
id = "p"
title = "T"
version = "1"
)";

constexpr const char* valid_tail = R"(
[injection]
volume_per_point = "0.05 mL"
points_per_session = 60
[course]
sessions = 10
)";

Expected<LoadedProtocol, Diagnostics> load(const std::string& text) {
  return load_protocol(text, "p.toml", shipped_catalog());
}

// The one error a text gives, as `mesomix check` prints it.
std::string only_error(const std::string& text) {
  auto r = load(text);
  if (r.has_value()) return "(loaded)";
  std::string all;
  for (const auto& d : r.error()) all += (all.empty() ? "" : "\n") + to_string(d);
  return all;
}

std::string with_component(const std::string& component) {
  return std::string(valid_head) + "[[component]]\n" + component + valid_tail;
}

}  // namespace

TEST_CASE("a full parts-mode protocol loads with every field typed", "[protocol]") {
  const std::string text = std::string(valid_head) + R"(indication = "AGA"
authors = ["A"]
references = ["R"]
[[component]]
active = "MMST"
stock = "0.5 % w/v"
volume = "2 mL"
product = "P"
[[adjunct]]
name = "PRP"
volume = "1 mL"
[diluent]
name = "NaCl 0.9 %"
volume = "1 mL"
[injection]
technique = "nappage"
volume_per_point = "50 uL"
points_per_session = 60
dead_volume_per_session = "0.1 mL"
needle = "32G 4 mm"
depth = "2 mm"
[course]
sessions = 10
session_minutes = 15
[[course.phase]]
sessions = 4
every = "1 week"
[[course.phase]]
sessions = 6
every = "2 weeks"
[limits."organic silicium"]
max_per_injection = "100 mcg"
max_per_session_per_kg = "0.5 mg/kg"
[instructions]
before = ["b"]
after = ["a"]
contraindications = ["c"]
)";
  auto r = load(text);
  REQUIRE(r.has_value());
  const Protocol& p = r->protocol;
  CHECK(p.info.id == "p");
  CHECK(p.info.indication == "AGA");
  REQUIRE(p.components.size() == 1);
  CHECK(p.components[0].active == "organic-silicium");
  CHECK(p.components[0].active_written == "MMST");
  CHECK(p.components[0].in_catalog);
  CHECK(in_mg_per_ml(p.components[0].stock) == 5);
  CHECK(in_ml(*p.components[0].volume) == 2);
  CHECK(p.components[0].at.line == 9);
  REQUIRE(p.adjuncts.size() == 1);
  CHECK(in_ml(p.adjuncts[0].volume) == 1);
  CHECK(in_ml(*p.diluent->volume) == 1);
  CHECK(in_ml(p.injection->volume_per_point) == Exact(1, 20));
  CHECK(in_mm(*p.injection->depth) == 2);
  CHECK(in_ml(p.injection->dead_volume_per_session) == Exact(1, 10));
  CHECK(p.course.phases.size() == 2);
  CHECK(p.course.phases[1].every_written == "2 weeks");
  CHECK(p.instructions.contraindications == std::vector<std::string>{"c"});
  CHECK(p.sha256.size() == 64);
  CHECK(r->warnings.empty());
}

TEST_CASE("a target-mode component needs [batch]", "[protocol]") {
  CHECK(only_error(with_component("active = \"minoxidil\"\nstock = \"0.5 % w/v\"\nfinal = \"0.2 % w/v\"\n")) ==
        "p.toml:9:9: error: a target strength (final) needs [batch] volume to dilute to; hint: add [batch] volume = "
        "\"10 mL\", or give this component a volume");
}

TEST_CASE("a quantity's error points into the string", "[protocol]") {
  CHECK(only_error(with_component("active = \"minoxidil\"\nstock = \"0.5 %\"\nvolume = \"2 mL\"\n")) ==
        "p.toml:8:14: error: \"stock\": a bare % is ambiguous; hint: write % w/v, or mg/mL");
  CHECK(only_error(with_component("active = \"minoxidil\"\nstock = \"5 mg/mL\"\nvolume = \"2 cc\"\n")) ==
        "p.toml:9:13: error: \"volume\": \"cc\" is not accepted; hint: write mL");
  CHECK(only_error(with_component("active = \"minoxidil\"\nstock = \"5 mg/mL\"\nvolume = \".5 mL\"\n")) ==
        "p.toml:9:11: error: \"volume\": a number needs a leading zero (ISMP); hint: write 0.5");
}

TEST_CASE("a bare number where a quantity is wanted is refused with the unit to add", "[protocol]") {
  CHECK(only_error(with_component("active = \"minoxidil\"\nstock = \"5 mg/mL\"\nvolume = 2\n")) ==
        "p.toml:9:10: error: \"volume\": a quantity needs a unit; hint: write \"2 mL\"");
}

TEST_CASE("a count must be a TOML integer", "[protocol]") {
  const std::string head =
      std::string(valid_head) + "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n";
  CHECK(
      only_error(head +
                 "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 60.0\n[course]\nsessions = 10\n") ==
      "p.toml:12:22: error: \"points_per_session\" must be a whole number (a TOML integer), not a number with a "
      "fraction; hint: write a whole number, e.g. 60");
  CHECK(only_error(
            head +
            "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = \"60\"\n[course]\nsessions = 10\n") ==
        "p.toml:12:22: error: \"points_per_session\" must be a whole number (a TOML integer), not a string; hint: "
        "write the number without quotes, e.g. 60");
  CHECK(only_error(head +
                   "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 60\n[course]\nsessions = 0\n") ==
        "p.toml:14:12: error: \"sessions\" must be at least 1, not 0; hint: a count of sessions or points is a "
        "positive whole number");
}

TEST_CASE("unknown keys get a did-you-mean", "[protocol]") {
  CHECK(only_error(with_component("active = \"minoxidil\"\nstok = \"5 mg/mL\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:6:1: error: [[component]] needs \"stock\"; hint: add stock = \"... mg/mL\"\n"
        "p.toml:8:1: error: unknown key \"stok\" in [[component]]; hint: did you mean \"stock\"?");
  CHECK(only_error(std::string(valid_head) + "[injecton]\n" + "[course]\nsessions = 1\n") ==
        "p.toml:6:2: error: unknown key \"injecton\" in the protocol file; hint: did you mean \"injection\"?");
}

TEST_CASE("every error in a file is reported at once, top to bottom", "[protocol]") {
  auto r = load(std::string("schema = 2\n[protocol]\nid = \"Bad Id\"\ntitle = \"T\"\n") +
                "[[component]]\nactive = \"biotin\"\nstock = \"5 cc\"\nvolume = 2\n[course]\nsessions = 0\n");
  REQUIRE_FALSE(r.has_value());
  std::vector<int> lines;
  for (const auto& d : r.error()) lines.push_back(d.pos.line);
  CHECK(lines == std::vector<int>{1, 1, 2, 3, 7, 8, 10});
}

TEST_CASE("components take volume or final, not both and not neither", "[protocol]") {
  CHECK_THAT(
      only_error(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\nfinal = \"1 mg/mL\"\n")),
      Catch::Contains("p.toml:10:9: error: a component takes volume (parts mode) or final (target mode), not both"));
  CHECK_THAT(
      only_error(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\n")),
      Catch::Contains("p.toml:6:1: error: [[component]] needs \"volume\" (parts mode) or \"final\" (target mode)"));
}

TEST_CASE("a diluent volume with [batch] is refused: the diluent is the rest", "[protocol]") {
  CHECK(only_error(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n[diluent]\nname = "
                                  "\"NaCl\"\nvolume = \"1 mL\"\n[batch]\nvolume = \"5 mL\"\n")) ==
        "p.toml:12:10: error: [diluent] volume may not be given with [batch]: the diluent fills the batch up (q.s. "
        "ad); hint: remove the diluent's volume, or remove [batch]");
}

TEST_CASE("injection needs exactly one of points_per_session and session_volume", "[protocol]") {
  const std::string head =
      std::string(valid_head) + "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n";
  CHECK(
      only_error(head + "[injection]\nvolume_per_point = \"0.05 mL\"\n[course]\nsessions = 1\n") ==
      "p.toml:10:1: error: [injection] needs points_per_session or session_volume; hint: add points_per_session = 60");
  CHECK(only_error(head + "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 2\nsession_volume = \"0.1 "
                          "mL\"\n[course]\nsessions = 1\n") ==
        "p.toml:13:18: error: give points_per_session or session_volume, not both; hint: keep one of the two");
}

TEST_CASE("phases must add up to the course's sessions", "[protocol]") {
  CHECK(only_error(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n") +
                   "[[course.phase]]\nsessions = 4\nevery = \"1 week\"\n") ==
        "p.toml:16:1: error: the phases add up to 4 sessions, but [course] sessions is 10; hint: make the phases' "
        "sessions add up to the course's");
}

TEST_CASE("a missing required table or key is named, at the table that lacks it", "[protocol]") {
  CHECK(only_error("schema = 1\n[course]\nsessions = 1\n") ==
        "p.toml:1:1: error: the protocol file needs \"[protocol]\"; hint: add a [protocol] table");
  CHECK(only_error(std::string("schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\n[course]\nsessions = 1\n")) ==
        "p.toml:2:1: error: [protocol] needs \"version\"; hint: add version = \"...\"");
  CHECK_THAT(only_error(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n")
                            .replace(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n")
                                         .find("[injection]"),
                                     11, "[other]")),
             Catch::Contains("needs \"[injection]\""));
}

TEST_CASE("a mechanical protocol needs no injection, and may not have a batch", "[protocol]") {
  auto r = load(std::string(valid_head) + "[course]\nsessions = 6\n");
  REQUIRE(r.has_value());
  CHECK(r->protocol.mechanical());
  CHECK(only_error(std::string(valid_head) + "[batch]\nvolume = \"5 mL\"\n[course]\nsessions = 6\n") ==
        "p.toml:6:1: error: a protocol with no [[component]] and no [[adjunct]] has no cocktail to make up; hint: add "
        "the components, or remove [batch] and [diluent] for a mechanical protocol");
}

TEST_CASE("an active far from every catalog name is allowed, with a warning", "[protocol]") {
  auto r = load(with_component("active = \"Dexpanthenol\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"));
  REQUIRE(r.has_value());
  REQUIRE(r->warnings.size() == 1);
  CHECK(to_string(r->warnings[0]) ==
        "p.toml:7:10: warning: active \"Dexpanthenol\" is not in the catalog: no limits or warnings are known for it; "
        "hint: check the spelling, or add it to the catalog");
  CHECK_FALSE(r->protocol.components[0].in_catalog);
}

TEST_CASE("an active a letter away from a catalog name is refused with a did-you-mean", "[protocol][names]") {
  CHECK(only_error(with_component("active = \"minoxidill\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:7:10: error: active \"minoxidill\" is not in the catalog; hint: did you mean \"minoxidil\"?");
  CHECK(only_error(with_component("active = \"fiansteride\"\nstock = \"0.05 % w/v\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:7:10: error: active \"fiansteride\" is not in the catalog; hint: did you mean \"finasteride\"?");
  // case, accents and spacing are not slips: the name is the catalog's
  auto r = load(with_component("active = \"Bi\xC3\xB3tin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"));
  REQUIRE(r.has_value());
  CHECK(r->protocol.components[0].active == "biotin");
}

TEST_CASE("an active written with look-alike letters is refused, naming the letter", "[protocol][names]") {
  CHECK(only_error(with_component("active = \"lid\xD0\xBE"
                                  "caine\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:7:10: error: active \"lid\xD0\xBE"
        "caine\" looks like lidocaine but contains U+043E CYRILLIC SMALL "
        "LETTER O; hint: write \"lidocaine\" in Latin letters");
}

TEST_CASE("TOML syntax errors come from toml++ with their position", "[protocol]") {
  CHECK_THAT(only_error("schema = 1\n[protocol\n"), Catch::StartsWith("p.toml:2:"));
  CHECK_THAT(only_error("schema = 1\nschema = 1\n"),
             Catch::StartsWith("p.toml:2:") && Catch::Contains("cannot redefine"));
}

TEST_CASE("non-ASCII outside strings is refused before toml++ sees it", "[protocol]") {
  CHECK(only_error("schema = 1\nvolume = 5\xC2\xB5L\n") ==
        "p.toml:2:11: error: a character outside ASCII stands outside a string or comment; hint: put units such as "
        "\xC2\xB5L inside a quoted string (\"50 \xC2\xB5L\"), or write uL");
  // inside strings and comments it is fine
  auto r = load(with_component("active = \"biotin\" # \xC2\xB5\nstock = \"5 mg/mL\"\nvolume = \"1000 \xC2\xB5L\"\n"));
  CHECK(r.has_value());
}

TEST_CASE("the protocol id must be of the form [a-z0-9][a-z0-9-]*", "[protocol]") {
  CHECK_THAT(
      only_error("schema = 1\n[protocol]\nid = \"Hair_1\"\ntitle = \"T\"\nversion = \"1\"\n[course]\nsessions = 1\n"),
      Catch::StartsWith("p.toml:3:6: error: protocol id \"Hair_1\" is not of the form"));
}

// protocol-format.md, "Second edition of schema 1".

TEST_CASE("a limit binds a component's active or the file is refused", "[protocol][limits]") {
  const std::string finasteride = "active = \"finasteride\"\nstock = \"0.05 % w/v\"\nvolume = \"1 mL\"\n";
  CHECK(only_error(with_component(finasteride) + "[limits.finasterid]\nmax_per_session = \"1 mg\"\n") ==
        "p.toml:16:9: error: [limits.finasterid] binds nothing: no component of this protocol is \"finasterid\"; "
        "hint: did you mean [limits.finasteride]?");
  CHECK(only_error(with_component(finasteride) + "[limits.lidocaine]\nmax_per_session = \"1 mg\"\n") ==
        "p.toml:16:9: error: [limits.lidocaine] binds nothing: no component of this protocol is lidocaine; hint: a "
        "limit names one of the protocol's actives: finasteride");
  // a limit on an active the catalog lacks binds by the name as a reader reads it
  auto r = load(with_component("active = \"Dexpanthenol\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n") +
                "[limits.\"dex panthenol\"]\nmax_per_session = \"1 mg\"\n");
  REQUIRE(r.has_value());
  REQUIRE(r->protocol.limits.size() == 1);
  CHECK(r->protocol.limits[0].active == "Dexpanthenol");
  // a synonym binds the catalog's active
  auto s = load(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n") +
                "[limits.\"Vitamin H\"]\nmax_per_session = \"1 mg\"\n");
  REQUIRE(s.has_value());
  CHECK(s->protocol.limits[0].active == "biotin");
  CHECK(only_error(with_component(finasteride) + "[limits.\"finaster\xD1\x96"
                                                 "de\"]\nmax_per_session = \"1 mg\"\n") ==
        "p.toml:16:9: error: [limits.finaster\xD1\x96"
        "de] looks like finasteride but contains U+0456 CYRILLIC "
        "SMALL LETTER BYELORUSSIAN-UKRAINIAN I; hint: write [limits.finasteride] in Latin letters");
  CHECK_THAT(only_error(with_component(finasteride) + "[limits.finasteride]\n"),
             Catch::Contains("[limits.finasteride] sets no limit"));
}

TEST_CASE("per-kg limits are a mass per kg, in the protocol and the catalog", "[protocol][limits]") {
  const std::string lidocaine = "active = \"lidocaine\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n";
  auto r = load(with_component(lidocaine) + "[limits.lidocaine]\nmax_per_injection_per_kg = \"0.1 mg/kg\"\n");
  REQUIRE(r.has_value());
  CHECK(in_mg(*r->protocol.limits[0].limits.per_injection_per_kg) == Exact(1, 10));
  // 4.5 mg/kg of lidocaine hydrochloride, held as the base
  CHECK(in_mg(*shipped_catalog().find("lidocaine")->limits.per_session_per_kg) == Exact(9, 2) * Exact(23434, 27080));
  CHECK_THAT(only_error(with_component(lidocaine) + "[limits.lidocaine]\nmax_per_session_per_kg = \"4.5 mg\"\n"),
             Catch::StartsWith("p.toml:17:") &&
                 Catch::Contains("a per-kg limit is a mass per kilogram of body weight") &&
                 Catch::Contains("4.5 mg/kg"));
}

TEST_CASE("text fields are one line of printable text, refused at line and column", "[protocol][text]") {
  const std::string tail = "[course]\nsessions = 1\n";
  auto with_title = [&](const std::string& title) {
    return "schema = 1\n[protocol]\nid = \"p\"\ntitle = " + title + "\nversion = \"1\"\n" + tail;
  };
  // escapes: at the string
  CHECK(only_error(with_title("\"A\\nVerified by: Chief Pharmacist\"")) ==
        "p.toml:4:9: error: \"title\": a line break (U+000A) in a text field: a text field is one line; hint: write "
        "one line; a list of text ([\"...\", \"...\"]) holds several");
  CHECK_THAT(only_error(with_title("\"A\\u001b[31m\"")), Catch::StartsWith("p.toml:4:9: error: \"title\": a control "
                                                                           "character (U+001B)"));
  CHECK_THAT(only_error(with_title("\"A\\u0000\"")), Catch::Contains("(U+0000)"));
  CHECK_THAT(only_error(with_title("\"A\\u202Eb\"")), Catch::Contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
  CHECK_THAT(only_error(with_title("\"A\\u2067b\"")), Catch::Contains("U+2067 RIGHT-TO-LEFT ISOLATE"));
  CHECK_THAT(only_error(with_title("\"A\\u200Db\"")), Catch::Contains("U+200D ZERO WIDTH JOINER"));
  CHECK_THAT(only_error(with_title("\"A\\u0085b\"")), Catch::Contains("a control character (U+0085)"));
  CHECK_THAT(only_error(with_title("\"A\\u007Fb\"")), Catch::Contains("a control character (U+007F)"));
  // raw bytes: at the character itself
  CHECK(only_error(with_title("\"Abc \xE2\x80\xAE"
                              "def\"")) ==
        "p.toml:4:14: error: a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE), which reorders how the text is "
        "displayed; hint: delete it: text is printable characters only (a tab aside)");
  CHECK_THAT(only_error(with_title("\"Abc\" # \xE2\x80\x8B")),
             Catch::StartsWith("p.toml:4:17: error: an invisible "
                               "character (U+200B ZERO WIDTH SPACE)"));
  // keys and list items too
  CHECK_THAT(only_error(with_title("\"T\"\n\"a\\u0007\" = 1")), Catch::Contains("a key: a control character (U+0007)"));
  CHECK_THAT(only_error(with_title("\"T\"\nauthors = [\"x\", \"y\\nz\"]")),
             Catch::StartsWith("p.toml:5:") && Catch::Contains("\"authors\": a line break"));
  // a tab, accents and CRLF line ends are text
  auto r =
      load("schema = 1\r\n[protocol]\r\nid = \"p\"\r\ntitle = \"Caf\xC3\xA9\tau lait\"\r\nversion = \"1\"\r\n" + tail);
  CHECK(r.has_value());
}

TEST_CASE("whatever the active, no solution, point or session goes past the physical bounds", "[protocol][plausible]") {
  CHECK(only_error(with_component("active = \"minoxidil\"\nstock = \"1:0.000001\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:8:9: error: \"stock\" is 1,000,000,000 mg/mL, above 1,000 mg/mL (100 % w/v): no solution is that "
        "dense; hint: check the number and the unit; a ratio 1:N is 1 g in N mL");
  CHECK(load(with_component("active = \"minoxidil\"\nstock = \"100 % w/v\"\nvolume = \"1 mL\"\n")).has_value());
  const std::string component = "[[component]]\nactive = \"biotin\"\nstock = \"0.5 mg/mL\"\nvolume = \"1 mL\"\n";
  auto with_injection = [&](const std::string& injection) {
    return std::string(valid_head) + component + "[injection]\n" + injection + "[course]\nsessions = 1\n";
  };
  CHECK_THAT(only_error(with_injection("volume_per_point = \"4 uL\"\npoints_per_session = 60\n")),
             Catch::StartsWith("p.toml:11:20: error: volume_per_point 0.004 mL is outside 0.005 to 0.5 mL"));
  CHECK(load(with_injection("volume_per_point = \"5 uL\"\npoints_per_session = 60\n")).has_value());
  CHECK(load(with_injection("volume_per_point = \"0.5 mL\"\npoints_per_session = 100\n")).has_value());
  CHECK_THAT(only_error(with_injection("volume_per_point = \"0.5 mL\"\npoints_per_session = 101\n")),
             Catch::StartsWith("p.toml:12:22: error: a session of 50.5 mL is above 50 mL"));
  CHECK_THAT(only_error(with_injection("volume_per_point = \"0.1 mL\"\nsession_volume = \"51 mL\"\n")),
             Catch::StartsWith("p.toml:12:18: error: a session of 51 mL is above 50 mL"));
  CHECK_THAT(only_error(with_injection(
                 "volume_per_point = \"0.05 mL\"\npoints_per_session = 2\ndead_volume_per_session = \"0.2 mL\"\n")),
             Catch::StartsWith("p.toml:13:27: error: the dead volume 0.2 mL is larger than the session's 0.1 mL"));
}

TEST_CASE("a product text that states a strength must state the stock's", "[protocol][plausible]") {
  auto with = [&](const std::string& stock, const std::string& product) {
    return with_component("active = \"finasteride\"\nstock = \"" + stock + "\"\nvolume = \"1 mL\"\nproduct = \"" +
                          product + "\"\n");
  };
  CHECK(only_error(with("5 mg/mL", "Finasteride 0.05 % w/v, 2 mL ampoule")) ==
        "p.toml:8:9: error: the stock is 5 mg/mL but the product says 0.05 % w/v (500 mcg/mL): the label and the "
        "number disagree; hint: write the strength on the product's label as the stock, or correct the product");
  CHECK(load(with("0.5 mg/mL", "Finasteride 0.05 % w/v, 2 mL ampoule")).has_value());
  CHECK(load(with("0.05 % w/v", "Finasteride 0.05%, 2 mL")).has_value());
  CHECK(load(with("0.05 % w/v", "Finasteride 0,05 %")).has_value());
  CHECK(load(with("10 mg/mL", "Finasteride 50 mg/5 ml vial")).has_value());
  CHECK(load(with("10 mg/mL", "Finasteride 1 % (10 mg/mL), 5 mL")).has_value());
  CHECK(load(with("0.05 % w/v", "Finasteride, 2 mL ampoule, lot 2026/4")).has_value());  // no strength stated
  CHECK_THAT(only_error(with("0.05 % w/v", "Finasteride 5 mg/mL")), Catch::Contains("the product says 5 mg/mL"));
}

TEST_CASE("the same stock twice is a warning at the second", "[protocol][plausible]") {
  auto r = load(std::string(valid_head) +
                "[[component]]\nactive = \"organic silicium\"\nstock = \"0.5 % w/v\"\nvolume = \"1 mL\"\n"
                "[[component]]\nactive = \"MMST\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n" +
                valid_tail);
  REQUIRE(r.has_value());
  REQUIRE(r->warnings.size() == 1);
  CHECK(to_string(r->warnings[0]) ==
        "p.toml:12:9: warning: the same stock twice: organic-silicium 5 mg/mL also at line 8: intended?; hint: two "
        "components of one active add up; remove one if the ampoule was entered twice");
}

TEST_CASE("a suspended active needs an acknowledgement with a reason", "[protocol][status]") {
  const std::string buflomedil = "active = \"buflomedil\"\nstock = \"50 mg/5 mL\"\nvolume = \"1 mL\"\n";
  CHECK_THAT(only_error(with_component(buflomedil)),
             Catch::StartsWith("p.toml:7:10: error: Buflomedil is suspended: EU marketing authorisations suspended") &&
                 Catch::EndsWith("hint: if it is used all the same, say so in this [[component]]: acknowledged = "
                                 "\"who decided, and why\""));
  CHECK(only_error(with_component(buflomedil + "acknowledged = \"-\"\n")) ==
        "p.toml:10:16: error: \"acknowledged\" needs a reason in words; hint: write who decided to use this active, "
        "and why");
  auto r = load(with_component(buflomedil + "acknowledged = \"Dr X, 2026-11-20: patient informed\"\n"));
  REQUIRE(r.has_value());
  CHECK(r->protocol.components[0].acknowledged == "Dr X, 2026-11-20: patient informed");
  auto w = load(with_component("active = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\nacknowledged = \"x\"\n"));
  REQUIRE(w.has_value());
  REQUIRE(w->warnings.size() == 1);
  CHECK_THAT(w->warnings[0].message, Catch::Contains("is for a withdrawn or suspended active"));
}

TEST_CASE("nesting deeper than 64 levels is refused where it crosses the limit, before parsing",
          "[protocol][nesting]") {
  auto dotted = [](int n) {
    std::string key = "a";
    for (int i = 1; i < n; ++i) key += ".a";
    return key;
  };
  // 64 levels are TOML like any other (an unknown key); 65 are refused at the 65th
  CHECK_THAT(only_error(dotted(64) + " = 1\n" + valid_head + valid_tail), !Catch::Contains("nested"));
  CHECK(only_error(dotted(65) + " = 1\n" + valid_head + valid_tail) ==
        "p.toml:1:128: error: nested deeper than 64 levels (dotted keys, tables, arrays); hint: a protocol needs a few "
        "levels: look for a runaway key or bracket");
  CHECK_THAT(only_error("[" + dotted(65) + "]\n" + valid_head + valid_tail),
             Catch::StartsWith("p.toml:1:129: error: nested deeper than 64"));
  CHECK_THAT(only_error("[" + dotted(40) + "]\n" + dotted(25) + " = 1\n" + valid_head + valid_tail),
             Catch::StartsWith("p.toml:2:48: error: nested deeper than 64"));
  CHECK_THAT(only_error("x = " + std::string(64, '[') + std::string(64, ']') + "\n" + valid_head + valid_tail),
             Catch::StartsWith("p.toml:1:68: error: nested deeper than 64"));
  CHECK_THAT(only_error("x = " + std::string(63, '[') + std::string(63, ']') + "\n" + valid_head + valid_tail),
             !Catch::Contains("nested"));
  std::string inline_tables = "x = ";
  for (int i = 0; i < 70; ++i) inline_tables += "{a = ";
  inline_tables += "1" + std::string(70, '}');
  CHECK_THAT(only_error(inline_tables + "\n" + valid_head + valid_tail),
             Catch::StartsWith("p.toml:1:323: error: nested deeper than 64"));
  // brackets, braces and dots inside strings and comments do not nest
  const std::string quiet = "# " + std::string(200, '[') + "\nindication = \"" + std::string(200, '{') + dotted(100) +
                            "\"\nauthors = ['''" + std::string(100, '[') + "''']\n";
  CHECK(load(std::string(valid_head) + quiet + valid_tail).has_value());
}

TEST_CASE("the nesting guard's quick count never lets a too-deep text through, at any limit", "[protocol][nesting]") {
  // Texts of depth d that spend as few dots, brackets and braces as TOML allows (d - 1), each
  // judged at limits around d: the count alone decides when it is far enough below the limit,
  // the scan otherwise. A comment full of dots forces the scan, which must agree.
  auto chain = [](int d, const std::string& first, const std::string& next) {
    std::string s = first;
    for (int i = 1; i < d; ++i) s += next;
    return s;
  };
  for (int d = 1; d <= 10; ++d) {
    const std::vector<std::string> texts{
        chain(d, "a", ".a") + " = 1\n",
        d > 1 ? "[" + chain(d - 1, "a", ".a") + "]\nb = 1\n" : "b = 1\n",
        "x = " + std::string(static_cast<std::size_t>(d - 1), '[') + "1" +
            std::string(static_cast<std::size_t>(d - 1), ']') + "\n",
        "x = " + chain(d, "", "{a = ") + "1" + std::string(static_cast<std::size_t>(d - 1), '}') + "\n",
    };
    for (const auto& text : texts) {
      for (int limit = 1; limit <= 12; ++limit) {
        INFO(text << " at limit " << limit);
        CHECK(detail::too_deep(text, limit).has_value() == (d > limit));
        CHECK(detail::too_deep("# " + std::string(40, '.') + "\n" + text, limit).has_value() == (d > limit));
      }
    }
  }
}

TEST_CASE("every shipped protocol, catalog and batch passes the nesting guard", "[protocol][nesting]") {
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(MESOMIX_SOURCE_DIR) / "formulations")) {
    if (e.path().extension() != ".toml" || e.path().parent_path().filename() != "protocols") continue;
    INFO(e.path());
    std::ifstream in(e.path(), std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CHECK(load(text).has_value());
  }
}

TEST_CASE("a UTF-8 byte-order mark is skipped, not blamed on a unit", "[protocol]") {
  const std::string text =
      "\xEF\xBB\xBF" + with_component("active = \"minoxidil\"\nstock = \"0.5 % w/v\"\nvolume = \"2 mL\"\n");
  auto r = load(text);
  REQUIRE(r.has_value());
  CHECK(r->protocol.components.size() == 1);
  // positions on the first line are unchanged by the mark
  CHECK_THAT(only_error("\xEF\xBB\xBFschema = 2\n"), Catch::Contains("p.toml:1:10: error: schema 2 is not known"));
}

TEST_CASE("a phase repeating less than a day apart is refused, and a bad unit hints durations", "[protocol]") {
  auto with_phase = [](const std::string& every) {
    return std::string(valid_head) +
           "[[component]]\nactive = \"minoxidil\"\nstock = \"0.5 % w/v\"\nvolume = \"2 mL\"\n" +
           "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 60\n[course]\nsessions = 2\n"
           "[[course.phase]]\nsessions = 2\nevery = \"" +
           every + "\"\n";
  };
  CHECK(only_error(with_phase("1 min")) ==
        "p.toml:17:9: error: \"every\": sessions 1 min apart are less than a day apart; hint: write the interval in "
        "days or weeks, e.g. \"1 week\"");
  CHECK_THAT(only_error(with_phase("23 h")), Catch::Contains("less than a day apart"));
  CHECK(only_error(with_phase("1 d")) == "(loaded)");
  CHECK_THAT(only_error(with_phase("2 fortnights")), Catch::Contains("hint: accepted: min, h, d, week"));
}

TEST_CASE("a limit for an active whose component has an error is not called unused", "[protocol]") {
  const std::string text = with_component("active = \"minoxidil\"\nstock = \"0.5 % w/v\"\nvolume = \"2 cc\"\n") +
                           "[limits.minoxidil]\nmax_per_session = \"10 mg\"\n";
  const std::string errors = only_error(text);
  CHECK_THAT(errors, Catch::Contains("\"cc\" is not accepted"));
  CHECK_THAT(errors, !Catch::Contains("which no component"));
}

// protocol-format.md, "Salt forms and presentations".
TEST_CASE("form names a salt of the active: the component keeps its catalog name and exact factor",
          "[protocol][forms]") {
  auto r = load(
      with_component("active = \"lidocaine\"\nform = \"Lidocaine HCl\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n"));
  REQUIRE(r.has_value());
  const Component& c = r->protocol.components[0];
  CHECK(c.active == "lidocaine");
  CHECK(c.form == "Lidocaine hydrochloride");
  CHECK(c.base_per_form == Exact(23434, 27080));
  CHECK(c.form_at.line == 8);
  auto base = load(with_component("active = \"lidocaine\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n"));
  REQUIRE(base.has_value());
  CHECK(base->protocol.components[0].form.empty());
  CHECK(base->protocol.components[0].base_per_form == 1);
}

TEST_CASE("an active named by a salt form resolves to its active with that form, never a did-you-mean of the base",
          "[protocol][forms]") {
  auto lidocaine =
      load(with_component("active = \"lidocaine hydrochloride\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n"));
  REQUIRE(lidocaine.has_value());
  CHECK(lidocaine->warnings.empty());
  CHECK(lidocaine->protocol.components[0].active == "lidocaine");
  CHECK(lidocaine->protocol.components[0].form == "Lidocaine hydrochloride");
  auto minoxidil = load(with_component("active = \"minoxidil sulfate\"\nstock = \"0.5 % w/v\"\nvolume = \"1 mL\"\n"));
  REQUIRE(minoxidil.has_value());
  CHECK(minoxidil->protocol.components[0].active == "minoxidil");
  CHECK(minoxidil->protocol.components[0].form == "Minoxidil sulfate");
  CHECK(minoxidil->protocol.components[0].base_per_form == Exact(20925, 28931));
  // the same form given twice agrees; another form is refused at the form
  CHECK(load(with_component("active = \"minoxidil sulfate\"\nform = \"minoxidil sulphate\"\nstock = \"0.5 % w/v\"\n"
                            "volume = \"1 mL\"\n"))
            .has_value());
  CHECK(only_error(with_component("active = \"lidocaine hydrochloride\"\nform = \"lidocaine hydrochloride "
                                  "monohydrate\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:8:8: error: form \"lidocaine hydrochloride monohydrate\" disagrees with the active \"lidocaine "
        "hydrochloride\", which is Lidocaine hydrochloride; hint: write active = \"lidocaine\" with the form of the "
        "label, or remove form");
  // a [limits] key naming a salt holds the salt's figures, as the base
  auto limited = load(with_component("active = \"lidocaine\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n") +
                      "[limits.\"lidocaine hydrochloride\"]\nmax_per_session = \"100 mg\"\n");
  REQUIRE(limited.has_value());
  CHECK(limited->protocol.limits[0].active == "lidocaine");
  CHECK(limited->protocol.limits[0].form == "Lidocaine hydrochloride");
  CHECK(in_mg(*limited->protocol.limits[0].limits.per_session) == 100 * Exact(23434, 27080));
}

TEST_CASE("a form that is not one of the active's is refused at the form, with the forms the catalog knows",
          "[protocol][forms]") {
  CHECK(only_error(with_component(
            "active = \"lidocaine\"\nform = \"lidocaine sulfate\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:8:8: error: \"lidocaine sulfate\" is not a form of Lidocaine in the catalog; hint: the forms of "
        "Lidocaine are \"Lidocaine hydrochloride\", \"Lidocaine hydrochloride monohydrate\"; or write the stock's "
        "strength as the base");
  CHECK_THAT(
      only_error(with_component("active = \"lidocaine\"\nform = \"lidocaine hydrochlorid\"\nstock = \"1 % w/v\"\n"
                                "volume = \"1 mL\"\n")),
      Catch::Contains("hint: did you mean \"Lidocaine hydrochloride\"?"));
  CHECK(only_error(with_component(
            "active = \"finasteride\"\nform = \"finasteride acetate\"\nstock = \"0.05 % w/v\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:8:8: error: \"finasteride acetate\" is not a form of Finasteride in the catalog; hint: write the "
        "stock's strength as the base, or add the form to the catalog");
  // another active's form is no form of this one
  CHECK_THAT(only_error(with_component(
                 "active = \"lidocaine\"\nform = \"minoxidil sulfate\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n")),
             Catch::Contains("\"minoxidil sulfate\" is not a form of Lidocaine"));
}

TEST_CASE("form on an active the catalog does not know is refused: no molar mass converts it", "[protocol][forms]") {
  // (after the warning every unknown active gets)
  CHECK_THAT(
      only_error(with_component(
          "active = \"unobtainium\"\nform = \"unobtainium chloride\"\nstock = \"1 mg/mL\"\nvolume = \"1 mL\"\n")),
      Catch::EndsWith(
          "\np.toml:8:8: error: form \"unobtainium chloride\": \"unobtainium\" is not in the catalog, so no molar mass "
          "converts it to the base; hint: write the stock's strength as the base, or add the "
          "active and its forms to the catalog"));
}

TEST_CASE("form naming the base itself is refused", "[protocol][forms]") {
  CHECK(only_error(with_component(
            "active = \"lidocaine\"\nform = \"lignocaine\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n")) ==
        "p.toml:8:8: error: form \"lignocaine\" is Lidocaine itself, the base; hint: remove form: a stock without "
        "form is of the base");
}

TEST_CASE("two forms of one active in one protocol are refused at the later component", "[protocol][forms]") {
  const std::string two = std::string(valid_head) +
                          "[[component]]\nactive = \"lidocaine\"\nstock = \"1 % w/v\"\nvolume = \"1 mL\"\n"
                          "[[component]]\nactive = \"lidocaine\"\nform = \"lidocaine hydrochloride\"\n"
                          "stock = \"2 % w/v\"\nvolume = \"1 mL\"\n" +
                          valid_tail;
  CHECK(only_error(two) ==
        "p.toml:12:8: error: lidocaine is written as the base at line 7 and as \"Lidocaine hydrochloride\" here: the "
        "components of one active are of one form; hint: write both stocks as the same form (convert one strength), "
        "so that they add up like with like");
  // without a form key, the later component is pointed at by its active
  const std::string salt_then_base = std::string(valid_head) +
                                     "[[component]]\nactive = \"lidocaine hydrochloride\"\nstock = \"1 % w/v\"\n"
                                     "volume = \"1 mL\"\n[[component]]\nactive = \"lidocaine\"\nstock = \"2 % w/v\"\n"
                                     "volume = \"1 mL\"\n" +
                                     valid_tail;
  CHECK_THAT(only_error(salt_then_base),
             Catch::StartsWith("p.toml:11:10: error: lidocaine is written as \"Lidocaine hydrochloride\" at line 7 "
                               "and as the base here"));
}
