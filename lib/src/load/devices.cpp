#include "mesomix/devices.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "load/parsed.hpp"
#include "load/toml_reader.hpp"
#include "mesomix/format.hpp"
#include "mesomix/quantity.hpp"

namespace mesomix {
namespace detail {
extern const std::string_view embedded_devices_toml;
}

Expected<Devices, Diagnostics> detail::load_devices(std::string_view text, const std::string& file,
                                                    std::optional<toml::table> parsed) {
  Devices devices;
  Diagnostics diagnostics;
  detail::TomlReader r(file, diagnostics, std::move(parsed));
  auto root = r.parse_schema_1(text, {"schema", "syringe"}, "the devices file", "devices");
  if (!root) return unexpected(std::move(diagnostics));
  for (const toml::table* t : r.tables(*root, "syringe", "the devices file")) {
    constexpr std::string_view where = "[[syringe]]";
    r.check_keys(*t, {"name", "capacity", "graduation"}, where);
    auto name = r.text(*t, "name", detail::Need::required, where);
    auto capacity =
        r.quantity<Volume>(*t, "capacity", detail::Need::required, where, parse_volume, Zero::refused, "mL");
    auto graduation =
        r.quantity<Volume>(*t, "graduation", detail::Need::required, where, parse_volume, Zero::refused, "mL");
    if (!name || !capacity || !graduation) continue;
    const Exact marks = *capacity / *graduation;
    if (*graduation >= *capacity || !is_integer(marks)) {
      r.error(t->get("graduation")->source(),
              fmt::format("a graduation of {} does not divide a capacity of {} into whole marks",
                          format_volume(*graduation, Precision::exact), format_volume(*capacity, Precision::exact)),
              "check the syringe's scale");
      continue;
    }
    if (std::any_of(devices.syringes.begin(), devices.syringes.end(),
                    [&](const Syringe& s) { return s.name == *name; }))
      r.error(t->get("name")->source(), fmt::format("two syringes are named \"{}\"", *name),
              "give each syringe its own name");
    devices.syringes.push_back({*name, *capacity, *graduation});
  }
  if (devices.syringes.empty() && !has_errors(diagnostics))
    r.error_at({1, 1}, "the devices file lists no syringe",
               "add at least one [[syringe]] with name, capacity and graduation");
  if (has_errors(diagnostics)) {
    sort_by_position(diagnostics);
    return unexpected(std::move(diagnostics));
  }
  std::stable_sort(devices.syringes.begin(), devices.syringes.end(),
                   [](const Syringe& a, const Syringe& b) { return a.capacity < b.capacity; });
  return devices;
}

const Devices& shipped_devices() {
  static const Devices devices =
      detail::shipped_or_throw(load_devices(detail::embedded_devices_toml, "formulations/devices.toml"), "devices");
  return devices;
}

Expected<Devices, Diagnostics> load_devices(std::string_view text, const std::string& file) {
  return detail::load_devices(text, file, std::nullopt);
}

}  // namespace mesomix
