// The preparation worksheet's arithmetic: hand-worked worksheets (the working is in the
// comments), the syringe rule, the safety stops, and properties over generated protocols.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "mesomix/commands.hpp"
#include "mesomix/mix.hpp"
#include "support.hpp"

using namespace mesomix;

namespace {

DoseResult dose_of(const std::string& text) {
  auto loaded = load_protocol(text, "p.toml", shipped_catalog());
  if (!loaded) FAIL(to_string(loaded.error().front()));
  auto r = compute_dose(loaded->protocol, shipped_catalog(), {});
  if (!r) FAIL(to_string(r.error().front()));
  return std::move(r).value();
}

DoseResult shipped(const std::string& name) {
  return dose_of(test_support::read_file(test_support::source_dir() / "formulations/protocols" / (name + ".toml")));
}

MixResult mix_of(const DoseResult& dose, MixOptions options = {}, const Devices& devices = shipped_devices()) {
  auto r = compute_mix(dose, devices, options);
  if (!r) FAIL(to_string(r.error().front()));
  return std::move(r).value();
}

Devices one_syringe(const char* capacity, const char* graduation) {
  auto d =
      load_devices(fmt::format("schema = 1\n[[syringe]]\nname = \"only\"\ncapacity = \"{}\"\ngraduation = \"{}\"\n",
                               capacity, graduation),
                   "d.toml");
  REQUIRE(d.has_value());
  return std::move(d).value();
}

MixOptions volume_options(const Volume& v) {
  MixOptions o;
  o.batch_volume = v;
  return o;
}

constexpr const char* head = "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n";

std::string one_stock(const std::string& volume) {
  return std::string(head) + "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"" + volume +
         "\"\n[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 1\n[course]\nsessions = 1\n";
}

}  // namespace

TEST_CASE("hand-worked: the classic cocktail for its 10 sessions", "[mix]") {
  // Target 10 x 2.1 mL = 21 mL; the formula's 8 mL scales by 21/8 = 2.625.
  // Minoxidil, biotin, silicium: 2 mL x 2.625 = 5.25 mL -> the 10 mL syringe (2-8 mL),
  //   0.2 mL marks; no diluent, so rounded up: 26.25 marks -> 27 -> 5.4 mL.
  // Finasteride, buflomedil: 1 mL x 2.625 = 2.625 mL, past the 3 mL syringe's 0.6-2.4 mL ->
  //   the 5 mL syringe (1-4 mL), 0.2 mL marks: 13.125 -> 14 -> 2.8 mL.
  // Final 3 x 5.4 + 2 x 2.8 = 21.8 mL, covering floor(21.8 / 2.1) = 10 sessions.
  // Minoxidil delivered: 20 x 5.4 / 21.8 = 540/109 mg/mL against 5: (108/109 - 1) x 100 = -100/109 %.
  MixOptions ten;
  ten.sessions = 10;
  const MixResult r = mix_of(shipped("hair-classic-5"), ten);
  CHECK(*r.sessions_wanted == 10);
  CHECK(in_ml(r.target_volume) == 21);
  CHECK(r.scale == Exact(21, 8));
  REQUIRE(r.draws.size() == 5);
  CHECK(in_ml(r.draws[0].nominal) == Exact(525, 100));
  CHECK(in_ml(r.draws[0].drawn) == Exact(54, 10));
  CHECK(r.draws[0].syringe.name == "10 mL syringe");
  CHECK(in_ml(r.draws[1].nominal) == Exact(2625, 1000));
  CHECK(in_ml(r.draws[1].drawn) == Exact(28, 10));
  CHECK(r.draws[1].syringe.name == "5 mL syringe");
  CHECK(in_ml(r.draws[2].drawn) == Exact(54, 10));
  CHECK(r.draws[3].syringe.name == "5 mL syringe");
  CHECK(in_ml(r.final_volume) == Exact(218, 10));
  CHECK(r.sessions_covered == 10);
  CHECK(in_mg_per_ml(r.actives[0].delivered_strength) == Exact(540, 109));
  CHECK(r.actives[0].deviation_pct == Exact(-100, 109));
  // per session delivered = 540/109 x 2 mL
  CHECK(in_mg(*r.actives[0].delivered_per_session) == Exact(1080, 109));
  CHECK(r.stops.empty());
}

