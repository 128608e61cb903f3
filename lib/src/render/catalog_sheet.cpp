#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "i18n/tr.hpp"
#include "mesomix/format.hpp"
#include "mesomix/render.hpp"
#include "render/sheet_parts.hpp"

namespace mesomix {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string(separator)) + i;
  return out;
}

// the scope names are translated where printed (to_string(LimitScope) gives the same texts)
std::vector<std::pair<const char*, const std::optional<Mass>*>> limit_rows(const MassLimits& l) {
  return {
      {N_("per injection"), &l.per_injection}, {N_("per session"), &l.per_session}, {N_("per course"), &l.per_course}};
}

}  // namespace

Sheet catalog_sheet(const Catalog& catalog) {
  Sheet sheet{tr("mesomix catalog"), {{tr("Actives"), fmt::format("{}", catalog.actives.size())}}, {}, {}};
  sheet.words = detail::sheet_words();
  for (const auto& a : catalog.actives) {
    Section s{fmt::format("{} ({})", tr(a.name), a.id), {}, {}, {}};
    if (!a.synonyms.empty()) s.lines.push_back(tr("Synonyms: ") + join(a.synonyms, ", "));
    std::vector<std::string> limits;
    for (const auto& [scope, max] : limit_rows(a.limits))
      if (*max) limits.push_back(trf("max {} {}", format_mass(**max), tr(scope)));
    if (!limits.empty()) s.lines.push_back(trf("Limits: {} (source: {})", join(limits, "; "), a.limits_source));
    if (!a.limits_note.empty()) s.lines.push_back(tr("Limits: ") + tr(a.limits_note));
    if (a.water_solubility)
      s.lines.push_back(
          trf("Water solubility: about {} ({})", format_strength(*a.water_solubility), a.water_solubility_source));
    if (a.molar_mass)
      s.lines.push_back(trf("Molar mass: {} ({})", keep_together(a.molar_mass->written), a.molar_mass_source));
    std::vector<std::string> forms;
    for (const auto& f : a.forms)
      forms.push_back(trf("{}{}: {}, factor to the base {} ({})", tr(f.name),
                          f.synonyms.empty() ? "" : tr(" (also ") + join(f.synonyms, ", ") + ")",
                          keep_together(f.molar_mass.written), format_number(f.base_per_form, Precision::sheet),
                          f.source));
    if (!forms.empty()) s.lists.emplace_back(tr("Salt and hydrate forms (limits and ranges hold the base)"), forms);
    std::vector<std::string> presentations;
    for (const auto& p : a.presentations)
      presentations.push_back(fmt::format("{} = {} ({}){}: {}", p.stock_written, format_strength(p.stock),
                                          format_percent(p.stock), p.form.empty() ? "" : tr(" of ") + tr(p.form),
                                          tr(p.description)));
    if (!presentations.empty()) s.lists.emplace_back(tr("Typical stocks"), presentations);
    std::vector<std::string> warnings;
    for (const auto& w : a.warnings) warnings.push_back(trf("{} (source: {})", tr(w.text), w.source));
    if (!warnings.empty()) s.lists.emplace_back(tr("Warnings printed on every sheet that uses it"), warnings);
    sheet.sections.push_back(std::move(s));
  }
  return sheet;
}

std::string catalog_json(const Catalog& catalog) {
  using Json = nlohmann::ordered_json;
  Json actives = Json::array();
  for (const auto& a : catalog.actives) {
    Json limits = Json::object();
    for (const auto& [scope, max] : limit_rows(a.limits))
      if (*max) limits[fmt::format("max_{}_mg", std::string(scope).replace(3, 1, "_"))] = to_double(in_mg(**max));
    Json presentations = Json::array();
    for (const auto& p : a.presentations) {
      presentations.push_back({{"stock", p.stock_written},
                               {"stock_mg_per_mL", to_double(in_mg_per_ml(p.stock))},
                               {"description", p.description}});
      if (!p.form.empty()) presentations.back()["form"] = p.form;
    }
    Json forms = Json::array();
    for (const auto& f : a.forms)
      forms.push_back({{"name", f.name},
                       {"synonyms", f.synonyms},
                       {"molar_mass_g_per_mol", to_double(f.molar_mass.g_per_mol)},
                       {"base_per_form", to_double(f.base_per_form)},
                       {"source", f.source}});
    Json warnings = Json::array();
    for (const auto& w : a.warnings) warnings.push_back({{"code", w.code}, {"text", w.text}, {"source", w.source}});
    actives.push_back(
        {{"id", a.id},
         {"name", a.name},
         {"synonyms", a.synonyms},
         {"presentations", presentations},
         {"water_solubility_mg_per_mL",
          a.water_solubility ? Json(to_double(in_mg_per_ml(*a.water_solubility))) : Json(nullptr)},
         {"limits", limits},
         {"limits_source", a.limits_source.empty() ? Json(nullptr) : Json(a.limits_source)},
         {"limits_note", a.limits_note.empty() ? Json(nullptr) : Json(a.limits_note)},
         {"molar_mass_g_per_mol", a.molar_mass ? Json(to_double(a.molar_mass->g_per_mol)) : Json(nullptr)},
         {"forms", forms},
         {"warnings", warnings}});
  }
  return Json{{"schema", 1}, {"actives", actives}}.dump(2) + "\n";
}

}  // namespace mesomix
