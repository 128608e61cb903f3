// What went wrong (or looks wrong) in an input, where, and what to do about it.
#pragma once

#include <string>
#include <vector>

namespace mesomix {

// The command line's exit status (docs/command-line.md).
enum class ExitCode : int {
  ok = 0,
  invalid_input = 1,
  usage = 2,
  safety_stop = 3,
  io = 4,
};

// error: the input is wrong (exit 1). warning: printed, nothing stops. stop: a safety stop, the
// input is well formed but acting on it could harm a patient (exit 3, printed as "safety stop").
enum class Severity { error, warning, stop };

const char* to_string(Severity s);  // "error", "warning", "safety stop"

// 1-based, as editors count; 0 means "the whole file".
struct SourcePos {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  std::string file;
  SourcePos pos;
  Severity severity = Severity::error;
  std::string message;
  std::string hint;  // empty when there is nothing more useful to say
};

using Diagnostics = std::vector<Diagnostic>;

// "file:line:col: error: message; hint: ..." -- one line, the form editors jump to; without a
// position "file: error: ...". The one printer of every error, warning and safety stop.
std::string to_string(const Diagnostic& d);

// One line each, each ending in a newline.
std::string to_lines(const Diagnostics& ds);

bool has_errors(const Diagnostics& ds);  // any error (not warnings, not stops)
bool has_stops(const Diagnostics& ds);   // any safety stop

// Sorted by position so that a file's problems read top to bottom.
void sort_by_position(Diagnostics& ds);

}  // namespace mesomix
