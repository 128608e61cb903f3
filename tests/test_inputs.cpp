// Inputs resolved once (inputs.hpp), the one diagnostic printer (diagnostic.hpp) and
// Expected's void case (expected.hpp): the plumbing every command shares.
#include <catch2/catch.hpp>

#include "mesomix/commands.hpp"
#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/inputs.hpp"
#include "mesomix/sha256.hpp"
#include "support.hpp"

using namespace mesomix;

TEST_CASE("a shipped input is the bytes of its formulations file, named by the mesomix version", "[inputs]") {
  for (auto [kind, file] : {std::pair{InputKind::catalog, "formulations/catalog.toml"},
                            std::pair{InputKind::devices, "formulations/devices.toml"}}) {
    INFO(file);
    const auto input = resolve_input(kind, std::nullopt);
    REQUIRE(input);
    const std::string on_disk = test_support::read_file(test_support::source_dir() / file);
    CHECK(input->shipped());
    CHECK(input->bytes == on_disk);
    CHECK(input->sha256 == sha256_hex(on_disk));
    CHECK(input->name == "shipped with mesomix " + std::string(mesomix_version()));
  }
}

TEST_CASE("a named input is the file's bytes under its path, hashed once", "[inputs]") {
  test_support::TempDir dir;
  const auto file = dir.file("devices.toml", "schema = 1\n");
  const auto input = resolve_input(InputKind::devices, file.string());
  REQUIRE(input);
  CHECK_FALSE(input->shipped());
  CHECK(input->name == file.string());
  CHECK(input->bytes == "schema = 1\n");
  // SHA-256 of "schema = 1\n", worked out with sha256sum
  CHECK(input->sha256 == sha256_hex("schema = 1\n"));
}

TEST_CASE("an unreadable input, or one mesomix does not ship and nobody named, is a diagnostic", "[inputs]") {
  test_support::TempDir dir;
  const auto missing = resolve_input(InputKind::catalog, (dir.path() / "none.toml").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "no such file");
  const auto protocol = resolve_input(InputKind::protocol, std::nullopt);
  REQUIRE_FALSE(protocol);
  CHECK(protocol.error().message == "no protocol given");
}

TEST_CASE("Inputs keeps each input once and finds it by kind", "[inputs]") {
  Inputs inputs;
  REQUIRE(inputs.add(InputKind::catalog, std::nullopt));
  REQUIRE(inputs.add(InputKind::devices, std::nullopt));
  CHECK(inputs.find(InputKind::catalog)->kind == InputKind::catalog);
  CHECK(inputs.find(InputKind::batch) == nullptr);
  const auto digests = inputs.digests();
  REQUIRE(digests.size() == 2);
  CHECK(digests[1].kind == InputKind::devices);
  CHECK(digests[1].shipped);
  CHECK(digests[1].sha256 == inputs.find(InputKind::devices)->sha256);
}

TEST_CASE("errors, warnings and safety stops print one way", "[inputs][diagnostic]") {
  CHECK(to_string(Diagnostic{"p.toml", {3, 7}, Severity::error, "bad", "write good"}) ==
        "p.toml:3:7: error: bad; hint: write good");
  CHECK(to_string(Diagnostic{"p.toml", {3, 7}, Severity::warning, "odd", {}}) == "p.toml:3:7: warning: odd");
  CHECK(to_string(Diagnostic{"b.toml", {}, Severity::stop, "expired", "use another lot"}) ==
        "b.toml: safety stop: expired; hint: use another lot");
  const Diagnostics ds{{"a", {}, Severity::stop, "x", {}}, {"a", {1, 1}, Severity::warning, "y", {}}};
  CHECK(to_lines(ds) == "a: safety stop: x\na:1:1: warning: y\n");
  CHECK(has_stops(ds));
  CHECK_FALSE(has_errors(ds));
}

TEST_CASE("Expected<void, E> is success or the problem", "[inputs][expected]") {
  const Expected<void, Diagnostic> ok{};
  CHECK(ok);
  const Expected<void, Diagnostic> failed = unexpected(Diagnostic{"f", {}, Severity::error, "cannot", {}});
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message == "cannot");
}
