// A protocol as docs/protocol-format.md defines it, loaded and validated: plain values, typed
// quantities, and where each came from so that later checks can point at the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/catalog.hpp"
#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

struct ProtocolInfo {
  std::string id;
  std::string title;
  std::string version;
  std::string indication;
  std::vector<std::string> authors;
  std::vector<std::string> references;
};

// A stock solution drawn into the mix: by its volume (parts mode) or by the strength
// wanted in the cocktail (target mode); exactly one of the two.
struct Component {
  std::string active;          // catalog id, or the name as written when the catalog lacks it
  std::string active_written;  // as the protocol wrote it
  bool in_catalog = false;
  Strength stock;
  std::string stock_written;
  std::optional<Volume> volume;
  std::optional<Strength> final_strength;
  std::string product;
  std::string acknowledged;  // who decided to use a withdrawn or suspended active, and why
  // The salt or hydrate the stock's strength is of, by its catalog name ("lidocaine
  // hydrochloride"), from `form` or from an `active` that names it; empty for the base.
  std::string form;
  // stock x base_per_form is the strength of the base: M(base) / M(form), exact; 1 for the base.
  Exact base_per_form{1};
  // The volume of one ampoule or vial (single-dose: what is left is discarded).
  std::optional<Volume> presentation;
  SourcePos at;         // the [[component]] table
  SourcePos final_at;   // the `final` value, when given
  SourcePos active_at;  // the `active` value
  SourcePos stock_at;   // the `stock` value
  SourcePos form_at;    // the `form` value, when given
};

// A volume with no dose of its own (PRP, hyaluronic acid gel, ...): it dilutes the actives.
struct Adjunct {
  std::string name;
  Volume volume;
  // Added at the session and never stored (autologous PRP): left out of the preparation.
  bool bedside = false;
};

struct Diluent {
  std::string name;
  std::optional<Volume> volume;  // only without [batch]
  SourcePos at;
};

struct Injection {
  std::string technique;
  Volume volume_per_point;
  std::optional<std::int64_t> points_per_session;
  std::optional<Volume> session_volume;
  Volume dead_volume_per_session;
  std::string needle;
  std::optional<Length> depth;
  SourcePos session_volume_at;
};

struct Phase {
  std::int64_t sessions = 0;
  Duration every;
  std::string every_written;  // printed as written: "1 week"
};

struct Course {
  std::int64_t sessions = 0;
  std::optional<std::int64_t> session_minutes;
  std::vector<Phase> phases;
  // The interval when there are no phases; at least one day, a whole number of days.
  std::optional<Duration> every;
  std::string every_written;
};

// What stability data allow, when shorter than the BUD rules' limit (its source in references).
struct Stability {
  std::optional<Duration> max_bud;
  std::string max_bud_written;
  SourcePos at;
};

struct ActiveLimits {
  std::string active;   // catalog id when known, else the component's active as written
  std::string written;  // the key as the protocol wrote it
  MassLimits limits;    // of the base: a key naming a salt form has its figures converted
  std::string form;     // the form the key named ([limits."lidocaine hydrochloride"]), else empty
  SourcePos at;
};

struct Instructions {
  std::vector<std::string> before;
  std::vector<std::string> after;
  std::vector<std::string> contraindications;
};

struct Protocol {
  std::string file;
  std::string sha256;  // of the file's bytes
  ProtocolInfo info;
  std::vector<Component> components;
  std::vector<Adjunct> adjuncts;
  std::optional<Diluent> diluent;
  std::optional<Volume> batch_volume;
  SourcePos batch_at;
  std::optional<Injection> injection;  // absent only in a mechanical protocol
  Course course;
  Stability stability;
  std::vector<ActiveLimits> limits;
  Instructions instructions;

  // No cocktail: micro-perforation only.
  bool mechanical() const { return components.empty() && adjuncts.empty(); }
  bool has_bedside() const {
    for (const auto& a : adjuncts)
      if (a.bedside) return true;
    return false;
  }
};

// What makes two components one stock: the active, the form (give "" to set forms aside) and
// the strength, as one string for a hash map (a reduced fraction is written one way only, so
// its terms name the strength). Both checks of a stock given twice look stocks up by it, each
// component once: comparing every pair took seconds at the input cap.
std::string same_stock_key(std::string_view active, std::string_view form, const Strength& stock);

struct LoadedProtocol {
  Protocol protocol;
  Diagnostics warnings;
};

// Every error in the file at once, each with its line and column and a hint.
Expected<LoadedProtocol, Diagnostics> load_protocol(std::string_view text, const std::string& file,
                                                    const Catalog& catalog);

}  // namespace mesomix