TEST_CASE("hand-worked: target mode with saline q.s. for 9 sessions", "[mix]") {
  // Target 9 x 2.1 = 18.9 mL; the 10 mL batch (minoxidil 2.5 mL, biotin 2 mL, silicium 4 mL,
  // saline 1.5 mL) scales by 1.89. Minoxidil 2.5 x 1.89 = 4.725 mL on the 10 mL syringe (2-8 mL),
  // to the nearest 0.2 mL (saline makes up the rest): 23.625 marks -> 24 -> 4.8 mL. Biotin
  // 3.78 mL on the 5 mL syringe (1-4 mL) -> 3.8 mL. Silicium 7.56 mL on the 10 mL syringe -> 7.6 mL.
  // Saline q.s.: 18.9 - 16.2 = 2.7 mL, past the 3 mL syringe's 2.4 mL, rounded up on the 5 mL
  // syringe (0.2 mL) -> 2.8 mL. Final 19 mL. Minoxidil delivered 20 x 4.8 / 19 = 96/19 mg/mL.
  MixOptions nine;
  nine.sessions = 9;
  const MixResult r = mix_of(shipped("hair-target-saline"), nine);
  REQUIRE(r.draws.size() == 4);
  CHECK(r.draws[0].draws == 1);
  CHECK(r.draws[0].syringe.name == "10 mL syringe");
  CHECK(in_ml(r.draws[0].nominal) == Exact(4725, 1000));
  CHECK(in_ml(r.draws[0].drawn) == Exact(48, 10));
  CHECK(in_ml(r.draws[1].drawn) == Exact(38, 10));
  CHECK(r.draws[1].syringe.name == "5 mL syringe");
  CHECK(in_ml(r.draws[2].drawn) == Exact(76, 10));
  CHECK(r.draws[3].kind == DrawKind::diluent);
  CHECK(in_ml(r.draws[3].nominal) == Exact(27, 10));
  CHECK(in_ml(r.draws[3].drawn) == Exact(28, 10));
  CHECK(r.draws[3].syringe.name == "5 mL syringe");
  CHECK(in_ml(r.final_volume) == 19);
  CHECK(r.sessions_covered == 9);
  CHECK(in_mg_per_ml(r.actives[0].delivered_strength) == Exact(96, 19));
}

TEST_CASE("scaling to a batch volume with an overage, and strengths do not change with scale", "[mix]") {
  const DoseResult dose = shipped("hair-classic-5");
  MixOptions options;
  options.batch_volume = millilitres(10);
  options.overage_pct = 10;
  const MixResult r = mix_of(dose, options);
  CHECK_FALSE(r.sessions_wanted);
  CHECK(in_ml(r.target_volume) == 11);
  CHECK(r.scale == Exact(11, 8));
  for (std::size_t i = 0; i < r.actives.size(); ++i)
    CHECK(r.actives[i].nominal_strength == dose.actives[i].final_strength);
}

TEST_CASE(
    "the syringe rule: the smallest filled to 20-80 %, split when too much or too coarse, the smallest when too little",
    "[mix]") {
  auto syringe_for = [](const std::string& volume) {
    const DoseResult dose = dose_of(one_stock(volume));
    return mix_of(dose, volume_options(dose.batch_volume)).draws[0];
  };
  CHECK(syringe_for("0.5 mL").syringe.name == "1 mL syringe");
  CHECK(syringe_for("1.5 mL").syringe.name == "3 mL syringe");
  // 0.9 mL fits the 3 mL syringe, but half its 0.1 mL mark is 5.6 % of it: two draws of 0.45 mL
  // on the 1 mL syringe measure it within 1.2 % instead
  const Draw twice = syringe_for("0.9 mL");
  CHECK(twice.syringe.name == "1 mL syringe");
  CHECK(twice.draws == 2);
  CHECK(syringe_for("2.5 mL").syringe.name == "5 mL syringe");
  CHECK(syringe_for("7 mL").syringe.name == "10 mL syringe");
  CHECK(syringe_for("12 mL").syringe.name == "20 mL syringe");
  const Draw split = syringe_for("40 mL");  // 3 draws of 13.3 mL: the fewest that fit 4-16 mL
  CHECK(split.draws == 3);
  CHECK(split.syringe.name == "20 mL syringe");
  const Draw small = syringe_for("0.1 mL");  // under 20 % of 1 mL: the 1 mL syringe, said as such
  CHECK(small.syringe.name == "1 mL syringe");
  CHECK(small.below_range);
  CHECK(in_ml(small.drawn) == Exact(1, 10));
}

TEST_CASE("safety stop: a volume that cannot be measured within 5 %", "[mix]") {
  // 0.05 mL on the 1 mL syringe: half a graduation is 0.005 mL, 10 % of it
  const MixResult r = mix_of(dose_of(one_stock("0.05 mL")), volume_options(millilitres(Exact(1, 20))));
  REQUIRE(r.stops.size() == 1);
  CHECK_THAT(r.stops[0].message, Catch::Contains("cannot be measured within 5 %") && Catch::Contains("1 mL syringe"));
  CHECK_THAT(r.stops[0].hint, Catch::Contains("pre-dilute"));
  CHECK(r.safety_stop());
}

