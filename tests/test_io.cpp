// Reading and writing (lib/src/io/io.cpp, app/main.cpp): inputs as streams, standard input as
// `-`, every write checked, -o written through a temporary file that never litters.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "mesomix/io.hpp"
#include "support.hpp"

using test_support::run_mesomix;
using test_support::shell_quote;

namespace {

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
const std::string batch = (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();

// A shell command line with the built mesomix as $M; stdout and stderr kept apart. Like
// run_mesomix, never the machine's configuration or the user's compounding log: a record logged
// there once would be "already in the log with other inputs" when the shipped files change.
test_support::Run run_shell(const std::string& script) {
  test_support::TempDir dir;
  const auto out = dir.path() / "out";
  const auto err = dir.path() / "err";
  const std::string data = dir.path().string();
  const std::string command =
      "unset MESOMIX_CONFIG XDG_CONFIG_HOME; export MESOMIX_SYSTEM_CONFIG= HOME=" + shell_quote(data + "/home") +
      " XDG_DATA_HOME=" + shell_quote(data) + " MESOMIX_LOG=" + shell_quote("sqlite:" + data + "/log.sqlite") +
      "; M=" + shell_quote(MESOMIX_BINARY) + "; (" + script + ") >" + shell_quote(out.string()) + " 2>" +
      shell_quote(err.string());
  const int status = std::system(("bash -c " + shell_quote(command)).c_str());
  test_support::Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test_support::read_file(out);
  r.err = test_support::read_file(err);
  return r;
}

std::vector<std::string> leftovers(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind(".mesomix-", 0) == 0) out.push_back(e.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("a protocol read from a pipe, /dev/stdin, a process substitution or - gives the file's sheet", "[io]") {
  const std::string expected = run_mesomix({"dose", classic}).out;
  REQUIRE(!expected.empty());
  const std::string q = shell_quote(classic);
  for (const std::string& script : {"cat " + q + " | \"$M\" dose -", "cat " + q + " | \"$M\" dose /dev/stdin",
                                    "\"$M\" dose <(cat " + q + ")", "\"$M\" dose - < " + q}) {
    INFO(script);
    const auto r = run_shell(script);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == expected);
  }
  // the same bytes, the same SHA-256, whichever way they came
  CHECK(run_shell("cat " + q + " | \"$M\" dose --format json -").out ==
        run_mesomix({"dose", "--format", "json", classic}).out);
  CHECK(run_shell("cat " + q + " | \"$M\" check -").exit_code == 0);
  CHECK(run_shell("cat " + shell_quote(batch) + " | \"$M\" record " + q + " --batch -").exit_code == 0);
}

TEST_CASE("a FIFO is read as a stream", "[io]") {
  test_support::TempDir dir;
  const auto fifo = dir.path() / "p.toml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto r = run_shell("cat " + shell_quote(classic) + " > " + shell_quote(fifo.string()) + " & \"$M\" dose " +
                           shell_quote(fifo.string()) + "; wait");
  CHECK(r.exit_code == 0);
  CHECK(r.out == run_mesomix({"dose", classic}).out);
}

TEST_CASE("an endless or oversized stream is refused at the cap, exit 4", "[io]") {
  for (const std::string& script :
       {std::string("\"$M\" dose /dev/zero"), std::string("head -c 2000000 /dev/zero | \"$M\" dose -"),
        std::string("yes 'x = 1' | \"$M\" check -")}) {
    INFO(script);
    const auto r = run_shell(script);
    CHECK(r.exit_code == 4);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("more than the 1048576 bytes an input may have"));
  }
}

TEST_CASE("standard input may be named once", "[io]") {
  const auto r = run_mesomix({"record", "-", "--batch", "-"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("standard input (-) is named more than once"));
  CHECK(run_mesomix({"dose", "--format", "json", "-", "-"}).exit_code == 2);
}

TEST_CASE("a directory given as input says so, whatever the input is for", "[io]") {
  test_support::TempDir dir;
  const auto r = run_mesomix({"record", classic, "--batch", batch, "--verify", dir.path().string()});
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.err, Catch::Contains("is a directory, not a file; hint: name a file, not a folder"));
  CHECK_THAT(r.err, !Catch::Contains(".toml"));
}

