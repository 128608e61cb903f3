// The pharmacist's preparation: the protocol's formula scaled to the sessions (or volume)
// to prepare, each stock drawn with a syringe that can measure it, volumes rounded to the
// syringe's graduation, and the doses the patient really receives after that rounding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mesomix/bud.hpp"
#include "mesomix/devices.hpp"
#include "mesomix/dose.hpp"

namespace mesomix {

// The usual syringe-selection rule and the accuracy a draw must keep (issue 5; docs/mix.md).
struct MixRules {
  Exact fill_min{1, 5};        // a draw fills at least 20 % of the syringe...
  Exact fill_max{4, 5};        // ...and at most 80 %
  Exact max_error_pct{5};      // half a graduation per draw, against the volume drawn
  Exact max_deviation_pct{5};  // delivered against nominal, per active
};

struct MixOptions {
  std::optional<std::int64_t> sessions;  // consecutive sessions to prepare; default 1
  std::optional<Volume> batch_volume;    // instead of sessions
  Exact overage_pct{0};
  std::int64_t from_session = 1;  // the first session prepared
  // The BUD limit in force; without it (tests of the arithmetic alone) no session is held to a BUD.
  std::optional<BudLimit> bud;
  // Known when a batch file is recorded: the label then prints the BUD's date and time.
  std::optional<DateTime> prepared;
  std::optional<DateTime> bud_at;
  std::optional<std::string> patient;  // printed on each unit's label
  std::optional<std::string> lot;
  std::optional<std::string> storage;  // the batch file's storage text, over the rules'
  // Each covered session must begin before the BUD limit; the record holds them to the batch
  // file's own BUD instead.
  bool hold_to_bud_limit = true;
};

enum class DrawKind { component, adjunct, diluent };

// One volume measured into the batch, carried with what it is drawn from (never paired with
// the protocol's or the batch file's lists by position).
struct Draw {
  DrawKind kind = DrawKind::component;
  std::string what;                           // the active (components), or the adjunct's or diluent's name
  std::optional<ComponentFigures> component;  // DrawKind::component: the component and its formula volume
  std::optional<Adjunct> adjunct;             // DrawKind::adjunct: the adjunct and its formula volume
  std::optional<Strength> stock;
  Volume nominal;  // the formula scaled, before rounding
  Volume drawn;    // what is measured: draws x per_draw
  Syringe syringe;
  std::int64_t draws = 1;
  Volume per_draw;
  std::int64_t marks_per_draw = 0;  // per_draw in graduations of the syringe
  Volume error_bound;               // draws x half a graduation
  bool below_range = false;         // under 20 % of even the smallest syringe
  Exact deviation_pct;              // drawn against nominal
};

// A stock's share of an active's delivered strength: stock x drawn, over the final volume.
struct Contribution {
  Strength stock;
  Volume drawn;
};

// The base in the figures of stocks of a salt or hydrate (protocol-format.md, "Salt forms").
struct DeliveredBase {
  std::string form;      // the stocks' form: "Lidocaine hydrochloride"
  MolarMass base_molar;  // the factor's two molar masses, for the record's calculation steps
  MolarMass form_molar;
  Strength nominal_strength, delivered_strength;
  Strength prepared_strength;
  std::optional<Mass> nominal_per_injection, delivered_per_injection;
  std::optional<Mass> nominal_per_session, delivered_per_session;
};

struct DeliveredActive {
  std::string active;
  std::string name;
  // each figure as the protocol has it (nominal) beside what the rounded draws give (delivered);
  // delivered figures are injected ones (bedside adjuncts added), prepared is in the syringe.
  // As labelled: of the stocks' form when they are a salt, and `base` beside them.
  Strength nominal_strength, delivered_strength;
  Strength prepared_strength;
  std::optional<Mass> nominal_per_injection, delivered_per_injection;
  std::optional<Mass> nominal_per_session, delivered_per_session;
  Exact deviation_pct;                // the same for the form and the base
  std::vector<Contribution> from;     // the draws of its components, in order
  std::optional<DeliveredBase> base;  // absent when the stocks are of the base

