#include "mesomix/inputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mesomix/io.hpp"
#include "mesomix/sha256.hpp"

#ifndef MESOMIX_VERSION
#error "MESOMIX_VERSION comes from the project's version in CMakeLists.txt"
#endif

namespace mesomix {
namespace detail {
extern const std::string_view embedded_catalog_toml;    // formulations/catalog.toml (cmake/EmbedText.cmake)
extern const std::string_view embedded_devices_toml;    // formulations/devices.toml
extern const std::string_view embedded_bud_rules_toml;  // formulations/bud-rules.toml
}  // namespace detail

namespace {

// What mesomix knows of each kind of input: a new kind is one more row.
struct KindFacts {
  InputKind kind;
  const char* name;                 // in messages and on the record
  const std::string_view* shipped;  // the built-in bytes, or nullptr when mesomix ships none
};

const KindFacts kinds[] = {
    {InputKind::protocol, "protocol", nullptr},
    {InputKind::batch, "batch file", nullptr},
    {InputKind::catalog, "catalog", &detail::embedded_catalog_toml},
    {InputKind::devices, "devices", &detail::embedded_devices_toml},
    {InputKind::bud_rules, "BUD rules", &detail::embedded_bud_rules_toml},
};

const KindFacts* facts_of(InputKind kind) {
  const auto it =
      std::find_if(std::begin(kinds), std::end(kinds), [kind](const KindFacts& k) { return k.kind == kind; });
  return it == std::end(kinds) ? nullptr : &*it;
}

}  // namespace

const char* to_string(InputKind kind) {
  const KindFacts* facts = facts_of(kind);
  return facts != nullptr ? facts->name : "input";
}

std::optional<std::string_view> shipped_input_bytes(InputKind kind) {
  const KindFacts* facts = facts_of(kind);
  if (facts == nullptr || facts->shipped == nullptr) return std::nullopt;
  return *facts->shipped;
}

Expected<Input, Diagnostic> resolve_input(InputKind kind, const std::optional<std::string>& path) {
  Input input;
  input.kind = kind;
  if (path) {
    auto bytes = read_input_file(*path);
    if (!bytes) return unexpected(std::move(bytes).error());
    input.path = *path;
    input.name = *path;
    input.bytes = std::move(bytes).value();
  } else {
    const auto shipped = shipped_input_bytes(kind);
    if (!shipped)
      return unexpected(Diagnostic{"mesomix",
                                   {},
                                   Severity::error,
                                   fmt::format("no {} given", to_string(kind)),
                                   fmt::format("name the {} file", to_string(kind))});
    input.name = "shipped with mesomix " MESOMIX_VERSION;
    input.bytes = std::string(*shipped);
  }
  input.sha256 = sha256_hex(input.bytes);
  return input;
}

Expected<void, Diagnostic> Inputs::add(InputKind kind, const std::optional<std::string>& path) {
  auto input = resolve_input(kind, path);
  if (!input) return unexpected(std::move(input).error());
  inputs_.push_back(std::move(input).value());
  return {};
}

std::vector<InputDigest> Inputs::digests() const {
  std::vector<InputDigest> out;
  for (const auto& i : inputs_) out.push_back({i.kind, i.name, i.sha256, i.shipped()});
  return out;
}

const Input* Inputs::find(InputKind kind) const {
  const auto it = std::find_if(inputs_.begin(), inputs_.end(), [kind](const Input& i) { return i.kind == kind; });
  return it == inputs_.end() ? nullptr : &*it;
}

}  // namespace mesomix
