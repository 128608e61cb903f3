// The thin command line: parse the arguments, call one job in lib/, print what it returns.
// The conventions of docs/command-line.md ("Second edition") live here: formats by name or by the
// -o extension, `-` for standard input, checked writes, `help`, "did you mean", colour.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "mesomix/commands.hpp"
#include "mesomix/diagnostic.hpp"
#include "mesomix/io.hpp"
#include "prepared_catalog.hpp"

namespace {

using mesomix::Format;

// Every output format by its name on the command line and the extensions of an -o file.
// A format whose writer is not built yet has no Format.
struct FormatName {
  std::string_view name;
  std::optional<Format> format;
  std::vector<std::string_view> extensions;
};
const std::vector<FormatName> format_names{
    {"text", Format::text, {".txt"}},  {"markdown", Format::markdown, {".md"}},
    {"json", Format::json, {".json"}}, {"html", Format::html, {".html", ".htm"}},
    {"pdf", Format::pdf, {".pdf"}},
};
// A value among a few names, turned into its enum's number for CLI11, and when it is none of
// them the error says what to write (CLI11's own lists the map's internals).
template <class Enum>
CLI::Validator one_of(const std::map<std::string, Enum>& names, const std::string& what, const std::string& choices) {
  return CLI::Validator(
      [&names, what, choices](std::string& value) -> std::string {
        std::string lower = value;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto it = names.find(lower);
        if (it == names.end()) return "\"" + value + "\" is not " + what + "; write " + choices;
        value = std::to_string(static_cast<int>(it->second));
        return {};
      },
      choices);
}

const std::map<std::string, mesomix::Paper> papers{{"a4", mesomix::Paper::a4}, {"letter", mesomix::Paper::letter}};
const std::map<std::string, mesomix::Language> languages{
    {"en", mesomix::Language::en}, {"fr", mesomix::Language::fr}, {"es", mesomix::Language::es}};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string joined(const std::vector<std::string>& words, std::string_view last = " or ") {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? std::string(last) : std::string(", ")) + words[i];
  return out;
}

// ---- writing: every byte to stdout is checked (docs/command-line.md, Outputs) ----

bool colour_on_stderr() {
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) == 1 && (no_colour == nullptr || *no_colour == '\0') &&
         !(term != nullptr && std::string_view(term) == "dumb");
}

// "error", "warning" and "safety stop" in colour where a person reads them.
std::string coloured(std::string text) {
  if (!colour_on_stderr()) return text;
  const std::pair<std::string_view, std::string_view> words[] = {
      {": error:", "\033[1;31m"}, {": warning:", "\033[1;33m"}, {": safety stop:", "\033[1;35m"}};
  for (const auto& [word, colour] : words) {
    const std::string label(word.substr(2, word.size() - 3));
    const std::string replacement = std::string(": ") + std::string(colour) + label + "\033[0m:";
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + replacement.size()))
      text.replace(at, word.size(), replacement);
  }
  return text;
}

void to_stderr(const std::string& text) {
  const std::string shown = coloured(text);
  std::size_t done = 0;
  while (done < shown.size()) {
    const ssize_t n = ::write(STDERR_FILENO, shown.data() + done, shown.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to say anything
    done += static_cast<std::size_t>(n);
  }
}

enum class Written { all, closed_pipe, failed };

// Straight to the file descriptor, so that a full disk or /dev/full is seen here and not lost
// in a buffer flushed at exit.
Written to_stdout(std::string_view text, int& error) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) return Written::closed_pipe;
    if (n <= 0) {
      error = n < 0 ? errno : ENOSPC;
      return Written::failed;
    }
    done += static_cast<std::size_t>(n);
  }
  return Written::all;
}

int cannot_write(int error) {
  to_stderr(std::string("mesomix: error: cannot write the output: ") + std::strerror(error) +
            "; hint: check the free space, or write elsewhere with -o FILE\n");
  return static_cast<int>(mesomix::ExitCode::io);
}

int usage(const std::string& message, const std::string& hint) {
  to_stderr("mesomix: error: " + message + (hint.empty() ? "" : "; hint: " + hint) + "\n");
  return static_cast<int>(mesomix::ExitCode::usage);
}

// Where a sheet goes: stdout, or a file written atomically (-o).
struct Destination {
  std::optional<std::string> path;  // none, or "-": stdout
  bool force = false;
};

