#include "mesomix/dose.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "i18n/tr.hpp"

#include "mesomix/format.hpp"

namespace mesomix {
namespace {

// A figure of the base, and for a stock of a salt the figure of the form beside it.
template <class Q, class Format>
std::string shown_as(const Q& base, const std::string& form, const Exact& base_per_form, Format format) {
  if (form.empty()) return format(base);
  return trf("{} of base ({} as {})", format(base), format(base / base_per_form), form);
}

template <class Q, class Format>
std::string shown_as(const ActiveFigures& a, const Q& base, Format format) {
  return a.base ? shown_as(base, tr(a.base->form), a.base->base_per_form, format) : format(base);
}

class DoseComputation {
 public:
  DoseComputation(const Protocol& p, const Catalog& catalog, const DoseOptions& options)
      : p_(p), catalog_(catalog), options_(options) {}

  Expected<DoseResult, Diagnostics> run() {
    DoseResult r{p_,
                 millilitres(0),
                 millilitres(0),
                 millilitres(0),
                 {},
                 {},
                 {},
                 {},
                 {},
                 {},
                 {},
                 {},
                 options_.allow_over_limit,
                 options_.allow_implausible,
                 {},
                 0,
                 {}};
    r.schedule = session_schedule(p_.course);
    if (r.schedule && options_.start)
      for (auto& s : *r.schedule) s.date = add_days(*options_.start, s.day);
    for (const auto& a : p_.adjuncts) r.adjunct_volume += a.volume;
    batch(r);
    if (has_errors(errors_)) return unexpected(std::move(errors_));
    actives(r);
    session(r);
    if (has_errors(errors_)) return unexpected(std::move(errors_));
    limits(r);
    catalog_warnings(r);
    plausibility(r);
    // docs/safety.md, "Read first": the order every sheet opens with
    std::stable_sort(r.warnings.begin(), r.warnings.end(),
                     [](const Warning& a, const Warning& b) { return a.rank < b.rank; });
    return r;
  }

 private:
  void error(SourcePos at, std::string message, std::string hint) {
    errors_.push_back({p_.file, at, Severity::error, std::move(message), std::move(hint)});
  }

  // V_b, each V_i (target mode: V_i = F_i V_b / S_i) and the diluent, the rest of the batch.
  void batch(DoseResult& r) {
    Volume parts = r.adjunct_volume;
    for (const auto& c : p_.components) {
      if (c.volume) parts += *c.volume;
    }
    if (!p_.batch_volume) {
      const Volume diluent = p_.diluent && p_.diluent->volume ? *p_.diluent->volume : millilitres(0);
      r.batch_volume = parts + diluent;
      r.diluent_volume = diluent;
      for (const auto& c : p_.components)
        r.components.push_back({c.active, c.stock, *c.volume, false, c, c.stock * c.base_per_form});
      return;
    }
    r.batch_volume = *p_.batch_volume;
    Volume drawn = parts;
    for (const auto& c : p_.components) {
      if (c.volume) {
        r.components.push_back({c.active, c.stock, *c.volume, false, c, c.stock * c.base_per_form});
        continue;
      }
      if (*c.final_strength > c.stock) {
        error(c.final_at,
              trf("the target strength {} is above the stock's {}: no dilution can reach it",
                  format_strength(*c.final_strength, Precision::exact), format_strength(c.stock, Precision::exact)),
              tr("lower the target, or use a stronger stock"));
        continue;
      }
      const Volume v = *c.final_strength * r.batch_volume / c.stock;
      drawn += v;
      r.components.push_back({c.active, c.stock, v, true, c, c.stock * c.base_per_form});
    }
    r.diluent_volume = r.batch_volume - drawn;
    if (r.diluent_volume < millilitres(0)) {
      error(
          p_.batch_at,
          trf("the stocks and adjuncts ({}) overflow the batch ({}) by {}", format_volume(drawn, Precision::exact),
              format_volume(r.batch_volume, Precision::exact), format_volume(drawn - r.batch_volume, Precision::exact)),
          tr("raise [batch] volume, or lower the components' volumes or targets"));
    } else if (r.diluent_volume > millilitres(0) && !p_.diluent) {
      error(p_.batch_at,
            trf("the batch needs {} of diluent to reach {}, but no [diluent] is named",
                format_volume(r.diluent_volume, Precision::exact), format_volume(r.batch_volume, Precision::exact)),
            tr("add [diluent] name = \"Sodium chloride 0.9 %\""));
    }
  }

