#include "mesomix/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "load/toml_reader.hpp"
#include "mesomix/io.hpp"

namespace mesomix {
namespace {

using detail::Need;
using detail::TomlReader;

std::string origin_of(const std::string& file, const toml::node& node) {
  const SourcePos at = detail::position_of(node.source());
  return fmt::format("{}:{}:{}", file, at.line, at.column);
}

// A path in a config file means a path next to that file, wherever mesomix is run from.
std::string resolve_against(const std::string& config_file, const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty() || fs::path(path).is_absolute()) return path;
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (const char* home = std::getenv("HOME")) return std::string(home) + path.substr(1);
  }
  return (fs::path(config_file).parent_path() / path).lexically_normal().string();
}

// The log is a URI (postgresql://..., sqlite:PATH) or a plain path; only paths are resolved.
std::string resolve_log(const std::string& config_file, const std::string& value) {
  if (value.find("://") != std::string::npos) return value;
  if (value.rfind("sqlite:", 0) == 0) return "sqlite:" + resolve_against(config_file, value.substr(7));
  return resolve_against(config_file, value);
}

void read_path(TomlReader& reader, const toml::table& t, std::string_view key, Setting<std::string>& into,
               bool is_log = false) {
  auto value = reader.text(t, key, Need::optional, "the config file");
  if (!value) return;
  if (value->empty()) {
    reader.error(t.get(key)->source(), fmt::format("\"{}\" is empty", key),
                 "remove the line to use the default, or name a file");
    return;
  }
  into.value = is_log ? resolve_log(reader.file(), *value) : resolve_against(reader.file(), *value);
  into.origin = origin_of(reader.file(), *t.get(key));
}

void read_choice(TomlReader& reader, const toml::table& t, std::string_view key, std::string_view where,
                 const std::vector<std::string>& allowed, Setting<std::string>& into) {
  auto value = reader.text(t, key, Need::optional, where);
  if (!value) return;
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "\"" : ", \"") + a + "\"";
    auto near = value->size() >= 3 ? detail::did_you_mean(*value, allowed) : std::nullopt;
    reader.error(t.get(key)->source(), fmt::format("\"{}\" = \"{}\" is not known", key, *value),
                 near ? fmt::format("did you mean \"{}\"? ({})", *near, list) : fmt::format("write one of {}", list));
    return;
  }
  into.value = *value;
  into.origin = origin_of(reader.file(), *t.get(key));
}

void read_text(TomlReader& reader, const toml::table& t, std::string_view key, std::string_view where,
               Setting<std::string>& into) {
  auto value = reader.text(t, key, Need::optional, where);
  if (!value) return;
  into.value = *value;
  into.origin = origin_of(reader.file(), *t.get(key));
}

void read_flag(TomlReader& reader, const toml::table& t, std::string_view key, Setting<bool>& into) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return;
  if (!node->is_boolean()) {
    reader.error(node->source(), fmt::format("\"{}\" must be true or false", key), fmt::format("write {} = true", key));
    return;
  }
  into.value = node->as_boolean()->get();
  into.origin = origin_of(reader.file(), *node);
}

const std::vector<std::string>& storages() {
  static const std::vector<std::string> names{"room", "refrigerated", "frozen"};
  return names;
}

}  // namespace

void read_config(std::string_view text, const std::string& file, Config& into, Diagnostics& out) {
  TomlReader reader(file, out);
  auto parsed = reader.parse(text);
  if (!parsed) return;
  const toml::table& root = *parsed;
  reader.check_keys(root,
                    {"schema", "catalog", "devices", "bud_rules", "log", "lang", "paper", "facility", "compounding"},
                    "the config file");
  if (const toml::node* schema = root.get("schema")) {
    if (!schema->is_integer() || schema->as_integer()->get() != 1)
      reader.error(schema->source(), "only schema = 1 is known", "write schema = 1, or remove the line");
  }
  read_path(reader, root, "catalog", into.catalog);
  read_path(reader, root, "devices", into.devices);
  read_path(reader, root, "bud_rules", into.bud_rules);
  read_path(reader, root, "log", into.log, true);
  read_choice(reader, root, "lang", "the config file", known_languages(), into.lang);
  read_choice(reader, root, "paper", "the config file", known_papers(), into.paper);

  if (const toml::table* facility = reader.table(root, "facility", Need::optional, "the config file")) {
    reader.check_keys(*facility, {"name", "address"}, "[facility]");
    read_text(reader, *facility, "name", "[facility]", into.facility.name);
    read_text(reader, *facility, "address", "[facility]", into.facility.address);
  }
  if (const toml::table* c = reader.table(root, "compounding", Need::optional, "the config file")) {
    reader.check_keys(*c, {"category", "immediate_use", "storage", "sterile_components", "sterility_tested"},
                      "[compounding]");
    if (const toml::node* category = c->get("category")) {
      const auto* number = category->as_integer();
      if (number == nullptr || (number->get() != 1 && number->get() != 2)) {
        reader.error(category->source(), "\"category\" in [compounding] must be 1 or 2 (USP <797> Category 1 or 2)",
                     "write category = 1, or category = 2");
      } else {
        into.compounding.category.value = static_cast<int>(number->get());
        into.compounding.category.origin = origin_of(file, *category);
      }
    }
    read_flag(reader, *c, "immediate_use", into.compounding.immediate_use);
    read_choice(reader, *c, "storage", "[compounding]", storages(), into.compounding.storage);
    read_flag(reader, *c, "sterile_components", into.compounding.sterile_components);
    read_flag(reader, *c, "sterility_tested", into.compounding.sterility_tested);
  }
}

