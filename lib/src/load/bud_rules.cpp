// The BUD rules file (docs/bud-rules.md): storage texts and one [[rule]] per compounding
// condition, each limit with its source.
#include <fmt/format.h>

#include "load/parsed.hpp"
#include "load/toml_reader.hpp"
#include "mesomix/bud.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/sha256.hpp"

namespace mesomix {
namespace detail {
extern const std::string_view embedded_bud_rules_toml;
}

namespace {

using detail::Need;

std::optional<Category> category_from(std::string_view s) {
  if (s == "immediate-use") return Category::immediate_use;
  if (s == "1") return Category::one;
  if (s == "2") return Category::two;
  return std::nullopt;
}

bool same_conditions(const BudRule& a, const BudRule& b) {
  return a.category == b.category && a.sterility_tested == b.sterility_tested &&
         (!a.sterile_components || !b.sterile_components || *a.sterile_components == *b.sterile_components);
}

}  // namespace

Expected<BudRules, Diagnostics> detail::load_bud_rules(std::string_view text, const std::string& file,
                                                       std::optional<toml::table> parsed) {
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics, std::move(parsed));
  constexpr std::string_view top = "the BUD rules file";
  auto root = r.parse_schema_1(text, {"schema", "name", "source", "storage", "rule"}, top, "BUD rules");
  if (!root) return unexpected(std::move(diagnostics));
  BudRules rules;
  rules.file = file;
  rules.name = r.text(*root, "name", Need::required, top).value_or("");
  rules.source = r.text(*root, "source", Need::required, top).value_or("");
  if (const toml::table* t = r.table(*root, "storage", Need::required, top)) {
    r.check_keys(*t, {"room", "refrigerated", "frozen"}, "[storage]");
    rules.storage_room = r.text(*t, "room", Need::required, "[storage]").value_or("");
    rules.storage_refrigerated = r.text(*t, "refrigerated", Need::required, "[storage]").value_or("");
    rules.storage_frozen = r.text(*t, "frozen", Need::required, "[storage]").value_or("");
  }
  for (const toml::table* t : r.tables(*root, "rule", top)) {
    constexpr std::string_view where = "[[rule]]";
    r.check_keys(*t,
                 {"label", "category", "sterile_components", "sterility_tested", "max_sterile_products", "room",
                  "refrigerated", "frozen", "source"},
                 where);
    BudRule rule;
    rule.at = detail::position_of(t->source());
    rule.label = r.text(*t, "label", Need::required, where).value_or("");
    auto category = r.text(*t, "category", Need::required, where);
    if (category) {
      if (auto c = category_from(*category))
        rule.category = *c;
      else {
        r.error(t->get("category")->source(), fmt::format("category \"{}\" is not known", *category),
                "write \"immediate-use\", \"1\" or \"2\"");
        continue;
      }
    }
    rule.sterile_components = r.flag(*t, "sterile_components", Need::optional, where);
    rule.sterility_tested = r.flag(*t, "sterility_tested", Need::optional, where).value_or(false);
    rule.max_sterile_products = r.count(*t, "max_sterile_products", Need::optional, where, 1, 100);
    auto limit = [&](const char* key) {
      auto d = r.quantity<Duration>(*t, key, Need::optional, where, parse_duration, Zero::refused, "h");
      if (d && in_seconds(*d) > 366 * 86400) {
        r.error(t->get(key)->source(), fmt::format("\"{}\" is more than a year", key),
                "no rule allows a BUD that long: check the unit");
        d.reset();
      }
      return d;
    };
    rule.room = limit("room");
    rule.refrigerated = limit("refrigerated");
    rule.frozen = limit("frozen");
    rule.source = r.text(*t, "source", Need::required, where).value_or("");
    if (!rule.room && !rule.refrigerated && !rule.frozen)
      r.error(t->source(), "a rule gives no limit", "add room, refrigerated or frozen = \"24 h\"");
    for (const auto& earlier : rules.rules)
      if (category && same_conditions(earlier, rule))
        r.error(t->source(),
                fmt::format("this rule covers the same conditions as \"{}\" (line {})", earlier.label, earlier.at.line),
                "give each set of conditions one rule");
    if (category) rules.rules.push_back(std::move(rule));
  }
  if (rules.rules.empty() && !has_errors(diagnostics))
    r.error_at({1, 1}, "the BUD rules file has no [[rule]]", "add a [[rule]] per compounding condition");
  if (has_errors(diagnostics)) {
    sort_by_position(diagnostics);
    return unexpected(std::move(diagnostics));
  }
  rules.sha256 = sha256_hex(text);
  return rules;
}

std::string_view shipped_bud_rules_text() { return detail::embedded_bud_rules_toml; }

const BudRules& shipped_bud_rules() {
  static const BudRules rules = [] {
    BudRules r = detail::shipped_or_throw(
        load_bud_rules(detail::embedded_bud_rules_toml, "formulations/bud-rules.toml"), "BUD rules");
    r.shipped = true;
    return r;
  }();
  return rules;
}

Expected<BudRules, Diagnostics> load_bud_rules(std::string_view text, const std::string& file) {
  return detail::load_bud_rules(text, file, std::nullopt);
}

}  // namespace mesomix
