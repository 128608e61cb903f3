// The SQLite driver: a file on this machine, created 0600 (it holds patients' names), WAL
// journal, every append inside BEGIN IMMEDIATE with a busy timeout.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "log/driver.hpp"

namespace mesomix::logdb {
namespace {

constexpr int busy_timeout_ms = 30000;

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::string shown) : db_(db), shown_(std::move(shown)) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::sqlite; }
  std::string blob_type() const override { return "BLOB"; }

  void exec(const std::string& sql) override {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      const std::string text = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      fail(rc, text);
    }
  }

  Rows query(const std::string& sql, const std::vector<Param>& params) override {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
    if (rc != SQLITE_OK) fail(rc, sqlite3_errmsg(db_));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = sqlite3_bind_parameter_index(raw, fmt::format("${}", i + 1).c_str());
      if (at == 0) continue;
      const Param& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p))
        rc = sqlite3_bind_null(raw, at);
      else if (const auto* n = std::get_if<std::int64_t>(&p))
        rc = sqlite3_bind_int64(raw, at, *n);
      else if (const auto* s = std::get_if<std::string>(&p))
        rc = sqlite3_bind_text64(raw, at, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      else {
        const auto& b = std::get<Blob>(p).bytes;
        rc = sqlite3_bind_blob64(raw, at, b.data(), b.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) fail(rc, sqlite3_errmsg(db_));
    }
    Rows rows;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      const int n = sqlite3_column_count(raw);
      Row row;
      row.reserve(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
          continue;
        }
        const auto* data = static_cast<const char*>(sqlite3_column_blob(raw, c));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(raw, c));
        row.emplace_back(data != nullptr ? std::string(data, size) : std::string());
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) fail(rc, sqlite3_errmsg(db_));
    return rows;
  }

  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void begin_read() override { exec("BEGIN"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  bool has_table(const std::string& name) override {
    return !query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", {name}).empty();
  }

 private:
  [[noreturn]] void fail(int rc, const std::string& message) const {
    switch (rc & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        throw DbError(ExitCode::io, fmt::format("the log {} is locked by another writer for more than {} s", shown_,
                                                busy_timeout_ms / 1000));
      case SQLITE_READONLY:
        throw DbError(ExitCode::io, fmt::format("the log {} is read-only: {}", shown_, message));
      case SQLITE_NOTADB:
      case SQLITE_CORRUPT:
        throw DbError(ExitCode::io, fmt::format("{} is not a readable mesomix log: {}", shown_, message));
      default:
        throw DbError(ExitCode::io, fmt::format("the log {}: {}", shown_, message));
    }
  }

  sqlite3* db_;
  std::string shown_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, const std::string& shown, Open mode) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (!exists && mode == Open::read) return nullptr;
  if (exists && fs::is_directory(path, ec))
    throw DbError(ExitCode::io, fmt::format("the log {} is a directory", shown));
  if (!exists) {
    // the folder 0700 and the file 0600 (under the umask): the log holds patients' names
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::exists(parent, ec)) {
      fs::create_directories(parent, ec);
      if (ec)
        throw DbError(ExitCode::io,
                      fmt::format("the log {} cannot be created: {}: {}", shown, parent.string(), ec.message()));
      ::chmod(parent.c_str(), 0700);
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      throw DbError(ExitCode::io, fmt::format("the log {} cannot be created: {}", shown, std::strerror(errno)));
    ::close(fd);
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK && mode == Open::read) {
    sqlite3_close_v2(db);
    db = nullptr;
    rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  }
  if (rc != SQLITE_OK) {
    const std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
      throw DbError(ExitCode::io, fmt::format("the log {} cannot be opened for writing: {}", shown, why));
    throw DbError(ExitCode::io, fmt::format("the log {} cannot be opened: {}", shown, why));
  }
  auto connection = std::make_unique<SqliteConnection>(db, shown);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  if (mode == Open::write) {
    if (::access(path.c_str(), W_OK) != 0)
      throw DbError(ExitCode::io, fmt::format("the log {} is read-only: {}", shown, std::strerror(errno)));
    connection->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
  }
  return connection;
}

}  // namespace mesomix::logdb
