#include "mesomix/batch.hpp"

#include <fmt/format.h>

#include "load/toml_reader.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/sha256.hpp"

namespace mesomix {
namespace {

using detail::Need;

Date date_of(const toml::date& d) { return {d.year, d.month, d.day}; }

DateTime date_time_of(const toml::date_time& t) { return {date_of(t.date), t.time.hour, t.time.minute, t.time.second}; }

std::optional<SourcedItem> sourced(detail::TomlReader& r, const toml::table& t, std::string_view where,
                                   bool with_active) {
  if (with_active)
    r.check_keys(t, {"active", "product", "manufacturer", "lot", "expiry"}, where);
  else
    r.check_keys(t, {"product", "manufacturer", "lot", "expiry"}, where);
  SourcedItem item;
  item.at = detail::position_of(t.source());
  std::optional<std::string> active = with_active ? r.text(t, "active", Need::required, where) : std::string();
  auto product = r.text(t, "product", Need::required, where);
  auto manufacturer = r.text(t, "manufacturer", Need::required, where);
  auto lot = r.text(t, "lot", Need::required, where);
  auto expiry = r.date(t, "expiry", Need::required, where);
  if (!active || !product || !manufacturer || !lot || !expiry) return std::nullopt;
  item.active = *active;
  item.product = *product;
  item.manufacturer = *manufacturer;
  item.lot = *lot;
  item.expiry = date_of(*expiry);
  item.expiry_at = r.where_is(t, "expiry");
  return item;
}

std::optional<CompoundingConditions> compounding(detail::TomlReader& r, const toml::table& t) {
  constexpr std::string_view where = "[compounding]";
  r.check_keys(t, {"category", "immediate_use", "storage", "sterile_components", "sterility_tested"}, where);
  CompoundingConditions c;
  c.from = "batch file";
  const bool immediate = r.flag(t, "immediate_use", Need::optional, where).value_or(false);
  bool ok = true;
  if (immediate && t.contains("category")) {
    r.error(t.get("immediate_use")->source(), "give category or immediate_use = true, not both",
            "keep the one that describes how it was compounded");
    ok = false;
  } else if (immediate) {
    c.category = Category::immediate_use;
  } else if (auto category = r.count(t, "category", Need::required, where, 1, 2)) {
    c.category = *category == 1 ? Category::one : Category::two;
  } else {
    ok = false;
  }
  if (auto storage = r.text(t, "storage", Need::required, where)) {
    if (auto s = storage_from(*storage))
      c.storage = *s;
    else {
      r.error(t.get("storage")->source(), fmt::format("storage \"{}\" is not known", *storage),
              "write \"room\", \"refrigerated\" or \"frozen\"");
      ok = false;
    }
  } else {
    ok = false;
  }
  c.sterile_components = r.flag(t, "sterile_components", Need::optional, where).value_or(false);
  c.sterility_tested = r.flag(t, "sterility_tested", Need::optional, where).value_or(false);
  if (!ok) return std::nullopt;
  return c;
}

}  // namespace

Expected<Batch, Diagnostics> load_batch(std::string_view text, const std::string& file) {
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics);
  auto root = r.parse(text);
  if (!root) return unexpected(std::move(diagnostics));
  r.check_keys(*root, {"schema", "batch", "compounding", "component", "diluent"}, "the batch file");
  if (auto schema = r.count(*root, "schema", Need::required, "the batch file", 1); schema && *schema != 1)
    r.error(root->get("schema")->source(), fmt::format("batch schema {} is not known", *schema), "write schema = 1");
  Batch b;
  b.file = file;
  if (const toml::table* t = r.table(*root, "batch", Need::required, "the batch file")) {
    constexpr std::string_view where = "[batch]";
    r.check_keys(*t,
                 {"lot", "prepared", "preparer", "verifier", "first_session", "sessions", "volume", "bud", "storage"},
                 where);
    b.at = detail::position_of(t->source());
    b.lot = r.text(*t, "lot", Need::required, where).value_or("");
    if (auto prepared = r.date_time(*t, "prepared", Need::required, where)) b.prepared = date_time_of(*prepared);
    b.prepared_at = r.where_is(*t, "prepared");
    b.first_session = r.count(*t, "first_session", Need::optional, where, 1).value_or(1);
    b.first_session_at = t->contains("first_session") ? r.where_is(*t, "first_session") : b.at;
    b.preparer = r.text(*t, "preparer", Need::required, where).value_or("");
    b.verifier = r.text(*t, "verifier", Need::required, where).value_or("");
    b.verifier_at = r.where_is(*t, "verifier");
    if (t->contains("sessions") && t->contains("volume"))
      r.error(t->get("volume")->source(), "give sessions or volume, not both",
              "keep the one the preparation was scaled to");
    else if (!t->contains("sessions") && !t->contains("volume"))
      r.error(t->source(), "[batch] needs sessions or volume: what the preparation was scaled to", "add sessions = 10");
    b.sessions = r.count(*t, "sessions", Need::optional, where, 1);
    b.volume = r.quantity<Volume>(*t, "volume", Need::optional, where, parse_volume, Zero::refused, "mL");
    if (auto bud = r.date_time(*t, "bud", Need::required, where)) b.bud = date_time_of(*bud);
    b.bud_at = r.where_is(*t, "bud");
    b.storage = r.text(*t, "storage", Need::required, where).value_or("");
  }
  if (const toml::table* t = r.table(*root, "compounding", Need::optional, "the batch file"))
    b.compounding = compounding(r, *t);
  b.compounding_at = root->contains("compounding") ? detail::position_of(root->get("compounding")->source()) : b.at;
  for (const toml::table* t : r.tables(*root, "component", "the batch file")) {
    if (auto item = sourced(r, *t, "[[component]]", true)) b.components.push_back(std::move(*item));
  }
  if (const toml::table* t = r.table(*root, "diluent", Need::optional, "the batch file"))
    b.diluent = sourced(r, *t, "[diluent]", false);
  sort_by_position(diagnostics);
  if (has_errors(diagnostics)) return unexpected(std::move(diagnostics));
  b.sha256 = sha256_hex(text);
  return b;
}

}  // namespace mesomix