TEST_CASE("safety stop: a delivered dose more than 5 % off after rounding", "[mix]") {
  // One 10 mL syringe with 0.5 mL marks; no diluent, so both draws round up:
  // biotin 5.01 -> 5.5 mL, minoxidil 7.99 -> 8 mL; final 13.5 mL instead of 13.
  // Biotin: 5 x 5.5 / 13.5 = 2.037 mg/mL against 5 x 5.01 / 13 = 1.927: +5.7 %.
  const DoseResult dose =
      dose_of(std::string(head) +
              "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"5.01 mL\"\n"
              "[[component]]\nactive = \"minoxidil\"\nstock = \"5 mg/mL\"\nvolume = \"7.99 mL\"\n"
              "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n[course]\nsessions = 1\n");
  const MixResult r = mix_of(dose, volume_options(millilitres(13)), one_syringe("10 mL", "0.5 mL"));
  CHECK(in_ml(r.final_volume) == Exact(27, 2));
  REQUIRE(r.stops.size() == 1);
  CHECK_THAT(
      r.stops[0].message,
      Catch::StartsWith("Biotin: after rounding the draws, 2.04 mg/mL is delivered instead of 1.93 mg/mL (5.71 %)"));
  CHECK(r.actives[0].deviation_pct > 5);
}

TEST_CASE("a mechanical protocol has nothing to mix", "[mix]") {
  const DoseResult dose = dose_of(std::string(head) + "[course]\nsessions = 6\n");
  auto r = compute_mix(dose, shipped_devices(), {});
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error().front().message, Catch::Contains("no cocktail to prepare"));
}

TEST_CASE("properties of generated preparations", "[mix][property]") {
  std::mt19937 rng(5);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* actives[] = {"minoxidil", "biotin", "organic silicium"};
  int checked = 0;
  for (int round = 0; round < 150; ++round) {
    std::string text = head;
    const int n = pick(1, 3);
    for (int i = 0; i < n; ++i)
      text += fmt::format("[[component]]\nactive = \"{}\"\nstock = \"{} mg/mL\"\nvolume = \"{}e-1 mL\"\n", actives[i],
                          pick(1, 20), pick(5, 40));
    const bool diluent = pick(0, 1) == 1;
    if (diluent) text += fmt::format("[diluent]\nname = \"NaCl\"\nvolume = \"{}e-1 mL\"\n", pick(1, 40));
    text += fmt::format(
        "[injection]\nvolume_per_point = \"{}e-2 mL\"\npoints_per_session = {}\ndead_volume_per_session = \"{}e-2 "
        "mL\"\n"
        "[course]\nsessions = {}\n",
        pick(2, 10), pick(10, 80), pick(0, 20), pick(1, 20));
    INFO(text);
    const DoseResult dose = dose_of(text);
    MixOptions options;
    options.sessions = pick(1, static_cast<int>(dose.protocol.course.sessions));
    const MixResult r = mix_of(dose, options);
    // every draw is a whole number of its syringe's graduations, in equal draws that fit it
    for (const auto& d : r.draws) {
      CHECK(is_integer(ratio(d.per_draw, d.syringe.graduation)));
      CHECK(d.drawn == d.per_draw * Exact(d.draws));
      CHECK(d.per_draw <= d.syringe.capacity);
    }
    // the final volume is what was drawn
    Volume sum = millilitres(0);
    for (const auto& d : r.draws) sum += d.drawn;
    CHECK(sum == r.final_volume);
    // delivered strengths, recomputed from the masses drawn: mass of the active / final volume
    for (const auto& a : r.actives) {
      Mass mass = milligrams(0);
      for (std::size_t i = 0; i < dose.components.size(); ++i)
        if (dose.components[i].active == a.active) mass += dose.components[i].stock * r.draws[i].drawn;
      CHECK(a.delivered_strength * r.final_volume == mass);
      CHECK(*a.delivered_per_session == a.delivered_strength * dose.session->volume);
    }
    if (r.stops.empty()) {
      // N sessions prepared cover N sessions, dead volume included
      CHECK(r.final_volume >= dose.session->drawn * Exact(*options.sessions));
      CHECK(r.sessions_covered >= *options.sessions);
      ++checked;
    }
  }
  CHECK(checked > 100);
}