int emit(const mesomix::CommandOutput& result, const Destination& to = {}) {
  // docs/command-line.md: on any failure, nothing on stdout and no file
  const bool print = result.exit_code == 0 || result.out_on_failure;
  if (print && to.path && *to.path != "-") {
    const auto written = mesomix::write_file_atomically(
        *to.path, result.out, to.force ? mesomix::Overwrite::replace : mesomix::Overwrite::refuse);
    if (!written) {
      to_stderr(result.err + mesomix::to_string(written.error()) + "\n");
      return static_cast<int>(mesomix::ExitCode::io);
    }
  } else if (print) {
    int error = 0;
    switch (to_stdout(result.out, error)) {
      case Written::closed_pipe:  // `| head` has read what it wanted: end quietly
        return result.exit_code;
      case Written::failed:
        to_stderr(result.err);
        return cannot_write(error);
      case Written::all:
        break;
    }
  }
  to_stderr(result.err);
  return result.exit_code;
}

// A command that writes its lines as they are ready (batch dose to stdout, check's report to
// stderr: a thousand files' lines are not held until the last is done). They go out in blocks
// of about 64 kB; a failed write to stdout ends the writing, reported as emit() would.
enum class Stream { out, err };
int streamed(Stream stream, const std::function<mesomix::CommandOutput(const mesomix::OutputSink&)>& run) {
  constexpr std::size_t block = 64 * 1024;
  std::string pending;
  pending.reserve(2 * block);
  Written state = Written::all;
  int error = 0;
  auto flush = [&] {
    if (stream == Stream::err)
      to_stderr(pending);
    else if (state == Written::all && !pending.empty())
      state = to_stdout(pending, error);
    pending.clear();
    return state == Written::all;
  };
  const mesomix::CommandOutput result = run([&](std::string_view text) {
    pending += text;
    return pending.size() < block || flush();
  });
  flush();
  if (state == Written::closed_pipe) return result.exit_code;  // `| head` has read what it wanted
  to_stderr(result.err);
  if (state == Written::failed) return cannot_write(error);
  return result.exit_code;
}

// ---- formats: by name, or by the -o file's extension; the two must agree ----

struct FormatRequest {
  std::optional<std::string> name;  // --format
  Destination output;               // -o, --force
};

// The format to print in, or the exit status of a usage error (already reported).
struct Chosen {
  std::optional<Format> format;  // none: the command decides (record --verify)
  int exit_code = 0;
};

Chosen choose_format(std::string_view command, const std::vector<std::string>& allowed, const FormatRequest& request,
                     std::optional<Format> fallback = Format::text) {
  const std::string list = joined(allowed);
  auto known = [&](const std::string& name) -> const FormatName* {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) return nullptr;
    for (const auto& f : format_names)
      if (f.name == name) return &f;
    return nullptr;
  };
  const FormatName* by_name = nullptr;
  if (request.name) {
    by_name = known(lower(*request.name));
    if (by_name == nullptr)
      return {std::nullopt,
              usage(std::string(command) + " has no format \"" + *request.name + "\"", "--format takes " + list)};
  }
  const FormatName* by_extension = nullptr;
  // a folder, a FIFO or a device as -o is the writer's to refuse (exit 4), whatever its name
  std::error_code ec;
  const bool plain_target =
      request.output.path && *request.output.path != "-" &&
      (!std::filesystem::exists(std::filesystem::symlink_status(*request.output.path, ec)) ||
       std::filesystem::is_regular_file(std::filesystem::symlink_status(*request.output.path, ec)));
  if (plain_target) {
    const std::string& path = *request.output.path;
    const std::string extension = lower(std::filesystem::path(path).extension().string());
    for (const auto& f : format_names)
      if (std::find(f.extensions.begin(), f.extensions.end(), extension) != f.extensions.end()) by_extension = &f;
    if (by_extension != nullptr) by_extension = known(std::string(by_extension->name));
    if (by_extension == nullptr) {
      std::vector<std::string> extensions;
      for (const auto& name : allowed)
        for (const auto& f : format_names)
          if (f.name == name)
            for (auto e : f.extensions) extensions.emplace_back(e);
      return {std::nullopt, usage("-o " + path + ": " +
                                      (extension.empty() ? std::string("a file without an extension")
                                                         : "the extension \"" + extension + "\"") +
                                      " is not a format " + std::string(command) + " writes",
                                  "name the file " + joined(extensions) + " (the format follows the extension)")};
    }
    if (by_name != nullptr && by_name != by_extension)
      return {std::nullopt, usage("--format " + std::string(by_name->name) + " and -o " + path + " disagree",
                                  "drop --format (the extension chooses), or name the file to match")};
  }
  const FormatName* chosen = by_name != nullptr ? by_name : by_extension;
  if (chosen == nullptr) return {fallback, 0};
  if (!chosen->format)
    return {std::nullopt, usage(std::string(chosen->name) + " output is not available in this build",
                                "use --format html and print it, or text")};
  return {chosen->format, 0};
}

