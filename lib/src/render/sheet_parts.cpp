#include "render/sheet_parts.hpp"

#include <fmt/format.h>

#include "mesomix/format.hpp"

namespace mesomix::detail {

std::string signed_pct(const Exact& pct) {
  if (pct == 0) return "0 %";
  return fmt::format("{}{} %", pct > 0 ? "+" : "", format_number(pct, Precision::sheet));
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

Section read_first_section(const std::vector<Warning>& warnings, const DoseResult& dose) {
  Section s{"Read first", {}, {}, {}, SectionRole::read_first};
  std::vector<std::string> items;
  for (const auto& w : warnings)
    items.push_back(w.active.empty() ? w.message : fmt::format("{}: {}", clinical_name(dose, w.active), w.message));
  if (items.empty())
    s.lines.push_back("Nothing: no warning, no override.");
  else
    s.lists.emplace_back(plural(static_cast<std::int64_t>(items.size()), "warning", "warnings") + " to read before use",
                         items);
  return s;
}

std::string clinical_name(const DoseResult& r, const std::string& active) {
  for (const auto& a : r.actives)
    if (a.active == active) return a.name;
  return active;
}

std::string stock_name(const DoseResult& r, const Component& c) {
  return c.form.empty() ? clinical_name(r, c.active) : c.form;
}

std::string strength_with_form(const std::string& name, const Strength& base, const std::optional<std::string>& form,
                               const Strength& labelled) {
  std::string out =
      fmt::format("{} {} ({})", name, keep_together(format_strength(base)), keep_together(format_percent(base)));
  if (form) out += fmt::format(", as {} {}", *form, keep_together(format_strength(labelled)));
  return out;
}

// The strength in the syringe as prepared, from the rounded draws (within 5 % of the protocol's,
// or the worksheet stops): with a bedside adjunct it is higher than the injected one, and the
// unit labels say what the bedside step brings it to.
std::vector<std::string> label_lines(const MixResult& m) {
  std::vector<std::string> lines{m.dose.protocol.info.title};
  for (const auto& a : m.actives)
    lines.push_back(a.base ? strength_with_form(a.name, a.base->prepared_strength, a.base->form, a.prepared_strength)
                           : strength_with_form(a.name, a.prepared_strength, std::nullopt, a.prepared_strength));
  std::string vehicle;
  for (const auto& d : m.draws)
    if (d.kind != DrawKind::component) vehicle += (vehicle.empty() ? "" : ", ") + d.what;
  if (!vehicle.empty()) lines.push_back("In: " + vehicle);
  lines.push_back(fmt::format("Volume: {}. Route: intradermal. For {}.", keep_together(format_volume(m.final_volume)),
                              plural(m.sessions_covered, "session", "sessions")));
  if (m.bedside_fraction != 0) lines.push_back("Bedside adjuncts are added at each session (see the unit labels).");
  return lines;
}

}  // namespace mesomix::detail
