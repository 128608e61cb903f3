// The BUD rules file and the limit in force: the shipped USP <797> figures, the conditions,
// the shortest of rules, lot expiry and stability, and every error.
#include <catch2/catch.hpp>

#include "mesomix/bud.hpp"
#include "mesomix/catalog.hpp"
#include "support.hpp"

using namespace mesomix;

namespace {

Protocol protocol_with(const std::string& extra = "") {
  auto loaded = load_protocol(
      "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n[[component]]\nactive = \"biotin\"\n"
      "stock = \"5 mg/mL\"\nvolume = \"1 mL\"\n[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n"
      "[course]\nsessions = 4\nevery = \"1 week\"\n" +
          extra,
      "p.toml", shipped_catalog());
  if (!loaded) FAIL(to_string(loaded.error().front()));
  return loaded->protocol;
}

CompoundingConditions conditions(Category category, Storage storage, bool sterile = false, bool tested = false) {
  CompoundingConditions c;
  c.category = category;
  c.storage = storage;
  c.sterile_components = sterile;
  c.sterility_tested = tested;
  return c;
}

double hours(Category category, Storage storage, bool sterile = false, bool tested = false) {
  auto b = bud_limit(shipped_bud_rules(), conditions(category, storage, sterile, tested), protocol_with(), 1);
  if (!b) FAIL(to_string(b.error().front()));
  return in_hours(b->limit);
}

}  // namespace

TEST_CASE("the shipped rules are USP <797> 2023, each figure with its source", "[bud]") {
  const BudRules& r = shipped_bud_rules();
  CHECK(r.name == "USP <797>");
  CHECK_THAT(r.source, Catch::Contains("official 1 Nov 2023"));
  for (const auto& rule : r.rules) CHECK_FALSE(rule.source.empty());
  CHECK(hours(Category::immediate_use, Storage::room) == 4);
  CHECK(hours(Category::immediate_use, Storage::refrigerated) == 4);
  CHECK(hours(Category::one, Storage::room) == 12);
  CHECK(hours(Category::one, Storage::refrigerated) == 24);
  CHECK(hours(Category::two, Storage::room, true) == 4 * 24);
  CHECK(hours(Category::two, Storage::refrigerated, true) == 10 * 24);
  CHECK(hours(Category::two, Storage::frozen, true) == 45 * 24);
  CHECK(hours(Category::two, Storage::room, false) == 1 * 24);
  CHECK(hours(Category::two, Storage::refrigerated, false) == 4 * 24);
  CHECK(hours(Category::two, Storage::frozen, false) == 45 * 24);
  CHECK(hours(Category::two, Storage::room, false, true) == 30 * 24);
  CHECK(hours(Category::two, Storage::refrigerated, true, true) == 45 * 24);
  CHECK(hours(Category::two, Storage::frozen, false, true) == 60 * 24);
}

TEST_CASE("the safest default is Category 1 refrigerated, 24 h, said as its basis", "[bud]") {
  auto b = bud_limit(shipped_bud_rules(), default_conditions(), protocol_with(), 5);
  REQUIRE(b);
  CHECK(in_hours(b->limit) == 24);
  CHECK(b->basis == BudBasis::rules);
  CHECK(b->basis_text == "USP <797> Category 1, refrigerated");
  CHECK(b->storage_text == "Refrigerate at 2 to 8 °C");
  CHECK(format_duration(b->limit) == "24 h");
}

TEST_CASE("the shortest of rules, lot expiry and stability decides, and says which", "[bud]") {
  const auto cat2 = conditions(Category::two, Storage::refrigerated, true);
  auto by_stability = bud_limit(shipped_bud_rules(), cat2, protocol_with("[stability]\nmax_bud = \"7 d\"\n"), 2);
  REQUIRE(by_stability);
  CHECK(in_hours(by_stability->limit) == 7 * 24);
  CHECK(by_stability->basis == BudBasis::stability);
  CHECK(in_hours(by_stability->rules_limit) == 10 * 24);
  auto by_lot = bud_limit(shipped_bud_rules(), cat2, protocol_with("[stability]\nmax_bud = \"7 d\"\n"), 2,
                          LotExpiry{seconds(3 * 86400), "Biotin lot X, expiring 2026-11-27"});
  REQUIRE(by_lot);
  CHECK(by_lot->basis == BudBasis::lot_expiry);
  CHECK_THAT(by_lot->basis_text, Catch::Contains("Biotin lot X"));
}

TEST_CASE("immediate use of more than 3 sterile products is an error", "[bud]") {
  auto b = bud_limit(shipped_bud_rules(), conditions(Category::immediate_use, Storage::room), protocol_with(), 5);
  REQUIRE_FALSE(b);
  CHECK_THAT(b.error().front().message, Catch::Contains("at most 3 sterile products; this preparation combines 5"));
  CHECK(bud_limit(shipped_bud_rules(), conditions(Category::immediate_use, Storage::room), protocol_with(), 3));
}

TEST_CASE("conditions the rules give no figure for are an error", "[bud]") {
  auto frozen = bud_limit(shipped_bud_rules(), conditions(Category::one, Storage::frozen), protocol_with(), 1);
  REQUIRE_FALSE(frozen);
  CHECK_THAT(frozen.error().front().message, Catch::Contains("no limit when frozen"));
}

TEST_CASE("a pharmacy's own rules replace the shipped ones", "[bud]") {
  auto rules = load_bud_rules(
      "schema = 1\nname = \"Local rules\"\nsource = \"Our SOP 12\"\n[storage]\nroom = \"r\"\nrefrigerated = "
      "\"2-8\"\nfrozen = \"f\"\n[[rule]]\nlabel = \"Cat 1\"\ncategory = \"1\"\nrefrigerated = \"36 h\"\nsource = "
      "\"SOP 12.3\"\n",
      "local.toml");
  REQUIRE(rules);
  auto b = bud_limit(*rules, default_conditions(), protocol_with(), 1);
  REQUIRE(b);
  CHECK(in_hours(b->limit) == 36);
  CHECK(b->basis_text == "Local rules Cat 1, refrigerated");
}

TEST_CASE("a BUD rules file's errors are located", "[bud]") {
  auto bad = load_bud_rules(
      "schema = 1\nname = \"X\"\nsource = \"Y\"\n[storage]\nroom = \"r\"\nrefrigerated = \"2-8\"\nfrozen = \"f\"\n"
      "[[rule]]\nlabel = \"A\"\ncategory = \"3\"\nroom = \"1 h\"\nsource = \"s\"\n"
      "[[rule]]\nlabel = \"B\"\ncategory = \"1\"\nroom = \"400 d\"\nsource = \"s\"\n"
      "[[rule]]\nlabel = \"C\"\ncategory = \"1\"\nsource = \"s\"\n",
      "r.toml");
  REQUIRE_FALSE(bad);
  const auto& e = bad.error();
  REQUIRE(e.size() >= 3);
  CHECK_THAT(e[0].message, Catch::Contains("category \"3\" is not known"));
  CHECK(e[0].pos.line == 10);
}
