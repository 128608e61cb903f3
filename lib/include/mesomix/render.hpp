// From computed results to what is printed: the arithmetic is done; this only arranges it.
#pragma once

#include <cstdint>
#include <string>

#include "mesomix/catalog.hpp"
#include "mesomix/dose.hpp"
#include "mesomix/mix.hpp"
#include "mesomix/record.hpp"
#include "mesomix/sheet.hpp"

namespace mesomix {

// The clinician's dose sheet.
Sheet dose_sheet(const DoseResult& r);

// The dose JSON of docs/command-line.md: mg, mL and mg/mL at full double precision.
std::string dose_json(const DoseResult& r);
// The same on one line, as JSON Lines holds it (dose over many files): no newline at the end.
std::string dose_json_line(const DoseResult& r);

// The pharmacist's preparation worksheet.
Sheet mix_sheet(const MixResult& r);

// The dose JSON plus, per component, draw_mL, syringe and deviation_pct, and per active
// delivered_per_session_mg (docs/command-line.md).
std::string mix_json(const MixResult& r);

// The course's preparations (mix --plan), and its JSON {"plan": [...], "bud": {...}}.
Sheet plan_sheet(const PlanResult& p);
std::string plan_json(const PlanResult& p);

// The compounding record (text, markdown, html); every page of the html carries the lot.
Sheet record_sheet(const RecordResult& r);

// Who and where, for the labels: from the batch file and the configuration when known.
struct LabelContext {
  std::string patient;   // empty: the label says "not patient-specific"
  std::string facility;  // the facility's name, printed on every label
};

// One label per unit-dose syringe of the preparation (preparation.md), each with a Code 128
// symbol of the lot and session.
Sheet label_sheet(const RecordResult& r, const LabelContext& context);

// What a label's barcode holds: the preparation lot and the session, "MM-2026-0042/S3".
std::string barcode_data(const std::string& lot, std::int64_t session);

// What mesomix knows about each active.
Sheet catalog_sheet(const Catalog& catalog);
std::string catalog_json(const Catalog& catalog);

}  // namespace mesomix
