#include "mesomix/commands.hpp"

#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "mesomix/catalog.hpp"
#include "mesomix/dose.hpp"
#include "mesomix/format.hpp"
#include "mesomix/devices.hpp"
#include "mesomix/io.hpp"
#include "mesomix/mix.hpp"
#include "mesomix/protocol.hpp"
#include "mesomix/quantity.hpp"
#include "mesomix/render.hpp"

#ifndef MESOMIX_VERSION
#error "MESOMIX_VERSION comes from the project's version in CMakeLists.txt"
#endif

namespace mesomix {

std::string_view template_protocol();  // template.cpp

namespace {

CommandOutput failure(ExitCode code, std::string err) {
  if (!err.empty() && err.back() != '\n') err += '\n';
  return {static_cast<int>(code), {}, std::move(err)};
}

std::string lines_of(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds) out += to_string(d) + "\n";
  return out;
}

// The catalog in force: the shipped one, or the pharmacy's own list.
Expected<Catalog, CommandOutput> catalog_for(const CommonOptions& common) {
  if (!common.catalog_path) return shipped_catalog();
  auto text = read_input_file(*common.catalog_path);
  if (!text) return unexpected(failure(ExitCode::io, to_string(text.error())));
  auto catalog = load_catalog(*text, *common.catalog_path);
  if (!catalog) return unexpected(failure(ExitCode::invalid_input, lines_of(catalog.error())));
  return std::move(catalog).value();
}

std::string quantity_error(std::string_view text, const QuantityError& e) {
  std::string out = fmt::format("mesomix: error: \"{}\", column {}: {}", text, e.column, e.message);
  if (!e.hint.empty()) out += fmt::format("; hint: {}", e.hint);
  return out;
}

std::string render(const Sheet& sheet, Format format) {
  switch (format) {
    case Format::markdown: return render_markdown(sheet);
    case Format::html: return render_html(sheet);
    default: return render_text(sheet);
  }
}

std::string breach_lines(const DoseResult& r) {
  std::string out;
  for (const auto& b : r.breaches)
    out += fmt::format("{}:{}:{}: safety stop: {} {} is {}, over the limit of {} ({})\n", r.protocol.file, b.at.line,
                       b.at.column, b.active, to_string(b.scope), format_mass(b.dose, Precision::exact),
                       format_mass(b.limit.max, Precision::exact), b.limit.source);
  out += "mesomix: nothing printed; hint: correct the protocol, or if the prescriber accepts it, rerun with "
         "--allow-over-limit \"REASON\"\n";
  return out;
}

// Warnings that speak to the protocol's author (check). What the catalog says about an
// active (its standing notes, a strength above water solubility that only the stock's vehicle
// can answer for) is for the sheets; an unknown active was already reported by the loader.
bool authoring_warning(const Warning& w) { return w.code == "batch-under-one-session"; }

}  // namespace

std::string_view mesomix_version() { return MESOMIX_VERSION; }

CommandOutput run_convert(std::string_view quantity, std::string_view unit) {
  auto q = parse_quantity(quantity);
  if (!q) return failure(ExitCode::invalid_input, quantity_error(quantity, q.error()));
  auto u = parse_unit(unit);
  if (!u) return failure(ExitCode::invalid_input, quantity_error(unit, u.error()));
  if (dimension_of(q->value) != dimension_of(u->value))
    return failure(ExitCode::invalid_input,
                   fmt::format("mesomix: error: \"{}\" is {} and \"{}\" is a unit of {}; hint: convert between units of one kind",
                               quantity, dimension_name(dimension_of(q->value)), unit,
                               std::string_view(dimension_name(dimension_of(u->value))).substr(2)));
  const Exact ratio = std::visit(
      [](const auto& value, const auto& one) -> Exact {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::decay_t<decltype(one)>>) return value.value() / one.value();
        else return Exact(0);  // unreachable: dimensions were compared above
      },
      q->value, u->value);
  return {0, fmt::format("{} {}\n", format_number(ratio, Precision::exact), u->unit), {}};
}

// Read, load and compute a protocol's doses: what dose, mix (and record) all start from.
Expected<DoseResult, CommandOutput> dose_from_file(const std::string& protocol_path, const CommonOptions& common,
                                                   const std::optional<std::string>& allow_over_limit) {
  auto catalog = catalog_for(common);
  if (!catalog) return unexpected(std::move(catalog).error());
  auto text = read_input_file(protocol_path);
  if (!text) return unexpected(failure(ExitCode::io, to_string(text.error())));
  auto loaded = load_protocol(*text, protocol_path, *catalog);
  if (!loaded) return unexpected(failure(ExitCode::invalid_input, lines_of(loaded.error())));
  auto result = compute_dose(loaded->protocol, *catalog, DoseOptions{allow_over_limit});
  if (!result) return unexpected(failure(ExitCode::invalid_input, lines_of(result.error())));
  if (result->safety_stop()) return unexpected(failure(ExitCode::safety_stop, breach_lines(*result)));
  return std::move(result).value();
}

