// The dose arithmetic: hand-worked examples (the working is in the comments) and properties
// over generated protocols that must hold whatever the figures and units.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include <fmt/format.h>

#include "mesomix/dose.hpp"

using namespace mesomix;

namespace {

DoseResult dose_of(const std::string& text, DoseOptions options = {}) {
  auto loaded = load_protocol(text, "p.toml", shipped_catalog());
  if (!loaded) FAIL(to_string(loaded.error().front()));
  auto r = compute_dose(loaded->protocol, shipped_catalog(), options);
  if (!r) FAIL(to_string(r.error().front()));
  return std::move(r).value();
}

std::string dose_error(const std::string& text) {
  auto loaded = load_protocol(text, "p.toml", shipped_catalog());
  if (!loaded) return "load: " + to_string(loaded.error().front());
  auto r = compute_dose(loaded->protocol, shipped_catalog(), {});
  return r ? std::string("(computed)") : to_string(r.error().front());
}

const ActiveFigures& active(const DoseResult& r, const std::string& id) {
  for (const auto& a : r.actives)
    if (a.active == id) return a;
  FAIL("no active " << id);
  throw;
}

bool has_warning(const DoseResult& r, const std::string& code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return true;
  return false;
}

constexpr const char* head = "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n";

std::string injection(const char* per_point, int points, const char* dead, int sessions) {
  return fmt::format(
      "[injection]\nvolume_per_point = \"{}\"\npoints_per_session = {}\ndead_volume_per_session = \"{}\"\n"
      "[course]\nsessions = {}\n",
      per_point, points, dead, sessions);
}

std::string component(const std::string& active_name, const std::string& stock, const std::string& volume_key,
                      const std::string& volume) {
  return fmt::format("[[component]]\nactive = \"{}\"\nstock = \"{}\"\n{} = \"{}\"\n", active_name, stock, volume_key,
                     volume);
}

}  // namespace

TEST_CASE("hand-worked: three stocks of 2 mL, the contract's example figures", "[dose]") {
  // V_b = 2 + 2 + 2 = 6 mL. Minoxidil C = 5 mg/mL x 2 mL / 6 mL = 5/3 mg/mL.
  // Per injection 5/3 x 0.05 = 1/12 mg; session 60 x 0.05 = 3 mL -> 5/3 x 3 = 5 mg; course x 10 = 50 mg.
  // Drawn 3 + 0.1 = 3.1 mL; a batch covers floor(6 / 3.1) = 1; the course needs 10 x 3.1 = 31 mL.
  const DoseResult r =
      dose_of(std::string(head) + component("minoxidil", "0.5 % w/v", "volume", "2 mL") +
              component("biotin", "5 mg/mL", "volume", "2 mL") +
              component("organic silicium", "0.5 % w/v", "volume", "2 mL") + injection("0.05 mL", 60, "0.1 mL", 10));
  CHECK(in_ml(r.batch_volume) == 6);
  CHECK(in_ml(r.diluent_volume) == 0);
  const ActiveFigures& m = active(r, "minoxidil");
  CHECK(in_mg_per_ml(m.final_strength) == Exact(5, 3));
  CHECK(in_mg(*m.per_injection) == Exact(1, 12));
  CHECK(in_mg(*m.per_session) == 5);
  CHECK(in_mg(*m.per_course) == 50);
  CHECK(r.session->points == 60);
  CHECK(in_ml(r.session->volume) == 3);
  CHECK(in_ml(r.session->drawn) == Exact(31, 10));
  CHECK(*r.sessions_per_batch == 1);
  CHECK(in_ml(*r.course_volume) == 31);
}

