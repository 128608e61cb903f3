#include "mesomix/commands.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "i18n/tr.hpp"
#include "load/parsed.hpp"

#include "mesomix/batch.hpp"
#include "mesomix/bud.hpp"
#include "mesomix/catalog.hpp"
#include "mesomix/devices.hpp"
#include "mesomix/dose.hpp"
#include "mesomix/file_kind.hpp"
#include "mesomix/format.hpp"
#include "mesomix/inputs.hpp"
#include "mesomix/io.hpp"
#include "mesomix/log.hpp"
#include "mesomix/mix.hpp"
#include "mesomix/names.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/record.hpp"
#include "mesomix/render.hpp"
#include "mesomix/sha256.hpp"

#ifndef MESOMIX_SCHEMA_DIR
#error "MESOMIX_SCHEMA_DIR is where cmake --install puts schemas/ (lib/CMakeLists.txt)"
#endif
#ifndef MESOMIX_VERSION
#error "MESOMIX_VERSION comes from the project's version in CMakeLists.txt"
#endif

namespace mesomix {

std::string_view template_protocol();  // template.cpp

namespace {

CommandOutput failure(ExitCode code, std::string err) {
  if (!err.empty() && err.back() != '\n') err += '\n';
  return {static_cast<int>(code), {}, printable(err)};  // never an escape or NUL to the terminal
}

// docs/safety.md, "Overrides": a reason is words, on one line.
std::optional<CommandOutput> bad_reason(const std::optional<std::string>& reason, std::string_view option) {
  if (!reason) return std::nullopt;
  if (auto c = first_unprintable(*reason))
    return failure(ExitCode::usage, fmt::format("mesomix: error: {} holds {}; hint: give the reason on one line of "
                                                "plain text",
                                                option, describe_code_point(*c)));
  if (!has_letter(*reason))
    return failure(
        ExitCode::usage,
        fmt::format("mesomix: error: {} needs a reason in words; hint: {} \"who decided, and why\"", option, option));
  return std::nullopt;
}

std::string quantity_error(std::string_view text, const QuantityError& e);

// The options of dose, mix and record that lift a stop or feed a cap, checked before any input is read.
Expected<DoseOptions, CommandOutput> safety_options(const CommonOptions& common,
                                                    const std::optional<std::string>& allow_over_limit) {
  if (auto bad = bad_reason(allow_over_limit, "--allow-over-limit")) return unexpected(std::move(*bad));
  if (auto bad = bad_reason(common.allow_implausible, "--allow-implausible")) return unexpected(std::move(*bad));
  DoseOptions options{allow_over_limit, common.allow_implausible, {}, {}};
  if (common.weight) {
    auto w = parse_body_weight(*common.weight);
    if (!w) return unexpected(failure(ExitCode::usage, quantity_error(*common.weight, w.error()) + " (--weight)"));
    options.patient_weight = *w;
  }
  return options;
}

// An override with nothing to override is a command-line error (protocol-format.md).
std::optional<CommandOutput> idle_override(const DoseOptions& options, bool over_limit, std::size_t implausible) {
  if (options.allow_over_limit && !over_limit)
    return failure(ExitCode::usage,
                   "mesomix: error: no limit is exceeded: nothing to override; hint: remove --allow-over-limit");
  if (options.allow_implausible && implausible == 0)
    return failure(ExitCode::usage,
                   "mesomix: error: no figure is outside a plausible range: nothing to override; "
                   "hint: remove --allow-implausible");
  return std::nullopt;
}

// Safety stops (exit 3): each stop, then what was not done and why.
CommandOutput stopped(const Diagnostics& stops, std::string_view closing) {
  return failure(ExitCode::safety_stop, to_lines(stops) + std::string(closing));
}

constexpr std::string_view over_limit_closing = "mesomix: nothing printed";

// What a command works from: every input it uses, read once at its start (inputs.hpp), and
// the data all commands share loaded once from those bytes. The protocol and the batch
// file are loaded by the command, from the same bytes.
struct Context {
  Inputs inputs;
  // the shipped catalog is shared, not copied (the copy was a fiftieth of a cold `dose`)
  std::shared_ptr<const Catalog> catalog;
  Devices devices;
  BudRules bud_rules;
  std::optional<CompoundingConditions> configured_conditions;  // under the batch file's [compounding]

