// The protocol loader and everything after it: a text either fails with located errors, or
// loads into a protocol whose every figure is finite, and every sheet renders.
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "mesomix/mix.hpp"
#include "mesomix/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const mesomix::Catalog& catalog = mesomix::shipped_catalog();
  auto loaded = mesomix::load_protocol(text, "fuzz.toml", catalog);
  if (!loaded) {
    fuzz::require(!loaded.error().empty(), "a refused protocol says why");
    fuzz::require(mesomix::has_errors(loaded.error()), "a refused protocol has an error");
    for (const auto& d : loaded.error()) fuzz::require(!d.message.empty(), "every diagnostic has a message");
    return 0;
  }
  auto dose = mesomix::compute_dose(loaded->protocol, catalog, {});
  if (!dose) {
    fuzz::require(mesomix::has_errors(dose.error()), "a refused computation has an error");
    return 0;
  }
  fuzz::require_figure(dose->batch_volume, "batch volume");
  fuzz::require_figure(dose->diluent_volume, "diluent volume");
  for (const auto& a : dose->actives) {
    fuzz::require_figure(a.final_strength, "final strength");
    if (a.per_session) fuzz::require_figure(*a.per_session, "per-session dose");
    if (a.per_course) fuzz::require_figure(*a.per_course, "per-course dose");
  }
  fuzz::require(!mesomix::render_text(mesomix::dose_sheet(*dose)).empty(), "the dose sheet renders");
  fuzz::require(!mesomix::render_html(mesomix::dose_sheet(*dose)).empty(), "the dose sheet renders as html");
  fuzz::require(!mesomix::dose_json(*dose).empty(), "the dose JSON renders");
  auto mix = mesomix::compute_mix(*dose, mesomix::shipped_devices(), {});
  if (mix) {
    fuzz::require_figure(mix->final_volume, "final volume");
    for (const auto& a : mix->actives) fuzz::require_figure(a.delivered_strength, "delivered strength");
    fuzz::require(!mesomix::render_markdown(mesomix::mix_sheet(*mix)).empty(), "the worksheet renders");
    fuzz::require(!mesomix::mix_json(*mix).empty(), "the worksheet JSON renders");
  }
  return 0;
}
