#include "mesomix/mix.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "i18n/tr.hpp"

#include "mesomix/format.hpp"

namespace mesomix {
namespace {

enum class Rounding {
  nearest,  // stocks, when a diluent makes up the rest
  up,       // the diluent (q.s.), and every draw when there is no diluent: never short
};

std::int64_t whole_marks(const Exact& marks, Rounding rounding) {
  if (rounding == Rounding::nearest) return floor_to_int64(marks + Exact(1, 2));
  return floor_to_int64(marks) + (is_integer(marks) ? 0 : 1);
}

Exact percent_off(const Exact& actual, const Exact& nominal) { return (actual - nominal) / nominal * 100; }

Exact magnitude(const Exact& x) { return x < 0 ? Exact(-x) : x; }

// A plan: n equal draws with one syringe, each filling it to 20-80 %.
struct Plan {
  const Syringe* syringe;
  std::int64_t draws;
};

constexpr std::int64_t most_draws = 10;  // more manipulations than this is its own risk

Volume error_bound_of(const Plan& plan) { return plan.syringe->graduation * Exact(plan.draws) / Exact(2); }

// Fewest draws first, then the smallest syringe: the first plan that measures within the
// accuracy rule wins; when none does, the first plan, which check_draw then stops on. A volume
// too small for 20 % of any syringe goes to the smallest that holds it, said as such.
std::optional<Plan> choose_plan(const Volume& nominal, const Devices& devices, const MixRules& rules,
                                bool& below_range) {
  std::optional<Plan> first;
  for (std::int64_t n = 1; n <= most_draws; ++n) {
    const Volume each = nominal / Exact(n);
    for (const Syringe& s : devices.syringes) {
      if (each < s.capacity * rules.fill_min || each > s.capacity * rules.fill_max) continue;
      const Plan plan{&s, n};
      if (!first) first = plan;
      if (ratio(error_bound_of(plan), nominal) * 100 <= rules.max_error_pct) return plan;
    }
  }
  if (first) return first;
  for (const Syringe& s : devices.syringes) {
    if (nominal <= s.capacity * rules.fill_max) {
      below_range = true;
      return Plan{&s, 1};
    }
  }
  return std::nullopt;  // more than most_draws of the largest syringe
}

Draw plan_draw(DrawKind kind, std::string what, std::optional<Strength> stock, Volume nominal, const Devices& devices,
               const MixRules& rules, Rounding rounding) {
  Draw d;
  d.kind = kind;
  d.what = std::move(what);
  d.stock = stock;
  d.nominal = nominal;
  const std::optional<Plan> plan = choose_plan(nominal, devices, rules, d.below_range);
  // beyond ten draws of the largest syringe: take ten, and let the accuracy check refuse it
  d.syringe = plan ? *plan->syringe : devices.syringes.back();
  d.draws = plan ? plan->draws : most_draws;
  const Exact parts = Exact(d.draws);
  d.marks_per_draw = whole_marks(ratio(nominal / parts, d.syringe.graduation), rounding);
  d.per_draw = d.syringe.graduation * Exact(d.marks_per_draw);
  d.drawn = d.per_draw * parts;
  d.error_bound = d.syringe.graduation * parts / Exact(2);
  d.deviation_pct = percent_off(in_ml(d.drawn), in_ml(nominal));
  return d;
}

// A stock is named as its label names it: by its form when it is a salt.
std::string what_is_drawn(const Draw& d) {
  if (!d.stock) return d.what;
  const bool formed = d.component && !d.component->written.form.empty();
  const std::string name = formed        ? capitalized(tr(d.component->written.form))
                           : d.component ? d.component->written.active_written
                                         : d.what;
  return fmt::format("{} {}", name, format_strength(*d.stock));
}

void check_draw(const std::string& file, const Draw& d, const MixRules& rules, Diagnostics& stops) {
  auto stop = [&](std::string message, std::string hint) {
    stops.push_back({file, {}, Severity::stop, std::move(message), std::move(hint)});
  };
  const std::string hint =
      tr("prepare a larger batch (--sessions or --batch-volume), add a smaller syringe to the devices, "
         "or pre-dilute the stock");
  if (d.drawn == millilitres(0)) {
    stop(trf("{}: {} rounds to nothing on the {} ({} graduations)", what_is_drawn(d),
             format_volume(d.nominal, Precision::exact), tr(d.syringe.name),
             format_volume(d.syringe.graduation, Precision::exact)),
         hint);
    return;
  }
  if (d.per_draw > d.syringe.capacity * rules.fill_max) {
    stop(trf("{}: {} needs more than {} draws of the {}", what_is_drawn(d), format_volume(d.nominal, Precision::exact),
             most_draws, tr(d.syringe.name)),
         tr("add a larger measuring device to the devices file, or prepare a smaller batch"));
    return;
  }
  const Exact error_pct = in_ml(d.error_bound) / in_ml(d.drawn) * 100;
  if (error_pct > rules.max_error_pct)
    stop(trf("{}: {} cannot be measured within {} % on the {} (half a graduation is {} %)", what_is_drawn(d),
             format_volume(d.drawn, Precision::exact), format_number(rules.max_error_pct, Precision::exact),
             tr(d.syringe.name), format_number(error_pct, Precision::sheet)),
         hint);
}

// Every limit holds the delivered dose as well as the nominal one (protocol-format.md, "The
// arithmetic"): rounding the draws up can carry a dose at its cap over it.
// Limits are of the base: a stock of a salt is held to them by the base it delivers.
void delivered_limits(MixResult& r, const ActiveFigures& a, const DeliveredActive& out) {
  const DoseResult& dose = r.dose;
  const std::optional<Mass> per_session = out.base_delivered_per_session();
  for (const LimitInForce& l : a.limits) {
    const std::optional<Mass> delivered = l.scope == LimitScope::per_injection ? out.base_delivered_per_injection()
                                          : l.scope == LimitScope::per_session ? per_session
                                          : per_session
                                              ? std::optional<Mass>(*per_session * Exact(dose.protocol.course.sessions))
                                              : std::nullopt;
    if (!delivered || *delivered <= l.max) continue;
    const bool nominal_over = std::any_of(dose.breaches.begin(), dose.breaches.end(), [&](const LimitBreach& b) {
      return b.active == a.active && b.scope == l.scope;
    });
    if (nominal_over) continue;  // stopped or overridden already, on the nominal figure
    r.delivered_breaches.push_back({a.active, l.scope, *delivered, l, a.at});
    const std::string message =
        trf("{} {} delivered is {} after rounding the draws (nominal {}), over the limit of {} ({})", a.name,
            tr(to_string(l.scope)), base_and_form(a, *delivered, Precision::exact),
            base_and_form(a,
                          l.scope == LimitScope::per_injection ? *a.base_per_injection()
                          : l.scope == LimitScope::per_session ? *a.base_per_session()
                                                               : *a.base_per_course(),
                          Precision::exact),
            base_and_form(a, l.max, Precision::exact), l.source);
    if (dose.override_reason)
      r.warnings.push_back({"over-limit-delivered", a.active,
                            trf("LIMIT OVERRIDDEN: {}; reason given: {}", message, *dose.override_reason), a.at,
                            WarningRank::overridden});
    else
      r.stops.push_back({dose.protocol.file, a.at, Severity::stop, message,
                         tr("lower the protocol's dose below the limit, or prepare so that the draws round down (a "
                            "finer syringe, another batch volume); or rerun with --allow-over-limit \"REASON\"")});
  }
}

}  // namespace

namespace {

std::int64_t ceil_to_int64(const Exact& x) { return floor_to_int64(x) + (is_integer(x) ? 0 : 1); }

std::optional<std::int64_t> day_of(const DoseResult& dose, std::int64_t session) {
  if (!dose.schedule) return std::nullopt;
  for (const auto& s : *dose.schedule)
    if (s.session == session) return s.day;
  return std::nullopt;
}

std::string day_text(const std::optional<std::int64_t>& day) {
  if (!day) return tr("day not scheduled");
  return trf("week {}, day {}", *day / 7 + 1, *day);
}

// Each unit's label (preparation.md): patient when known, session and day, actives and
// strengths as prepared, volume, route, bedside step, BUD and storage.
std::vector<std::string> unit_label(const MixResult& r, const UnitDose& u) {
  const Protocol& p = r.dose.protocol;
  const MixOptions& o = r.options;
  std::vector<std::string> lines{p.info.title};
  lines.push_back(tr("Patient: ") + o.patient.value_or("______________________"));
  lines.push_back(trf("Session {} of {}, {}", u.session, p.course.sessions, day_text(u.day)));
  for (const auto& a : r.actives)
    lines.push_back(a.base ? trf("{} {} ({}), as {} {}", a.name, format_strength(a.base->prepared_strength),
                                 format_percent(a.base->prepared_strength), tr(a.base->form),
                                 format_strength(a.prepared_strength))
                           : fmt::format("{} {} ({})", a.name, format_strength(a.prepared_strength),
                                         format_percent(a.prepared_strength)));
  std::string vehicle;
  for (const auto& d : r.draws)
    if (d.kind != DrawKind::component) vehicle += (vehicle.empty() ? "" : ", ") + d.what;
  if (!vehicle.empty()) lines.push_back(tr("In: ") + vehicle);
  lines.push_back(trf("Volume: {}. Route: intradermal. Single dose: discard any remainder.", format_volume(u.volume)));
  if (u.bedside_volume) {
    std::string names;
    for (const auto& a : p.adjuncts)
      if (a.bedside) names += (names.empty() ? "" : ", ") + a.name;
    std::string injected;
    for (const auto& a : r.actives)
      injected += (injected.empty() ? "" : ", ") +
                  (a.base ? trf("{} {} (as {} {})", a.name, format_strength(a.base->delivered_strength),
                                tr(a.base->form), format_strength(a.delivered_strength))
                          : fmt::format("{} {}", a.name, format_strength(a.delivered_strength)));
    lines.push_back(trf("At the bedside: add {} {} to this syringe; injected strength then {}.",
                        format_volume(*u.bedside_volume), names, injected));
  }
  if (o.lot) lines.push_back(tr("Lot: ") + *o.lot);
  if (o.bud_at)
    lines.push_back(tr("Use by (BUD): ") + to_label(*o.bud_at));
  else if (o.bud)
    lines.push_back(trf("Use by (BUD): ________________ (at most {} from the start of preparation)",
                        format_duration(o.bud->limit)));
  else
    lines.push_back(tr("Use by (BUD): ________________"));
  lines.push_back(tr("Storage: ") + (o.storage ? *o.storage
                                     : o.bud   ? o.bud->storage_text
                                               : std::string("________________")));
  return lines;
}

// The sessions a preparation covers must each begin before its BUD: the first that does
// not is a safety stop. The preparation is made on the day of its first session.
void bud_stops(MixResult& r) {
  if (!r.options.bud || !r.options.hold_to_bud_limit || r.units.size() < 2) return;
  const std::string& file = r.dose.protocol.file;
  const BudLimit& bud = *r.options.bud;
  const auto first_day = r.units.front().day;
  for (std::size_t i = 1; i < r.units.size(); ++i) {
    const UnitDose& u = r.units[i];
    if (!u.day || !first_day) {
      r.stops.push_back({file,
                         {},
                         Severity::stop,
                         trf("session {} has no day: the protocol gives no schedule, so a preparation "
                             "covers one session",
                             u.session),
                         tr("prepare each session on its own (mesomix mix --plan), or give the course its phases or "
                            "[course] every")});
      return;
    }
    const Exact after = Exact(*u.day - *first_day) * 86400;
    if (after >= in_seconds(bud.limit)) {
      r.stops.push_back(
          {file,
           {},
           Severity::stop,
           trf("session {} (day {}) begins after the beyond-use date: {} from the preparation on day {} ({})",
               u.session, *u.day, format_duration(bud.limit), *first_day, bud.basis_text),
           tr("prepare the sessions within one BUD together: mesomix mix --plan")});
      return;
    }
  }
}

}  // namespace

Expected<MixResult, Diagnostics> compute_mix(const DoseResult& dose, const Devices& devices, const MixOptions& options,
                                             const MixRules& rules) {
  const Protocol& p = dose.protocol;
  if (p.mechanical() || !dose.session)
    return unexpected(Diagnostics{{p.file,
                                   {1, 1},  // the protocol as a whole
                                   Severity::error,
                                   tr("a mechanical protocol has no cocktail to prepare"),
                                   tr("mix is for protocols with components; dose prints its course plan")}});
  if (devices.syringes.empty())
    return unexpected(Diagnostics{
        {p.file, {}, Severity::error, tr("no syringe to measure with"), tr("give a devices file with syringes")}});

  MixResult r;
  r.dose = dose;
  r.options = options;
  r.from_session = options.from_session;
  const std::int64_t course = p.course.sessions;
  if (options.from_session < 1 || options.from_session > course) {
    r.stops.push_back({p.file,
                       {},
                       Severity::stop,
                       trf("session {} is not in the course of {} sessions", options.from_session, course),
                       tr("start from a session of the course: mesomix mix --plan")});
    return r;
  }
  Volume bedside = millilitres(0);
  for (const auto& a : p.adjuncts)
    if (a.bedside) bedside += a.volume;
  r.bedside_fraction = ratio(bedside, dose.batch_volume);
  const Volume prepared_formula = dose.batch_volume - bedside;
  r.unit_volume = dose.session->drawn * (1 - r.bedside_fraction);
  r.bedside_per_session = dose.session->drawn - r.unit_volume;
  r.prepared_formula_volume = prepared_formula;

  if (options.batch_volume) {
    r.wanted_volume = *options.batch_volume;
  } else {
    r.sessions_wanted = options.sessions.value_or(1);
    r.wanted_volume = r.unit_volume * Exact(*r.sessions_wanted);
    const std::int64_t last = options.from_session + *r.sessions_wanted - 1;
    if (last > course) {
      r.stops.push_back(
          {p.file,
           {},
           Severity::stop,
           trf("sessions {} to {} are asked for, but the course has {} sessions", options.from_session, last, course),
           tr("prepare only sessions of the course: mesomix mix --plan")});
      return r;
    }
  }
  r.target_volume = r.wanted_volume * (1 + options.overage_pct / 100);
  r.scale = ratio(r.target_volume, prepared_formula);

  const bool has_diluent = p.diluent && dose.diluent_volume > millilitres(0);
  const Rounding stock_rounding = has_diluent ? Rounding::nearest : Rounding::up;
  Volume drawn = millilitres(0);
  for (const ComponentFigures& c : dose.components) {
    r.draws.push_back(
        plan_draw(DrawKind::component, c.active, c.stock, c.volume * r.scale, devices, rules, stock_rounding));
    r.draws.back().component = c;
    drawn += r.draws.back().drawn;
  }
  bool other_than_stock = false;
  for (const auto& a : p.adjuncts) {
    if (a.bedside) continue;  // added at the session, never stored
    r.draws.push_back(
        plan_draw(DrawKind::adjunct, a.name, std::nullopt, a.volume * r.scale, devices, rules, stock_rounding));
    r.draws.back().adjunct = a;
    drawn += r.draws.back().drawn;
    other_than_stock = true;
  }
  if (has_diluent && drawn < r.target_volume) {
    r.draws.push_back(plan_draw(DrawKind::diluent, p.diluent->name, std::nullopt, r.target_volume - drawn, devices,
                                rules, Rounding::up));
    drawn += r.draws.back().drawn;
    other_than_stock = true;
  }
  r.final_volume = drawn;
  r.as_supplied = dose.components.size() == 1 && !other_than_stock;
  const std::int64_t covered = floor_to_int64(ratio(r.final_volume, r.unit_volume));
  const std::int64_t remaining = course - options.from_session + 1;
  r.sessions_covered = r.sessions_wanted ? std::min(*r.sessions_wanted, covered) : std::min(covered, remaining);

  for (const auto& d : r.draws) check_draw(p.file, d, rules, r.stops);

  for (std::size_t i = 0; i < dose.components.size(); ++i) {
    const Component& c = p.components[i];
    if (!c.presentation) continue;
    // named as the sheets name actives: the catalog's clinical name, never its id, and a salt by its form
    std::string name = dose.components[i].active;
    for (const ActiveFigures& a : dose.actives)
      if (a.active == dose.components[i].active) name = a.name;
    if (!c.form.empty()) name = capitalized(tr(c.form));
    ContainerCount n{fmt::format("{} {}", name, format_strength(c.stock)), *c.presentation, 0, r.draws[i].drawn,
                     millilitres(0)};
    n.containers = ceil_to_int64(ratio(r.draws[i].drawn, *c.presentation));
    n.discarded = *c.presentation * Exact(n.containers) - r.draws[i].drawn;
    r.containers.push_back(n);
    if (r.as_supplied) {
      ContainerCount per{n.what, *c.presentation, ceil_to_int64(ratio(r.unit_volume, *c.presentation)), r.unit_volume,
                         millilitres(0)};
      per.discarded = *c.presentation * Exact(per.containers) - r.unit_volume;
      r.containers_per_session.push_back(per);
    }
  }

  for (const ActiveFigures& a : dose.actives) {
    DeliveredActive out;
    out.active = a.active;
    out.name = a.name;
    out.nominal_strength = a.final_strength;
    out.prepared_strength = mg_per_ml(0);
    for (const Draw& d : r.draws) {
      if (!d.component || d.component->active != a.active) continue;
      out.from.push_back({d.component->stock, d.drawn});
      out.prepared_strength += d.component->stock * d.drawn / r.final_volume;
    }
    out.delivered_strength = out.prepared_strength * (1 - r.bedside_fraction);
    out.nominal_per_injection = a.per_injection;
    out.nominal_per_session = a.per_session;
    out.delivered_per_injection = out.delivered_strength * dose.session->volume_per_point;
    out.delivered_per_session = out.delivered_strength * dose.session->volume;
    out.deviation_pct = percent_off(in_mg_per_ml(out.delivered_strength), in_mg_per_ml(a.final_strength));
    if (a.base) {
      DeliveredBase b;
      b.form = a.base->form;
      b.base_molar = a.base->base_molar;
      b.form_molar = a.base->form_molar;
      b.nominal_strength = a.base->final_strength;
      b.prepared_strength = mg_per_ml(0);
      for (const Draw& d : r.draws)
        if (d.component && d.component->active == a.active)
          b.prepared_strength += d.component->base_stock * d.drawn / r.final_volume;
      b.delivered_strength = b.prepared_strength * (1 - r.bedside_fraction);
      b.nominal_per_injection = a.base->per_injection;
      b.nominal_per_session = a.base->per_session;
      b.delivered_per_injection = b.delivered_strength * dose.session->volume_per_point;
      b.delivered_per_session = b.delivered_strength * dose.session->volume;
      out.base = std::move(b);
    }
    if (magnitude(out.deviation_pct) > rules.max_deviation_pct)
      r.stops.push_back(
          {p.file,
           {},
           Severity::stop,
           trf("{}: after rounding the draws, {} is delivered instead of {} ({} %)", a.name,
               base_and_form(a, out.base ? out.base->delivered_strength : out.delivered_strength),
               base_and_form(a, a.base_final_strength()), format_number(out.deviation_pct, Precision::sheet)),
           tr("prepare a larger batch so that rounding to the graduations matters less, or use finer syringes")});
    delivered_limits(r, a, out);
    r.actives.push_back(std::move(out));
  }
  // preparation.md, safety stops: a per-kg limit without the patient's weight
  for (const UncheckedLimit& u : dose.unchecked)
    r.stops.push_back(
        {p.file, u.at, Severity::stop,
         trf("{} has a per-kg limit ({} {}): give the patient's weight", u.active, u.shown, tr(to_string(u.scope))),
         tr("rerun with --weight \"72 kg\" (record: the batch file's [patient] weight)")});
  // a worksheet for no session is a slip of --batch-volume, not a preparation (a safety stop, if any, says more)
  if (r.sessions_covered < 1 && r.stops.empty())
    return unexpected(Diagnostics{{p.file,
                                   {},
                                   Severity::error,
                                   trf("a batch of {} covers no session ({} drawn per session)",
                                       format_volume(r.final_volume), format_volume(r.unit_volume)),
                                   trf("prepare at least {}: a larger --batch-volume or batch file volume, or sessions",
                                       format_volume(r.unit_volume))}});

  Volume dispensed = millilitres(0);
  for (std::int64_t k = 0; k < r.sessions_covered; ++k) {
    UnitDose u;
    u.session = options.from_session + k;
    u.day = day_of(dose, u.session);
    u.volume = r.unit_volume;
    if (bedside > millilitres(0)) u.bedside_volume = r.bedside_per_session;
    r.units.push_back(std::move(u));
    dispensed += r.unit_volume;
  }
  for (auto& u : r.units) u.label = unit_label(r, u);
  r.leftover = r.final_volume - dispensed;
  bud_stops(r);
  return r;
}

std::int64_t sterile_products(const DoseResult& dose) {
  std::int64_t n = static_cast<std::int64_t>(dose.protocol.components.size());
  for (const auto& a : dose.protocol.adjuncts)
    if (!a.bedside) ++n;
  if (dose.protocol.diluent && dose.diluent_volume > millilitres(0)) ++n;
  return n;
}

std::vector<std::pair<std::int64_t, std::int64_t>> plan_runs(const std::optional<std::vector<SessionDay>>& schedule,
                                                             std::int64_t sessions, const Duration& bud) {
  std::vector<std::pair<std::int64_t, std::int64_t>> runs;
  std::int64_t first = 1;
  while (first <= sessions) {
    std::int64_t count = 1;
    if (schedule) {
      const std::int64_t start = (*schedule)[static_cast<std::size_t>(first - 1)].day;
      while (first + count <= sessions &&
             Exact((*schedule)[static_cast<std::size_t>(first + count - 1)].day - start) * 86400 < in_seconds(bud))
        ++count;
    }
    runs.emplace_back(first, count);
    first += count;
  }
  return runs;
}

Expected<PlanResult, Diagnostics> compute_plan(const DoseResult& dose, const Devices& devices, const BudLimit& bud,
                                               const MixOptions& base, const MixRules& rules) {
  PlanResult plan{dose, bud, {}};
  std::int64_t number = 1;
  for (const auto& [first, count] : plan_runs(dose.schedule, dose.protocol.course.sessions, bud.limit)) {
    MixOptions options = base;
    options.sessions = count;
    options.batch_volume.reset();
    options.from_session = first;
    options.bud = bud;
    auto mix = compute_mix(dose, devices, options, rules);
    if (!mix) return unexpected(std::move(mix).error());
    PlannedPreparation prep{number++, {}, {}, mix->final_volume, mix->stops, mix->over_limit()};
    for (const auto& u : mix->units) {
      prep.sessions.push_back(u.session);
      if (u.day) prep.days.push_back(*u.day);
    }
    plan.preparations.push_back(std::move(prep));
  }
  return plan;
}

}  // namespace mesomix