  const Input& operator[](InputKind kind) const { return *inputs.find(kind); }
};

// Which inputs a command uses besides the catalog, which every command has.
struct Uses {
  std::optional<std::string> protocol;
  std::optional<std::string> batch;
  bool devices = false;
  bool bud_rules = false;
};

// One shared input into `into`: the shipped data, or the file's, loaded from its bytes (exit 1
// when invalid); nothing when the command does not use it.
template <class T, class Shipped, class Load>
Expected<void, CommandOutput> load_one(const Input* input, T& into, Shipped shipped, Load load) {
  if (input == nullptr) return {};
  if (input->shipped()) {
    into = shipped();
    return {};
  }
  auto loaded = load(input->bytes, input->name);
  if (!loaded) return unexpected(failure(ExitCode::invalid_input, to_lines(loaded.error())));
  into = std::move(loaded).value();
  return {};
}

// The shared data of a context whose inputs are read: the catalog and the devices, loaded
// from their bytes (exit 1 when invalid).
Expected<void, CommandOutput> load_shared(Context& ctx) {
  if (const Input* input = ctx.inputs.find(InputKind::catalog); input && input->shipped()) {
    // a shared_ptr that owns nothing: the shipped catalog lives as long as the program
    ctx.catalog = std::shared_ptr<const Catalog>(std::shared_ptr<const Catalog>(), &shipped_catalog());
  } else {
    Catalog own;
    auto catalog = load_one(input, own, shipped_catalog, load_catalog);
    if (!catalog) return catalog;
    ctx.catalog = std::make_shared<const Catalog>(std::move(own));
  }
  auto devices = load_one(ctx.inputs.find(InputKind::devices), ctx.devices, shipped_devices, load_devices);
  if (!devices) return devices;
  auto rules = load_one(ctx.inputs.find(InputKind::bud_rules), ctx.bud_rules, shipped_bud_rules, load_bud_rules);
  if (!rules) return rules;
  return {};
}

// Every command resolves its inputs here, in one order: all are read (an unreadable one is
// exit 4 before anything is interpreted), then the shared ones are loaded (exit 1).
Expected<Context, CommandOutput> open_inputs(const CommonOptions& common, const Uses& uses) {
  Context ctx;
  ctx.configured_conditions = common.configured_conditions;
  std::vector<std::pair<InputKind, std::optional<std::string>>> wanted{{InputKind::catalog, common.inputs.catalog}};
  if (uses.devices) wanted.emplace_back(InputKind::devices, common.inputs.devices);
  if (uses.bud_rules) wanted.emplace_back(InputKind::bud_rules, common.inputs.bud_rules);
  if (uses.protocol) wanted.emplace_back(InputKind::protocol, uses.protocol);
  if (uses.batch) wanted.emplace_back(InputKind::batch, uses.batch);
  for (const auto& [kind, path] : wanted)
    if (auto read = ctx.inputs.add(kind, path); !read)
      return unexpected(failure(ExitCode::io, to_string(read.error())));
  if (auto loaded = load_shared(ctx); !loaded) return unexpected(std::move(loaded).error());
  return ctx;
}

// The command line's conditions over `base` (the batch file's, the configuration's or the default).
Expected<CompoundingConditions, CommandOutput> conditions_for(const ConditionsRequest& request,
                                                              CompoundingConditions base) {
  if (!request.any()) return base;
  if (request.immediate_use && request.category)
    return unexpected(failure(ExitCode::usage,
                              "mesomix: error: --immediate-use and --category both describe how it is compounded; "
                              "hint: give one of them"));
  CompoundingConditions c = base;
  c.from = "command line";
  if (request.immediate_use) c.category = Category::immediate_use;
  if (request.category) {
    if (*request.category != 1 && *request.category != 2)
      return unexpected(failure(ExitCode::usage, fmt::format("mesomix: error: --category {} is not known; hint: "
                                                             "--category 1 or --category 2",
                                                             *request.category)));
    c.category = *request.category == 1 ? Category::one : Category::two;
  }
  if (request.storage) {
    auto s = storage_from(*request.storage);
    if (!s)
      return unexpected(failure(ExitCode::usage, fmt::format("mesomix: error: --storage {} is not known; hint: "
                                                             "--storage room, refrigerated or frozen",
                                                             *request.storage)));
    c.storage = *s;
  }
  if (request.sterile_components) c.sterile_components = true;
  return c;
}

std::string quantity_error(std::string_view text, const QuantityError& e) {
  std::string out = fmt::format("mesomix: error: \"{}\", column {}: {}", text, e.column, e.message);
  if (!e.hint.empty()) out += fmt::format("; hint: {}", e.hint);
  return out;
}

PageSetup page_setup(const CommonOptions& common, LabelStock label = {}) {
  return {common.paper.value_or(Paper::a4), label};
}

std::string render(const Sheet& sheet, Format format, const PageSetup& page = {}) {
  switch (format) {
    case Format::markdown:
      return render_markdown(sheet);
    case Format::html:
      return render_html(sheet, page);
    case Format::pdf:
      return render_pdf(sheet, page);
    default:
      return render_text(sheet);
  }
}

// Warnings that speak to the protocol's author (check). What the catalog says about an
// active (its standing notes, a strength above water solubility that only the stock's vehicle
// can answer for) is for the sheets; an unknown active was already reported by the loader.
bool authoring_warning(const Warning& w) { return w.code == "batch-under-one-session" || w.code == "implausible"; }

}  // namespace

std::string_view mesomix_version() { return MESOMIX_VERSION; }

CommandOutput run_convert(std::string_view quantity, std::string_view unit) {
  auto q = parse_quantity(quantity);
  if (!q) return failure(ExitCode::invalid_input, quantity_error(quantity, q.error()));
  auto u = parse_unit(unit);
  if (!u) return failure(ExitCode::invalid_input, quantity_error(unit, u.error()));
  if (dimension_of(q->value) != dimension_of(u->value))
    return failure(
        ExitCode::invalid_input,
        fmt::format("mesomix: error: \"{}\" is {} and \"{}\" is a unit of {}; hint: convert between units of one kind",
                    quantity, dimension_name(dimension_of(q->value)), unit,
                    std::string_view(dimension_name(dimension_of(u->value))).substr(2)));
  const Exact ratio = std::visit(
      [](const auto& value, const auto& one) -> Exact {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::decay_t<decltype(one)>>)
          return value.value() / one.value();
        else
          return Exact(0);  // unreachable: dimensions were compared above
      },
      q->value, u->value);
  return {0, fmt::format("{} {}\n", format_number(ratio, Precision::exact), u->unit), {}};
}