  // C_a = sum over a's components of S_i V_i / V_b; two components of one active add up. A
  // stock of a salt adds up as labelled, and its base (S_i x base_per_form) beside it.
  void actives(DoseResult& r) {
    for (const ComponentFigures& c : r.components) {
      const Strength contribution = c.stock * c.volume / r.batch_volume;
      const Strength base_contribution = c.base_stock * c.volume / r.batch_volume;
      auto it = std::find_if(r.actives.begin(), r.actives.end(),
                             [&](const ActiveFigures& a) { return a.active == c.active; });
      if (it != r.actives.end()) {
        // the loader holds an active to one form; a protocol built otherwise must not sum unlike figures
        if ((it->base ? it->base->form : std::string()) != c.written.form) {
          error(c.written.at, trf("{} is of two forms in one protocol", c.active),
                tr("write every component of one active as the same form"));
          continue;
        }
        it->final_strength += contribution;
        if (it->base) it->base->final_strength += base_contribution;
        continue;
      }
      ActiveFigures a;
      a.active = c.active;
      const CatalogActive* known = catalog_.find(c.active);
      a.name = known != nullptr ? tr(known->name) : c.written.active_written;  // the INN in the output language
      a.final_strength = contribution;
      a.at = c.written.at;
      if (!c.written.form.empty()) {
        const SaltForm* form = known != nullptr ? known->form_named(c.written.form) : nullptr;
        if (form == nullptr || !known->molar_mass) {
          error(c.written.form_at.line != 0 ? c.written.form_at : c.written.active_at,
                trf("\"{}\" is not a form of {} in this catalog", c.written.form, a.name),
                tr("load the protocol with the catalog it is computed with"));
          continue;
        }
        BaseEquivalent base;
        base.form = form->name;
        base.base = known->name;
        base.base_per_form = form->base_per_form;
        base.base_molar = *known->molar_mass;
        base.form_molar = form->molar_mass;
        base.final_strength = base_contribution;
        a.base = std::move(base);
      }
      r.actives.push_back(std::move(a));
    }
  }

  // Where to fix a batch smaller than a session: its [batch] volume, else the first component
  SourcePos under_one_session_at() const {
    if (p_.batch_volume) return p_.batch_at;
    if (!p_.components.empty()) return p_.components.front().at;
    return {};
  }

  void session(DoseResult& r) {
    if (p_.mechanical() || !p_.injection) return;
    const Injection& inj = *p_.injection;
    SessionFigures s;
    s.volume_per_point = inj.volume_per_point;
    if (inj.points_per_session) {
      s.points = *inj.points_per_session;
      s.volume = inj.volume_per_point * Exact(s.points);
    } else {
      s.volume = *inj.session_volume;
      const Exact points = ratio(s.volume, inj.volume_per_point);
      const Exact nearest = Exact(floor_to_int64(points + Exact(1, 2)));
      // docs/protocol-format.md: a whole number of points within 1e-9 relative
      const Exact off = points > nearest ? points - nearest : nearest - points;
      if (nearest < 1 || off > points * pow10(-9)) {
        error(inj.session_volume_at,
              trf("session_volume {} is {} points of {}: not a whole number of points",
                  format_volume(s.volume, Precision::exact), format_number(points, Precision::exact),
                  format_volume(inj.volume_per_point, Precision::exact)),
              tr("give points_per_session instead, or a session volume that is a multiple of volume_per_point"));
        return;
      }
      s.points = floor_to_int64(nearest);
    }
    s.dead_volume = inj.dead_volume_per_session;
    s.drawn = s.volume + s.dead_volume;
    const Exact sessions = Exact(p_.course.sessions);
    r.course_volume = s.drawn * sessions;
    // exact division: 6 mL / 3 mL is 2, not 1.999...
    r.sessions_per_batch = floor_to_int64(ratio(r.batch_volume, s.drawn));
    if (*r.sessions_per_batch < 1)
      r.warnings.push_back({"batch-under-one-session", "",
                            trf("one batch ({}) covers less than one session ({} drawn per session)",
                                format_volume(r.batch_volume), format_volume(s.drawn)),
                            under_one_session_at(), WarningRank::note});
    for (auto& a : r.actives) {
      a.per_injection = a.final_strength * s.volume_per_point;
      a.per_session = a.final_strength * s.volume;
      a.per_course = *a.per_session * sessions;
      if (!a.base) continue;
      a.base->per_injection = a.base->final_strength * s.volume_per_point;
      a.base->per_session = a.base->final_strength * s.volume;
      a.base->per_course = *a.base->per_session * sessions;
    }
    r.session = s;
  }

