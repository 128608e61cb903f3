// The compounding log under test, on every engine at hand: an SQLite file in a temporary
// folder always, and a fresh database on the throwaway PostgreSQL server that
// tests/pg/with-postgres starts (MESOMIX_TEST_PG). Nothing here touches the user's own log.
#pragma once

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "log/driver.hpp"
#include "support.hpp"

namespace test_support {

// sqlite, and postgresql when a test server is up; MESOMIX_TEST_ENGINES=postgresql runs that alone.
inline std::vector<std::string> log_engines() {
  std::vector<std::string> engines;
  const char* only = std::getenv("MESOMIX_TEST_ENGINES");
  const bool pg = std::getenv("MESOMIX_TEST_PG") != nullptr;
  if (only == nullptr || std::string(only) != "postgresql") engines.emplace_back("sqlite");
  if (pg) engines.emplace_back("postgresql");
  return engines;
}

class TestLog {
 public:
  explicit TestLog(const std::string& engine) : engine_(engine) {
    if (engine == "sqlite") {
      uri_ = "sqlite:" + (dir_.path() / "log.sqlite").string();
      return;
    }
    static std::atomic<int> counter{0};
    const std::string admin = std::getenv("MESOMIX_TEST_PG");
    const std::string db = "mesomix_t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    const std::string psql = std::getenv("MESOMIX_TEST_PG_BIN") != nullptr
                                 ? std::string(std::getenv("MESOMIX_TEST_PG_BIN")) + "/psql"
                                 : std::string("psql");
    const std::string command = shell_quote(psql) + " -qAt " + shell_quote(admin) + " -c " +
                                shell_quote("CREATE DATABASE " + db) + " >/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot create test database " + db);
    uri_ = admin.substr(0, admin.rfind('/') + 1) + db;
  }

  const std::string& uri() const { return uri_; }
  const std::string& engine() const { return engine_; }
  const TempDir& dir() const { return dir_; }

  // A raw connection, to change the log behind mesomix's back.
  std::unique_ptr<mesomix::logdb::Connection> raw() const {
    if (engine_ == "sqlite") return mesomix::logdb::open_sqlite(uri_.substr(7), uri_, mesomix::logdb::Open::write);
    return mesomix::logdb::open_postgresql(uri_, uri_, mesomix::logdb::Open::write);
  }

 private:
  std::string engine_;
  TempDir dir_;
  std::string uri_;
};

}  // namespace test_support
