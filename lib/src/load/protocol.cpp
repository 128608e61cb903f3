// Structure, types and units of a protocol; the arithmetic's own consistency (a target
// above its stock, stocks overflowing the batch, ...) is checked where it is computed.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "load/parsed.hpp"
#include "load/toml_reader.hpp"
#include "mesomix/format.hpp"
#include "mesomix/names.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/sha256.hpp"

namespace mesomix {
namespace {

using detail::Need;
using detail::TomlReader;

// protocol-format.md, "Plausibility": what no solution, syringe or session can be.
const Strength& densest_solution() {
  static const Strength s = mg_per_ml(1000);
  return s;
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80U) != 0;
  });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string without_final_stop(std::string s) {
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The strengths a product's text states ("Finasteride 0.05 % w/v, 2 mL ampoule" states
// 0.05 % w/v): a number followed by %, or by a mass per volume. Label spellings are accepted
// here ("ml", a bare "%", a decimal comma): this reads a label, it is not the protocol's grammar.
struct StatedStrength {
  Strength strength;
  std::string written;
};

std::vector<StatedStrength> stated_strengths(std::string_view text) {
  std::vector<StatedStrength> out;
  auto skip = [&](std::size_t i) {
    while (i < text.size() && text[i] == ' ') ++i;
    return i;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == ','))) continue;
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j + 1 < text.size() && (text[j] == '.' || text[j] == ',') && is_digit(text[j + 1])) {
      ++j;
      while (j < text.size() && is_digit(text[j])) ++j;
    }
    std::string number(text.substr(i, j - i));
    std::replace(number.begin(), number.end(), ',', '.');
    std::size_t k = skip(j);
    std::string unit;
    std::size_t end = k;
    if (k < text.size() && text[k] == '%') {
      unit = "% w/v";  // a label's bare % on an injectable solution is w/v
      end = k + 1;
      k = skip(k + 1);
      if (text.substr(k, 3) == "w/w" || text.substr(k, 3) == "v/v") continue;
      if (text.substr(k, 3) == "w/v") end = k + 3;
    } else {
      std::size_t m = k;
      while (m < text.size() && std::isalpha(static_cast<unsigned char>(text[m]))) ++m;
      const std::string_view mass = text.substr(k, m - k);
      if (mass != "mg" && mass != "mcg" && mass != "g" && mass != "ug") continue;
      m = skip(m);
      if (m >= text.size() || text[m] != '/') continue;
      m = skip(m + 1);
      std::size_t v = m;
      while (v < text.size() && (is_digit(text[v]) || text[v] == '.')) ++v;
      const std::string per(text.substr(m, v - m));
      v = skip(v);
      std::size_t e = v;
      while (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e]))) ++e;
      std::string volume(text.substr(v, e - v));
      if (volume == "ml" || volume == "ML") volume = "mL";
      if (volume != "mL" && volume != "L") continue;
      unit = fmt::format("{}/{}{}{}", mass, per, per.empty() ? "" : " ", volume);
      end = e;
    }
    if (auto strength = parse_strength(number + " " + unit))
      out.push_back({*strength, std::string(text.substr(i, end - i))});
  }
  return out;
}

class ProtocolLoader {
 public:
  ProtocolLoader(TomlReader& r, const Catalog& catalog) : r_(r), catalog_(catalog) {}