// protocol-format.md, "The arithmetic": limits bind the delivered dose too.
TEST_CASE("property: with a limit exactly at the nominal dose, no delivered dose over it passes without a stop",
          "[mix][property][limits]") {
  std::mt19937 rng(11);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* actives[] = {"minoxidil", "dutasteride", "organic silicium"};
  const char* stocks[] = {"5 mg/mL", "0.5 mg/mL", "10 mg/mL"};
  int over = 0;
  int under = 0;
  for (int round = 0; round < 200; ++round) {
    std::string text = head;
    const int n = pick(1, 3);
    for (int i = 0; i < n; ++i)
      text += fmt::format("[[component]]\nactive = \"{}\"\nstock = \"{}\"\nvolume = \"{}e-1 mL\"\n", actives[i],
                          stocks[i], pick(5, 40));
    text += fmt::format("[diluent]\nname = \"NaCl\"\nvolume = \"{}e-1 mL\"\n", pick(0, 40));
    text +=
        fmt::format("[injection]\nvolume_per_point = \"{}e-2 mL\"\npoints_per_session = {}\n[course]\nsessions = {}\n",
                    pick(2, 10), pick(10, 60), pick(1, 12));
    INFO(text);
    auto loaded = load_protocol(text, "p.toml", shipped_catalog());
    REQUIRE(loaded.has_value());
    Protocol p = loaded->protocol;
    const DoseResult first = dose_of(text);
    for (const auto& a : first.actives) {
      ActiveLimits l;
      l.active = a.active;
      l.written = a.active;
      l.limits.per_session = *a.per_session;  // exactly the nominal dose: the nominal check passes
      l.limits.per_injection = *a.per_injection;
      p.limits.push_back(l);
    }
    DoseOptions options;
    options.allow_implausible = "generated figures";
    auto dose = compute_dose(p, shipped_catalog(), options);
    REQUIRE(dose.has_value());
    CHECK(dose->breaches.empty());
    MixOptions mix_options;
    mix_options.sessions = pick(1, 10);
    const MixResult r = mix_of(*dose, mix_options);
    for (std::size_t i = 0; i < r.actives.size(); ++i) {
      const DeliveredActive& a = r.actives[i];
      const ActiveFigures& nominal = dose->actives[i];
      const bool delivered_over =
          *a.delivered_per_session > *nominal.per_session || *a.delivered_per_injection > *nominal.per_injection;
      if (delivered_over) {
        ++over;
        CHECK(r.safety_stop());
        CHECK(std::any_of(r.stops.begin(), r.stops.end(), [&](const Diagnostic& d) {
          return d.message.find("delivered is") != std::string::npos && d.message.find(a.name) == 0;
        }));
      } else {
        ++under;
        CHECK(std::none_of(r.delivered_breaches.begin(), r.delivered_breaches.end(),
                           [&](const LimitBreach& b) { return b.active == a.active; }));
      }
    }
  }
  // both sides of the property are exercised
  CHECK(over > 20);
  CHECK(under > 20);
}

TEST_CASE("a delivered dose over a limit, overridden, is a warning read first, and a per-kg cap without weight stops",
          "[mix][limits]") {
  // lidocaine hydrochloride 1 %, injected as supplied: 10 points of 0.05 mL = 0.5 mL, 5 mg of it a session;
  // the catalog's 4.5 mg/kg of the hydrochloride, held as the base (x 234.34 / 270.80)
  const Exact base_per_hcl(23434, 27080);
  const std::string text =
      std::string(head) +
      "[[component]]\nactive = \"lidocaine\"\nform = \"lidocaine hydrochloride\"\nstock = \"1 % w/v\"\n"
      "volume = \"1 mL\"\n[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n[course]\n"
      "sessions = 1\n";
  const DoseResult dose = dose_of(text);
  REQUIRE(dose.unchecked.size() == 1);
  const MixResult r = mix_of(dose);
  REQUIRE(r.safety_stop());
  CHECK_THAT(to_string(r.stops.back()),
             Catch::Contains("safety stop: lidocaine has a per-kg limit (3.89412850812… mg/kg of base (4.5 mg/kg as "
                             "Lidocaine hydrochloride) per session): give the patient's weight"));
  DoseOptions weighed;
  weighed.patient_weight = grams(72000);
  auto loaded = load_protocol(text, "p.toml", shipped_catalog());
  auto with_weight = compute_dose(loaded->protocol, shipped_catalog(), weighed);
  REQUIRE(with_weight.has_value());
  CHECK(with_weight->unchecked.empty());
  // 4.5 mg/kg x 72 kg = 324 mg, looser than 300 mg: 300 mg stays the cap (of the hydrochloride, as the base)
  REQUIRE(with_weight->actives[0].limits.size() == 1);
  CHECK(in_mg(with_weight->actives[0].limits[0].max) == 300 * base_per_hcl);
  weighed.patient_weight = grams(50000);  // 4.5 x 50 = 225 mg: stricter
  auto light = compute_dose(loaded->protocol, shipped_catalog(), weighed);
  CHECK(in_mg(light->actives[0].limits[0].max) == 225 * base_per_hcl);
  CHECK_THAT(light->actives[0].limits[0].source, Catch::Contains("3.89412850812… mg/kg × 50 kg"));
}

