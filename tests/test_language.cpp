// Languages (cli-contract.md, "languages"): French and Spanish sheets with a decimal comma and
// a narrow no-break space between thousands, the ISMP rules kept; input always with a decimal
// point; the language from --lang or the config, never the locale; golden fr and es sheets
// (reviewed by eye once). That every message has its translation is scripts/i18n check, a
// ctest of its own (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "golden.hpp"
#include "i18n/tr.hpp"
#include "mesomix/catalog.hpp"
#include "mesomix/format.hpp"
#include "mesomix/language.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/quantity.hpp"
#include "support.hpp"

using namespace mesomix;
using test_support::run_mesomix;
namespace fs = std::filesystem;

namespace {

using test_support::check_golden;

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
const std::string classic_batch =
    (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();

constexpr const char* nnbsp = "\u202f";  // narrow no-break space

Mass mg(const char* text) { return *parse_mass(text); }

}  // namespace

TEST_CASE("English numbers keep the decimal point and the comma between thousands", "[language]") {
  CHECK(format_mass(mg("2.5 mg")) == "2.5 mg");
  CHECK(format_mass(mg("1500 mg")) == "1,500 mg");
  CHECK(output_language() == Language::en);
}

TEST_CASE("French and Spanish numbers take a decimal comma and a narrow no-break space between thousands",
          "[language]") {
  for (Language l : {Language::fr, Language::es}) {
    const LanguageScope scope(l);
    CHECK(format_volume(*parse_volume("0.05 mL")) == "0,05 mL");               // the leading zero kept
    CHECK(format_mass(mg("0.05 mg")) == "50 mcg");                             // mcg below 1 mg
    CHECK(format_mass(mg("2.50 mg")) == "2,5 mg");                             // no trailing zero
    CHECK(format_mass(mg("1000 mg")) == std::string("1") + nnbsp + "000 mg");  // 1 000 mg
    CHECK(format_number(Exact(1234567, 10), Precision::exact) == std::string("123") + nnbsp + "456,7");
  }
}

TEST_CASE("w/v reads m/v in French and p/v in Spanish", "[language]") {
  const Strength half_percent = *parse_strength("5 mg/mL");
  {
    const LanguageScope fr(Language::fr);
    CHECK(format_percent(half_percent) == std::string("0,5") + nnbsp + "% m/v");  // French: a narrow space before %
  }
  {
    const LanguageScope es(Language::es);
    CHECK(format_percent(half_percent) == "0,5 % p/v");
  }
  CHECK(format_percent(half_percent) == "0.5 % w/v");
}

TEST_CASE("a scope sets the language and gives the previous one back", "[language]") {
  {
    const LanguageScope fr(Language::fr);
    CHECK(output_language() == Language::fr);
    {
      const LanguageScope es(Language::es);
      CHECK(output_language() == Language::es);
    }
    CHECK(output_language() == Language::fr);
  }
  CHECK(output_language() == Language::en);
}

TEST_CASE("a message is translated, English untouched, an unknown text printed as written", "[language]") {
  CHECK(tr("Read first") == "Read first");
  {
    const LanguageScope fr(Language::fr);
    CHECK(tr("Read first") != "Read first");
    CHECK(tr("no such message, written by a pharmacy's own catalog") ==
          "no such message, written by a pharmacy's own catalog");
  }
  const LanguageScope es(Language::es);
  CHECK(trf("Batch volume: {}", "8 mL").find("8 mL") != std::string::npos);
  CHECK(trf("Batch volume: {}", "8 mL") != "Batch volume: 8 mL");
}

TEST_CASE("plurals follow each language: French counts 0 as one, Spanish and English as many", "[language]") {
  CHECK(trn("session", "sessions", 0) == "sessions");
  CHECK(trn("session", "sessions", 1) == "session");
  {
    const LanguageScope fr(Language::fr);
    CHECK(trn("session", "sessions", 0) == trn("session", "sessions", 1));
    CHECK(trn("session", "sessions", 2) != trn("session", "sessions", 1));
  }
  const LanguageScope es(Language::es);
  CHECK(trn("session", "sessions", 0) == trn("session", "sessions", 2));
  CHECK(trn("session", "sessions", 1) != trn("session", "sessions", 2));
}

TEST_CASE("every printed text of the shipped catalog has its French and Spanish translation", "[language]") {
  for (const auto& a : shipped_catalog().actives) {
    std::vector<std::string> texts{a.limits_note, a.status.text, a.plausible.note};
    for (const auto& w : a.warnings) texts.push_back(w.text);
    for (const auto& p : a.presentations) texts.push_back(p.description);
    for (const auto& t : texts) {
      if (t.empty()) continue;
      INFO(t);
      CHECK(has_translation(Language::fr, t));
      CHECK(has_translation(Language::es, t));
    }
  }
}

TEST_CASE("an input's diagnostics keep the decimal point and English in every language", "[language]") {
  const LanguageScope fr(Language::fr);
  const auto loaded = load_protocol(R"(schema = 1
[protocol]
id = "p"
title = "T"
version = "1.0.0"
[[component]]
active = "minoxidil"
stock = "0.5 % w/v"
product = "Minoxidil 2 % w/v"
volume = "1 mL"
[injection]
volume_per_point = "0.05 mL"
points_per_session = 10
[course]
sessions = 1
)",
                                    "p.toml", shipped_catalog());
  REQUIRE_FALSE(loaded);
  const std::string text = to_lines(loaded.error());
  CHECK_THAT(text, Catch::Contains("20 mg/mL"));
  CHECK_THAT(text, Catch::Contains("the label and the number disagree"));
  CHECK_THAT(text, !Catch::Contains("0,5"));
}

