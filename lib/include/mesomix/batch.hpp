// The batch file: what the pharmacist fills in for one preparation (docs/batch-file.md): lot,
// dates, people, what it was scaled to, and the product, maker, lot and expiry of every stock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/bud.hpp"
#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/schedule.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

// One lot as used: its number, expiry and (components) the volume drawn from it.
struct LotUsed {
  std::string lot;
  Date expiry;
  std::optional<Volume> volume;  // given when several lots share one draw
  SourcePos at;
  SourcePos expiry_at;
};

struct SourcedItem {
  std::string active;  // components only: as written
  std::string product;
  std::string manufacturer;
  std::optional<Strength> strength;  // the strength on the lot's label; must equal the protocol's stock
  SourcePos strength_at;
  std::vector<LotUsed> lots;  // one or more: `lot`/`expiry` keys, or [[component.lot]] tables
  SourcePos at;

  // The lot numbers as printed ("A1234, A1240"), and the earliest expiry of them.
  std::string lot_numbers() const;
  const LotUsed& earliest() const;
};

// [patient]: without it the record says "not patient-specific".
struct Patient {
  std::string id;
  std::string name;
  std::optional<Date> birth_date;
  std::optional<Mass> weight;  // "72 kg": what per-kg limits are computed from
  std::string weight_text;     // as written, for the record and the label
  SourcePos at;
  SourcePos weight_at;
};

// [order]: who prescribed it, and the prescription's number.
struct Order {
  std::string prescriber;
  std::string number;
  SourcePos at;
};

// [[adjunct]]: a kit lot for an adjunct added at the bedside (a PRP kit).
struct AdjunctLot {
  std::string name;
  std::string lot;
  Date expiry;
  SourcePos at;
  SourcePos expiry_at;
};

struct Batch {
  std::string file;
  std::string sha256;
  std::string lot;
  DateTime prepared;
  std::string preparer;
  std::string verifier;
  std::int64_t first_session = 1;  // the first session of the course covered
  std::optional<std::int64_t> sessions;
  std::optional<Volume> volume;
  std::optional<CompoundingConditions> compounding;  // [compounding]: the conditions of the BUD limit
  DateTime bud;
  std::string storage;
  std::optional<Patient> patient;
  std::optional<Order> order;
  std::vector<SourcedItem> components;
  std::optional<SourcedItem> diluent;
  std::vector<AdjunctLot> adjuncts;
  SourcePos at;  // the [batch] table
  SourcePos verifier_at;
  SourcePos bud_at;
  SourcePos prepared_at;
  SourcePos first_session_at;
  SourcePos compounding_at;
};

// Structure and types; whether it fits a protocol is checked against the protocol (record.hpp).
Expected<Batch, Diagnostics> load_batch(std::string_view text, const std::string& file);

}  // namespace mesomix
