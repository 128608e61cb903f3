// The compounding log above the driver: one schema, versioned migrations, the hash chain,
// appends, queries and verification, the same SQL on SQLite and PostgreSQL.
#include "mesomix/log.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "log/driver.hpp"
#include "mesomix/sha256.hpp"

namespace mesomix {
namespace {

using logdb::Blob;
using logdb::Connection;
using logdb::DbError;
using logdb::Open;
using logdb::Param;
using logdb::Row;
using logdb::Rows;
using nlohmann::json;

// ---- schema ---------------------------------------------------------------------------------

// Version n's statements turn a schema n-1 into schema n. {blob} is the engine's byte type.
struct Migration {
  int version;
  const char* sql;
};
constexpr Migration migrations[] = {
    {1, R"sql(
CREATE TABLE log_entry (
  number BIGINT PRIMARY KEY,
  lot TEXT NOT NULL,
  prepared TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  protocol_id TEXT NOT NULL,
  supersedes BIGINT,
  inputs_sha256 TEXT NOT NULL,
  record {blob} NOT NULL,
  record_sha256 TEXT NOT NULL,
  facts TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX log_entry_lot ON log_entry (lot);
CREATE INDEX log_entry_patient ON log_entry (patient_id);
CREATE INDEX log_entry_prepared ON log_entry (prepared);
CREATE INDEX log_entry_supersedes ON log_entry (supersedes);
CREATE TABLE log_blob (sha256 TEXT PRIMARY KEY, content {blob} NOT NULL);
CREATE TABLE log_input (
  entry BIGINT NOT NULL, position BIGINT NOT NULL, role TEXT NOT NULL, sha256 TEXT NOT NULL,
  PRIMARY KEY (entry, position));
CREATE TABLE log_lot (entry BIGINT NOT NULL, lot TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX log_lot_lot ON log_lot (lot);
CREATE INDEX log_lot_entry ON log_lot (entry);
CREATE TABLE log_active (entry BIGINT NOT NULL, name TEXT NOT NULL);
CREATE INDEX log_active_name ON log_active (name);
CREATE INDEX log_active_entry ON log_active (entry);
INSERT INTO mesomix_log_meta (key, value) VALUES ('chain_length', '0');
INSERT INTO mesomix_log_meta (key, value) VALUES ('chain_head', '0000000000000000000000000000000000000000000000000000000000000000');
)sql"},
};
constexpr int schema_version = 1;
const std::string zero_hash(64, '0');

std::string with_types(std::string sql, const Connection& c) {
  const std::string blob = c.blob_type();
  for (std::size_t at = sql.find("{blob}"); at != std::string::npos; at = sql.find("{blob}", at))
    sql.replace(at, 6, blob);
  return sql;
}

// The schema version of an open log; 0 when it has none yet.
int stored_version(Connection& c) {
  if (!c.has_table("mesomix_log_meta")) return 0;
  const Rows rows = c.query("SELECT value FROM mesomix_log_meta WHERE key = 'schema_version'");
  if (rows.empty() || !rows[0][0]) return 0;
  return std::atoi(rows[0][0]->c_str());
}

void refuse_newer(int version, const std::string& shown) {
  if (version > schema_version)
    throw DbError(ExitCode::io, fmt::format("the log {} was written by a newer mesomix (log schema {}; this mesomix "
                                            "knows schema {} and older); hint: upgrade mesomix",
                                            shown, version, schema_version));
}

// Inside a write transaction: bring the schema up to date, one migration at a time.
void migrate(Connection& c, const std::string& shown) {
  int version = stored_version(c);
  refuse_newer(version, shown);
  if (version == 0 && !c.has_table("mesomix_log_meta"))
    c.exec("CREATE TABLE mesomix_log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  if (version == schema_version) return;
  for (const auto& m : migrations) {
    if (m.version <= version) continue;
    c.exec(with_types(m.sql, c));
    version = m.version;
  }
  c.query("DELETE FROM mesomix_log_meta WHERE key = 'schema_version'");
  c.query("INSERT INTO mesomix_log_meta (key, value) VALUES ('schema_version', $1)", {std::to_string(version)});
}

// ---- where the log is -----------------------------------------------------------------------

struct Location {
  logdb::Engine engine;
  std::string target;  // a path or a libpq URI
};

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Location locate(const std::string& uri) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) return {logdb::Engine::postgresql, uri};
  if (uri.rfind("sqlite:", 0) == 0) {
    std::string path = uri.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) throw DbError(ExitCode::usage, "the log \"sqlite:\" names no file; hint: sqlite:PATH");
    return {logdb::Engine::sqlite, path};
  }
  if (ends_with(uri, ".sqlite") || ends_with(uri, ".db")) return {logdb::Engine::sqlite, uri};
  throw DbError(ExitCode::usage,
                fmt::format("\"{}\" is not a log location; hint: write sqlite:PATH, a path ending in .sqlite or .db, "
                            "or postgresql://USER@HOST:PORT/DB",
                            masked_uri(uri)));
}

std::unique_ptr<Connection> connect(const std::string& uri, Open mode) {
  const Location where = locate(uri);
  const std::string shown = masked_uri(uri);
  if (where.engine == logdb::Engine::sqlite) return logdb::open_sqlite(where.target, shown, mode);
  return logdb::open_postgresql(where.target, shown, mode);
}

// A connection to read from, at a schema this mesomix knows; nullptr for a log that does not
// exist yet (empty).
std::unique_ptr<Connection> connect_to_read(const std::string& uri) {
  auto c = connect(uri, Open::read);
  if (!c) return nullptr;
  const int version = stored_version(*c);
  refuse_newer(version, masked_uri(uri));
  if (version == 0) return nullptr;
  return c;
}

template <class F>
auto guarded(F&& f) -> Expected<decltype(f()), LogFailure> {
  try {
    return f();
  } catch (const DbError& e) {
    return unexpected(LogFailure{e.code, e.what()});
  } catch (const std::exception& e) {
    return unexpected(LogFailure{ExitCode::io, fmt::format("the log: {}", e.what())});
  }
}

// ---- entries --------------------------------------------------------------------------------

std::int64_t to_int(const std::optional<std::string>& v) { return v ? std::stoll(*v) : 0; }

// What makes two records of one lot the same preparation's: the inputs' bytes and the options
// that change what the record says (the patient's weight, an override and its reason, the
// facility, the configured conditions). Not how it is printed (format, paper, language), nor
// the record it replaced: printed again another way, it is the record already logged.
std::string inputs_key(const LogFacts& facts) {
  std::string joined;
  for (const auto& i : facts.inputs) joined += i.role + " " + i.sha256 + "\n";
  for (const auto& [key, value] : facts.options)  // a std::map: in key order
    if (key != "replaces" && key != "paper" && key != "lang") joined += "option " + key + "=" + value + "\n";
  return sha256_hex(joined);
}

// The index rows an entry's facts give: (lot, kind) and active names.
std::vector<std::pair<std::string, std::string>> lot_rows(const LogFacts& f) {
  std::vector<std::pair<std::string, std::string>> rows{{f.lot, "preparation"}};
  for (const auto& l : f.lots) rows.emplace_back(l.lot, l.kind);
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

std::vector<std::string> active_rows(const LogFacts& f) {
  std::vector<std::string> names;
  for (const auto& a : f.actives) names.push_back(a.name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

constexpr const char* summary_columns = "number, facts, supersedes, record_sha256, prev_hash, hash";

LogEntry summary_of(const Row& r) {
  LogEntry e;
  e.number = to_int(r[0]);
  if (auto f = facts_from_json(r[1].value_or(""))) e.facts = std::move(*f);
  if (r[2]) e.supersedes = to_int(r[2]);
  e.record_sha256 = r[3].value_or("");
  e.prev_hash = r[4].value_or("");
  e.hash = r[5].value_or("");
  return e;
}

void mark_superseded(Connection& c, std::vector<LogEntry>& entries) {
  std::map<std::int64_t, std::int64_t> by;
  for (const auto& r : c.query("SELECT supersedes, number FROM log_entry WHERE supersedes IS NOT NULL"))
    by[to_int(r[0])] = to_int(r[1]);
  for (auto& e : entries)
    if (auto it = by.find(e.number); it != by.end()) e.superseded_by = it->second;
}

// The inputs' bytes of one entry, from the blobs.
void load_inputs(Connection& c, LogEntry& e) {
  const Rows rows = c.query(
      "SELECT i.position, b.content FROM log_input i LEFT JOIN log_blob b ON b.sha256 = i.sha256 "
      "WHERE i.entry = $1 ORDER BY i.position",
      {e.number});
  for (const auto& r : rows) {
    const auto at = static_cast<std::size_t>(to_int(r[0]));
    if (at < e.facts.inputs.size()) e.facts.inputs[at].bytes = r[1].value_or("");
  }
}

[[noreturn]] void fault_point() {
  // tests/test_log.cpp kills a writer here, in the middle of its commit
  std::raise(SIGKILL);
  std::abort();
}

bool fault_requested() {
  const char* f = std::getenv("MESOMIX_LOG_FAULT");
  return f != nullptr && std::string_view(f) == "kill-mid-commit";
}

}  // namespace

// ---- public ---------------------------------------------------------------------------------

std::string canonical_facts(const LogFacts& f) {
  json j = json::object();
  j["lot"] = f.lot;
  j["prepared"] = f.prepared;
  j["bud"] = f.bud;
  j["patient"] = {{"id", f.patient_id}, {"name", f.patient_name}};
  j["order"] = {{"prescriber", f.prescriber}, {"number", f.order_number}};
  j["preparer"] = f.preparer;
  j["verifier"] = f.verifier;
  j["protocol"] = {{"id", f.protocol_id}, {"version", f.protocol_version}};
  j["mesomix_version"] = f.mesomix_version;
  j["record_format"] = f.record_format;
  j["sessions"] = f.sessions;
  j["actives"] = json::array();
  for (const auto& a : f.actives) j["actives"].push_back({{"name", a.name}, {"per_session", a.per_session}});
  j["lots"] = json::array();
  for (const auto& l : f.lots)
    j["lots"].push_back(
        {{"kind", l.kind}, {"lot", l.lot}, {"product", l.product}, {"expiry", l.expiry}, {"what", l.what}});
  j["options"] = f.options;
  if (f.supersedes != 0) j["supersedes"] = f.supersedes;
  j["inputs"] = json::array();
  for (const auto& i : f.inputs)
    j["inputs"].push_back({{"role", i.role}, {"name", i.name}, {"sha256", i.sha256}, {"shipped", i.shipped}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<LogFacts> facts_from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    LogFacts f;
    f.lot = j.at("lot").get<std::string>();
    f.prepared = j.at("prepared").get<std::string>();
    f.bud = j.at("bud").get<std::string>();
    f.patient_id = j.at("patient").at("id").get<std::string>();
    f.patient_name = j.at("patient").at("name").get<std::string>();
    f.prescriber = j.at("order").at("prescriber").get<std::string>();
    f.order_number = j.at("order").at("number").get<std::string>();
    f.preparer = j.at("preparer").get<std::string>();
    f.verifier = j.at("verifier").get<std::string>();
    f.protocol_id = j.at("protocol").at("id").get<std::string>();
    f.protocol_version = j.at("protocol").at("version").get<std::string>();
    f.mesomix_version = j.at("mesomix_version").get<std::string>();
    f.record_format = j.at("record_format").get<std::string>();
    f.sessions = j.at("sessions").get<std::vector<std::int64_t>>();
    for (const auto& a : j.at("actives")) f.actives.push_back({a.at("name"), a.at("per_session")});
    for (const auto& l : j.at("lots"))
      f.lots.push_back({l.at("kind"), l.at("lot"), l.at("product"), l.at("expiry"), l.at("what")});
    f.options = j.at("options").get<std::map<std::string, std::string>>();
    for (const auto& i : j.at("inputs"))
      f.inputs.push_back({i.at("role"), i.at("name"), i.at("sha256"), {}, i.at("shipped").get<bool>()});
    if (j.contains("supersedes")) f.supersedes = j.at("supersedes").get<std::int64_t>();
    return f;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string chain_hash(const std::string& prev_hash, const std::string& record_sha256, const LogFacts& facts) {
  std::string text = prev_hash + "\n" + record_sha256 + "\n";
  for (const auto& i : facts.inputs) text += i.sha256 + "\n";
  text += canonical_facts(facts) + "\n";
  return sha256_hex(text);
}

std::string resolve_log_uri(const std::optional<std::string>& flag, const std::optional<std::string>& config) {
  if (flag && !flag->empty()) return *flag;
  if (const char* env = std::getenv("MESOMIX_LOG"); env != nullptr && *env != '\0') return env;
  if (config && !config->empty()) return *config;
  std::string data;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/')
    data = xdg;
  else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    data = std::string(home) + "/.local/share";
  else
    data = ".";
  return "sqlite:" + data + "/mesomix/log.sqlite";
}

std::string masked_uri(const std::string& uri) {
  std::string out = uri;
  const auto scheme = out.find("://");
  if (scheme != std::string::npos && out.rfind("sqlite:", 0) != 0) {
    const auto start = scheme + 3;
    const auto at = out.find('@', start);
    const auto slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const auto value = p + 9;
    const auto end = out.find_first_of("& ", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Expected<LotStatus, LogFailure> log_lot_status(const std::string& uri, const LogFacts& facts) {
  return guarded([&] {
    LotStatus status;
    auto c = connect_to_read(uri);
    if (!c) return status;
    const Rows rows = c->query(fmt::format("SELECT {}, inputs_sha256 FROM log_entry WHERE lot = $1 ORDER BY number "
                                           "DESC LIMIT 1",
                                           summary_columns),
                               {facts.lot});
    if (rows.empty()) return status;
    status.latest = summary_of(rows[0]);
    status.same_inputs = rows[0][6].value_or("") == inputs_key(facts);
    return status;
  });
}

namespace {

// One entry, inside a write transaction that holds the append lock.
AppendResult append_one(Connection& c, const LogFacts& given, const std::string& record, bool force) {
  LogFacts facts = given;
  AppendResult result;
  const std::string key = inputs_key(facts);
  const Rows same =
      c.query("SELECT number, inputs_sha256 FROM log_entry WHERE lot = $1 ORDER BY number DESC LIMIT 1", {facts.lot});
  if (!same.empty()) {
    const std::int64_t latest = to_int(same[0][0]);
    if (same[0][1].value_or("") == key) return {false, latest, std::nullopt};
    if (!force)
      throw DbError(ExitCode::invalid_input,
                    fmt::format("lot {} is already in the log with other inputs or options (entry {}); hint: give the "
                                "preparation its own lot, or rerun with --force to log a new entry that "
                                "supersedes it",
                                facts.lot, latest));
    result.supersedes = latest;
    facts.supersedes = latest;
  }
  const Rows last = c.query("SELECT number, hash FROM log_entry ORDER BY number DESC LIMIT 1");
  const std::int64_t number = last.empty() ? 1 : to_int(last[0][0]) + 1;
  const std::string prev = last.empty() ? zero_hash : last[0][1].value_or("");
  const std::string record_sha = sha256_hex(record);
  const std::string canonical = canonical_facts(facts);
  const std::string hash = chain_hash(prev, record_sha, facts);
  c.query(
      "INSERT INTO log_entry (number, lot, prepared, patient_id, protocol_id, supersedes, inputs_sha256, record, "
      "record_sha256, facts, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {number, facts.lot, facts.prepared, facts.patient_id, facts.protocol_id,
       result.supersedes ? Param(*result.supersedes) : Param(nullptr), key, Blob{record}, record_sha, canonical, prev,
       hash});
  if (fault_requested()) fault_point();
  for (std::size_t i = 0; i < facts.inputs.size(); ++i) {
    const LogInput& in = facts.inputs[i];
    c.query("INSERT INTO log_blob (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
            {in.sha256, Blob{in.bytes}});
    c.query("INSERT INTO log_input (entry, position, role, sha256) VALUES ($1, $2, $3, $4)",
            {number, static_cast<std::int64_t>(i), in.role, in.sha256});
  }
  for (const auto& [lot, kind] : lot_rows(facts))
    c.query("INSERT INTO log_lot (entry, lot, kind) VALUES ($1, $2, $3)", {number, lot, kind});
  for (const auto& name : active_rows(facts))
    c.query("INSERT INTO log_active (entry, name) VALUES ($1, $2)", {number, name});
  c.query("UPDATE mesomix_log_meta SET value = $1 WHERE key = 'chain_length'", {std::to_string(number)});
  c.query("UPDATE mesomix_log_meta SET value = $1 WHERE key = 'chain_head'", {hash});
  result.added = true;
  result.number = number;
  return result;
}

}  // namespace

Expected<AppendResult, LogFailure> log_append(const std::string& uri, const LogFacts& facts, const std::string& record,
                                              bool force) {
  auto all = log_append_all(uri, {{facts, record}}, force);
  if (!all) return unexpected(std::move(all).error());
  return all->front();
}

Expected<std::vector<AppendResult>, LogFailure> log_append_all(
    const std::string& uri, const std::vector<std::pair<LogFacts, std::string>>& entries, bool force) {
  return guarded([&] {
    auto c = connect(uri, Open::write);
    c->begin_write();
    try {
      migrate(*c, masked_uri(uri));
      std::vector<AppendResult> results;
      for (const auto& [facts, record] : entries) results.push_back(append_one(*c, facts, record, force));
      c->commit();
      return results;
    } catch (...) {
      c->rollback();
      throw;
    }
  });
}

Expected<std::vector<LogEntry>, LogFailure> log_list(const std::string& uri, const LogFilter& filter) {
  return guarded([&] {
    std::vector<LogEntry> entries;
    auto c = connect_to_read(uri);
    if (!c) return entries;
    std::string sql = fmt::format("SELECT {} FROM log_entry e WHERE 1 = 1", summary_columns);
    std::vector<Param> params;
    auto add = [&](const std::string& clause, std::string value) {
      params.emplace_back(std::move(value));
      sql += fmt::format(" AND {}", fmt::format(fmt::runtime(clause), params.size()));
    };
    if (filter.patient) add("e.patient_id = ${}", *filter.patient);
    if (filter.active)
      add("EXISTS (SELECT 1 FROM log_active a WHERE a.entry = e.number AND a.name = ${})", *filter.active);
    if (filter.since) add("substr(e.prepared, 1, 10) >= ${}", *filter.since);
    if (filter.until) add("substr(e.prepared, 1, 10) <= ${}", *filter.until);
    sql += " ORDER BY e.number";
    c->begin_read();
    for (const auto& r : c->query(sql, params)) entries.push_back(summary_of(r));
    mark_superseded(*c, entries);
    c->commit();
    return entries;
  });
}

Expected<std::optional<LogEntry>, LogFailure> log_find(const std::string& uri, const std::string& lot) {
  return guarded([&]() -> std::optional<LogEntry> {
    auto c = connect_to_read(uri);
    if (!c) return std::nullopt;
    c->begin_read();
    const Rows rows = c->query(
        fmt::format("SELECT {}, record FROM log_entry WHERE lot = $1 ORDER BY number DESC LIMIT 1", summary_columns),
        {lot});
    if (rows.empty()) {
      c->commit();
      return std::nullopt;
    }
    LogEntry e = summary_of(rows[0]);
    e.record = rows[0][6].value_or("");
    load_inputs(*c, e);
    c->commit();
    return e;
  });
}

Expected<std::vector<LogEntry>, LogFailure> log_recall(const std::string& uri, const std::string& lot) {
  return guarded([&] {
    std::vector<LogEntry> entries;
    auto c = connect_to_read(uri);
    if (!c) return entries;
    c->begin_read();
    const Rows rows = c->query(fmt::format("SELECT {} FROM log_entry e WHERE e.number IN (SELECT entry FROM log_lot "
                                           "WHERE lot = $1) AND NOT EXISTS (SELECT 1 FROM log_entry s WHERE "
                                           "s.supersedes = e.number) ORDER BY e.number",
                                           summary_columns),
                               {lot});
    for (const auto& r : rows) entries.push_back(summary_of(r));
    c->commit();
    return entries;
  });
}

namespace {

constexpr std::int64_t page_size = 1000;

struct Verifier {
  Connection& c;
  const std::function<RecomputeOutcome(const LogEntry&)>* recompute;
  VerifyReport report;
  std::map<std::string, std::string> blobs;  // sha256 -> bytes, checked
  std::set<std::string> bad_blobs;

  bool fail(std::int64_t number, const std::string& what) {
    report.intact = false;
    report.problem = fmt::format("entry {}: {}", number, what);
    return false;
  }

  // The bytes of a stored input, checked against their SHA-256 once.
  std::optional<std::string> blob(const std::string& sha) {
    if (auto it = blobs.find(sha); it != blobs.end()) return it->second;
    const Rows rows = c.query("SELECT content FROM log_blob WHERE sha256 = $1", {sha});
    if (rows.empty() || !rows[0][0] || sha256_hex(*rows[0][0]) != sha) return std::nullopt;
    if (blobs.size() > 256) blobs.clear();
    return blobs.emplace(sha, *rows[0][0]).first->second;
  }

  bool run() {
    std::int64_t expected = 1;
    std::string prev = zero_hash;
    std::int64_t after = 0;
    while (true) {
      const Rows page = c.query(
          "SELECT number, lot, prepared, patient_id, protocol_id, supersedes, inputs_sha256, record, record_sha256, "
          "facts, prev_hash, hash FROM log_entry WHERE number > $1 ORDER BY number LIMIT $2",
          {after, page_size});
      if (page.empty()) break;
      const std::int64_t first = to_int(page.front()[0]);
      const std::int64_t last = to_int(page.back()[0]);
      std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> inputs;  // role, sha
      for (const auto& r : c.query("SELECT entry, role, sha256 FROM log_input WHERE entry >= $1 AND entry <= $2 "
                                   "ORDER BY entry, position",
                                   {first, last}))
        inputs[to_int(r[0])].emplace_back(r[1].value_or(""), r[2].value_or(""));
      std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> lots;
      for (const auto& r :
           c.query("SELECT entry, lot, kind FROM log_lot WHERE entry >= $1 AND entry <= $2", {first, last}))
        lots[to_int(r[0])].emplace_back(r[1].value_or(""), r[2].value_or(""));
      std::map<std::int64_t, std::vector<std::string>> actives;
      for (const auto& r :
           c.query("SELECT entry, name FROM log_active WHERE entry >= $1 AND entry <= $2", {first, last}))
        actives[to_int(r[0])].push_back(r[1].value_or(""));
      for (const auto& r : page) {
        const std::int64_t n = to_int(r[0]);
        if (n != expected)
          return fail(expected, n > expected ? fmt::format("missing: the chain jumps from entry {} to entry {} "
                                                           "(a row was deleted)",
                                                           expected - 1, n)
                                             : fmt::format("appears twice"));
        if (!check_entry(r, prev, inputs[n], lots[n], actives[n])) return false;
        prev = r[11].value_or("");
        ++expected;
        ++report.entries;
      }
      after = last;
    }
    report.head = prev;
    // the head kept beside the chain: a deleted last entry shows here
    std::string length = "0";
    std::string head = zero_hash;
    for (const auto& r : c.query("SELECT key, value FROM mesomix_log_meta")) {
      if (r[0] == std::optional<std::string>("chain_length")) length = r[1].value_or("");
      if (r[0] == std::optional<std::string>("chain_head")) head = r[1].value_or("");
    }
    if (length != std::to_string(report.entries) || head != prev)
      return fail(report.entries + 1,
                  fmt::format("missing: the log's head names {} entries ending in {}, the chain has {} ending in {}",
                              length, head.substr(0, 16), report.entries, prev.substr(0, 16)));
    return true;
  }

  bool check_entry(const Row& r, const std::string& prev,
                   const std::vector<std::pair<std::string, std::string>>& inputs,
                   std::vector<std::pair<std::string, std::string>> lots, std::vector<std::string> actives) {
    const std::int64_t n = to_int(r[0]);
    const std::string record = r[7].value_or("");
    const std::string record_sha = r[8].value_or("");
    const std::string stored_prev = r[10].value_or("");
    const std::string stored_hash = r[11].value_or("");
    if (stored_prev != prev)
      return fail(n, fmt::format("its previous hash {} is not entry {}'s hash {} (entries removed, swapped or "
                                 "inserted)",
                                 stored_prev.substr(0, 16), n - 1, prev.substr(0, 16)));
    if (sha256_hex(record) != record_sha)
      return fail(n, fmt::format("the stored record's bytes do not have their SHA-256 {} (the record was changed)",
                                 record_sha.substr(0, 16)));
    auto facts = facts_from_json(r[9].value_or(""));
    if (!facts || canonical_facts(*facts) != r[9].value_or(""))
      return fail(n, "its stored facts are not as they were written (they were changed)");
    if (chain_hash(prev, record_sha, *facts) != stored_hash)
      return fail(n,
                  "its hash does not match its content (the record's hash, an input's hash or the facts were "
                  "changed)");
    if (r[1].value_or("") != facts->lot || r[2].value_or("") != facts->prepared ||
        r[3].value_or("") != facts->patient_id || r[4].value_or("") != facts->protocol_id)
      return fail(n, "its lot, prepared, patient or protocol column differs from its hashed facts");
    if ((r[5] ? to_int(r[5]) : 0) != facts->supersedes)
      return fail(n, "its supersedes column differs from its hashed facts");
    if (r[6].value_or("") != inputs_key(*facts)) return fail(n, "its inputs key differs from its hashed facts");
    if (inputs.size() != facts->inputs.size())
      return fail(n, fmt::format("it lists {} inputs, its hashed facts {}", inputs.size(), facts->inputs.size()));
    LogEntry entry;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i].first != facts->inputs[i].role || inputs[i].second != facts->inputs[i].sha256)
        return fail(n, fmt::format("its input {} ({}) differs from its hashed facts", i + 1, inputs[i].first));
      auto bytes = blob(inputs[i].second);
      if (!bytes)
        return fail(n, fmt::format("the stored bytes of its {} input do not have their SHA-256 {} (changed or missing)",
                                   inputs[i].first, inputs[i].second.substr(0, 16)));
      if (recompute != nullptr) facts->inputs[i].bytes = *bytes;
    }
    std::sort(lots.begin(), lots.end());
    if (lots != lot_rows(*facts)) return fail(n, "its lot index rows differ from its hashed facts");
    std::sort(actives.begin(), actives.end());
    if (actives != active_rows(*facts)) return fail(n, "its active index rows differ from its hashed facts");
    if (recompute != nullptr) {
      entry.number = n;
      entry.facts = std::move(*facts);
      entry.record = record;
      entry.record_sha256 = record_sha;
      entry.prev_hash = stored_prev;
      entry.hash = stored_hash;
      if (r[5]) entry.supersedes = to_int(r[5]);
      const RecomputeOutcome outcome = (*recompute)(entry);
      if (outcome.kind == RecomputeOutcome::Kind::differs)
        return fail(n, "re-derived from its stored inputs, the record differs: " + outcome.detail);
      if (outcome.kind == RecomputeOutcome::Kind::other_version)
        ++report.other_version;
      else
        ++report.recomputed;
    }
    return true;
  }
};

}  // namespace

Expected<VerifyReport, LogFailure> log_verify(const std::string& uri,
                                              const std::function<RecomputeOutcome(const LogEntry&)>* recompute) {
  return guarded([&] {
    auto c = connect_to_read(uri);
    if (!c) return VerifyReport{};
    c->begin_read();
    Verifier v{*c, recompute, {}, {}, {}};
    v.run();
    c->commit();
    if (v.report.head.empty()) v.report.head = zero_hash;
    return v.report;
  });
}

std::optional<LogFailure> log_for_each(const std::string& uri, const std::function<void(const LogEntry&)>& sink) {
  auto done = guarded([&] {
    auto c = connect_to_read(uri);
    if (!c) return 0;
    c->begin_read();
    std::int64_t after = 0;
    while (true) {
      const Rows page = c->query(fmt::format("SELECT {}, record FROM log_entry WHERE number > $1 ORDER BY number "
                                             "LIMIT $2",
                                             summary_columns),
                                 {after, page_size});
      if (page.empty()) break;
      for (const auto& r : page) {
        LogEntry e = summary_of(r);
        e.record = r[6].value_or("");
        load_inputs(*c, e);
        sink(e);
        after = e.number;
      }
    }
    c->commit();
    return 0;
  });
  if (!done) return done.error();
  return std::nullopt;
}

std::string base64(std::string_view bytes) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += table[(n >> 6) & 63];
    out += table[n & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace mesomix
