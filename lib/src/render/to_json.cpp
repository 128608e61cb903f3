// The dose JSON of docs/command-line.md. Exact values become the nearest double only here.
#include <nlohmann/json.hpp>

#include "mesomix/render.hpp"

namespace mesomix {
namespace {

using Json = nlohmann::ordered_json;

Json optional_mg(const std::optional<Mass>& m) { return m ? Json(to_double(in_mg(*m))) : Json(nullptr); }

// A stock of a salt keeps its figures as labelled and adds its form and the base it holds.
Json component_value(const ComponentFigures& c) {
  Json j = {{"active", c.active},
            {"stock_mg_per_mL", to_double(in_mg_per_ml(c.stock))},
            {"volume_mL", to_double(in_ml(c.volume))}};
  if (!c.written.form.empty()) {
    j["form"] = c.written.form;
    j["base_stock_mg_per_mL"] = to_double(in_mg_per_ml(c.base_stock));
  }
  return j;
}

Json adjunct_value(const Adjunct& a) { return {{"name", a.name}, {"volume_mL", to_double(in_ml(a.volume))}}; }

Json session_minutes(const DoseResult& r) {
  return r.protocol.course.session_minutes ? Json(*r.protocol.course.session_minutes) : Json(nullptr);
}

Json schedule_value(const DoseResult& r) {
  if (!r.schedule) return nullptr;
  Json out = Json::array();
  for (const auto& s : *r.schedule) out.push_back({{"session", s.session}, {"day", s.day}});
  return out;
}

Json bud_value(const BudLimit& b) { return {{"hours", in_hours(b.limit)}, {"basis", b.basis_text}}; }

Json dose_value(const DoseResult& r) {
  Json j;
  j["schema"] = 1;
  j["protocol"] = {{"id", r.protocol.info.id}, {"version", r.protocol.info.version}, {"sha256", r.protocol.sha256}};
  j["batch"] = {{"volume_mL", to_double(in_ml(r.batch_volume))}, {"diluent_mL", to_double(in_ml(r.diluent_volume))}};
  j["components"] = Json::array();
  for (const auto& c : r.components) j["components"].push_back(component_value(c));
  j["adjuncts"] = Json::array();
  for (const auto& a : r.protocol.adjuncts) j["adjuncts"].push_back(adjunct_value(a));
  if (r.session) {
    const SessionFigures& s = *r.session;
    j["session"] = {{"points", s.points},
                    {"volume_per_point_mL", to_double(in_ml(s.volume_per_point))},
                    {"volume_mL", to_double(in_ml(s.volume))},
                    {"dead_volume_mL", to_double(in_ml(s.dead_volume))},
                    {"drawn_mL", to_double(in_ml(s.drawn))}};
    j["course"] = {{"sessions", r.protocol.course.sessions},
                   {"volume_mL", to_double(in_ml(*r.course_volume))},
                   {"session_minutes", session_minutes(r)}};
    j["sessions_per_batch"] = *r.sessions_per_batch;
  } else {
    j["session"] = nullptr;
    j["course"] = {
        {"sessions", r.protocol.course.sessions}, {"volume_mL", nullptr}, {"session_minutes", session_minutes(r)}};
    j["sessions_per_batch"] = nullptr;
  }
  j["course"]["schedule"] = schedule_value(r);
  j["actives"] = Json::array();
  for (const auto& a : r.actives) {
    // protocol-format.md, "Salt forms": the figures as labelled, and the base's prefixed base_
    j["actives"].push_back({{"active", a.active},
                            {"final_mg_per_mL", to_double(in_mg_per_ml(a.final_strength))},
                            {"per_injection_mg", optional_mg(a.per_injection)},
                            {"per_session_mg", optional_mg(a.per_session)},
                            {"per_course_mg", optional_mg(a.per_course)}});
    if (!a.base) continue;
    Json& active = j["actives"].back();
    active["form"] = a.base->form;
    active["base_final_mg_per_mL"] = to_double(in_mg_per_ml(a.base->final_strength));
    active["base_per_injection_mg"] = optional_mg(a.base->per_injection);
    active["base_per_session_mg"] = optional_mg(a.base->per_session);
    active["base_per_course_mg"] = optional_mg(a.base->per_course);
  }
  j["warnings"] = Json::array();
  for (const auto& w : r.warnings)
    j["warnings"].push_back(
        {{"code", w.code}, {"active", w.active.empty() ? Json(nullptr) : Json(w.active)}, {"message", w.message}});
  if (r.override_reason) j["override"] = {{"reason", *r.override_reason}};
  return j;
}

Json draw_value(const Draw& d) {
  return {{"draw_mL", to_double(in_ml(d.drawn))},
          {"nominal_mL", to_double(in_ml(d.nominal))},
          {"syringe", d.syringe.name},
          {"draws", d.draws},
          {"deviation_pct", to_double(d.deviation_pct)}};
}

}  // namespace

std::string dose_json(const DoseResult& r) { return dose_value(r).dump(2) + "\n"; }

std::string dose_json_line(const DoseResult& r) { return dose_value(r).dump(); }

std::string mix_json(const MixResult& r) {
  Json j = dose_value(r.dose);
  // each component and adjunct from its draw, which carries it
  j["components"] = Json::array();
  j["adjuncts"] = Json::array();
  Json diluent = nullptr;
  for (const Draw& d : r.draws) {
    if (d.component) {
      j["components"].push_back(component_value(*d.component));
      j["components"].back().update(draw_value(d));
    } else if (d.adjunct) {
      j["adjuncts"].push_back(adjunct_value(*d.adjunct));
      j["adjuncts"].back().update(draw_value(d));
    } else {
      diluent = {{"name", d.what}};
      diluent.update(draw_value(d));
    }
  }
  // bedside adjuncts are added at the session: in the protocol, not in the preparation
  for (const auto& a : r.dose.protocol.adjuncts)
    if (a.bedside) {
      j["adjuncts"].push_back(adjunct_value(a));
      j["adjuncts"].back()["bedside"] = true;
    }
  // each active's delivered figures beside its nominal ones, found by its id
  for (const DeliveredActive& a : r.actives) {
    for (Json& nominal : j["actives"]) {
      if (nominal["active"] != a.active) continue;
      nominal["delivered_final_mg_per_mL"] = to_double(in_mg_per_ml(a.delivered_strength));
      nominal["delivered_per_injection_mg"] = to_double(in_mg(*a.delivered_per_injection));
      nominal["delivered_per_session_mg"] = to_double(in_mg(*a.delivered_per_session));
      nominal["deviation_pct"] = to_double(a.deviation_pct);
      if (!a.base) continue;
      nominal["base_delivered_final_mg_per_mL"] = to_double(in_mg_per_ml(a.base->delivered_strength));
      nominal["base_delivered_per_injection_mg"] = to_double(in_mg(*a.base->delivered_per_injection));
      nominal["base_delivered_per_session_mg"] = to_double(in_mg(*a.base->delivered_per_session));
    }
  }
  j["schedule"] = schedule_value(r.dose);
  Json units = Json::array();
  for (const auto& u : r.units)
    units.push_back({{"session", u.session},
                     {"day", u.day ? Json(*u.day) : Json(nullptr)},
                     {"volume_mL", to_double(in_ml(u.volume))}});
  j["mix"] = {{"sessions", r.sessions_wanted ? Json(*r.sessions_wanted) : Json(nullptr)},
              {"overage_pct", to_double(r.options.overage_pct)},
              {"target_volume_mL", to_double(in_ml(r.target_volume))},
              {"scale", to_double(r.scale)},
              {"final_volume_mL", to_double(in_ml(r.final_volume))},
              {"sessions_covered", r.sessions_covered},
              {"from_session", r.from_session},
              {"bud", r.options.bud ? bud_value(*r.options.bud) : Json(nullptr)},
              {"units", units},
              {"leftover_mL", to_double(in_ml(r.leftover))},
              {"diluent", diluent}};
  // "batch" and "sessions_per_batch" above are the protocol's own batch (its formula); what this
  // worksheet prepares is here (docs/mix.md, "The JSON")
  j["prepared"] = {{"volume_mL", to_double(in_ml(r.final_volume))},
                   {"sessions_covered", r.sessions_covered},
                   {"scale_of_protocol_batch", to_double(r.scale)}};
  return j.dump(2) + "\n";
}

std::string plan_json(const PlanResult& p) {
  Json plan = Json::array();
  for (const auto& prep : p.preparations)
    plan.push_back({{"preparation", prep.number},
                    {"sessions", prep.sessions},
                    {"days", p.dose.schedule ? Json(prep.days) : Json(nullptr)},
                    {"volume_mL", to_double(in_ml(prep.volume))}});
  Json j;
  j["plan"] = plan;
  j["bud"] = bud_value(p.bud);
  return j.dump(2) + "\n";
}

}  // namespace mesomix