  static void keep_stricter(std::vector<LimitInForce>& in_force, LimitScope scope, const std::optional<Mass>& max,
                            const std::string& source) {
    if (!max) return;
    auto it = std::find_if(in_force.begin(), in_force.end(), [&](const LimitInForce& l) { return l.scope == scope; });
    if (it == in_force.end())
      in_force.push_back({scope, *max, source});
    else if (*max < it->max)
      *it = {scope, *max, source};
  }

  // A per-kg cap: the weight times the figure per kg, or, without a weight, a cap not checked.
  void per_kg(DoseResult& r, ActiveFigures& a, LimitScope scope, const std::optional<Mass>& per_kg,
              const std::string& source) {
    if (!per_kg) return;
    if (options_.patient_weight) {
      const Exact kg = ratio(*options_.patient_weight, grams(1000));
      keep_stricter(a.limits, scope, *per_kg * kg,
                    trf("{}; {} mg/kg × {} kg", source, format_number(in_mg(*per_kg), Precision::exact),
                        format_number(kg, Precision::exact)));
      return;
    }
    const std::string shown =
        shown_as(a, *per_kg, [](const Mass& m) { return format_number(in_mg(m), Precision::exact) + " mg/kg"; });
    r.unchecked.push_back({a.active, scope, *per_kg, source, a.at, shown});
    r.warnings.push_back({"per-kg-unchecked", a.active,
                          trf("{} has a per-kg limit ({} {}; {}): NOT CHECKED, no patient weight was "
                              "given; mix and record stop until it is (--weight \"72 kg\")",
                              a.name, shown, tr(to_string(scope)), source),
                          a.at, WarningRank::unchecked});
  }

  void limits(DoseResult& r) {
    for (auto& a : r.actives) {
      if (const CatalogActive* known = catalog_.find(a.active)) {
        const std::string source = trf("catalog: {}", known->limits_source);
        keep_stricter(a.limits, LimitScope::per_injection, known->limits.per_injection, source);
        keep_stricter(a.limits, LimitScope::per_session, known->limits.per_session, source);
        keep_stricter(a.limits, LimitScope::per_course, known->limits.per_course, source);
        per_kg(r, a, LimitScope::per_injection, known->limits.per_injection_per_kg, source);
        per_kg(r, a, LimitScope::per_session, known->limits.per_session_per_kg, source);
        a.limits_note = known->limits_note;
      }
      for (const auto& pl : p_.limits) {
        if (pl.active != a.active) continue;
        const std::string source =
            pl.form.empty() ? tr("protocol") : trf("protocol, figures of {} converted to the base", tr(pl.form));
        keep_stricter(a.limits, LimitScope::per_injection, pl.limits.per_injection, source);
        keep_stricter(a.limits, LimitScope::per_session, pl.limits.per_session, source);
        keep_stricter(a.limits, LimitScope::per_course, pl.limits.per_course, source);
        per_kg(r, a, LimitScope::per_injection, pl.limits.per_injection_per_kg, source);
        per_kg(r, a, LimitScope::per_session, pl.limits.per_session_per_kg, source);
      }
      std::sort(a.limits.begin(), a.limits.end(), [](const auto& x, const auto& y) { return x.scope < y.scope; });
      // limits are of the base: a stock of a salt is held to them by the base it holds
      for (const auto& l : a.limits) {
        const std::optional<Mass> dose = l.scope == LimitScope::per_injection ? a.base_per_injection()
                                         : l.scope == LimitScope::per_session ? a.base_per_session()
                                                                              : a.base_per_course();
        if (!dose || *dose <= l.max) continue;
        r.breaches.push_back({a.active, l.scope, *dose, l, a.at});
        auto exact = [](const Mass& m) { return format_mass(m, Precision::exact); };
        auto sheet = [](const Mass& m) { return format_mass(m); };
        if (!r.override_reason)
          r.stops.push_back(
              {p_.file, a.at, Severity::stop,
               trf("{} {} is {}, over the limit of {} ({})", a.name, tr(to_string(l.scope)), shown_as(a, *dose, exact),
                   shown_as(a, l.max, exact), l.source),
               tr("correct the protocol, or if the prescriber accepts it, rerun with --allow-over-limit \"REASON\"")});
        else
          r.warnings.push_back({"over-limit", a.active,
                                trf("LIMIT OVERRIDDEN: {} {} is {}, over the limit of {} ({}); reason given: {}",
                                    a.name, tr(to_string(l.scope)), shown_as(a, *dose, sheet),
                                    shown_as(a, l.max, sheet), l.source, *r.override_reason),
                                a.at, WarningRank::overridden});
      }
    }
  }

