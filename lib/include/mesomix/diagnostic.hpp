// What went wrong (or looks wrong) in an input, where, and what to do about it.
#pragma once

#include <string>
#include <vector>

namespace mesomix {

// The command line's exit status (cli-contract.md).
enum class ExitCode : int {
  ok = 0,
  invalid_input = 1,
  usage = 2,
  safety_stop = 3,
  io = 4,
};

enum class Severity { error, warning };

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

// "file:line:col: error: message; hint: ..." -- one line, the form editors jump to.
std::string to_string(const Diagnostic& d);

bool has_errors(const Diagnostics& ds);

// Sorted by position so that a file's problems read top to bottom.
void sort_by_position(Diagnostics& ds);

}  // namespace mesomix
