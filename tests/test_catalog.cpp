// The shipped catalog and the catalog loader.
#include <catch2/catch.hpp>

#include "mesomix/catalog.hpp"
#include "mesomix/names.hpp"
#include "prepared_catalog.hpp"
#include "support.hpp"

using namespace mesomix;

// The shipped catalog skips the look-alike comparison of its names at start (its text is fixed
// at build): this load, with every check, is what holds it to that comparison.
TEST_CASE("the shipped catalog loads from the bytes of formulations/catalog.toml, with every check", "[catalog]") {
  const std::string on_disk = test_support::read_file(test_support::source_dir() / "formulations/catalog.toml");
  CHECK(shipped_catalog_text() == on_disk);
  auto loaded = load_catalog(on_disk, "catalog.toml");
  REQUIRE(loaded.has_value());
  CHECK(loaded->actives.size() == shipped_catalog().actives.size());
}

// The mesomix binary makes its catalog with code written at build from the loaded text
// (app/prepare_catalog.cpp): every member of every active, and the index, must come out equal.
TEST_CASE("the catalog prepared as code at build is the shipped text loaded with every check", "[catalog]") {
  auto loaded = load_catalog(shipped_catalog_text(), "catalog.toml");
  REQUIRE(loaded.has_value());
  const Catalog prepared = catalog_of(prepared_shipped_actives());
  REQUIRE(prepared.actives.size() == loaded->actives.size());
  for (std::size_t i = 0; i < prepared.actives.size(); ++i) {
    INFO(loaded->actives[i].id);
    CHECK(prepared.actives[i] == loaded->actives[i]);
  }
  CHECK(prepared.index == loaded->index);
  // the comparison sees a change deep inside an active
  auto changed = prepared.actives;
  changed[0].presentations.at(0).stock = changed[0].presentations.at(0).stock * Exact(2);
  CHECK_FALSE(changed[0] == loaded->actives[0]);
}

TEST_CASE("a catalog's index gives each lookup key to the first active that has it", "[catalog]") {
  std::vector<CatalogActive> actives(2);
  actives[0].lookup_keys = {"a", "shared"};
  actives[1].lookup_keys = {"shared", "b"};
  const Catalog c = catalog_of(std::move(actives));
  CHECK(c.index == std::unordered_map<std::string, std::size_t>{{"a", 0}, {"shared", 0}, {"b", 1}});
}

TEST_CASE("look-alike keys worked out on first use are those a checked load keeps, and a copy works out its own",
          "[catalog][names]") {
  const Catalog& shipped = shipped_catalog();
  auto loaded = load_catalog(shipped_catalog_text(), "catalog.toml");
  REQUIRE(loaded.has_value());
  const auto& lazy = shipped.lookalikes.of(shipped.actives);
  const auto& kept = loaded->lookalikes.of(loaded->actives);
  REQUIRE(lazy.size() == shipped.actives.size());
  CHECK(lazy == kept);
  CHECK(lazy[0].size() == shipped.actives[0].names.size());
  // finasteride written with a Cyrillic і (U+0456)
  const NameMatch m = shipped.match(
      "finaster\xD1\x96"
      "de");
  CHECK(m.kind == NameMatch::Kind::lookalike);
  CHECK(m.active->id == "finasteride");

  Catalog copy = *loaded;
  copy.actives[0].names = {"Zzzz"};
  const auto& own = copy.lookalikes.of(copy.actives);
  CHECK(own[0] == std::vector<std::string>{name_key("Zzzz")});
  CHECK(loaded->lookalikes.of(loaded->actives) == kept);
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
  CHECK(c.find("buflomedil")->status.state == MarketStatus::suspended);
  CHECK_THAT(c.find("buflomedil")->status.source, Catch::Contains("EMEA/H/A-107/1293"));
  CHECK(has_warning("finasteride", "finasteride-hazardous"));
  CHECK(has_warning("dutasteride", "dutasteride-hazardous"));
  CHECK(has_warning("dutasteride", "dutasteride-blood-donation"));
  CHECK(has_warning("minoxidil", "minoxidil-systemic"));
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
  CHECK(in_mg_per_ml(*minoxidil->water_solubility) == Exact(22, 10));
  CHECK_FALSE(minoxidil->water_solubility_source.empty());
}

