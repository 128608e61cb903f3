// The command line as a user meets it: exit codes, nothing on stdout on failure, errors
// on stderr with file:line:col.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include "support.hpp"

using test_support::run_mesomix;

namespace {

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();

constexpr const char* over_limit = R"(schema = 1
[protocol]
id = "p"
title = "T"
version = "1"
[[component]]
active = "lidocaine"
stock = "2 % w/v"
volume = "25 mL"
form = "lidocaine hydrochloride"
[injection]
volume_per_point = "0.2 mL"
points_per_session = 100
[course]
sessions = 1
)";

}  // namespace

TEST_CASE("convert prints the exact value in the unit asked", "[cli]") {
  auto r = run_mesomix({"convert", "0.5 % w/v", "mg/mL"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "5 mg/mL\n");
  CHECK(run_mesomix({"convert", "50 mg/5 mL", "mg/mL"}).out == "10 mg/mL\n");
  CHECK(run_mesomix({"convert", "1:1000", "% w/v"}).out == "0.1 % w/v\n");
  CHECK(run_mesomix({"convert", "50 \xC2\xB5L", "mL"}).out == "0.05 mL\n");
  CHECK(run_mesomix({"convert", "0.05 mL", "\xC2\xB5L"}).out == "50 mcL\n");
  CHECK(run_mesomix({"convert", "1 g", "mg"}).out == "1,000 mg\n");
}

TEST_CASE("convert refuses a bad quantity or a unit of another kind, with nothing on stdout", "[cli]") {
  auto bad = run_mesomix({"convert", "2 cc", "mL"});
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.empty());
  CHECK(bad.err == "mesomix: error: \"2 cc\", column 3: \"cc\" is not accepted; hint: write mL\n");
  auto kind = run_mesomix({"convert", "5 mg", "mL"});
  CHECK(kind.exit_code == 1);
  CHECK(kind.out.empty());
  CHECK_THAT(kind.err, Catch::Contains("is a mass"));
}

TEST_CASE("a wrong command line exits 2 with a one-line hint", "[cli]") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {"frobnicate"}, {"dose"}, {"convert", "1 mg"}, {"dose", classic, "--format", "docx"}}) {
    auto r = run_mesomix(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.err, Catch::Contains("; hint: "));
  }
}

TEST_CASE("the version and help flags exit 0", "[cli]") {
  auto v = run_mesomix({"--version"});
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::StartsWith("mesomix "));
  auto h = run_mesomix({"--help"});
  CHECK(h.exit_code == 0);
  for (const char* command : {"convert", "dose", "check", "catalog", "new"})
    CHECK_THAT(h.out, Catch::Contains(command));
}

TEST_CASE("dose of the default protocol prints a sheet and exits 0", "[cli]") {
  auto r = run_mesomix({"dose", classic});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::StartsWith("Dose sheet: Classic five-active hair cocktail\n"));
  CHECK_THAT(r.out, Catch::Contains("Buflomedil") && Catch::Contains("suspended"));
}

TEST_CASE("an unreadable input exits 4 with nothing on stdout", "[cli]") {
  test_support::TempDir dir;
  auto missing = run_mesomix({"dose", (dir.path() / "none.toml").string()});
  CHECK(missing.exit_code == 4);
  CHECK(missing.out.empty());
  CHECK_THAT(missing.err, Catch::Contains("none.toml:1:1: error: no such file"));
  auto directory = run_mesomix({"dose", dir.path().string()});
  CHECK(directory.exit_code == 4);
  CHECK_THAT(directory.err, Catch::Contains("is a directory"));
  const auto big = dir.file("big.toml", std::string(1024 * 1024 + 1, '#'));
  auto too_big = run_mesomix({"dose", big.string()});
  CHECK(too_big.exit_code == 4);
  CHECK_THAT(too_big.err, Catch::Contains("more than the 1048576"));
  if (::geteuid() != 0) {  // root reads anything
    const auto locked = dir.file("locked.toml", "schema = 1\n");
    ::chmod(locked.c_str(), 0);
    auto unreadable = run_mesomix({"dose", locked.string()});
    CHECK(unreadable.exit_code == 4);
  }
}