TEST_CASE("a protocol written with a decimal comma is refused in every language, with the fix", "[language]") {
  test_support::TempDir dir;
  const auto file = dir.file("comma.toml", R"(schema = 1
[protocol]
id = "p"
title = "T"
version = "1.0.0"
[[component]]
active = "minoxidil"
stock = "0,5 % w/v"
volume = "1 mL"
[injection]
volume_per_point = "0.05 mL"
points_per_session = 10
[course]
sessions = 1
)");
  const auto out = run_mesomix({"dose", file.string(), "--lang", "fr"});
  CHECK(out.exit_code == 1);
  CHECK(out.out.empty());
  CHECK_THAT(out.err, Catch::Contains("write 0.5 (a decimal point)"));
}

TEST_CASE("the --lang flag wins over the config's lang, and the locale is never read", "[language]") {
  test_support::TempDir dir;
  const auto config = dir.file("config.toml", "schema = 1\nlang = \"es\"\n");
  const auto english = run_mesomix({"dose", classic}, {"LANG=fr_FR.UTF-8", "LC_ALL=fr_FR.UTF-8"});
  const auto spanish = run_mesomix({"dose", classic}, {"MESOMIX_CONFIG=" + config.string()});
  const auto french = run_mesomix({"dose", classic, "--lang", "fr"}, {"MESOMIX_CONFIG=" + config.string()});
  REQUIRE(english.exit_code == 0);
  REQUIRE(spanish.exit_code == 0);
  REQUIRE(french.exit_code == 0);
  CHECK_THAT(english.out, Catch::StartsWith("Dose sheet: "));
  CHECK_THAT(spanish.out, Catch::Contains("0,5 % p/v"));
  CHECK_THAT(french.out, Catch::Contains(std::string("0,5") + nnbsp + "% m/v"));
  const auto where = run_mesomix({"config"}, {"MESOMIX_CONFIG=" + config.string()});
  CHECK_THAT(where.out, Catch::Contains("lang = \"es\""));
}

TEST_CASE("an unknown language is a usage error", "[language]") {
  const auto r = run_mesomix({"dose", classic, "--lang", "de"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("\"de\" is not a language mesomix prints in; write en, fr or es"));
}

TEST_CASE("a French record verifies in French and is re-derived from the log in French", "[language]") {
  test_support::TempDir dir;
  const std::string log = "MESOMIX_LOG=sqlite:" + (dir.path() / "log.sqlite").string();
  const auto record = dir.path() / "record.txt";
  const auto made =
      run_mesomix({"record", classic, "--batch", classic_batch, "--lang", "fr", "-o", record.string()}, {log});
  REQUIRE(made.exit_code == 0);
  const std::string text = test_support::read_file(record);
  {
    const LanguageScope fr(Language::fr);
    CHECK(text.find(trf("Compounding record: lot {}", "")) != std::string::npos);
  }
  const auto verified =
      run_mesomix({"record", classic, "--batch", classic_batch, "--lang", "fr", "--verify", record.string()}, {log});
  CHECK(verified.exit_code == 0);
  const auto in_english =
      run_mesomix({"record", classic, "--batch", classic_batch, "--verify", record.string()}, {log});
  CHECK(in_english.exit_code == 1);  // the same record printed in English differs
  const auto recomputed = run_mesomix({"log", "verify", "--recompute"}, {log});
  CHECK(recomputed.exit_code == 0);
  INFO(recomputed.out << recomputed.err);
}

TEST_CASE("golden French and Spanish dose sheets, worksheets and records", "[language][golden]") {
  for (const char* lang : {"fr", "es"}) {
    INFO(lang);
    const fs::path dir = test_support::source_dir() / "tests/golden" / lang;
    for (const char* p : {"hair-classic-5", "hair-target-saline", "minoxidil-0.5-weekly"}) {
      const std::string file =
          (test_support::source_dir() / "formulations/protocols" / (std::string(p) + ".toml")).string();
      const auto dose = run_mesomix({"dose", file, "--lang", lang});
      REQUIRE(dose.exit_code == 0);
      check_golden(dir / (std::string(p) + ".dose.txt"), dose.out);
      const auto mix = run_mesomix({"mix", file, "--lang", lang});
      REQUIRE(mix.exit_code == 0);
      check_golden(dir / (std::string(p) + ".mix.txt"), mix.out);
    }
    const auto record = run_mesomix({"record", classic, "--batch", classic_batch, "--lang", lang});
    REQUIRE(record.exit_code == 0);
    check_golden(dir / "hair-classic-5.record.txt", record.out);
    const auto labels = run_mesomix({"label", classic, "--batch", classic_batch, "--lang", lang});
    REQUIRE(labels.exit_code == 0);
    check_golden(dir / "hair-classic-5.labels.txt", labels.out);
  }
}
