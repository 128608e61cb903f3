// Helpers shared by the test files: temporary files, the source tree, and running the
// real mesomix binary to see exactly what a user sees (stdout, stderr, exit status).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace test_support {

inline std::filesystem::path source_dir() { return MESOMIX_SOURCE_DIR; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A fresh directory for one test, removed with it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mesomix-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    path_ = ::mkdtemp(buffer.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path file(const std::string& name, const std::string& text) const {
    write_file(path_ / name, text);
    return path_ / name;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

// Runs the built mesomix with these arguments and these environment variables (NAME=VALUE)
// on top of a clean configuration (never the machine's /etc/mesomix or the user's config) and
// a compounding log of the run's own: a fresh file in its own folder, never the user's log
// (log.md). XDG_DATA_HOME points there too, so not even the default location is the user's.
// stdout and stderr are kept apart.
inline Run run_mesomix_env(const std::vector<std::string>& env, const std::vector<std::string>& args) {
  TempDir dir;
  const std::string data = dir.path().string();
  std::string command = "env -u MESOMIX_CONFIG -u XDG_CONFIG_HOME MESOMIX_SYSTEM_CONFIG= HOME=" +
                        shell_quote((dir.path() / "home").string()) + " XDG_DATA_HOME=" + shell_quote(data) +
                        " MESOMIX_LOG=" + shell_quote("sqlite:" + data + "/log.sqlite");
  for (const auto& e : env) command += " " + shell_quote(e);
  command += " " + shell_quote(MESOMIX_BINARY);
  for (const auto& a : args) command += " " + shell_quote(a);
  const auto out = dir.path() / "out";
  const auto err = dir.path() / "err";
  command += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
  const int status = std::system(command.c_str());
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

// The same, `env` last: {"MESOMIX_LOG=sqlite:/tmp/x.sqlite"} names a log of the test's own.
inline Run run_mesomix(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  return run_mesomix_env(env, args);
}

inline bool have_program(const char* program) {
  return std::system(("command -v " + std::string(program) + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace test_support
