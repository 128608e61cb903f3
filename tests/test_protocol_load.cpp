// Loading protocols: every field, both modes, and every refusal with its line and column.
#include <catch2/catch.hpp>

#include <string>

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
[limits.minoxidil]
max_per_session = "5 mg"
[limits."organic silicium"]
max_per_injection = "100 mcg"
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
  REQUIRE(p.limits.size() == 2);
  CHECK(p.limits[1].active == "organic-silicium");
  CHECK(p.instructions.contraindications == std::vector<std::string>{"c"});
  CHECK(p.sha256.size() == 64);
  // a limit for an active no component uses is worth a warning
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0].message, Catch::Contains("minoxidil"));
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

TEST_CASE("an unknown active is allowed, with a warning and a did-you-mean", "[protocol]") {
  auto r = load(with_component("active = \"minoxidill\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"));
  REQUIRE(r.has_value());
  REQUIRE(r->warnings.size() == 1);
  CHECK(to_string(r->warnings[0]) ==
        "p.toml:7:10: warning: active \"minoxidill\" is not in the catalog: no limits or warnings are known for it; "
        "hint: did you mean \"minoxidil\"?");
  CHECK_FALSE(r->protocol.components[0].in_catalog);
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