TEST_CASE(
    "limits only where published: lidocaine 300 mg of the hydrochloride per session, held as the base, and "
    "the others say none is published",
    "[catalog]") {
  const Catalog& c = shipped_catalog();
  const CatalogActive* lidocaine = c.find("lidocaine");
  REQUIRE(lidocaine->limits.per_session);
  // 300 mg of lidocaine hydrochloride x 234.34 / 270.80 = 259.6... mg of lidocaine
  CHECK(in_mg(*lidocaine->limits.per_session) == 300 * Exact(23434, 27080));
  CHECK_THAT(lidocaine->limits_source, Catch::EndsWith("(figures of Lidocaine hydrochloride, converted to the base)"));
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

TEST_CASE("plausible ranges: soft inside hard, each side with its source", "[catalog][plausible]") {
  const Catalog& c = shipped_catalog();
  const Plausibility& m = c.find("minoxidil")->plausible;
  CHECK(in_percent_w_v(*m.stock.soft_min) == Exact(1, 2));
  CHECK(in_percent_w_v(*m.stock.hard_max) == 2);
  CHECK(in_mg(*m.per_session.soft_max) == 10);
  CHECK(in_mg(*m.per_session.hard_max) == 100);
  CHECK_FALSE(m.per_session.soft_min);  // one published figure: no lower bound is invented
  CHECK_THAT(m.per_session.soft_source, Catch::Contains("NCT01655108"));
  const Plausibility& f = c.find("finasteride")->plausible;
  CHECK_FALSE(f.stock.any());
  CHECK_FALSE(f.final_strength.any());
  CHECK_THAT(f.note, Catch::Contains("No published strength or dose of finasteride by the intradermal route"));
  for (const auto& a : c.actives) {
    INFO(a.id);
    for (const auto* r : {&a.plausible.stock, &a.plausible.final_strength}) {
      if (r->soft_min || r->soft_max) CHECK_FALSE(r->soft_source.empty());
      if (r->hard_min || r->hard_max) CHECK_FALSE(r->hard_source.empty());
    }
    for (const auto& p : a.presentations) CHECK_FALSE(p.source.empty());
  }
}

TEST_CASE("a catalog range is refused without its source, or with its bounds crossed", "[catalog][plausible]") {
  const std::string head = "schema = 1\n[[active]]\nid = \"x\"\nname = \"X\"\nlimits_note = \"n\"\n";
  auto no_source = load_catalog(head + "[active.plausible.final]\nsoft_max = \"1 mg/mL\"\n", "c.toml");
  REQUIRE_FALSE(no_source.has_value());
  CHECK_THAT(to_string(no_source.error().front()), Catch::Contains("needs \"soft_source\""));
  auto crossed = load_catalog(head +
                                  "[active.plausible.per_session]\nsoft_max = \"10 mg\"\nsoft_source = \"s\"\n"
                                  "hard_max = \"5 mg\"\nhard_source = \"s\"\n",
                              "c.toml");
  REQUIRE_FALSE(crossed.has_value());
  CHECK_THAT(to_string(crossed.error().front()), Catch::Contains("hard_max is below soft_max"));
  auto presentation =
      load_catalog(head + "[[active.presentation]]\nstock = \"1 mg/mL\"\ndescription = \"d\"\n", "c.toml");
  REQUIRE_FALSE(presentation.has_value());
  CHECK_THAT(to_string(presentation.error().front()), Catch::Contains("needs \"source\""));
}

TEST_CASE("a status is suspended or withdrawn, with its text and source", "[catalog][status]") {
  const std::string head = "schema = 1\n[[active]]\nid = \"x\"\nname = \"X\"\nlimits_note = \"n\"\n";
  auto ok = load_catalog(head + "[active.status]\nstate = \"withdrawn\"\ntext = \"t\"\nsource = \"s\"\n", "c.toml");
  REQUIRE(ok.has_value());
  CHECK(ok->actives[0].status.state == MarketStatus::withdrawn);
  auto unknown = load_catalog(head + "[active.status]\nstate = \"banned\"\ntext = \"t\"\nsource = \"s\"\n", "c.toml");
  REQUIRE_FALSE(unknown.has_value());
  CHECK_THAT(to_string(unknown.error().front()), Catch::Contains("state \"banned\" is not known"));
  auto sourceless = load_catalog(head + "[active.status]\nstate = \"suspended\"\ntext = \"t\"\n", "c.toml");
  REQUIRE_FALSE(sourceless.has_value());
}

TEST_CASE("warning kinds: pregnancy, handling and facts", "[catalog]") {
  const Catalog& c = shipped_catalog();
  auto kind_of = [&](const char* id, const char* code) {
    for (const auto& w : c.find(id)->warnings)
      if (w.code == code) return w.kind;
    FAIL("no warning " << code);
    throw;
  };
  CHECK(kind_of("finasteride", "finasteride-pregnancy") == NoteKind::pregnancy);
  CHECK(kind_of("finasteride", "finasteride-hazardous") == NoteKind::handling);
  CHECK(kind_of("dutasteride", "dutasteride-hazardous") == NoteKind::handling);
  CHECK(kind_of("biotin", "biotin-immunoassay") == NoteKind::fact);
}

TEST_CASE("two catalog names a reader cannot tell apart are refused", "[catalog][names]") {
  // "lid\u043ecaine" (Cyrillic o) looks like "lidocaine"
  auto r = load_catalog(
      "schema = 1\n[[active]]\nid = \"lidocaine\"\nname = \"Lidocaine\"\nlimits_note = \"n\"\n"
      "[[active]]\nid = \"x\"\nname = \"X\"\nsynonyms = [\"lid\xD0\xBE"
      "caine\"]\nlimits_note = \"n\"\n",
      "c.toml");
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error().front().message, Catch::Contains("given to two actives"));
}

