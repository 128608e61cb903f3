// The compounding record: one preparation, from which lots, by whom, with every figure
// traceable to the protocol and the batch file that produced it (USP <797>; docs/auditors.md).
#pragma once

#include <string>
#include <vector>

#include "mesomix/batch.hpp"
#include "mesomix/mix.hpp"

namespace mesomix {

struct RecordStop {
  std::string message;
  std::string hint;
  SourcePos at;  // in the batch file, or 0:0 for the preparation as a whole
};

struct RecordResult {
  MixResult mix;
  Batch batch;
  std::string mesomix_version;
  bool replaces_earlier = false;   // written with --force over an earlier record
  std::vector<std::string> steps;  // every calculation, exact, with its units
  std::vector<RecordStop> stops;   // expired stock, impossible dates, one person signing twice, mix stops

  bool safety_stop() const { return !stops.empty() || mix.safety_stop(); }
};

// Errors (exit 1) when the batch does not fit the protocol: components must match in order.
Expected<RecordResult, Diagnostics> compute_record(const DoseResult& dose, const Batch& batch, const Devices& devices,
                                                   const Catalog& catalog, std::string mesomix_version,
                                                   bool replaces_earlier);

}  // namespace mesomix
