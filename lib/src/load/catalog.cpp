#include "mesomix/catalog.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "load/toml_reader.hpp"
#include "mesomix/quantity.hpp"

namespace mesomix {
namespace detail {
extern const std::string_view embedded_catalog_toml;
}

namespace {

std::string normalized(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '-' || c == '_') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void read_limits(detail::TomlReader& r, const toml::table& t, CatalogActive& a) {
  const toml::table* limits = r.table(t, "limits", detail::Need::optional, "[[active]]");
  if (limits == nullptr) return;
  const std::string where = fmt::format("[active.limits] of \"{}\"", a.id);
  r.check_keys(*limits, {"max_per_injection", "max_per_session", "max_per_course", "source"}, where);
  a.limits.per_injection =
      r.quantity<Mass>(*limits, "max_per_injection", detail::Need::optional, where, parse_mass, Zero::refused, "mg");
  a.limits.per_session =
      r.quantity<Mass>(*limits, "max_per_session", detail::Need::optional, where, parse_mass, Zero::refused, "mg");
  a.limits.per_course =
      r.quantity<Mass>(*limits, "max_per_course", detail::Need::optional, where, parse_mass, Zero::refused, "mg");
  // a limit without its source is exactly the invented figure the catalog must not hold
  a.limits_source = r.text(*limits, "source", detail::Need::required, where).value_or("");
}

CatalogActive read_active(detail::TomlReader& r, const toml::table& t) {
  CatalogActive a;
  r.check_keys(t,
               {"id", "name", "synonyms", "presentation", "water_solubility", "water_solubility_source", "limits",
                "limits_note", "warning"},
               "[[active]]");
  a.id = r.text(t, "id", detail::Need::required, "[[active]]").value_or("");
  if (!a.id.empty() && !detail::valid_id(a.id))
    r.error(t.get("id")->source(), fmt::format("active id \"{}\" is not of the form [a-z0-9][a-z0-9-]*", a.id),
            "use lower-case letters, digits and hyphens");
  a.name = r.text(t, "name", detail::Need::required, "[[active]]").value_or(a.id);
  a.synonyms = r.texts(t, "synonyms", "[[active]]").value_or(std::vector<std::string>{});
  const std::string where = fmt::format("[[active]] \"{}\"", a.id);
  for (const toml::table* p : r.tables(t, "presentation", where)) {
    r.check_keys(*p, {"stock", "description"}, "[[active.presentation]]");
    auto stock = r.quantity<Strength>(*p, "stock", detail::Need::required, "[[active.presentation]]", parse_strength,
                                      Zero::refused, "mg/mL");
    auto description = r.text(*p, "description", detail::Need::required, "[[active.presentation]]");
    if (stock && description) {
      a.presentations.push_back({*stock, p->get("stock")->as_string()->get(), *description});
    }
  }
  a.water_solubility = r.quantity<Strength>(t, "water_solubility", detail::Need::optional, where, parse_strength,
                                            Zero::refused, "mg/mL");
  if (a.water_solubility)
    a.water_solubility_source = r.text(t, "water_solubility_source", detail::Need::required, where).value_or("");
  read_limits(r, t, a);
  a.limits_note = r.text(t, "limits_note", detail::Need::optional, where).value_or("");
  if (!a.limits.any() && a.limits_note.empty())
    r.error(t.source(), fmt::format("{} has neither [active.limits] nor limits_note", where),
            "say what is published: add limits with their source, or a limits_note");
  for (const toml::table* w : r.tables(t, "warning", where)) {
    r.check_keys(*w, {"code", "text", "source"}, "[[active.warning]]");
    auto code = r.text(*w, "code", detail::Need::required, "[[active.warning]]");
    auto text = r.text(*w, "text", detail::Need::required, "[[active.warning]]");
    auto source = r.text(*w, "source", detail::Need::required, "[[active.warning]]");
    if (code && text && source) a.warnings.push_back({*code, *text, *source});
  }
  return a;
}

}  // namespace

const CatalogActive* Catalog::find(std::string_view name) const {
  const std::string wanted = normalized(name);
  for (const auto& a : actives) {
    if (std::find(a.lookup_keys.begin(), a.lookup_keys.end(), wanted) != a.lookup_keys.end()) return &a;
  }
  return nullptr;
}

Expected<Catalog, Diagnostics> load_catalog(std::string_view text, const std::string& file) {
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics);
  auto root = r.parse_schema_1(text, {"schema", "active"}, "the catalog", "catalog");
  if (!root) return unexpected(std::move(diagnostics));
  Catalog catalog;
  std::vector<std::pair<std::string, const toml::table*>> seen;  // every name, to refuse one naming two actives
  for (const toml::table* t : r.tables(*root, "active", "the catalog")) {
    CatalogActive a = read_active(r, *t);
    std::vector<std::string> names{a.id, a.name};
    names.insert(names.end(), a.synonyms.begin(), a.synonyms.end());
    for (const auto& n : names) {
      const std::string key = normalized(n);
      a.lookup_keys.push_back(key);
      auto clash =
          std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key && s.second != t; });
      if (clash != seen.end())
        r.error(t->source(), fmt::format("the name \"{}\" is given to two actives", n),
                "each id and synonym must name one active");
      seen.emplace_back(key, t);
    }
    catalog.actives.push_back(std::move(a));
  }
  if (has_errors(diagnostics)) {
    sort_by_position(diagnostics);
    return unexpected(std::move(diagnostics));
  }
  return catalog;
}

std::string_view shipped_catalog_text() { return detail::embedded_catalog_toml; }

const Catalog& shipped_catalog() {
  static const Catalog catalog =
      detail::shipped_or_throw(load_catalog(detail::embedded_catalog_toml, "formulations/catalog.toml"), "catalog");
  return catalog;
}

}  // namespace mesomix