// Load and compute the protocol's doses: what dose, mix and record all start from.
Expected<DoseResult, CommandOutput> dose_of(const Context& ctx, const DoseOptions& options) {
  const Input& file = ctx[InputKind::protocol];
  auto loaded = load_protocol(file.bytes, file.name, *ctx.catalog);
  if (!loaded) return unexpected(failure(ExitCode::invalid_input, to_lines(loaded.error())));
  auto result = compute_dose(loaded->protocol, *ctx.catalog, options);
  if (!result) return unexpected(failure(ExitCode::invalid_input, to_lines(result.error())));
  if (result->safety_stop()) return unexpected(stopped(result->stops, over_limit_closing));
  return std::move(result).value();
}

Expected<MixOptions, CommandOutput> mix_options(const MixRequest& request) {
  MixOptions options;
  options.sessions = request.sessions;
  options.from_session = request.from_session.value_or(1);
  if (request.batch_volume) {
    auto v = parse_volume(*request.batch_volume);
    if (!v)
      return unexpected(
          failure(ExitCode::usage, quantity_error(*request.batch_volume, v.error()) + " (--batch-volume)"));
    options.batch_volume = *v;
  }
  if (request.overage_pct) {
    auto pct = parse_number(*request.overage_pct);
    if (!pct)
      return unexpected(failure(ExitCode::usage, quantity_error(*request.overage_pct, pct.error()) + " (--overage)"));
    if (*pct > 100)
      return unexpected(
          failure(ExitCode::usage, fmt::format("mesomix: error: an overage of {} % is more than the batch itself; "
                                               "hint: --overage takes a percentage from 0 to 100",
                                               *request.overage_pct)));
    options.overage_pct = *pct;
  }
  return options;
}

CommandOutput run_dose(const std::string& protocol_path, Format format, const CommonOptions& common,
                       const std::optional<std::string>& allow_over_limit, const std::optional<std::string>& start) {
  const LanguageScope language(common.lang);
  auto options = safety_options(common, allow_over_limit);
  if (!options) return std::move(options).error();
  if (start) {
    options->start = parse_iso_date(*start);
    if (!options->start)
      return failure(ExitCode::usage, fmt::format("mesomix: error: --start \"{}\" is not a date; hint: write it as "
                                                  "YYYY-MM-DD, e.g. 2026-12-01",
                                                  *start));
  }
  auto ctx = open_inputs(common, {protocol_path, {}, false, false});
  if (!ctx) return std::move(ctx).error();
  auto result = dose_of(*ctx, *options);
  if (!result) return std::move(result).error();
  if (auto idle = idle_override(*options, !result->breaches.empty(), result->implausible_hard)) return *idle;
  if (format == Format::json) return {0, dose_json(*result), {}};
  return {0, render(dose_sheet(*result), format, page_setup(common)), {}};
}

namespace {

// One line of batch dose: {"file": F, "dose": {...}} or {"file": F, "exit": N, "diagnostics": [...]}.
void append_dose_line(std::string& to, const std::string& file, const CommandOutput& one) {
  using Json = nlohmann::ordered_json;
  to += "{\"file\":";
  to += Json(file).dump();
  if (one.exit_code == 0) {
    to += ",\"dose\":";
    to += one.out;
  } else {
    Json diagnostics = Json::array();
    std::size_t start = 0;
    while (start < one.err.size()) {
      std::size_t end = one.err.find('\n', start);
      if (end == std::string::npos) end = one.err.size();
      if (end > start) diagnostics.push_back(one.err.substr(start, end - start));
      start = end + 1;
    }
    to += ",\"exit\":" + std::to_string(one.exit_code) + ",\"diagnostics\":" + diagnostics.dump();
  }
  to += "}\n";
}

}  // namespace

CommandOutput run_dose_files(const std::vector<std::string>& files, const CommonOptions& common,
                             const std::optional<std::string>& allow_over_limit, const OutputSink& out) {
  auto options = safety_options(common, allow_over_limit);
  if (!options) return std::move(options).error();
  std::optional<Expected<Context, CommandOutput>> shared;  // read while the workers start
  auto dose_of_file = [&](const std::string& file) {
    const LanguageScope language(common.lang);  // this thread's
    auto input = resolve_input(InputKind::protocol, file);
    if (!input) return failure(ExitCode::io, to_string(input.error()));
    auto loaded = load_protocol(input->bytes, input->name, *(*shared)->catalog);
    if (!loaded) return failure(ExitCode::invalid_input, to_lines(loaded.error()));
    auto result = compute_dose(loaded->protocol, *(*shared)->catalog, *options);
    if (!result) return failure(ExitCode::invalid_input, to_lines(result.error()));
    if (result->safety_stop()) return stopped(result->stops, over_limit_closing);
    if (auto idle = idle_override(*options, !result->breaches.empty(), result->implausible_hard)) return *idle;
    return CommandOutput{0, dose_json_line(*result), {}};
  };
  CommandOutput all;
  all.out_on_failure = true;
  bool reader_gone = false;
  const bool prepared = each_file(
      files, common.jobs,
      [&] {
        shared = open_inputs(common, {});
        return shared->has_value();
      },
      [&](const std::string& file) {
        // the whole line is written here, on the worker's thread: only its printing waits its turn
        CommandOutput one = dose_of_file(file);
        std::string line;
        line.reserve(one.out.size() + file.size() + 32);
        append_dose_line(line, file, one);
        return CommandOutput{one.exit_code, std::move(line), {}};
      },
      [&](CommandOutput&& line) {
        all.exit_code = std::max(all.exit_code, line.exit_code);
        if (!reader_gone) reader_gone = !out(line.out);
      });
  if (!prepared) return shared->error();
  return all;
}

