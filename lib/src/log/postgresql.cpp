// The PostgreSQL driver: libpq, loaded with dlopen when a postgresql:// log is used (commands
// that never touch PostgreSQL never pay for libpq and its TLS and Kerberos libraries).
// Appends lock the entry table inside their transaction, so writers on many machines keep one
// linear chain.
#include <dlfcn.h>
#include <libpq-fe.h>

#include <mutex>

#include <fmt/format.h>

#include "log/driver.hpp"

namespace mesomix::logdb {
namespace {

constexpr Oid int8_oid = 20;
constexpr Oid bytea_oid = 17;
constexpr int lock_timeout_s = 30;

// The few libpq functions the driver calls, resolved once.
struct Libpq {
  decltype(&PQconnectdb) connectdb = nullptr;
  decltype(&PQstatus) status = nullptr;
  decltype(&PQerrorMessage) error_message = nullptr;
  decltype(&PQfinish) finish = nullptr;
  decltype(&PQexec) exec = nullptr;
  decltype(&PQexecParams) exec_params = nullptr;
  decltype(&PQresultStatus) result_status = nullptr;
  decltype(&PQresultErrorMessage) result_error_message = nullptr;
  decltype(&PQresultErrorField) result_error_field = nullptr;
  decltype(&PQclear) clear = nullptr;
  decltype(&PQntuples) ntuples = nullptr;
  decltype(&PQnfields) nfields = nullptr;
  decltype(&PQgetvalue) getvalue = nullptr;
  decltype(&PQgetlength) getlength = nullptr;
  decltype(&PQgetisnull) getisnull = nullptr;
  decltype(&PQftype) ftype = nullptr;
  decltype(&PQunescapeBytea) unescape_bytea = nullptr;
  decltype(&PQfreemem) freemem = nullptr;
  decltype(&PQsetNoticeProcessor) set_notice_processor = nullptr;
  std::string problem;
};

template <class F>
void resolve(void* handle, F& f, const char* name, std::string& problem) {
  f = reinterpret_cast<F>(::dlsym(handle, name));
  if (f == nullptr && problem.empty()) problem = fmt::format("libpq has no {}", name);
}

const Libpq& libpq() {
  static Libpq pq;
  static std::once_flag once;
  std::call_once(once, [] {
    void* h = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* why = ::dlerror();
      pq.problem = fmt::format("PostgreSQL's client library libpq.so.5 cannot be loaded ({}); install libpq5",
                               why != nullptr ? why : "not found");
      return;
    }
    resolve(h, pq.connectdb, "PQconnectdb", pq.problem);
    resolve(h, pq.status, "PQstatus", pq.problem);
    resolve(h, pq.error_message, "PQerrorMessage", pq.problem);
    resolve(h, pq.finish, "PQfinish", pq.problem);
    resolve(h, pq.exec, "PQexec", pq.problem);
    resolve(h, pq.exec_params, "PQexecParams", pq.problem);
    resolve(h, pq.result_status, "PQresultStatus", pq.problem);
    resolve(h, pq.result_error_message, "PQresultErrorMessage", pq.problem);
    resolve(h, pq.result_error_field, "PQresultErrorField", pq.problem);
    resolve(h, pq.clear, "PQclear", pq.problem);
    resolve(h, pq.ntuples, "PQntuples", pq.problem);
    resolve(h, pq.nfields, "PQnfields", pq.problem);
    resolve(h, pq.getvalue, "PQgetvalue", pq.problem);
    resolve(h, pq.getlength, "PQgetlength", pq.problem);
    resolve(h, pq.getisnull, "PQgetisnull", pq.problem);
    resolve(h, pq.ftype, "PQftype", pq.problem);
    resolve(h, pq.unescape_bytea, "PQunescapeBytea", pq.problem);
    resolve(h, pq.freemem, "PQfreemem", pq.problem);
    resolve(h, pq.set_notice_processor, "PQsetNoticeProcessor", pq.problem);
  });
  if (!pq.problem.empty()) throw DbError(ExitCode::io, pq.problem);
  return pq;
}

void quiet(void*, const char*) {}  // NOTICEs ("relation already exists, skipping") are not for users

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class PgConnection final : public Connection {
 public:
  PgConnection(const Libpq& pq, PGconn* c, std::string shown) : pq_(pq), c_(c), shown_(std::move(shown)) {}
  ~PgConnection() override { pq_.finish(c_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Engine engine() const override { return Engine::postgresql; }
  std::string blob_type() const override { return "BYTEA"; }

  void exec(const std::string& sql) override {
    Result r(pq_, pq_.exec(c_, sql.c_str()));
    check(r.get());
  }

  Rows query(const std::string& sql, const std::vector<Param>& params) override {
    std::vector<Oid> types;
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) {
        types.push_back(0);
        values.push_back(nullptr);
        lengths.push_back(0);
        formats.push_back(0);
      } else if (const auto* n = std::get_if<std::int64_t>(&p)) {
        texts[i] = std::to_string(*n);
        types.push_back(int8_oid);
        values.push_back(texts[i].c_str());
        lengths.push_back(0);
        formats.push_back(0);
      } else if (const auto* s = std::get_if<std::string>(&p)) {
        types.push_back(0);
        values.push_back(s->c_str());
        lengths.push_back(0);
        formats.push_back(0);
      } else {
        const auto& b = std::get<Blob>(p).bytes;
        types.push_back(bytea_oid);
        values.push_back(b.data());
        lengths.push_back(static_cast<int>(b.size()));
        formats.push_back(1);
      }
    }
    Result r(pq_, pq_.exec_params(c_, sql.c_str(), static_cast<int>(params.size()), types.data(), values.data(),
                                  lengths.data(), formats.data(), 0));
    check(r.get());
    Rows rows;
    const int n = pq_.ntuples(r.get());
    const int fields = pq_.nfields(r.get());
    rows.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      Row row;
      row.reserve(static_cast<std::size_t>(fields));
      for (int f = 0; f < fields; ++f) {
        if (pq_.getisnull(r.get(), i, f) != 0) {
          row.emplace_back(std::nullopt);
          continue;
        }
        const char* v = pq_.getvalue(r.get(), i, f);
        if (pq_.ftype(r.get(), f) == bytea_oid) {
          std::size_t size = 0;
          unsigned char* bytes = pq_.unescape_bytea(reinterpret_cast<const unsigned char*>(v), &size);
          if (bytes == nullptr) throw DbError(ExitCode::io, "out of memory decoding a bytea value");
          row.emplace_back(std::string(reinterpret_cast<const char*>(bytes), size));
          pq_.freemem(bytes);
        } else {
          row.emplace_back(std::string(v, static_cast<std::size_t>(pq_.getlength(r.get(), i, f))));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void begin_write() override {
    exec(fmt::format("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '{}s'", lock_timeout_s));
    // the append lock: writers wait here, one at a time, readers do not (auditors.md)
    exec("SELECT pg_advisory_xact_lock(727473)");
  }
  void begin_read() override { exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override {
    PGresult* r = pq_.exec(c_, "ROLLBACK");
    if (r != nullptr) pq_.clear(r);
  }

  bool has_table(const std::string& name) override {
    return !query("SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = $1 AND schemaname = current_schema()", {name})
                .empty();
  }

 private:
  struct Result {
    const Libpq& pq;
    PGresult* r;
    Result(const Libpq& p, PGresult* result) : pq(p), r(result) {}
    ~Result() {
      if (r != nullptr) pq.clear(r);
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    PGresult* get() const { return r; }
  };

  void check(PGresult* r) const {
    if (r == nullptr)
      throw DbError(ExitCode::io, fmt::format("the log {}: {}", shown_, trimmed(pq_.error_message(c_))));
    const auto status = pq_.result_status(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = pq_.result_error_field(r, PG_DIAG_SQLSTATE);
    const std::string code = state != nullptr ? state : "";
    const std::string message = trimmed(pq_.result_error_message(r));
    if (code == "55P03" || code == "57014")
      throw DbError(ExitCode::io,
                    fmt::format("the log {} is locked by another writer for more than {} s", shown_, lock_timeout_s));
    if (code == "25006" || code == "42501")
      throw DbError(ExitCode::io, fmt::format("the log {} is read-only: {}", shown_, message));
    throw DbError(ExitCode::io, fmt::format("the log {}: {}", shown_, message));
  }

  const Libpq& pq_;
  PGconn* c_;
  std::string shown_;
};

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& uri, const std::string& shown, Open) {
  const Libpq& pq = libpq();
  PGconn* c = pq.connectdb(uri.c_str());
  if (c == nullptr) throw DbError(ExitCode::io, fmt::format("the log {} cannot be reached: out of memory", shown));
  if (pq.status(c) != CONNECTION_OK) {
    std::string why = trimmed(pq.error_message(c));
    pq.finish(c);
    // libpq's messages name host and port, never the password; keep them to one line
    for (auto& ch : why)
      if (ch == '\n') ch = ' ';
    throw DbError(ExitCode::io, fmt::format("the log {} cannot be reached: {}", shown, why));
  }
  pq.set_notice_processor(c, &quiet, nullptr);
  auto connection = std::make_unique<PgConnection>(pq, c, shown);
  connection->exec("SET client_encoding = 'UTF8'; SET standard_conforming_strings = on");
  return connection;
}

}  // namespace mesomix::logdb
