// The compounding record: one preparation, from which lots, by whom, with every figure
// traceable to the protocol and the batch file that produced it (USP <797>; docs/auditors.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mesomix/batch.hpp"
#include "mesomix/inputs.hpp"
#include "mesomix/mix.hpp"

namespace mesomix {

// A draw with the lot it came from: a component's or the diluent's from the batch file; none
// for an adjunct, which the protocol names and the batch file does not list.
struct RecordedDraw {
  Draw draw;
  std::optional<SourcedItem> lot;
};

struct RecordResult {
  MixResult mix;
  std::vector<RecordedDraw> draws;  // the mix's draws, each with its lot
  Batch batch;
  BudLimit bud;  // the limit in force and which of the three decided it
  std::string mesomix_version;
  std::optional<std::string> replaces;  // the SHA-256 of the record this one replaces (--force)
  bool logged = true;                   // false: --no-log, "Not entered in a compounding log"
  std::vector<InputDigest> inputs;      // every input that shaped it, shipped ones included
  Diagnostics stops;     // Severity::stop, in the batch file: expired stock, impossible dates, one person signing twice
  std::string facility;  // the configuration's [facility], name and address: printed

  bool safety_stop() const { return !stops.empty() || mix.safety_stop(); }
};

// Errors (exit 1) when the batch does not fit the protocol: components must match in order.
// The compounding conditions come from the batch file's [compounding], else `conditions`
// (the configuration), else the safest default.
Expected<RecordResult, Diagnostics> compute_record(const DoseResult& dose, const Batch& batch, const Devices& devices,
                                                   const Catalog& catalog, std::string mesomix_version,
                                                   std::vector<InputDigest> inputs = {},
                                                   const BudRules& bud_rules = shipped_bud_rules(),
                                                   const std::optional<CompoundingConditions>& conditions = {});

}  // namespace mesomix