// `mesomix dose --format json A.toml B.toml ...`: JSON Lines, one object per file in the order
// given (cli-contract.md, "Many files at once"). The catalog is read and loaded once for all;
// each protocol is read, loaded and computed on a thread of its own.
CommandOutput run_dose_files(const std::vector<std::string>& files, const CommonOptions& common,
                             const std::optional<std::string>& allow_over_limit) {
  std::string text;
  CommandOutput all = run_dose_files(files, common, allow_over_limit, [&](std::string_view line) {
    text += line;
    return true;
  });
  all.out = std::move(text);
  return all;
}

CommandOutput run_mix(const std::string& protocol_path, const MixRequest& request, Format format,
                      const CommonOptions& common, const std::optional<std::string>& allow_over_limit) {
  const LanguageScope language(common.lang);
  auto options = mix_options(request);
  if (!options) return std::move(options).error();
  auto safety = safety_options(common, allow_over_limit);
  if (!safety) return std::move(safety).error();
  auto conditions = conditions_for(request.conditions, common.configured_conditions.value_or(default_conditions()));
  if (!conditions) return std::move(conditions).error();
  auto ctx = open_inputs(common, {protocol_path, {}, true, true});
  if (!ctx) return std::move(ctx).error();
  auto dose = dose_of(*ctx, *safety);
  if (!dose) return std::move(dose).error();
  auto bud = bud_limit(ctx->bud_rules, *conditions, dose->protocol, sterile_products(*dose));
  if (!bud) return failure(ExitCode::invalid_input, to_lines(bud.error()));
  if (request.plan) {
    auto plan = compute_plan(*dose, ctx->devices, *bud, *options);
    if (!plan) return failure(ExitCode::invalid_input, to_lines(plan.error()));
    if (plan->safety_stop()) {
      Diagnostics stops = dose->stops;
      for (const auto& prep : plan->preparations) stops.insert(stops.end(), prep.stops.begin(), prep.stops.end());
      return stopped(stops, "mesomix: nothing printed");
    }
    if (auto idle = idle_override(*safety, plan->over_limit(), dose->implausible_hard)) return *idle;
    if (format == Format::json) return {0, plan_json(*plan), {}};
    return {0, render(plan_sheet(*plan), format, page_setup(common)), {}};
  }
  options->bud = *bud;
  auto mix = compute_mix(*dose, ctx->devices, *options);
  if (!mix) return failure(ExitCode::invalid_input, to_lines(mix.error()));
  if (mix->safety_stop()) return stopped(mix->stops, "mesomix: nothing printed");
  if (auto idle = idle_override(*safety, mix->over_limit(), dose->implausible_hard)) return *idle;
  if (format == Format::json) return {0, mix_json(*mix), {}};
  return {0, render(mix_sheet(*mix), format, page_setup(common)), {}};
}

namespace {

std::optional<Format> format_from_extension(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".txt") return Format::text;
  if (ext == ".md") return Format::markdown;
  if (ext == ".html" || ext == ".htm") return Format::html;
  if (ext == ".pdf") return Format::pdf;
  return std::nullopt;
}

// The first line where two texts part, 1-based, with both versions of it; for a pdf, the
// first byte.
std::string first_difference(const std::string& expected, const std::string& found, Format format) {
  if (format == Format::pdf) {
    std::size_t at = 0;
    while (at < expected.size() && at < found.size() && expected[at] == found[at]) ++at;
    return fmt::format("byte {} of {} (the pdf these inputs give has {} bytes)\n", at + 1, found.size(),
                       expected.size());
  }
  std::size_t line = 1;
  std::size_t i = 0;
  std::size_t j = 0;
  while (true) {
    const std::size_t ei = expected.find('\n', i);
    const std::size_t fj = found.find('\n', j);
    const std::string e = expected.substr(i, ei == std::string::npos ? std::string::npos : ei - i);
    const std::string f = found.substr(j, fj == std::string::npos ? std::string::npos : fj - j);
    const bool e_end = i >= expected.size();
    const bool f_end = j >= found.size();
    if (e != f || e_end != f_end)
      return fmt::format("line {}:\n  expected: {}\n  found:    {}\n", line, e_end ? "(end of record)" : e,
                         f_end ? "(end of file)" : f);
    if (ei == std::string::npos || fj == std::string::npos)
      return fmt::format("line {}: the files end differently\n", line);
    i = ei + 1;
    j = fj + 1;
    ++line;
  }
}

}  // namespace

