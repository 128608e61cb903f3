// From computed results to what is printed: the arithmetic is done; this only arranges it.
#pragma once

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

// What mesomix knows about each active.
Sheet catalog_sheet(const Catalog& catalog);
std::string catalog_json(const Catalog& catalog);

}  // namespace mesomix
