#include "mesomix/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include "load/parsed.hpp"
#include "load/toml_reader.hpp"
#include "mesomix/names.hpp"
#include "mesomix/quantity.hpp"

namespace mesomix {
namespace detail {
extern const std::string_view embedded_catalog_toml;
}

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// "234.34 g/mol": a positive decimal in g/mol, kept exact (the factor to the base is a ratio
// of two of them, and a double would make a limit at 300 mg of the salt 299.99999 of it).
std::optional<MolarMass> read_molar_mass(detail::TomlReader& r, const toml::table& t, std::string_view key,
                                         detail::Need need, std::string_view where) {
  const auto text = r.text(t, key, need, where);
  if (!text) return std::nullopt;
  constexpr std::string_view unit = "g/mol";
  const std::string_view written = trimmed(*text);
  const bool has_unit = written.size() > unit.size() && written.substr(written.size() - unit.size()) == unit;
  const std::string_view number = trimmed(written.substr(0, has_unit ? written.size() - unit.size() : 0));
  std::optional<Exact> value;
  if (has_unit && number.find('%') == std::string_view::npos)
    if (auto n = parse_number(number)) value = *n;
  if (!value || *value <= 0) {
    r.error(t.get(key)->source(), fmt::format("{} \"{}\" in {} is not a positive number in g/mol", key, *text, where),
            fmt::format("write e.g. {} = \"234.34 g/mol\"", key));
    return std::nullopt;
  }
  return MolarMass{*value, std::string(written)};
}

// The active's salt and hydrate forms, each with its molar mass and source: the factor to the
// base needs the base's molar mass as well, so a form without it is refused.
void read_forms(detail::TomlReader& r, const toml::table& t, CatalogActive& a, detail::NameCheck check) {
  // look-alikes where the catalog's names are compared so (detail::load_catalog), else as written
  auto same = [check](std::string_view x, std::string_view y) {
    return check == detail::NameCheck::lookalikes ? same_name(x, y) : folded_name(x) == folded_name(y);
  };
  const std::string where = fmt::format("[[active.form]] of \"{}\"", a.id);
  for (const toml::table* f : r.tables(t, "form", where)) {
    r.check_keys(*f, {"name", "synonyms", "molar_mass", "source"}, where);
    const auto name = r.text(*f, "name", detail::Need::required, where);
    auto synonyms = r.texts(*f, "synonyms", where).value_or(std::vector<std::string>{});
    const auto mass = read_molar_mass(r, *f, "molar_mass", detail::Need::required, where);
    const auto source = r.text(*f, "source", detail::Need::required, where);
    if (!t.contains("molar_mass"))
      r.error(f->source(),
              fmt::format("{}: the form \"{}\" needs the molar mass of the base", where, name.value_or("?")),
              "add molar_mass = \"...g/mol\" and molar_mass_source to the [[active]]: the factor to the base is "
              "M(base) / M(form)");
    if (!name) continue;
    // a name of the base and of a form would make "is this stock the salt?" unanswerable
    std::vector<std::string> names{*name};
    names.insert(names.end(), synonyms.begin(), synonyms.end());
    for (const auto& n : names) {
      bool taken = a.is_base_name(n);
      for (const auto& other : a.forms) {
        taken = taken || same(other.name, n);
        for (const auto& s : other.synonyms) taken = taken || same(s, n);
      }
      if (taken)
        r.error(f->source(), fmt::format("{}: the name \"{}\" is already the base's or another form's", where, n),
                "give each form names of its own; a name of the base means the base");
    }
    if (mass && source && a.molar_mass)
      a.forms.push_back({*name, std::move(synonyms), *mass, *source, a.molar_mass->g_per_mol / mass->g_per_mol});
  }
}

// The form a table's figures are of (`form = "..."`, what the source publishes them as), or
// nullptr for figures of the base; a form the active does not have is refused.
const SaltForm* figures_form(detail::TomlReader& r, const toml::table& t, const CatalogActive& a,
                             std::string_view where) {
  const auto written = r.text(t, "form", detail::Need::optional, where);
  if (!written) return nullptr;
  if (const SaltForm* f = a.form_named(*written)) return f;
  if (a.is_base_name(*written)) {
    r.error(t.get("form")->source(), fmt::format("form \"{}\" in {} is the base itself", *written, where),
            "remove form: figures without form are of the base");
    return nullptr;
  }
  std::string known;
  for (const auto& f : a.forms) known += fmt::format("{}\"{}\"", known.empty() ? "" : ", ", f.name);
  r.error(t.get("form")->source(), fmt::format("form \"{}\" in {} is not a form of \"{}\"", *written, where, a.id),
          known.empty() ? std::string("add it as [[active.form]] with its molar mass and source")
                        : fmt::format("the forms of \"{}\" are {}", a.id, known));
  return nullptr;
}

// Figures published as a salt are held as the base: the catalog's limits and ranges are then
// compared with the base a stock of any form gives. The source says so.
void to_base(std::optional<Mass>& m, const SaltForm& f) {
  if (m) *m = *m * f.base_per_form;
}
void to_base(std::optional<Strength>& s, const SaltForm& f) {
  if (s) *s = *s * f.base_per_form;
}
std::string converted(const std::string& source, const SaltForm& f) {
  if (source.empty()) return source;
  return fmt::format("{} (figures of {}, converted to the base)", source, f.name);
}

void read_limits(detail::TomlReader& r, const toml::table& t, CatalogActive& a) {
  const toml::table* limits = r.table(t, "limits", detail::Need::optional, "[[active]]");
  if (limits == nullptr) return;
  const std::string where = fmt::format("[active.limits] of \"{}\"", a.id);
  r.check_keys(*limits,
               {"max_per_injection", "max_per_session", "max_per_course", "max_per_injection_per_kg",
                "max_per_session_per_kg", "source", "form"},
               where);
  a.limits.per_injection =
      r.quantity<Mass>(*limits, "max_per_injection", detail::Need::optional, where, parse_mass, Zero::refused, "mg");
  a.limits.per_session =
      r.quantity<Mass>(*limits, "max_per_session", detail::Need::optional, where, parse_mass, Zero::refused, "mg");
  a.limits.per_course =
      r.quantity<Mass>(*limits, "max_per_course", detail::Need::optional, where, parse_mass, Zero::refused, "mg");
  a.limits.per_injection_per_kg = r.quantity<Mass>(*limits, "max_per_injection_per_kg", detail::Need::optional, where,
                                                   parse_mass_per_kg, Zero::refused, "mg/kg");
  a.limits.per_session_per_kg = r.quantity<Mass>(*limits, "max_per_session_per_kg", detail::Need::optional, where,
                                                 parse_mass_per_kg, Zero::refused, "mg/kg");
  // a limit without its source is exactly the invented figure the catalog must not hold
  a.limits_source = r.text(*limits, "source", detail::Need::required, where).value_or("");
  if (const SaltForm* f = figures_form(r, *limits, a, where)) {
    for (auto* m : {&a.limits.per_injection, &a.limits.per_session, &a.limits.per_course,
                    &a.limits.per_injection_per_kg, &a.limits.per_session_per_kg})
      to_base(*m, *f);
    a.limits_source = converted(a.limits_source, *f);
  }
}

template <class Q, class Parse>
void read_range(detail::TomlReader& r, const toml::table& plausible, std::string_view key, const CatalogActive& a,
                PlausibleRange<Q>& out, Parse parse, std::string_view unit) {
  const toml::table* t = r.table(plausible, key, detail::Need::optional, "[active.plausible]");
  if (t == nullptr) return;
  const std::string where = fmt::format("[active.plausible.{}] of \"{}\"", key, a.id);
  r.check_keys(*t, {"soft_min", "soft_max", "soft_source", "hard_min", "hard_max", "hard_source", "form"}, where);
  out.soft_min = r.quantity<Q>(*t, "soft_min", detail::Need::optional, where, parse, Zero::refused, unit);
  out.soft_max = r.quantity<Q>(*t, "soft_max", detail::Need::optional, where, parse, Zero::refused, unit);
  out.hard_min = r.quantity<Q>(*t, "hard_min", detail::Need::optional, where, parse, Zero::refused, unit);
  out.hard_max = r.quantity<Q>(*t, "hard_max", detail::Need::optional, where, parse, Zero::refused, unit);
  // a bound without its source is an invented figure
  const bool soft = t->contains("soft_min") || t->contains("soft_max");
  const bool hard = t->contains("hard_min") || t->contains("hard_max");
  out.soft_source =
      r.text(*t, "soft_source", soft ? detail::Need::required : detail::Need::optional, where).value_or("");
  out.hard_source =
      r.text(*t, "hard_source", hard ? detail::Need::required : detail::Need::optional, where).value_or("");
  auto ordered = [&](const std::optional<Q>& low, const std::optional<Q>& high, std::string_view low_key,
                     std::string_view high_key) {
    if (low && high && *high < *low)
      r.error(t->get(high_key)->source(), fmt::format("{} is below {} in {}", high_key, low_key, where),
              "swap the two bounds");
  };
  ordered(out.soft_min, out.soft_max, "soft_min", "soft_max");
  ordered(out.hard_min, out.hard_max, "hard_min", "hard_max");
  // the soft range lies inside the hard one: a warning comes before a stop
  ordered(out.hard_min, out.soft_min, "hard_min", "soft_min");
  ordered(out.soft_max, out.hard_max, "soft_max", "hard_max");
  if (const SaltForm* f = figures_form(r, *t, a, where)) {
    for (auto* q : {&out.soft_min, &out.soft_max, &out.hard_min, &out.hard_max}) to_base(*q, *f);
    out.soft_source = converted(out.soft_source, *f);
    out.hard_source = converted(out.hard_source, *f);
  }
}

void read_plausibility(detail::TomlReader& r, const toml::table& t, CatalogActive& a) {
  const toml::table* p = r.table(t, "plausible", detail::Need::optional, "[[active]]");
  if (p == nullptr) return;
  const std::string where = fmt::format("[active.plausible] of \"{}\"", a.id);
  r.check_keys(*p, {"stock", "final", "per_session", "note"}, where);
  read_range<Strength>(r, *p, "stock", a, a.plausible.stock, parse_strength, "mg/mL");
  read_range<Strength>(r, *p, "final", a, a.plausible.final_strength, parse_strength, "mg/mL");
  read_range<Mass>(r, *p, "per_session", a, a.plausible.per_session, parse_mass, "mg");
  a.plausible.note = r.text(*p, "note", detail::Need::optional, where).value_or("");
}

void read_status(detail::TomlReader& r, const toml::table& t, CatalogActive& a) {
  const toml::table* s = r.table(t, "status", detail::Need::optional, "[[active]]");
  if (s == nullptr) return;
  const std::string where = fmt::format("[active.status] of \"{}\"", a.id);
  r.check_keys(*s, {"state", "text", "source"}, where);
  if (auto state = r.text(*s, "state", detail::Need::required, where)) {
    if (*state == "suspended")
      a.status.state = MarketStatus::suspended;
    else if (*state == "withdrawn")
      a.status.state = MarketStatus::withdrawn;
    else
      r.error(s->get("state")->source(), fmt::format("state \"{}\" is not known", *state),
              "write \"suspended\" or \"withdrawn\" (an authorised active needs no [active.status])");
  }
  a.status.text = r.text(*s, "text", detail::Need::required, where).value_or("");
  a.status.source = r.text(*s, "source", detail::Need::required, where).value_or("");
}

CatalogActive read_active(detail::TomlReader& r, const toml::table& t, detail::NameCheck check) {
  CatalogActive a;
  r.check_keys(t,
               {"id", "name", "synonyms", "presentation", "water_solubility", "water_solubility_source", "limits",
                "limits_note", "warning", "plausible", "status", "molar_mass", "molar_mass_source", "form"},
               "[[active]]");
  a.id = r.text(t, "id", detail::Need::required, "[[active]]").value_or("");
  if (!a.id.empty() && !detail::valid_id(a.id))
    r.error(t.get("id")->source(), fmt::format("active id \"{}\" is not of the form [a-z0-9][a-z0-9-]*", a.id),
            "use lower-case letters, digits and hyphens");
  a.name = r.text(t, "name", detail::Need::required, "[[active]]").value_or(a.id);
  a.synonyms = r.texts(t, "synonyms", "[[active]]").value_or(std::vector<std::string>{});
  const std::string where = fmt::format("[[active]] \"{}\"", a.id);
  a.molar_mass = read_molar_mass(r, t, "molar_mass", detail::Need::optional, where);
  // a molar mass without its source is an invented figure like any other
  if (t.contains("molar_mass"))
    a.molar_mass_source = r.text(t, "molar_mass_source", detail::Need::required, where).value_or("");
  read_forms(r, t, a, check);
  for (const toml::table* p : r.tables(t, "presentation", where)) {
    r.check_keys(*p, {"stock", "description", "source", "form"}, "[[active.presentation]]");
    auto stock = r.quantity<Strength>(*p, "stock", detail::Need::required, "[[active.presentation]]", parse_strength,
                                      Zero::refused, "mg/mL");
    auto description = r.text(*p, "description", detail::Need::required, "[[active.presentation]]");
    // a presentation is a published fact like any other figure
    auto source = r.text(*p, "source", detail::Need::required, "[[active.presentation]]");
    const SaltForm* form = figures_form(r, *p, a, fmt::format("[[active.presentation]] of \"{}\"", a.id));
    if (stock && description && source) {
      a.presentations.push_back(
          {*stock, p->get("stock")->as_string()->get(), *description, *source, form ? form->name : ""});
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
    r.check_keys(*w, {"code", "text", "source", "kind"}, "[[active.warning]]");
    auto code = r.text(*w, "code", detail::Need::required, "[[active.warning]]");
    auto text = r.text(*w, "text", detail::Need::required, "[[active.warning]]");
    auto source = r.text(*w, "source", detail::Need::required, "[[active.warning]]");
    NoteKind kind = NoteKind::fact;
    if (auto k = r.text(*w, "kind", detail::Need::optional, "[[active.warning]]")) {
      if (*k == "pregnancy")
        kind = NoteKind::pregnancy;
      else if (*k == "handling")
        kind = NoteKind::handling;
      else if (*k != "fact")
        r.error(w->get("kind")->source(), fmt::format("warning kind \"{}\" is not known", *k),
                "write \"pregnancy\", \"handling\" or \"fact\"");
    }
    if (code && text && source) a.warnings.push_back({*code, *text, *source, kind});
  }
  read_plausibility(r, t, a);
  read_status(r, t, a);
  return a;
}

}  // namespace

const SaltForm* CatalogActive::form_named(std::string_view written) const {
  const std::string wanted = folded_name(written);
  for (const auto& f : forms) {
    if (folded_name(f.name) == wanted) return &f;
    for (const auto& s : f.synonyms)
      if (folded_name(s) == wanted) return &f;
  }
  return nullptr;
}

bool CatalogActive::is_base_name(std::string_view written) const {
  const std::string wanted = folded_name(written);
  if (folded_name(id) == wanted || folded_name(name) == wanted) return true;
  return std::any_of(synonyms.begin(), synonyms.end(), [&](const std::string& s) { return folded_name(s) == wanted; });
}

const CatalogActive* Catalog::find(std::string_view name) const {
  const std::string wanted = folded_name(name);
  if (!index.empty()) {
    const auto at = index.find(wanted);
    return at == index.end() ? nullptr : &actives[at->second];
  }
  for (const auto& a : actives) {  // a catalog built by hand, without load_catalog
    if (std::find(a.lookup_keys.begin(), a.lookup_keys.end(), wanted) != a.lookup_keys.end()) return &a;
  }
  return nullptr;
}

NameMatch Catalog::match(std::string_view name) const {
  NameMatch m;
  if (const CatalogActive* a = find(name)) {
    m.kind = NameMatch::Kind::exact;
    m.active = a;
    m.name = a->name;
    return m;
  }
  const std::string key = name_key(name);
  const auto& looks = lookalikes.of(actives);
  for (std::size_t k = 0; k < actives.size(); ++k) {
    const auto& a = actives[k];
    for (std::size_t i = 0; i < looks[k].size(); ++i) {
      if (looks[k][i] != key) continue;
      m.kind = NameMatch::Kind::lookalike;
      m.active = &a;
      m.name = a.names[i];
      m.foreign = first_foreign_character(name);
      return m;
    }
  }
  for (const auto& a : actives) {
    for (const auto& n : a.names) {
      if (!near_miss(name, n)) continue;
      m.kind = NameMatch::Kind::near;
      m.active = &a;
      m.name = n;
      return m;
    }
  }
  return m;
}

std::vector<std::string> Catalog::all_names() const {
  std::vector<std::string> out;
  for (const auto& a : actives) out.insert(out.end(), a.names.begin(), a.names.end());
  return out;
}

struct LookalikeKeys::State {
  std::once_flag once;
  std::vector<std::vector<std::string>> keys;
};

LookalikeKeys::LookalikeKeys() : state_(std::make_unique<State>()) {}
LookalikeKeys::LookalikeKeys(const LookalikeKeys&) : state_(std::make_unique<State>()) {}
LookalikeKeys::LookalikeKeys(LookalikeKeys&&) noexcept = default;
LookalikeKeys& LookalikeKeys::operator=(const LookalikeKeys& other) {
  if (this != &other) state_ = std::make_unique<State>();
  return *this;
}
LookalikeKeys& LookalikeKeys::operator=(LookalikeKeys&&) noexcept = default;
LookalikeKeys::~LookalikeKeys() = default;

const std::vector<std::vector<std::string>>& LookalikeKeys::of(const std::vector<CatalogActive>& actives) const {
  std::call_once(state_->once, [&] {
    state_->keys.clear();
    for (const auto& a : actives) {
      std::vector<std::string> keys;
      keys.reserve(a.names.size());
      for (const auto& n : a.names) keys.push_back(name_key(n));
      state_->keys.push_back(std::move(keys));
    }
  });
  return state_->keys;
}

void LookalikeKeys::set(std::vector<std::vector<std::string>> keys) {
  state_ = std::make_unique<State>();
  std::call_once(state_->once, [&] { state_->keys = std::move(keys); });
}

Expected<Catalog, Diagnostics> detail::load_catalog(std::string_view text, const std::string& file,
                                                    std::optional<toml::table> parsed, NameCheck names) {
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics, std::move(parsed));
  auto root = r.parse_schema_1(text, {"schema", "active"}, "the catalog", "catalog");
  if (!root) return unexpected(std::move(diagnostics));
  std::vector<CatalogActive> actives;
  // every name, to refuse one naming two actives: a hash map, so that a catalog of 80,000
  // synonyms loads in linear time (a list searched for each name took 10 s)
  std::unordered_map<std::string, const toml::table*> seen;
  std::vector<std::vector<std::string>> keys;  // what each active's names look like
  for (const toml::table* t : r.tables(*root, "active", "the catalog")) {
    CatalogActive a = read_active(r, *t, names);
    a.names = {a.id, a.name};
    a.names.insert(a.names.end(), a.synonyms.begin(), a.synonyms.end());
    // a form's names are the active's too: "lidocaine hydrochloride" finds lidocaine (with
    // that form), and is compared for look-alikes, slips and names given twice like any other
    for (const auto& f : a.forms) {
      a.names.push_back(f.name);
      a.names.insert(a.names.end(), f.synonyms.begin(), f.synonyms.end());
    }
    std::vector<std::string> looks;
    for (const auto& n : a.names) {
      a.lookup_keys.push_back(folded_name(n));
      if (names == NameCheck::skip_lookalikes) continue;
      // two names a reader cannot tell apart are one name: compare what they look like
      std::string key = name_key(n);
      const auto [at, fresh] = seen.try_emplace(key, t);
      if (!fresh && at->second != t)
        r.error(t->source(), fmt::format("the name \"{}\" is given to two actives", n),
                "each id and synonym must name one active");
      looks.push_back(std::move(key));
    }
    if (names == NameCheck::lookalikes) keys.push_back(std::move(looks));
    actives.push_back(std::move(a));
  }
  if (has_errors(diagnostics)) {
    sort_by_position(diagnostics);
    return unexpected(std::move(diagnostics));
  }
  Catalog catalog = catalog_of(std::move(actives));
  if (names == NameCheck::lookalikes) catalog.lookalikes.set(std::move(keys));
  return catalog;
}