TEST_CASE("an invalid protocol exits 1 with file:line:col on stderr and nothing on stdout", "[cli]") {
  test_support::TempDir dir;
  const auto f =
      dir.file("bad.toml",
               "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n"
               "[[component]]\nactive = \"biotin\"\nstock = \"5 cc\"\nvolume = \"1 mL\"\n"
               "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n[course]\nsessions = 1\n");
  for (const char* format : {"text", "markdown", "json"}) {
    auto r = run_mesomix({"dose", f.string(), "--format", format});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == f.string() + ":8:12: error: \"stock\": \"cc\" is not accepted; hint: write mL\n");
  }
}

TEST_CASE("over a limit is a safety stop (exit 3) unless overridden with a reason, which the sheet shows", "[cli]") {
  test_support::TempDir dir;
  const auto f = dir.file("over.toml", over_limit);
  auto stopped = run_mesomix({"dose", f.string()});
  CHECK(stopped.exit_code == 3);
  CHECK(stopped.out.empty());
  // 400 mg and 300 mg of lidocaine hydrochloride, each held (and named) as the base it is
  CHECK_THAT(stopped.err,
             Catch::Contains(":6:1: safety stop: Lidocaine per session is 346.144756277… mg of base (400 mg as "
                             "Lidocaine hydrochloride), over the limit of 259.608567208… mg of base (300 mg as "
                             "Lidocaine hydrochloride)"));
  CHECK_THAT(stopped.err, Catch::Contains("--allow-over-limit"));
  auto overridden = run_mesomix({"dose", f.string(), "--allow-over-limit", "80 kg patient, prescriber J. Doe"});
  CHECK(overridden.exit_code == 0);
  CHECK_THAT(overridden.out, Catch::Contains("Limit override: 80 kg patient, prescriber J. Doe"));
  CHECK_THAT(overridden.out, Catch::Contains("LIMIT OVERRIDDEN") && Catch::Contains("reason given: 80 kg patient"));
  auto json = run_mesomix({"dose", f.string(), "--format", "json", "--allow-over-limit", "reason"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"code\": \"over-limit\""));
}

TEST_CASE("check reports every file's problems as file:line:col and exits 1 on any error", "[cli]") {
  test_support::TempDir dir;
  const auto good = dir.file("good.toml", run_mesomix({"new"}).out);
  const auto bad = dir.file("bad.toml", "schema = 1\n[protocl]\n");
  auto ok = run_mesomix({"check", good.string()});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.empty());
  CHECK_THAT(ok.err, !Catch::Contains("error:"));  // figures outside published practice are warnings
  auto both = run_mesomix({"check", good.string(), bad.string()});
  CHECK(both.exit_code == 1);
  CHECK(both.out.empty());
  CHECK_THAT(both.err,
             Catch::EndsWith(
                 bad.string() + ":1:1: error: the protocol file needs \"[protocol]\"; hint: add a [protocol] table\n" +
                 bad.string() + ":1:1: error: the protocol file needs \"[course]\"; hint: add a [course] table\n" +
                 bad.string() +
                 ":2:2: error: unknown key \"protocl\" in the protocol file; hint: did you mean \"protocol\"?\n"));
  auto over = run_mesomix({"check", dir.file("over.toml", over_limit).string()});
  CHECK(over.exit_code == 0);
  CHECK_THAT(over.err, Catch::Contains(":6:1: warning: Lidocaine per session is 346.144756277… mg of base (400 mg as "
                                       "Lidocaine hydrochloride), over the limit of"));
}

TEST_CASE("every file in formulations/ passes check with no error and no warning, each checked as what it is",
          "[cli]") {
  std::vector<std::string> args{"check"};
  for (const auto& e : std::filesystem::recursive_directory_iterator(test_support::source_dir() / "formulations"))
    if (e.path().extension() == ".toml") args.push_back(e.path().string());
  CHECK(args.size() >= 10);  // protocols, the catalog, the devices, a batch
  auto r = run_mesomix(args);
  CHECK(r.exit_code == 0);
  // a shipped protocol is what a clinic copies: inside published practice, so not even a warning
  CHECK(r.err.empty());
}

TEST_CASE("the template from `new` passes check", "[cli]") {
  auto t = run_mesomix({"new"});
  CHECK(t.exit_code == 0);
  test_support::TempDir dir;
  auto r = run_mesomix({"check", dir.file("new.toml", t.out).string()});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, !Catch::Contains("error:"));
}

