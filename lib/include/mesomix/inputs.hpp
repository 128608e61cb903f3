// Every input a command uses, resolved in one place: a file the user named, or the one shipped
// inside mesomix, each with its bytes, the name to print and its SHA-256. A command resolves
// its inputs once, at its start, and everything after works from these bytes (so that what a
// record says it was computed from is what it was computed from). No TOML here, no quantities.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"

namespace mesomix {

// Adding a kind: a value here, a row in `kinds` (inputs.cpp: its name, and its built-in bytes
// when mesomix ships one), its path in InputPaths, and its flag in app/ (add_input_options).
enum class InputKind { protocol, batch, catalog, devices, bud_rules };

const char* to_string(InputKind kind);  // "protocol", "batch file", "catalog", "devices", "BUD rules"

struct Input {
  InputKind kind = InputKind::protocol;
  std::string path;    // as the user gave it; empty for a shipped input
  std::string name;    // what diagnostics and printouts call it: the path, or "shipped with mesomix X.Y.Z"
  std::string bytes;   // the file's bytes, read once
  std::string sha256;  // lower-case hex of `bytes`

  bool shipped() const { return path.empty(); }
};

// What a printout says of an input: which, from where, and the SHA-256 of its bytes.
struct InputDigest {
  InputKind kind = InputKind::protocol;
  std::string name;
  std::string sha256;
  bool shipped = false;
};

// The files named on the command line (or, later, in the config file) for the inputs every
// command shares. Absent: the shipped one.
struct InputPaths {
  std::optional<std::string> catalog;
  std::optional<std::string> devices;
  std::optional<std::string> bud_rules;  // the BUD limits (formulations/bud-rules.toml: USP <797>)
};

// The built-in bytes of an input kind, or nothing when mesomix ships none (protocol, batch).
std::optional<std::string_view> shipped_input_bytes(InputKind kind);

// Reads `path` (under max_input_bytes), or takes the shipped bytes when there is no path.
// A kind with nothing shipped and no path is a programming error, reported as a diagnostic.
Expected<Input, Diagnostic> resolve_input(InputKind kind, const std::optional<std::string>& path);

// The inputs of one command, in the order it uses them.
class Inputs {
 public:
  // Resolves and keeps one input; its bytes are read now, once.
  Expected<void, Diagnostic> add(InputKind kind, const std::optional<std::string>& path);
  // Keeps an input whose bytes are already at hand (an entry of the compounding log).
  void add(Input input) { inputs_.push_back(std::move(input)); }

  // The input of that kind, or nullptr when the command does not use one.
  const Input* find(InputKind kind) const;
  const std::vector<Input>& all() const { return inputs_; }
  std::vector<InputDigest> digests() const;

 private:
  std::vector<Input> inputs_;
};

}  // namespace mesomix
