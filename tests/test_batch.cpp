// The batch file loader: every field, and its refusals with positions.
#include <catch2/catch.hpp>

#include "mesomix/batch.hpp"
#include "support.hpp"

using namespace mesomix;

namespace {

const std::string example = (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();

std::string all_errors(const std::string& text) {
  auto b = load_batch(text, "b.toml");
  if (b) return "(loaded)";
  std::string out;
  for (const auto& d : b.error()) out += (out.empty() ? "" : "\n") + to_string(d);
  return out;
}

constexpr const char* head =
    "schema = 1\n[batch]\nlot = \"L1\"\nprepared = 2026-11-24T10:30:00\npreparer = \"A\"\nverifier = \"B\"\n";

}  // namespace

TEST_CASE("the example batch file loads with every field", "[batch]") {
  auto b = load_batch(test_support::read_file(example), "example.toml");
  REQUIRE(b.has_value());
  CHECK(b->lot == "MM-2026-0042");
  CHECK(to_iso(b->prepared) == "2026-11-24T10:30:00");
  CHECK(to_iso(b->bud) == "2026-12-04T10:30:00");
  CHECK(b->preparer == "A. Okafor");
  CHECK(b->verifier == "J. Lindqvist");
  CHECK(b->first_session == 1);
  CHECK(*b->sessions == 2);
  CHECK_FALSE(b->volume);
  REQUIRE(b->compounding);
  CHECK(b->compounding->category == Category::two);
  CHECK(b->compounding->storage == Storage::refrigerated);
  CHECK(b->compounding->sterile_components);
  CHECK(b->compounding->from == "batch file");
  REQUIRE(b->components.size() == 5);
  CHECK(b->components[4].active == "organic silicium");
  CHECK(to_iso(b->components[2].expiry) == "2026-12-31");
  CHECK(b->sha256.size() == 64);
  CHECK_FALSE(b->diluent);
}

TEST_CASE("dates print in ISO 8601 with a four-digit year", "[batch]") {
  CHECK(to_iso(Date{2027, 3, 1}) == "2027-03-01");
  CHECK(to_iso(DateTime{{2026, 11, 24}, 9, 5, 0}) == "2026-11-24T09:05:00");
}

TEST_CASE("a batch file is checked like a protocol: every error, located, with a hint", "[batch]") {
  CHECK(all_errors("schema = 1\n[batch]\nlot = \"L1\"\n") ==
        "b.toml:2:1: error: [batch] needs \"prepared\"; hint: add prepared = 2026-11-24T10:30:00\n"
        "b.toml:2:1: error: [batch] needs \"preparer\"; hint: add preparer = \"...\"\n"
        "b.toml:2:1: error: [batch] needs \"verifier\"; hint: add verifier = \"...\"\n"
        "b.toml:2:1: error: [batch] needs sessions or volume: what the preparation was scaled to; hint: add sessions = "
        "10\n"
        "b.toml:2:1: error: [batch] needs \"bud\"; hint: add bud = 2026-11-24T10:30:00\n"
        "b.toml:2:1: error: [batch] needs \"storage\"; hint: add storage = \"...\"");
  CHECK(all_errors(std::string(head) + "sessions = 1\nbud = \"tomorrow\"\nstorage = \"cold\"\n") ==
        "b.toml:8:7: error: \"bud\" must be a TOML local date-time, not a string; hint: write it unquoted as "
        "YYYY-MM-DDTHH:MM:SS, e.g. 2026-11-24T10:30:00");
  CHECK(all_errors(std::string(head) +
                   "sessions = 1\nvolume = \"3 mL\"\nbud = 2026-11-25T10:30:00\nstorage = \"cold\"\n") ==
        "b.toml:8:10: error: give sessions or volume, not both; hint: keep the one the preparation was scaled to");
  CHECK(all_errors(std::string(head) + "volume = \"3 cc\"\nbud = 2026-11-25T10:30:00Z\nstorage = \"cold\"\n") ==
        "b.toml:7:13: error: \"volume\": \"cc\" is not accepted; hint: write mL\n"
        "b.toml:8:7: error: \"bud\" must be a local date-time, without a time zone offset; hint: write it as "
        "YYYY-MM-DDTHH:MM:SS");
  CHECK(all_errors(std::string(head) + "sessions = 1\nbud = 2026-11-25T10:30:00\nstorage = \"cold\"\n"
                                       "[[component]]\nactive = \"biotin\"\nproduct = \"P\"\nmanufacturer = \"M\"\nlot "
                                       "= \"X\"\nexpiry = \"2027\"\nexpire = 1\n") ==
        "b.toml:15:10: error: \"expiry\" must be a TOML date, not a string; hint: write it unquoted as YYYY-MM-DD, "
        "e.g. 2027-01-31\n"
        "b.toml:16:1: error: unknown key \"expire\" in [[component]]; hint: did you mean \"expiry\"?");
}

TEST_CASE("[compounding] and first_session: every error located", "[batch]") {
  const std::string head =
      "schema = 1\n[batch]\nlot = \"L\"\nprepared = 2026-01-01T00:00:00\npreparer = \"A\"\nverifier = \"B\"\n"
      "sessions = 1\nbud = 2026-01-02T00:00:00\nstorage = \"s\"\n";
  auto error_of = [&](const std::string& extra) {
    auto b = load_batch(head + extra, "b.toml");
    REQUIRE_FALSE(b.has_value());
    return b.error().front();
  };
  CHECK_THAT(error_of("[compounding]\ncategory = 3\nstorage = \"room\"\n").message, Catch::Contains("more than the 2"));
  CHECK_THAT(error_of("[compounding]\ncategory = 1\nstorage = \"warm\"\n").message,
             Catch::Contains("storage \"warm\" is not known"));
  CHECK_THAT(error_of("[compounding]\ncategory = 1\nimmediate_use = true\nstorage = \"room\"\n").message,
             Catch::Contains("not both"));
  CHECK_THAT(error_of("[compounding]\nstorage = \"room\"\n").message, Catch::Contains("category"));
  CHECK_THAT(error_of("[compounding]\ncategory = 2\nstorage = \"room\"\nsterile_components = \"yes\"\n").message,
             Catch::Contains("true or false"));
  const auto e = error_of("[compounding]\ncategory = 1\nstorage = \"room\"\nsterile = true\n");
  CHECK(e.pos.line == 13);
  auto ok = load_batch(head + "[compounding]\nimmediate_use = true\nstorage = \"room\"\n", "b.toml");
  REQUIRE(ok);
  CHECK(ok->compounding->category == Category::immediate_use);
}
