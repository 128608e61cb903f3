#include "mesomix/batch.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "load/parsed.hpp"
#include "load/toml_reader.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/sha256.hpp"

namespace mesomix {
namespace {

using detail::Need;

Date date_of(const toml::date& d) { return {d.year, d.month, d.day}; }

DateTime date_time_of(const toml::date_time& t) { return {date_of(t.date), t.time.hour, t.time.minute, t.time.second}; }

std::optional<LotUsed> lot_used(detail::TomlReader& r, const toml::table& t, std::string_view where) {
  r.check_keys(t, {"lot", "expiry", "volume"}, where);
  LotUsed used;
  used.at = detail::position_of(t.source());
  auto lot = r.text(t, "lot", Need::required, where);
  auto expiry = r.date(t, "expiry", Need::required, where);
  used.volume = r.quantity<Volume>(t, "volume", Need::optional, where, parse_volume, Zero::refused, "mL");
  if (!lot || !expiry) return std::nullopt;
  used.lot = *lot;
  used.expiry = date_of(*expiry);
  used.expiry_at = r.where_is(t, "expiry");
  return used;
}

// A component or the diluent: product, maker, labelled strength, and its lots, either as
// `lot`/`expiry` keys or as [[component.lot]] tables (preparation.md).
std::optional<SourcedItem> sourced(detail::TomlReader& r, const toml::table& t, std::string_view where,
                                   bool with_active) {
  if (with_active)
    r.check_keys(t, {"active", "product", "manufacturer", "strength", "lot", "expiry"}, where);
  else
    r.check_keys(t, {"product", "manufacturer", "strength", "lot", "expiry"}, where);
  SourcedItem item;
  item.at = detail::position_of(t.source());
  std::optional<std::string> active = with_active ? r.text(t, "active", Need::required, where) : std::string();
  auto product = r.text(t, "product", Need::required, where);
  auto manufacturer = r.text(t, "manufacturer", Need::required, where);
  if (with_active) {
    item.strength = r.quantity<Strength>(t, "strength", Need::optional, where, parse_strength, Zero::refused, "mg/mL");
    item.strength_at = r.where_is(t, "strength");
  } else if (const toml::node* strength = t.get("strength")) {
    // a protocol names its diluent but gives it no strength: a labelled strength here could be
    // compared with nothing, and a figure accepted and never checked reads as checked
    r.error(strength->source(),
            fmt::format("{} has no strength to check: the protocol names its diluent without one", where),
            "leave strength out; the product names the diluent (\"Sodium chloride 0.9 %, 10 mL\")");
  }
  bool lots_ok = true;
  if (const toml::node* lot = t.get("lot"); lot != nullptr && lot->is_array()) {
    const std::string inner = with_active ? "[[component.lot]]" : "[[diluent.lot]]";
    if (t.contains("expiry"))
      r.error(t.get("expiry")->source(), fmt::format("{} has [[...lot]] tables and an expiry", where),
              "give each lot its expiry inside its own table");
    for (const toml::table* lt : r.tables(t, "lot", where)) {
      auto used = lot_used(r, *lt, inner);
      if (used)
        item.lots.push_back(std::move(*used));
      else
        lots_ok = false;
    }
    if (item.lots.empty() && lots_ok) {
      r.error(t.source(), fmt::format("{} lists no lot", where), "add [[...lot]] with lot, expiry and volume");
      lots_ok = false;
    }
  } else {
    auto number = r.text(t, "lot", Need::required, where);
    auto expiry = r.date(t, "expiry", Need::required, where);
    if (number && expiry)
      item.lots.push_back(
          {*number, date_of(*expiry), std::nullopt, detail::position_of(t.source()), r.where_is(t, "expiry")});
    else
      lots_ok = false;
  }
  if (!active || !product || !manufacturer || !lots_ok) return std::nullopt;
  item.active = *active;
  item.product = *product;
  item.manufacturer = *manufacturer;
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

std::optional<Patient> patient_of(detail::TomlReader& r, const toml::table& t) {
  constexpr std::string_view where = "[patient]";
  r.check_keys(t, {"id", "name", "birth_date", "weight"}, where);
  Patient p;
  p.at = detail::position_of(t.source());
  auto id = r.text(t, "id", Need::required, where);
  auto name = r.text(t, "name", Need::required, where);
  if (auto born = r.date(t, "birth_date", Need::optional, where)) p.birth_date = date_of(*born);
  p.weight = r.quantity<Mass>(t, "weight", Need::optional, where, parse_body_weight, Zero::refused, "kg");
  p.weight_at = r.where_is(t, "weight");
  if (p.weight) p.weight_text = t.get("weight")->as_string()->get();
  if (!id || !name) return std::nullopt;
  p.id = *id;
  p.name = *name;
  return p;
}

std::optional<Order> order_of(detail::TomlReader& r, const toml::table& t) {
  constexpr std::string_view where = "[order]";
  r.check_keys(t, {"prescriber", "number"}, where);
  Order o;
  o.at = detail::position_of(t.source());
  auto prescriber = r.text(t, "prescriber", Need::required, where);
  auto number = r.text(t, "number", Need::required, where);
  if (!prescriber || !number) return std::nullopt;
  o.prescriber = *prescriber;
  o.number = *number;
  return o;
}

std::optional<AdjunctLot> adjunct_of(detail::TomlReader& r, const toml::table& t) {
  constexpr std::string_view where = "[[adjunct]]";
  r.check_keys(t, {"name", "lot", "expiry"}, where);
  AdjunctLot a;
  a.at = detail::position_of(t.source());
  auto name = r.text(t, "name", Need::required, where);
  auto lot = r.text(t, "lot", Need::required, where);
  auto expiry = r.date(t, "expiry", Need::required, where);
  if (!name || !lot || !expiry) return std::nullopt;
  a.name = *name;
  a.lot = *lot;
  a.expiry = date_of(*expiry);
  a.expiry_at = r.where_is(t, "expiry");
  return a;
}

}  // namespace

std::string SourcedItem::lot_numbers() const {
  std::string out;
  for (const auto& l : lots) out += (out.empty() ? "" : ", ") + l.lot;
  return out;
}

const LotUsed& SourcedItem::earliest() const {
  return *std::min_element(lots.begin(), lots.end(),
                           [](const LotUsed& a, const LotUsed& b) { return a.expiry < b.expiry; });
}

Expected<Batch, Diagnostics> detail::load_batch(std::string_view text, const std::string& file,
                                                std::optional<toml::table> parsed) {
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics, std::move(parsed));
  auto root = r.parse(text);
  if (!root) return unexpected(std::move(diagnostics));
  r.check_keys(*root, {"schema", "batch", "compounding", "patient", "order", "component", "diluent", "adjunct"},
               "the batch file");
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
  if (const toml::table* t = r.table(*root, "patient", Need::optional, "the batch file")) b.patient = patient_of(r, *t);
  if (const toml::table* t = r.table(*root, "order", Need::optional, "the batch file")) b.order = order_of(r, *t);
  for (const toml::table* t : r.tables(*root, "adjunct", "the batch file"))
    if (auto a = adjunct_of(r, *t)) b.adjuncts.push_back(std::move(*a));
  sort_by_position(diagnostics);
  if (has_errors(diagnostics)) return unexpected(std::move(diagnostics));
  b.sha256 = sha256_hex(text);
  return b;
}

Expected<Batch, Diagnostics> load_batch(std::string_view text, const std::string& file) {
  return detail::load_batch(text, file, std::nullopt);
}

}  // namespace mesomix