  void catalog_warnings(DoseResult& r) {
    for (const auto& c : p_.components) {
      if (!c.in_catalog)
        r.warnings.push_back(
            {"unknown-active", c.active,
             trf("\"{}\" is not in the catalog: no limits, ranges or warnings are known for it", c.active_written),
             c.at, WarningRank::unchecked});
    }
    for (const auto& a : r.actives) {
      const CatalogActive* known = catalog_.find(a.active);
      if (known == nullptr) continue;
      if (known->withdrawn_or_suspended()) {
        const char* state = known->status.state == MarketStatus::withdrawn ? N_("withdrawn") : N_("suspended");
        std::string acknowledged;
        for (const auto& c : p_.components)
          if (c.active == a.active && !c.acknowledged.empty()) acknowledged = c.acknowledged;
        r.warnings.push_back({fmt::format("{}-{}", known->id, state), a.active,
                              trf("{} is {}: {} (source: {}). Acknowledged in the protocol: {}", tr(known->name),
                                  tr(state), tr(known->status.text), known->status.source, acknowledged),
                              a.at, WarningRank::status});
      }
      // the solubility is the base's: a salt dissolves otherwise (decisions.md), so only a base is held to it
      if (known->water_solubility && !a.base && a.final_strength > *known->water_solubility)
        r.warnings.push_back({"precipitation-risk", a.active,
                              trf("{} at {} in the cocktail is above its water solubility of about {} ({}): it may "
                                  "precipitate; check that the stock's vehicle keeps it in solution",
                                  tr(known->name), format_strength(a.final_strength),
                                  format_strength(*known->water_solubility), known->water_solubility_source),
                              a.at, WarningRank::fact});
      for (const auto& note : known->warnings)
        r.warnings.push_back({note.code, a.active, trf("{} (source: {})", tr(note.text), note.source), a.at,
                              note.kind == NoteKind::pregnancy  ? WarningRank::pregnancy
                              : note.kind == NoteKind::handling ? WarningRank::handling
                                                                : WarningRank::fact});
    }
  }

