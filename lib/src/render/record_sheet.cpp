// The compounding record, arranged from a RecordResult. Every field USP <797> asks of a
// compounding record has its place here (docs/auditors.md maps them).
#include <cctype>

#include <fmt/format.h>

#include "i18n/tr.hpp"
#include "mesomix/bud.hpp"
#include "mesomix/format.hpp"
#include "mesomix/render.hpp"
#include "render/sheet_parts.hpp"

namespace mesomix {
namespace {

using detail::plural;

std::string exact(const Volume& v) { return format_volume(v, Precision::exact); }
std::string exact(const Mass& m) { return format_mass(m, Precision::exact); }
std::string exact(const Strength& s) { return format_strength(s, Precision::exact); }

// How a draw was measured, in the syringe's graduations.
std::string measured_in_marks(const Draw& d) {
  const std::string marks =
      trf("{} marks of {} on the {}", d.marks_per_draw, exact(d.syringe.graduation), tr(d.syringe.name));
  return d.draws > 1 ? trf("{} draws of {}", d.draws, marks) : marks;
}

// Every figure of the record as a line of arithmetic an auditor can redo by hand. Each figure
// was computed once, in compute/; this lays them out.
std::vector<std::string> calculation_steps(const MixResult& m) {
  const DoseResult& d = m.dose;
  const SessionFigures& s = *d.session;
  std::vector<std::string> steps;
  steps.push_back(trf("Session volume: {} points × {} = {}", s.points, exact(s.volume_per_point), exact(s.volume)));
  steps.push_back(
      trf("Drawn per session: {} + {} dead volume = {}", exact(s.volume), exact(s.dead_volume), exact(s.drawn)));
  if (m.bedside_fraction != 0)
    steps.push_back(trf("Prepared per session, bedside adjuncts ({}) left out: {} − {} = {}",
                        format_number(m.bedside_fraction, Precision::exact), exact(s.drawn),
                        exact(m.bedside_per_session), exact(m.unit_volume)));
  if (m.sessions_wanted)
    steps.push_back(trf("Volume to prepare: {} × {} = {}", detail::plural(*m.sessions_wanted, "session", "sessions"),
                        exact(m.unit_volume), exact(m.wanted_volume)));
  else
    steps.push_back(trf("Volume to prepare: {}", exact(m.wanted_volume)));
  if (m.options.overage_pct != 0)
    steps.push_back(
        trf("With {} % overage: {}", format_number(m.options.overage_pct, Precision::exact), exact(m.target_volume)));
  steps.push_back(
      trf("Scale: {} / {} (the protocol's batch{}) = {}", exact(m.target_volume), exact(m.prepared_formula_volume),
          m.bedside_fraction != 0 ? tr(", bedside adjuncts left out") : "", format_number(m.scale, Precision::exact)));
  std::string sum;
  for (const Draw& dr : m.draws) {
    const bool formed = dr.component && !dr.component->written.form.empty();
    const std::string what = dr.stock
                                 ? fmt::format("{} {}",
                                               formed ? capitalized(tr(dr.component->written.form))
                                               : dr.kind == DrawKind::component ? detail::clinical_name(m.dose, dr.what)
                                                                                : dr.what,
                                               exact(*dr.stock))
                                 : dr.what;
    if (dr.kind == DrawKind::diluent)
      steps.push_back(trf("{} (q.s.): {} − what is drawn above = {}; drawn {} ({})", what, exact(m.target_volume),
                          exact(dr.nominal), exact(dr.drawn), measured_in_marks(dr)));
    else
      steps.push_back(
          trf("{}: {} × {} = {}; drawn {} ({})", what, exact(dr.component ? dr.component->volume : dr.adjunct->volume),
              format_number(m.scale, Precision::exact), exact(dr.nominal), exact(dr.drawn), measured_in_marks(dr)));
    sum += (sum.empty() ? "" : " + ") + exact(dr.drawn);
  }
  steps.push_back(trf("Final volume: {} = {}", sum, exact(m.final_volume)));
  steps.push_back(trf("Sessions covered: floor({} / {}) = {}, from session {}", exact(m.final_volume),
                      exact(m.unit_volume), m.sessions_covered, m.from_session));
  steps.push_back(trf("Left over: {} − {} × {} = {}", exact(m.final_volume), m.sessions_covered, exact(m.unit_volume),
                      exact(m.leftover)));
  for (const DeliveredActive& a : m.actives) {
    // the figures of a salt's stocks are the form's, named by it; the base follows them
    const std::string name = a.base ? tr(a.base->form) : a.name;
    std::string terms;
    for (const Contribution& c : a.from)
      terms += (terms.empty() ? "" : " + ") + fmt::format("{} × {}", exact(c.stock), exact(c.drawn));
    if (m.bedside_fraction != 0) {
      steps.push_back(trf("{} strength as prepared: ({}) / {} = {}", name, terms, exact(m.final_volume),
                          exact(a.prepared_strength)));
      steps.push_back(trf("{} strength injected, bedside adjuncts added: {} × (1 − {}) = {} (protocol: {}; {}{} %)",
                          name, exact(a.prepared_strength), format_number(m.bedside_fraction, Precision::exact),
                          exact(a.delivered_strength), exact(a.nominal_strength), a.deviation_pct > 0 ? "+" : "",
                          format_number(a.deviation_pct, Precision::exact)));
    } else {
      steps.push_back(trf("{} strength: ({}) / {} = {} (protocol: {}; {}{} %)", name, terms, exact(m.final_volume),
                          exact(a.delivered_strength), exact(a.nominal_strength), a.deviation_pct > 0 ? "+" : "",
                          format_number(a.deviation_pct, Precision::exact)));
    }
    steps.push_back(trf("{} per injection: {} × {} = {}", name, exact(a.delivered_strength), exact(s.volume_per_point),
                        exact(*a.delivered_per_injection)));
    steps.push_back(trf("{} per session: {} × {} = {}", name, exact(a.delivered_strength), exact(s.volume),
                        exact(*a.delivered_per_session)));
    if (a.base)
      steps.push_back(trf("{} as the base: {} × {} / {} = {}; per injection {}; per session {}", a.name,
                          exact(a.delivered_strength), a.base->base_molar.written, a.base->form_molar.written,
                          exact(a.base->delivered_strength), exact(*a.base->delivered_per_injection),
                          exact(*a.base->delivered_per_session)));
  }
  return steps;
}

std::string strengths(const MixResult& m) {
  std::string out;
  for (const auto& a : m.actives)
    out +=
        (out.empty() ? "" : "; ") +
        (a.base ? detail::strength_with_form(a.name, a.base->prepared_strength, tr(a.base->form), a.prepared_strength)
                : detail::strength_with_form(a.name, a.prepared_strength, std::nullopt, a.prepared_strength));
  return out;
}

// "MX-A1234", or for several lots each with the volume drawn from it: "A1 5 mL; A2 2.8 mL".
std::string lots_of(const SourcedItem& item) {
  if (item.lots.size() == 1 && !item.lots[0].volume) return keep_together(item.lots[0].lot);
  std::string out;
  for (const auto& l : item.lots)
    out += (out.empty() ? "" : "; ") +
           (l.volume
                ? fmt::format("{} {}", keep_together(l.lot), keep_together(format_volume(*l.volume, Precision::exact)))
                : keep_together(l.lot));
  return out;
}

std::string expiries_of(const SourcedItem& item) {
  std::string out;
  for (const auto& l : item.lots) out += (out.empty() ? "" : "; ") + keep_together(to_iso(l.expiry));
  return out;
}

Section materials_section(const RecordResult& r) {
  Section s{tr("Components"), {}, {}, {}};
  Table t{{"#", tr("Component"), tr("Product"), tr("Manufacturer"), tr("Lot"), tr("Expiry"), tr("Stock"),
           tr("Quantity used"), tr("Measured with")},
          {},
          {true, false, false, false, false, false, true, true, false}};
  const MixResult& m = r.mix;
  std::vector<Strength> stocks;
  for (const auto& d : m.draws)
    if (d.stock) stocks.push_back(*d.stock);
  const MassUnit stock_unit = column_unit(stocks, Precision::exact);
  int number = 1;
  for (const auto& [d, lot] : r.draws) {
    const SourcedItem* item = lot ? &*lot : nullptr;
    std::string component = d.component ? detail::stock_name(m.dose, d.component->written) : d.what;
    if (d.kind == DrawKind::diluent)
      component += tr(" (diluent)");
    else if (d.kind == DrawKind::adjunct)
      component += tr(" (adjunct)");
    const std::string measured = d.draws == 1 ? tr(d.syringe.name) : trf("{} draws, {}", d.draws, tr(d.syringe.name));
    t.rows.push_back({fmt::format("{}", number++), component, item ? item->product : tr("as the protocol says"),
                      item ? item->manufacturer : "-", item ? lots_of(*item) : "-", item ? expiries_of(*item) : "-",
                      d.stock ? format_strength(*d.stock, stock_unit, Precision::exact) : "-",
                      format_volume(d.drawn, Precision::exact), measured});
  }
  s.tables.push_back(std::move(t));
  if (!r.batch.adjuncts.empty()) {
    Table kits{{tr("Adjunct kit"), tr("Lot"), tr("Expiry")}, {}, {false, false, false}};
    for (const auto& a : r.batch.adjuncts) kits.rows.push_back({a.name, a.lot, to_iso(a.expiry)});
    s.tables.push_back(std::move(kits));
  }
  s.lines.push_back(trf("Total quantity: {} ({})", format_volume(m.final_volume, Precision::exact),
                        plural(m.sessions_covered, "session", "sessions")));
  return s;
}

Section delivered_section(const MixResult& m) {
  Section s{tr("Strengths and doses"), {}, {}, {}};
  Table t{{tr("Active"), tr("Protocol strength"), tr("Prepared strength"), tr("Deviation"), tr("Per injection"),
           tr("Per session")},
          {},
          {false, true, true, true, true, true}};
  std::vector<Strength> strengths;
  std::vector<Mass> injections;
  std::vector<Mass> sessions;
  // a stock of a salt: the base's row, then the form's as labelled
  struct Row {
    std::string name;
    Strength nominal, delivered;
    Mass injection, session;
    Exact deviation;
  };
  std::vector<Row> rows;
  for (const auto& a : m.actives) {
    if (a.base)
      rows.push_back({a.name, a.base->nominal_strength, a.base->delivered_strength, *a.base->delivered_per_injection,
                      *a.base->delivered_per_session, a.deviation_pct});
    rows.push_back({a.base ? tr("as ") + tr(a.base->form) : a.name, a.nominal_strength, a.delivered_strength,
                    *a.delivered_per_injection, *a.delivered_per_session, a.deviation_pct});
  }
  for (const auto& row : rows) {
    strengths.insert(strengths.end(), {row.nominal, row.delivered});
    injections.push_back(row.injection);
    sessions.push_back(row.session);
  }
  const MassUnit strength_unit = column_unit(strengths);
  for (const auto& row : rows)
    t.rows.push_back({row.name, format_strength(row.nominal, strength_unit),
                      format_strength(row.delivered, strength_unit), detail::signed_pct(row.deviation),
                      format_mass(row.injection, column_unit(injections)),
                      format_mass(row.session, column_unit(sessions))});
  s.tables.push_back(std::move(t));
  return s;
}

Section deviations_section(const RecordResult& r) {
  Section s{tr("Deviations and overrides"), {}, {}, {}};
  std::vector<std::string> items;
  if (r.mix.dose.override_reason)
    items.push_back(tr("Limit exceeded, overridden by the prescriber: ") + *r.mix.dose.override_reason);
  if (r.mix.dose.implausible_reason)
    items.push_back(tr("Figure outside the plausible range, accepted by the prescriber: ") +
                    *r.mix.dose.implausible_reason);
  if (r.replaces)
    items.push_back(trf("This record replaces an earlier record, SHA-256 {} (written with --force).", *r.replaces));
  if (items.empty())
    s.lines.push_back(
        tr("Deviations: none beyond the rounding of the draws shown above (each within tolerance). Overrides: none."));
  else
    s.lists.emplace_back(tr("Recorded"), items);
  return s;
}

Section label_section(const RecordResult& r) {
  const MixResult& m = r.mix;
  Section s{tr("Label"), detail::label_lines(m), {}, {}};
  s.lines.push_back(
      trf("Lot: {}   Beyond-use date: {}", keep_together(r.batch.lot), keep_together(to_iso(r.batch.bud))));
  s.lines.push_back(tr("Storage: ") + r.batch.storage);
  s.lines.push_back(tr("Patient: ") + (r.batch.patient
                                           ? fmt::format("{} ({})", r.batch.patient->name, r.batch.patient->id)
                                           : std::string(tr("not patient-specific"))));
  return s;
}

Section units_section(const MixResult& m) {
  Section s{tr("Dispensed: one unit-dose syringe per session"), {}, {}, {}};
  for (const auto& u : m.units) s.lists.emplace_back(trf("Syringe for session {}", u.session), u.label);
  s.lines.push_back(trf("Left over and discarded: {}.", format_volume(m.leftover, Precision::exact)));
  return s;
}

Section signatures_section(const Batch& b) {
  Section s{tr("Signatures"), {}, {}, {}};
  s.signatures = {{tr("Prepared by"), b.preparer, keep_together(to_iso(b.prepared))},
                  {tr("Verified by"), b.verifier, ""}};
  return s;
}

std::string patient_of(const Batch& b) {
  if (!b.patient) return tr("not patient-specific");
  const Patient& p = *b.patient;
  std::string out = fmt::format("{} ({})", p.name, p.id);
  if (p.birth_date) out += tr(", born ") + to_iso(*p.birth_date);
  if (p.weight) out += ", " + p.weight_text;
  return out;
}

}  // namespace

Sheet record_sheet(const RecordResult& r) {
  const MixResult& m = r.mix;
  const ProtocolInfo& info = m.dose.protocol.info;
  Sheet sheet{trf("Compounding record: lot {}", keep_together(r.batch.lot)),
              {},
              {},
              {trf("{} version {}", info.id, info.version), r.batch.lot}};
  sheet.words = detail::sheet_words();
  sheet.issued = to_iso(r.batch.prepared);
  // what the preparation adds (a delivered dose over a limit, overridden) comes before the rest
  std::vector<Warning> warnings = m.warnings;
  warnings.insert(warnings.end(), m.dose.warnings.begin(), m.dose.warnings.end());
  sheet.sections.push_back(detail::read_first_section(warnings, m.dose));
  if (!r.facility.empty()) sheet.fields.emplace_back(tr("Facility"), r.facility);
  sheet.fields.emplace_back(tr("Preparation"), info.title);
  sheet.fields.emplace_back(tr("Strengths"), strengths(m));
  sheet.fields.emplace_back(tr("Dosage form"), tr("solution for intradermal injection (mesotherapy)"));
  sheet.fields.emplace_back(tr("Lot"), keep_together(r.batch.lot));
  sheet.fields.emplace_back(tr("Prepared"), keep_together(to_iso(r.batch.prepared)));
  sheet.fields.emplace_back(tr("Beyond-use date"), keep_together(to_iso(r.batch.bud)));
  sheet.fields.emplace_back(
      tr("BUD limit"), trf("{} from the start of preparation: {}", format_duration(r.bud.limit), r.bud.basis_text));
  sheet.fields.emplace_back(tr("Conditions"),
                            fmt::format("{} ({})", describe(r.bud.conditions), detail::origin_of(r.bud.conditions)));
  sheet.fields.emplace_back(tr("Storage"), r.batch.storage);
  sheet.fields.emplace_back(tr("Preparer"), r.batch.preparer);
  sheet.fields.emplace_back(tr("Verifier"), r.batch.verifier);
  sheet.fields.emplace_back(tr("Patient"), patient_of(r.batch));
  sheet.fields.emplace_back(
      tr("Order"), r.batch.order ? trf("{}, prescribed by {}", r.batch.order->number, r.batch.order->prescriber)
                                 : std::string(tr("none given")));
  sheet.fields.emplace_back(tr("Protocol"), trf("{} version {}", info.id, info.version));
  sheet.fields.emplace_back(tr("Protocol SHA-256"), m.dose.protocol.sha256);
  sheet.fields.emplace_back(tr("Batch file SHA-256"), r.batch.sha256);
  for (const auto& input : r.inputs) {
    if (input.kind == InputKind::protocol || input.kind == InputKind::batch) continue;  // above
    const std::string label = input.kind == InputKind::catalog   ? tr("Catalog SHA-256")
                              : input.kind == InputKind::devices ? tr("Devices SHA-256")
                                                                 : tr("BUD rules SHA-256");
    // a pharmacy's own file by its bytes only: its path depends on where the command ran
    sheet.fields.emplace_back(
        label, input.shipped ? fmt::format("{} ({})", input.sha256, trf("shipped with mesomix {}", r.mesomix_version))
                             : input.sha256);
  }
  sheet.fields.emplace_back(tr("Calculated by"), trf("mesomix {}", r.mesomix_version));
  // always there, so that removing the line is a difference --verify finds
  sheet.fields.emplace_back(tr("Replaces"), r.replaces
                                                ? trf("the record with SHA-256 {} (written with --force)", *r.replaces)
                                                : std::string(tr("no earlier record")));
  sheet.fields.emplace_back(tr("Compounding log"), r.logged ? std::string(tr("entered before this record was printed"))
                                                            : std::string(tr("Not entered in a compounding log")));
  sheet.sections.push_back(materials_section(r));
  Section steps{tr("Calculation steps (exact)"), {}, {}, {}};
  std::vector<std::string> numbered;
  for (const std::string& step : calculation_steps(m))
    numbered.push_back(fmt::format("{}. {}", numbered.size() + 1, step));
  steps.lists.emplace_back(tr("Each figure of this record, from the protocol and the batch file"), numbered);
  sheet.sections.push_back(std::move(steps));
  sheet.sections.push_back(delivered_section(m));
  sheet.sections.push_back(deviations_section(r));
  sheet.sections.push_back(label_section(r));
  sheet.sections.push_back(units_section(m));
  sheet.sections.push_back(signatures_section(r.batch));
  return sheet;
}

}  // namespace mesomix