  Protocol load(const toml::table& root) {
    Protocol p;
    r_.check_keys(root,
                  {"schema", "protocol", "component", "adjunct", "diluent", "batch", "injection", "course", "stability",
                   "limits", "instructions"},
                  "the protocol file");
    if (auto schema = r_.count(root, "schema", Need::required, "the protocol file", 1); schema && *schema != 1)
      r_.error(root.get("schema")->source(), fmt::format("schema {} is not known to this mesomix", *schema),
               "write schema = 1");
    if (const toml::table* t = r_.table(root, "protocol", Need::required, "the protocol file")) p.info = info(*t);
    for (const toml::table* t : r_.tables(root, "component", "the protocol file")) {
      if (auto c = component(*t)) p.components.push_back(std::move(*c));
    }
    one_form_per_active(p.components);
    same_stock_twice(p.components);
    for (const toml::table* t : r_.tables(root, "adjunct", "the protocol file")) {
      if (auto a = adjunct(*t)) p.adjuncts.push_back(std::move(*a));
    }
    if (const toml::table* t = r_.table(root, "batch", Need::optional, "the protocol file")) {
      r_.check_keys(*t, {"volume"}, "[batch]");
      p.batch_volume = r_.quantity<Volume>(*t, "volume", Need::required, "[batch]", parse_volume, Zero::refused, "mL");
      p.batch_at = r_.where_is(*t, "volume");
    }
    if (const toml::table* t = r_.table(root, "diluent", Need::optional, "the protocol file"))
      p.diluent = diluent(*t, p);
    // by the tables written, not those that loaded: a broken component is no mechanical protocol
    const bool mechanical = !root.contains("component") && !root.contains("adjunct");
    if (mechanical && (root.get("batch") != nullptr || root.get("diluent") != nullptr))
      r_.error(root.get(root.get("batch") != nullptr ? "batch" : "diluent")->source(),
               "a protocol with no [[component]] and no [[adjunct]] has no cocktail to make up",
               "add the components, or remove [batch] and [diluent] for a mechanical protocol");
    for (std::size_t i = 0; i < p.components.size(); ++i) {
      const Component& c = p.components[i];
      if (c.final_strength && root.get("batch") == nullptr)
        r_.error_at(c.final_at, "a target strength (final) needs [batch] volume to dilute to",
                    "add [batch] volume = \"10 mL\", or give this component a volume");
    }
    const Need need_injection = mechanical ? Need::optional : Need::required;
    if (const toml::table* t = r_.table(root, "injection", need_injection, "the protocol file"))
      p.injection = injection(*t);
    if (const toml::table* t = r_.table(root, "course", Need::required, "the protocol file")) p.course = course(*t);
    if (const toml::table* t = r_.table(root, "stability", Need::optional, "the protocol file"))
      p.stability = stability(*t);
    if (const toml::table* t = r_.table(root, "limits", Need::optional, "the protocol file")) {
      const auto* written = root.get("component") != nullptr ? root.get("component")->as_array() : nullptr;
      const bool components_loaded = !active_refused_ && (written == nullptr || written->size() == p.components.size());
      p.limits = limits(*t, p, components_loaded);
    }
    if (const toml::table* t = r_.table(root, "instructions", Need::optional, "the protocol file")) {
      r_.check_keys(*t, {"before", "after", "contraindications"}, "[instructions]");
      p.instructions.before = r_.texts(*t, "before", "[instructions]").value_or(std::vector<std::string>{});
      p.instructions.after = r_.texts(*t, "after", "[instructions]").value_or(std::vector<std::string>{});
      p.instructions.contraindications =
          r_.texts(*t, "contraindications", "[instructions]").value_or(std::vector<std::string>{});
    }
    return p;
  }

 private:
  ProtocolInfo info(const toml::table& t) {
    ProtocolInfo i;
    r_.check_keys(t, {"id", "title", "version", "indication", "authors", "references"}, "[protocol]");
    i.id = r_.text(t, "id", Need::required, "[protocol]").value_or("");
    if (!i.id.empty() && !detail::valid_id(i.id))
      r_.error(t.get("id")->source(), fmt::format("protocol id \"{}\" is not of the form [a-z0-9][a-z0-9-]*", i.id),
               "use lower-case letters, digits and hyphens, e.g. \"hair-classic-5\"");
    i.title = r_.text(t, "title", Need::required, "[protocol]").value_or("");
    i.version = r_.text(t, "version", Need::required, "[protocol]").value_or("");
    i.indication = r_.text(t, "indication", Need::optional, "[protocol]").value_or("");
    i.authors = r_.texts(t, "authors", "[protocol]").value_or(std::vector<std::string>{});
    i.references = r_.texts(t, "references", "[protocol]").value_or(std::vector<std::string>{});
    return i;
  }

