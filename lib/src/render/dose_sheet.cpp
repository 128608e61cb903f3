// The clinician's dose sheet, arranged from a DoseResult: no arithmetic here beyond
// choosing how a figure is written.
#include <fmt/format.h>

#include "i18n/tr.hpp"
#include "mesomix/format.hpp"
#include "mesomix/render.hpp"
#include "render/sheet_parts.hpp"

namespace mesomix {
namespace {

using detail::plural;

Section formula_section(const DoseResult& r) {
  Section s{tr("Formula (one batch)"), {}, {}, {}};
  Table t{{tr("Component"), tr("Stock"), tr("Volume"), tr("Product")}, {}, {false, false, true, false}};
  std::vector<Strength> stocks;
  for (const ComponentFigures& f : r.components) stocks.push_back(f.written.stock);
  const MassUnit stock_unit = column_unit(stocks);
  for (const ComponentFigures& f : r.components) {
    const Component& c = f.written;
    std::string volume = keep_together(format_volume(f.volume));
    if (f.target_mode) volume += trf(" (for {})", keep_together(format_percent(*c.final_strength)));
    t.rows.push_back({detail::stock_name(r, c),
                      fmt::format("{} ({})", keep_together(format_strength(c.stock, stock_unit)),
                                  keep_together(format_percent(c.stock))),
                      volume, c.product});
  }
  for (const auto& a : r.protocol.adjuncts)
    t.rows.push_back({a.name, tr("adjunct, no dose"), format_volume(a.volume), ""});
  if (r.protocol.diluent)
    t.rows.push_back({r.protocol.diluent->name, r.protocol.batch_volume ? tr("diluent, q.s. ad") : tr("diluent"),
                      format_volume(r.diluent_volume), ""});
  s.lines.push_back(trf("Batch volume: {}", format_volume(r.batch_volume)));
  s.tables.push_back(std::move(t));
  return s;
}

Section session_section(const DoseResult& r) {
  Section s{tr("Session"), {}, {}, {}};
  const Injection& inj = *r.protocol.injection;
  const SessionFigures& f = *r.session;
  s.lines.push_back(trf("{} × {} = {} injected per session", plural(f.points, "point", "points"),
                        format_volume(f.volume_per_point), format_volume(f.volume)));
  s.lines.push_back(trf("Dead volume {}; drawn per session {}", format_volume(f.dead_volume), format_volume(f.drawn)));
  if (!inj.technique.empty()) s.lines.push_back(tr("Technique: ") + inj.technique);
  if (!inj.needle.empty()) s.lines.push_back(tr("Needle: ") + inj.needle);
  if (inj.depth) s.lines.push_back(tr("Depth: ") + format_length(*inj.depth));
  return s;
}

Section course_section(const DoseResult& r) {
  Section s{tr("Course"), {}, {}, {}};
  const Course& c = r.protocol.course;
  s.lines.push_back(plural(c.sessions, "session", "sessions"));
  if (!c.phases.empty()) {
    std::string plan;
    for (const auto& ph : c.phases)
      plan += trf("{}{} every {}", plan.empty() ? std::string() : tr(", then "),
                  plural(ph.sessions, "session", "sessions"), detail::interval_text(ph.every, ph.every_written));
    s.lines.push_back(tr("Schedule: ") + plan);
  } else if (c.every) {
    s.lines.push_back(tr("Schedule: every ") + detail::interval_text(*c.every, c.every_written));
  }
  if (r.schedule) {
    const bool dated = !r.schedule->empty() && r.schedule->front().date;
    Table t{{tr("Session"), tr("Week"), tr("Day")}, {}, {true, true, true}};
    if (dated) {
      t.header.push_back(tr("Date"));
      t.numeric.push_back(false);
    }
    for (const auto& d : *r.schedule) {
      t.rows.push_back({fmt::format("{}", d.session), fmt::format("{}", d.week), fmt::format("{}", d.day)});
      if (dated) t.rows.back().push_back(to_iso(*d.date));
    }
    s.tables.push_back(std::move(t));
  } else {
    s.lines.push_back(
        tr("Schedule: not given (no phases and no [course] every): each preparation covers one session."));
  }
  // with a cocktail the session section says it; a mechanical protocol has only this plan
  if (!r.session && c.session_minutes) s.lines.push_back(trf("Session length: {} min", *c.session_minutes));
  if (r.session) {
    s.lines.push_back(trf("Volume for the whole course: {} ({} × {})", format_volume(*r.course_volume), c.sessions,
                          format_volume(r.session->drawn)));
    s.lines.push_back(trf("One batch ({}) covers {}", format_volume(r.batch_volume),
                          plural(*r.sessions_per_batch, "session", "sessions")));
  }
  return s;
}

std::string limits_text(const ActiveFigures& a) {
  if (a.limits.empty()) return a.limits_note.empty() ? tr("none known") : tr(a.limits_note);
  std::string out;
  for (const auto& l : a.limits)
    out += trf("{}max {} {} ({})", out.empty() ? "" : "; ", format_mass(l.max), tr(to_string(l.scope)), l.source);
  return out;
}

Section actives_section(const DoseResult& r) {
  Section s{tr("Actives"), {}, {}, {}};
  Table t{
      {tr("Active"), tr("In the cocktail"), "% " + tr("w/v"), tr("Per injection"), tr("Per session"), tr("Per course")},
      {},
      {false, true, true, true, true, true}};
  // one unit per column
  std::vector<Strength> strengths;
  std::vector<Mass> injections;
  std::vector<Mass> sessions;
  std::vector<Mass> courses;
  // a stock of a salt: the base's row, then the form's as labelled (protocol-format.md, "Salt forms")
  auto each_row = [&](auto add) {
    for (const auto& a : r.actives) {
      add(a.name, a.base_final_strength(), a.base_per_injection(), a.base_per_session(), a.base_per_course());
      if (a.base) add(tr("as ") + tr(a.base->form), a.final_strength, a.per_injection, a.per_session, a.per_course);
    }
  };
  each_row([&](const std::string&, const Strength& strength, const std::optional<Mass>& injection,
               const std::optional<Mass>& session, const std::optional<Mass>& course) {
    strengths.push_back(strength);
    if (injection) injections.push_back(*injection);
    if (session) sessions.push_back(*session);
    if (course) courses.push_back(*course);
  });
  const MassUnit strength_unit = column_unit(strengths);
  auto mass = [](const std::optional<Mass>& m, MassUnit unit) { return m ? format_mass(*m, unit) : std::string("-"); };
  each_row([&](const std::string& name, const Strength& strength, const std::optional<Mass>& injection,
               const std::optional<Mass>& session, const std::optional<Mass>& course) {
    t.rows.push_back({name, format_strength(strength, strength_unit), format_percent(strength),
                      mass(injection, column_unit(injections)), mass(session, column_unit(sessions)),
                      mass(course, column_unit(courses))});
  });
  std::vector<std::string> limits;
  for (const auto& a : r.actives) limits.push_back(detail::labelled(a.name, limits_text(a)));
  s.tables.push_back(std::move(t));
  s.lists.emplace_back(tr("Limits in force"), std::move(limits));
  return s;
}

Section instructions_section(const Instructions& in) {
  Section s{tr("Instructions"), {}, {}, {}};
  if (!in.before.empty()) s.lists.emplace_back(tr("Before"), in.before);
  if (!in.after.empty()) s.lists.emplace_back(tr("After"), in.after);
  if (!in.contraindications.empty()) s.lists.emplace_back(tr("Contraindications"), in.contraindications);
  return s;
}

}  // namespace

Sheet dose_sheet(const DoseResult& r) {
  const ProtocolInfo& info = r.protocol.info;
  Sheet sheet{trf("Dose sheet: {}", info.title), {}, {}, {trf("{} version {}", info.id, info.version)}};
  sheet.words = detail::sheet_words();
  sheet.sections.push_back(detail::read_first_section(r.warnings, r));
  sheet.fields.emplace_back(tr("Protocol"), trf("{} version {}", info.id, info.version));
  if (!info.indication.empty()) sheet.fields.emplace_back(tr("Indication"), info.indication);
  sheet.fields.emplace_back(tr("SHA-256"), r.protocol.sha256.substr(0, 16));
  if (r.override_reason) sheet.fields.emplace_back(tr("Limit override"), *r.override_reason);
  if (r.protocol.mechanical()) {
    sheet.sections.push_back(
        {tr("Cocktail"), {tr("Nothing to dose: a mechanical protocol (micro-perforation with no cocktail).")}, {}, {}});
  } else {
    sheet.sections.push_back(formula_section(r));
    if (r.session) sheet.sections.push_back(session_section(r));
  }
  sheet.sections.push_back(course_section(r));
  if (!r.actives.empty()) sheet.sections.push_back(actives_section(r));
  const Instructions& in = r.protocol.instructions;
  if (!in.before.empty() || !in.after.empty() || !in.contraindications.empty())
    sheet.sections.push_back(instructions_section(in));
  if (!info.references.empty()) sheet.sections.push_back({tr("References"), info.references, {}, {}});
  return sheet;
}

}  // namespace mesomix