Expected<Devices, CommandOutput> devices_for(const std::optional<std::string>& path) {
  if (!path) return shipped_devices();
  auto text = read_input_file(*path);
  if (!text) return unexpected(failure(ExitCode::io, to_string(text.error())));
  auto devices = load_devices(*text, *path);
  if (!devices) return unexpected(failure(ExitCode::invalid_input, lines_of(devices.error())));
  return std::move(devices).value();
}

Expected<MixOptions, CommandOutput> mix_options(const MixRequest& request) {
  MixOptions options;
  options.sessions = request.sessions;
  if (request.batch_volume) {
    auto v = parse_volume(*request.batch_volume);
    if (!v) return unexpected(failure(ExitCode::usage, quantity_error(*request.batch_volume, v.error()) + " (--batch-volume)"));
    options.batch_volume = *v;
  }
  if (request.overage_pct) {
    auto pct = parse_number(*request.overage_pct);
    if (!pct) return unexpected(failure(ExitCode::usage, quantity_error(*request.overage_pct, pct.error()) + " (--overage)"));
    if (*pct > 100)
      return unexpected(failure(ExitCode::usage, fmt::format("mesomix: error: an overage of {} % is more than the batch itself; "
                                                             "hint: --overage takes a percentage from 0 to 100",
                                                             *request.overage_pct)));
    options.overage_pct = *pct;
  }
  return options;
}

std::string stop_lines(const MixResult& r) {
  std::string out;
  for (const auto& s : r.stops) out += fmt::format("{}: safety stop: {}; hint: {}\n", r.dose.protocol.file, s.message, s.hint);
  return out + "mesomix: nothing printed\n";
}

CommandOutput run_dose(const std::string& protocol_path, Format format, const CommonOptions& common,
                       const std::optional<std::string>& allow_over_limit) {
  auto result = dose_from_file(protocol_path, common, allow_over_limit);
  if (!result) return std::move(result).error();
  if (format == Format::json) return {0, dose_json(*result), {}};
  return {0, render(dose_sheet(*result), format), {}};
}

CommandOutput run_mix(const std::string& protocol_path, const MixRequest& request, Format format,
                      const CommonOptions& common, const std::optional<std::string>& allow_over_limit) {
  auto options = mix_options(request);
  if (!options) return std::move(options).error();
  auto devices = devices_for(request.devices_path);
  if (!devices) return std::move(devices).error();
  auto dose = dose_from_file(protocol_path, common, allow_over_limit);
  if (!dose) return std::move(dose).error();
  auto mix = compute_mix(*dose, *devices, *options);
  if (!mix) return failure(ExitCode::invalid_input, lines_of(mix.error()));
  if (mix->safety_stop()) return failure(ExitCode::safety_stop, stop_lines(*mix));
  if (format == Format::json) return {0, mix_json(*mix), {}};
  return {0, render(mix_sheet(*mix), format), {}};
}

CommandOutput run_check(const std::vector<std::string>& files, const CommonOptions& common) {
  auto catalog = catalog_for(common);
  if (!catalog) return catalog.error();
  CommandOutput out;
  bool unreadable = false;
  bool invalid = false;
  for (const auto& file : files) {
    auto text = read_input_file(file);
    if (!text) {
      out.err += to_string(text.error()) + "\n";
      unreadable = true;
      continue;
    }
    auto loaded = load_protocol(*text, file, *catalog);
    if (!loaded) {
      out.err += lines_of(loaded.error());
      invalid = true;
      continue;
    }
    Diagnostics ds = loaded->warnings;
    auto result = compute_dose(loaded->protocol, *catalog, DoseOptions{});
    if (!result) {
      ds.insert(ds.end(), result.error().begin(), result.error().end());
      invalid = true;
    } else {
      for (const auto& w : result->warnings)
        if (authoring_warning(w)) ds.push_back({file, w.at, Severity::warning, w.message, {}});
      for (const auto& b : result->breaches)
        ds.push_back({file, b.at, Severity::warning,
                      fmt::format("{} {} is {}, over the limit of {} ({})", b.active, to_string(b.scope),
                                  format_mass(b.dose, Precision::exact), format_mass(b.limit.max, Precision::exact), b.limit.source),
                      "dose, mix and record stop here unless the prescriber overrides with --allow-over-limit \"REASON\""});
    }
    sort_by_position(ds);
    out.err += lines_of(ds);
  }
  out.exit_code = static_cast<int>(unreadable ? ExitCode::io : invalid ? ExitCode::invalid_input : ExitCode::ok);
  return out;
}

CommandOutput run_catalog(Format format, const CommonOptions& common) {
  auto catalog = catalog_for(common);
  if (!catalog) return catalog.error();
  if (format == Format::json) return {0, catalog_json(*catalog), {}};
  return {0, render(catalog_sheet(*catalog), format), {}};
}

CommandOutput run_new() { return {0, std::string(template_protocol()), {}}; }

}  // namespace mesomix
