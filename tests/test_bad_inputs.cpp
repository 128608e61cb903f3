// The bad-input corpus: every file in tests/bad/ is run through mesomix as its row of
// expectations.tsv says (dose, mix, or record of the classic protocol with it as the batch)
// and must give that exit code, position and message, with nothing at all on stdout.
// Files that cannot live in the repository (10 MB, a directory, missing, unreadable) are made here.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "support.hpp"

namespace {

struct Expectation {
  std::string file;
  std::string command;
  int exit_code = 0;
  std::string position;  // "line:col"; "line:" where toml++ chooses the column; empty for the whole run
  std::string fragment;
};

std::vector<Expectation> expectations() {
  std::vector<Expectation> out;
  std::istringstream in(test_support::read_file(test_support::source_dir() / "tests/bad/expectations.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    Expectation e;
    std::string code;
    std::getline(row, e.file, '\t');
    std::getline(row, e.command, '\t');
    std::getline(row, code, '\t');
    std::getline(row, e.position, '\t');
    std::getline(row, e.fragment);
    e.exit_code = std::stoi(code);
    out.push_back(e);
  }
  return out;
}

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();

test_support::Run run(const std::string& command, const std::string& path) {
  if (command == "record") return test_support::run_mesomix({"record", classic, "--batch", path});
  return test_support::run_mesomix({command, path});
}

}  // namespace

TEST_CASE("every file of the bad-input corpus fails as expected, with an empty stdout", "[bad]") {
  const auto bad = test_support::source_dir() / "tests/bad";
  const auto rows = expectations();
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(bad))
    if (e.path().extension() == ".toml") ++files;
  CHECK(files == rows.size());  // every corpus file has its row, and every row its file
  CHECK(rows.size() >= 60);
  for (const auto& e : rows) {
    const std::string path = (bad / e.file).string();
    INFO(e.file << " (" << e.command << ")");
    REQUIRE(std::filesystem::exists(path));
    const auto r = run(e.command, path);
    CHECK(r.exit_code == e.exit_code);
    if (e.exit_code == 0) continue;  // an extreme that is still valid: it must simply work
    CHECK(r.out.empty());
    if (!e.position.empty()) CHECK_THAT(r.err, Catch::Contains(path + ":" + e.position));
    CHECK_THAT(r.err, Catch::Contains(e.fragment));
  }
}

TEST_CASE("files that cannot be read are exit 4 with nothing on stdout, for every command", "[bad]") {
  test_support::TempDir dir;
  const auto big = dir.file("big.toml", "schema = 1\ntitle = \"" + std::string(10 * 1024 * 1024, 'x') + "\"\n");
  const auto directory = dir.path() / "folder.toml";
  std::filesystem::create_directory(directory);
  const auto missing = dir.path() / "missing.toml";
  const std::pair<std::filesystem::path, const char*> cases[] = {
      {big, "the file is 10485782 bytes, more than the 1048576 an input may have"},
      {directory, "is a directory, not a file"},
      {missing, "no such file"},
  };
  for (const auto& [path, message] : cases) {
    for (const char* command : {"dose", "mix", "check", "record"}) {
      INFO(path.filename().string() << " " << command);
      const auto r = run(command, path.string());
      CHECK(r.exit_code == 4);
      CHECK(r.out.empty());
      CHECK_THAT(r.err, Catch::Contains(path.string() + ":1:1: error: " + message));
    }
  }
  if (::geteuid() == 0) {
    WARN("the unreadable-file case is skipped: root reads any file");
  } else {
    const auto locked = dir.file("locked.toml", "schema = 1\n");
    ::chmod(locked.c_str(), 0);
    const auto r = run("dose", locked.string());
    CHECK(r.exit_code == 4);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("cannot be read"));
  }
}
