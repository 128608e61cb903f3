// `mesomix dose --format json A.toml B.toml ...`: JSON Lines, one object per file in the order
// given (cli-contract.md, "Many files at once").
#include <algorithm>

#include <nlohmann/json.hpp>

#include "mesomix/commands.hpp"

namespace mesomix {

CommandOutput run_dose_files(const std::vector<std::string>& files, const CommonOptions& common,
                             const std::optional<std::string>& allow_over_limit) {
  using Json = nlohmann::ordered_json;
  CommandOutput all;
  for (const auto& file : files) {
    const CommandOutput one = run_dose(file, Format::json, common, allow_over_limit);
    Json line;
    line["file"] = file;
    if (one.exit_code == 0) {
      line["dose"] = Json::parse(one.out);
    } else {
      line["exit"] = one.exit_code;
      line["diagnostics"] = Json::array();
      std::size_t start = 0;
      while (start < one.err.size()) {
        std::size_t end = one.err.find('\n', start);
        if (end == std::string::npos) end = one.err.size();
        if (end > start) line["diagnostics"].push_back(one.err.substr(start, end - start));
        start = end + 1;
      }
    }
    all.out += line.dump() + "\n";
    all.exit_code = std::max(all.exit_code, one.exit_code);
  }
  all.out_on_failure = true;
  return all;
}

}  // namespace mesomix