namespace {

const char* format_name(Format f) {
  switch (f) {
    case Format::markdown:
      return "markdown";
    case Format::html:
      return "html";
    case Format::pdf:
      return "pdf";
    default:
      return "text";
  }
}

std::optional<Format> format_named(const std::string& name) {
  if (name == "text") return Format::text;
  if (name == "markdown") return Format::markdown;
  if (name == "html") return Format::html;
  if (name == "pdf") return Format::pdf;
  return std::nullopt;
}

// The record of a context whose inputs are read: stops are exit 3, a batch that does not fit
// is exit 1. The batch file's [patient] weight feeds the
// per-kg caps when --weight is not given (log.md).
Expected<RecordResult, CommandOutput> record_of(const Context& ctx, DoseOptions options) {
  const Input& batch_file = ctx[InputKind::batch];
  auto batch = load_batch(batch_file.bytes, batch_file.name);
  if (!batch) return unexpected(failure(ExitCode::invalid_input, to_lines(batch.error())));
  if (!options.patient_weight && batch->patient) options.patient_weight = batch->patient->weight;
  auto dose = dose_of(ctx, options);
  if (!dose) return unexpected(std::move(dose).error());
  auto record = compute_record(*dose, *batch, ctx.devices, *ctx.catalog, std::string(mesomix_version()),
                               ctx.inputs.digests(), ctx.bud_rules, ctx.configured_conditions);
  if (!record) return unexpected(failure(ExitCode::invalid_input, to_lines(record.error())));
  if (record->safety_stop()) {
    Diagnostics stops = record->stops;
    stops.insert(stops.end(), record->mix.stops.begin(), record->mix.stops.end());
    return unexpected(stopped(stops, "mesomix: nothing written"));
  }
  return std::move(record).value();
}

// The record as record and label print it, with the inputs it came from: the command line's
// safety options first (exit 2 before any input is read), the inputs, every stop, an override
// with nothing to override refused, and the facility it is printed for.
struct CheckedRecord {
  Context ctx;
  RecordResult record;
};
Expected<CheckedRecord, CommandOutput> checked_record(const std::string& protocol_path, const std::string& batch_path,
                                                      const CommonOptions& common,
                                                      const std::optional<std::string>& allow_over_limit) {
  auto safety = safety_options(common, allow_over_limit);
  if (!safety) return unexpected(std::move(safety).error());
  auto ctx = open_inputs(common, {protocol_path, batch_path, true, true});
  if (!ctx) return unexpected(std::move(ctx).error());
  auto record = record_of(*ctx, *safety);
  if (!record) return unexpected(std::move(record).error());
  if (auto idle = idle_override(*safety, record->mix.over_limit(), record->mix.dose.implausible_hard))
    return unexpected(std::move(*idle));
  record->facility = common.facility;
  return CheckedRecord{std::move(ctx).value(), std::move(record).value()};
}

std::string rendered(RecordResult r, const std::optional<std::string>& replaces, bool logged, Format format,
                     const PageSetup& page) {
  r.replaces = replaces;
  r.logged = logged;
  return render(record_sheet(r), format, page);
}

// The facts of a record as the log keeps them (log.md): what recall and list need, and what
// else shaped the bytes, so that verify --recompute can re-derive them.
LogFacts facts_of(const RecordResult& r, const Context& ctx, Format format, const CommonOptions& common,
                  const std::optional<std::string>& allow_over_limit) {
  LogFacts f;
  const Batch& b = r.batch;
  f.lot = b.lot;
  f.prepared = to_iso(b.prepared);
  f.bud = to_iso(b.bud);
  if (b.patient) {
    f.patient_id = b.patient->id;
    f.patient_name = b.patient->name;
  }
  if (b.order) {
    f.prescriber = b.order->prescriber;
    f.order_number = b.order->number;
  }
  f.preparer = b.preparer;
  f.verifier = b.verifier;
  f.protocol_id = r.mix.dose.protocol.info.id;
  f.protocol_version = r.mix.dose.protocol.info.version;
  f.mesomix_version = r.mesomix_version;
  f.record_format = format_name(format);
  for (std::int64_t s = 0; s < r.mix.sessions_covered; ++s) f.sessions.push_back(r.mix.from_session + s);
  for (const auto& a : r.mix.actives)
    f.actives.push_back(
        {a.active, a.delivered_per_session ? format_mass(*a.delivered_per_session, Precision::exact) : ""});
  for (std::size_t i = 0; i < b.components.size(); ++i)
    for (const auto& l : b.components[i].lots)
      f.lots.push_back({"stock", l.lot, b.components[i].product, to_iso(l.expiry), b.components[i].active});
  if (b.diluent)
    for (const auto& l : b.diluent->lots)
      f.lots.push_back({"diluent", l.lot, b.diluent->product, to_iso(l.expiry),
                        r.mix.dose.protocol.diluent ? r.mix.dose.protocol.diluent->name : "diluent"});
  for (const auto& a : b.adjuncts) f.lots.push_back({"kit", a.lot, a.name, to_iso(a.expiry), a.name});
  if (allow_over_limit) f.options["allow_over_limit"] = *allow_over_limit;
  if (common.allow_implausible) f.options["allow_implausible"] = *common.allow_implausible;
  if (common.weight) f.options["weight"] = *common.weight;
  if (common.paper) f.options["paper"] = to_string(*common.paper);
  if (!common.facility.empty()) f.options["facility"] = common.facility;
  if (common.lang != Language::en) f.options["lang"] = to_string(common.lang);
  if (const auto& c = common.configured_conditions) {
    f.options["configured_category"] = c->category == Category::two   ? "2"
                                       : c->category == Category::one ? "1"
                                                                      : "immediate";
    f.options["configured_storage"] = to_string(c->storage);
    f.options["configured_sterile_components"] = c->sterile_components ? "true" : "false";
    f.options["configured_sterility_tested"] = c->sterility_tested ? "true" : "false";
  }
  for (const auto& in : ctx.inputs.all())
    f.inputs.push_back({to_string(in.kind), in.name, in.sha256, in.bytes, in.shipped()});
  return f;
}

// "(written with --force)": the SHA-256 a record names as the one it replaces.
std::optional<std::string> replaced_in(const std::string& text) {
  // the text sheet may wrap the line after the marker: white space, then the 64 hex digits
  const std::string field = tr("the record with SHA-256 {} (written with --force)");
  const std::string marker = field.substr(0, field.find(" {}"));
  const auto at = text.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::size_t i = at + marker.size();
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
  if (i + 64 > text.size()) return std::nullopt;
  const std::string digest = text.substr(i, 64);
  if (digest.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  return digest;
}

// A pdf's text is compressed: the SHA-256 of the record it replaced is not read from it, so a
// pdf that replaced an earlier record verifies only when reprinted with --force (decisions.md).
CommandOutput verify_record(const RecordResult& record, const std::string& path, Format format, const PageSetup& page) {
  auto found = read_input_file(path);
  if (!found) return failure(ExitCode::io, to_string(found.error()));
  // the record as printed: entered in a log or not, replacing an earlier one or not
  const std::optional<std::string> named = replaced_in(*found);
  for (bool logged : {true, false})
    for (const auto& replaces : {std::optional<std::string>(), named}) {
      if (*found == rendered(record, replaces, logged, format, page))
        return {0, path + (replaces ? ": matches (a record that replaced an earlier one)\n" : ": matches\n"), {}};
    }
  const bool logged = found->find(tr("Not entered in a compounding log")) == std::string::npos;
  const std::string expected = rendered(record, named, logged, format, page);
  return failure(ExitCode::invalid_input, fmt::format("{}: differs from the record these inputs give, at {}", path,
                                                      first_difference(expected, *found, format)));
}

}  // namespace

CommandOutput run_record(const std::string& protocol_path, const RecordRequest& request, std::optional<Format> format,
                         const CommonOptions& common, const std::optional<std::string>& allow_over_limit) {
  const LanguageScope language(common.lang);
  // without --format: the file's extension (.txt, .md, .html); printed on stdout, text
  if (!format && request.verify_path) format = format_from_extension(*request.verify_path);
  if (!format && request.output_path) format = format_from_extension(*request.output_path).value_or(Format::text);
  if (!format && !request.verify_path) format = Format::text;
  if (!format) {  // a folder or a missing file is said as such, before its name's extension
    auto found = read_input_file(*request.verify_path);
    if (!found) return failure(ExitCode::io, to_string(found.error()));
  }
  if (!format)
    return failure(ExitCode::usage,
                   "mesomix: error: the record's format is not known from its extension; hint: give --format text, "
                   "markdown, html or pdf");
  if (*format == Format::json || *format == Format::csv)
    return failure(ExitCode::usage,
                   "mesomix: error: a record prints as text, markdown, html or pdf; hint: --format text");
  auto checked = checked_record(protocol_path, request.batch_path, common, allow_over_limit);
  if (!checked) return std::move(checked).error();
  const Context& ctx = checked->ctx;
  const RecordResult& record = checked->record;
  // --verify only compares: it never reads or writes the log
  const PageSetup page = page_setup(common);
  if (request.verify_path) return verify_record(record, *request.verify_path, *format, page);

  // what --force replaces: the file at -o, else the record of this lot already in the log
  std::optional<std::string> replaces;
  if (request.output_path) {
    struct stat info {};
    const bool present = ::lstat(request.output_path->c_str(), &info) == 0;
    if (present && (!request.force || !S_ISREG(info.st_mode))) {
      // the write would refuse it (a folder, a file without --force, not a regular file): refused
      // now, in its words, before anything is logged; nothing is written here
      auto refused = write_file_atomically(*request.output_path, std::string_view(),
                                           request.force ? Overwrite::replace : Overwrite::refuse);
      return failure(ExitCode::io,
                     refused ? fmt::format("{}: already exists", *request.output_path) : to_string(refused.error()));
    }
    if (present) {
      auto old = read_input_file(*request.output_path);
      replaces = old ? sha256_hex(*old) : sha256_hex("");
    }
  }
  LogFacts facts = facts_of(record, ctx, *format, common, allow_over_limit);
  const std::string uri = request.no_log ? std::string() : log_location(request.log_uri, common.config_log);
  if (!request.no_log) {
    auto status = log_lot_status(uri, facts);
    if (!status) return failure(status.error().code, "mesomix: error: " + status.error().message);
    if (status->latest && !status->same_inputs) {
      if (!request.force)
        return failure(
            ExitCode::invalid_input,
            fmt::format("mesomix: error: lot {} is already in the log with other inputs or options (entry {}); hint: "
                        "give this preparation its own lot, or rerun with --force to log a new entry that "
                        "supersedes it",
                        facts.lot, status->latest->number));
      if (!replaces) replaces = status->latest->record_sha256;
    }
  }
  if (replaces) facts.options["replaces"] = *replaces;
  const std::string text = rendered(record, replaces, !request.no_log, *format, page);

  // the entry is committed before anything is written or printed (log.md)
  std::string note;
  if (!request.no_log) {
    auto entered = log_append(uri, facts, text, request.force);
    if (!entered) return failure(entered.error().code, "mesomix: error: " + entered.error().message);
    if (!entered->added)
      note = fmt::format("mesomix: lot {} is already in the log with these inputs (entry {}): nothing new logged\n",
                         facts.lot, entered->number);
  }
  if (!request.output_path) return {0, text, note};
  if (auto written =
          write_file_atomically(*request.output_path, text, request.force ? Overwrite::replace : Overwrite::refuse);
      !written)
    return failure(ExitCode::io, to_string(written.error()));
  return {0, fmt::format("{}: written ({} bytes, SHA-256 {})\n", *request.output_path, text.size(), sha256_hex(text)),
          note};
}

RecomputeOutcome recompute_record(const LogEntry& entry) {
  const LogFacts& f = entry.facts;
  if (f.mesomix_version != mesomix_version())
    return {RecomputeOutcome::Kind::other_version, "written by mesomix " + f.mesomix_version};
  Context ctx;
  for (const auto& in : f.inputs) {
    std::optional<InputKind> kind;
    for (auto k : {InputKind::protocol, InputKind::batch, InputKind::catalog, InputKind::devices, InputKind::bud_rules})
      if (in.role == to_string(k)) kind = k;
    if (!kind) return {RecomputeOutcome::Kind::differs, "an input of a kind this mesomix does not know: " + in.role};
    ctx.inputs.add(Input{*kind, in.shipped ? std::string() : in.name, in.name, in.bytes, in.sha256});
  }
  const auto format = format_named(f.record_format);
  if (!format || ctx.inputs.find(InputKind::protocol) == nullptr || ctx.inputs.find(InputKind::batch) == nullptr ||
      ctx.inputs.find(InputKind::catalog) == nullptr)
    return {RecomputeOutcome::Kind::differs, "the entry does not hold the inputs a record needs"};
  if (auto loaded = load_shared(ctx); !loaded)
    return {RecomputeOutcome::Kind::differs, "its stored inputs do not load: " + loaded.error().err};
  auto option = [&](const char* key) {
    auto it = f.options.find(key);
    return it == f.options.end() ? std::string() : it->second;
  };
  // the record in the language it was printed in, warnings included
  const LanguageScope language(parse_language(option("lang")).value_or(Language::en));
  if (auto it = f.options.find("configured_category"); it != f.options.end()) {
    CompoundingConditions c = default_conditions();
    c.from = "configuration";
    c.category = it->second == "2" ? Category::two : it->second == "1" ? Category::one : Category::immediate_use;
    if (auto storage = storage_from(option("configured_storage"))) c.storage = *storage;
    c.sterile_components = option("configured_sterile_components") == "true";
    c.sterility_tested = option("configured_sterility_tested") == "true";
    ctx.configured_conditions = c;
  }
  // the options as given when it was logged
  CommonOptions common;
  std::optional<std::string> allow;
  if (auto it = f.options.find("allow_over_limit"); it != f.options.end()) allow = it->second;
  if (auto it = f.options.find("allow_implausible"); it != f.options.end()) common.allow_implausible = it->second;
  if (auto it = f.options.find("weight"); it != f.options.end()) common.weight = it->second;
  auto options = safety_options(common, allow);
  if (!options) return {RecomputeOutcome::Kind::differs, "its stored options are refused: " + options.error().err};
  auto record = record_of(ctx, *options);
  if (!record) return {RecomputeOutcome::Kind::differs, "its stored inputs give no record: " + record.error().err};
  record->facility = option("facility");
  std::optional<std::string> replaces;
  if (auto it = f.options.find("replaces"); it != f.options.end()) replaces = it->second;
  PageSetup page;
  if (auto it = f.options.find("paper"); it != f.options.end())
    if (auto paper = parse_paper(it->second)) page.paper = *paper;
  const std::string again = rendered(*record, replaces, true, *format, page);
  if (again == entry.record) return {RecomputeOutcome::Kind::identical, {}};
  return {RecomputeOutcome::Kind::differs, first_difference(again, entry.record, *format)};
}

namespace {

// "100x50" or "101.6x50.8": millimetres with at most one decimal, from 20 to 300 mm a side.
std::optional<LabelStock> parse_label_size(std::string_view text) {
  auto tenths = [](std::string_view part) -> std::optional<int> {
    int value = 0;
    int decimals = -1;
    if (part.empty() || part.size() > 6) return std::nullopt;
    for (char c : part) {
      if (c == '.' && decimals < 0) {
        decimals = 0;
      } else if (c >= '0' && c <= '9' && decimals < 1) {
        value = value * 10 + (c - '0');
        if (decimals >= 0) ++decimals;
      } else {
        return std::nullopt;
      }
    }
    if (decimals == 0) return std::nullopt;  // "100." is not a size
    if (decimals < 1) value *= 10;
    if (value < 200 || value > 3000) return std::nullopt;
    return value;
  };
  const std::size_t x = text.find_first_of("xX");
  if (x == std::string_view::npos) return std::nullopt;
  const auto w = tenths(text.substr(0, x));
  const auto h = tenths(text.substr(x + 1));
  if (!w || !h) return std::nullopt;
  return LabelStock{*w, *h};
}

}  // namespace

std::optional<Paper> parse_paper(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "a4") return Paper::a4;
  if (lower == "letter") return Paper::letter;
  return std::nullopt;
}

