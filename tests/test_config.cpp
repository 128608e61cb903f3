// The configuration: files in order (system, user or MESOMIX_CONFIG), then flags; later wins;
// every error located; `mesomix config` shows each setting and where it came from.
#include <catch2/catch.hpp>

#include <map>

#include "mesomix/config.hpp"
#include "support.hpp"

using namespace mesomix;
using test_support::run_mesomix_env;
using test_support::TempDir;

namespace {

Environment fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Config read_one(const std::string& text, Diagnostics& out, const std::string& file = "/clinic/config.toml") {
  Config config;
  read_config(text, file, config, out);
  return config;
}

}  // namespace

TEST_CASE("config: every key is read into the plain struct, with where it was written", "[config]") {
  Diagnostics out;
  const Config c = read_one(
      "schema = 1\n"
      "catalog = \"catalog.toml\"\n"
      "devices = \"/srv/devices.toml\"\n"
      "bud_rules = \"../rules/bud.toml\"\n"
      "log = \"sqlite:log.sqlite\"\n"
      "lang = \"fr\"\n"
      "paper = \"letter\"\n"
      "[facility]\n"
      "name = \"Pharmacie du Parc\"\n"
      "address = \"1 rue du Parc, 75001 Paris\"\n"
      "[compounding]\n"
      "category = 2\n"
      "immediate_use = false\n"
      "storage = \"frozen\"\n"
      "sterile_components = true\n"
      "sterility_tested = false\n",
      out);
  REQUIRE(out.empty());
  CHECK(c.catalog.value == "/clinic/catalog.toml");  // relative to the config file's folder
  CHECK(c.catalog.origin == "/clinic/config.toml:2:11");
  CHECK(c.devices.value == "/srv/devices.toml");
  CHECK(c.bud_rules.value == "/rules/bud.toml");
  CHECK(c.log.value == "sqlite:/clinic/log.sqlite");
  CHECK(c.language() == "fr");
  CHECK(c.paper_size() == "letter");
  CHECK(c.facility.name.value == "Pharmacie du Parc");
  CHECK(c.facility.address.value == "1 rue du Parc, 75001 Paris");
  CHECK(c.compounding.category.value == 2);
  CHECK(c.compounding.immediate_use.value == false);
  CHECK(c.compounding.storage.value == "frozen");
  CHECK(c.compounding.sterile_components.value == true);
  CHECK(c.compounding.sterile_components.origin == "/clinic/config.toml:15:22");
  CHECK(c.compounding.sterility_tested.value == false);
}

TEST_CASE("config: nothing set means the built-in defaults: en, a4, shipped data", "[config]") {
  Diagnostics out;
  const Config c = read_one("", out);
  CHECK(out.empty());
  CHECK(c.language() == "en");
  CHECK(c.paper_size() == "a4");
  CHECK_FALSE(c.catalog.value);
  CHECK(c.catalog.origin.empty());
}

TEST_CASE("config: a postgresql URI in log is kept as written", "[config]") {
  Diagnostics out;
  const Config c = read_one("log = \"postgresql://mesomix@db:5432/log\"\n", out);
  CHECK(c.log.value == "postgresql://mesomix@db:5432/log");
}

