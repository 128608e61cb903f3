// `mesomix log list | show | recall | verify | export` (log.md): the users' jobs over the
// compounding log. The log layer (lib/src/log/) stores and checks; this arranges what it
// returns as text, JSON or CSV.
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mesomix/commands.hpp"
#include "mesomix/log.hpp"

namespace mesomix {

// commands.cpp: the record an entry's stored inputs give, compared with its stored bytes.
RecomputeOutcome recompute_record(const LogEntry& entry);

namespace {

CommandOutput failed(const LogFailure& f) {
  return {static_cast<int>(f.code), {}, "mesomix: error: " + f.message + "\n"};
}

std::string patient_of(const LogFacts& f) {
  return f.patient_id.empty() ? std::string("not patient-specific")
                              : fmt::format("{} {}", f.patient_id, f.patient_name);
}

std::string sessions_of(const std::vector<std::int64_t>& s) {
  if (s.empty()) return "-";
  if (s.size() == 1) return std::to_string(s.front());
  return fmt::format("{}-{}", s.front(), s.back());
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  return out + "\r\n";
}

nlohmann::ordered_json summary_json(const LogEntry& e) {
  nlohmann::ordered_json j;
  j["number"] = e.number;
  j["lot"] = e.facts.lot;
  j["prepared"] = e.facts.prepared;
  j["bud"] = e.facts.bud;
  j["protocol"] = {{"id", e.facts.protocol_id}, {"version", e.facts.protocol_version}};
  j["patient"] = e.facts.patient_id.empty()
                     ? nlohmann::ordered_json(nullptr)
                     : nlohmann::ordered_json{{"id", e.facts.patient_id}, {"name", e.facts.patient_name}};
  j["preparer"] = e.facts.preparer;
  j["verifier"] = e.facts.verifier;
  j["sessions"] = e.facts.sessions;
  j["supersedes"] = e.supersedes ? nlohmann::ordered_json(*e.supersedes) : nlohmann::ordered_json(nullptr);
  j["superseded_by"] = e.superseded_by ? nlohmann::ordered_json(*e.superseded_by) : nlohmann::ordered_json(nullptr);
  return j;
}

std::string json_text(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  return true;
}

}  // namespace

std::string log_location(const std::optional<std::string>& flag, const std::optional<std::string>& config_log) {
  return resolve_log_uri(flag, config_log);
}

CommandOutput run_log_list(const LogRequest& request, const LogQuery& query, Format format) {
  LogFilter filter{query.patient, query.active, query.since, query.until};
  if (filter.active)  // actives are logged by their catalog id, which is lower case
    for (auto& c : *filter.active) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto* date : {&filter.since, &filter.until})
    if (*date && !is_iso_date(**date))
      return {static_cast<int>(ExitCode::usage),
              {},
              fmt::format("mesomix: error: \"{}\" is not a date; hint: write YYYY-MM-DD, e.g. 2026-11-24\n", **date)};
  auto entries = log_list(request.uri, filter);
  if (!entries) return failed(entries.error());
  if (format == Format::json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& e : *entries) j.push_back(summary_json(e));
    return {0, json_text(j), {}};
  }
  std::string out;
  if (format == Format::csv) {
    out = csv_line({"number", "prepared", "lot", "protocol", "patient_id", "patient_name", "preparer", "verifier",
                    "superseded_by"});
    for (const auto& e : *entries)
      out += csv_line({std::to_string(e.number), e.facts.prepared, e.facts.lot,
                       fmt::format("{} {}", e.facts.protocol_id, e.facts.protocol_version), e.facts.patient_id,
                       e.facts.patient_name, e.facts.preparer, e.facts.verifier,
                       e.superseded_by ? std::to_string(*e.superseded_by) : ""});
    return {0, out, {}};
  }
  for (const auto& e : *entries)
    out +=
        fmt::format("{:>6}  {}  {}  {} {}  {}  {}/{}{}\n", e.number, e.facts.prepared, e.facts.lot, e.facts.protocol_id,
                    e.facts.protocol_version, patient_of(e.facts), e.facts.preparer, e.facts.verifier,
                    e.superseded_by ? fmt::format("  (superseded by {})", *e.superseded_by) : std::string());
  return {0, out, {}};
}

