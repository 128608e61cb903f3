// The batch file: what the pharmacist fills in for one preparation (docs/batch-file.md): lot,
// dates, people, what it was scaled to, and the product, maker, lot and expiry of every stock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

struct DateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;
  auto operator<=>(const DateTime&) const = default;
};

std::string to_iso(const Date& d);      // 2027-03-31
std::string to_iso(const DateTime& t);  // 2026-11-24T10:30:00

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
  std::optional<std::int64_t> sessions;
  std::optional<Volume> volume;
  DateTime bud;
  std::string storage;
  std::vector<SourcedItem> components;
  std::optional<SourcedItem> diluent;
  SourcePos at;  // the [batch] table
  SourcePos verifier_at;
  SourcePos bud_at;
};

// Structure and types; whether it fits a protocol is checked against the protocol (record.hpp).
Expected<Batch, Diagnostics> load_batch(std::string_view text, const std::string& file);

}  // namespace mesomix