  // docs/safety.md, "Plausibility ranges": outside a soft range a warning, outside a hard
  // range a safety stop unless the prescriber says why (--allow-implausible).
  // `value` is of the base, as the ranges are; `shown()` is how the message gives it, formatted
  // only when there is a message (most figures are in range, and formatting is the costly part).
  template <class Q, class Shown, class Format>
  void check_range(DoseResult& r, const std::string& active, const char* what, const Q& value, Shown shown,
                   const PlausibleRange<Q>& range, SourcePos at, Format format) {
    auto span = [&](const std::optional<Q>& low, const std::optional<Q>& high) {
      if (low && high) return trf("{} to {}", format(*low), format(*high));
      return low ? trf("at least {}", format(*low)) : trf("at most {}", format(*high));
    };
    const bool below_hard = range.hard_min && value < *range.hard_min;
    const bool above_hard = range.hard_max && value > *range.hard_max;
    if (below_hard || above_hard) {
      ++r.implausible_hard;
      const std::string message = trf(
          "{} {} is {}, {} the plausible range ({}; {}): a slip of the decimal point or the unit?", active, tr(what),
          shown(), below_hard ? tr("below") : tr("above"), span(range.hard_min, range.hard_max), range.hard_source);
      if (r.implausible_reason)
        r.warnings.push_back({"implausible-overridden", active,
                              trf("IMPLAUSIBLE FIGURE ACCEPTED: {}; reason given: {}", message, *r.implausible_reason),
                              at, WarningRank::overridden});
      else
        r.stops.push_back({p_.file, at, Severity::stop, message,
                           tr("check the figure against the product's label and the prescription; if it is right, "
                              "rerun with --allow-implausible \"REASON\"")});
      return;
    }
    const bool below_soft = range.soft_min && value < *range.soft_min;
    const bool above_soft = range.soft_max && value > *range.soft_max;
    if (below_soft || above_soft)
      r.warnings.push_back(
          {"implausible", active,
           trf("{} {} is {}, {} published practice ({}; {}): check it", active, tr(what), shown(),
               below_soft ? tr("below") : tr("above"), span(range.soft_min, range.soft_max), range.soft_source),
           at, WarningRank::implausible});
  }

  void plausibility(DoseResult& r) {
    auto strength = [](const Strength& s) { return fmt::format("{} ({})", format_strength(s), format_percent(s)); };
    auto mass = [](const Mass& m) { return format_mass(m); };
    // the ranges are of the base: a stock of a salt is held to them by the base it holds
    for (const auto& c : r.components) {
      const CatalogActive* known = catalog_.find(c.active);
      if (known == nullptr) continue;
      const Component& w = c.written;
      check_range(
          r, tr(known->name), N_("stock"), c.base_stock,
          [&] { return shown_as(c.base_stock, tr(w.form), w.base_per_form, strength); }, known->plausible.stock,
          w.stock_at, strength);
    }
    for (const auto& a : r.actives) {
      const CatalogActive* known = catalog_.find(a.active);
      if (known == nullptr) continue;
      const Strength& final_strength = a.base_final_strength();
      check_range(
          r, a.name, N_("strength in the cocktail"), final_strength,
          [&] { return shown_as(a, final_strength, strength); }, known->plausible.final_strength, a.at, strength);
      if (const auto& per_session = a.base_per_session())
        check_range(
            r, a.name, N_("dose per session"), *per_session, [&] { return shown_as(a, *per_session, mass); },
            known->plausible.per_session, a.at, mass);
    }
    // the same ampoule entered twice under two names is summed: say so first, naming the
    // first component with that active and stock (forms set aside)
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < p_.components.size(); ++i) {
      const Component& b = p_.components[i];
      const auto [at, fresh] = first.try_emplace(same_stock_key(b.active, "", b.stock), i);
      if (fresh) continue;
      const Component& a = p_.components[at->second];
      r.warnings.push_back(
          {"same-stock-twice", b.active,
           trf("the same stock twice ({} {}, lines {} and {}): the two are added up; "
               "intended?",
               b.form.empty() ? b.active : b.form, format_strength(b.stock), a.stock_at.line, b.stock_at.line),
           b.stock_at, WarningRank::implausible});
    }
  }

  const Protocol& p_;
  const Catalog& catalog_;
  const DoseOptions& options_;
  Diagnostics errors_;
};

}  // namespace

std::string base_and_form(const ActiveFigures& a, const Mass& base, Precision precision) {
  return shown_as(a, base, [precision](const Mass& m) { return format_mass(m, precision); });
}

std::string base_and_form(const ActiveFigures& a, const Strength& base, Precision precision) {
  return shown_as(a, base, [precision](const Strength& s) { return format_strength(s, precision); });
}

const char* to_string(LimitScope s) {
  static constexpr const char* names[] = {N_("per injection"), N_("per session"),
                                          N_("per course")};  // in LimitScope's order
  return names[static_cast<std::size_t>(s)];
}

Expected<DoseResult, Diagnostics> compute_dose(const Protocol& protocol, const Catalog& catalog,
                                               const DoseOptions& options) {
  return DoseComputation(protocol, catalog, options).run();
}

}  // namespace mesomix
