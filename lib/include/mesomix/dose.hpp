// The dose arithmetic of docs/protocol-format.md, exact from end to end: strengths in the
// cocktail, per-injection, per-session and per-course doses, volumes, sessions a batch
// covers, and the limits in force. Pure: a protocol in, a result (or located errors) out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mesomix/catalog.hpp"
#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/format.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/schedule.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

// Where a warning stands among what must be read before use (docs/safety.md, "Read first"):
// every sheet opens with them in this order.
enum class WarningRank {
  overridden,   // a limit or a plausibility stop lifted by the prescriber, with the reason
  status,       // a withdrawn or suspended active
  implausible,  // a figure outside the published range; the same stock twice
  unchecked,    // a per-kg cap without the patient's weight; an active no catalog knows
  pregnancy,    // who must not receive or handle it
  handling,     // hazardous-drug handling (NIOSH list, USP <800>)
  fact,         // drug facts
  note,         // anything else
};

// Something the reader of a sheet must see; data, printed by every renderer.
struct Warning {
  std::string code;    // "unknown-active", "batch-under-one-session", "over-limit", catalog codes, ...
  std::string active;  // empty when it concerns the whole protocol
  std::string message;
  SourcePos at;
  WarningRank rank = WarningRank::note;
};

struct ComponentFigures {
  std::string active;
  Strength stock;  // as labelled: of the component's form when it has one
  Volume volume;   // in one batch; computed in target mode
  bool target_mode = false;
  Component written;    // the protocol's component these figures are of
  Strength base_stock;  // stock x base_per_form: the base it holds (the stock itself for a base)
};

struct SessionFigures {
  std::int64_t points = 0;
  Volume volume_per_point;
  Volume volume;
  Volume dead_volume;
  Volume drawn;  // volume + dead volume
};

enum class LimitScope { per_injection, per_session, per_course };
const char* to_string(LimitScope s);  // "per injection", ...

struct LimitInForce {
  LimitScope scope;
  Mass max;
  std::string source;  // "protocol" or the catalog's source
};

struct LimitBreach {
  std::string active;
  LimitScope scope;
  Mass dose;  // of the base
  LimitInForce limit;
  SourcePos at;
};

// The base in figures written as a salt or hydrate (protocol-format.md, "Salt forms"): each
// figure of the form times base_per_form. Limits and plausible ranges hold these.
struct BaseEquivalent {
  std::string form;      // "lidocaine hydrochloride", as the catalog names it
  std::string base;      // the base's name: "Lidocaine"
  Exact base_per_form;   // M(base) / M(form)
  MolarMass base_molar;  // the two molar masses, for a record that shows the conversion
  MolarMass form_molar;
  Strength final_strength;
  std::optional<Mass> per_injection;
  std::optional<Mass> per_session;
  std::optional<Mass> per_course;
};

struct ActiveFigures {
  std::string active;  // catalog id, or as written when unknown
  std::string name;    // catalog name, or as written
  // As labelled: of the stocks' form when they are a salt or hydrate (the figures drawn and
  // measured); `base` then holds the base they amount to.
  Strength final_strength;
  std::optional<Mass> per_injection;  // absent without an injection plan
  std::optional<Mass> per_session;
  std::optional<Mass> per_course;
  std::optional<BaseEquivalent> base;  // absent when the stocks are of the base
  std::vector<LimitInForce> limits;    // of the base: the stricter of protocol and catalog, per scope
  std::string limits_note;             // when no published figure exists
  SourcePos at;                        // its first component

  // The figures of the base, whatever the stocks are of: what limits and ranges are held to.
  const Strength& base_final_strength() const { return base ? base->final_strength : final_strength; }
  std::optional<Mass> base_per_injection() const { return base ? base->per_injection : per_injection; }
  const std::optional<Mass>& base_per_session() const { return base ? base->per_session : per_session; }
  std::optional<Mass> base_per_course() const { return base ? base->per_course : per_course; }
};

// A figure of the base as messages say it: "400 mg", or for a stock of a salt "259.6 mg of
// lidocaine (300 mg as lidocaine hydrochloride)", the form's figure being the base's divided
// back by the factor.
std::string base_and_form(const ActiveFigures& a, const Mass& base, Precision precision = Precision::sheet);
std::string base_and_form(const ActiveFigures& a, const Strength& base, Precision precision = Precision::sheet);

struct DoseOptions {
  std::optional<std::string> allow_over_limit;   // the reason, when the prescriber overrides
  std::optional<std::string> allow_implausible;  // the reason, when a figure outside a hard range is meant
  std::optional<Mass> patient_weight;            // for per-kg caps
  std::optional<Date> start;                     // the date of session 1: the schedule gets dates
};

// A per-kg cap that could not be checked: no weight was given.
struct UncheckedLimit {
  std::string active;
  LimitScope scope;
  Mass per_kg;  // the dose of the base allowed per kg
  std::string source;
  SourcePos at;
  std::string shown;  // "4.5 mg/kg", or the base's figure with the form's beside it
};

struct DoseResult {
  Protocol protocol;
  Volume batch_volume;
  Volume diluent_volume;
  Volume adjunct_volume;
  std::vector<ComponentFigures> components;  // in the protocol's order
  std::optional<SessionFigures> session;     // absent for a mechanical protocol
  std::optional<Volume> course_volume;
  std::optional<std::int64_t> sessions_per_batch;
  std::optional<std::vector<SessionDay>> schedule;  // unknown without phases or [course] every
  std::vector<ActiveFigures> actives;               // in order of first appearance
  std::vector<Warning> warnings;
  std::vector<LimitBreach> breaches;  // each over-limit figure (overridden or not)
  std::optional<std::string> override_reason;
  std::optional<std::string> implausible_reason;
  std::vector<UncheckedLimit> unchecked;  // per-kg caps without a weight: mix and record stop on them
  std::size_t implausible_hard = 0;       // figures outside a hard range (overridden or not)
  Diagnostics stops;                      // Severity::stop, one per breach or implausible figure nobody overrode

  // A limit is exceeded and nobody has said why that is acceptable: exit 3.
  bool safety_stop() const { return !stops.empty(); }
};

Expected<DoseResult, Diagnostics> compute_dose(const Protocol& protocol, const Catalog& catalog,
                                               const DoseOptions& options);

}  // namespace mesomix