TEST_CASE("config: errors are located, with what to write", "[config]") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases{
      {"lang = \"de\"\n",
       "/clinic/config.toml:1:8: error: \"lang\" = \"de\" is not known; hint: write one of \"en\", "
       "\"fr\", \"es\""},
      {"lang = \"fre\"\n", "hint: did you mean \"fr\"?"},
      {"paper = \"A5\"\n", "1:9: error: \"paper\" = \"A5\" is not known"},
      {"catalgo = \"x.toml\"\n",
       "1:1: error: unknown key \"catalgo\" in the config file; hint: did you mean "
       "\"catalog\"?"},
      {"catalog = 3\n", "1:11: error: \"catalog\" must be a string"},
      {"catalog = \"\"\n", "1:11: error: \"catalog\" is empty"},
      {"[compounding]\ncategory = 3\n", "2:12: error: \"category\" in [compounding] must be 1 or 2"},
      {"[compounding]\nstorage = \"fridge\"\n", "2:11: error: \"storage\" = \"fridge\" is not known"},
      {"[compounding]\nsterile_components = \"yes\"\n", "2:22: error: \"sterile_components\" must be true or false"},
      {"[facility]\nphone = \"1\"\n", "2:1: error: unknown key \"phone\" in [facility]"},
      {"schema = 2\n", "1:10: error: only schema = 1 is known"},
      {"lang = \n", "/clinic/config.toml:1:"},
  };
  for (const auto& c : cases) {
    Diagnostics out;
    read_one(c.text, out);
    INFO(c.text);
    REQUIRE(has_errors(out));
    CHECK_THAT(to_string(out.front()), Catch::Contains(c.expected));
  }
}

TEST_CASE("config: the files are the system one, then the user's (XDG, else ~/.config)", "[config]") {
  auto files = config_files(fake_env({{"HOME", "/home/ana"}}));
  REQUIRE(files.size() == 2);
  CHECK(files[0].path == "/etc/mesomix/config.toml");
  CHECK(files[0].role == "system");
  CHECK(files[1].path == "/home/ana/.config/mesomix/config.toml");

  files = config_files(fake_env({{"HOME", "/home/ana"}, {"XDG_CONFIG_HOME", "/xdg"}}));
  CHECK(files[1].path == "/xdg/mesomix/config.toml");

  // a relative XDG_CONFIG_HOME is invalid (XDG Base Directory): ignored
  files = config_files(fake_env({{"HOME", "/home/ana"}, {"XDG_CONFIG_HOME", "rel"}}));
  CHECK(files[1].path == "/home/ana/.config/mesomix/config.toml");

  files = config_files(fake_env({{"HOME", "/home/ana"}, {"MESOMIX_CONFIG", "/tmp/c.toml"}}));
  REQUIRE(files.size() == 2);
  CHECK(files[1].path == "/tmp/c.toml");
  CHECK(files[1].role == "MESOMIX_CONFIG");

  files = config_files(fake_env({{"MESOMIX_SYSTEM_CONFIG", ""}}));
  CHECK(files.empty());
}

TEST_CASE("config: later files win key by key, and MESOMIX_LOG wins over both", "[config]") {
  TempDir dir;
  const auto system = dir.file("system.toml", "lang = \"es\"\npaper = \"letter\"\n[facility]\nname = \"Chain\"\n");
  const auto user = dir.file("user.toml", "lang = \"fr\"\nlog = \"/var/log.sqlite\"\n");
  auto config = load_config(fake_env({{"MESOMIX_SYSTEM_CONFIG", system.string()},
                                      {"MESOMIX_CONFIG", user.string()},
                                      {"MESOMIX_LOG", "sqlite:/env.sqlite"}}));
  REQUIRE(config);
  CHECK(config->language() == "fr");
  CHECK(config->lang.origin == user.string() + ":1:8");
  CHECK(config->paper_size() == "letter");
  CHECK(config->facility.name.value == "Chain");
  CHECK(config->log.value == "sqlite:/env.sqlite");
  CHECK(config->log.origin == "MESOMIX_LOG");
  REQUIRE(config->files.size() == 2);
  CHECK(config->files[0].found);
  CHECK(config->files[1].found);

  apply_flag(config->lang, std::optional<std::string>("en"), "--lang");
  CHECK(config->language() == "en");
  CHECK(config->lang.origin == "--lang");
  apply_flag(config->paper, std::optional<std::string>{}, "--paper");  // not given: the file stands
  CHECK(config->paper_size() == "letter");
}