  std::optional<Component> component(const toml::table& t) {
    constexpr std::string_view where = "[[component]]";
    r_.check_keys(t, {"active", "stock", "volume", "final", "product", "acknowledged", "form", "presentation"}, where);
    Component c;
    c.at = detail::position_of(t.source());
    c.active_at = r_.where_is(t, "active");
    c.stock_at = r_.where_is(t, "stock");
    auto active = r_.text(t, "active", Need::required, where);
    auto stock = r_.quantity<Strength>(t, "stock", Need::required, where, parse_strength, Zero::refused, "mg/mL");
    const bool has_volume = t.contains("volume");
    const bool has_final = t.contains("final");
    if (has_volume && has_final)
      r_.error(t.get("final")->source(), "a component takes volume (parts mode) or final (target mode), not both",
               "keep one of the two");
    if (!has_volume && !has_final)
      r_.error(t.source(), "[[component]] needs \"volume\" (parts mode) or \"final\" (target mode)",
               "add volume = \"1 mL\", or final = \"0.2 % w/v\" with a [batch] volume");
    if (has_volume)
      c.volume = r_.quantity<Volume>(t, "volume", Need::required, where, parse_volume, Zero::refused, "mL");
    if (has_final) {
      c.final_strength =
          r_.quantity<Strength>(t, "final", Need::required, where, parse_strength, Zero::refused, "mg/mL");
      c.final_at = r_.where_is(t, "final");
    }
    c.product = r_.text(t, "product", Need::optional, where).value_or("");
    std::optional<std::string> form;
    if (t.contains("form")) {
      form = r_.text(t, "form", Need::required, where);
      c.form_at = r_.where_is(t, "form");
    }
    c.presentation = r_.quantity<Volume>(t, "presentation", Need::optional, where, parse_volume, Zero::refused, "mL");
    c.acknowledged = r_.text(t, "acknowledged", Need::optional, where).value_or("");
    if (t.contains("acknowledged") && !has_letter(c.acknowledged))
      r_.error(t.get("acknowledged")->source(), "\"acknowledged\" needs a reason in words",
               "write who decided to use this active, and why");
    if (stock) physical_strength(*stock, c.stock_at, "stock");
    if (c.final_strength) physical_strength(*c.final_strength, c.final_at, "final");
    if (stock && !c.product.empty()) product_agrees(c.product, *stock, t);
    if (!active || !stock || (has_volume && !c.volume) || (has_final && !c.final_strength) || has_volume == has_final)
      return std::nullopt;
    c.active_written = *active;
    c.stock = *stock;
    c.stock_written = t.get("stock")->as_string()->get();
    if (resolve_active(c, *t.get("active")) && form) resolve_form(c, *form);
    return c;
  }

  // protocol-format.md, "Text and names": a catalog name, a look-alike of one (refused), a
  // slip for one (refused, "did you mean"), or an active the catalog does not know (a warning).
  // A name of a salt form is its active with that form. False when the name is refused.
  bool resolve_active(Component& c, const toml::node& active) {
    const NameMatch m = catalog_.match(c.active_written);
    c.active = c.active_written;
    switch (m.kind) {
      case NameMatch::Kind::exact:
        c.active = m.active->id;
        c.in_catalog = true;
        if (const SaltForm* f = m.active->form_named(c.active_written)) {
          c.form = f->name;
          c.base_per_form = f->base_per_form;
        }
        acknowledgement(c, *m.active, active);
        return true;
      case NameMatch::Kind::lookalike:
        r_.error(active.source(),
                 fmt::format("active \"{}\" looks like {} but contains {}", c.active_written, m.name,
                             m.foreign.value_or("letters of another script")),
                 fmt::format("write \"{}\" in Latin letters", m.name));
        active_refused_ = true;
        return false;
      case NameMatch::Kind::near:
        r_.error(active.source(), fmt::format("active \"{}\" is not in the catalog", c.active_written),
                 fmt::format("did you mean \"{}\"?", m.name));
        active_refused_ = true;
        return false;
      case NameMatch::Kind::unknown:
        r_.warning(active.source(),
                   fmt::format("active \"{}\" is not in the catalog: no limits or warnings are known for it",
                               c.active_written),
                   "check the spelling, or add it to the catalog");
        return true;
    }
    return true;
  }

