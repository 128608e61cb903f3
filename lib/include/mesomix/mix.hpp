// The pharmacist's preparation: the protocol's formula scaled to the sessions (or volume)
// to prepare, each stock drawn with a syringe that can measure it, volumes rounded to the
// syringe's graduation, and the doses the patient really receives after that rounding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::optional<std::int64_t> sessions;  // default: the protocol's course
  std::optional<Volume> batch_volume;    // instead of sessions
  Exact overage_pct{0};
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

struct DeliveredActive {
  std::string active;
  std::string name;
  // each figure as the protocol has it (nominal) beside what the rounded draws give (delivered)
  Strength nominal_strength, delivered_strength;
  std::optional<Mass> nominal_per_injection, delivered_per_injection;
  std::optional<Mass> nominal_per_session, delivered_per_session;
  Exact deviation_pct;
  std::vector<Contribution> from;  // the draws of its components, in order
};

struct MixResult {
  DoseResult dose;
  MixOptions options;
  std::optional<std::int64_t> sessions_wanted;  // when scaled to sessions
  Volume wanted_volume;                         // sessions x drawn per session, or the volume asked
  Volume target_volume;                         // before rounding, overage included
  Exact scale;                                  // target / the formula's batch volume
  std::vector<Draw> draws;                      // components, adjuncts, then the diluent
  Volume final_volume;                          // the sum of what is drawn
  std::int64_t sessions_covered = 0;
  std::vector<DeliveredActive> actives;
  // protocol-format.md: limits bind the delivered doses too; the larger of nominal and delivered
  std::vector<LimitBreach> delivered_breaches;
  std::vector<Warning> warnings;  // what the preparation adds to the dose's warnings (overridden breaches)
  // Severity::stop: a volume that cannot be measured, a dose off by more than 5 %, a delivered
  // dose over a limit, a per-kg cap without a weight
  Diagnostics stops;

  bool over_limit() const { return !dose.breaches.empty() || !delivered_breaches.empty(); }

  bool safety_stop() const { return !stops.empty() || dose.safety_stop(); }
};

// Needs a protocol with a cocktail and an injection plan; errors are the user's to fix.
Expected<MixResult, Diagnostics> compute_mix(const DoseResult& dose, const Devices& devices, const MixOptions& options,
                                             const MixRules& rules = {});

}  // namespace mesomix
