// The users' jobs, one function each, for the thin command line in app/: it parses
// arguments, calls one of these and prints what comes back. Nothing here is a quantity
// type, so app/ never compiles Boost.Units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/inputs.hpp"

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

enum class Format { text, markdown, json, html };

// What every command takes alike: the files that replace the shipped inputs (--catalog,
// --devices). A command reads the ones it uses once, at its start (inputs.hpp).
struct CommonOptions {
  InputPaths inputs;
  // dose, mix and record (docs/safety.md): the patient's weight for per-kg caps ("72 kg"), and
  // the prescriber's reason to print despite a figure outside a hard plausibility range
  std::optional<std::string> weight;
  std::optional<std::string> allow_implausible;
};

std::string_view mesomix_version();

CommandOutput run_convert(std::string_view quantity, std::string_view unit);
CommandOutput run_dose(const std::string& protocol_path, Format format, const CommonOptions& common,
                       const std::optional<std::string>& allow_over_limit);
// Several protocols as JSON Lines: {"file": F, "dose": {...}} or {"file": F, "exit": N,
// "diagnostics": [...]}, one line per file in order; the exit status is the highest.
CommandOutput run_dose_files(const std::vector<std::string>& files, const CommonOptions& common,
                             const std::optional<std::string>& allow_over_limit);
struct MixRequest {
  std::optional<std::int64_t> sessions;
  std::optional<std::string> batch_volume;  // a volume, e.g. "31 mL"
  std::optional<std::string> overage_pct;   // a plain number, e.g. "10"
};

CommandOutput run_mix(const std::string& protocol_path, const MixRequest& request, Format format,
                      const CommonOptions& common, const std::optional<std::string>& allow_over_limit);
struct RecordRequest {
  std::string batch_path;
  std::optional<std::string> output_path;  // -o: written atomically, never over an existing file...
  bool force = false;                      // ...unless forced, which the record then says
  std::optional<std::string> verify_path;  // --verify: compare a file with the record these inputs give
};

CommandOutput run_record(const std::string& protocol_path, const RecordRequest& request, std::optional<Format> format,
                         const CommonOptions& common, const std::optional<std::string>& allow_over_limit);
CommandOutput run_check(const std::vector<std::string>& files, const CommonOptions& common);
CommandOutput run_catalog(Format format, const CommonOptions& common);
CommandOutput run_new();

}  // namespace mesomix