TEST_CASE("hand-worked: target mode with saline q.s. ad 10 mL", "[dose]") {
  // Minoxidil: V = 2 mg/mL x 10 mL / 5 mg/mL = 4 mL; biotin: 0.5 x 10 / 5 = 1 mL.
  // Saline = 10 - 4 - 1 = 5 mL. Session 50 x 0.05 = 2.5 mL -> minoxidil 2 x 2.5 = 5 mg.
  // Drawn 2.6 mL: floor(10 / 2.6) = 3 sessions a batch.
  const DoseResult r = dose_of(std::string(head) + component("minoxidil", "0.5 % w/v", "final", "0.2 % w/v") +
                               component("biotin", "5 mg/mL", "final", "0.5 mg/mL") +
                               "[diluent]\nname = \"NaCl 0.9 %\"\n[batch]\nvolume = \"10 mL\"\n" +
                               injection("0.05 mL", 50, "0.1 mL", 9));
  CHECK(in_ml(r.components[0].volume) == 4);
  CHECK(r.components[0].target_mode);
  CHECK(in_ml(r.components[1].volume) == 1);
  CHECK(in_ml(r.diluent_volume) == 5);
  CHECK(in_mg(*active(r, "minoxidil").per_session) == 5);
  CHECK(*r.sessions_per_batch == 3);
  CHECK(in_ml(*r.course_volume) == Exact(234, 10));
}

TEST_CASE("hand-worked: 6 mL over 3 mL drawn covers 2 sessions, not 1", "[dose]") {
  const DoseResult r = dose_of(std::string(head) + component("biotin", "5 mg/mL", "volume", "6 mL") +
                               injection("0.05 mL", 60, "0 mL", 2));
  CHECK(*r.sessions_per_batch == 2);
}

TEST_CASE("hand-worked: two components of one active add up, and an adjunct dilutes", "[dose]") {
  // minoxidil 5 mg/mL x 1 mL + 5 mg/mL x 1 mL = 10 mg in 1 + 1 + PRP 2 = 4 mL -> 2.5 mg/mL
  const DoseResult r =
      dose_of(std::string(head) + component("minoxidil", "0.5 % w/v", "volume", "1 mL") +
              component("minoxidil", "5 mg/mL", "volume", "1 mL") + "[[adjunct]]\nname = \"PRP\"\nvolume = \"2 mL\"\n" +
              injection("0.05 mL", 20, "0 mL", 1));
  REQUIRE(r.actives.size() == 1);
  CHECK(in_mg_per_ml(r.actives[0].final_strength) == Exact(5, 2));
  CHECK(in_ml(r.batch_volume) == 4);
  CHECK(in_ml(r.adjunct_volume) == 2);
}

TEST_CASE("hand-worked: session_volume gives the points, and within 1e-9 it is a whole number", "[dose]") {
  auto with_session = [](const char* per_point, const char* session) {
    return std::string(head) + component("biotin", "5 mg/mL", "volume", "5 mL") +
           fmt::format("[injection]\nvolume_per_point = \"{}\"\nsession_volume = \"{}\"\n[course]\nsessions = 1\n",
                       per_point, session);
  };
  CHECK(dose_of(with_session("0.05 mL", "2 mL")).session->points == 40);
  CHECK(dose_of(with_session("0.033333333333 mL", "1 mL")).session->points == 30);
  CHECK(dose_error(with_session("0.03 mL", "1 mL")) ==
        "p.toml:12:18: error: session_volume 1 mL is 33.3333333333\xE2\x80\xA6 points of 0.03 mL: not a whole number "
        "of points; "
        "hint: give points_per_session instead, or a session volume that is a multiple of volume_per_point");
}

