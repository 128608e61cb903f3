// The pharmacist's preparation worksheet, arranged from a MixResult.
#include <fmt/format.h>

#include "mesomix/format.hpp"
#include "mesomix/render.hpp"
#include "render/sheet_parts.hpp"

namespace mesomix {
namespace {

using detail::plural;
using detail::signed_pct;

std::string scaled_to(const MixResult& r) {
  std::string out = r.sessions_wanted ? fmt::format("{} ({} × {} drawn per session, dead volume included)",
                                                    plural(*r.sessions_wanted, "session", "sessions"),
                                                    *r.sessions_wanted, format_volume(r.dose.session->drawn))
                                      : fmt::format("a batch of {}", format_volume(*r.options.batch_volume));
  if (r.options.overage_pct != 0)
    out += fmt::format(", plus {} % overage", format_number(r.options.overage_pct, Precision::exact));
  return out;
}

Section steps_section(const MixResult& r) {
  Section s{"Preparation steps", {}, {}, {}};
  Table t{{"Step", "Draw", "Of", "Measure", "Nominal", "Rounding"}, {}, {true, true, false, false, true, true}};
  int step = 1;
  for (const Draw& d : r.draws) {
    std::string of;
    if (d.kind == DrawKind::component) {
      const Component& c = d.component->written;
      of = fmt::format("{} {} ({})", c.active, format_strength(c.stock), format_percent(c.stock));
      if (!c.product.empty()) of += ": " + c.product;
    } else if (d.kind == DrawKind::adjunct) {
      of = d.what + " (adjunct)";
    } else {
      of = d.what + " (diluent, q.s. ad " + format_volume(r.final_volume) + ")";
    }
    std::string how = d.draws == 1
                          ? d.syringe.name
                          : fmt::format("{} × {}, {} draws", format_volume(d.per_draw), d.syringe.name, d.draws);
    if (d.below_range) how += " (under 20 % of capacity)";
    t.rows.push_back({fmt::format("{}", step++), format_volume(d.drawn), of, how, format_volume(d.nominal),
                      signed_pct(d.deviation_pct)});
  }
  s.tables.push_back(std::move(t));
  s.lists.emplace_back(
      "Then", std::vector<std::string>{
                  fmt::format("{}. Mix gently; the final volume is {}. Inspect: clear, no particles, no precipitate.",
                              step, format_volume(r.final_volume)),
                  fmt::format("{}. Label (below) and store as the label says.", step + 1)});
  return s;
}

Section delivered_section(const MixResult& r) {
  Section s{"Delivered doses (after rounding the draws)", {}, {}, {}};
  Table t{{"Active", "Strength", "Delivered", "Per injection", "Delivered", "Per session", "Delivered", "Deviation"},
          {},
          {false, true, true, true, true, true, true, true}};
  for (const auto& a : r.actives)
    t.rows.push_back({a.name, format_strength(a.nominal_strength), format_strength(a.delivered_strength),
                      format_mass(*a.nominal_per_injection), format_mass(*a.delivered_per_injection),
                      format_mass(*a.nominal_per_session), format_mass(*a.delivered_per_session),
                      signed_pct(a.deviation_pct)});
  s.tables.push_back(std::move(t));
  s.lines.push_back(
      "Nominal (the protocol's) beside delivered (from the rounded draws); the deviation is the same for the "
      "strength and every dose of an active.");
  return s;
}

Section checks_section(const MixResult& r) {
  Section s{"Checks to sign off", {}, {}, {}};
  std::vector<std::string> checks;
  for (const auto& d : r.draws)
    checks.push_back(fmt::format("[ ] {}: product, strength, lot and expiry checked; {} measured. Initials: ______",
                                 d.stock ? fmt::format("{} {}", d.what, format_strength(*d.stock)) : d.what,
                                 format_volume(d.drawn)));
  checks.push_back(fmt::format("[ ] Final volume {} checked. Initials: ______", format_volume(r.final_volume)));
  checks.push_back("[ ] Appearance: clear, no particles, no precipitate. Initials: ______");
  checks.push_back("[ ] Label checked against this worksheet. Initials: ______");
  checks.push_back("Prepared by: ____________________  Date and time: ____________");
  checks.push_back("Verified by: ____________________  Date and time: ____________");
  s.lists.emplace_back("Each check by the preparer, then the verifier", checks);
  return s;
}

Section label_section(const MixResult& r) {
  Section s{"Label", detail::label_lines(r), {}, {}};
  s.lines.push_back("Lot: ______________   Beyond-use date: ______________");
  s.lines.push_back("Storage: ______________");
  return s;
}

}  // namespace

Sheet mix_sheet(const MixResult& r) {
  const ProtocolInfo& info = r.dose.protocol.info;
  Sheet sheet{fmt::format("Preparation worksheet: {}", info.title), {}, {}, {}};
  // what the preparation adds (a delivered dose over a limit, overridden) comes before the rest
  std::vector<Warning> warnings = r.warnings;
  warnings.insert(warnings.end(), r.dose.warnings.begin(), r.dose.warnings.end());
  sheet.sections.push_back(detail::read_first_section(warnings));
  sheet.fields.emplace_back("Protocol", fmt::format("{} version {}", info.id, info.version));
  sheet.fields.emplace_back("SHA-256", r.dose.protocol.sha256.substr(0, 16));
  sheet.fields.emplace_back("Prepared for", scaled_to(r));
  sheet.fields.emplace_back("Final volume", fmt::format("{}, covering {}", format_volume(r.final_volume),
                                                        plural(r.sessions_covered, "session", "sessions")));
  if (r.dose.override_reason) sheet.fields.emplace_back("Limit override", *r.dose.override_reason);
  sheet.sections.push_back(
      {"Scaling",
       {fmt::format("The formula's batch of {} is scaled by {} to {}.", format_volume(r.dose.batch_volume),
                    format_number(r.scale, Precision::sheet), format_volume(r.target_volume)),
        "Scaling changes volumes only: the strengths in the cocktail are the protocol's.",
        "Each volume is rounded to its syringe's graduation; the doses below are recomputed from the "
        "rounded draws."},
       {},
       {}});
  sheet.sections.push_back(steps_section(r));
  sheet.sections.push_back(delivered_section(r));
  sheet.sections.push_back(checks_section(r));
  sheet.sections.push_back(label_section(r));
  return sheet;
}

}  // namespace mesomix
