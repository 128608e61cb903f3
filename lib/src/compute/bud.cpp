#include <fmt/format.h>

#include "i18n/tr.hpp"

#include "mesomix/bud.hpp"
#include "mesomix/format.hpp"

namespace mesomix {

const char* to_string(Storage s) {
  switch (s) {
    case Storage::room:
      return N_("room");
    case Storage::frozen:
      return N_("frozen");
    default:
      return N_("refrigerated");
  }
}

std::optional<Storage> storage_from(std::string_view s) {
  if (s == "room") return Storage::room;
  if (s == "refrigerated") return Storage::refrigerated;
  if (s == "frozen") return Storage::frozen;
  return std::nullopt;
}

CompoundingConditions default_conditions() { return {}; }

std::string describe(const CompoundingConditions& c) {
  // the BUD rules' own labels: "immediate use", "Category 1", ...
  std::string out = c.category == Category::immediate_use ? tr("immediate use")
                    : c.category == Category::one         ? tr("Category 1")
                                                          : tr("Category 2");
  out += fmt::format(", {}", tr(to_string(c.storage)));
  if (c.category == Category::two) {
    out += c.sterile_components ? tr(", sterile starting components only")
                                : tr(", a starting component may be non-sterile");
    if (c.sterility_tested) out += tr(", sterility tested and passed");
  }
  return out;
}

std::string format_duration(const Duration& d) {
  const Exact s = in_seconds(d);
  if (!is_integer(s / 60)) return fmt::format("{} s", format_number(s, Precision::sheet));
  std::int64_t minutes = floor_to_int64(s / 60);
  // under two days in hours, as USP <797> states Category 1 (12 h, 24 h); longer in days
  const std::int64_t days = minutes >= 2 * 1440 ? minutes / 1440 : 0;
  minutes -= days * 1440;
  const std::int64_t hours = minutes / 60;
  minutes %= 60;
  std::string out;
  if (days > 0) out = trf("{} d", days);
  if (hours > 0) out += fmt::format("{}{} h", out.empty() ? "" : " ", hours);
  if (minutes > 0) out += trf("{}{} min", out.empty() ? "" : " ", minutes);
  return out.empty() ? tr("0 min") : out;
}

double in_hours(const Duration& d) { return to_double(in_seconds(d) / 3600); }

namespace {

const BudRule* matching_rule(const BudRules& rules, const CompoundingConditions& c) {
  const BudRule* fallback = nullptr;
  for (const auto& r : rules.rules) {
    if (r.category != c.category) continue;
    if (r.sterile_components && *r.sterile_components != c.sterile_components) continue;
    if (r.sterility_tested == c.sterility_tested) return &r;
    // a sterility test claimed but no rule for it: the untested limit, which is shorter
    if (!r.sterility_tested && c.sterility_tested && fallback == nullptr) fallback = &r;
  }
  return fallback;
}

const std::optional<Duration>& for_storage(const BudRule& r, Storage s) {
  switch (s) {
    case Storage::room:
      return r.room;
    case Storage::frozen:
      return r.frozen;
    default:
      return r.refrigerated;
  }
}

const std::string& storage_text(const BudRules& rules, Storage s) {
  switch (s) {
    case Storage::room:
      return rules.storage_room;
    case Storage::frozen:
      return rules.storage_frozen;
    default:
      return rules.storage_refrigerated;
  }
}

}  // namespace

Expected<BudLimit, Diagnostics> bud_limit(const BudRules& rules, const CompoundingConditions& conditions,
                                          const Protocol& protocol, std::int64_t sterile_products,
                                          const std::optional<LotExpiry>& lots) {
  auto error = [&](std::string file, std::string message, std::string hint) {
    return unexpected(Diagnostics{{std::move(file), {}, Severity::error, std::move(message), std::move(hint)}});
  };
  const BudRule* rule = matching_rule(rules, conditions);
  if (rule == nullptr)
    return error(rules.file, trf("the BUD rules ({}) have no rule for {}", rules.name, describe(conditions)),
                 tr("choose conditions the rules cover (--category, --storage, --sterile-components), or add a rule"));
  const auto& limit = for_storage(*rule, conditions.storage);
  if (!limit)
    return error(
        rules.file,
        trf("the BUD rules ({}) give {} no limit when {}", rules.name, rule->label, tr(to_string(conditions.storage))),
        tr("store it as the rules allow (--storage room or refrigerated)"));
  if (rule->max_sterile_products && sterile_products > *rule->max_sterile_products)
    return error(protocol.file,
                 trf("{} is for at most {} sterile products; this preparation combines {}", rule->label,
                     *rule->max_sterile_products, sterile_products),
                 tr("compound it as Category 1 or 2 (--category 1), in an ISO 5 hood"));
  BudLimit b;
  b.conditions = conditions;
  b.rules_limit = *limit;
  b.rules_basis = fmt::format("{} {}, {}", rules.name, tr(rule->label), tr(to_string(conditions.storage)));
  b.rules_source = rule->source;
  b.storage_text = tr(storage_text(rules, conditions.storage));
  b.limit = *limit;
  b.basis = BudBasis::rules;
  b.basis_text = b.rules_basis;
  if (lots && lots->remaining < b.limit) {
    b.limit = lots->remaining;
    b.basis = BudBasis::lot_expiry;
    b.basis_text = tr("the earliest lot expiry: ") + lots->what;
  }
  if (protocol.stability.max_bud && *protocol.stability.max_bud < b.limit) {
    b.limit = *protocol.stability.max_bud;
    b.basis = BudBasis::stability;
    b.basis_text =
        trf("the protocol's stability limit ([stability] max_bud = \"{}\")", protocol.stability.max_bud_written);
  }
  return b;
}

}  // namespace mesomix