TEST_CASE("refused arithmetic: a target above its stock, an overflowing batch, an unnamed diluent", "[dose]") {
  CHECK(dose_error(std::string(head) + component("minoxidil", "0.5 % w/v", "final", "1 % w/v") +
                   "[batch]\nvolume = \"10 mL\"\n" + injection("0.05 mL", 60, "0 mL", 1)) ==
        "p.toml:9:9: error: the target strength 10 mg/mL is above the stock's 5 mg/mL: no dilution can reach it; "
        "hint: lower the target, or use a stronger stock");
  CHECK(dose_error(std::string(head) + component("biotin", "5 mg/mL", "volume", "3 mL") +
                   component("minoxidil", "5 mg/mL", "volume", "3 mL") + "[batch]\nvolume = \"5 mL\"\n" +
                   injection("0.05 mL", 60, "0 mL", 1)) ==
        "p.toml:15:10: error: the stocks and adjuncts (6 mL) overflow the batch (5 mL) by 1 mL; "
        "hint: raise [batch] volume, or lower the components' volumes or targets");
  CHECK(dose_error(std::string(head) + component("biotin", "5 mg/mL", "volume", "3 mL") +
                   "[batch]\nvolume = \"5 mL\"\n" + injection("0.05 mL", 60, "0 mL", 1)) ==
        "p.toml:11:10: error: the batch needs 2 mL of diluent to reach 5 mL, but no [diluent] is named; "
        "hint: add [diluent] name = \"Sodium chloride 0.9 %\"");
}

TEST_CASE("limits: the stricter of protocol and catalog wins, and over it is a safety stop unless overridden",
          "[dose]") {
  // lidocaine hydrochloride 2 % = 20 mg/mL undiluted; 100 points x 0.2 mL = 20 mL -> 400 mg > catalog's
  // 300 mg of the hydrochloride; both held as the base (x 234.34 / 270.80)
  const Exact base_per_hcl(23434, 27080);
  const std::string over = std::string(head) + component("lidocaine hydrochloride", "2 % w/v", "volume", "25 mL") +
                           injection("0.2 mL", 100, "0 mL", 1);
  const DoseResult stopped = dose_of(over);
  CHECK(stopped.safety_stop());
  REQUIRE(stopped.breaches.size() == 1);
  CHECK(in_mg(stopped.breaches[0].dose) == 400 * base_per_hcl);
  CHECK(in_mg(stopped.breaches[0].limit.max) == 300 * base_per_hcl);
  CHECK_THAT(stopped.breaches[0].limit.source, Catch::StartsWith("catalog: Xylocaine"));
  CHECK_FALSE(has_warning(stopped, "over-limit"));

  const DoseResult overridden =
      dose_of(over, DoseOptions{std::string("tumescent protocol, 80 kg patient"), {}, {}, {}});
  CHECK_FALSE(overridden.safety_stop());
  REQUIRE(has_warning(overridden, "over-limit"));

  // a protocol limit stricter than the catalog's replaces it
  const DoseResult stricter =
      dose_of(std::string(head) + component("lidocaine", "1 % w/v", "volume", "5 mL") +
              injection("0.05 mL", 60, "0 mL", 1) + "[limits.lidocaine]\nmax_per_session = \"20 mg\"\n");
  // 10 mg/mL of the base x 3 mL = 30 mg > 20 mg (protocol), < 259.6 mg (catalog)
  REQUIRE(stricter.breaches.size() == 1);
  CHECK(stricter.breaches[0].limit.source == "protocol");
  CHECK(in_mg(stricter.breaches[0].limit.max) == 20);
  // a looser protocol limit does not replace the catalog's
  const DoseResult looser =
      dose_of(std::string(head) + component("lidocaine", "1 % w/v", "volume", "5 mL") +
              injection("0.05 mL", 60, "0 mL", 1) + "[limits.lidocaine]\nmax_per_session = \"500 mg\"\n");
  REQUIRE(looser.actives[0].limits.size() == 1);
  CHECK(in_mg(looser.actives[0].limits[0].max) == 300 * base_per_hcl);
}

TEST_CASE("warnings are data: under one session, precipitation, catalog notes, unknown active", "[dose]") {
  const DoseResult r =
      dose_of(std::string(head) + component("minoxidil", "0.5 % w/v", "volume", "2 mL") +
              component("buflomedil", "50 mg/5 mL", "volume", "0.5 mL") + "acknowledged = \"Dr X: test\"\n" +
              component("unobtainium", "1 mg/mL", "volume", "0.5 mL") + injection("0.05 mL", 60, "0.1 mL", 1));
  CHECK(has_warning(r, "batch-under-one-session"));  // 3 mL batch, 3.1 mL drawn
  CHECK(has_warning(r, "precipitation-risk"));       // minoxidil 10/3 mg/mL > 2 mg/mL
  CHECK(has_warning(r, "buflomedil-suspended"));
  CHECK(has_warning(r, "unknown-active"));
  CHECK(*r.sessions_per_batch == 0);
}

