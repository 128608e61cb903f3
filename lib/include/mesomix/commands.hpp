// The users' jobs, one function each, for the thin command line in app/: it parses
// arguments, calls one of these and prints what comes back. Nothing here is a quantity
// type, so app/ never compiles Boost.Units.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/config.hpp"
#include "mesomix/inputs.hpp"
#include "mesomix/language.hpp"
#include "mesomix/sheet.hpp"

namespace mesomix {

// What to print where, and how to exit. On a non-zero exit `out` is not printed
// (docs/command-line.md: no partial sheet), unless out_on_failure says that it reports each of
// several files (dose's JSON Lines).
struct CommandOutput {
  int exit_code = 0;
  std::string out;
  std::string err;
  bool out_on_failure = false;
};

enum class Format { text, markdown, json, html, csv, pdf };

// What every command takes alike: the files that replace the shipped inputs (--catalog,
// --devices). A command reads the ones it uses once, at its start (inputs.hpp).
struct CommonOptions {
  InputPaths inputs;
  // dose, mix and record (docs/safety.md): the patient's weight for per-kg caps ("72 kg"), and
  // the prescriber's reason to print despite a figure outside a hard plausibility range
  std::optional<std::string> weight;
  std::optional<std::string> allow_implausible;
  std::optional<std::string> config_log;  // the config file's `log`: where the compounding log is
  // printing: --paper, else the config file's `paper` (set it here when reading the config),
  // else A4; the facility's name goes on every label
  std::optional<Paper> paper;
  std::string facility;
  // --lang, else the config file's `lang`, else English (never the environment's locale)
  std::optional<Language> lang_flag;
  Language lang = Language::en;
  // check and dose over many files: how many at once (--jobs; 0: one per core)
  unsigned jobs = 0;
  // the configuration's [compounding]: under the batch file's and the command line's
  std::optional<CompoundingConditions> configured_conditions;
};

// The compounding conditions as given on the command line (or by the configuration): each
// overrides the batch file's and the default's.
struct ConditionsRequest {
  std::optional<std::int64_t> category;  // 1 or 2
  std::optional<std::string> storage;    // room | refrigerated | frozen
  bool sterile_components = false;
  bool immediate_use = false;
  bool any() const { return category || storage || sterile_components || immediate_use; }
};

std::string_view mesomix_version();

// Runs `prepare` on this thread while `jobs` workers start (0: one per core, never more than
// the files), then, if it returned true, `one` over every file. Each result goes to `in_order`
// as soon as those of the files before it have: in the order of `files`, one call at a time
// (never two at once), so the output is the same bytes with any number of workers. Returns
// what `prepare` returned.
bool each_file(const std::vector<std::string>& files, unsigned jobs, const std::function<bool()>& prepare,
               const std::function<CommandOutput(const std::string&)>& one,
               const std::function<void(CommandOutput&&)>& in_order);
unsigned worker_count(unsigned asked, std::size_t files);

CommandOutput run_convert(std::string_view quantity, std::string_view unit);
CommandOutput run_dose(const std::string& protocol_path, Format format, const CommonOptions& common,
                       const std::optional<std::string>& allow_over_limit,
                       const std::optional<std::string>& start = std::nullopt);  // --start DATE
// Several protocols as JSON Lines: {"file": F, "dose": {...}} or {"file": F, "exit": N,
// "diagnostics": [...]}, one line per file in order; the exit status is the highest.
CommandOutput run_dose_files(const std::vector<std::string>& files, const CommonOptions& common,
                             const std::optional<std::string>& allow_over_limit);
// The same lines given to `out` as each is ready, in order (stdout, for a run that need not
// hold them all); the returned output has the exit status and no `out`. `out` returns false
// when the reader has gone: the lines after it are not written.
using OutputSink = std::function<bool(std::string_view)>;
CommandOutput run_dose_files(const std::vector<std::string>& files, const CommonOptions& common,
                             const std::optional<std::string>& allow_over_limit, const OutputSink& out);
struct MixRequest {
  std::optional<std::int64_t> sessions;
  std::optional<std::string> batch_volume;   // a volume, e.g. "31 mL"
  std::optional<std::string> overage_pct;    // a plain number, e.g. "10"
  std::optional<std::int64_t> from_session;  // the first session prepared (default 1)
  bool plan = false;                         // the course's preparation plan instead
  ConditionsRequest conditions;
};

CommandOutput run_mix(const std::string& protocol_path, const MixRequest& request, Format format,
                      const CommonOptions& common, const std::optional<std::string>& allow_over_limit);
struct RecordRequest {
  std::string batch_path;
  std::optional<std::string> output_path;  // -o: written atomically, never over an existing file...
  bool force = false;                      // ...unless forced, which the record then says
  std::optional<std::string> verify_path;  // --verify: compare a file with the record these inputs give
  std::optional<std::string> log_uri;      // --log: where the compounding log is (else log_location's order)
  bool no_log = false;                     // --no-log: not entered, and the record says so
};

CommandOutput run_record(const std::string& protocol_path, const RecordRequest& request, std::optional<Format> format,
                         const CommonOptions& common, const std::optional<std::string>& allow_over_limit);
struct LabelRequest {
  std::string batch_path;
  std::optional<std::string> output_path;  // -o: written atomically, never over an existing file...
  bool force = false;                      // ...unless forced
  std::optional<std::string> label_size;   // --label-size WxH in mm, e.g. "100x50" (the default)
};

// One label per unit-dose syringe of the preparation the batch file describes.
CommandOutput run_label(const std::string& protocol_path, const LabelRequest& request, std::optional<Format> format,
                        const CommonOptions& common, const std::optional<std::string>& allow_over_limit);

// "a4" or "letter", any case: for --paper and the config file's `paper` key.
std::optional<Paper> parse_paper(std::string_view name);

// Checks every file; its report (the diagnostics, for stderr) goes to `report` in the order of
// the files as each is ready. The returned output has the exit status, and `err` only for what
// stopped the whole run (an unreadable --catalog).
CommandOutput run_check(const std::vector<std::string>& files, const CommonOptions& common, const OutputSink& report);
CommandOutput run_catalog(Format format, const CommonOptions& common);
CommandOutput run_new();
// `mesomix config`: the settings in force and where each comes from.
CommandOutput run_config(const Config& config);
// A config file that cannot be read (exit 4) or is wrong (exit 1, file:line:col).
CommandOutput config_failure(const ConfigError& error);

// `mesomix log ...` (log.md). `uri` is where the log is (resolve_log_uri in log.hpp).
struct LogRequest {
  std::string uri;
};
struct LogQuery {
  std::optional<std::string> patient;
  std::optional<std::string> active;  // a catalog name or synonym
  std::optional<std::string> since;   // YYYY-MM-DD
  std::optional<std::string> until;
};
// The log's location: --log, MESOMIX_LOG, the config file's `log` (config_log), the default.
std::string log_location(const std::optional<std::string>& flag, const std::optional<std::string>& config_log);
CommandOutput run_log_list(const LogRequest& request, const LogQuery& query, Format format);
CommandOutput run_log_show(const LogRequest& request, const std::string& lot);
CommandOutput run_log_recall(const LogRequest& request, const std::string& lot, Format format);
CommandOutput run_log_verify(const LogRequest& request, bool recompute);
CommandOutput run_log_export(const LogRequest& request);

}  // namespace mesomix