CommandOutput run_log_show(const LogRequest& request, const std::string& lot) {
  auto entry = log_find(request.uri, lot);
  if (!entry) return failed(entry.error());
  if (!*entry)
    return {static_cast<int>(ExitCode::invalid_input),
            {},
            fmt::format("mesomix: error: lot {} is not in the log {}; hint: mesomix log list\n", lot,
                        masked_uri(request.uri))};
  return {0, (*entry)->record, {}};
}

CommandOutput run_log_recall(const LogRequest& request, const std::string& lot, Format format) {
  auto entries = log_recall(request.uri, lot);
  if (!entries) return failed(entries.error());
  // how LOT was used in each: the preparation itself, or a stock, diluent or kit lot
  auto used_as = [&](const LogEntry& e) {
    std::string as;
    if (e.facts.lot == lot) as = "preparation";
    for (const auto& l : e.facts.lots)
      if (l.lot == lot) as += (as.empty() ? "" : ", ") + fmt::format("{} ({})", l.kind, l.what);
    return as;
  };
  if (format == Format::json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& e : *entries) {
      auto s = summary_json(e);
      s["used_as"] = used_as(e);
      j.push_back(std::move(s));
    }
    return {0, json_text(j), {}};
  }
  std::string out;
  if (format == Format::csv) {
    out = csv_line({"number", "lot", "prepared", "bud", "patient_id", "patient_name", "sessions", "used_as"});
    for (const auto& e : *entries)
      out += csv_line({std::to_string(e.number), e.facts.lot, e.facts.prepared, e.facts.bud, e.facts.patient_id,
                       e.facts.patient_name, sessions_of(e.facts.sessions), used_as(e)});
    return {0, out, {}};
  }
  if (entries->empty()) return {0, fmt::format("lot {}: no preparation in the log used it\n", lot), {}};
  out = fmt::format("lot {}: {} {}\n", lot, entries->size(),
                    entries->size() == 1 ? "preparation used it" : "preparations used it");
  for (const auto& e : *entries)
    out += fmt::format("  {}  prepared {}  BUD {}  patient {}  sessions {}  ({})\n", e.facts.lot, e.facts.prepared,
                       e.facts.bud, patient_of(e.facts), sessions_of(e.facts.sessions), used_as(e));
  return {0, out, {}};
}

CommandOutput run_log_verify(const LogRequest& request, bool recompute) {
  const std::function<RecomputeOutcome(const LogEntry&)> again = [](const LogEntry& e) { return recompute_record(e); };
  auto report = log_verify(request.uri, recompute ? &again : nullptr);
  if (!report) return failed(report.error());
  if (!report->intact)
    return {
        static_cast<int>(ExitCode::invalid_input),
        {},
        fmt::format("log: {}\nlog: {} entries checked before it, chain broken\n", report->problem, report->entries)};
  std::string out =
      fmt::format("log: {} {}, chain intact\n", report->entries, report->entries == 1 ? "entry" : "entries");
  if (report->entries > 0) out += fmt::format("last entry's hash: {}\n", report->head);
  if (recompute)
    out += fmt::format(
        "records: {} re-derived byte-identical from their stored inputs, {} written by another "
        "mesomix version (not re-derived)\n",
        report->recomputed, report->other_version);
  return {0, out, {}};
}

CommandOutput run_log_export(const LogRequest& request) {
  std::string out;
  auto problem = log_for_each(request.uri, [&](const LogEntry& e) {
    nlohmann::ordered_json j;
    j["number"] = e.number;
    j["prev_hash"] = e.prev_hash;
    j["hash"] = e.hash;
    j["supersedes"] = e.supersedes ? nlohmann::ordered_json(*e.supersedes) : nlohmann::ordered_json(nullptr);
    j["record_sha256"] = e.record_sha256;
    j["record_base64"] = base64(e.record);
    j["facts"] = nlohmann::ordered_json::parse(canonical_facts(e.facts));
    j["inputs"] = nlohmann::ordered_json::array();
    for (const auto& in : e.facts.inputs)
      j["inputs"].push_back({{"role", in.role},
                             {"name", in.name},
                             {"sha256", in.sha256},
                             {"shipped", in.shipped},
                             {"bytes_base64", base64(in.bytes)}});
    out += j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  });
  if (problem) return failed(*problem);
  return {0, out, {}};
}

}  // namespace mesomix