  // protocol-format.md, "Salt forms": `form` names one of the active's forms in the catalog,
  // whose molar masses give the factor to the base; anything else would count a salt as base.
  void resolve_form(Component& c, const std::string& written) {
    const CatalogActive* known = c.in_catalog ? catalog_.find(c.active) : nullptr;
    if (known == nullptr) {
      r_.error_at(c.form_at,
                  fmt::format("form \"{}\": \"{}\" is not in the catalog, so no molar mass converts it to the base",
                              written, c.active_written),
                  "write the stock's strength as the base, or add the active and its forms to the catalog");
      return;
    }
    const SaltForm* f = known->form_named(written);
    if (f == nullptr && known->is_base_name(written)) {
      r_.error_at(c.form_at, fmt::format("form \"{}\" is {} itself, the base", written, known->name),
                  "remove form: a stock without form is of the base");
      return;
    }
    if (f == nullptr) {
      std::vector<std::string> names;
      std::string listed;
      for (const auto& known_form : known->forms) {
        names.push_back(known_form.name);
        listed += fmt::format("{}\"{}\"", listed.empty() ? "" : ", ", known_form.name);
      }
      const auto close = detail::did_you_mean(written, names);
      r_.error_at(c.form_at, fmt::format("\"{}\" is not a form of {} in the catalog", written, known->name),
                  names.empty() ? std::string("write the stock's strength as the base, or add the form to the catalog")
                  : close ? fmt::format("did you mean \"{}\"? The forms of {} are {}", *close, known->name, listed)
                          : fmt::format("the forms of {} are {}; or write the stock's strength as the base",
                                        known->name, listed));
      return;
    }
    if (!c.form.empty() && c.form != f->name) {
      r_.error_at(
          c.form_at,
          fmt::format("form \"{}\" disagrees with the active \"{}\", which is {}", written, c.active_written, c.form),
          fmt::format("write active = \"{}\" with the form of the label, or remove form", known->id));
      return;
    }
    c.form = f->name;
    c.base_per_form = f->base_per_form;
  }

  // One active, one form (decisions.md): the components of an active add up, and the sum of
  // a salt and its base, or of two salts, is a figure of neither.
  // Each component is held to the first of its active: a hash map, as a protocol at the size
  // cap has thousands of components and comparing every pair took seconds.
  void one_form_per_active(const std::vector<Component>& components) {
    std::unordered_map<std::string_view, std::size_t> first;
    for (std::size_t i = 0; i < components.size(); ++i) {
      const auto [at, fresh] = first.try_emplace(components[i].active, i);
      if (fresh) continue;
      const Component& a = components[at->second];
      const Component& b = components[i];
      if (a.form == b.form) continue;
      auto as = [](const Component& c) {
        return c.form.empty() ? std::string("the base") : fmt::format("\"{}\"", c.form);
      };
      r_.error_at(b.form_at.line != 0 ? b.form_at : b.active_at,
                  fmt::format("{} is written as {} at line {} and as {} here: the components of one active are of "
                              "one form",
                              b.active, as(a), a.active_at.line, as(b)),
                  "write both stocks as the same form (convert one strength), so that they add up like with like");
    }
  }

  // protocol-format.md, "Withdrawn and suspended actives".
  void acknowledgement(const Component& c, const CatalogActive& known, const toml::node& active) {
    if (known.withdrawn_or_suspended() && c.acknowledged.empty())
      r_.error(active.source(),
               fmt::format("{} is {}: {}", known.name,
                           known.status.state == MarketStatus::withdrawn ? "withdrawn" : "suspended",
                           without_final_stop(known.status.text)),
               "if it is used all the same, say so in this [[component]]: acknowledged = \"who decided, and why\"");
    if (!known.withdrawn_or_suspended() && !c.acknowledged.empty())
      r_.warning(active.source(),
                 fmt::format("\"acknowledged\" is for a withdrawn or suspended active; {} is neither", known.name),
                 "remove acknowledged");
  }

