// The dose JSON of docs/command-line.md. Exact values become the nearest double only here.
#include <nlohmann/json.hpp>

#include "mesomix/render.hpp"
#include "render/json_line.hpp"

namespace mesomix {
namespace {

using Json = nlohmann::ordered_json;

using detail::JsonLine;

double mg(const Mass& m) { return to_double(in_mg(m)); }
std::optional<double> optional_mg(const std::optional<Mass>& m) {
  return m ? std::optional<double>(mg(*m)) : std::nullopt;
}

// A stock of a salt keeps its figures as labelled and adds its form and the base it holds.
void write_component(JsonLine& j, const ComponentFigures& c) {
  j.begin_object();
  j.field("active", c.active);
  j.field("stock_mg_per_mL", to_double(in_mg_per_ml(c.stock)));
  j.field("volume_mL", to_double(in_ml(c.volume)));
  if (!c.written.form.empty()) {
    j.field("form", c.written.form);
    j.field("base_stock_mg_per_mL", to_double(in_mg_per_ml(c.base_stock)));
  }
  j.end_object();
}

void write_adjunct(JsonLine& j, const Adjunct& a) {
  j.begin_object();
  j.field("name", a.name);
  j.field("volume_mL", to_double(in_ml(a.volume)));
  j.end_object();
}

void write_schedule(JsonLine& j, const DoseResult& r) {
  if (!r.schedule) return j.null();
  j.begin_array();
  for (const auto& s : *r.schedule) {
    j.begin_object();
    j.field("session", s.session);
    j.field("day", s.day);
    j.end_object();
  }
  j.end_array();
}

// The dose JSON, written once here: dose_json_line is it, and every other JSON reads it back.
void write_dose(JsonLine& j, const DoseResult& r) {
  j.begin_object();
  j.field("schema", 1);
  j.key("protocol");
  j.begin_object();
  j.field("id", r.protocol.info.id);
  j.field("version", r.protocol.info.version);
  j.field("sha256", r.protocol.sha256);
  j.end_object();
  j.key("batch");
  j.begin_object();
  j.field("volume_mL", to_double(in_ml(r.batch_volume)));
  j.field("diluent_mL", to_double(in_ml(r.diluent_volume)));
  j.end_object();
  j.key("components");
  j.begin_array();
  for (const auto& c : r.components) write_component(j, c);
  j.end_array();
  j.key("adjuncts");
  j.begin_array();
  for (const auto& a : r.protocol.adjuncts) write_adjunct(j, a);
  j.end_array();
  j.key("session");
  if (r.session) {
    const SessionFigures& s = *r.session;
    j.begin_object();
    j.field("points", s.points);
    j.field("volume_per_point_mL", to_double(in_ml(s.volume_per_point)));
    j.field("volume_mL", to_double(in_ml(s.volume)));
    j.field("dead_volume_mL", to_double(in_ml(s.dead_volume)));
    j.field("drawn_mL", to_double(in_ml(s.drawn)));
    j.end_object();
  } else {
    j.null();
  }
  j.key("course");
  j.begin_object();
  j.field("sessions", r.protocol.course.sessions);
  j.key("volume_mL");
  if (r.session)
    j.value(to_double(in_ml(*r.course_volume)));
  else
    j.null();
  j.field("session_minutes", r.protocol.course.session_minutes);
  j.key("schedule");
  write_schedule(j, r);
  j.end_object();
  j.key("sessions_per_batch");
  if (r.session)
    j.value(*r.sessions_per_batch);
  else
    j.null();
  j.key("actives");
  j.begin_array();
  for (const auto& a : r.actives) {
    // protocol-format.md, "Salt forms": the figures as labelled, and the base's prefixed base_
    j.begin_object();
    j.field("active", a.active);
    j.field("final_mg_per_mL", to_double(in_mg_per_ml(a.final_strength)));
    j.field("per_injection_mg", optional_mg(a.per_injection));
    j.field("per_session_mg", optional_mg(a.per_session));
    j.field("per_course_mg", optional_mg(a.per_course));
    if (a.base) {
      j.field("form", a.base->form);
      j.field("base_final_mg_per_mL", to_double(in_mg_per_ml(a.base->final_strength)));
      j.field("base_per_injection_mg", optional_mg(a.base->per_injection));
      j.field("base_per_session_mg", optional_mg(a.base->per_session));
      j.field("base_per_course_mg", optional_mg(a.base->per_course));
    }
    j.end_object();
  }
  j.end_array();
  j.key("warnings");
  j.begin_array();
  for (const auto& w : r.warnings) {
    j.begin_object();
    j.field("code", w.code);
    j.key("active");
    if (w.active.empty())
      j.null();
    else
      j.value(w.active);
    j.field("message", w.message);
    j.end_object();
  }
  j.end_array();
  if (r.override_reason) {
    j.key("override");
    j.begin_object();
    j.field("reason", *r.override_reason);
    j.end_object();
  }
  j.end_object();
}

Json dose_value(const DoseResult& r) { return Json::parse(dose_json_line(r)); }

// What a writer above wrote, read back as a tree (for the JSON that adds to it: mix).
template <class Write, class Value>
Json tree_of(Write write, const Value& v) {
  JsonLine j;
  write(j, v);
  return Json::parse(j.text());
}

Json component_value(const ComponentFigures& c) { return tree_of(write_component, c); }
Json adjunct_value(const Adjunct& a) { return tree_of(write_adjunct, a); }
Json schedule_value(const DoseResult& r) { return tree_of(write_schedule, r); }

Json bud_value(const BudLimit& b) { return {{"hours", in_hours(b.limit)}, {"basis", b.basis_text}}; }

Json draw_value(const Draw& d) {
  return {{"draw_mL", to_double(in_ml(d.drawn))},
          {"nominal_mL", to_double(in_ml(d.nominal))},
          {"syringe", d.syringe.name},
          {"draws", d.draws},
          {"deviation_pct", to_double(d.deviation_pct)}};
}

}  // namespace

std::string dose_json(const DoseResult& r) { return dose_value(r).dump(2) + "\n"; }

std::string dose_json_line(const DoseResult& r) {
  JsonLine j;
  write_dose(j, r);
  return std::move(j.text());
}

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
