// The beyond-use date (BUD) limit in force (preparation.md): the shortest of the BUD rules'
// limit for how the preparation was compounded and stored, the earliest expiry of a lot used,
// and the protocol's stability limit. The rules are data (formulations/bud-rules.toml).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/schedule.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

enum class Category { immediate_use, one, two };
enum class Storage { room, refrigerated, frozen };

const char* to_string(Storage s);  // "room", "refrigerated", "frozen"
std::optional<Storage> storage_from(std::string_view s);

struct CompoundingConditions {
  Category category = Category::one;
  Storage storage = Storage::refrigerated;
  bool sterile_components = false;  // every starting component sterile
  bool sterility_tested = false;    // a sterility test performed and passed
  std::string from = "default";     // "batch file", "command line", "configuration", "default"
};

// The safest default: Category 1, refrigerated.
CompoundingConditions default_conditions();
std::string describe(const CompoundingConditions& c);  // "Category 2, refrigerated, sterile components only"

struct BudRule {
  std::string label;  // "Category 1"
  Category category = Category::one;
  std::optional<bool> sterile_components;  // Category 2: which starting components; absent: either
  bool sterility_tested = false;
  std::optional<Duration> room;
  std::optional<Duration> refrigerated;
  std::optional<Duration> frozen;
  std::optional<std::int64_t> max_sterile_products;
  std::string source;
  SourcePos at;
};

struct BudRules {
  std::string file;
  std::string sha256;
  bool shipped = false;
  std::string name;    // "USP <797>"
  std::string source;  // the document the figures come from
  std::string storage_room;
  std::string storage_refrigerated;
  std::string storage_frozen;
  std::vector<BudRule> rules;
};

Expected<BudRules, Diagnostics> load_bud_rules(std::string_view text, const std::string& file);
// formulations/bud-rules.toml, compiled into mesomix.
const BudRules& shipped_bud_rules();
std::string_view shipped_bud_rules_text();

enum class BudBasis { rules, lot_expiry, stability };

struct BudLimit {
  Duration limit;  // counted from the start of the preparation
  BudBasis basis = BudBasis::rules;
  std::string basis_text;  // "USP <797> Category 1, refrigerated", "stability (protocol): 7 d", ...
  Duration rules_limit;
  std::string rules_basis;
  std::string rules_source;
  std::string storage_text;  // "Refrigerate at 2 to 8 °C"
  CompoundingConditions conditions;
};

// The lots' earliest expiry, as the time it leaves from the start of the preparation.
struct LotExpiry {
  Duration remaining;
  std::string what;  // "Biotin 5 mg/mL lot BT-0917, expiring 2026-12-31"
};

// Errors: no rule for the conditions, storage the rule has no figure for, immediate use of
// more sterile products than the rule allows. `sterile_products` counts what the pharmacy
// combines (stocks, diluent, adjuncts prepared with them).
Expected<BudLimit, Diagnostics> bud_limit(const BudRules& rules, const CompoundingConditions& conditions,
                                          const Protocol& protocol, std::int64_t sterile_products,
                                          const std::optional<LotExpiry>& lots = std::nullopt);

// "24 h", "10 d", "4 h 30 min": a duration as a pharmacist reads it.
std::string format_duration(const Duration& d);
// Whole hours when whole, for JSON.
double in_hours(const Duration& d);

}  // namespace mesomix