// ---- finding your way: help, examples, "did you mean" ----

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& k : known) {
    // a prefix is a likely slip too: "mesomix --cat" for --catalog
    const std::size_t d = k.rfind(word, 0) == 0 && word.size() >= 3 ? 1 : edit_distance(word, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::vector<std::string> long_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options())
    for (const auto& n : o->get_lnames()) out.push_back("--" + n);
  return out;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; })) out.push_back(s->get_name());
  return out;
}

// Exit 2 with "did you mean" when `word` is not a mesomix command; nothing when it is one.
// `prefix` is what the suggestion starts with ("mesomix ", "mesomix help ").
std::optional<int> unless_a_command(const CLI::App& app, const std::string& word, const std::string& prefix) {
  const auto names = command_names(app);
  if (std::find(names.begin(), names.end(), word) != names.end()) return std::nullopt;
  const auto guess = closest(word, names);
  return usage("\"" + word + "\" is not a mesomix command",
               guess ? "did you mean \"" + prefix + *guess + "\"?" : "mesomix help lists the commands");
}

// Before CLI11 parses: an unknown command or option gets a "did you mean" rather than CLI11's
// "A subcommand is required" or "The following arguments were not expected". Returns the exit
// status of the error it reported, if any.
std::optional<int> misspelt(CLI::App& app, int argc, char** argv) {
  const CLI::App* command = nullptr;
  bool value_next = false;  // the previous argument was an option that takes a value
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (value_next) {
      value_next = false;
      continue;
    }
    if (arg == "--") break;
    const CLI::App& scope = command != nullptr ? *command : app;
    if (arg.rfind("--", 0) == 0) {
      const std::string name = arg.substr(0, arg.find('='));
      // the command's own options, then those of the commands it is under (log's --log), then mesomix's
      const CLI::Option* option = nullptr;
      std::vector<std::string> names;
      std::string where;
      for (const CLI::App* level = &scope; level != nullptr; level = level->get_parent()) {
        if (option == nullptr) option = level->get_option_no_throw(name);
        for (auto& n : long_names(*level)) names.push_back(n);
        if (level != &app) where = " " + level->get_name() + where;
      }
      where = "mesomix" + where;
      if (option == nullptr) {
        const auto guess = closest(name, names);
        return usage(where + " has no option " + name,
                     guess ? "did you mean " + *guess + "?" : where + " --help lists the options");
      }
      value_next = option->get_type_size() > 0 && arg.find('=') == std::string::npos;
      continue;
    }
    if (arg.size() == 2 && arg[0] == '-' && std::isalpha(static_cast<unsigned char>(arg[1]))) {
      const CLI::Option* option = scope.get_option_no_throw(arg);
      value_next = option != nullptr && option->get_type_size() > 0;
      continue;
    }
    if (command == nullptr && arg != "-") {
      if (auto refused = unless_a_command(app, arg, "mesomix ")) return refused;
      command = app.get_subcommand(arg);
    } else if (command != nullptr) {
      // a command's own command (log list, log recall): its options are its own
      const auto inner = command->get_subcommands([&](const CLI::App* c) { return c->get_name() == arg; });
      if (!inner.empty()) command = inner.front();
    }
  }
  return std::nullopt;
}

const char* const examples_dose =
    "Examples:\n"
    "  mesomix dose formulations/protocols/hair-classic-5.toml\n"
    "  mesomix dose protocol.toml -o dose.html\n"
    "  mesomix dose --format json a.toml b.toml     (JSON Lines, one object per file)\n"
    "  cat protocol.toml | mesomix dose -\n";
const char* const examples_mix =
    "Examples:\n"
    "  mesomix mix protocol.toml --sessions 4\n"
    "  mesomix mix protocol.toml --batch-volume \"31 mL\" --overage 10 -o worksheet.md\n";
const char* const examples_record =
    "Examples:\n"
    "  mesomix record protocol.toml --batch batch.toml -o MM-2026-0042.txt\n"
    "  mesomix record protocol.toml --batch batch.toml --verify MM-2026-0042.txt\n";
const char* const examples_check =
    "Examples:\n"
    "  mesomix check protocol.toml\n"
    "  mesomix check formulations/protocols/*.toml formulations/catalog.toml\n";
const char* const examples_convert =
    "Examples:\n"
    "  mesomix convert \"0.5 % w/v\" mg/mL\n"
    "  mesomix convert \"50 mg/5 mL\" \"% w/v\"\n";
const char* const examples_catalog =
    "Examples:\n"
    "  mesomix catalog\n"
    "  mesomix catalog --format json -o catalog.json\n"
    "  mesomix --catalog my-catalog.toml catalog\n";
const char* const examples_new =
    "Examples:\n"
    "  mesomix new > my-protocol.toml\n";
const char* const examples_help =
    "Examples:\n"
    "  mesomix help\n"
    "  mesomix help mix\n";

