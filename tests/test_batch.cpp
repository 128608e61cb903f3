// The batch file loader: every field, and its refusals with positions.
#include <catch2/catch.hpp>

#include "mesomix/batch.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/units.hpp"
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
  CHECK(to_iso(b->components[2].lots.at(0).expiry) == "2026-12-31");
  CHECK(b->components[2].lot_numbers() == "BT-0917");
  CHECK_FALSE(b->patient);
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

TEST_CASE("a diluent's strength is refused: the protocol gives none to compare it with", "[batch]") {
  CHECK(all_errors(std::string(head) + "sessions = 1\nbud = 2026-11-25T10:30:00\nstorage = \"cold\"\n"
                                       "[diluent]\nproduct = \"Sodium chloride 0.9 %\"\nmanufacturer = \"M\"\n"
                                       "strength = \"9 mg/mL\"\nlot = \"S1\"\nexpiry = 2027-01-31\n") ==
        "b.toml:13:12: error: [diluent] has no strength to check: the protocol names its diluent without one; hint: "
        "leave strength out; the product names the diluent (\"Sodium chloride 0.9 %, 10 mL\")");
}

TEST_CASE("the [compounding] table and first_session: every error located", "[batch]") {
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

namespace {

constexpr const char* full_head =
    "schema = 1\n[batch]\nlot = \"L1\"\nprepared = 2026-11-24T10:30:00\npreparer = \"A\"\nverifier = \"B\"\n"
    "sessions = 1\nbud = 2026-11-25T10:30:00\nstorage = \"cold\"\n";

}  // namespace

TEST_CASE("patient, order, several lots per component and kit lots load with every field", "[batch]") {
  const std::string text = std::string(full_head) +
                           "[patient]\nid = \"P-2026-0042\"\nname = \"Ada Example\"\nbirth_date = 1980-05-02\n"
                           "weight = \"72.5 kg\"\n"
                           "[order]\nprescriber = \"Dr Who\"\nnumber = \"RX-1\"\n"
                           "[[component]]\nactive = \"minoxidil\"\nproduct = \"P\"\nmanufacturer = \"M\"\n"
                           "strength = \"0.5 % w/v\"\n"
                           "[[component.lot]]\nlot = \"A1\"\nexpiry = 2027-03-31\nvolume = \"5 mL\"\n"
                           "[[component.lot]]\nlot = \"A2\"\nexpiry = 2027-01-31\nvolume = \"2.8 mL\"\n"
                           "[[adjunct]]\nname = \"Platelet-rich plasma\"\nlot = \"KIT-77\"\nexpiry = 2027-01-31\n";
  auto b = load_batch(text, "b.toml");
  INFO(all_errors(text));
  REQUIRE(b.has_value());
  REQUIRE(b->patient);
  CHECK(b->patient->id == "P-2026-0042");
  CHECK(b->patient->name == "Ada Example");
  CHECK(to_iso(*b->patient->birth_date) == "1980-05-02");
  CHECK(*b->patient->weight == grams(72500));  // 72.5 kg, kept as a mass
  REQUIRE(b->order);
  CHECK(b->order->prescriber == "Dr Who");
  CHECK(b->order->number == "RX-1");
  REQUIRE(b->components.size() == 1);
  const auto& c = b->components[0];
  CHECK(*c.strength == mg_per_ml(5));  // 0.5 % w/v
  REQUIRE(c.lots.size() == 2);
  CHECK(c.lot_numbers() == "A1, A2");
  CHECK(*c.lots[1].volume == millilitres(Exact(28, 10)));
  CHECK(c.earliest().lot == "A2");
  REQUIRE(b->adjuncts.size() == 1);
  CHECK(b->adjuncts[0].lot == "KIT-77");
}

TEST_CASE("kg only in a body weight, and the new tables' errors located", "[batch]") {
  CHECK(parse_body_weight("72 kg").has_value());
  CHECK(parse_body_weight("72kg").has_value());
  CHECK_FALSE(parse_body_weight("72").has_value());
  CHECK_FALSE(parse_body_weight("72000 g").has_value());
  CHECK_FALSE(parse_body_weight("0 kg").has_value());
  CHECK_FALSE(parse_body_weight("-3 kg").has_value());
  // kg is no dose unit: a component's volume in kg is refused by the quantity grammar
  CHECK_THAT(all_errors(std::string(full_head) + "[patient]\nid = \"P\"\nname = \"N\"\nweight = \"72 lb\"\n"),
             Catch::Contains("b.toml:13:") && Catch::Contains("kg"));
  CHECK_THAT(all_errors(std::string(full_head) + "[patient]\nname = \"N\"\n"),
             Catch::Contains("[patient] needs \"id\""));
  CHECK_THAT(all_errors(std::string(full_head) + "[order]\nprescriber = \"Dr\"\nnumbr = \"1\"\n"),
             Catch::Contains("unknown key \"numbr\" in [order]"));
  CHECK_THAT(all_errors(std::string(full_head) +
                        "[[component]]\nactive = \"minoxidil\"\nproduct = \"P\"\nmanufacturer = \"M\"\n"
                        "expiry = 2027-01-01\n[[component.lot]]\nlot = \"A1\"\nexpiry = 2027-03-31\n"),
             Catch::Contains("has [[...lot]] tables and an expiry"));
  CHECK_THAT(all_errors(std::string(full_head) +
                        "[[component]]\nactive = \"minoxidil\"\nproduct = \"P\"\nmanufacturer = \"M\"\n"
                        "[[component.lot]]\nlot = \"A1\"\nexpiry = 2027-03-31\nvolume = \"5 kg\"\n"),
             Catch::Contains("\"volume\""));
  CHECK_THAT(all_errors(std::string(full_head) + "[[adjunct]]\nname = \"PRP\"\nlot = \"K\"\n"),
             Catch::Contains("[[adjunct]] needs \"expiry\""));
}
