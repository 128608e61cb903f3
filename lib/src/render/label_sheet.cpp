// The labels of one preparation: one per unit-dose syringe (preparation.md), arranged from
// the record's result. What a label says is chosen with the preparation (each unit's label
// lines); this adds the heading and the barcode, and to_pdf lays it out on label stock.
#include <fmt/format.h>

#include "i18n/tr.hpp"
#include "mesomix/format.hpp"
#include "mesomix/render.hpp"
#include "render/sheet_parts.hpp"

namespace mesomix {

std::string barcode_data(const std::string& lot, std::int64_t session) { return fmt::format("{}/S{}", lot, session); }

Sheet label_sheet(const RecordResult& r, const LabelContext& context) {
  const MixResult& m = r.mix;
  const Batch& b = r.batch;
  const ProtocolInfo& info = m.dose.protocol.info;
  Sheet sheet{
      trf("Labels: lot {}", keep_together(b.lot)), {}, {}, {trf("{} version {}", info.id, info.version), b.lot}};
  sheet.words = detail::sheet_words();
  sheet.issued = to_iso(b.prepared);
  const std::int64_t course = m.dose.protocol.course.sessions;
  // each unit's own label lines, chosen with the preparation (the first is the title, here the heading)
  for (const UnitDose& u : m.units) {
    Label label;
    label.heading = trf("{}: session {} of {}", info.title, u.session, course);
    label.lines.assign(u.label.begin() + (u.label.empty() ? 0 : 1), u.label.end());
    if (!context.facility.empty()) label.lines.push_back(tr("Compounded by ") + context.facility);
    label.barcode = barcode_data(b.lot, u.session);
    sheet.labels.push_back(std::move(label));
  }
  return sheet;
}

}  // namespace mesomix