TEST_CASE("hand-worked: a stock of a salt is drawn as labelled, and the base it delivers is worked out beside it",
          "[mix][forms]") {
  // lidocaine hydrochloride 1 % 2 mL + saline 2 mL: 5 mg/mL of it, 5 x 23434/27080 mg/mL of lidocaine. One session
  // of 60 x 0.05 = 3 mL: scale 3/4, 1.5 mL of stock on the 3 mL syringe (15 marks), no rounding.
  const Exact f(23434, 27080);
  const DoseResult dose = dose_of(std::string(head) +
                                  "[[component]]\nactive = \"lidocaine\"\nform = \"lidocaine hydrochloride\"\n"
                                  "stock = \"1 % w/v\"\nvolume = \"2 mL\"\n[diluent]\nname = \"NaCl 0.9 %\"\n"
                                  "volume = \"2 mL\"\n[injection]\nvolume_per_point = \"0.05 mL\"\n"
                                  "points_per_session = 60\n[course]\nsessions = 1\n");
  const MixResult r = mix_of(dose);
  REQUIRE(r.actives.size() == 1);
  const DeliveredActive& a = r.actives[0];
  CHECK(in_mg_per_ml(a.prepared_strength) == 5);
  REQUIRE(a.base);
  CHECK(a.base->form == "Lidocaine hydrochloride");
  CHECK(a.base->nominal_strength == a.nominal_strength * f);
  CHECK(a.base->prepared_strength == a.prepared_strength * f);
  CHECK(a.base->delivered_strength == a.delivered_strength * f);
  CHECK(in_mg(*a.base->delivered_per_session) == 15 * f);
  CHECK(a.base_delivered_per_session() == a.base->delivered_per_session);
  CHECK(a.base->base_molar.written == "234.34 g/mol");
  // the unit's label names the base and, beside it, the form the syringe was made from
  REQUIRE(r.units.size() == 1);
  CHECK(std::find(r.units[0].label.begin(), r.units[0].label.end(),
                  "Lidocaine 4.33 mg/mL (0.433 % w/v), as Lidocaine hydrochloride 5 mg/mL") != r.units[0].label.end());
}

TEST_CASE("a limit given as the salt binds the base delivered after rounding, and the stop names both figures",
          "[mix][forms][limits]") {
  // 1 % of the hydrochloride + saline, 1 mL each: 5 mg/mL. A session of 10 x 0.05 = 0.5 mL holds 2.5 mg of it,
  // exactly the protocol's cap. On a 1 mL syringe of 0.1 mL marks, 0.25 mL of stock rounds to 0.3 mL: 3 mg of it.
  const std::string text =
      std::string(head) +
      "[[component]]\nactive = \"lidocaine\"\nform = \"lidocaine hydrochloride\"\nstock = \"1 % w/v\"\n"
      "volume = \"1 mL\"\n[diluent]\nname = \"NaCl\"\nvolume = \"1 mL\"\n[injection]\nvolume_per_point = \"0.05 mL\"\n"
      "points_per_session = 10\n[course]\nsessions = 1\n[limits.\"lidocaine hydrochloride\"]\n"
      "max_per_session = \"2.5 mg\"\n";
  const DoseResult dose = dose_of(text);
  CHECK(dose.breaches.empty());  // nominally at the cap
  const MixResult r = mix_of(dose, {}, one_syringe("1 mL", "0.1 mL"));
  REQUIRE(r.delivered_breaches.size() == 1);
  CHECK(in_mg(r.delivered_breaches[0].dose) == 3 * Exact(23434, 27080));
  CHECK(std::any_of(r.stops.begin(), r.stops.end(), [](const Diagnostic& d) {
    return d.message.find(
               "Lidocaine per session delivered is 2.59608567208… mg of base (3 mg as Lidocaine "
               "hydrochloride) after rounding the draws (nominal 2.16340472673… mg of base (2.5 mg as "
               "Lidocaine hydrochloride))") == 0;
  }));
}

