// The thin command line: parse the arguments, call one job in lib/, print what it returns.
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "mesomix/commands.hpp"

namespace {

const std::map<std::string, mesomix::Format> formats{{"text", mesomix::Format::text},
                                                     {"markdown", mesomix::Format::markdown},
                                                     {"json", mesomix::Format::json},
                                                     {"html", mesomix::Format::html}};

int emit(const mesomix::CommandOutput& result) {
  // docs/command-line.md: on any failure, nothing on stdout
  if (result.exit_code == 0) std::fwrite(result.out.data(), 1, result.out.size(), stdout);
  std::fwrite(result.err.data(), 1, result.err.size(), stderr);
  return std::fflush(stdout) == 0 ? result.exit_code : 4;
}

CLI::Option* add_format(CLI::App* command, mesomix::Format& format, const std::string& allowed) {
  return command->add_option("--format", format, "Output format: " + allowed)
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text(allowed);
}

// The inputs every command shares, taken alike by every command, before or after its name.
void add_input_options(CLI::App* command, mesomix::InputPaths& paths) {
  command->add_option("--catalog", paths.catalog, "Use this catalog instead of the shipped one");
  command->add_option("--devices", paths.devices, "Use these syringes instead of the shipped ones");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mesomix: units-safe calculator for hair-loss mesotherapy cocktails"};
  app.set_version_flag("--version", std::string("mesomix ") + std::string(mesomix::mesomix_version()));
  app.require_subcommand(1);
  mesomix::CommonOptions common;
  add_input_options(&app, common.inputs);

  std::string quantity;
  std::string unit;
  auto* convert = app.add_subcommand("convert", "Convert a quantity to another unit, exactly");
  convert->add_option("QUANTITY", quantity, "e.g. \"0.5 % w/v\"")->required();
  convert->add_option("UNIT", unit, "e.g. mg/mL")->required();

  std::string protocol;
  mesomix::Format format = mesomix::Format::text;
  std::optional<std::string> allow_over_limit;
  auto* dose = app.add_subcommand("dose", "The clinician's dose sheet of a protocol");
  dose->add_option("PROTOCOL", protocol, "Protocol file (TOML)")->required();
  add_format(dose, format, "text|markdown|json|html");
  add_input_options(dose, common.inputs);
  dose->add_option("--allow-over-limit", allow_over_limit,
                   "Print despite a limit exceeded, giving the prescriber's reason");

  mesomix::MixRequest mix_request;
  auto* mix = app.add_subcommand("mix", "The pharmacist's preparation worksheet");
  mix->add_option("PROTOCOL", protocol, "Protocol file (TOML)")->required();
  auto* sessions = mix->add_option("--sessions", mix_request.sessions, "Prepare for N sessions (default: the course)")
                       ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000}));
  mix->add_option("--batch-volume", mix_request.batch_volume, "Prepare this volume, e.g. \"31 mL\"")
      ->excludes(sessions);
  mix->add_option("--overage", mix_request.overage_pct, "Extra percentage to prepare, e.g. 10");
  add_format(mix, format, "text|markdown|json|html");
  add_input_options(mix, common.inputs);
  mix->add_option("--allow-over-limit", allow_over_limit,
                  "Print despite a limit exceeded, giving the prescriber's reason");

  mesomix::RecordRequest record_request;
  std::optional<mesomix::Format> record_format;
  auto* record = app.add_subcommand("record", "The compounding record of one preparation");
  record->add_option("PROTOCOL", protocol, "Protocol file (TOML)")->required();
  record->add_option("--batch", record_request.batch_path, "Batch file (TOML): lot, dates, people, stock lots")
      ->required();
  auto* output = record->add_option("-o,--output", record_request.output_path,
                                    "Write the record to this file (never over an existing one)");
  auto* force = record->add_flag("--force", record_request.force, "Replace an existing record; the new record says so");
  force->needs(output);
  record->add_option("--verify", record_request.verify_path, "Say whether this file is the record these inputs give")
      ->excludes(output)
      ->excludes(force);
  record->add_option("--format", record_format, "Output format: text|markdown|html")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("text|markdown|html");
  add_input_options(record, common.inputs);
  record->add_option("--allow-over-limit", allow_over_limit,
                     "Record despite a limit exceeded, giving the prescriber's reason");

  std::vector<std::string> files;
  auto* check = app.add_subcommand("check", "Every error and warning in protocol files");
  check->add_option("FILE", files, "Protocol files")->required();
  add_input_options(check, common.inputs);

  auto* catalog = app.add_subcommand("catalog", "The actives mesomix knows");
  add_format(catalog, format, "text|markdown|json|html");
  add_input_options(catalog, common.inputs);

  auto* make_new = app.add_subcommand("new", "A commented template protocol on stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mesomix: error: %s; hint: mesomix --help\n", e.what());
    return 2;
  }

  if (convert->parsed()) return emit(mesomix::run_convert(quantity, unit));
  if (dose->parsed()) return emit(mesomix::run_dose(protocol, format, common, allow_over_limit));
  if (mix->parsed()) return emit(mesomix::run_mix(protocol, mix_request, format, common, allow_over_limit));
  if (record->parsed()) {
    return emit(mesomix::run_record(protocol, record_request, record_format, common, allow_over_limit));
  }
  if (check->parsed()) return emit(mesomix::run_check(files, common));
  if (catalog->parsed()) return emit(mesomix::run_catalog(format, common));
  if (make_new->parsed()) return emit(mesomix::run_new());
  return 2;
}
