// The batch-file loader, and the record of the classic protocol made from what loads.
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mesomix/record.hpp"
#include "mesomix/render.hpp"

namespace {

const mesomix::DoseResult& classic() {
  static const mesomix::DoseResult dose = [] {
    std::ifstream in(std::string(MESOMIX_SOURCE_DIR) + "/formulations/protocols/hair-classic-5.toml", std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto loaded = mesomix::load_protocol(text, "hair-classic-5.toml", mesomix::shipped_catalog());
    fuzz::require(loaded.has_value(), "the classic protocol loads");
    auto d = mesomix::compute_dose(loaded->protocol, mesomix::shipped_catalog(), {});
    fuzz::require(d.has_value(), "the classic protocol computes");
    return std::move(d).value();
  }();
  return dose;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto batch = mesomix::load_batch(text, "fuzz.toml");
  if (!batch) {
    fuzz::require(mesomix::has_errors(batch.error()), "a refused batch has an error");
    return 0;
  }
  auto record =
      mesomix::compute_record(classic(), *batch, mesomix::shipped_devices(), mesomix::shipped_catalog(), "fuzz");
  if (!record) return 0;
  if (record->safety_stop()) return 0;
  fuzz::require_figure(record->mix.final_volume, "final volume");
  fuzz::require(!mesomix::render_text(mesomix::record_sheet(*record)).empty(), "the record renders");
  fuzz::require(!mesomix::render_html(mesomix::record_sheet(*record)).empty(), "the record renders as html");
  return 0;
}
