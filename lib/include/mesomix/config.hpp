// The configuration: settings a pharmacy or a user gives once rather than on every call.
// Read in order, later wins (cli-contract.md, "Configuration"):
//   1. the system file, /etc/mesomix/config.toml (MESOMIX_SYSTEM_CONFIG names another, "" none);
//   2. the user's file, $XDG_CONFIG_HOME/mesomix/config.toml (~/.config/...), or the file
//      named by MESOMIX_CONFIG instead;
//   3. the command line's flags (apply_flag).
// A setting's value is plain data; `origin` says where it came from, for `mesomix config`
// and for messages. Paths in a file are resolved against that file's folder.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/bud.hpp"
#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"

namespace mesomix {

template <class T>
struct Setting {
  std::optional<T> value;  // none: not set anywhere, the built-in default applies
  std::string origin;      // "FILE:LINE:COL", "--flag" or "VARIABLE"; empty when not set

  const T& value_or(const T& fallback) const { return value ? *value : fallback; }
};

struct FacilitySettings {
  Setting<std::string> name;     // printed on labels and records
  Setting<std::string> address;  // one line, like every text field
};

// Defaults for the compounding conditions (preparation.md); the batch file's [compounding]
// table and the command line's flags override them.
struct CompoundingSettings {
  Setting<int> category;  // 1 or 2
  Setting<bool> immediate_use;
  Setting<std::string> storage;  // room | refrigerated | frozen
  Setting<bool> sterile_components;
  Setting<bool> sterility_tested;  // Category 2: sterility tested and passed
};

struct Config {
  Setting<std::string> catalog;    // a catalog file replacing the shipped one
  Setting<std::string> devices;    // a devices file replacing the shipped syringes
  Setting<std::string> bud_rules;  // a BUD rules file replacing the shipped USP <797> rules
  Setting<std::string> log;        // the compounding log's URI or path (log.md)
  Setting<std::string> lang;       // en | fr | es (default en)
  Setting<std::string> paper;      // a4 | letter (default a4)
  FacilitySettings facility;
  CompoundingSettings compounding;

  // The files looked for, in order, and whether each was there.
  struct File {
    std::string path;
    std::string role;  // "system", "user" or "MESOMIX_CONFIG"
    bool found = false;
  };
  std::vector<File> files;

  std::string language() const { return lang.value_or("en"); }
  std::string paper_size() const { return paper.value_or("a4"); }
};

inline const std::vector<std::string>& known_languages() {
  static const std::vector<std::string> names{"en", "fr", "es"};
  return names;
}
inline const std::vector<std::string>& known_papers() {
  static const std::vector<std::string> names{"a4", "letter"};
  return names;
}

// Reads one config file's text into `into` (later files overwrite what earlier ones set).
// Errors are located at file:line:col; unknown keys are errors, with "did you mean".
void read_config(std::string_view text, const std::string& file, Config& into, Diagnostics& out);

// Where the config files are, from the environment (see above). `getenv` is a parameter so
// that tests never depend on the machine's own variables.
using Environment = std::function<std::optional<std::string>(const char*)>;
std::vector<Config::File> config_files(const Environment& env);
Environment process_environment();

// Loads every file config_files() names, in order, then MESOMIX_LOG over `log` (log.md). A
// missing system or user file is not an error; a file named by MESOMIX_CONFIG that cannot be
// read is (exit 4, like any input).
struct ConfigError {
  ExitCode exit = ExitCode::invalid_input;
  Diagnostics diagnostics;
};
Expected<Config, ConfigError> load_config(const Environment& env);

// A command-line flag given: it wins over the files and the environment.
template <class T>
void apply_flag(Setting<T>& setting, const std::optional<T>& value, std::string flag) {
  if (!value) return;
  setting.value = *value;
  setting.origin = std::move(flag);
}

// The configuration's [compounding] over the safest default, "configuration" as its origin;
// none when the configuration sets none of it.
std::optional<CompoundingConditions> configured_conditions(const Config& config);

// `mesomix config`: every setting in force and where it came from, as TOML with comments.
std::string describe_config(const Config& config);

}  // namespace mesomix