  void physical_strength(const Strength& s, SourcePos at, std::string_view key) {
    if (s > densest_solution())
      r_.error_at(at,
                  fmt::format("\"{}\" is {}, above 1,000 mg/mL (100 % w/v): no solution is that dense", key,
                              format_strength(s, Precision::exact)),
                  "check the number and the unit; a ratio 1:N is 1 g in N mL");
  }

  // protocol-format.md: a product text that states a strength must state the stock's.
  void product_agrees(const std::string& product, const Strength& stock, const toml::table& t) {
    const std::vector<StatedStrength> stated = stated_strengths(product);
    if (stated.empty() ||
        std::any_of(stated.begin(), stated.end(), [&](const StatedStrength& s) { return s.strength == stock; }))
      return;
    r_.error(t.get("stock")->source(),
             fmt::format("the stock is {} but the product says {} ({}): the label and the number disagree",
                         t.get("stock")->as_string()->get(), stated.front().written,
                         format_strength(stated.front().strength, Precision::exact)),
             "write the strength on the product's label as the stock, or correct the product");
  }

  // Two components of one active with one stock: most often an ampoule entered twice.
  void same_stock_twice(const std::vector<Component>& components) {
    // the first component of each active, form and stock (a hash map, as above)
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < components.size(); ++i) {
      const Component& b = components[i];
      const auto [at, fresh] = first.try_emplace(same_stock_key(b.active, b.form, b.stock), i);
      if (fresh) continue;
      const Component& a = components[at->second];
      r_.warning_at(
          b.stock_at,
          fmt::format("the same stock twice: {} {} also at line {}: intended?", b.form.empty() ? b.active : b.form,
                      format_strength(b.stock, Precision::exact), a.stock_at.line),
          "two components of one active add up; remove one if the ampoule was entered twice");
    }
  }

  std::optional<Adjunct> adjunct(const toml::table& t) {
    constexpr std::string_view where = "[[adjunct]]";
    r_.check_keys(t, {"name", "volume", "bedside"}, where);
    auto name = r_.text(t, "name", Need::required, where);
    auto volume = r_.quantity<Volume>(t, "volume", Need::required, where, parse_volume, Zero::refused, "mL");
    const bool bedside = r_.flag(t, "bedside", Need::optional, where).value_or(false);
    if (!name || !volume) return std::nullopt;
    return Adjunct{*name, *volume, bedside};
  }

  Diluent diluent(const toml::table& t, const Protocol& p) {
    constexpr std::string_view where = "[diluent]";
    r_.check_keys(t, {"name", "volume"}, where);
    Diluent d;
    d.at = detail::position_of(t.source());
    d.name = r_.text(t, "name", Need::required, where).value_or("");
    if (t.contains("volume") && p.batch_volume)
      r_.error(t.get("volume")->source(),
               "[diluent] volume may not be given with [batch]: the diluent fills the batch up (q.s. ad)",
               "remove the diluent's volume, or remove [batch]");
    else
      d.volume = r_.quantity<Volume>(t, "volume", Need::optional, where, parse_volume, Zero::allowed, "mL");
    return d;
  }

  std::optional<Injection> injection(const toml::table& t) {
    constexpr std::string_view where = "[injection]";
    r_.check_keys(t,
                  {"technique", "volume_per_point", "points_per_session", "session_volume", "dead_volume_per_session",
                   "needle", "depth"},
                  where);
    Injection i;
    i.technique = r_.text(t, "technique", Need::optional, where).value_or("");
    auto per_point =
        r_.quantity<Volume>(t, "volume_per_point", Need::required, where, parse_volume, Zero::refused, "mL");
    const bool has_points = t.contains("points_per_session");
    const bool has_volume = t.contains("session_volume");
    if (has_points == has_volume)
      r_.error(has_points ? t.get("session_volume")->source() : t.source(),
               has_points ? "give points_per_session or session_volume, not both"
                          : "[injection] needs points_per_session or session_volume",
               has_points ? "keep one of the two" : "add points_per_session = 60");
    if (has_points) i.points_per_session = r_.count(t, "points_per_session", Need::required, where, 1, 10000);
    if (has_volume) {
      i.session_volume =
          r_.quantity<Volume>(t, "session_volume", Need::required, where, parse_volume, Zero::refused, "mL");
      i.session_volume_at = r_.where_is(t, "session_volume");
    }
    auto dead =
        r_.quantity<Volume>(t, "dead_volume_per_session", Need::optional, where, parse_volume, Zero::allowed, "mL");
    i.needle = r_.text(t, "needle", Need::optional, where).value_or("");
    i.depth = r_.quantity<Length>(t, "depth", Need::optional, where, parse_length, Zero::refused, "mm");
    if (!per_point || (has_points == has_volume) || (has_points && !i.points_per_session) ||
        (has_volume && !i.session_volume))
      return std::nullopt;
    i.volume_per_point = *per_point;
    i.dead_volume_per_session = dead.value_or(millilitres(0));
    physical_injection(t, i);
    return i;
  }

  // protocol-format.md, "Plausibility": whatever the active, no syringe and no scalp takes these.
  void physical_injection(const toml::table& t, const Injection& i) {
    if (i.volume_per_point < microlitres(5) || i.volume_per_point > microlitres(500))
      r_.error(t.get("volume_per_point")->source(),
               fmt::format("volume_per_point {} is outside 0.005 to 0.5 mL: no intradermal point takes that",
                           format_volume(i.volume_per_point, Precision::exact)),
               "check the number and the unit (mL, not L; mcL, not mL)");
    const Volume session = i.session_volume ? *i.session_volume : i.volume_per_point * Exact(*i.points_per_session);
    const char* session_key = i.session_volume ? "session_volume" : "points_per_session";
    const bool per_point_ok = i.volume_per_point <= microlitres(500);  // else that one error says it
    if (session > millilitres(50) && per_point_ok)
      r_.error(t.get(session_key)->source(),
               fmt::format("a session of {} is above 50 mL: no session injects that much",
                           format_volume(session, Precision::exact)),
               "check the points and the volume per point");
    if (i.dead_volume_per_session > session && t.contains("dead_volume_per_session"))
      r_.error(t.get("dead_volume_per_session")->source(),
               fmt::format("the dead volume {} is larger than the session's {}",
                           format_volume(i.dead_volume_per_session, Precision::exact),
                           format_volume(session, Precision::exact)),
               "the dead volume is what the hub and needle keep: a fraction of a millilitre");
  }

  Course course(const toml::table& t) {
    constexpr std::string_view where = "[course]";
    r_.check_keys(t, {"sessions", "session_minutes", "phase", "every"}, where);
    Course c;
    c.sessions = r_.count(t, "sessions", Need::required, where, 1).value_or(0);
    c.session_minutes = r_.count(t, "session_minutes", Need::optional, where, 1, 1440);
    bool phases_ok = true;
    for (const toml::table* pt : r_.tables(t, "phase", where)) {
      r_.check_keys(*pt, {"sessions", "every"}, "[[course.phase]]");
      auto sessions = r_.count(*pt, "sessions", Need::required, "[[course.phase]]", 1);
      auto every = r_.quantity<Duration>(*pt, "every", Need::required, "[[course.phase]]", parse_duration,
                                         Zero::refused, "week");
      if (every && !whole_days(*every, *pt->get("every"))) every.reset();
      if (!sessions || !every) {
        phases_ok = false;
        continue;
      }
      c.phases.push_back({*sessions, *every, pt->get("every")->as_string()->get()});
    }
    if (t.contains("every")) {
      if (t.contains("phase"))
        r_.error(t.get("every")->source(), "[course] every is for a course without phases; each phase has its own",
                 "remove [course] every, or the phases");
      else if (auto every =
                   r_.quantity<Duration>(t, "every", Need::required, where, parse_duration, Zero::refused, "week");
               every && whole_days(*every, *t.get("every"))) {
        c.every = *every;
        c.every_written = t.get("every")->as_string()->get();
      }
    }
    if (phases_ok && !c.phases.empty() && c.sessions > 0) {
      std::int64_t sum = 0;
      for (const auto& ph : c.phases) sum += ph.sessions;
      if (sum != c.sessions)
        r_.error(t.get("phase")->source(),
                 fmt::format("the phases add up to {} sessions, but [course] sessions is {}", sum, c.sessions),
                 "make the phases' sessions add up to the course's");
    }
    return c;
  }

  // A session interval: at least a day, and whole days, since the schedule counts days.
  bool whole_days(const Duration& every, const toml::node& at) {
    const Exact days = in_seconds(every) / 86400;
    if (days < 1) {
      const std::string written = at.is_string() ? at.as_string()->get() : std::string("that");
      r_.error(at.source(), fmt::format("\"every\": sessions {} apart are less than a day apart", written),
               "write the interval in days or weeks, e.g. \"1 week\"");
      return false;
    }
    if (!is_integer(days)) {
      r_.error(at.source(), "\"every\" is not a whole number of days: the schedule counts days",
               "write the interval in days or weeks, e.g. \"10 d\"");
      return false;
    }
    return true;
  }

  Stability stability(const toml::table& t) {
    constexpr std::string_view where = "[stability]";
    r_.check_keys(t, {"max_bud"}, where);
    Stability s;
    s.at = r_.where_is(t, "max_bud");
    s.max_bud = r_.quantity<Duration>(t, "max_bud", Need::required, where, parse_duration, Zero::refused, "d");
    if (s.max_bud) s.max_bud_written = t.get("max_bud")->as_string()->get();
    return s;
  }

  std::vector<ActiveLimits> limits(const toml::table& t, const Protocol& p, bool components_loaded) {
    std::vector<ActiveLimits> out;
    for (auto&& [key, node] : t) {
      const std::string where = fmt::format("[limits.{}]", key.str());
      const toml::table* lt = node.as_table();
      if (lt == nullptr) {
        r_.error(node.source(), fmt::format("limits.{} must be a table", key.str()),
                 fmt::format("write [limits.{}] with max_per_session = \"1 mg\" below", key.str()));
        continue;
      }
      r_.check_keys(*lt,
                    {"max_per_injection", "max_per_session", "max_per_course", "max_per_injection_per_kg",
                     "max_per_session_per_kg"},
                    where);
      ActiveLimits l;
      l.at = detail::position_of(key.source());
      l.written = std::string(key.str());
      l.limits.per_injection =
          r_.quantity<Mass>(*lt, "max_per_injection", Need::optional, where, parse_mass, Zero::refused, "mg");
      l.limits.per_session =
          r_.quantity<Mass>(*lt, "max_per_session", Need::optional, where, parse_mass, Zero::refused, "mg");
      l.limits.per_course =
          r_.quantity<Mass>(*lt, "max_per_course", Need::optional, where, parse_mass, Zero::refused, "mg");
      l.limits.per_injection_per_kg = r_.quantity<Mass>(*lt, "max_per_injection_per_kg", Need::optional, where,
                                                        parse_mass_per_kg, Zero::refused, "mg/kg");
      l.limits.per_session_per_kg = r_.quantity<Mass>(*lt, "max_per_session_per_kg", Need::optional, where,
                                                      parse_mass_per_kg, Zero::refused, "mg/kg");
      if (lt->empty())
        r_.error(key.source(), fmt::format("{} sets no limit", where), "add max_per_session = \"1 mg\" or remove it");
      if (resolve_limit(l, key, p, components_loaded)) out.push_back(std::move(l));
    }
    return out;
  }

  // protocol-format.md, "Limits resolve, or the file is refused": a cap that binds nothing is a
  // cap the prescriber thinks is there.
  bool resolve_limit(ActiveLimits& l, const toml::key& key, const Protocol& p, bool components_loaded) {
    const NameMatch m = catalog_.match(l.written);
    if (m.kind == NameMatch::Kind::lookalike) {
      r_.error(key.source(),
               fmt::format("[limits.{}] looks like {} but contains {}", l.written, m.name,
                           m.foreign.value_or("letters of another script")),
               fmt::format("write [limits.{}] in Latin letters", m.active->id));
      return false;
    }
    l.active = m.kind == NameMatch::Kind::exact ? m.active->id : l.written;
    // [limits."lidocaine hydrochloride"] gives figures of the salt: held, like every limit, as the base
    if (m.kind == NameMatch::Kind::exact)
      if (const SaltForm* f = m.active->form_named(l.written)) {
        l.form = f->name;
        for (auto* q : {&l.limits.per_injection, &l.limits.per_session, &l.limits.per_course,
                        &l.limits.per_injection_per_kg, &l.limits.per_session_per_kg})
          if (*q) **q = **q * f->base_per_form;
      }
    for (const auto& c : p.components) {
      if (c.active == l.active) return true;
      // an active the catalog lacks binds by its name as written, compared as a reader would
      if (!c.in_catalog && m.kind != NameMatch::Kind::exact &&
          folded_name(c.active_written) == folded_name(l.written)) {
        l.active = c.active;
        return true;
      }
    }
    if (!components_loaded) return false;  // the components' own errors come first
    std::vector<std::string> used;
    for (const auto& c : p.components) {
      const std::string name = c.in_catalog ? c.active : c.active_written;
      if (std::find(used.begin(), used.end(), name) == used.end()) used.push_back(name);
    }
    std::optional<std::string> hint;
    for (const auto& name : used)
      if (near_miss(l.written, name) || (m.active != nullptr && m.active->id == name)) hint = name;
    if (!hint && m.kind == NameMatch::Kind::near) {
      for (const auto& name : used)
        if (name == m.active->id) hint = name;
    }
    if (!hint) hint = detail::did_you_mean(l.written, used);
    std::string listed;
    for (const auto& name : used) listed += (listed.empty() ? "" : ", ") + name;
    r_.error(key.source(),
             fmt::format("[limits.{}] binds nothing: no component of this protocol is {}", l.written,
                         m.kind == NameMatch::Kind::exact ? m.active->id : fmt::format("\"{}\"", l.written)),
             hint ? fmt::format("did you mean [limits.{}]?", *hint)
                  : (used.empty() ? std::string("remove the limit")
                                  : fmt::format("a limit names one of the protocol's actives: {}", listed)));
    return false;
  }

  TomlReader& r_;
  const Catalog& catalog_;
  bool active_refused_ = false;  // a look-alike or a slip: limits are then not held to bind
};

}  // namespace

