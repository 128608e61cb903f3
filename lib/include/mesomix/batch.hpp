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

struct SourcedItem {
  std::string active;  // components only: as written
  std::string product;
  std::string manufacturer;
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
  std::vector<SourcedItem> components;
  std::optional<SourcedItem> diluent;
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