// protocol-format.md, "Salt forms": the figures as labelled, the base beside them, limits on the base.
TEST_CASE("hand-worked: lidocaine hydrochloride 1 % is 10 x 234.34 / 270.80 mg/mL of lidocaine, exactly",
          "[dose][forms]") {
  // 10 mg/mL of the hydrochloride x 23434/27080 = 23434/2708 mg/mL = 8.6536... mg/mL of the base.
  // Session 60 x 0.05 = 3 mL: 30 mg of the hydrochloride, 30 x 23434/27080 mg of the base; course x 10.
  const DoseResult r = dose_of(std::string(head) + component("lidocaine", "1 % w/v", "volume", "2 mL") +
                               "form = \"lidocaine hydrochloride\"\n" + injection("0.05 mL", 60, "0 mL", 10));
  const ActiveFigures& a = active(r, "lidocaine");
  CHECK(in_mg_per_ml(a.final_strength) == 10);  // as labelled
  CHECK(in_mg(*a.per_session) == 30);
  REQUIRE(a.base);
  CHECK(a.base->form == "Lidocaine hydrochloride");
  CHECK(a.base->base == "Lidocaine");
  CHECK(a.base->base_per_form == Exact(23434, 27080));
  CHECK(in_mg_per_ml(a.base->final_strength) == Exact(23434, 2708));
  CHECK(to_double(in_mg_per_ml(a.base->final_strength)) == Approx(8.65361890694));
  CHECK(in_mg(*a.base->per_injection) == Exact(23434, 2708) / 20);
  CHECK(in_mg(*a.base->per_session) == 30 * Exact(23434, 27080));
  CHECK(in_mg(*a.base->per_course) == 300 * Exact(23434, 27080));
  CHECK(a.base_per_session() == a.base->per_session);
  CHECK(in_mg_per_ml(r.components[0].base_stock) == Exact(23434, 2708));
  // a base stock has no base equivalent: its figures are the base's
  const DoseResult base = dose_of(std::string(head) + component("lidocaine", "1 % w/v", "volume", "2 mL") +
                                  injection("0.05 mL", 60, "0 mL", 10));
  CHECK_FALSE(active(base, "lidocaine").base);
  CHECK(active(base, "lidocaine").base_per_session() == active(base, "lidocaine").per_session);
}

TEST_CASE("a dose computed from the salt equals the dose from the equivalent base stock written by hand",
          "[dose][forms]") {
  // 10 mg/mL of lidocaine hydrochloride holds 10 x 234.34 / 270.80 mg/mL of lidocaine: 2343.4 mg in 270.8 mL
  const std::string rest =
      "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"
      "[diluent]\nname = \"NaCl 0.9 %\"\n[batch]\nvolume = \"10 mL\"\n" +
      injection("0.05 mL", 50, "0.1 mL", 6);
  const DoseResult salt =
      dose_of(std::string(head) + component("lidocaine hydrochloride", "1 % w/v", "volume", "3 mL") + rest);
  const DoseResult base =
      dose_of(std::string(head) + component("lidocaine", "2343.4 mg/270.8 mL", "volume", "3 mL") + rest);
  const ActiveFigures& s = active(salt, "lidocaine");
  const ActiveFigures& b = active(base, "lidocaine");
  REQUIRE(s.base);
  CHECK(s.base->final_strength == b.final_strength);
  CHECK(s.base->per_injection == b.per_injection);
  CHECK(s.base->per_session == b.per_session);
  CHECK(s.base->per_course == b.per_course);
  CHECK(s.limits.size() == b.limits.size());
  CHECK(s.limits[0].max == b.limits[0].max);
  // and the arithmetic of the batch does not depend on what the stock is of
  CHECK(salt.diluent_volume == base.diluent_volume);
  CHECK(active(salt, "biotin").per_session == active(base, "biotin").per_session);
}

