// The users' jobs, one function each, for the thin command line in app/: it parses
// arguments, calls one of these and prints what comes back. Nothing here is a quantity
// type, so app/ never compiles Boost.Units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mesomix {

// What to print where, and how to exit. On a non-zero exit `out` is empty (cli-contract.md:
// no partial sheet).
struct CommandOutput {
  int exit_code = 0;
  std::string out;
  std::string err;
};

enum class Format { text, markdown, json, html };

struct CommonOptions {
  std::optional<std::string> catalog_path;  // replaces the shipped catalog
};

std::string_view mesomix_version();

CommandOutput run_convert(std::string_view quantity, std::string_view unit);
CommandOutput run_dose(const std::string& protocol_path, Format format, const CommonOptions& common,
                       const std::optional<std::string>& allow_over_limit);
struct MixRequest {
  std::optional<std::int64_t> sessions;
  std::optional<std::string> batch_volume;  // a volume, e.g. "31 mL"
  std::optional<std::string> overage_pct;   // a plain number, e.g. "10"
  std::optional<std::string> devices_path;  // replaces the shipped syringes
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
