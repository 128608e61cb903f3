#include "render/sheet_parts.hpp"

#include <fmt/format.h>

#include "i18n/tr.hpp"
#include "mesomix/format.hpp"
#include "mesomix/schedule.hpp"

namespace mesomix::detail {

std::string signed_pct(const Exact& pct) {
  if (pct == 0) return fmt::format("0{}%", percent_space());
  return fmt::format("{}{}{}%", pct > 0 ? "+" : "", format_number(pct, Precision::sheet), percent_space());
}

std::string origin_of(const CompoundingConditions& c) {
  // the values CompoundingConditions::from takes (bud.hpp)
  if (c.from == "batch file") return tr("batch file");
  if (c.from == "command line") return tr("command line");
  if (c.from == "configuration") return tr("configuration");
  if (c.from == "default") return tr("default");
  return c.from;
}

std::string labelled(const std::string& label, const std::string& text) {
  return label + sheet_words().colon + " " + text;
}

std::string interval_text(const Duration& every, const std::string& written) {
  if (output_language() == Language::en) return written;  // as the protocol says it: tr("2 weeks")
  const Interval i = interval_of(every);
  return fmt::format("{} {}", i.count, i.weeks ? trn("week", "weeks", i.count) : trn("day", "days", i.count));
}

SheetWords sheet_words() {
  SheetWords w{to_string(output_language()), tr("Name"), tr("Date and time"), tr("Signature"), tr("Meaning"),
               tr("Barcode (Code 128)"),     tr("Lot"),  tr("Page"),          tr("of")};
  // French typography: "Nom : ...", with a narrow no-break space that never breaks the line
  if (output_language() == Language::fr) w.colon = "\u202f:";
  return w;
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, trn(one, many, n));
}

Section read_first_section(const std::vector<Warning>& warnings, const DoseResult& dose) {
  Section s{tr("Read first"), {}, {}, {}, SectionRole::read_first};
  std::vector<std::string> items;
  for (const auto& w : warnings)
    items.push_back(w.active.empty() ? w.message : labelled(clinical_name(dose, w.active), w.message));
  if (items.empty())
    s.lines.push_back(tr("Nothing: no warning, no override."));
  else
    s.lists.emplace_back(fmt::format(fmt::runtime(trn("{} warning to read before use", "{} warnings to read before use",
                                                      static_cast<std::int64_t>(items.size()))),
                                     items.size()),
                         items);
  return s;
}

std::string clinical_name(const DoseResult& r, const std::string& active) {
  for (const auto& a : r.actives)
    if (a.active == active) return a.name;
  return active;
}

std::string stock_name(const DoseResult& r, const Component& c) {
  return c.form.empty() ? clinical_name(r, c.active) : capitalized(tr(c.form));
}

std::string strength_with_form(const std::string& name, const Strength& base, const std::optional<std::string>& form,
                               const Strength& labelled) {
  std::string out =
      fmt::format("{} {} ({})", name, keep_together(format_strength(base)), keep_together(format_percent(base)));
  if (form) out += trf(", as {} {}", *form, keep_together(format_strength(labelled)));
  return out;
}

// The strength in the syringe as prepared, from the rounded draws (within 5 % of the protocol's,
// or the worksheet stops): with a bedside adjunct it is higher than the injected one, and the
// unit labels say what the bedside step brings it to.
std::vector<std::string> label_lines(const MixResult& m) {
  std::vector<std::string> lines{m.dose.protocol.info.title};
  for (const auto& a : m.actives)
    lines.push_back(a.base
                        ? strength_with_form(a.name, a.base->prepared_strength, tr(a.base->form), a.prepared_strength)
                        : strength_with_form(a.name, a.prepared_strength, std::nullopt, a.prepared_strength));
  std::string vehicle;
  for (const auto& d : m.draws)
    if (d.kind != DrawKind::component) vehicle += (vehicle.empty() ? "" : ", ") + d.what;
  if (!vehicle.empty()) lines.push_back(tr("In: ") + vehicle);
  lines.push_back(trf("Volume: {}. Route: intradermal. For {}.", keep_together(format_volume(m.final_volume)),
                      plural(m.sessions_covered, "session", "sessions")));
  if (m.bedside_fraction != 0) lines.push_back(tr("Bedside adjuncts are added at each session (see the unit labels)."));
  return lines;
}

}  // namespace mesomix::detail