TEST_CASE(
    "a per-session limit given as the hydrochloride holds at exactly 300 mg of it and stops just over, and a base "
    "stock is held to 259.6 mg of base",
    "[dose][forms][limits]") {
  const Exact f(23434, 27080);
  // lidocaine hydrochloride 2 % = 20 mg/mL undiluted; 75 points x 0.2 mL = 15 mL: 300 mg of the hydrochloride
  auto hcl = [](int points) {
    return dose_of(std::string(head) + component("lidocaine hydrochloride", "2 % w/v", "volume", "20 mL") +
                   injection("0.2 mL", points, "0 mL", 1));
  };
  const DoseResult at = hcl(75);
  CHECK(in_mg(*active(at, "lidocaine").per_session) == 300);
  CHECK(*active(at, "lidocaine").base_per_session() == active(at, "lidocaine").limits[0].max);
  CHECK(at.breaches.empty());
  CHECK_FALSE(at.safety_stop());
  const DoseResult over = hcl(76);  // 304 mg of the hydrochloride
  CHECK(over.safety_stop());
  REQUIRE(over.breaches.size() == 1);
  CHECK(in_mg(over.breaches[0].dose) == 304 * f);
  REQUIRE_FALSE(over.stops.empty());
  CHECK_THAT(over.stops[0].message,
             Catch::StartsWith("Lidocaine per session is 263.070014771… mg of base (304 mg as Lidocaine "
                               "hydrochloride), over the limit of 259.608567208… mg of base (300 mg as Lidocaine "
                               "hydrochloride)"));
  // lidocaine base 1 % = 10 mg/mL: 129 points x 0.2 mL = 25.8 mL is 258 mg, 130 points is 260 mg > 259.6 mg
  auto base = [](int points) {
    return dose_of(std::string(head) + component("lidocaine", "1 % w/v", "volume", "30 mL") +
                   injection("0.2 mL", points, "0 mL", 1));
  };
  CHECK_FALSE(base(129).safety_stop());
  const DoseResult base_over = base(130);
  CHECK(base_over.safety_stop());
  REQUIRE(base_over.breaches.size() == 1);
  CHECK(in_mg(base_over.breaches[0].dose) == 260);
  CHECK(in_mg(base_over.breaches[0].limit.max) == 300 * f);
  CHECK_THAT(base_over.stops[0].message,
             Catch::StartsWith("Lidocaine per session is 260 mg, over the limit of 259.608567208… mg ("));
}

TEST_CASE("plausible ranges hold the base, and the water solubility binds only a base stock", "[dose][forms]") {
  // Loftyl's 10 mg/mL of the hydrochloride is the top of buflomedil's range; 10 mg/mL of the base is above it
  const std::string buflomedil = "acknowledged = \"Dr X: test\"\n";
  const DoseResult hcl =
      dose_of(std::string(head) + component("buflomedil", "50 mg/5 mL", "volume", "1 mL") + buflomedil +
              "form = \"buflomedil hydrochloride\"\n" + injection("0.05 mL", 10, "0 mL", 1));
  CHECK(hcl.implausible_hard == 0);
  const DoseResult base = dose_of(std::string(head) + component("buflomedil", "50 mg/5 mL", "volume", "1 mL") +
                                  buflomedil + injection("0.05 mL", 10, "0 mL", 1));
  CHECK(base.implausible_hard == 1);
  REQUIRE_FALSE(base.stops.empty());
  CHECK_THAT(base.stops[0].message,
             Catch::Contains("Buflomedil stock is 10 mg/mL (1 % w/v), above the plausible range (at most 8.94 mg/mL"));
  const DoseResult strong =
      dose_of(std::string(head) + component("buflomedil", "12 mg/mL", "volume", "1 mL") + buflomedil +
              "form = \"buflomedil hydrochloride\"\n" + injection("0.05 mL", 10, "0 mL", 1));
  REQUIRE_FALSE(strong.stops.empty());
  CHECK_THAT(strong.stops[0].message,
             Catch::Contains("Buflomedil stock is 10.7 mg/mL (1.07 % w/v) of base (12 mg/mL (1.2 % w/v) as Buflomedil "
                             "hydrochloride), above the plausible range"));
  // minoxidil 5 mg/mL undiluted: the base is above its 2.2 mg/mL water solubility; the sulfate is another salt
  const DoseResult minoxidil = dose_of(std::string(head) + component("minoxidil", "0.5 % w/v", "volume", "2 mL") +
                                       injection("0.05 mL", 10, "0 mL", 1));
  CHECK(has_warning(minoxidil, "precipitation-risk"));
  const DoseResult sulfate = dose_of(std::string(head) + component("minoxidil sulfate", "0.5 % w/v", "volume", "2 mL") +
                                     injection("0.05 mL", 10, "0 mL", 1));
  CHECK_FALSE(has_warning(sulfate, "precipitation-risk"));
  REQUIRE(active(sulfate, "minoxidil").base);
  CHECK(in_mg_per_ml(active(sulfate, "minoxidil").base->final_strength) == 5 * Exact(20925, 28931));
}

