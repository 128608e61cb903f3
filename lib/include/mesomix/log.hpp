// The compounding log (log.md): every record mesomix prints, with the exact bytes of every
// input that shaped it, the facts a recall needs, and a hash chain that shows any change.
// SQLite by default, PostgreSQL for a chain of clinics, behind one small driver interface
// (lib/src/log/driver.hpp); everything here is the same code on both engines.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"

namespace mesomix {

// Why the log could not do what was asked, already worded for stderr (passwords masked).
struct LogFailure {
  ExitCode code = ExitCode::io;
  std::string message;
};

struct LogInput {
  std::string role;  // protocol, batch, catalog, devices, bud_rules
  std::string name;  // the path as given, or "shipped with mesomix X.Y.Z"
  std::string sha256;
  std::string bytes;  // empty when only the summary was read
  bool shipped = false;
};

struct LogLotUse {
  std::string kind;  // stock, diluent, kit
  std::string lot;
  std::string product;
  std::string expiry;  // YYYY-MM-DD
  std::string what;    // the active, the diluent or the adjunct's name
};

struct LogActive {
  std::string name;
  std::string per_session;  // the delivered per-session dose, as printed
};

// The structured facts of one entry. Their canonical serialisation (canonical_facts) is what
// the chain hashes: JSON, object keys sorted, no insignificant whitespace, UTF-8 unescaped.
struct LogFacts {
  std::string lot;
  std::string prepared;  // ISO 8601 local date-time
  std::string bud;
  std::string patient_id;  // empty: not patient-specific
  std::string patient_name;
  std::string prescriber;
  std::string order_number;
  std::string preparer;
  std::string verifier;
  std::string protocol_id;
  std::string protocol_version;
  std::string mesomix_version;
  std::string record_format;           // text, markdown, html
  std::vector<std::int64_t> sessions;  // the sessions of the course it covers
  std::vector<LogActive> actives;
  std::vector<LogLotUse> lots;
  std::map<std::string, std::string> options;  // what else shaped the bytes (allow_over_limit, replaces)
  std::vector<LogInput> inputs;                // role, name, sha256 (bytes are stored beside)
  std::int64_t supersedes = 0;                 // the entry this one supersedes (--force); 0: none
};

std::string canonical_facts(const LogFacts& facts);
std::optional<LogFacts> facts_from_json(const std::string& json);

struct LogEntry {
  std::int64_t number = 0;
  LogFacts facts;  // facts.inputs carry their bytes when the entry was read in full
  std::string record;
  std::string record_sha256;
  std::optional<std::int64_t> supersedes;
  std::optional<std::int64_t> superseded_by;  // filled by list and recall
  std::string prev_hash;
  std::string hash;
};

// Entry n's hash: SHA-256 over entry n-1's hash, the record's SHA-256, each input's SHA-256 and
// the canonical facts, each followed by a newline (docs/auditors.md).
std::string chain_hash(const std::string& prev_hash, const std::string& record_sha256, const LogFacts& facts);

// Where the log is: --log, else MESOMIX_LOG, else the config file's `log`, else
// $XDG_DATA_HOME/mesomix/log.sqlite (~/.local/share/mesomix/log.sqlite).
std::string resolve_log_uri(const std::optional<std::string>& flag, const std::optional<std::string>& config);
// The URI as it may be printed: a password replaced by ***.
std::string masked_uri(const std::string& uri);

struct AppendResult {
  bool added = false;  // false: the same lot with byte-identical inputs was already there
  std::int64_t number = 0;
  std::optional<std::int64_t> supersedes;
};

// What an append would do, decided before the record is rendered (a forced entry names the one
// it supersedes in the record's bytes). Read only.
struct LotStatus {
  std::optional<LogEntry> latest;  // the newest entry of this lot, summary only
  bool same_inputs = false;        // byte-identical inputs and options
};
Expected<LotStatus, LogFailure> log_lot_status(const std::string& uri, const LogFacts& facts);

// Commits one entry: the chain, the inputs' bytes, the facts and their indexes, in one
// serialised transaction. The same lot with the same inputs: nothing added. With other inputs:
// a LogFailure (exit 1) unless `force`, which adds an entry superseding the newest of that lot.
Expected<AppendResult, LogFailure> log_append(const std::string& uri, const LogFacts& facts, const std::string& record,
                                              bool force);

// Many entries in one transaction, in order, all or none (the benchmarks fill a log this way).
Expected<std::vector<AppendResult>, LogFailure> log_append_all(
    const std::string& uri, const std::vector<std::pair<LogFacts, std::string>>& entries, bool force);

struct LogFilter {
  std::optional<std::string> patient;
  std::optional<std::string> active;
  std::optional<std::string> since;  // YYYY-MM-DD, inclusive
  std::optional<std::string> until;  // YYYY-MM-DD, inclusive
};

// Summaries (no record or input bytes), in entry order. A log that does not exist is empty.
Expected<std::vector<LogEntry>, LogFailure> log_list(const std::string& uri, const LogFilter& filter);
// The newest entry of a preparation lot, in full; nullopt when the lot is not in the log.
Expected<std::optional<LogEntry>, LogFailure> log_find(const std::string& uri, const std::string& lot);
// Every current (not superseded) entry whose preparation lot is LOT or that used LOT as a
// stock, diluent or kit lot.
Expected<std::vector<LogEntry>, LogFailure> log_recall(const std::string& uri, const std::string& lot);

struct RecomputeOutcome {
  enum class Kind { identical, differs, other_version } kind = Kind::identical;
  std::string detail;
};

struct VerifyReport {
  std::int64_t entries = 0;
  bool intact = true;
  std::string problem;  // the first entry that fails and what differs
  std::string head;     // the last entry's hash
  std::int64_t recomputed = 0;
  std::int64_t other_version = 0;
};

// Walks the chain and checks every hash, every stored byte and every index row; with
// `recompute`, also hands each full entry to it. Never writes.
Expected<VerifyReport, LogFailure> log_verify(const std::string& uri,
                                              const std::function<RecomputeOutcome(const LogEntry&)>* recompute);

// Every entry in full, in order, to `sink`.
std::optional<LogFailure> log_for_each(const std::string& uri, const std::function<void(const LogEntry&)>& sink);

std::string base64(std::string_view bytes);

}  // namespace mesomix