namespace {

BudLimit limit_for(Category category, bool sterile, const DoseResult& dose) {
  CompoundingConditions c;
  c.category = category;
  c.sterile_components = sterile;
  auto b = bud_limit(shipped_bud_rules(), c, dose.protocol, sterile_products(dose));
  if (!b) FAIL(to_string(b.error().front()));
  return *b;
}

PlanResult plan_of(const DoseResult& dose, const BudLimit& bud) {
  auto p = compute_plan(dose, shipped_devices(), bud);
  if (!p) FAIL(to_string(p.error().front()));
  return std::move(p).value();
}

std::string weekly(int sessions) {
  return std::string(head) +
         "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"
         "[[component]]\nactive = \"minoxidil\"\nstock = \"0.5 % w/v\"\nvolume = \"2 mL\"\n"
         "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 60\n"
         "[course]\nsessions = " +
         std::to_string(sessions) + "\nevery = \"1 week\"\n";
}

}  // namespace

TEST_CASE("mix prepares one session by default", "[mix][bud]") {
  const DoseResult dose = shipped("hair-classic-5");
  MixOptions o;
  o.bud = limit_for(Category::one, false, dose);
  const MixResult r = mix_of(dose, o);
  CHECK(*r.sessions_wanted == 1);
  REQUIRE(r.units.size() == 1);
  CHECK(r.units[0].session == 1);
  CHECK(*r.units[0].day == 0);
  CHECK(in_ml(r.units[0].volume) == Exact(21, 10));  // 40 x 0.05 mL + 0.1 mL dead volume
  CHECK(r.stops.empty());
}

TEST_CASE("hand-worked plan, Category 1: one preparation per session", "[mix][bud][plan]") {
  // 24 h; the closest sessions of the classic course are 7 days apart
  const DoseResult dose = shipped("hair-classic-5");
  const PlanResult p = plan_of(dose, limit_for(Category::one, false, dose));
  REQUIRE(p.preparations.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(p.preparations[i].sessions == std::vector<std::int64_t>{static_cast<std::int64_t>(i) + 1});
    CHECK(p.preparations[i].number == static_cast<std::int64_t>(i) + 1);
  }
  CHECK(p.preparations[7].days == std::vector<std::int64_t>{91});
}

TEST_CASE("hand-worked plan, Category 2 refrigerated with sterile components: 10 days", "[mix][bud][plan]") {
  // weekly: days 0, 7, 14, ... Session 2 (day 7) is 7 d < 10 d after session 1; session 3 (day
  // 14) is 14 d after: a new preparation. So 1-2, 3-4, 5-6, 7-8, 9.
  const DoseResult dose = dose_of(weekly(9));
  const PlanResult p = plan_of(dose, limit_for(Category::two, true, dose));
  REQUIRE(p.preparations.size() == 5);
  CHECK(p.preparations[0].sessions == std::vector<std::int64_t>{1, 2});
  CHECK(p.preparations[0].days == std::vector<std::int64_t>{0, 7});
  CHECK(p.preparations[1].sessions == std::vector<std::int64_t>{3, 4});
  CHECK(p.preparations[3].sessions == std::vector<std::int64_t>{7, 8});
  CHECK(p.preparations[4].sessions == std::vector<std::int64_t>{9});
  // each preparation is the mix of its sessions: 2 x 3 mL = 6 mL drawn as 2 + 4 mL
  CHECK(in_ml(p.preparations[0].volume) == 6);
}

TEST_CASE("a plan refuses an override with nothing to override, as every printing command does", "[mix][plan]") {
  const auto classic = test_support::source_dir() / "formulations/protocols/hair-classic-5.toml";
  MixRequest plan;
  plan.plan = true;
  const CommandOutput idle = run_mix(classic.string(), plan, Format::text, {}, std::string("prescriber agrees"));
  CHECK(idle.exit_code == 2);
  CHECK(idle.out.empty());
  CHECK_THAT(idle.err, Catch::Contains("no limit is exceeded: nothing to override"));
  CHECK(run_mix(classic.string(), plan, Format::text, {}, std::nullopt).exit_code == 0);
}

TEST_CASE("with the schedule unknown, a preparation covers one session", "[mix][bud][plan]") {
  // 10 points of 0.05 mL: 0.5 mL a session, measurable on the 1 mL syringe
  const DoseResult dose = dose_of(std::string(head) +
                                  "[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"1 mL\"\n"
                                  "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n"
                                  "[course]\nsessions = 3\n");
  CHECK(plan_runs(std::nullopt, 3, seconds(240 * 3600)).size() == 3);
  MixOptions o;
  o.sessions = 1;
  o.bud = limit_for(Category::two, true, dose);
  const MixResult m = mix_of(dose, o);
  for (const auto& s : m.stops) UNSCOPED_INFO(to_string(s));
  CHECK(m.stops.empty());
}