TEST_CASE("a mechanical protocol computes a course and nothing to dose", "[dose]") {
  const DoseResult r = dose_of(std::string(head) + "[course]\nsessions = 6\n");
  CHECK(r.actives.empty());
  CHECK_FALSE(r.session);
  CHECK_FALSE(r.sessions_per_batch);
}

namespace {

struct Generated {
  std::vector<std::pair<int, int>> stocks;  // (stock in 0.1 mg/mL, volume in 0.1 mL)
  int diluent_tenths;                       // 0 for none
  int per_point_hundredths;
  int points;
  int dead_hundredths;
  int sessions;
};

Generated generate(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Generated g;
  const int n = pick(1, 4);
  for (int i = 0; i < n; ++i) g.stocks.emplace_back(pick(1, 500), pick(1, 50));
  g.diluent_tenths = pick(0, 1) ? pick(1, 50) : 0;
  g.per_point_hundredths = pick(2, 10);
  g.points = pick(10, 100);
  g.dead_hundredths = pick(0, 20);
  g.sessions = pick(1, 20);
  return g;
}

const char* const generated_actives[] = {"minoxidil", "biotin", "organic silicium", "finasteride"};

// The same protocol, in one of several spellings of its units; k scales every volume.
std::string write(const Generated& g, int spelling, int k = 1) {
  std::string text = head;
  for (std::size_t i = 0; i < g.stocks.size(); ++i) {
    const auto [stock, volume] = g.stocks[i];
    std::string s, v;
    switch (spelling) {
      case 0:
        s = fmt::format("{}e-1 mg/mL", stock);
        v = fmt::format("{}e-1 mL", volume * k);
        break;
      case 1:
        s = fmt::format("{}e-2 % w/v", stock);
        v = fmt::format("{} \xC2\xB5L", volume * k * 100);
        break;
      case 2:
        s = fmt::format("{}e-1 mg/5 mL", stock * 5);
        v = fmt::format("{}e-4 L", volume * k);
        break;
      default:
        s = fmt::format("{} mcg/mL", stock * 100);
        v = fmt::format("{} mcL", volume * k * 100);
        break;
    }
    text += component(generated_actives[i], s, "volume", v);
  }
  if (g.diluent_tenths > 0)
    text += fmt::format("[diluent]\nname = \"NaCl\"\nvolume = \"{}e-1 mL\"\n", g.diluent_tenths * k);
  text += fmt::format(
      "[injection]\nvolume_per_point = \"{}e-2 mL\"\npoints_per_session = {}\ndead_volume_per_session = \"{}e-2 mL\"\n"
      "[course]\nsessions = {}\n",
      g.per_point_hundredths, g.points, g.dead_hundredths, g.sessions);
  return text;
}

}  // namespace