Expected<LoadedProtocol, Diagnostics> detail::load_protocol(std::string_view text, const std::string& file,
                                                            const Catalog& catalog, std::optional<toml::table> parsed) {
  Diagnostics diagnostics;
  TomlReader reader(file, diagnostics, std::move(parsed));
  auto root = reader.parse(text);
  if (!root) return unexpected(std::move(diagnostics));
  ProtocolLoader loader(reader, catalog);
  Protocol protocol = loader.load(*root);
  sort_by_position(diagnostics);
  if (has_errors(diagnostics)) return unexpected(std::move(diagnostics));
  protocol.file = file;
  protocol.sha256 = sha256_hex(text);
  return LoadedProtocol{std::move(protocol), std::move(diagnostics)};
}

std::string same_stock_key(std::string_view active, std::string_view form, const Strength& stock) {
  const Exact mg_per_ml = in_mg_per_ml(stock);
  std::string key;
  key.reserve(active.size() + form.size() + 24);
  key.append(active).append(1, '\x1f').append(form).append(1, '\x1f');
  key += mg_per_ml.is_small() ? std::to_string(mg_per_ml.small_numerator()) : mg_per_ml.numerator().str();
  key += '/';
  key += mg_per_ml.is_small() ? std::to_string(mg_per_ml.small_denominator()) : mg_per_ml.denominator().str();
  return key;
}

Expected<LoadedProtocol, Diagnostics> load_protocol(std::string_view text, const std::string& file,
                                                    const Catalog& catalog) {
  return detail::load_protocol(text, file, catalog, std::nullopt);
}

}  // namespace mesomix