TEST_CASE("catalog lists every active, in text and JSON, and --catalog replaces it", "[cli]") {
  auto text = run_mesomix({"catalog"});
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("Buflomedil (buflomedil)") && Catch::Contains("MMST"));
  auto json = run_mesomix({"catalog", "--format", "json"});
  CHECK(json.exit_code == 0);
  // lidocaine's 300 mg of the hydrochloride, as the base; its forms with their molar masses
  CHECK_THAT(json.out, Catch::Contains("\"max_per_session_mg\": 259.60856720827") &&
                           Catch::Contains("\"name\": \"Lidocaine hydrochloride\"") &&
                           Catch::Contains("\"molar_mass_g_per_mol\": 270.8"));
  test_support::TempDir dir;
  const auto own = dir.file(
      "own.toml", "schema = 1\n[[active]]\nid = \"zinc\"\nname = \"Zinc\"\nlimits_note = \"none published\"\n");
  auto replaced = run_mesomix({"--catalog", own.string(), "catalog"});
  CHECK(replaced.exit_code == 0);
  CHECK_THAT(replaced.out, Catch::Contains("Zinc (zinc)"));
  CHECK_THAT(replaced.out, !Catch::Contains("Minoxidil"));
  auto broken = run_mesomix({"catalog", "--catalog", dir.file("broken.toml", "schema = 1\n[[active]]\n").string()});
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.empty());
  // many files stop at a broken catalog before any of them: its error alone, nothing on stdout
  const auto broken_path = (dir.path() / "broken.toml").string();
  for (const char* jobs : {"1", "2"}) {
    INFO(jobs);
    auto many = run_mesomix({"dose", "--format", "json", "--jobs", jobs, "--catalog", broken_path, classic, classic});
    CHECK(many.exit_code == 1);
    CHECK(many.out.empty());
    CHECK_THAT(many.err, Catch::StartsWith(broken_path + ":"));
    auto checked = run_mesomix({"check", "--jobs", jobs, "--catalog", broken_path, classic, classic});
    CHECK(checked.exit_code == 1);
    CHECK(checked.err == many.err);
  }
  // with the pharmacy's own catalog, minoxidil is unknown: a warning, not an error
  const auto saline = (test_support::source_dir() / "formulations/protocols/hair-target-saline.toml").string();
  auto dose = run_mesomix({"--catalog", own.string(), "dose", saline});
  CHECK(dose.exit_code == 0);
  CHECK_THAT(dose.out, Catch::Contains("is not in the catalog"));
  // but a stock of a salt of an active it does not know has no molar mass to be counted by
  auto salt = run_mesomix({"--catalog", own.string(), "dose", classic});
  CHECK(salt.exit_code == 1);
  CHECK_THAT(salt.err, Catch::Contains("form \"buflomedil hydrochloride\": \"buflomedil\" is not in the catalog"));
}

TEST_CASE("mix prints the worksheet of the default protocol and exits 0", "[cli]") {
  auto r = run_mesomix({"mix", classic});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::StartsWith("Preparation worksheet: Classic five-active hair cocktail\n"));
  CHECK_THAT(r.out, Catch::Contains("session 1 of 10 (day 0): 1 × 2.1 mL per session"));
  auto scaled =
      run_mesomix({"mix", classic, "--sessions", "2", "--overage", "10", "--category", "2", "--sterile-components"});
  CHECK(scaled.exit_code == 0);
  CHECK_THAT(scaled.out, Catch::Contains("sessions 1 to 2 of 10 (days 0 to 7): 2 × 2.1 mL per session, dead volume "
                                         "included,"));
  CHECK_THAT(scaled.out, Catch::Contains("plus 10 % overage"));
  auto by_volume = run_mesomix({"mix", classic, "--batch-volume", "3.5 mL"});
  CHECK(by_volume.exit_code == 0);
  CHECK_THAT(by_volume.out, Catch::Contains("Prepared for:     a batch of 3.5 mL"));
}

TEST_CASE("mix refuses a wrong command line with exit 2", "[cli]") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"mix", classic, "--sessions", "3", "--batch-volume", "10 mL"},
                                             {"mix", classic, "--plan", "--sessions", "2"},
                                             {"mix", classic, "--category", "3"},
                                             {"mix", classic, "--storage", "warm"},
                                             {"mix", classic, "--immediate-use", "--category", "1"},
                                             {"mix", classic, "--from-session", "0"},
                                             {"mix", classic, "--sessions", "0"},
                                             {"mix", classic, "--batch-volume", "10 cc"},
                                             {"mix", classic, "--overage", "150"},
                                             {"mix", classic, "--overage", "ten"}}) {
    auto r = run_mesomix(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(r.err.empty());
  }
}

