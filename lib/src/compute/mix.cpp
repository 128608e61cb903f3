#include "mesomix/mix.hpp"

#include <algorithm>

#include <fmt/format.h>

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

std::string what_is_drawn(const Draw& d) {
  return d.stock ? fmt::format("{} {}", d.what, format_strength(*d.stock)) : d.what;
}

void check_draw(const std::string& file, const Draw& d, const MixRules& rules, Diagnostics& stops) {
  auto stop = [&](std::string message, std::string hint) {
    stops.push_back({file, {}, Severity::stop, std::move(message), std::move(hint)});
  };
  const std::string hint =
      "prepare a larger batch (--sessions or --batch-volume), add a smaller syringe to the devices, "
      "or pre-dilute the stock";
  if (d.drawn == millilitres(0)) {
    stop(fmt::format("{}: {} rounds to nothing on the {} ({} graduations)", what_is_drawn(d),
                     format_volume(d.nominal, Precision::exact), d.syringe.name,
                     format_volume(d.syringe.graduation, Precision::exact)),
         hint);
    return;
  }
  if (d.per_draw > d.syringe.capacity * rules.fill_max) {
    stop(fmt::format("{}: {} needs more than {} draws of the {}", what_is_drawn(d),
                     format_volume(d.nominal, Precision::exact), most_draws, d.syringe.name),
         "add a larger measuring device to the devices file, or prepare a smaller batch");
    return;
  }
  const Exact error_pct = in_ml(d.error_bound) / in_ml(d.drawn) * 100;
  if (error_pct > rules.max_error_pct)
    stop(fmt::format("{}: {} cannot be measured within {} % on the {} (half a graduation is {} %)", what_is_drawn(d),
                     format_volume(d.drawn, Precision::exact), format_number(rules.max_error_pct, Precision::exact),
                     d.syringe.name, format_number(error_pct, Precision::sheet)),
         hint);
}