// protocol-format.md, "Salt forms": molar masses, each with its source, give each form its factor.
TEST_CASE("each salt form has its exact factor to the base, from two molar masses with their sources",
          "[catalog][forms]") {
  const Catalog& c = shipped_catalog();
  auto form = [&](const char* active, const char* name) -> const SaltForm& {
    const SaltForm* f = c.find(active)->form_named(name);
    REQUIRE(f != nullptr);
    return *f;
  };
  // exact ratios of the decimals as written, never doubles
  CHECK(form("lidocaine", "lidocaine hydrochloride").base_per_form == Exact(23434, 27080));
  CHECK(form("lidocaine", "lidocaine hydrochloride monohydrate").base_per_form == Exact(23434, 28881));
  CHECK(form("minoxidil", "minoxidil sulfate").base_per_form == Exact(20925, 28931));
  CHECK(form("biotin", "biotin sodium").base_per_form == Exact(24431, 26629));
  CHECK(form("buflomedil", "buflomedil hydrochloride").base_per_form == Exact(30739, 34385));
  CHECK(form("lidocaine", "lidocaine hydrochloride").molar_mass.written == "270.80 g/mol");
  CHECK_THAT(form("minoxidil", "minoxidil sulfate").source,
             Catch::Contains("CID 4202") && Catch::Contains("not a salt in the strict sense"));
  for (const auto& a : c.actives) {
    INFO(a.id);
    if (!a.forms.empty()) {
      REQUIRE(a.molar_mass);
      CHECK_FALSE(a.molar_mass_source.empty());
    }
    for (const auto& f : a.forms) CHECK_FALSE(f.source.empty());
  }
}