CommandOutput run_label(const std::string& protocol_path, const LabelRequest& request, std::optional<Format> format,
                        const CommonOptions& common, const std::optional<std::string>& allow_over_limit) {
  const LanguageScope language(common.lang);
  LabelStock stock;
  if (request.label_size) {
    auto size = parse_label_size(*request.label_size);
    if (!size)
      return failure(ExitCode::usage,
                     fmt::format("mesomix: error: --label-size \"{}\" is not a label size; hint: width x height in "
                                 "mm, each from 20 to 300, e.g. 100x50",
                                 *request.label_size));
    stock = *size;
  }
  if (!format && request.output_path) {
    format = format_from_extension(*request.output_path);
    if (!format)
      return failure(ExitCode::usage,
                     "mesomix: error: the labels' format is not known from the file's extension; hint: name it "
                     ".pdf, .html, .txt or .md, or give --format");
  }
  if (!format) format = Format::text;
  if (*format == Format::json)
    return failure(ExitCode::usage, "mesomix: error: labels print as pdf, html, text or markdown; hint: --format pdf");
  // what would stop the record stops its labels
  auto checked = checked_record(protocol_path, request.batch_path, common, allow_over_limit);
  if (!checked) return std::move(checked).error();
  const RecordResult& record = checked->record;
  const std::string bytes =
      render(label_sheet(record, LabelContext{{}, common.facility}), *format, page_setup(common, stock));
  if (!request.output_path) return {0, bytes, {}};
  if (auto written =
          write_file_atomically(*request.output_path, bytes, request.force ? Overwrite::replace : Overwrite::refuse);
      !written)
    return failure(ExitCode::io, to_string(written.error()));
  return {
      0,
      fmt::format("{}: written ({}, {} bytes, SHA-256 {})\n", *request.output_path,
                  fmt::format("{} label{}", record.mix.sessions_covered, record.mix.sessions_covered == 1 ? "" : "s"),
                  bytes.size(), sha256_hex(bytes)),
      {}};
}