CLI::Option* add_format(CLI::App* command, FormatRequest& request, const std::vector<std::string>& allowed) {
  return command->add_option("--format", request.name, "Output format: " + joined(allowed, " or "))
      ->option_text(joined(allowed, "|"));
}

void add_output(CLI::App* command, FormatRequest& request, const std::string& what) {
  auto* output = command->add_option("-o,--output", request.output.path,
                                     "Write the " + what +
                                         " to this file, in the format of its extension (- for stdout); "
                                         "never over an existing file");
  command->add_flag("--force", request.output.force, "Replace an existing regular file")->needs(output);
}

// The inputs every command shares, taken alike by every command, before or after its name.
// docs/safety.md: what dose, mix and record take besides --allow-over-limit.
void add_safety_options(CLI::App* command, mesomix::CommonOptions& common) {
  command->add_option("--weight", common.weight, "The patient's weight, e.g. \"72 kg\" (per-kg limits)");
  command->add_option("--allow-implausible", common.allow_implausible,
                      "Print despite a figure outside the catalog's plausible range, giving the prescriber's reason");
}

void add_paper(CLI::App* command, std::optional<mesomix::Paper>& paper) {
  command->add_option("--paper", paper, "Paper for pdf and html: a4 (default) or letter")
      ->transform(one_of(papers, "a paper size mesomix prints on", "a4 or letter"))
      ->option_text("a4|letter");
}

// Many files at once: how many threads (the output is the same bytes with any number).
void add_jobs(CLI::App* command, unsigned& jobs) {
  command->add_option("--jobs", jobs, "Files worked on at once, with many files (default: one per core)")
      ->check(CLI::Range(1U, 256U))
      ->option_text("N");
}

// Never from the environment's locale: a record's bytes must not depend on where it is printed.
void add_lang(CLI::App* command, std::optional<mesomix::Language>& lang) {
  command->add_option("--lang", lang, "Language of the sheets, labels and record: en (default), fr or es")
      ->transform(one_of(languages, "a language mesomix prints in", "en, fr or es"))
      ->option_text("en|fr|es");
}

void add_input_options(CLI::App* command, mesomix::InputPaths& paths) {
  command->add_option("--catalog", paths.catalog, "Use this catalog instead of the shipped one");
  command->add_option("--devices", paths.devices, "Use these syringes instead of the shipped ones");
  command->add_option("--bud-rules", paths.bud_rules,
                      "Use this BUD rules file instead of the shipped USP <797> limits");
}

// What every printing command takes after its format and output: the shared inputs, the
// patient's weight and the implausible-figure override, the paper, and the over-limit override
// (`verb`: "Print", "Record", "Label").
void add_printing_options(CLI::App* command, mesomix::CommonOptions& common,
                          std::optional<std::string>& allow_over_limit, const std::string& verb) {
  add_input_options(command, common.inputs);
  add_safety_options(command, common);
  add_paper(command, common.paper);
  add_lang(command, common.lang_flag);
  command->add_option("--allow-over-limit", allow_over_limit,
                      verb + " despite a limit exceeded, giving the prescriber's reason");
}

// What dose and mix take alike after their own options: the format, -o, the shared inputs, the
// patient's weight, both of the prescriber's overrides, the paper, and the examples.
void add_sheet_options(CLI::App* command, FormatRequest& request, const std::vector<std::string>& formats,
                       const std::string& what, mesomix::CommonOptions& common,
                       std::optional<std::string>& allow_over_limit, const char* examples) {
  add_format(command, request, formats);
  add_output(command, request, what);
  add_printing_options(command, common, allow_over_limit, "Print");
  command->footer(examples);
}

// `mesomix __complete [COMMAND|_ [--OPTION]]`, for the shell completions (completions/): the
// commands, a command's options, or an option's values (from its text "a|b|c"), one a line,
// read from the command definitions themselves so that the completions never fall behind.
int print_completions(const CLI::App& app, int argc, char** argv) {
  const CLI::App* command = &app;
  if (argc > 2 && std::string_view(argv[2]) != "_") {  // "_": no command yet
    auto found = app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == argv[2]; });
    if (found.empty()) return 0;
    command = found.front();
  }
  std::string words;
  auto options = command->get_options([](const CLI::Option* o) { return !o->get_positional(); });
  if (argc > 3) {
    for (const CLI::Option* o : options) {
      const auto& names = o->get_lnames();
      if (std::find(names.begin(), names.end(), std::string(argv[3]).substr(2)) == names.end()) continue;
      std::string text = o->get_option_text();  // "a|b|c", or "a, b, c|d"
      for (std::size_t comma = text.find(", "); comma != std::string::npos; comma = text.find(", "))
        text.replace(comma, 2, "|");
      if (text.find('|') == std::string::npos || text.find(' ') != std::string::npos) continue;
      for (std::size_t start = 0, bar = 0; bar != std::string::npos; start = bar + 1) {
        bar = text.find('|', start);
        words += text.substr(start, bar - start) + "\n";
      }
    }
  } else {
    if (command == &app)
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        words += sub->get_name() + "\n";
    for (const CLI::Option* o : options)
      for (const auto& name : o->get_lnames()) words += "--" + name + "\n";
  }
  std::fwrite(words.data(), 1, words.size(), stdout);
  return 0;
}

}  // namespace

