// Structure, types and units of a protocol; the arithmetic's own consistency (a target
// above its stock, stocks overflowing the batch, ...) is checked where it is computed.
#include <algorithm>

#include <fmt/format.h>

#include "load/toml_reader.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/sha256.hpp"

namespace mesomix {
namespace {

using detail::Need;
using detail::TomlReader;

std::vector<std::string> catalog_names(const Catalog& catalog) {
  std::vector<std::string> names;
  for (const auto& a : catalog.actives) {
    names.push_back(a.id);
    names.insert(names.end(), a.synonyms.begin(), a.synonyms.end());
  }
  return names;
}

class ProtocolLoader {
 public:
  ProtocolLoader(TomlReader& r, const Catalog& catalog) : r_(r), catalog_(catalog) {}

  Protocol load(const toml::table& root) {
    Protocol p;
    r_.check_keys(root,
                  {"schema", "protocol", "component", "adjunct", "diluent", "batch", "injection", "course", "limits",
                   "instructions"},
                  "the protocol file");
    if (auto schema = r_.count(root, "schema", Need::required, "the protocol file", 1); schema && *schema != 1)
      r_.error(root.get("schema")->source(), fmt::format("schema {} is not known to this mesomix", *schema),
               "write schema = 1");
    if (const toml::table* t = r_.table(root, "protocol", Need::required, "the protocol file")) p.info = info(*t);
    for (const toml::table* t : r_.tables(root, "component", "the protocol file")) {
      if (auto c = component(*t)) p.components.push_back(std::move(*c));
    }
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
    if (const toml::table* t = r_.table(root, "limits", Need::optional, "the protocol file")) p.limits = limits(*t, p);
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
    r_.check_keys(t, {"active", "stock", "volume", "final", "product"}, where);
    Component c;
    c.at = detail::position_of(t.source());
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
    if (!active || !stock || (has_volume && !c.volume) || (has_final && !c.final_strength) || has_volume == has_final)
      return std::nullopt;
    c.active_written = *active;
    c.stock = *stock;
    c.stock_written = t.get("stock")->as_string()->get();
    if (const CatalogActive* known = catalog_.find(*active)) {
      c.active = known->id;
      c.in_catalog = true;
    } else {
      c.active = *active;
      auto hint = detail::did_you_mean(*active, catalog_names(catalog_));
      r_.warning(t.get("active")->source(),
                 fmt::format("active \"{}\" is not in the catalog: no limits or warnings are known for it", *active),
                 hint ? fmt::format("did you mean \"{}\"?", *hint) : "check the spelling, or add it to the catalog");
    }
    return c;
  }

  std::optional<Adjunct> adjunct(const toml::table& t) {
    constexpr std::string_view where = "[[adjunct]]";
    r_.check_keys(t, {"name", "volume"}, where);
    auto name = r_.text(t, "name", Need::required, where);
    auto volume = r_.quantity<Volume>(t, "volume", Need::required, where, parse_volume, Zero::refused, "mL");
    if (!name || !volume) return std::nullopt;
    return Adjunct{*name, *volume};
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
    return i;
  }

  Course course(const toml::table& t) {
    constexpr std::string_view where = "[course]";
    r_.check_keys(t, {"sessions", "session_minutes", "phase"}, where);
    Course c;
    c.sessions = r_.count(t, "sessions", Need::required, where, 1).value_or(0);
    c.session_minutes = r_.count(t, "session_minutes", Need::optional, where, 1, 1440);
    bool phases_ok = true;
    for (const toml::table* pt : r_.tables(t, "phase", where)) {
      r_.check_keys(*pt, {"sessions", "every"}, "[[course.phase]]");
      auto sessions = r_.count(*pt, "sessions", Need::required, "[[course.phase]]", 1);
      auto every = r_.quantity<Duration>(*pt, "every", Need::required, "[[course.phase]]", parse_duration,
                                         Zero::refused, "week");
      if (!sessions || !every) {
        phases_ok = false;
        continue;
      }
      c.phases.push_back({*sessions, *every, pt->get("every")->as_string()->get()});
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

  std::vector<ActiveLimits> limits(const toml::table& t, const Protocol& p) {
    std::vector<ActiveLimits> out;
    for (auto&& [key, node] : t) {
      const std::string where = fmt::format("[limits.{}]", key.str());
      const toml::table* lt = node.as_table();
      if (lt == nullptr) {
        r_.error(node.source(), fmt::format("limits.{} must be a table", key.str()),
                 fmt::format("write [limits.{}] with max_per_session = \"1 mg\" below", key.str()));
        continue;
      }
      r_.check_keys(*lt, {"max_per_injection", "max_per_session", "max_per_course"}, where);
      ActiveLimits l;
      l.at = detail::position_of(key.source());
      const CatalogActive* known = catalog_.find(key.str());
      l.active = known != nullptr ? known->id : std::string(key.str());
      l.limits.per_injection =
          r_.quantity<Mass>(*lt, "max_per_injection", Need::optional, where, parse_mass, Zero::refused, "mg");
      l.limits.per_session =
          r_.quantity<Mass>(*lt, "max_per_session", Need::optional, where, parse_mass, Zero::refused, "mg");
      l.limits.per_course =
          r_.quantity<Mass>(*lt, "max_per_course", Need::optional, where, parse_mass, Zero::refused, "mg");
      const bool used = std::any_of(p.components.begin(), p.components.end(),
                                    [&](const Component& c) { return c.active == l.active; });
      if (!used)
        r_.warning(key.source(), fmt::format("a limit for \"{}\", which no component of this protocol uses", key.str()),
                   "check the active's name against the components");
      out.push_back(std::move(l));
    }
    return out;
  }

  TomlReader& r_;
  const Catalog& catalog_;
};

}  // namespace

Expected<LoadedProtocol, Diagnostics> load_protocol(std::string_view text, const std::string& file,
                                                    const Catalog& catalog) {
  Diagnostics diagnostics;
  TomlReader reader(file, diagnostics);
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

}  // namespace mesomix