namespace {

// A protocol's errors and warnings, loading and computing, as `check` prints them.
Diagnostics check_protocol(const std::string& file, const std::string& text, const Catalog& catalog,
                           std::optional<toml::table> parsed) {
  auto loaded = detail::load_protocol(text, file, catalog, std::move(parsed));
  if (!loaded) return std::move(loaded).error();
  Diagnostics ds = loaded->warnings;
  auto result = compute_dose(loaded->protocol, catalog, DoseOptions{});
  if (!result) {
    ds.insert(ds.end(), result.error().begin(), result.error().end());
  } else {
    for (const auto& w : result->warnings)
      if (authoring_warning(w)) ds.push_back({file, w.at, Severity::warning, w.message, {}});
    // no override in check: every breach is a stop, which check reports as a warning
    for (Diagnostic d : result->stops) {
      d.severity = Severity::warning;
      d.hint = "dose, mix and record stop here: " + d.hint;
      ds.push_back(std::move(d));
    }
  }
  sort_by_position(ds);
  return ds;
}

template <class T>
Diagnostics errors_of(const Expected<T, Diagnostics>& loaded) {
  return loaded ? Diagnostics{} : loaded.error();
}

// Each file parsed once: its table tells its kind, then loads as that kind.
Diagnostics check_file(const std::string& file, const std::string& text, const Catalog& catalog) {
  detail::ParsedFile parsed = detail::parse_file(text, file);
  switch (parsed.kind) {
    case FileKind::catalog:
      return errors_of(detail::load_catalog(text, file, std::move(parsed.root)));
    case FileKind::devices:
      return errors_of(detail::load_devices(text, file, std::move(parsed.root)));
    case FileKind::bud_rules:
      return errors_of(detail::load_bud_rules(text, file, std::move(parsed.root)));
    case FileKind::batch:
      return errors_of(detail::load_batch(text, file, std::move(parsed.root)));
    case FileKind::protocol:
      break;
  }
  return check_protocol(file, text, catalog, std::move(parsed.root));
}

}  // namespace