TEST_CASE("config: absent system and user files are fine, a missing MESOMIX_CONFIG file is exit 4", "[config]") {
  TempDir dir;
  auto config = load_config(fake_env(
      {{"MESOMIX_SYSTEM_CONFIG", (dir.path() / "none.toml").string()}, {"XDG_CONFIG_HOME", dir.path().string()}}));
  REQUIRE(config);
  CHECK_FALSE(config->files[0].found);
  CHECK_FALSE(config->files[1].found);

  auto missing =
      load_config(fake_env({{"MESOMIX_CONFIG", (dir.path() / "none.toml").string()}, {"MESOMIX_SYSTEM_CONFIG", ""}}));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().exit == ExitCode::io);
  CHECK_THAT(missing.error().diagnostics.front().hint, Catch::Contains("MESOMIX_CONFIG"));
}

TEST_CASE("config: mesomix config prints each setting and its source", "[config][cli]") {
  TempDir dir;
  const auto user = dir.file("c.toml", "# the clinic's\npaper = \"letter\"\n");
  const auto r = run_mesomix_env({"MESOMIX_CONFIG=" + user.string()}, {"config", "--catalog", "/x/cat.toml"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains(user.string() + " (MESOMIX_CONFIG): read"));
  CHECK_THAT(r.out, Catch::Contains("paper = \"letter\"  # " + user.string() + ":2:9"));
  CHECK_THAT(r.out, Catch::Contains("catalog = \"/x/cat.toml\"  # --catalog"));
  CHECK_THAT(r.out, Catch::Contains("lang = \"en\"  # default"));
  CHECK_THAT(r.out, Catch::Contains("# devices = (unset): the syringes shipped with mesomix"));
}

TEST_CASE("config: a config error stops every command with exit 1 at file:line:col", "[config][cli]") {
  TempDir dir;
  const auto bad = dir.file("c.toml", "\n\nlang = \"klingon\"\n");
  const auto r = run_mesomix_env({"MESOMIX_CONFIG=" + bad.string()}, {"convert", "1 mg", "mcg"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::StartsWith(bad.string() + ":3:8: error: \"lang\" = \"klingon\" is not known"));
}

TEST_CASE("config: the catalog named in the config file is the one a command uses", "[config][cli]") {
  TempDir dir;
  dir.file("c.toml", "catalog = \"no-such-catalog.toml\"\n");
  const auto r = run_mesomix_env({"MESOMIX_CONFIG=" + (dir.path() / "c.toml").string()}, {"catalog"});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.err, Catch::Contains((dir.path() / "no-such-catalog.toml").string()));
}

TEST_CASE("config: paper, the facility and the compounding defaults reach the printouts", "[config][cli]") {
  TempDir dir;
  const auto classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
  const auto batch = (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();
  dir.file("c.toml",
           "paper = \"letter\"\n[facility]\nname = \"Pharmacie du Parc\"\naddress = \"1 rue du Parc, 75001 Paris\"\n"
           "[compounding]\ncategory = 2\nstorage = \"refrigerated\"\nsterile_components = true\n");
  const std::string config = "MESOMIX_CONFIG=" + (dir.path() / "c.toml").string();
  // the record names the facility, its name then its address
  const auto record = run_mesomix_env({config}, {"record", classic, "--batch", batch});
  REQUIRE(record.exit_code == 0);
  CHECK_THAT(record.out, Catch::Contains("Facility:") && Catch::Contains("Pharmacie du Parc, 1 rue du Parc"));
  // labels carry it too
  const auto labels = run_mesomix_env({config}, {"label", classic, "--batch", batch});
  REQUIRE(labels.exit_code == 0);
  CHECK_THAT(labels.out, Catch::Contains("Compounded by Pharmacie du Parc"));
  // mix takes Category 2 from the configuration: two weekly sessions fit its 10 days
  const auto mix = run_mesomix_env({config}, {"mix", classic, "--sessions", "2"});
  CHECK(mix.exit_code == 0);
  CHECK_THAT(mix.out, Catch::Contains("(configuration)"));
  // and paper = letter sizes the html page
  const auto html = run_mesomix_env({config}, {"dose", classic, "--format", "html"});
  REQUIRE(html.exit_code == 0);
  CHECK_THAT(html.out, Catch::Contains("letter"));
}
