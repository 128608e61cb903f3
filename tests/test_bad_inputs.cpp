// The bad-input corpus: every file in tests/bad/ is run through `mesomix dose` and must give
// the exit code, the position and the message its row of expectations.tsv says, with
// nothing at all on stdout.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "support.hpp"

namespace {

struct Expectation {
  std::string file;
  int exit_code = 0;
  std::string position;  // "line:col", or "line:" where toml++ chooses the column
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
    std::getline(row, code, '\t');
    std::getline(row, e.position, '\t');
    std::getline(row, e.fragment);
    e.exit_code = std::stoi(code);
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("every file of the bad-input corpus fails as expected, with an empty stdout", "[bad]") {
  const auto bad = test_support::source_dir() / "tests/bad";
  const auto rows = expectations();
  // every corpus file has its row, and every row its file
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(bad))
    if (e.path().extension() == ".toml") ++files;
  CHECK(files == rows.size());
  CHECK(rows.size() >= 50);
  for (const auto& e : rows) {
    const std::string path = (bad / e.file).string();
    INFO(e.file);
    REQUIRE(std::filesystem::exists(path));
    const auto r = test_support::run_mesomix({"dose", path});
    CHECK(r.exit_code == e.exit_code);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(path + ":" + e.position));
    CHECK_THAT(r.err, Catch::Contains(e.fragment));
  }
}