CommandOutput run_check(const std::vector<std::string>& files, const CommonOptions& common, const OutputSink& report) {
  std::optional<Expected<Context, CommandOutput>> ctx;  // read while the workers start
  bool unreadable = false;
  bool invalid = false;
  // each file read and checked on its own (one per core), reported in the order given
  const bool prepared = each_file(
      files, common.jobs,
      [&] {
        ctx = open_inputs(common, {});
        return ctx->has_value();
      },
      [&](const std::string& file) {
        auto text = read_input_file(file);
        if (!text) return CommandOutput{static_cast<int>(ExitCode::io), {}, to_string(text.error()) + "\n"};
        const Diagnostics ds = check_file(file, *text, *(*ctx)->catalog);
        return CommandOutput{
            static_cast<int>(has_errors(ds) ? ExitCode::invalid_input : ExitCode::ok), {}, to_lines(ds)};
      },
      [&](CommandOutput&& one) {
        if (!one.err.empty()) report(one.err);
        unreadable = unreadable || one.exit_code == static_cast<int>(ExitCode::io);
        invalid = invalid || one.exit_code == static_cast<int>(ExitCode::invalid_input);
      });
  if (!prepared) return ctx->error();
  CommandOutput out;
  out.exit_code = static_cast<int>(unreadable ? ExitCode::io : invalid ? ExitCode::invalid_input : ExitCode::ok);
  return out;
}

CommandOutput run_catalog(Format format, const CommonOptions& common) {
  const LanguageScope language(common.lang);
  auto ctx = open_inputs(common, {});
  if (!ctx) return std::move(ctx).error();
  if (format == Format::json) return {0, catalog_json(*ctx->catalog), {}};
  return {0, render(catalog_sheet(*ctx->catalog), format), {}};
}

// The first line names the protocol's JSON Schema where `cmake --install` put it, for TOML
// editors (taplo, Even Better TOML) to check and complete the file as it is written.
CommandOutput run_new() {
  return {0, fmt::format("#:schema file://{}/protocol.schema.json\n{}", MESOMIX_SCHEMA_DIR, template_protocol()), {}};
}

CommandOutput run_config(const Config& config) { return {0, describe_config(config), {}}; }

CommandOutput config_failure(const ConfigError& error) { return failure(error.exit, to_lines(error.diagnostics)); }

}  // namespace mesomix
