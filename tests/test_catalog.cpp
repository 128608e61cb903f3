// The shipped catalog and the catalog loader.
#include <catch2/catch.hpp>

#include "mesomix/catalog.hpp"
#include "support.hpp"

using namespace mesomix;

TEST_CASE("the shipped catalog loads from the bytes of formulations/catalog.toml", "[catalog]") {
  const std::string on_disk = test_support::read_file(test_support::source_dir() / "formulations/catalog.toml");
  CHECK(shipped_catalog_text() == on_disk);
  auto loaded = load_catalog(on_disk, "catalog.toml");
  REQUIRE(loaded.has_value());
  CHECK(loaded->actives.size() == shipped_catalog().actives.size());
}

TEST_CASE("the catalog knows the seven actives the issue names", "[catalog]") {
  const Catalog& c = shipped_catalog();
  for (const char* id :
       {"minoxidil", "finasteride", "dutasteride", "biotin", "buflomedil", "organic-silicium", "lidocaine"}) {
    INFO(id);
    CHECK(c.find(id) != nullptr);
  }
}

TEST_CASE("organic silicium is found by every synonym, ignoring case and spacing", "[catalog]") {
  const Catalog& c = shipped_catalog();
  for (const char* name : {"organic silicium", "Organic  Silicium", "silicium organique", "monomethylsilanetriol",
                           "MMST", "mmst", "silanol salicylate", "organic-silicium"}) {
    INFO(name);
    const CatalogActive* a = c.find(name);
    REQUIRE(a != nullptr);
    CHECK(a->id == "organic-silicium");
  }
  CHECK(c.find("unobtainium") == nullptr);
}

TEST_CASE("the facts users must see are in the catalog, each with its source", "[catalog]") {
  const Catalog& c = shipped_catalog();
  auto has_warning = [&](const char* id, const char* code) {
    for (const auto& w : c.find(id)->warnings)
      if (w.code == code) return !w.source.empty() && !w.text.empty();
    return false;
  };
  CHECK(has_warning("buflomedil", "buflomedil-suspended"));
  CHECK(has_warning("finasteride", "finasteride-pregnancy"));
  CHECK(has_warning("finasteride", "finasteride-insoluble"));
  CHECK(has_warning("dutasteride", "dutasteride-pregnancy"));
  CHECK(has_warning("dutasteride", "dutasteride-insoluble"));
  CHECK(has_warning("biotin", "biotin-immunoassay"));
  CHECK(has_warning("biotin", "biotin-salt"));
  CHECK(has_warning("organic-silicium", "silanol-salicylate-allergy"));
  CHECK(has_warning("lidocaine", "lidocaine-per-kg"));
  const CatalogActive* minoxidil = c.find("minoxidil");
  REQUIRE(minoxidil->water_solubility);
  CHECK(in_mg_per_ml(*minoxidil->water_solubility) == 2);
  CHECK_FALSE(minoxidil->water_solubility_source.empty());
}

TEST_CASE("limits only where published: lidocaine 300 mg per session, and the others say none is published",
          "[catalog]") {
  const Catalog& c = shipped_catalog();
  const CatalogActive* lidocaine = c.find("lidocaine");
  REQUIRE(lidocaine->limits.per_session);
  CHECK(in_mg(*lidocaine->limits.per_session) == 300);
  CHECK_FALSE(lidocaine->limits_source.empty());
  for (const char* id : {"minoxidil", "finasteride", "dutasteride", "biotin", "buflomedil", "organic-silicium"}) {
    INFO(id);
    CHECK_FALSE(c.find(id)->limits.any());
    CHECK_THAT(c.find(id)->limits_note, Catch::Contains("No published maximum"));
  }
}

TEST_CASE("a catalog limit without its source is refused", "[catalog]") {
  auto r = load_catalog(R"(schema = 1
[[active]]
id = "x"
name = "X"
[active.limits]
max_per_session = "1 mg"
)",
                        "c.toml");
  REQUIRE_FALSE(r.has_value());
  CHECK(to_string(r.error().front()) ==
        "c.toml:5:1: error: [active.limits] of \"x\" needs \"source\"; hint: add source = \"...\"");
}

TEST_CASE("a catalog's unknown key gets a did-you-mean, and one name for two actives is refused", "[catalog]") {
  auto r = load_catalog(R"(schema = 1
[[active]]
id = "x"
name = "X"
synonims = ["y"]
limits_note = "none"
[[active]]
id = "y"
name = "Y"
limits_note = "none"
)",
                        "c.toml");
  REQUIRE_FALSE(r.has_value());
  REQUIRE(r.error().size() == 1);
  CHECK(to_string(r.error()[0]) ==
        "c.toml:5:1: error: unknown key \"synonims\" in [[active]]; hint: did you mean \"synonyms\"?");
  auto twice = load_catalog(
      "schema = 1\n[[active]]\nid = \"x\"\nname = \"X\"\nsynonyms = [\"z\"]\nlimits_note = \"n\"\n"
      "[[active]]\nid = \"z\"\nname = \"Z\"\nlimits_note = \"n\"\n",
      "c.toml");
  REQUIRE_FALSE(twice.has_value());
  CHECK_THAT(twice.error().front().message, Catch::Contains("given to two actives"));
}