static int run(int argc, char** argv) {
  // a closed pipe is an error from write(), handled where it happens, not a signal
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"mesomix: units-safe calculator for hair-loss mesotherapy cocktails"};
  app.set_version_flag("--version", std::string("mesomix ") + std::string(mesomix::mesomix_version()));
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  mesomix dose formulations/protocols/hair-classic-5.toml\n"
      "  mesomix mix protocol.toml --sessions 4 -o worksheet.html\n"
      "  mesomix help mix\n"
      "Exit status: 0 success, 1 invalid input, 2 command line, 3 safety stop, 4 a file could not be read "
      "or written.");
  mesomix::CommonOptions common;
  add_input_options(&app, common.inputs);

  // Only the commands named on the command line get their options: CLI11 makes every option
  // object at each start, and a cold `dose` spent about a twelfth of its time on the options of
  // commands it would not run. A word equal to a command's name anywhere on the line builds
  // that command (a file so named builds one more, harmlessly); help, the completions and a
  // line naming nothing build them all.
  bool build_all = argc < 2;
  for (int i = 1; i < argc && !build_all; ++i) {
    const std::string_view word(argv[i]);
    build_all = word == "help" || word == "__complete" || word == "-h" || word == "--help" || word == "--help-all";
  }
  auto built = [&](std::string_view name) {
    for (int i = 1; i < argc && !build_all; ++i)
      if (name == argv[i]) return true;
    return build_all;
  };

  const std::vector<std::string> sheet_formats{"text", "markdown", "json", "html", "pdf"};
  const std::vector<std::string> record_formats{"text", "markdown", "html", "pdf"};
  const std::vector<std::string> catalog_formats{"text", "markdown", "json", "html"};

  std::string quantity;
  std::string unit;
  auto* convert = app.add_subcommand("convert", "Convert a quantity to another unit, exactly");
  if (built("convert")) {
    convert->add_option("QUANTITY", quantity, "e.g. \"0.5 % w/v\"")->required();
    convert->add_option("UNIT", unit, "e.g. mg/mL")->required();
    convert->footer(examples_convert);
  }

  std::vector<std::string> protocols;
  std::string protocol;
  FormatRequest request;
  std::optional<std::string> allow_over_limit;
  std::optional<std::string> start;
  auto* dose = app.add_subcommand("dose", "The clinician's dose sheet of a protocol");
  if (built("dose")) {
    dose->add_option("PROTOCOL", protocols, "Protocol files (TOML); - is standard input")->required();
    add_sheet_options(dose, request, sheet_formats, "dose sheet", common, allow_over_limit, examples_dose);
    add_jobs(dose, common.jobs);
    dose->add_option("--start", start, "The date of session 1 (YYYY-MM-DD): the schedule gets dates");
  }

  mesomix::MixRequest mix_request;
  auto* mix = app.add_subcommand("mix", "The pharmacist's preparation worksheet");
  if (built("mix")) {
    mix->add_option("PROTOCOL", protocol, "Protocol file (TOML); - is standard input")->required();
    auto* sessions = mix->add_option("--sessions", mix_request.sessions,
                                     "Prepare N consecutive sessions (default 1), within the BUD")
                         ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000}));
    auto* batch_volume =
        mix->add_option("--batch-volume", mix_request.batch_volume, "Prepare this volume, e.g. \"6.5 mL\"")
            ->excludes(sessions);
    auto* from_session =
        mix->add_option("--from-session", mix_request.from_session, "The first session prepared (default 1)")
            ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000}));
    mix->add_flag("--plan", mix_request.plan, "The course's preparation plan: the fewest preparations within their BUD")
        ->excludes(sessions)
        ->excludes(batch_volume)
        ->excludes(from_session);
    auto* category = mix->add_option("--category", mix_request.conditions.category,
                                     "Compounded as USP <797> Category 1 or 2 (default 1)");
    mix->add_option("--storage", mix_request.conditions.storage, "room, refrigerated or frozen (default refrigerated)");
    mix->add_flag("--sterile-components", mix_request.conditions.sterile_components,
                  "Every starting component is sterile");
    mix->add_flag("--immediate-use", mix_request.conditions.immediate_use,
                  "Immediate use (at most 3 sterile products, 4 h)")
        ->excludes(category);
    mix->add_option("--overage", mix_request.overage_pct, "Extra percentage to prepare, e.g. 10");
    add_sheet_options(mix, request, sheet_formats, "worksheet", common, allow_over_limit, examples_mix);
  }

  mesomix::RecordRequest record_request;
  auto* record = app.add_subcommand("record", "The compounding record of one preparation");
  if (built("record")) {
    record->add_option("PROTOCOL", protocol, "Protocol file (TOML); - is standard input")->required();
    record->add_option("--batch", record_request.batch_path, "Batch file (TOML): lot, dates, people, stock lots")
        ->required();
    auto* output = record->add_option("-o,--output", request.output.path,
                                      "Write the record to this file, in the format of its extension "
                                      "(never over an existing one)");
    auto* force = record->add_flag(
        "--force", request.output.force,
        "Replace an existing record file, or log a new entry for a lot already logged with other inputs; the new "
        "record names the one it replaces");
    auto* log_option = record->add_option("--log", record_request.log_uri,
                                          "The compounding log: sqlite:PATH, a path ending .sqlite or .db, or "
                                          "postgresql://...");
    record->add_flag("--no-log", record_request.no_log, "Do not enter the record in a log (the record says so)")
        ->excludes(log_option);
    record->add_option("--verify", record_request.verify_path, "Say whether this file is the record these inputs give")
        ->excludes(output)
        ->excludes(force);
    add_format(record, request, record_formats);
    add_printing_options(record, common, allow_over_limit, "Record");
    record->footer(examples_record);
  }

  const std::vector<std::string> label_formats{"pdf", "html", "text", "markdown"};
  mesomix::LabelRequest label_request;
  auto* label = app.add_subcommand("label", "One label per unit-dose syringe of a preparation, with a barcode");
  if (built("label")) {
    label->add_option("PROTOCOL", protocol, "Protocol file (TOML); - is standard input")->required();
    label->add_option("--batch", label_request.batch_path, "Batch file (TOML): lot, dates, people, stock lots")
        ->required();
    add_format(label, request, label_formats);
    add_output(label, request, "labels");
    label->add_option("--label-size", label_request.label_size, "Label stock, width x height in mm (default 100x50)");
    add_input_options(label, common.inputs);
    add_safety_options(label, common);
    add_lang(label, common.lang_flag);
    label->add_option("--allow-over-limit", allow_over_limit,
                      "Label despite a limit exceeded, giving the prescriber's reason");
    label->footer(
        "Examples:\n"
        "  mesomix label protocol.toml --batch batch.toml -o labels.pdf\n"
        "  mesomix label protocol.toml --batch batch.toml --format pdf --label-size 101.6x50.8 > labels.pdf\n");
  }

  std::vector<std::string> files;
  auto* check = app.add_subcommand("check", "Every error and warning in protocol files");
  if (built("check")) {
    check->add_option("FILE", files, "Protocol, batch, catalog or devices files; - is standard input")->required();
    check->footer(examples_check);
    add_input_options(check, common.inputs);
    add_jobs(check, common.jobs);
  }

  auto* catalog = app.add_subcommand("catalog", "The actives mesomix knows");
  if (built("catalog")) {
    add_format(catalog, request, catalog_formats);
    add_output(catalog, request, "catalog");
    catalog->footer(examples_catalog);
    add_input_options(catalog, common.inputs);
    add_lang(catalog, common.lang_flag);
  }

  auto* make_new = app.add_subcommand("new", "A commented template protocol on stdout");
  make_new->footer(examples_new);

  // the compounding log (log.md)
  std::optional<std::string> log_flag;
  auto* log = app.add_subcommand("log", "The compounding log: list, show, recall, verify, export");
  log->require_subcommand(1);
  log->fallthrough();
  const std::map<std::string, mesomix::Format> table_formats{
      {"text", mesomix::Format::text}, {"json", mesomix::Format::json}, {"csv", mesomix::Format::csv}};
  mesomix::LogQuery query;
  mesomix::Format log_format = mesomix::Format::text;
  std::string lot;
  bool recompute = false;
  auto* log_list = log->add_subcommand("list", "One line per entry: number, prepared, lot, protocol, patient, people");
  auto* log_show = log->add_subcommand("show", "The record of a preparation lot exactly as it was printed");
  auto* log_recall =
      log->add_subcommand("recall", "Every preparation that used a stock, diluent, kit or preparation lot");
  auto* log_verify = log->add_subcommand("verify", "Walk the chain and check every hash");
  auto* log_export = log->add_subcommand("export", "Every entry as JSON Lines, inputs base64-encoded");
  if (built("log")) {
    log->add_option("--log", log_flag, "The log: sqlite:PATH, a path ending .sqlite or .db, or postgresql://...");
    log_list->add_option("--patient", query.patient, "Only this patient's entries (the patient id)");
    log_list->add_option("--active", query.active, "Only preparations with this active");
    log_list->add_option("--since", query.since, "Prepared on or after this date (YYYY-MM-DD)");
    log_list->add_option("--until", query.until, "Prepared on or before this date (YYYY-MM-DD)");
    log_list->add_option("--format", log_format, "Output format: text|json|csv")
        ->transform(CLI::CheckedTransformer(table_formats, CLI::ignore_case))
        ->option_text("text|json|csv");
    log_show->add_option("LOT", lot, "The preparation lot")->required();
    log_recall->add_option("LOT", lot, "The lot")->required();
    log_recall->add_option("--format", log_format, "Output format: text|json|csv")
        ->transform(CLI::CheckedTransformer(table_formats, CLI::ignore_case))
        ->option_text("text|json|csv");
    log_verify->add_flag("--recompute", recompute, "Also re-derive every record from its stored inputs");
  }

  auto* config_command = app.add_subcommand("config", "The settings in force and where each comes from");
  if (built("config")) {
    add_input_options(config_command, common.inputs);
  }

  std::string help_topic;
  auto* help = app.add_subcommand("help", "What mesomix or one of its commands does, with examples");
  if (built("help")) {
    help->add_option("COMMAND", help_topic, "A command, e.g. mix");
    help->footer(examples_help);
  }

  if (argc > 1 && std::string_view(argv[1]) == "__complete") return print_completions(app, argc, argv);
  if (auto code = misspelt(app, argc, argv)) return *code;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    const int code = app.exit(e);
    std::cout.flush();
    return std::cout ? code : cannot_write(errno != 0 ? errno : EIO);
  } catch (const CLI::CallForAllHelp& e) {
    const int code = app.exit(e);
    std::cout.flush();
    return std::cout ? code : cannot_write(errno != 0 ? errno : EIO);
  } catch (const CLI::CallForVersion& e) {
    const int code = app.exit(e);
    std::cout.flush();
    return std::cout ? code : cannot_write(errno != 0 ? errno : EIO);
  } catch (const CLI::RequiredError& e) {
    if (app.get_subcommands().empty()) return usage("name a command", "mesomix help lists them");
    return usage(e.what(), "mesomix help " + app.get_subcommands().front()->get_name());
  } catch (const CLI::ParseError& e) {
    const std::string topic = app.get_subcommands().empty() ? "" : " " + app.get_subcommands().front()->get_name();
    return usage(e.what(), "mesomix help" + topic);
  }

  if (help->parsed()) {
    const CLI::App* topic = &app;
    if (!help_topic.empty()) {
      if (auto refused = unless_a_command(app, help_topic, "mesomix help ")) return *refused;
      topic = app.get_subcommand(help_topic);
    }
    // App::help() of the top level would describe the command being run, `help` itself
    const std::string text = topic == &app ? app.get_formatter()->make_help(&app, "mesomix", CLI::AppFormatMode::Normal)
                                           : topic->help("mesomix");
    return emit({0, text, {}});
  }

  // `-` is standard input, which can be read once
  std::vector<std::string> inputs = protocols;
  inputs.push_back(protocol);
  inputs.insert(inputs.end(), files.begin(), files.end());
  for (const auto* o : {&common.inputs.catalog, &common.inputs.devices, &record_request.verify_path})
    if (*o) inputs.push_back(**o);
  inputs.push_back(record_request.batch_path);
  if (std::count(inputs.begin(), inputs.end(), "-") > 1)
    return usage("standard input (-) is named more than once", "name at most one input as -");

  // cli-contract.md, "Configuration": the files, then the flags; later wins.
  auto config = mesomix::load_config(mesomix::process_environment());
  if (!config) return emit(mesomix::config_failure(config.error()));
  mesomix::apply_flag(config->catalog, common.inputs.catalog, "--catalog");
  mesomix::apply_flag(config->devices, common.inputs.devices, "--devices");
  mesomix::apply_flag(config->bud_rules, common.inputs.bud_rules, "--bud-rules");
  common.inputs.catalog = config->catalog.value;
  common.inputs.devices = config->devices.value;
  common.inputs.bud_rules = config->bud_rules.value;
  common.config_log = config->log.value;  // --log and MESOMIX_LOG are weighed where the log is opened
  if (common.paper)
    config->paper = {mesomix::to_string(*common.paper), "--paper"};
  else if (config->paper.value)
    common.paper = mesomix::parse_paper(*config->paper.value);
  // the facility as printed on labels and records: its name, then its address
  if (common.lang_flag) config->lang = {mesomix::to_string(*common.lang_flag), "--lang"};
  common.lang = mesomix::parse_language(config->language()).value_or(mesomix::Language::en);
  common.facility = config->facility.name.value_or("");
  if (config->facility.address.value)
    common.facility += (common.facility.empty() ? "" : ", ") + *config->facility.address.value;
  common.configured_conditions = mesomix::configured_conditions(*config);
  if (config_command->parsed()) return emit(mesomix::run_config(*config));

  if (convert->parsed()) return emit(mesomix::run_convert(quantity, unit));
  if (dose->parsed()) {
    const auto chosen = choose_format("dose", sheet_formats, request);
    if (chosen.exit_code != 0) return chosen.exit_code;
    if (protocols.size() > 1) {
      if (*chosen.format != Format::json)
        return usage("several protocols print only as JSON Lines",
                     "give --format json, or run mesomix dose once per file");
      if (request.output.path && *request.output.path != "-")
        return emit(mesomix::run_dose_files(protocols, common, allow_over_limit), request.output);
      return streamed(Stream::out, [&](const mesomix::OutputSink& out) {
        return mesomix::run_dose_files(protocols, common, allow_over_limit, out);
      });
    }
    return emit(mesomix::run_dose(protocols.front(), *chosen.format, common, allow_over_limit, start), request.output);
  }
  if (mix->parsed()) {
    const auto chosen = choose_format("mix", sheet_formats, request);
    if (chosen.exit_code != 0) return chosen.exit_code;
    return emit(mesomix::run_mix(protocol, mix_request, *chosen.format, common, allow_over_limit), request.output);
  }
  if (record->parsed()) {
    // --verify without --format: run_record reads the format from the file's extension
    const auto chosen = choose_format("record", record_formats, request,
                                      record_request.verify_path ? std::nullopt : std::optional(Format::text));
    if (chosen.exit_code != 0) return chosen.exit_code;
    record_request.force = request.output.force;  // also: a new log entry for a lot logged with other inputs
    if (request.output.path && *request.output.path != "-") record_request.output_path = request.output.path;
    return emit(mesomix::run_record(protocol, record_request, chosen.format, common, allow_over_limit));
  }
  if (label->parsed()) {
    const auto chosen = choose_format("label", label_formats, request);
    if (chosen.exit_code != 0) return chosen.exit_code;
    return emit(mesomix::run_label(protocol, label_request, *chosen.format, common, allow_over_limit), request.output);
  }
  if (check->parsed())
    return streamed(Stream::err,
                    [&](const mesomix::OutputSink& report) { return mesomix::run_check(files, common, report); });
  if (catalog->parsed()) {
    const auto chosen = choose_format("catalog", catalog_formats, request);
    if (chosen.exit_code != 0) return chosen.exit_code;
    return emit(mesomix::run_catalog(*chosen.format, common), request.output);
  }
  if (make_new->parsed()) return emit(mesomix::run_new());
  if (log->parsed()) {
    const mesomix::LogRequest where{mesomix::log_location(log_flag, common.config_log)};
    if (log_list->parsed()) return emit(mesomix::run_log_list(where, query, log_format));
    if (log_show->parsed()) return emit(mesomix::run_log_show(where, lot));
    if (log_recall->parsed()) return emit(mesomix::run_log_recall(where, lot, log_format));
    if (log_verify->parsed()) return emit(mesomix::run_log_verify(where, recompute));
    if (log_export->parsed()) return emit(mesomix::run_log_export(where));
  }
  return 2;
}

// Ends the process without running the static objects' destructors: every file, log
// connection and temporary is closed by run() itself, and freeing the catalog and ICU's data
// one piece at a time only delays giving the memory back (measured: a seventieth of a cold
// `dose`). Sanitized builds exit normally, for the leak check that runs at exit.
[[noreturn]] void finish(int code) {
  std::cout.flush();
  std::fflush(nullptr);
#if defined(__SANITIZE_ADDRESS__)
  std::exit(code);
#else
  std::_Exit(code);
#endif
}

// What no command's own checks foresaw (the PDF module missing from a broken install, memory
// exhausted) ends the command with a message and exit 4, never an abort. Nothing has been
// printed on stdout then, since every command prints once it has all its output, except the
// lines of many files, which stream (and report each file's failure in its own line).
int main(int argc, char** argv) {
  // the catalog's actives made by code written at build time, not parsed from its TOML
  mesomix::use_prepared_shipped_catalog(mesomix::prepared_shipped_actives);
  int code = 0;
  try {
    code = run(argc, argv);
  } catch (const std::exception& e) {
    to_stderr(std::string("mesomix: error: ") + e.what() + "\n");
    code = static_cast<int>(mesomix::ExitCode::io);
  }
  finish(code);
}