TEST_CASE("a form's names find its active, and form_named tells which form a name denotes", "[catalog][forms]") {
  const Catalog& c = shipped_catalog();
  for (const char* name : {"lidocaine hydrochloride", "Lidocaine HCl", "xylocaine", "LIDOCAINE HYDROCHLORIDE"}) {
    INFO(name);
    const CatalogActive* a = c.find(name);
    REQUIRE(a != nullptr);
    CHECK(a->id == "lidocaine");
    REQUIRE(a->form_named(name) != nullptr);
    CHECK(a->form_named(name)->name == "Lidocaine hydrochloride");
  }
  CHECK(c.find("minoxidil sulfate")->id == "minoxidil");
  CHECK(c.find("lidocaine")->form_named("lidocaine") == nullptr);  // the base is no form
  CHECK(c.find("lidocaine")->form_named("lignocaine") == nullptr);
  CHECK(c.find("lidocaine")->is_base_name("Lignocaine"));
  CHECK_FALSE(c.find("lidocaine")->is_base_name("lidocaine hydrochloride"));
  // slips and look-alikes of a form's name are caught like any other name's
  const NameMatch slip = c.match("lidocaine hydrochlorid");
  CHECK(slip.kind == NameMatch::Kind::near);
  CHECK(slip.name == "Lidocaine hydrochloride");
  const NameMatch lookalike = c.match(
      "lid\xD0\xBE"
      "caine hydrochloride");  // a Cyrillic o
  CHECK(lookalike.kind == NameMatch::Kind::lookalike);
  CHECK(lookalike.active->id == "lidocaine");
}

TEST_CASE(
    "limits, ranges and presentations published as a salt: the figures are held as the base, and the source "
    "says so",
    "[catalog][forms]") {
  const Catalog& c = shipped_catalog();
  const CatalogActive* buflomedil = c.find("buflomedil");
  // Loftyl's 10 mg/mL of buflomedil hydrochloride x 307.39 / 343.85
  REQUIRE(buflomedil->plausible.stock.hard_max);
  CHECK(in_mg_per_ml(*buflomedil->plausible.stock.hard_max) == 10 * Exact(30739, 34385));
  CHECK_THAT(buflomedil->plausible.stock.hard_source,
             Catch::EndsWith("(figures of Buflomedil hydrochloride, converted to the base)"));
  const CatalogActive* lidocaine = c.find("lidocaine");
  CHECK(in_mg(*lidocaine->limits.per_session_per_kg) == Exact(9, 2) * Exact(23434, 27080));
  CHECK(in_percent_w_v(*lidocaine->plausible.final_strength.hard_max) == 2 * Exact(23434, 27080));
  // a presentation stays as its box says: 1 % w/v of the hydrochloride
  REQUIRE(lidocaine->presentations.size() == 3);
  CHECK(in_percent_w_v(lidocaine->presentations[1].stock) == 1);
  CHECK(lidocaine->presentations[1].form == "Lidocaine hydrochloride");
  CHECK(c.find("minoxidil")->presentations[0].form.empty());
}