// Every limit holds the delivered dose as well as the nominal one (protocol-format.md, "The
// arithmetic"): rounding the draws up can carry a dose at its cap over it.
void delivered_limits(MixResult& r, const ActiveFigures& a, const DeliveredActive& out) {
  const DoseResult& dose = r.dose;
  for (const LimitInForce& l : a.limits) {
    const std::optional<Mass> delivered =
        l.scope == LimitScope::per_injection ? out.delivered_per_injection
        : l.scope == LimitScope::per_session ? out.delivered_per_session
        : out.delivered_per_session
            ? std::optional<Mass>(*out.delivered_per_session * Exact(dose.protocol.course.sessions))
            : std::nullopt;
    if (!delivered || *delivered <= l.max) continue;
    const bool nominal_over = std::any_of(dose.breaches.begin(), dose.breaches.end(), [&](const LimitBreach& b) {
      return b.active == a.active && b.scope == l.scope;
    });
    if (nominal_over) continue;  // stopped or overridden already, on the nominal figure
    r.delivered_breaches.push_back({a.active, l.scope, *delivered, l, a.at});
    const std::string message =
        fmt::format("{} {} delivered is {} after rounding the draws (nominal {}), over the limit of {} ({})", a.name,
                    to_string(l.scope), format_mass(*delivered, Precision::exact),
                    format_mass(l.scope == LimitScope::per_injection ? *a.per_injection
                                : l.scope == LimitScope::per_session ? *a.per_session
                                                                     : *a.per_course,
                                Precision::exact),
                    format_mass(l.max, Precision::exact), l.source);
    if (dose.override_reason)
      r.warnings.push_back({"over-limit-delivered", a.active,
                            fmt::format("LIMIT OVERRIDDEN: {}; reason given: {}", message, *dose.override_reason), a.at,
                            WarningRank::overridden});
    else
      r.stops.push_back({dose.protocol.file, a.at, Severity::stop, message,
                         "lower the protocol's dose below the limit, or prepare so that the draws round down (a "
                         "finer syringe, another batch volume); or rerun with --allow-over-limit \"REASON\""});
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
                                   "a mechanical protocol has no cocktail to prepare",
                                   "mix is for protocols with components; dose prints its course plan"}});
  if (devices.syringes.empty())
    return unexpected(
        Diagnostics{{p.file, {}, Severity::error, "no syringe to measure with", "give a devices file with syringes"}});

  MixResult r{dose, options, {}, millilitres(0), millilitres(0), Exact(0), {}, millilitres(0), 0, {}, {}, {}, {}};
  if (options.batch_volume) {
    r.wanted_volume = *options.batch_volume;
  } else {
    r.sessions_wanted = options.sessions.value_or(p.course.sessions);
    r.wanted_volume = dose.session->drawn * Exact(*r.sessions_wanted);
  }
  r.target_volume = r.wanted_volume * (1 + options.overage_pct / 100);
  r.scale = ratio(r.target_volume, dose.batch_volume);

  const bool has_diluent = p.diluent && dose.diluent_volume > millilitres(0);
  const Rounding stock_rounding = has_diluent ? Rounding::nearest : Rounding::up;
  Volume drawn = millilitres(0);
  for (const ComponentFigures& c : dose.components) {
    r.draws.push_back(
        plan_draw(DrawKind::component, c.active, c.stock, c.volume * r.scale, devices, rules, stock_rounding));
    r.draws.back().component = c;
    drawn += r.draws.back().drawn;
  }
  for (const auto& a : p.adjuncts) {
    r.draws.push_back(
        plan_draw(DrawKind::adjunct, a.name, std::nullopt, a.volume * r.scale, devices, rules, stock_rounding));
    r.draws.back().adjunct = a;
    drawn += r.draws.back().drawn;
  }
  if (has_diluent && drawn < r.target_volume) {
    r.draws.push_back(plan_draw(DrawKind::diluent, p.diluent->name, std::nullopt, r.target_volume - drawn, devices,
                                rules, Rounding::up));
    drawn += r.draws.back().drawn;
  }
  r.final_volume = drawn;
  r.sessions_covered = floor_to_int64(ratio(r.final_volume, dose.session->drawn));

  for (const auto& d : r.draws) check_draw(p.file, d, rules, r.stops);

  for (const ActiveFigures& a : dose.actives) {
    DeliveredActive out;
    out.active = a.active;
    out.name = a.name;
    out.nominal_strength = a.final_strength;
    out.delivered_strength = mg_per_ml(0);
    for (const Draw& d : r.draws) {
      if (!d.component || d.component->active != a.active) continue;
      out.from.push_back({d.component->stock, d.drawn});
      out.delivered_strength += d.component->stock * d.drawn / r.final_volume;
    }
    out.nominal_per_injection = a.per_injection;
    out.nominal_per_session = a.per_session;
    out.delivered_per_injection = out.delivered_strength * dose.session->volume_per_point;
    out.delivered_per_session = out.delivered_strength * dose.session->volume;
    out.deviation_pct = percent_off(in_mg_per_ml(out.delivered_strength), in_mg_per_ml(a.final_strength));
    if (magnitude(out.deviation_pct) > rules.max_deviation_pct)
      r.stops.push_back(
          {p.file,
           {},
           Severity::stop,
           fmt::format("{}: after rounding the draws, {} is delivered instead of {} ({} %)", a.name,
                       format_strength(out.delivered_strength), format_strength(a.final_strength),
                       format_number(out.deviation_pct, Precision::sheet)),
           "prepare a larger batch so that rounding to the graduations matters less, or use finer syringes"});
    delivered_limits(r, a, out);
    r.actives.push_back(std::move(out));
  }
  // preparation.md, safety stops: a per-kg limit without the patient's weight
  for (const UncheckedLimit& u : dose.unchecked)
    r.stops.push_back({p.file, u.at, Severity::stop,
                       fmt::format("{} has a per-kg limit ({} mg/kg {}): give the patient's weight", u.active,
                                   format_number(in_mg(u.per_kg), Precision::exact), to_string(u.scope)),
                       "rerun with --weight \"72 kg\" (record: the batch file's [patient] weight)"});
  // a worksheet for no session is a slip of --batch-volume, not a preparation (a safety stop, if any, says more)
  if (r.sessions_covered < 1 && r.stops.empty())
    return unexpected(
        Diagnostics{{p.file,
                     {},
                     Severity::error,
                     fmt::format("a batch of {} covers no session ({} drawn per session)",
                                 format_volume(r.final_volume), format_volume(dose.session->drawn)),
                     fmt::format("prepare at least {}: a larger --batch-volume or batch file volume, or sessions",
                                 format_volume(dose.session->drawn))}});
  return r;
}

}  // namespace mesomix
