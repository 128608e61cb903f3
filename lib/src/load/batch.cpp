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

}  // namespace

std::string to_iso(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

std::string to_iso(const DateTime& t) {
  return fmt::format("{}T{:02}:{:02}:{:02}", to_iso(t.date), t.hour, t.minute, t.second);
}

Expected<Batch, Diagnostics> load_batch(std::string_view text, const std::string& file) {
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics);
  auto root = r.parse(text);
  if (!root) return unexpected(std::move(diagnostics));
  r.check_keys(*root, {"schema", "batch", "component", "diluent"}, "the batch file");
  if (auto schema = r.count(*root, "schema", Need::required, "the batch file", 1); schema && *schema != 1)
    r.error(root->get("schema")->source(), fmt::format("batch schema {} is not known", *schema), "write schema = 1");
  Batch b;
  b.file = file;
  if (const toml::table* t = r.table(*root, "batch", Need::required, "the batch file")) {
    constexpr std::string_view where = "[batch]";
    r.check_keys(*t, {"lot", "prepared", "preparer", "verifier", "sessions", "volume", "bud", "storage"}, where);
    b.at = detail::position_of(t->source());
    b.lot = r.text(*t, "lot", Need::required, where).value_or("");
    if (auto prepared = r.date_time(*t, "prepared", Need::required, where)) b.prepared = date_time_of(*prepared);
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