TEST_CASE("properties over 200 generated protocols", "[dose][property]") {
  std::mt19937 rng(20261124);
  for (int round = 0; round < 200; ++round) {
    const Generated g = generate(rng);
    const std::string text = write(g, 0);
    INFO(text);
    const DoseResult r = dose_of(text);

    // mass balance: per injection x points = per session; per session x sessions = per course
    for (const auto& a : r.actives) {
      CHECK(*a.per_injection * Exact(r.session->points) == *a.per_session);
      CHECK(*a.per_session * Exact(g.sessions) == *a.per_course);
    }
    // drawn stock mass = sum of final strengths x batch volume
    Mass drawn = milligrams(0);
    for (const auto& c : r.components) drawn += c.stock * c.volume;
    Mass in_cocktail = milligrams(0);
    for (const auto& a : r.actives) in_cocktail += a.final_strength * r.batch_volume;
    CHECK(drawn == in_cocktail);
    // sessions a batch covers: a whole number of drawn volumes that fits, and one more does not
    CHECK(r.session->drawn * Exact(*r.sessions_per_batch) <= r.batch_volume);
    CHECK(r.session->drawn * Exact(*r.sessions_per_batch + 1) > r.batch_volume);

    // scaling every volume by k leaves every strength unchanged
    for (int k : {2, 3, 7}) {
      const DoseResult scaled = dose_of(write(g, 0, k));
      for (std::size_t i = 0; i < r.actives.size(); ++i)
        CHECK(scaled.actives[i].final_strength == r.actives[i].final_strength);
    }
    // the units the file uses change nothing
    for (int spelling : {1, 2, 3}) {
      const DoseResult other = dose_of(write(g, spelling));
      REQUIRE(other.actives.size() == r.actives.size());
      for (std::size_t i = 0; i < r.actives.size(); ++i) {
        CHECK(other.actives[i].final_strength == r.actives[i].final_strength);
        CHECK(*other.actives[i].per_injection == *r.actives[i].per_injection);
        CHECK(*other.actives[i].per_course == *r.actives[i].per_course);
      }
      CHECK(other.batch_volume == r.batch_volume);
      CHECK(*other.sessions_per_batch == *r.sessions_per_batch);
    }
  }
}

// Each repeat names the first component with that active and stock, whatever way the stock is
// written; one repeat among thousands of components is found without comparing every pair.
TEST_CASE("the same stock twice in a dose names the first component each time it comes again", "[dose]") {
  const std::string text = std::string(head) + component("minoxidil", "5 mg/mL", "volume", "1 mL") +
                           component("minoxidil", "5 mg/mL", "volume", "1 mL") +
                           component("minoxidil", "0.5 % w/v", "volume", "1 mL") +
                           component("minoxidil", "10 mg/mL", "volume", "1 mL") + injection("0.05 mL", 10, "0.1 mL", 1);
  const DoseResult r = dose_of(text);
  std::vector<std::string> said;
  for (const auto& w : r.warnings)
    if (w.code == "same-stock-twice") said.push_back(w.message);
  REQUIRE(said.size() == 2);
  CHECK_THAT(said[0], Catch::Contains("lines 8 and 12"));
  CHECK_THAT(said[1], Catch::Contains("lines 8 and 16"));

  std::string many = head;
  for (int i = 1; i <= 3000; ++i) many += component("minoxidil", fmt::format("{} mg/1000 mL", i), "volume", "1 mL");
  many += component("minoxidil", "1 mg/1000 mL", "volume", "1 mL");  // the first again, at the end
  many += injection("0.05 mL", 10, "0.1 mL", 1);
  const DoseResult big = dose_of(many);
  std::size_t repeats = 0;
  for (const auto& w : big.warnings)
    if (w.code == "same-stock-twice") {
      ++repeats;
      CHECK_THAT(w.message, Catch::Contains(fmt::format("lines 8 and {}", 8 + 4 * 3000)));
    }
  CHECK(repeats == 1);
}
