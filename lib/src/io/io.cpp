#include "mesomix/io.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

Expected<void, Diagnostic> write_file_atomically(const std::string& path, std::string_view content,
                                                 Overwrite overwrite) {
  auto failure = [&](std::string message, std::string hint) -> Expected<void, Diagnostic> {
    return unexpected(Diagnostic{path, {}, Severity::error, std::move(message), std::move(hint)});
  };
  std::error_code ec;
  if (overwrite == Overwrite::refuse && std::filesystem::exists(path, ec))
    return failure("already exists: a record is not overwritten", "choose another name, or give --force to replace it");
  if (std::filesystem::is_directory(path, ec)) return failure("is a directory", "name a file");
  const std::filesystem::path target(path);
  std::string pattern = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
                        ("." + target.filename().string() + ".tmp-XXXXXX");
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0)
    return failure(fmt::format("cannot be written: {}", std::strerror(errno)),
                   "check the folder exists and is writable");
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(pattern.c_str());
      return failure(fmt::format("cannot be written: {}", reason), "check the free space and permissions");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(pattern.c_str());
    return failure(fmt::format("cannot be written: {}", reason), "check the free space and permissions");
  }
  ::chmod(pattern.c_str(), 0644);
  // refuse: link() fails if the name appeared meanwhile, so an existing record is never replaced
  const int moved =
      overwrite == Overwrite::replace ? ::rename(pattern.c_str(), path.c_str()) : ::link(pattern.c_str(), path.c_str());
  const int moved_errno = errno;
  if (overwrite == Overwrite::refuse || moved != 0) ::unlink(pattern.c_str());
  if (moved != 0)
    return moved_errno == EEXIST ? failure("already exists: a record is not overwritten",
                                           "choose another name, or give --force to replace it")
                                 : failure(fmt::format("cannot be written: {}", std::strerror(moved_errno)),
                                           "check the folder's permissions");
  return {};
}

}  // namespace mesomix
