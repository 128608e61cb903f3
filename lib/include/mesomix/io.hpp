// Reading input files: the only place the core touches the file system for input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"

namespace mesomix {

// Protocols, batches and catalogs are small; anything larger is not one of them.
inline constexpr std::size_t max_input_bytes = 1024 * 1024;

// The whole file, or a located diagnostic (a directory, a missing or unreadable file, or
// one over max_input_bytes, refused before anything parses it).
Expected<std::string, Diagnostic> read_input_file(const std::string& path);

enum class Overwrite { refuse, replace };

// Writes to a temporary file beside `path`, then moves it into place, so that a failure at
// any point leaves no partial file. With Overwrite::refuse an existing file is left alone
// and reported. Returns nothing, or the problem.
Expected<void, Diagnostic> write_file_atomically(const std::string& path, std::string_view content,
                                                 Overwrite overwrite);

}  // namespace mesomix
