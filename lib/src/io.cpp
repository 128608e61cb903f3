#include "mesomix/io.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace mesomix {

Expected<std::string, Diagnostic> read_input_file(const std::string& path) {
  auto failure = [&](std::string message, std::string hint) {
    return unexpected(Diagnostic{path, {}, Severity::error, std::move(message), std::move(hint)});
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return failure("no such file", "check the path");
  if (std::filesystem::is_directory(status)) return failure("is a directory, not a file", "name a .toml file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_input_bytes)
    return failure(fmt::format("the file is {} bytes, more than the {} an input may have", size, max_input_bytes),
                   "a protocol or batch file is a few kilobytes: check that this is the right file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(fmt::format("cannot be read: {}", std::strerror(errno)), "check the file's permissions");
  std::string text;
  text.reserve(static_cast<std::size_t>(size));
  // read one byte past the cap so a file that grew after the size check is still refused
  char buffer[4096];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_input_bytes)
      return failure(fmt::format("the file is more than the {} bytes an input may have", max_input_bytes),
                     "a protocol or batch file is a few kilobytes: check that this is the right file");
  }
  if (in.bad()) return failure("cannot be read", "check the file's permissions");
  return text;
}

}  // namespace mesomix