TEST_CASE("mix safety stops exit 3 with nothing on stdout", "[cli]") {
  test_support::TempDir dir;
  const auto tiny =
      dir.file("tiny.toml",
               "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n"
               "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"
               "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 1\n[course]\nsessions = 1\n");
  auto r = run_mesomix({"mix", tiny.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK_THAT(r.err,
             Catch::Contains("safety stop: biotin 5 mg/mL: 0.05 mL cannot be measured within 5 % on the 1 mL syringe"));
  auto over = run_mesomix({"mix", dir.file("over.toml", over_limit).string()});
  CHECK(over.exit_code == 3);
  CHECK(over.out.empty());
}

TEST_CASE("mix stops (exit 3) when rounding moves a delivered dose more than 5 %", "[cli]") {
  // one 10 mL syringe with 0.5 mL marks; both draws round up: biotin 5.01 -> 5.5 mL,
  // minoxidil 7.99 -> 8 mL; biotin is then 5 x 5.5 / 13.5 against 5 x 5.01 / 13: +5.7 %
  test_support::TempDir dir;
  const auto coarse = dir.file(
      "coarse.toml", "schema = 1\n[[syringe]]\nname = \"coarse\"\ncapacity = \"10 mL\"\ngraduation = \"0.5 mL\"\n");
  const auto p =
      dir.file("p.toml",
               "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n"
               "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"5.01 mL\"\n"
               "[[component]]\nactive = \"minoxidil\"\nstock = \"5 mg/mL\"\nvolume = \"7.99 mL\"\n"
               "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n[course]\nsessions = 1\n");
  auto r = run_mesomix({"mix", p.string(), "--devices", coarse.string(), "--batch-volume", "13 mL"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK_THAT(
      r.err,
      Catch::Contains(
          "safety stop: Biotin: after rounding the draws, 2.04 mg/mL is delivered instead of 1.93 mg/mL (5.71 %)"));
}

TEST_CASE("mix with the pharmacy's own devices, and a missing or broken devices file", "[cli]") {
  test_support::TempDir dir;
  const auto own = dir.file(
      "devices.toml", "schema = 1\n[[syringe]]\nname = \"Luer 50 mL\"\ncapacity = \"50 mL\"\ngraduation = \"1 mL\"\n");
  const auto big = dir.file("big.toml",
                            "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n"
                            "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"10 mL\"\n"
                            "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 400\n"
                            "[course]\nsessions = 1\n");
  // 100 mg of biotin a session is far outside its plausible range: said to be meant
  auto r = run_mesomix({"mix", big.string(), "--devices", own.string(), "--allow-implausible", "a syringe test"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Luer 50 mL"));
  auto missing = run_mesomix({"mix", classic, "--devices", (dir.path() / "none.toml").string()});
  CHECK(missing.exit_code == 4);
  CHECK(missing.out.empty());
  auto broken = run_mesomix({"mix", classic, "--devices", dir.file("bad.toml", "schema = 1\n").string()});
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.empty());
  auto mechanical = run_mesomix(
      {"mix", (test_support::source_dir() / "formulations/protocols/mechanical-microneedling.toml").string()});
  CHECK(mechanical.exit_code == 1);
  CHECK(mechanical.out.empty());
}

TEST_CASE("check reads a batch, devices or catalog file as what it is", "[cli]") {
  test_support::TempDir dir;
  const auto batch = dir.file("b.toml", "schema = 1\n[batch]\nlot = \"L\"\nprepared = 2026-01-01T00:00:00\n");
  auto r = run_mesomix({"check", batch.string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains(batch.string() + ":2:1: error: [batch] needs \"preparer\""));
  const auto devices =
      dir.file("d.toml", "schema = 1\n[[syringe]]\nname = \"s\"\ncapacity = \"1 mL\"\ngraduation = \"0.3 mL\"\n");
  CHECK_THAT(run_mesomix({"check", devices.string()}).err, Catch::Contains("does not divide a capacity"));
  const auto catalog = dir.file("c.toml", "schema = 1\n[[active]]\nid = \"x\"\nname = \"X\"\n");
  CHECK_THAT(run_mesomix({"check", catalog.string()}).err,
             Catch::Contains("has neither [active.limits] nor limits_note"));
}

TEST_CASE("a mix too small for one session is an error, not a worksheet covering 0 sessions", "[cli]") {
  const auto r = run_mesomix({"mix", classic, "--batch-volume", "2 mL"});  // less than the 2.1 mL of one session
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("covers no session (2.1 mL drawn per session)"));
  CHECK(run_mesomix({"mix", classic, "--batch-volume", "2.1 mL"}).exit_code != 1);
}

TEST_CASE("check places a batch smaller than one session at its first component", "[cli]") {
  test_support::TempDir dir;
  const auto small = dir.file("small.toml", R"(schema = 1
[protocol]
id = "p"
title = "T"
version = "1"
[[component]]
active = "minoxidil"
stock = "0.5 % w/v"
volume = "1 mL"
[injection]
volume_per_point = "0.05 mL"
points_per_session = 60
[course]
sessions = 10
)");
  const auto r = run_mesomix({"check", small.string()});
  CHECK_THAT(r.err, Catch::Contains(small.string() + ":6:1: warning: one batch (1 mL) covers less than one session"));
}

TEST_CASE("a mechanical protocol given to mix is an error at the file's first line", "[cli]") {
  const auto mechanical =
      (test_support::source_dir() / "formulations/protocols/mechanical-microneedling.toml").string();
  const auto r = run_mesomix({"mix", mechanical});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains(mechanical + ":1:1: error: a mechanical protocol has no cocktail to prepare"));
}

TEST_CASE("mix --sessions past the BUD stops (exit 3) and points to --plan", "[cli][bud]") {
  auto r = run_mesomix({"mix", classic, "--sessions", "2"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("safety stop: session 2 (day 7) begins after the beyond-use date: 24 h from the "
                                    "preparation on day 0 (USP <797> Category 1, refrigerated); hint: prepare the "
                                    "sessions within one BUD together: mesomix mix --plan"));
  auto past = run_mesomix({"mix", classic, "--from-session", "10", "--sessions", "2", "--category", "2"});
  CHECK(past.exit_code == 3);
  CHECK_THAT(past.err, Catch::Contains("sessions 10 to 11 are asked for, but the course has 10 sessions"));
}

TEST_CASE("mix --plan prints the course's preparations, in text and JSON", "[cli][bud]") {
  auto text = run_mesomix({"mix", classic, "--plan", "--category", "2", "--sterile-components"});
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("Beyond-use limit: 10 d (USP <797> Category 2, aseptically processed"));
  // days 0, 7 | 14, 21 | 35 | 49 | 63 | 91 | 119 | 147
  CHECK_THAT(text.out, Catch::Contains("Preparations:     8"));
  CHECK_THAT(text.out, Catch::Contains("mesomix mix --from-session 3 --sessions 2"));
  auto json = run_mesomix({"mix", classic, "--plan", "--format", "json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"plan\": [") && Catch::Contains("\"preparation\": 10") &&
                           Catch::Contains("\"hours\": 24.0") &&
                           Catch::Contains("\"basis\": \"USP <797> Category 1, refrigerated\""));
}

TEST_CASE("immediate use of the five-stock cocktail is an error (exit 1)", "[cli][bud]") {
  auto r = run_mesomix({"mix", classic, "--immediate-use"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("immediate use is for at most 3 sterile products; this preparation combines 5"));
}

TEST_CASE("mix --bud-rules replaces the shipped rules, and a broken one is an error", "[cli][bud]") {
  test_support::TempDir dir;
  const auto own = dir.file(
      "rules.toml",
      "schema = 1\nname = \"Local\"\nsource = \"SOP 12\"\n[storage]\nroom = \"r\"\nrefrigerated = \"Fridge\"\n"
      "frozen = \"f\"\n[[rule]]\nlabel = \"Category 1\"\ncategory = \"1\"\nrefrigerated = \"8 d\"\nsource = \"s\"\n");
  auto r = run_mesomix({"mix", classic, "--bud-rules", own.string(), "--sessions", "2"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("8 d (Local Category 1, refrigerated)"));
  auto broken = run_mesomix({"mix", classic, "--bud-rules", dir.file("bad.toml", "schema = 1\n").string()});
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.empty());
  auto check = run_mesomix({"check", own.string()});
  CHECK(check.exit_code == 0);
}

TEST_CASE("dose prints the schedule, with dates from --start, and JSON course.schedule", "[cli][schedule]") {
  auto r = run_mesomix({"dose", classic, "--start", "2026-12-01"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("2026-12-01") && Catch::Contains("2027-04-27"));  // day 147
  auto bad = run_mesomix({"dose", classic, "--start", "2026-02-30"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  auto json = run_mesomix({"dose", classic, "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"schedule\": [") && Catch::Contains("\"session_minutes\": 20"));
}