TEST_CASE("safety stop: a session after the BUD names it, its day and the BUD", "[mix][bud]") {
  const DoseResult dose = shipped("hair-classic-5");
  MixOptions o;
  o.sessions = 2;
  o.bud = limit_for(Category::one, false, dose);
  const MixResult r = mix_of(dose, o);
  REQUIRE(r.stops.size() == 1);
  CHECK(r.stops[0].message ==
        "session 2 (day 7) begins after the beyond-use date: 24 h from the preparation on day 0 (USP <797> Category "
        "1, refrigerated)");
  CHECK_THAT(r.stops[0].hint, Catch::Contains("mesomix mix --plan"));
  // the same through --batch-volume: 6.2 mL covers sessions 1 and 2
  MixOptions v;
  v.batch_volume = millilitres(Exact(62, 10));
  v.bud = o.bud;
  CHECK(mix_of(dose, v).stops.size() == 1);
}

TEST_CASE("safety stop: sessions past the course", "[mix][bud]") {
  MixOptions o;
  o.sessions = 3;
  o.from_session = 9;
  const MixResult r = mix_of(shipped("hair-classic-5"), o);
  REQUIRE(r.stops.size() == 1);
  CHECK(r.stops[0].message == "sessions 9 to 11 are asked for, but the course has 10 sessions");
}

TEST_CASE("hand-worked: a PRP protocol's worksheet and labels", "[mix][bedside]") {
  // Batch 4 mL: minoxidil 0.5 % 2 mL, saline 1 mL, PRP 1 mL at the bedside. Session 3.8 mL +
  // 0.2 mL dead = 4 mL drawn, of which PRP is 1/4: the syringe as prepared holds 3 mL at
  // minoxidil 5 x 2/3 = 10/3 mg/mL; with 1 mL PRP added, 5 x 2/4 = 2.5 mg/mL is injected.
  const DoseResult dose = dose_of(
      std::string(head) +
      "[[component]]\nactive = \"minoxidil\"\nstock = \"0.5 % w/v\"\nvolume = \"2 mL\"\n"
      "[[adjunct]]\nname = \"Autologous platelet-rich plasma\"\nvolume = \"1 mL\"\nbedside = true\n"
      "[diluent]\nname = \"Sodium chloride 0.9 %\"\nvolume = \"1 mL\"\n"
      "[injection]\nvolume_per_point = \"0.1 mL\"\npoints_per_session = 38\ndead_volume_per_session = \"0.2 mL\"\n"
      "[course]\nsessions = 3\nevery = \"4 weeks\"\n");
  MixOptions o;
  o.bud = limit_for(Category::one, false, dose);
  const MixResult r = mix_of(dose, o);
  CHECK(r.bedside_fraction == Exact(1, 4));
  CHECK(in_ml(r.unit_volume) == 3);
  CHECK(in_ml(r.final_volume) == 3);
  REQUIRE(r.draws.size() == 2);  // minoxidil and saline: no PRP in the preparation
  CHECK(r.draws[1].kind == DrawKind::diluent);
  CHECK(in_mg_per_ml(r.actives[0].prepared_strength) == Exact(10, 3));
  CHECK(in_mg_per_ml(r.actives[0].delivered_strength) == Exact(5, 2));
  REQUIRE(r.units.size() == 1);
  CHECK(in_ml(*r.units[0].bedside_volume) == 1);
  const auto& label = r.units[0].label;
  CHECK(std::find(label.begin(), label.end(), "Minoxidil 3.33 mg/mL (0.333 % w/v)") != label.end());
  CHECK(std::find(label.begin(), label.end(),
                  "At the bedside: add 1 mL Autologous platelet-rich plasma to this syringe; injected strength then "
                  "Minoxidil 2.5 mg/mL.") != label.end());
  CHECK(std::find(label.begin(), label.end(),
                  "Volume: 3 mL. Route: intradermal. Single dose: discard any remainder.") != label.end());
  CHECK(std::find(label.begin(), label.end(), "Session 1 of 3, week 1, day 0") != label.end());
  CHECK(std::find(label.begin(), label.end(), "Storage: Refrigerate at 2 to 8 °C") != label.end());
  // the immediate-use count leaves the bedside PRP out: minoxidil and saline
  CHECK(sterile_products(dose) == 2);
}

TEST_CASE("hand-worked: containers to open and the volume to discard", "[mix][containers]") {
  // Classic cocktail, sessions 1-2: target 4.2 mL, scale 4.2/8 = 0.525. Minoxidil 1.05 mL on the
  // 3 mL syringe (0.1 mL), rounded up: 1.1 mL from one 2 mL ampoule, 0.9 mL discarded. Biotin
  // the same from its 2 mL ampoule. Buflomedil 0.525 mL -> 0.53 mL on the 1 mL syringe (0.01 mL)
  // of a 5 mL ampoule: 4.47 mL discarded.
  MixOptions o;
  o.sessions = 2;
  const MixResult r = mix_of(shipped("hair-classic-5"), o);
  REQUIRE(r.containers.size() == 5);
  CHECK(r.containers[0].containers == 1);
  CHECK(in_ml(r.containers[0].used) == Exact(11, 10));
  CHECK(in_ml(r.containers[0].discarded) == Exact(9, 10));
  CHECK(in_ml(r.containers[2].discarded) == Exact(9, 10));
  CHECK(in_ml(r.containers[3].presentation) == 5);
  CHECK(in_ml(r.containers[3].used) == Exact(53, 100));
  CHECK(in_ml(r.containers[3].discarded) == Exact(447, 100));
  CHECK_FALSE(r.as_supplied);
}