std::vector<Config::File> config_files(const Environment& env) {
  std::vector<Config::File> files;
  const auto system = env("MESOMIX_SYSTEM_CONFIG");
  if (!system)
    files.push_back({"/etc/mesomix/config.toml", "system", false});
  else if (!system->empty())
    files.push_back({*system, "system", false});

  if (auto named = env("MESOMIX_CONFIG"); named && !named->empty()) {
    files.push_back({*named, "MESOMIX_CONFIG", false});
    return files;
  }
  std::string folder;
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty() && std::filesystem::path(*xdg).is_absolute())
    folder = *xdg;
  else if (auto home = env("HOME"); home && !home->empty())
    folder = *home + "/.config";
  if (!folder.empty()) files.push_back({folder + "/mesomix/config.toml", "user", false});
  return files;
}

Environment process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name)) return std::string(value);
    return std::nullopt;
  };
}

Expected<Config, ConfigError> load_config(const Environment& env) {
  Config config;
  config.files = config_files(env);
  Diagnostics diagnostics;
  for (auto& f : config.files) {
    std::error_code ec;
    const bool explicit_file = f.role == "MESOMIX_CONFIG";
    if (!explicit_file && !std::filesystem::exists(f.path, ec)) continue;
    auto text = read_input_file(f.path);
    if (!text) {
      Diagnostic d = text.error();
      if (explicit_file) d.hint = "MESOMIX_CONFIG names this file; correct the variable or create the file";
      return unexpected(ConfigError{ExitCode::io, {d}});
    }
    f.found = true;
    read_config(*text, f.path, config, diagnostics);
  }
  if (has_errors(diagnostics)) return unexpected(ConfigError{ExitCode::invalid_input, std::move(diagnostics)});
  if (auto log = env("MESOMIX_LOG"); log && !log->empty()) {
    config.log.value = *log;
    config.log.origin = "MESOMIX_LOG";
  }
  return config;
}

namespace {

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string line(std::string_view key, const Setting<std::string>& s, std::string_view otherwise) {
  if (!s.value) return fmt::format("# {} = (unset): {}\n", key, otherwise);
  return fmt::format("{} = {}  # {}\n", key, toml_string(*s.value), s.origin);
}

std::string line(std::string_view key, const Setting<bool>& s, std::string_view otherwise) {
  if (!s.value) return fmt::format("# {} = (unset): {}\n", key, otherwise);
  return fmt::format("{} = {}  # {}\n", key, *s.value ? "true" : "false", s.origin);
}

std::string line(std::string_view key, const Setting<int>& s, std::string_view otherwise) {
  if (!s.value) return fmt::format("# {} = (unset): {}\n", key, otherwise);
  return fmt::format("{} = {}  # {}\n", key, *s.value, s.origin);
}

}  // namespace

std::string describe_config(const Config& c) {
  std::string out = "# mesomix config: the settings in force, each with where it comes from\n";
  out += "# (files in order, later wins; then MESOMIX_LOG; then the command line)\n";
  if (c.files.empty()) out += "# no config file looked for\n";
  for (const auto& f : c.files)
    out += fmt::format("#   {} ({}): {}\n", f.path, f.role, f.found ? "read" : "not present");
  out += "\n";
  out += line("catalog", c.catalog, "the catalog shipped with mesomix");
  out += line("devices", c.devices, "the syringes shipped with mesomix");
  out += line("bud_rules", c.bud_rules, "the BUD rules shipped with mesomix (USP <797>)");
  out += line("log", c.log, "$XDG_DATA_HOME/mesomix/log.sqlite (~/.local/share/mesomix/log.sqlite)");
  out += c.lang.value ? line("lang", c.lang, "") : "lang = \"en\"  # default\n";
  out += c.paper.value ? line("paper", c.paper, "") : "paper = \"a4\"  # default\n";
  out += "\n[facility]\n";
  out += line("name", c.facility.name, "no facility name on labels and records");
  out += line("address", c.facility.address, "no facility address on labels and records");
  out += "\n[compounding]\n";
  out += line("category", c.compounding.category, "Category 1 unless the batch file says otherwise");
  out += line("immediate_use", c.compounding.immediate_use, "false");
  out += line("storage", c.compounding.storage, "refrigerated unless the batch file says otherwise");
  out +=
      line("sterile_components", c.compounding.sterile_components, "false (a starting component may not be sterile)");
  out += line("sterility_tested", c.compounding.sterility_tested, "false");
  return out;
}

std::optional<CompoundingConditions> configured_conditions(const Config& config) {
  const CompoundingSettings& c = config.compounding;
  if (!c.category.value && !c.immediate_use.value && !c.storage.value && !c.sterile_components.value &&
      !c.sterility_tested.value)
    return std::nullopt;
  CompoundingConditions out = default_conditions();
  out.from = "configuration";
  if (c.category.value) out.category = *c.category.value == 2 ? Category::two : Category::one;
  if (c.immediate_use.value.value_or(false)) out.category = Category::immediate_use;
  if (c.storage.value)
    if (auto s = storage_from(*c.storage.value)) out.storage = *s;
  out.sterile_components = c.sterile_components.value.value_or(false);
  out.sterility_tested = c.sterility_tested.value.value_or(false);
  return out;
}

}  // namespace mesomix
