// The dose JSON of cli-contract.md. Exact values become the nearest double only here.
#include <nlohmann/json.hpp>

#include "mesomix/render.hpp"

namespace mesomix {
namespace {

using Json = nlohmann::ordered_json;

Json optional_mg(const std::optional<Mass>& m) { return m ? Json(to_double(in_mg(*m))) : Json(nullptr); }

}  // namespace

std::string dose_json(const DoseResult& r) {
  Json j;
  j["schema"] = 1;
  j["protocol"] = {{"id", r.protocol.info.id}, {"version", r.protocol.info.version}, {"sha256", r.protocol.sha256}};
  j["batch"] = {{"volume_mL", to_double(in_ml(r.batch_volume))}, {"diluent_mL", to_double(in_ml(r.diluent_volume))}};
  j["components"] = Json::array();
  for (const auto& c : r.components)
    j["components"].push_back(
        {{"active", c.active}, {"stock_mg_per_mL", to_double(in_mg_per_ml(c.stock))}, {"volume_mL", to_double(in_ml(c.volume))}});
  j["adjuncts"] = Json::array();
  for (const auto& a : r.protocol.adjuncts) j["adjuncts"].push_back({{"name", a.name}, {"volume_mL", to_double(in_ml(a.volume))}});
  if (r.session) {
    const SessionFigures& s = *r.session;
    j["session"] = {{"points", s.points},
                    {"volume_per_point_mL", to_double(in_ml(s.volume_per_point))},
                    {"volume_mL", to_double(in_ml(s.volume))},
                    {"dead_volume_mL", to_double(in_ml(s.dead_volume))},
                    {"drawn_mL", to_double(in_ml(s.drawn))}};
    j["course"] = {{"sessions", r.protocol.course.sessions}, {"volume_mL", to_double(in_ml(*r.course_volume))}};
    j["sessions_per_batch"] = *r.sessions_per_batch;
  } else {
    j["session"] = nullptr;
    j["course"] = {{"sessions", r.protocol.course.sessions}, {"volume_mL", nullptr}};
    j["sessions_per_batch"] = nullptr;
  }
  j["actives"] = Json::array();
  for (const auto& a : r.actives)
    j["actives"].push_back({{"active", a.active},
                            {"final_mg_per_mL", to_double(in_mg_per_ml(a.final_strength))},
                            {"per_injection_mg", optional_mg(a.per_injection)},
                            {"per_session_mg", optional_mg(a.per_session)},
                            {"per_course_mg", optional_mg(a.per_course)}});
  j["warnings"] = Json::array();
  for (const auto& w : r.warnings)
    j["warnings"].push_back({{"code", w.code}, {"active", w.active.empty() ? Json(nullptr) : Json(w.active)}, {"message", w.message}});
  if (r.override_reason) j["override"] = {{"reason", *r.override_reason}};
  return j.dump(2) + "\n";
}

}  // namespace mesomix