TEST_CASE("a failed write to stdout is exit 4 with a message, and a closed pipe ends quietly", "[io]") {
  if (!std::filesystem::exists("/dev/full")) {
    WARN("no /dev/full here");
    return;
  }
  for (const std::string& command :
       {"dose " + shell_quote(classic), "dose --format json " + shell_quote(classic) + " " + shell_quote(classic),
        "mix " + shell_quote(classic), std::string("catalog"), std::string("new"), std::string("--help"),
        "record " + shell_quote(classic) + " --batch " + shell_quote(batch)}) {
    INFO(command);
    const auto r = run_shell("\"$M\" " + command + " > /dev/full");
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("mesomix: error: cannot write the output: No space left on device"));
  }
  // the reader is gone before mesomix writes: no SIGPIPE death (141), no message
  const auto closed = run_shell("\"$M\" catalog | { exec 0<&-; sleep 0.5; }; echo \"${PIPESTATUS[0]}\" >&2");
  CHECK(closed.err == "0\n");
  // batch dose writes as it goes: 60 files' lines (about 300 kB) overfill the pipe, and the
  // reader leaves after the first line; the run ends quietly with the status of its files
  std::string many;
  for (int i = 0; i < 60; ++i) many += " " + shell_quote(classic);
  const auto gone = run_shell("\"$M\" dose --format json" + many +
                              " | { head -n 1 > /dev/null; sleep 0.5; }; echo \"${PIPESTATUS[0]}\" >&2");
  CHECK(gone.err == "0\n");
  // and a write that fails after the first 64 kB block is exit 4 with its message, as at the end
  const auto full = run_shell("\"$M\" dose --format json" + many + " > /dev/full");
  CHECK(full.exit_code == 4);
  CHECK_THAT(full.err, Catch::Contains("mesomix: error: cannot write the output: No space left on device"));
  const auto nothing = run_shell("\"$M\" dose " + shell_quote(classic) + " >&-");
  CHECK(nothing.exit_code == 4);
  CHECK_THAT(nothing.err, Catch::Contains("cannot write the output"));
}

TEST_CASE("output files: a 255-byte file name works, the file follows the umask, nothing is left behind", "[io]") {
  test_support::TempDir dir;
  const std::string name = std::string(251, 'r') + ".txt";
  REQUIRE(name.size() == 255);
  const auto target = dir.path() / name;
  const auto r = run_shell("umask 027; \"$M\" record " + shell_quote(classic) + " --batch " + shell_quote(batch) +
                           " -o " + shell_quote(target.string()));
  CHECK(r.exit_code == 0);
  CHECK(std::filesystem::exists(target));
  struct stat info {};
  REQUIRE(::stat(target.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
  CHECK(leftovers(dir.path()).empty());
  const auto open = run_shell("umask 022; \"$M\" dose " + shell_quote(classic) + " -o " +
                              shell_quote((dir.path() / "d.txt").string()));
  REQUIRE(::stat((dir.path() / "d.txt").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0644);
}

TEST_CASE("force replaces only a regular file: never a FIFO or a device or a link", "[io][bad]") {
  test_support::TempDir dir;
  const auto fifo = dir.path() / "rec.txt";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto link = dir.path() / "link.txt";
  std::filesystem::create_symlink(classic, link);
  for (const auto& target : {fifo.string(), std::string("/dev/null"), link.string()}) {
    INFO(target);
    const auto r = run_mesomix({"record", classic, "--batch", batch, "-o", target, "--force"});
    CHECK(r.exit_code == 4);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("is not a regular file: --force replaces only a regular file"));
    const auto sheet = run_mesomix({"dose", classic, "-o", target, "--force"});
    CHECK(sheet.exit_code == 4);
  }
  struct stat info {};
  REQUIRE(::lstat(fifo.c_str(), &info) == 0);
  CHECK(S_ISFIFO(info.st_mode));
  CHECK(std::filesystem::is_symlink(link));
  CHECK(leftovers(dir.path()).empty());
  struct stat null {};
  REQUIRE(::stat("/dev/null", &null) == 0);
  CHECK(S_ISCHR(null.st_mode));
}

TEST_CASE("the temporary file is removed when SIGTERM or SIGINT arrives mid-write", "[io]") {
  // write_file_atomically in this process, interrupted: a child writes 200 MB to a folder and is
  // stopped while it writes
  for (int signal : {SIGTERM, SIGINT}) {
    test_support::TempDir dir;
    const auto target = dir.path() / "big.txt";
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      const std::string content(200 * 1024 * 1024, 'x');
      (void)mesomix::write_file_atomically(target.string(), content, mesomix::Overwrite::refuse);
      ::_exit(0);
    }
    // wait until the temporary file exists, then interrupt
    for (int i = 0; i < 500 && leftovers(dir.path()).empty(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ::kill(child, signal);
    int status = 0;
    ::waitpid(child, &status, 0);
    INFO("signal " << signal);
    if (WIFEXITED(status)) {
      WARN("the write finished before the signal arrived");
      continue;
    }
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal);
    CHECK(leftovers(dir.path()).empty());
    CHECK(!std::filesystem::exists(target));
  }
}
