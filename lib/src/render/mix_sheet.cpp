// The pharmacist's preparation worksheet, arranged from a MixResult.
#include <fmt/format.h>

#include "i18n/tr.hpp"
#include "mesomix/bud.hpp"
#include "mesomix/format.hpp"
#include "mesomix/render.hpp"
#include "render/sheet_parts.hpp"

namespace mesomix {
namespace {

using detail::plural;
using detail::signed_pct;

std::string sessions_text(const MixResult& r) {
  if (r.units.empty()) return tr("no session");
  const auto& first = r.units.front();
  const auto& last = r.units.back();
  std::string days;
  if (first.day && last.day)
    days =
        first.session == last.session ? trf(" (day {})", *first.day) : trf(" (days {} to {})", *first.day, *last.day);
  if (first.session == last.session)
    return trf("session {} of {}{}", first.session, r.dose.protocol.course.sessions, days);
  return trf("sessions {} to {} of {}{}", first.session, last.session, r.dose.protocol.course.sessions, days);
}

std::string scaled_to(const MixResult& r) {
  std::string out = r.sessions_wanted ? trf("{}: {} × {} per session, dead volume included", sessions_text(r),
                                            *r.sessions_wanted, format_volume(r.unit_volume))
                                      : trf("a batch of {}", format_volume(*r.options.batch_volume));
  if (r.options.overage_pct != 0)
    out += trf(", plus {} % overage", format_number(r.options.overage_pct, Precision::exact));
  return out;
}

Section steps_section(const MixResult& r) {
  Section s{tr("Preparation steps"), {}, {}, {}};
  Table t{{tr("Step"), tr("Draw"), tr("Of"), tr("Measure"), tr("Nominal"), tr("Rounding")},
          {},
          {true, true, false, false, true, true}};
  int step = 1;
  for (const Draw& d : r.draws) {
    std::string of;
    if (d.kind == DrawKind::component) {
      const Component& c = d.component->written;
      of = fmt::format("{} {} ({})", detail::stock_name(r.dose, c), keep_together(format_strength(c.stock)),
                       keep_together(format_percent(c.stock)));
      if (!c.product.empty()) of += detail::sheet_words().colon + " " + c.product;
    } else if (d.kind == DrawKind::adjunct) {
      of = d.what + tr(" (adjunct)");
    } else {
      of = d.what + tr(" (diluent, q.s. ad ") + keep_together(format_volume(r.final_volume)) + ")";
    }
    std::string how =
        d.draws == 1 ? tr(d.syringe.name)
                     : trf("{} × {}, {} draws", keep_together(format_volume(d.per_draw)), tr(d.syringe.name), d.draws);
    if (d.below_range) how += tr(" (under 20 % of capacity)");
    t.rows.push_back({fmt::format("{}", step++), format_volume(d.drawn), of, how, format_volume(d.nominal),
                      signed_pct(d.deviation_pct)});
  }
  s.tables.push_back(std::move(t));
  s.lists.emplace_back(
      tr("Then"), std::vector<std::string>{
                      trf("{}. Mix gently; the final volume is {}. Inspect: clear, no particles, no precipitate.", step,
                          format_volume(r.final_volume)),
                      trf("{}. Label (below) and store as the label says.", step + 1)});
  return s;
}

Section delivered_section(const MixResult& r) {
  Section s{tr("Delivered doses (after rounding the draws)"), {}, {}, {}};
  Table t{{tr("Active"), tr("Strength"), tr("Delivered"), tr("Per injection"), tr("Delivered"), tr("Per session"),
           tr("Delivered"), tr("Deviation")},
          {},
          {false, true, true, true, true, true, true, true}};
  // one unit per column, and the nominal and delivered columns of a figure in the same one
  std::vector<Strength> strengths;
  std::vector<Mass> injections;
  std::vector<Mass> sessions;
  // a stock of a salt: the base's row, then the form's as labelled
  struct Row {
    std::string name;
    Strength nominal, delivered;
    Mass nominal_injection, delivered_injection, nominal_session, delivered_session;
    Exact deviation;
  };
  std::vector<Row> rows;
  for (const auto& a : r.actives) {
    if (a.base)
      rows.push_back({a.name, a.base->nominal_strength, a.base->delivered_strength, *a.base->nominal_per_injection,
                      *a.base->delivered_per_injection, *a.base->nominal_per_session, *a.base->delivered_per_session,
                      a.deviation_pct});
    rows.push_back({a.base ? tr("as ") + tr(a.base->form) : a.name, a.nominal_strength, a.delivered_strength,
                    *a.nominal_per_injection, *a.delivered_per_injection, *a.nominal_per_session,
                    *a.delivered_per_session, a.deviation_pct});
  }
  for (const auto& row : rows) {
    strengths.insert(strengths.end(), {row.nominal, row.delivered});
    injections.insert(injections.end(), {row.nominal_injection, row.delivered_injection});
    sessions.insert(sessions.end(), {row.nominal_session, row.delivered_session});
  }
  const MassUnit strength_unit = column_unit(strengths);
  const MassUnit injection_unit = column_unit(injections);
  const MassUnit session_unit = column_unit(sessions);
  for (const auto& row : rows)
    t.rows.push_back({row.name, format_strength(row.nominal, strength_unit),
                      format_strength(row.delivered, strength_unit), format_mass(row.nominal_injection, injection_unit),
                      format_mass(row.delivered_injection, injection_unit),
                      format_mass(row.nominal_session, session_unit), format_mass(row.delivered_session, session_unit),
                      signed_pct(row.deviation)});
  s.tables.push_back(std::move(t));
  s.lines.push_back(
      tr("Nominal (the protocol's) beside delivered (from the rounded draws); the deviation is the same for the "
         "strength and every dose of an active."));
  return s;
}

Section checks_section(const MixResult& r) {
  Section s{tr("Checks to sign off"), {}, {}, {}};
  std::vector<std::string> checks;
  for (const auto& d : r.draws)
    checks.push_back(
        trf("[ ] {}: product, strength, lot and expiry checked; {} measured. Initials: ______",
            d.stock ? fmt::format("{} {}", d.component ? detail::stock_name(r.dose, d.component->written) : d.what,
                                  keep_together(format_strength(*d.stock)))
                    : d.what,
            keep_together(format_volume(d.drawn))));
  checks.push_back(trf("[ ] Final volume {} checked. Initials: ______", keep_together(format_volume(r.final_volume))));
  checks.push_back(tr("[ ] Appearance: clear, no particles, no precipitate. Initials: ______"));
  checks.push_back(tr("[ ] Label checked against this worksheet. Initials: ______"));
  s.lists.emplace_back(tr("Each check by the preparer, then the verifier"), checks);
  s.signatures = {{tr("Prepared by"), "", ""}, {tr("Verified by"), "", ""}};
  return s;
}

Section label_section(const MixResult& r) {
  Section s{tr("Label of the preparation"), detail::label_lines(r), {}, {}};
  s.lines.push_back(r.options.lot ? tr("Lot: ") + *r.options.lot : tr("Lot: ______________"));
  if (r.options.bud_at)
    s.lines.push_back(tr("Beyond use: ") + to_label(*r.options.bud_at));
  else
    s.lines.push_back(tr("Beyond use: ______________"));
  s.lines.push_back(tr("Storage: ") + (r.options.bud ? r.options.bud->storage_text : std::string("______________")));
  return s;
}

Section bud_section(const MixResult& r) {
  Section s{tr("Beyond-use date"), {}, {}, {}};
  const BudLimit& b = *r.options.bud;
  s.lines.push_back(
      trf("Limit in force: {} from the start of preparation ({}).", format_duration(b.limit), b.basis_text));
  s.lines.push_back(trf("Conditions: {} ({}).", describe(b.conditions), detail::origin_of(b.conditions)));
  if (b.basis != BudBasis::rules)
    s.lines.push_back(trf("The rules alone would allow {} ({}).", format_duration(b.rules_limit), b.rules_basis));
  s.lines.push_back(
      tr("Every session dispensed below begins before the beyond-use date; the rest of the course is "
         "prepared separately (mesomix mix --plan)."));
  return s;
}

Section containers_section(const MixResult& r) {
  Section s{tr("Containers"), {}, {}, {}};
  const auto& counts = r.as_supplied ? r.containers_per_session : r.containers;
  Table t{{tr("Stock"), tr("Container"), tr("Open"), tr("Used"), tr("Discard")}, {}, {false, true, true, true, true}};
  for (const auto& c : counts)
    t.rows.push_back({c.what, format_volume(c.presentation), fmt::format("{}", c.containers), format_volume(c.used),
                      format_volume(c.discarded)});
  s.lines.push_back(r.as_supplied
                        ? tr("Per session: single-dose containers are opened at each session and what is left "
                             "is discarded, never kept.")
                        : tr("Single-dose containers: what is left after drawing is discarded, never kept."));
  s.tables.push_back(std::move(t));
  return s;
}

Section dispensing_section(const MixResult& r) {
  Section s{tr("Dispensing: one unit-dose syringe per session"), {}, {}, {}};
  Table t{{tr("Syringe"), tr("Session"), tr("Day"), tr("Volume")}, {}, {true, true, true, true}};
  int n = 1;
  for (const auto& u : r.units)
    t.rows.push_back({fmt::format("{}", n++), fmt::format("{}", u.session), u.day ? fmt::format("{}", *u.day) : "-",
                      format_volume(u.volume)});
  s.tables.push_back(std::move(t));
  s.lines.push_back(trf("Left over and discarded: {}.", format_volume(r.leftover)));
  for (const auto& u : r.units) s.lists.emplace_back(trf("Label of the syringe for session {}", u.session), u.label);
  return s;
}

Section bedside_section(const MixResult& r) {
  Section s{tr("At the bedside, each session"), {}, {}, {}};
  std::string names;
  for (const auto& a : r.dose.protocol.adjuncts)
    if (a.bedside) names += (names.empty() ? "" : ", ") + a.name;
  s.lines.push_back(
      trf("Add {} {}, prepared at the session, to the syringe of {}; it is not part of this "
          "preparation and has no lot, expiry or appearance check here.",
          format_volume(r.bedside_per_session), names, format_volume(r.unit_volume)));
  std::string injected;
  for (const auto& a : r.actives)
    injected += (injected.empty() ? "" : ", ") +
                (a.base ? trf("{} {} (prepared {}; as {} {})", a.name, format_strength(a.base->delivered_strength),
                              format_strength(a.base->prepared_strength), tr(a.base->form),
                              format_strength(a.delivered_strength))
                        : trf("{} {} (prepared {})", a.name, format_strength(a.delivered_strength),
                              format_strength(a.prepared_strength)));
  s.lines.push_back(tr("Injected strength then: ") + injected + ".");
  return s;
}

}  // namespace

Sheet mix_sheet(const MixResult& r) {
  const ProtocolInfo& info = r.dose.protocol.info;
  Sheet sheet{trf("Preparation worksheet: {}", info.title), {}, {}, {trf("{} version {}", info.id, info.version)}};
  sheet.words = detail::sheet_words();
  // what the preparation adds (a delivered dose over a limit, overridden) comes before the rest
  std::vector<Warning> warnings = r.warnings;
  warnings.insert(warnings.end(), r.dose.warnings.begin(), r.dose.warnings.end());
  sheet.sections.push_back(detail::read_first_section(warnings, r.dose));
  sheet.fields.emplace_back(tr("Protocol"), trf("{} version {}", info.id, info.version));
  sheet.fields.emplace_back(tr("SHA-256"), r.dose.protocol.sha256.substr(0, 16));
  sheet.fields.emplace_back(tr("Prepared for"), scaled_to(r));
  sheet.fields.emplace_back(tr("Final volume"),
                            trf("{}, dispensed as {}", format_volume(r.final_volume),
                                plural(r.sessions_covered, "unit-dose syringe", "unit-dose syringes")));
  if (r.options.bud)
    sheet.fields.emplace_back(tr("Beyond-use limit"),
                              fmt::format("{} ({})", format_duration(r.options.bud->limit), r.options.bud->basis_text));
  if (r.dose.protocol.course.session_minutes)
    sheet.fields.emplace_back(tr("Session length"), trf("{} min", *r.dose.protocol.course.session_minutes));
  if (r.dose.override_reason) sheet.fields.emplace_back(tr("Limit override"), *r.dose.override_reason);
  if (r.as_supplied) {
    sheet.sections.push_back(
        {tr("Inject as supplied"),
         {tr("One stock and nothing else to mix: it is not compounded. Draw each session's volume from its own "
             "containers as supplied."),
          trf("Each session: draw {} of {} {} with the {}.", format_volume(r.unit_volume),
              r.draws.front().component && !r.draws.front().component->written.form.empty()
                  ? capitalized(tr(r.draws.front().component->written.form))
                  : detail::clinical_name(r.dose, r.draws.front().what),
              format_strength(*r.draws.front().stock), tr(r.draws.front().syringe.name))},
         {},
         {}});
  } else {
    sheet.sections.push_back(
        {tr("Scaling"),
         {trf("The formula's batch of {} is scaled by {} to {}.", format_volume(r.dose.batch_volume),
              format_number(r.scale, Precision::sheet), format_volume(r.target_volume)),
          tr("Scaling changes volumes only: the strengths in the cocktail are the protocol's."),
          tr("Each volume is rounded to its syringe's graduation; the doses below are recomputed from the "
             "rounded draws.")},
         {},
         {}});
    if (r.bedside_fraction != 0)
      sheet.sections.back().lines.push_back(
          tr("Bedside adjuncts are left out: the syringe as prepared holds the rest at a higher strength."));
    sheet.sections.push_back(steps_section(r));
  }
  if (!(r.as_supplied ? r.containers_per_session : r.containers).empty())
    sheet.sections.push_back(containers_section(r));
  sheet.sections.push_back(delivered_section(r));
  if (r.bedside_fraction != 0) sheet.sections.push_back(bedside_section(r));
  if (r.options.bud) sheet.sections.push_back(bud_section(r));
  sheet.sections.push_back(checks_section(r));
  if (!r.as_supplied) sheet.sections.push_back(label_section(r));
  sheet.sections.push_back(dispensing_section(r));
  return sheet;
}

Sheet plan_sheet(const PlanResult& p) {
  const ProtocolInfo& info = p.dose.protocol.info;
  Sheet sheet{trf("Preparation plan: {}", info.title), {}, {}, {trf("{} version {}", info.id, info.version)}};
  sheet.words = detail::sheet_words();
  sheet.sections.push_back(detail::read_first_section(p.dose.warnings, p.dose));
  sheet.fields.emplace_back(tr("Protocol"), trf("{} version {}", info.id, info.version));
  sheet.fields.emplace_back(tr("SHA-256"), p.dose.protocol.sha256.substr(0, 16));
  sheet.fields.emplace_back(tr("Beyond-use limit"),
                            fmt::format("{} ({})", format_duration(p.bud.limit), p.bud.basis_text));
  sheet.fields.emplace_back(tr("Conditions"),
                            fmt::format("{} ({})", describe(p.bud.conditions), detail::origin_of(p.bud.conditions)));
  sheet.fields.emplace_back(tr("Preparations"), fmt::format("{}", p.preparations.size()));
  Section s{tr("Preparations"), {}, {}, {}};
  Table t{{tr("Preparation"), tr("Sessions"), tr("Days"), tr("Volume"), tr("Command")},
          {},
          {true, false, false, true, false}};
  for (const auto& prep : p.preparations) {
    const auto first = prep.sessions.front();
    const auto last = prep.sessions.back();
    std::string days = "-";
    if (!prep.days.empty())
      days = prep.days.size() == 1 ? fmt::format("{}", prep.days.front())
                                   : trf("{} to {}", prep.days.front(), prep.days.back());
    t.rows.push_back({fmt::format("{}", prep.number),
                      first == last ? fmt::format("{}", first) : trf("{} to {}", first, last), days,
                      format_volume(prep.volume),
                      fmt::format("mesomix mix --from-session {} --sessions {}", first, prep.sessions.size())});
  }
  s.tables.push_back(std::move(t));
  if (!p.dose.schedule) s.lines.push_back(tr("The protocol gives no schedule: each preparation covers one session."));
  s.lines.push_back(
      tr("Each preparation is made on the day of its first session; every session it covers begins "
         "before its beyond-use date."));
  sheet.sections.push_back(std::move(s));
  return sheet;
}

}  // namespace mesomix
