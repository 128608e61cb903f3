// The syringes a pharmacy measures with: capacity and graduation, as data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

struct Syringe {
  std::string name;
  Volume capacity;
  Volume graduation;
};

struct Devices {
  std::vector<Syringe> syringes;  // smallest capacity first
};

Expected<Devices, Diagnostics> load_devices(std::string_view text, const std::string& file);

// formulations/devices.toml, compiled into mesomix.
const Devices& shipped_devices();

}  // namespace mesomix