Catalog catalog_of(std::vector<CatalogActive> actives) {
  Catalog catalog;
  catalog.actives = std::move(actives);
  for (std::size_t i = 0; i < catalog.actives.size(); ++i)
    for (const auto& key : catalog.actives[i].lookup_keys) catalog.index.try_emplace(key, i);
  return catalog;
}

namespace {
std::vector<CatalogActive> (*prepared_shipped)() = nullptr;
}  // namespace

void use_prepared_shipped_catalog(std::vector<CatalogActive> (*prepared)()) { prepared_shipped = prepared; }

std::string_view shipped_catalog_text() { return detail::embedded_catalog_toml; }

// The look-alike check of the shipped catalog's names is left out at start: its text is fixed
// when mesomix is built, and the tests load it with every check (test_catalog.cpp, and `check`
// of formulations/). Its look-alike keys are worked out if a run asks. A program that was built
// with the catalog prepared as code (use_prepared_shipped_catalog) does not parse it at all: the
// code was written from this text loaded with every check, and a test holds the two equal.
const Catalog& shipped_catalog() {
  static const Catalog catalog =
      prepared_shipped
          ? catalog_of(prepared_shipped())
          : detail::shipped_or_throw(detail::load_catalog(detail::embedded_catalog_toml, "formulations/catalog.toml",
                                                          std::nullopt, detail::NameCheck::skip_lookalikes),
                                     "catalog");
  return catalog;
}

Expected<Catalog, Diagnostics> load_catalog(std::string_view text, const std::string& file) {
  return detail::load_catalog(text, file, std::nullopt);
}

}  // namespace mesomix
