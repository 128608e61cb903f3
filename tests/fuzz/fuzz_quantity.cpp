// The unit grammar: any string either fails with a message and a column inside it, or gives a
// finite, non-negative quantity that both print modes can write.
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "mesomix/format.hpp"
#include "mesomix/quantity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = mesomix::parse_quantity(text);
  if (!q) {
    fuzz::require(!q.error().message.empty(), "an error has a message");
    fuzz::require(q.error().column >= 1 && q.error().column <= text.size() + 1, "an error's column is inside the text");
    return 0;
  }
  std::visit([](const auto& value) { fuzz::require_figure(value, "a parsed quantity is finite and not negative"); },
             q->value);
  if (const auto* m = std::get_if<mesomix::Mass>(&q->value)) {
    fuzz::require(!mesomix::format_mass(*m).empty(), "a mass prints");
    fuzz::require(!mesomix::format_mass(*m, mesomix::Precision::exact).empty(), "a mass prints exactly");
  }
  if (const auto* s = std::get_if<mesomix::Strength>(&q->value)) {
    fuzz::require(!mesomix::format_strength(*s).empty(), "a strength prints");
    fuzz::require(!mesomix::format_percent(*s, mesomix::Precision::exact).empty(), "a strength prints in % w/v");
  }
  if (const auto* v = std::get_if<mesomix::Volume>(&q->value))
    fuzz::require(!mesomix::format_volume(*v).empty(), "a volume prints");
  auto unit = mesomix::parse_unit(text);
  (void)unit;
  auto number = mesomix::parse_number(text);
  (void)number;
  return 0;
}
