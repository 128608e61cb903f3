// The command line's conventions (app/main.cpp; cli-contract.md, "Second edition"): formats by
// name or by the -o extension, help and examples, "did you mean", several files as JSON Lines,
// colour only where a person reads it.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using test_support::run_mesomix;

namespace {

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
const std::string saline = (test_support::source_dir() / "formulations/protocols/hair-target-saline.toml").string();
const std::string batch = (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("format names: only those listed for the command, and a wrong one says them", "[cli]") {
  for (const auto& wrong : {"2", "0", "jsn", "pdf2", "docx"}) {
    INFO(wrong);
    const auto r = run_mesomix({"dose", classic, "--format", wrong});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("--format takes text, markdown, json, html or pdf"));
    CHECK_THAT(r.err, !Catch::Contains("CheckedTransformer") && !Catch::Contains("{"));
  }
  const auto catalog = run_mesomix({"catalog", "--format", "pdf"});
  CHECK(catalog.exit_code == 2);
  CHECK_THAT(catalog.err,
             Catch::Contains("catalog has no format \"pdf\"; hint: --format takes text, markdown, json or html"));
  const auto record = run_mesomix({"record", classic, "--batch", batch, "--format", "json"});
  CHECK(record.exit_code == 2);
  CHECK_THAT(record.err, Catch::Contains("--format takes text, markdown, html or pdf"));
  CHECK(run_mesomix({"dose", classic, "--format", "JSON"}).exit_code == 0);  // names ignore case
}

TEST_CASE("an output file (-o) chooses the format from the extension, case-insensitively, and writes the sheet there",
          "[cli][io]") {
  test_support::TempDir dir;
  const std::pair<const char*, const char*> cases[] = {{"dose.txt", "Dose sheet: "},
                                                       {"dose.MD", "# Dose sheet: "},
                                                       {"dose.Html", "<!DOCTYPE html>"},
                                                       {"dose.json", "{"},
                                                       {"dose.PDF", "%PDF-"}};
  for (const auto& [name, start] : cases) {
    INFO(name);
    const auto path = dir.path() / name;
    const auto r = run_mesomix({"dose", classic, "-o", path.string()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(test_support::read_file(path).rfind(start, 0) == 0);
  }
  const auto mix = dir.path() / "mix.md";
  CHECK(run_mesomix({"mix", classic, "-o", mix.string()}).exit_code == 0);
  CHECK(test_support::read_file(mix).rfind("# Preparation worksheet", 0) == 0);
  const auto catalog = dir.path() / "catalog.json";
  CHECK(run_mesomix({"catalog", "-o", catalog.string()}).exit_code == 0);
  CHECK(nlohmann::json::parse(test_support::read_file(catalog)).is_object());
  const auto record = dir.path() / "record.MD";
  CHECK(run_mesomix({"record", classic, "--batch", batch, "-o", record.string()}).exit_code == 0);
  CHECK(test_support::read_file(record).rfind("# ", 0) == 0);
}

TEST_CASE("an output file (-o) with another extension, or a --format that disagrees, is exit 2 and writes nothing",
          "[cli][io]") {
  test_support::TempDir dir;
  for (const auto& name : {"dose.doc", "dose", "dose.toml"}) {
    INFO(name);
    const auto path = dir.path() / name;
    const auto r = run_mesomix({"dose", classic, "-o", path.string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("name the file .txt, .md, .json, .html, .htm or .pdf"));
    CHECK(!std::filesystem::exists(path));
  }
  const auto record = run_mesomix({"record", classic, "--batch", batch, "-o", (dir.path() / "rec.json").string()});
  CHECK(record.exit_code == 2);
  CHECK_THAT(record.err, Catch::Contains("is not a format record writes"));
  const auto disagree = run_mesomix({"dose", classic, "--format", "html", "-o", (dir.path() / "d.md").string()});
  CHECK(disagree.exit_code == 2);
  CHECK_THAT(disagree.err, Catch::Contains("--format html and -o"));
  CHECK(run_mesomix({"dose", classic, "--format", "markdown", "-o", (dir.path() / "d.md").string()}).exit_code == 0);
  CHECK(std::filesystem::is_empty(dir.path()) == false);
}

TEST_CASE("the output file - is standard output", "[cli][io]") {
  const auto r = run_mesomix({"dose", classic, "-o", "-", "--format", "markdown"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("# Dose sheet", 0) == 0);
  CHECK(run_mesomix({"record", classic, "--batch", batch, "-o", "-"}).out ==
        run_mesomix({"record", classic, "--batch", batch}).out);
}

TEST_CASE("an output file (-o) never replaces an existing sheet without --force", "[cli][io]") {
  test_support::TempDir dir;
  const auto path = dir.file("dose.txt", "mine\n");
  const auto r = run_mesomix({"dose", classic, "-o", path.string()});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.err, Catch::Contains("already exists"));
  CHECK(test_support::read_file(path) == "mine\n");
  CHECK(run_mesomix({"dose", classic, "-o", path.string(), "--force"}).exit_code == 0);
  CHECK(test_support::read_file(path).rfind("Dose sheet", 0) == 0);
}

TEST_CASE("mesomix help and help COMMAND print the help with examples, and every --help has examples", "[cli]") {
  const auto top = run_mesomix({"help"});
  CHECK(top.exit_code == 0);
  CHECK_THAT(top.out, Catch::Contains("dose") && Catch::Contains("Examples:"));
  for (const char* command : {"dose", "mix", "record", "check", "convert", "catalog", "new", "help"}) {
    INFO(command);
    const auto help = run_mesomix({"help", command});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("Examples:\n  mesomix " + std::string(command)));
    const auto flag = run_mesomix({command, "--help"});
    CHECK(flag.exit_code == 0);
    CHECK_THAT(flag.out, Catch::Contains("Examples:"));
  }
  const auto unknown = run_mesomix({"help", "mx"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("did you mean \"mesomix help mix\"?"));
}

TEST_CASE("a mistyped command or option gets a \"did you mean\"", "[cli]") {
  const std::pair<std::vector<std::string>, const char*> cases[] = {
      {{"mx", classic}, "\"mx\" is not a mesomix command; hint: did you mean \"mesomix mix\"?"},
      {{"dos", classic}, "did you mean \"mesomix dose\"?"},
      {{"chekc", classic}, "did you mean \"mesomix check\"?"},
      {{"dose", classic, "--formt", "json"}, "mesomix dose has no option --formt; hint: did you mean --format?"},
      {{"mix", classic, "--session", "4"}, "did you mean --sessions?"},
      {{"mix", classic, "--batch-volum=3 mL"}, "did you mean --batch-volume?"},
      {{"record", classic, "--bacth", batch}, "did you mean --batch?"},
      {{"--catalgo", "x.toml", "dose", classic}, "did you mean --catalog?"},
  };
  for (const auto& [args, message] : cases) {
    INFO(message);
    const auto r = run_mesomix(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(message));
  }
  // options that exist are not questioned, wherever they stand
  CHECK(run_mesomix({"mix", classic, "--sessions", "2", "--category", "2", "--sterile-components", "--format", "json"})
            .exit_code == 0);
  CHECK(run_mesomix({"dose", "--catalog", (test_support::source_dir() / "formulations/catalog.toml").string(), classic})
            .exit_code == 0);
}

TEST_CASE("dose of several files with --format json prints JSON Lines, one object per file in order", "[cli]") {
  test_support::TempDir dir;
  const auto broken = dir.file("broken.toml", "schema = 1\n[protocol]\nid = \"x\"\n");
  const auto missing = dir.path() / "missing.toml";
  const auto r = run_mesomix({"dose", "--format", "json", classic, broken.string(), saline, missing.string()});
  CHECK(r.exit_code == 4);  // the highest of 0, 1, 0 and 4
  CHECK(r.err.empty());
  REQUIRE(count_lines(r.out) == 4);
  std::istringstream in(r.out);
  std::string line;
  std::vector<nlohmann::json> lines;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  CHECK(lines[0]["file"] == classic);
  CHECK(lines[0]["dose"]["protocol"]["id"] == "hair-classic-5");
  CHECK(lines[0]["dose"] == nlohmann::json::parse(run_mesomix({"dose", "--format", "json", classic}).out));
  CHECK(lines[1]["file"] == broken.string());
  CHECK(lines[1]["exit"] == 1);
  CHECK(lines[1]["diagnostics"].size() >= 1);
  CHECK(lines[1]["diagnostics"][0].get<std::string>().rfind(broken.string() + ":", 0) == 0);
  CHECK(lines[2]["dose"]["protocol"]["id"] == "hair-target-saline");
  CHECK(lines[3]["exit"] == 4);
  CHECK(lines[1].find("dose") == lines[1].end());

  const auto text = run_mesomix({"dose", classic, saline});
  CHECK(text.exit_code == 2);
  CHECK(text.out.empty());
  CHECK_THAT(text.err, Catch::Contains("several protocols print only as JSON Lines"));
  CHECK(run_mesomix({"dose", "--format", "json", classic, saline}).exit_code == 0);
}

TEST_CASE("many files on one thread or on several print the same bytes, in the order given", "[cli]") {
  test_support::TempDir dir;
  std::vector<std::string> files;
  const std::string text = test_support::read_file(classic);
  for (int i = 0; i < 24; ++i) {
    // every third file broken, so that errors and doses interleave across the threads
    files.push_back(
        dir.file(fmt::format("p{:02}.toml", i), i % 3 == 2 ? text.substr(0, text.size() / 2) : text).string());
    if (i % 5 == 0) files.push_back(saline);
  }
  for (const char* command : {"dose", "check"}) {
    INFO(command);
    std::vector<std::string> args{command};
    if (std::string(command) == "dose") args.insert(args.end(), {"--format", "json"});
    args.insert(args.end(), files.begin(), files.end());
    auto with = [&](const char* jobs) {
      auto a = args;
      a.insert(a.begin() + 1, {"--jobs", jobs});
      return run_mesomix(a);
    };
    const auto one = with("1");
    const auto four = with("4");
    CHECK(one.exit_code == 1);
    CHECK(four.exit_code == one.exit_code);
    CHECK(four.out == one.out);
    CHECK(four.err == one.err);
    CHECK_FALSE((one.out + one.err).empty());
    if (std::string(command) == "dose") {
      // streamed to stdout in blocks, or held and written to a file at once: the same bytes
      REQUIRE(one.out.size() > 64 * 1024);
      const auto to_file = dir.path() / "all.json";
      auto a = args;
      a.insert(a.end(), {"-o", to_file.string()});
      CHECK(run_mesomix(a).exit_code == 1);
      CHECK(test_support::read_file(to_file.string()) == one.out);
    }
  }
  CHECK(run_mesomix({"check", "--jobs", "0", classic}).exit_code == 2);
}

TEST_CASE("no colour in a pipe or a file, nor under NO_COLOR", "[cli]") {
  const auto r = run_mesomix({"dose", "/nonexistent/p.toml"});
  CHECK(r.err.find('\033') == std::string::npos);
  CHECK_THAT(r.err, Catch::Contains(": error: "));
}

TEST_CASE("colour marks error, warning and safety stop on a terminal, and NO_COLOR turns it off", "[cli]") {
  if (!test_support::have_program("script")) {
    WARN("no script(1): the terminal case is skipped");
    return;
  }
  test_support::TempDir dir;
  auto on_terminal = [&](const std::string& env) {
    const auto log = dir.path() / "typescript";
    const std::string inner = env + " " + test_support::shell_quote(MESOMIX_BINARY) + " dose /nonexistent/p.toml";
    const std::string command = "script -qec " + test_support::shell_quote(inner) + " " +
                                test_support::shell_quote(log.string()) + " >/dev/null 2>&1";
    CHECK(std::system(command.c_str()) != -1);
    return test_support::read_file(log);
  };
  CHECK_THAT(on_terminal("TERM=xterm"), Catch::Contains("\033[1;31merror\033[0m"));
  CHECK(on_terminal("TERM=xterm NO_COLOR=1").find("\033[1;31m") == std::string::npos);
}
