#include "mesomix/io.hpp"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace mesomix {

namespace {

std::string too_large(std::string_view what) {
  return fmt::format("{} more than the {} bytes an input may have", what, max_input_bytes);
}

constexpr const char* too_large_hint = "a protocol or batch file is a few kilobytes: check that this is the right file";

}  // namespace

Expected<std::string, Diagnostic> read_input_file(const std::string& path) {
  // at 1:1, the file as a whole, so that every diagnostic reads file:line:col for editors and scripts
  auto failure = [&](std::string message, std::string hint) {
    return unexpected(Diagnostic{path, {1, 1}, Severity::error, std::move(message), std::move(hint)});
  };
  // "-" is standard input; anything else is opened as it is: a regular file, or a stream
  // (a pipe, a FIFO, /dev/stdin, a process substitution, a device) read up to the cap
  const bool standard_input = path == "-";
  int fd = standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return failure("no such file", "check the path");
    if (error == EISDIR) return failure("is a directory, not a file", "name a file, not a folder");
    return failure(fmt::format("cannot be read: {}", std::strerror(error)), "check the file's permissions");
  }
  struct Closer {
    int fd;
    bool owned;
    ~Closer() {
      if (owned) ::close(fd);
    }
  } closer{fd, !standard_input};
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    return failure(fmt::format("cannot be read: {}", std::strerror(errno)), "check the file's permissions");
  if (S_ISDIR(info.st_mode)) return failure("is a directory, not a file", "name a file, not a folder");
  const bool regular = S_ISREG(info.st_mode);
  if (regular && static_cast<std::uintmax_t>(info.st_size) > max_input_bytes)
    return failure(
        fmt::format("the file is {} bytes, more than the {} an input may have", info.st_size, max_input_bytes),
        too_large_hint);
  // Read straight into the text, asking one byte more than the file has: a regular file that
  // gives all its size and no more has ended (one read for most files); one that grew after
  // fstat, or a stream (which has no size), is read on and still refused past the cap.
  constexpr std::size_t chunk = 65536;
  std::string text;
  std::size_t have = 0;
  std::size_t room = regular ? static_cast<std::size_t>(info.st_size) + 1 : chunk;
  while (true) {
    text.resize(have + room);
    const ssize_t n = ::read(fd, text.data() + have, room);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      if (error == EISDIR) return failure("is a directory, not a file", "name a file, not a folder");
      return failure(fmt::format("cannot be read: {}", std::strerror(error)), "check the file's permissions");
    }
    have += static_cast<std::size_t>(n);
    if (have > max_input_bytes)
      return failure(regular ? too_large("the file is") : too_large("the stream gave"), too_large_hint);
    if (n == 0 || (regular && have == static_cast<std::size_t>(info.st_size) && static_cast<std::size_t>(n) < room))
      break;
    room = chunk;
  }
  text.resize(have);
  return text;
}

namespace {

// The temporary file being written, so that SIGINT or SIGTERM can remove it before the run ends.
// A fixed buffer: a signal handler may not allocate.
char pending_temp[4096];
volatile std::sig_atomic_t pending = 0;

extern "C" void remove_pending_and_die(int signal) {
  if (pending != 0) ::unlink(pending_temp);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void install_cleanup_handlers() {
  static const bool installed = [] {
    for (int s : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction action {};
      action.sa_handler = remove_pending_and_die;
      sigemptyset(&action.sa_mask);
      ::sigaction(s, &action, nullptr);
    }
    return true;
  }();
  (void)installed;
}

void watch_temp(const std::string& temp) {
  if (temp.size() >= sizeof pending_temp) return;
  std::memcpy(pending_temp, temp.c_str(), temp.size() + 1);
  pending = 1;
}

void unwatch_temp() { pending = 0; }

// A new file beside the target, with a short name of its own (so that a 255-byte target name
// still works), created with mode 0666 less the umask, as any file the user makes.
int create_temp(const std::filesystem::path& folder, std::string& name) {
  static unsigned counter = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    name = (folder / fmt::format(".mesomix-{}-{}.tmp", ::getpid(), counter++)).string();
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

}  // namespace

Expected<void, Diagnostic> write_file_atomically(const std::string& path, std::string_view content,
                                                 Overwrite overwrite) {
  auto failure = [&](std::string message, std::string hint) -> Expected<void, Diagnostic> {
    return unexpected(Diagnostic{path, {}, Severity::error, std::move(message), std::move(hint)});
  };
  const auto exists = [] { return std::string("choose another name, or give --force to replace it"); };
  struct stat info {};
  const bool present = ::lstat(path.c_str(), &info) == 0;
  if (present && S_ISDIR(info.st_mode)) return failure("is a directory", "name a file");
  if (present && overwrite == Overwrite::refuse) return failure("already exists: it is not overwritten", exists());
  // --force replaces a file, never a FIFO, a device, a socket or a symbolic link
  if (present && !S_ISREG(info.st_mode))
    return failure("is not a regular file: --force replaces only a regular file", "name a regular file");
  const std::filesystem::path target(path);
  const std::filesystem::path folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::string temp;
  // the signals that remove the temporary file wait while it is created and noted, so that
  // none can fall between the two
  install_cleanup_handlers();
  sigset_t cleanup_signals;
  sigset_t previous;
  sigemptyset(&cleanup_signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&cleanup_signals, s);
  ::sigprocmask(SIG_BLOCK, &cleanup_signals, &previous);
  const int fd = create_temp(folder, temp);
  const int create_errno = errno;
  if (fd >= 0) watch_temp(temp);
  ::sigprocmask(SIG_SETMASK, &previous, nullptr);
  if (fd < 0)
    return failure(fmt::format("cannot be written: {}", std::strerror(create_errno)),
                   "check the folder exists and is writable");
  auto give_up = [&](int error, const char* hint) {
    ::unlink(temp.c_str());
    unwatch_temp();
    return failure(fmt::format("cannot be written: {}", std::strerror(error)), hint);
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return give_up(error, "check the free space and permissions");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    return give_up(error, "check the free space and permissions");
  }
  if (::close(fd) != 0) return give_up(errno, "check the free space and permissions");
  // refuse: link() fails if the name appeared meanwhile, so an existing file is never replaced
  const int moved =
      overwrite == Overwrite::replace ? ::rename(temp.c_str(), path.c_str()) : ::link(temp.c_str(), path.c_str());
  const int moved_errno = errno;
  if (overwrite == Overwrite::refuse || moved != 0) ::unlink(temp.c_str());
  unwatch_temp();
  if (moved != 0)
    return moved_errno == EEXIST ? failure("already exists: it is not overwritten", exists())
                                 : failure(fmt::format("cannot be written: {}", std::strerror(moved_errno)),
                                           "check the folder's permissions");
  return {};
}

}  // namespace mesomix