TEST_CASE("a catalog's forms are refused without the base's molar mass, without a source, or with a bad molar mass",
          "[catalog][forms]") {
  const std::string head = "schema = 1\n[[active]]\nid = \"x\"\nname = \"X\"\nlimits_note = \"n\"\n";
  const std::string form =
      "[[active.form]]\nname = \"X hydrochloride\"\nmolar_mass = \"136.5 g/mol\"\nsource = \"s\"\n";
  auto first_error = [](const std::string& text) {
    auto r = load_catalog(text, "c.toml");
    return r ? std::string("(loaded)") : to_string(r.error().front());
  };
  CHECK(first_error(head + form) ==
        "c.toml:6:1: error: [[active.form]] of \"x\": the form \"X hydrochloride\" needs the molar mass of the base; "
        "hint: add molar_mass = \"...g/mol\" and molar_mass_source to the [[active]]: the factor to the base is "
        "M(base) / M(form)");
  const std::string with_mass = head + "molar_mass = \"100 g/mol\"\nmolar_mass_source = \"s\"\n";
  auto ok = load_catalog(with_mass + form, "c.toml");
  REQUIRE(ok.has_value());
  CHECK(ok->actives[0].forms[0].base_per_form == Exact(200, 273));
  CHECK(first_error(head + "molar_mass = \"100 g/mol\"\n") ==
        "c.toml:2:1: error: [[active]] \"x\" needs \"molar_mass_source\"; hint: add molar_mass_source = \"...\"");
  CHECK(first_error(with_mass + "[[active.form]]\nname = \"X hydrochloride\"\nmolar_mass = \"136.5 g/mol\"\n") ==
        "c.toml:8:1: error: [[active.form]] of \"x\" needs \"source\"; hint: add source = \"...\"");
  for (const char* bad : {"0 g/mol", "100", "100 mg", "-100 g/mol", ".5 g/mol", "g/mol", "100 % g/mol"}) {
    INFO(bad);
    CHECK_THAT(
        first_error(head + "molar_mass = \"" + bad + "\"\nmolar_mass_source = \"s\"\n"),
        Catch::StartsWith("c.toml:6:14: error: molar_mass \"") &&
            Catch::Contains("is not a positive number in g/mol; hint: write e.g. molar_mass = \"234.34 g/mol\""));
  }
  // a form may not take a name of the base: "is this stock the salt?" would have no answer
  CHECK_THAT(first_error(with_mass + "[[active.form]]\nname = \"X\"\nmolar_mass = \"136.5 g/mol\"\nsource = \"s\"\n"),
             Catch::Contains("the name \"X\" is already the base's or another form's"));
  // nor a name of another active
  CHECK_THAT(
      first_error(with_mass + form + "[[active]]\nid = \"x-hydrochloride\"\nname = \"Y\"\nlimits_note = \"n\"\n"),
      Catch::Contains("given to two actives"));
}

TEST_CASE("limits, ranges and presentations may name only a form of their active", "[catalog][forms]") {
  const std::string head =
      "schema = 1\n[[active]]\nid = \"x\"\nname = \"X\"\nmolar_mass = \"100 g/mol\"\nmolar_mass_source = \"s\"\n"
      "limits_note = \"n\"\n[[active.form]]\nname = \"X hydrochloride\"\nmolar_mass = \"136.5 g/mol\"\nsource = "
      "\"s\"\n";
  auto first_error = [](const std::string& text) {
    auto r = load_catalog(text, "c.toml");
    return r ? std::string("(loaded)") : to_string(r.error().front());
  };
  CHECK(first_error(head + "[active.limits]\nform = \"X sulfate\"\nmax_per_session = \"1 mg\"\nsource = \"s\"\n") ==
        "c.toml:13:8: error: form \"X sulfate\" in [active.limits] of \"x\" is not a form of \"x\"; hint: the forms "
        "of \"x\" are \"X hydrochloride\"");
  CHECK(first_error(head + "[active.limits]\nform = \"x\"\nmax_per_session = \"1 mg\"\nsource = \"s\"\n") ==
        "c.toml:13:8: error: form \"x\" in [active.limits] of \"x\" is the base itself; hint: remove form: figures "
        "without form are of the base");
  CHECK_THAT(first_error(head + "[active.plausible.stock]\nform = \"X nitrate\"\n"
                                "hard_max = \"1 mg/mL\"\nhard_source = \"s\"\n"),
             Catch::Contains("form \"X nitrate\" in [active.plausible.stock] of \"x\" is not a form of \"x\""));
  CHECK_THAT(first_error(head + "[[active.presentation]]\nstock = \"1 mg/mL\"\n"
                                "description = \"d\"\nsource = \"s\"\nform = \"X nitrate\"\n"),
             Catch::Contains("is not a form of \"x\""));
  // 1 mg of the hydrochloride a session is 100 / 136.5 mg of the base
  auto ok = load_catalog(
      head + "[active.limits]\nform = \"x hydrochloride\"\nmax_per_session = \"1 mg\"\nsource = \"label\"\n", "c.toml");
  REQUIRE(ok.has_value());
  CHECK(in_mg(*ok->actives[0].limits.per_session) == Exact(200, 273));
  CHECK(ok->actives[0].limits_source == "label (figures of X hydrochloride, converted to the base)");
}
