// Computes a dose through libmesomix: 2 mL of minoxidil 5 mg/mL made up to 4 mL is 2.5 mg/mL;
// 40 points of 0.05 mL are 2 mL a session, so 5 mg a session and 125 mcg an injection.
#include <cstdio>

#include <mesomix/catalog.hpp>
#include <mesomix/dose.hpp>
#include <mesomix/format.hpp>
#include <mesomix/protocol.hpp>

int main() {
  const char* text = R"toml(schema = 1
[protocol]
id = "consumer"
title = "Consumer test"
version = "1.0.0"
indication = "Androgenetic alopecia"
authors = ["mesomix tests"]
references = ["hand-worked"]
[[component]]
active = "minoxidil"
stock = "5 mg/mL"
volume = "2 mL"
[diluent]
name = "Sodium chloride 0.9 %"
[batch]
volume = "4 mL"
[injection]
technique = "point-by-point"
volume_per_point = "0.05 mL"
points_per_session = 40
dead_volume_per_session = "0.1 mL"
needle = "32G 4 mm"
depth = "2 mm"
[course]
sessions = 4
session_minutes = 15
[[course.phase]]
sessions = 4
every = "1 week"
)toml";
  const mesomix::Catalog& catalog = mesomix::shipped_catalog();
  auto loaded = mesomix::load_protocol(text, "consumer.toml", catalog);
  if (!loaded) {
    for (const auto& d : loaded.error()) std::printf("%s\n", mesomix::to_string(d).c_str());
    return 1;
  }
  auto dose = mesomix::compute_dose(loaded->protocol, catalog, {});
  if (!dose) return 1;
  for (const auto& a : dose->actives) {
    if (a.per_session && a.per_injection)
      std::printf("%s: %s per session, %s per injection\n", a.active.c_str(),
                  mesomix::format_mass(*a.per_session).c_str(), mesomix::format_mass(*a.per_injection).c_str());
  }
  return 0;
}
