// The one small interface between the log and its database engines: open, run SQL with $1..$n
// parameters, transactions. SQLite through libsqlite3, PostgreSQL through libpq (opened with
// dlopen when a postgresql:// log is used, so the other commands never load it).
// Everything above this interface is one code path for both engines.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "mesomix/diagnostic.hpp"

namespace mesomix::logdb {

enum class Engine { sqlite, postgresql };

// Raised by a driver; the log layer turns it into a LogFailure at its boundary.
struct DbError : std::runtime_error {
  ExitCode code;
  DbError(ExitCode c, const std::string& message) : std::runtime_error(message), code(c) {}
};

struct Blob {
  std::string bytes;
};
using Param = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;

// A row's values as bytes (bytea and blob decoded, numbers as decimal text); nullopt is NULL.
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

enum class Open { read, write };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // Runs SQL without parameters (several statements allowed).
  virtual void exec(const std::string& sql) = 0;
  virtual Rows query(const std::string& sql, const std::vector<Param>& params = {}) = 0;
  // A write transaction that excludes every other writer until commit (SQLite: BEGIN
  // IMMEDIATE, waiting up to the busy timeout; PostgreSQL: a lock taken inside the transaction).
  virtual void begin_write() = 0;
  virtual void begin_read() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  virtual bool has_table(const std::string& name) = 0;
  // The type names of the one schema in this engine's words.
  virtual std::string blob_type() const = 0;
};

// nullptr when the log does not exist and `mode` is read (an empty log).
std::unique_ptr<Connection> open_sqlite(const std::string& path, const std::string& shown, Open mode);
std::unique_ptr<Connection> open_postgresql(const std::string& uri, const std::string& shown, Open mode);

}  // namespace mesomix::logdb