  // The delivered figures of the base, whatever the stocks are of: what limits are held to.
  std::optional<Mass> base_delivered_per_injection() const {
    return base ? base->delivered_per_injection : delivered_per_injection;
  }
  std::optional<Mass> base_delivered_per_session() const {
    return base ? base->delivered_per_session : delivered_per_session;
  }
};

// One unit-dose syringe: one session's drawn volume (dead volume included), as prepared.
struct UnitDose {
  std::int64_t session = 0;
  std::optional<std::int64_t> day;  // unknown without a schedule
  Volume volume;
  std::optional<Volume> bedside_volume;  // added at the session (PRP), when the protocol has one
  std::vector<std::string> label;        // the unit's own label, line by line
};

// Single-dose ampoules or vials of a component with a presentation: opened, and what is left.
struct ContainerCount {
  std::string what;  // the active and stock
  Volume presentation;
  std::int64_t containers = 0;
  Volume used;
  Volume discarded;
};

struct MixResult {
  DoseResult dose;
  MixOptions options;
  std::optional<std::int64_t> sessions_wanted;  // when scaled to sessions
  Volume wanted_volume;                         // sessions x drawn per session, or the volume asked
  Volume target_volume;                         // to prepare, before rounding, overage included
  Exact scale;                                  // the formula's volumes times this are drawn
  std::vector<Draw> draws;                      // components, adjuncts prepared, then the diluent
  Volume final_volume;                          // the sum of what is drawn
  std::int64_t sessions_covered = 0;            // the units dispensed
  std::int64_t from_session = 1;
  std::vector<DeliveredActive> actives;
  // protocol-format.md: limits bind the delivered doses too; the larger of nominal and delivered
  std::vector<LimitBreach> delivered_breaches;
  std::vector<Warning> warnings;  // what the preparation adds to the dose's warnings (overridden breaches)
  // Bedside adjuncts' share of the injected mix: each unit holds (1 - this) of a session's draw.
  Exact bedside_fraction{0};
  Volume prepared_formula_volume;  // the protocol's batch less its bedside adjuncts: what scale multiplies
  Volume bedside_per_session;      // added at each session to the unit (0 without bedside adjuncts)
  Volume unit_volume;              // one session's drawn volume, as prepared
  std::vector<UnitDose> units;
  Volume leftover;  // the final volume less the units: discarded
  std::vector<ContainerCount> containers;
  // One stock and nothing else to mix: drawn as supplied, not compounded.
  bool as_supplied = false;
  std::vector<ContainerCount> containers_per_session;  // as supplied, with a presentation
  // Severity::stop: a volume that cannot be measured, a dose off by more than 5 %, a delivered
  // dose over a limit, a per-kg cap without a weight, a BUD shorter than the course asks
  Diagnostics stops;

  bool over_limit() const { return !dose.breaches.empty() || !delivered_breaches.empty(); }

  bool safety_stop() const { return !stops.empty() || dose.safety_stop(); }
};

// Needs a protocol with a cocktail and an injection plan; errors are the user's to fix.
Expected<MixResult, Diagnostics> compute_mix(const DoseResult& dose, const Devices& devices, const MixOptions& options,
                                             const MixRules& rules = {});

// The sterile products the pharmacy combines (immediate use allows a few): every stock, the
// adjuncts prepared with them and the diluent when one is drawn.
std::int64_t sterile_products(const DoseResult& dose);

// The course's preparations: the fewest that cover every session, each a run of consecutive
// sessions that all begin before its BUD (one session each when the schedule is unknown).
struct PlannedPreparation {
  std::int64_t number = 0;
  std::vector<std::int64_t> sessions;
  std::vector<std::int64_t> days;  // empty when the schedule is unknown
  Volume volume;                   // the final volume of its mix
  Diagnostics stops;
  bool over_limit = false;  // a limit exceeded by its nominal or delivered doses (overridden, or a stop)
};

struct PlanResult {
  DoseResult dose;
  BudLimit bud;
  std::vector<PlannedPreparation> preparations;

  bool over_limit() const {
    for (const auto& p : preparations)
      if (p.over_limit) return true;
    return !dose.breaches.empty();
  }

  bool safety_stop() const {
    for (const auto& p : preparations)
      if (!p.stops.empty()) return true;
    return dose.safety_stop();
  }
};

// Runs of sessions (first, count) each within the BUD: greedy from session 1, which is fewest.
std::vector<std::pair<std::int64_t, std::int64_t>> plan_runs(const std::optional<std::vector<SessionDay>>& schedule,
                                                             std::int64_t sessions, const Duration& bud);

Expected<PlanResult, Diagnostics> compute_plan(const DoseResult& dose, const Devices& devices, const BudLimit& bud,
                                               const MixOptions& base = {}, const MixRules& rules = {});

}  // namespace mesomix