TEST_CASE("a one-stock protocol is injected as supplied, containers counted per session", "[mix][containers]") {
  // Dutasteride 0.01 %: 20 x 0.05 mL + 0.1 mL = 1.1 mL a session from one 2 mL vial; 0.9 mL discarded
  const MixResult r = mix_of(shipped("dutasteride-0.01-quarterly"));
  CHECK(r.as_supplied);
  REQUIRE(r.containers_per_session.size() == 1);
  CHECK(r.containers_per_session[0].containers == 1);
  CHECK(in_ml(r.containers_per_session[0].discarded) == Exact(9, 10));
}

TEST_CASE("properties of generated plans", "[mix][plan][property]") {
  std::mt19937 rng(13);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int plans = 0;
  for (int round = 0; round < 60; ++round) {
    std::string text = head;
    text +=
        fmt::format("[[component]]\nactive = \"biotin\"\nstock = \"5 mg/mL\"\nvolume = \"{}e-1 mL\"\n", pick(5, 30));
    if (pick(0, 1) == 1)
      text += fmt::format("[[adjunct]]\nname = \"PRP\"\nvolume = \"{}e-1 mL\"\nbedside = true\n", pick(2, 20));
    text += fmt::format("[diluent]\nname = \"NaCl\"\nvolume = \"{}e-1 mL\"\n", pick(1, 30));
    text += fmt::format(
        "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = {}\ndead_volume_per_session = \"0.1 mL\"\n",
        pick(10, 60));
    const int sessions = pick(1, 12);
    const int kind = pick(0, 2);
    text += fmt::format("[course]\nsessions = {}\n", sessions);
    if (kind == 1) text += fmt::format("every = \"{} d\"\n", pick(1, 30));
    if (kind == 2) text += fmt::format("[[course.phase]]\nsessions = {}\nevery = \"{} d\"\n", sessions, pick(1, 15));
    INFO(text);
    const DoseResult dose = dose_of(text);
    CompoundingConditions c;
    c.category = pick(0, 1) == 1 ? Category::two : Category::one;
    c.storage = pick(0, 1) == 1 ? Storage::room : Storage::refrigerated;
    c.sterile_components = pick(0, 1) == 1;
    auto bud = bud_limit(shipped_bud_rules(), c, dose.protocol, sterile_products(dose));
    REQUIRE(bud);
    const PlanResult p = plan_of(dose, *bud);
    std::vector<std::int64_t> covered;
    for (const auto& prep : p.preparations) {
      // every session of a preparation begins before its BUD
      if (dose.schedule)
        for (auto day : prep.days) CHECK(Exact(day - prep.days.front()) * 86400 < in_seconds(bud->limit));
      else
        CHECK(prep.sessions.size() == 1);
      covered.insert(covered.end(), prep.sessions.begin(), prep.sessions.end());
      // and its units add up to its volume less what is discarded
      MixOptions o;
      o.sessions = static_cast<std::int64_t>(prep.sessions.size());
      o.from_session = prep.sessions.front();
      o.bud = *bud;
      const MixResult m = mix_of(dose, o);
      Volume units = millilitres(0);
      for (const auto& u : m.units) units += u.volume;
      CHECK(units == m.final_volume - m.leftover);
      CHECK(m.leftover >= millilitres(0));
      CHECK(m.final_volume == prep.volume);
      CHECK(m.units.size() == prep.sessions.size());
      if (m.stops.empty()) CHECK(m.leftover < m.unit_volume);
    }
    // the plan covers every session once, in order
    std::vector<std::int64_t> all(static_cast<std::size_t>(sessions));
    std::iota(all.begin(), all.end(), 1);
    CHECK(covered == all);
    // and no two neighbouring preparations could have been one
    if (dose.schedule)
      for (std::size_t i = 1; i < p.preparations.size(); ++i)
        CHECK(Exact(p.preparations[i].days.front() - p.preparations[i - 1].days.front()) * 86400 >=
              in_seconds(bud->limit));
    ++plans;
  }
  CHECK(plans == 60);
}
