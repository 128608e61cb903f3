// The compounding log's layer (lib/src/log/), on SQLite and, under tests/pg/with-postgres, on
// PostgreSQL: the chain, appends that are all there or absent, concurrent writers, every kind
// of tampering found and named, the URI rules, masking, and a newer schema refused.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>

#include <fmt/format.h>

#include "log_support.hpp"
#include "mesomix/log.hpp"
#include "mesomix/sha256.hpp"

using namespace mesomix;
using test_support::run_mesomix;
using test_support::TestLog;

namespace {

LogInput input(const std::string& role, const std::string& bytes, bool shipped = false) {
  return {role, shipped ? "shipped with mesomix 0.1.0" : role + ".toml", sha256_hex(bytes), bytes, shipped};
}

// The facts of one preparation, as record gives them, with small inputs.
LogFacts facts(const std::string& lot, int variant = 0, const std::string& patient = "P-1") {
  LogFacts f;
  f.lot = lot;
  f.prepared = "2026-11-24T10:30:00";
  f.bud = "2026-11-25T10:30:00";
  f.patient_id = patient;
  f.patient_name = "Ada Example";
  f.prescriber = "Dr Who";
  f.order_number = "RX-1";
  f.preparer = "A. Okafor";
  f.verifier = "J. Lindqvist";
  f.protocol_id = "hair-classic-5";
  f.protocol_version = "1.0.0";
  f.mesomix_version = "0.1.0";
  f.record_format = "text";
  f.sessions = {1, 2};
  f.actives = {{"minoxidil", "0.6 mg"}, {"biotin", "0.1 mg"}};
  f.lots = {{"stock", "MX-" + lot, "Minoxidil 0.5 %", "2027-03-31", "minoxidil"},
            {"diluent", "NS-77", "Sodium chloride 0.9 %", "2027-01-31", "sodium chloride"},
            {"kit", "KIT-9", "PRP kit", "2027-02-28", "platelet-rich plasma"}};
  f.inputs = {input("protocol", "protocol bytes " + std::to_string(variant)), input("batch", "batch of " + lot),
              input("catalog", "catalog bytes", true)};
  return f;
}

std::string record_of(const std::string& lot) { return "Compounding record: lot " + lot + "\n"; }

void append_ok(const std::string& uri, const std::string& lot, int variant = 0, bool force = false) {
  auto r = log_append(uri, facts(lot, variant), record_of(lot) + std::to_string(variant), force);
  INFO((r ? std::string() : r.error().message));
  REQUIRE(r.has_value());
}

VerifyReport verified(const std::string& uri) {
  auto v = log_verify(uri, nullptr);
  INFO((v ? std::string() : v.error().message));
  REQUIRE(v.has_value());
  return *v;
}

}  // namespace

TEST_CASE("entries chain: each hash covers the one before, the record, the inputs and the facts", "[log]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    CHECK(verified(log.uri()).entries == 0);  // a log that does not exist is empty
    for (int i = 1; i <= 3; ++i) append_ok(log.uri(), fmt::format("MM-{}", i));
    auto list = log_list(log.uri(), {});
    REQUIRE(list.has_value());
    REQUIRE(list->size() == 3);
    CHECK(list->at(0).prev_hash == std::string(64, '0'));
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& e = list->at(i);
      CHECK(e.number == static_cast<std::int64_t>(i + 1));
      if (i > 0) CHECK(e.prev_hash == list->at(i - 1).hash);
      // the hash, recomputed by hand from the contract's recipe
      std::string text = e.prev_hash + "\n" + sha256_hex(record_of(e.facts.lot) + "0") + "\n";
      for (const auto& in : facts(e.facts.lot).inputs) text += in.sha256 + "\n";
      text += canonical_facts(facts(e.facts.lot)) + "\n";
      CHECK(e.hash == sha256_hex(text));
    }
    const auto v = verified(log.uri());
    CHECK(v.intact);
    CHECK(v.entries == 3);
    CHECK(v.head == list->back().hash);
  }
}

TEST_CASE("the canonical facts: sorted keys, no whitespace, and they read back to the same bytes", "[log]") {
  const std::string c = canonical_facts(facts("MM-1"));
  CHECK(c.rfind("{\"actives\":[{\"name\":\"minoxidil\",\"per_session\":\"0.6 mg\"}", 0) == 0);
  CHECK(c.find(' ', 0) == c.find("0.6 mg") + 3);  // the first space is inside a value
  auto back = facts_from_json(c);
  REQUIRE(back);
  CHECK(canonical_facts(*back) == c);
}

TEST_CASE("the same lot: identical inputs add nothing, other inputs are refused unless forced", "[log]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    append_ok(log.uri(), "MM-1");
    auto again = log_append(log.uri(), facts("MM-1"), record_of("MM-1") + "0", false);
    REQUIRE(again.has_value());
    CHECK_FALSE(again->added);
    CHECK(again->number == 1);
    auto other = log_append(log.uri(), facts("MM-1", 1), record_of("MM-1") + "1", false);
    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().code == ExitCode::invalid_input);
    CHECK_THAT(other.error().message, Catch::Contains("lot MM-1 is already in the log with other inputs"));
    auto forced = log_append(log.uri(), facts("MM-1", 1), record_of("MM-1") + "1", true);
    REQUIRE(forced.has_value());
    CHECK(forced->added);
    CHECK(forced->number == 2);
    CHECK(forced->supersedes == std::optional<std::int64_t>(1));
    auto found = log_find(log.uri(), "MM-1");
    REQUIRE(found.has_value());
    REQUIRE(found->has_value());
    CHECK((*found)->number == 2);
    CHECK((*found)->record == record_of("MM-1") + "1");
    CHECK((*found)->facts.inputs.at(0).bytes == "protocol bytes 1");
    auto list = log_list(log.uri(), {});
    REQUIRE(list.has_value());
    CHECK(list->at(0).superseded_by == std::optional<std::int64_t>(2));
    CHECK(verified(log.uri()).intact);
  }
}

TEST_CASE("recall finds a preparation by its own lot and by every stock, diluent and kit lot", "[log]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    append_ok(log.uri(), "MM-1");
    append_ok(log.uri(), "MM-2");
    for (const char* lot : {"MM-1", "MX-MM-1"}) {
      auto r = log_recall(log.uri(), lot);
      REQUIRE(r.has_value());
      REQUIRE(r->size() == 1);
      CHECK(r->at(0).facts.lot == "MM-1");
    }
    for (const char* lot : {"NS-77", "KIT-9"}) {
      auto r = log_recall(log.uri(), lot);
      REQUIRE(r.has_value());
      CHECK(r->size() == 2);
    }
    auto none = log_recall(log.uri(), "NOPE");
    REQUIRE(none.has_value());
    CHECK(none->empty());
    // list filters
    auto by_active = log_list(log.uri(), {std::nullopt, std::string("biotin"), std::nullopt, std::nullopt});
    REQUIRE(by_active.has_value());
    CHECK(by_active->size() == 2);
    auto by_patient = log_list(log.uri(), {std::string("P-2"), std::nullopt, std::nullopt, std::nullopt});
    REQUIRE(by_patient.has_value());
    CHECK(by_patient->empty());
    auto by_date = log_list(log.uri(), {std::nullopt, std::nullopt, std::string("2026-11-25"), std::nullopt});
    REQUIRE(by_date.has_value());
    CHECK(by_date->empty());
    auto in_range =
        log_list(log.uri(), {std::nullopt, std::nullopt, std::string("2026-11-24"), std::string("2026-11-24")});
    REQUIRE(in_range.has_value());
    CHECK(in_range->size() == 2);
  }
}

TEST_CASE("verify finds a changed byte, a deleted row and swapped rows, and names the entry", "[log]") {
  struct Tamper {
    const char* what;
    std::vector<std::string> sql;
    const char* names;
  };
  const std::vector<Tamper> tampers = {
      {"a byte of a stored record",
       {"UPDATE log_entry SET record = (SELECT record FROM log_entry WHERE number = 1) WHERE number = 3"},
       "entry 3: the stored record's bytes"},
      {"a byte of the facts",
       {"UPDATE log_entry SET facts = replace(facts, 'Ada', 'Ida') WHERE number = 2"},
       "entry 2:"},
      {"a patient column", {"UPDATE log_entry SET patient_id = 'P-9' WHERE number = 4"}, "entry 4:"},
      {"a stored input's bytes",
       {"UPDATE log_blob SET content = (SELECT content FROM log_blob b2 WHERE b2.sha256 <> log_blob.sha256 "
        "ORDER BY b2.sha256 LIMIT 1) WHERE sha256 = (SELECT sha256 FROM log_input WHERE entry = 2 AND role = 'batch')"},
       "entry 2: the stored bytes of its batch input"},
      {"a lot index row", {"UPDATE log_lot SET lot = 'OTHER' WHERE entry = 5 AND kind = 'kit'"}, "entry 5:"},
      {"a row deleted", {"DELETE FROM log_entry WHERE number = 3"}, "entry 3: missing"},
      {"the last row deleted", {"DELETE FROM log_entry WHERE number = 5"}, "entry 5: missing"},
      {"two rows swapped",
       {"UPDATE log_entry SET number = 100 WHERE number = 2", "UPDATE log_entry SET number = 2 WHERE number = 3",
        "UPDATE log_entry SET number = 3 WHERE number = 100"},
       "entry 2:"},
  };
  for (const auto& engine : test_support::log_engines()) {
    for (const auto& t : tampers) {
      INFO(engine << ": " << t.what);
      TestLog log(engine);
      for (int i = 1; i <= 5; ++i) append_ok(log.uri(), fmt::format("MM-{}", i));
      REQUIRE(verified(log.uri()).intact);
      {
        auto raw = log.raw();
        for (const auto& sql : t.sql) raw->exec(sql);
      }
      const auto v = verified(log.uri());
      CHECK_FALSE(v.intact);
      CHECK_THAT(v.problem, Catch::StartsWith(t.names));
    }
  }
}

TEST_CASE("8 writers x 50 appends at once: 400 entries, one chain, none lost", "[log][concurrency]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    append_ok(log.uri(), "FIRST");  // the schema exists before the race (the race on creation is tested below)
    std::vector<pid_t> writers;
    for (int w = 0; w < 8; ++w) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        int failures = 0;
        for (int i = 0; i < 50; ++i) {
          const std::string lot = fmt::format("W{}-{}", w, i);
          if (!log_append(log.uri(), facts(lot), record_of(lot), false)) ++failures;
        }
        ::_exit(failures == 0 ? 0 : 1);
      }
      writers.push_back(pid);
    }
    int failed = 0;
    for (pid_t pid : writers) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
    }
    CHECK(failed == 0);
    const auto v = verified(log.uri());
    CHECK(v.intact);
    CHECK(v.entries == 401);
  }
}

TEST_CASE("writers racing to create a new log make one schema and one chain", "[log][concurrency]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    std::vector<pid_t> writers;
    for (int w = 0; w < 4; ++w) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        const std::string lot = fmt::format("NEW-{}", w);
        ::_exit(log_append(log.uri(), facts(lot), record_of(lot), false) ? 0 : 1);
      }
      writers.push_back(pid);
    }
    for (pid_t pid : writers) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    CHECK(verified(log.uri()).entries == 4);
  }
}

TEST_CASE("a writer killed in the middle of its commit leaves the log intact and the entry absent", "[log][crash]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    append_ok(log.uri(), "MM-1");
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::setenv("MESOMIX_LOG_FAULT", "kill-mid-commit", 1);
      (void)log_append(log.uri(), facts("MM-2"), record_of("MM-2"), false);
      ::_exit(0);  // not reached: the fault point kills the process
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    auto v = verified(log.uri());
    CHECK(v.intact);
    CHECK(v.entries == 1);
    auto gone = log_find(log.uri(), "MM-2");
    REQUIRE(gone.has_value());
    CHECK_FALSE(gone->has_value());
    // and the log takes the next entry as if nothing happened
    append_ok(log.uri(), "MM-2");
    CHECK(verified(log.uri()).entries == 2);

    // killed at arbitrary moments while appending: every entry there is whole
    for (int round = 0; round < 4; ++round) {
      const pid_t w = ::fork();
      REQUIRE(w >= 0);
      if (w == 0) {
        for (int i = 0; i < 1000; ++i) {
          const std::string lot = fmt::format("K{}-{}", round, i);
          (void)log_append(log.uri(), facts(lot), record_of(lot), false);
        }
        ::_exit(0);
      }
      ::usleep(static_cast<useconds_t>(20000 + 37000 * round));
      ::kill(w, SIGKILL);
      ::waitpid(w, &status, 0);
    }
    v = verified(log.uri());
    CHECK(v.intact);
  }
}

TEST_CASE("a log written by a newer mesomix is refused with exit 4, for reading and writing", "[log]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    append_ok(log.uri(), "MM-1");
    log.raw()->exec("UPDATE mesomix_log_meta SET value = '99' WHERE key = 'schema_version'");
    auto w = log_append(log.uri(), facts("MM-2"), record_of("MM-2"), false);
    REQUIRE_FALSE(w.has_value());
    CHECK(w.error().code == ExitCode::io);
    CHECK_THAT(w.error().message, Catch::Contains("newer mesomix (log schema 99"));
    auto r = log_list(log.uri(), {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ExitCode::io);
  }
}

TEST_CASE("the SQLite log is created 0600, and a read-only or unreachable log is exit 4", "[log]") {
  test_support::TempDir dir;
  const auto path = dir.path() / "sub" / "log.sqlite";
  REQUIRE(log_append("sqlite:" + path.string(), facts("MM-1"), record_of("MM-1"), false).has_value());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // reading a log that does not exist creates nothing
  const auto missing = dir.path() / "none.sqlite";
  CHECK(log_list(missing.string(), {}).has_value());
  CHECK_FALSE(std::filesystem::exists(missing));
  // a directory in the way
  auto blocked = log_append("sqlite:" + dir.path().string(), facts("MM-1"), record_of("MM-1"), false);
  REQUIRE_FALSE(blocked.has_value());
  CHECK(blocked.error().code == ExitCode::io);
  // a server that is not there, and the password never printed
  auto away = log_append("postgresql://clinic:s3cret@127.0.0.1:1/log?connect_timeout=2", facts("MM-1"),
                         record_of("MM-1"), false);
  REQUIRE_FALSE(away.has_value());
  CHECK(away.error().code == ExitCode::io);
  CHECK_THAT(away.error().message, Catch::Contains("postgresql://clinic:***@127.0.0.1:1/log"));
  CHECK_THAT(away.error().message, !Catch::Contains("s3cret"));
  // not a log location
  auto odd = log_list("log.txt", {});
  REQUIRE_FALSE(odd.has_value());
  CHECK(odd.error().code == ExitCode::usage);
}

TEST_CASE("passwords are masked wherever a log URI is printed", "[log]") {
  CHECK(masked_uri("postgresql://u:pw@db.example:5432/log") == "postgresql://u:***@db.example:5432/log");
  CHECK(masked_uri("postgresql://u@db/log?password=pw&sslmode=require") ==
        "postgresql://u@db/log?password=***&sslmode=require");
  CHECK(masked_uri("postgresql://db/log") == "postgresql://db/log");
  CHECK(masked_uri("sqlite:/tmp/a:b@c.sqlite") == "sqlite:/tmp/a:b@c.sqlite");
}

TEST_CASE("the log's place: --log, then MESOMIX_LOG, then the config file, then the data folder", "[log]") {
  const char* saved = std::getenv("MESOMIX_LOG");
  const std::string keep = saved != nullptr ? saved : "";
  ::setenv("MESOMIX_LOG", "sqlite:/env.sqlite", 1);
  CHECK(resolve_log_uri(std::string("sqlite:/flag.sqlite"), std::string("sqlite:/config.sqlite")) ==
        "sqlite:/flag.sqlite");
  CHECK(resolve_log_uri(std::nullopt, std::string("sqlite:/config.sqlite")) == "sqlite:/env.sqlite");
  ::unsetenv("MESOMIX_LOG");
  CHECK(resolve_log_uri(std::nullopt, std::string("sqlite:/config.sqlite")) == "sqlite:/config.sqlite");
  ::setenv("XDG_DATA_HOME", "/data", 1);
  CHECK(resolve_log_uri(std::nullopt, std::nullopt) == "sqlite:/data/mesomix/log.sqlite");
  ::unsetenv("XDG_DATA_HOME");
  if (saved != nullptr) ::setenv("MESOMIX_LOG", keep.c_str(), 1);
}

TEST_CASE("base64 of the export, checked against RFC 4648's examples", "[log]") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foobar") == "Zm9vYmFy");
}

// ---- through the binary: record enters, log shows, recalls and verifies ----------------------

namespace {

const std::string classic = (test_support::source_dir() / "formulations/protocols/hair-classic-5.toml").string();
const std::string classic_batch =
    (test_support::source_dir() / "formulations/batches/hair-classic-5-example.toml").string();
const std::string saline = (test_support::source_dir() / "formulations/protocols/hair-target-saline.toml").string();

// A batch for session 1 of the saline protocol for one patient: minoxidil from two lots,
// saline, a PRP kit.
std::string saline_batch(const std::string& lot, const std::string& stock_lot = "MNX-7781") {
  return fmt::format(R"(schema = 1
[batch]
lot = "{}"
prepared = 2026-11-24T10:30:00
preparer = "A. Okafor"
verifier = "J. Lindqvist"
sessions = 1
bud = 2026-11-25T10:30:00
storage = "Refrigerate at 2 to 8 °C"
[patient]
id = "P-42"
name = "Ada Example"
weight = "72 kg"
[order]
prescriber = "Dr Who"
number = "RX-1"
[[component]]
active = "minoxidil"
product = "Minoxidil 2 % w/v, 5 mL ampoule"
manufacturer = "Example Pharma"
strength = "2 % w/v"
[[component.lot]]
lot = "{}"
expiry = 2027-03-31
volume = "0.33 mL"
[[component.lot]]
lot = "MNX-7790"
expiry = 2027-02-28
volume = "0.2 mL"
[[component]]
active = "biotin"
product = "Biotin 1 mg/2 mL ampoule"
manufacturer = "Example Labs"
lot = "BT-1"
expiry = 2027-01-31
[[component]]
active = "monomethylsilanetriol"
product = "Organic silicium 0.5 % w/v, 5 mL ampoule"
manufacturer = "Example Labs"
lot = "SI-1"
expiry = 2027-01-31
[diluent]
product = "Sodium chloride 0.9 %, 10 mL"
manufacturer = "Example Fluids"
lot = "NACL-5"
expiry = 2027-06-30
[[adjunct]]
name = "Platelet-rich plasma"
lot = "KIT-77"
expiry = 2027-01-31
)",
                     lot, stock_lot);
}

std::vector<std::string> with_log(std::vector<std::string> args, const TestLog& log) {
  args.push_back("--log");
  args.push_back(log.uri());
  return args;
}

}  // namespace

TEST_CASE("record enters the record in the log before printing, and show gives it back byte for byte",
          "[log][record]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    const auto batch = log.dir().file("b.toml", saline_batch("MM-1"));
    const auto printed = run_mesomix(with_log({"record", saline, "--batch", batch.string()}, log));
    INFO(printed.err);
    REQUIRE(printed.exit_code == 0);
    CHECK_THAT(printed.out, Catch::Contains("Compounding log:    entered before this record was printed"));
    CHECK_THAT(printed.out, Catch::Contains("Patient:            Ada Example (P-42), 72 kg"));
    CHECK_THAT(printed.out, Catch::Contains("Order:              RX-1, prescribed by Dr Who"));
    // two lots of one draw, each with its volume (the table may wrap the cell)
    CHECK_THAT(printed.out, Catch::Contains("MNX-7781") && Catch::Contains("MNX-7790") && Catch::Contains("0.33 mL;"));
    CHECK_THAT(printed.out, Catch::Contains("Platelet-rich plasma"));
    const auto shown = run_mesomix(with_log({"log", "show", "MM-1"}, log));
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.out == printed.out);
    // html to a file: the file's bytes are the log's
    const auto html_batch = log.dir().file("h.toml", saline_batch("MM-2"));
    const auto html = log.dir().path() / "r.html";
    REQUIRE(
        run_mesomix(with_log({"record", saline, "--batch", html_batch.string(), "-o", html.string()}, log)).exit_code ==
        0);
    CHECK(run_mesomix(with_log({"log", "show", "MM-2"}, log)).out == test_support::read_file(html));
    // an unknown lot
    const auto unknown = run_mesomix(with_log({"log", "show", "MM-404"}, log));
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.out.empty());
  }
}

TEST_CASE("record: the same lot again, other inputs, --force, --no-log and --verify", "[log][record]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    const auto batch = log.dir().file("b.toml", saline_batch("MM-1"));
    const auto first = run_mesomix(with_log({"record", saline, "--batch", batch.string()}, log));
    REQUIRE(first.exit_code == 0);
    const auto again = run_mesomix(with_log({"record", saline, "--batch", batch.string()}, log));
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.err, Catch::Contains("already in the log"));
    CHECK(again.out == first.out);
    const auto changed = log.dir().file("c.toml", saline_batch("MM-1", "MNX-7782"));
    const auto refused = run_mesomix(with_log({"record", saline, "--batch", changed.string()}, log));
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Catch::Contains("lot MM-1 is already in the log with other inputs"));
    // the same inputs with an option that changes what the record says (the patient's weight,
    // the limits in force) are another record; printed in another language, the same one
    const auto weighed = run_mesomix(with_log({"record", saline, "--batch", batch.string(), "--weight", "70 kg"}, log));
    CHECK(weighed.exit_code == 1);
    CHECK_THAT(weighed.err, Catch::Contains("with other inputs or options"));
    const auto french = run_mesomix(with_log({"record", saline, "--batch", batch.string(), "--lang", "fr"}, log));
    CHECK(french.exit_code == 0);
    CHECK_THAT(french.err, Catch::Contains("already in the log"));
    const auto forced = run_mesomix(with_log({"record", saline, "--batch", changed.string(), "--force"}, log));
    REQUIRE(forced.exit_code == 0);
    CHECK_THAT(forced.out, Catch::Contains("the record with SHA-256") && Catch::Contains(sha256_hex(first.out)));
    auto list = run_mesomix(with_log({"log", "list"}, log));
    CHECK_THAT(list.out, Catch::Contains("(superseded by 2)"));
    // the forced record verifies, and removing its replacement note is found
    const auto file = log.dir().path() / "forced.txt";
    test_support::write_file(file, forced.out);
    CHECK(run_mesomix({"record", saline, "--batch", changed.string(), "--verify", file.string()}).exit_code == 0);
    std::string cut = forced.out;
    const auto at = cut.find("Replaces:");
    cut.erase(at, cut.find('\n', at) + 1 - at);
    test_support::write_file(file, cut);
    CHECK(run_mesomix({"record", saline, "--batch", changed.string(), "--verify", file.string()}).exit_code == 1);
    std::string no_note = forced.out;
    const auto item = no_note.find("This record replaces");
    REQUIRE(item != std::string::npos);
    no_note.erase(no_note.rfind('\n', item) + 1, no_note.find('\n', item) - no_note.rfind('\n', item));
    test_support::write_file(file, no_note);
    CHECK(run_mesomix({"record", saline, "--batch", changed.string(), "--verify", file.string()}).exit_code == 1);
    // --no-log: not entered, and it says so
    const auto other = log.dir().file("o.toml", saline_batch("MM-3"));
    const auto unlogged = run_mesomix({"record", saline, "--batch", other.string(), "--no-log"});
    REQUIRE(unlogged.exit_code == 0);
    CHECK_THAT(unlogged.out, Catch::Contains("Not entered in a compounding log"));
    CHECK(run_mesomix(with_log({"log", "show", "MM-3"}, log)).exit_code == 1);
    const auto plain = log.dir().path() / "unlogged.txt";
    test_support::write_file(plain, unlogged.out);
    CHECK(run_mesomix({"record", saline, "--batch", other.string(), "--verify", plain.string()}).exit_code == 0);
    // a safety stop is never logged
    std::string stop_text = saline_batch("MM-4");
    stop_text.replace(stop_text.find("volume = \"0.2 mL\""), 17, "volume = \"0.1 mL\"");
    const auto stops = log.dir().file("s.toml", stop_text);
    const auto stopped = run_mesomix(with_log({"record", saline, "--batch", stops.string()}, log));
    CHECK(stopped.exit_code == 3);
    CHECK_THAT(stopped.err, Catch::Contains("add up to 0.43 mL, but the draw is 0.53 mL"));
    CHECK(run_mesomix(with_log({"log", "show", "MM-4"}, log)).exit_code == 1);
    CHECK_THAT(run_mesomix(with_log({"log", "verify"}, log)).out, Catch::StartsWith("log: 2 entries, chain intact"));
  }
}

TEST_CASE("recall by stock, diluent, kit and preparation lot, in text, json and csv", "[log][record]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    for (const char* lot : {"MM-1", "MM-2"}) {
      const auto batch = log.dir().file(std::string(lot) + ".toml", saline_batch(lot));
      REQUIRE(run_mesomix(with_log({"record", saline, "--batch", batch.string()}, log)).exit_code == 0);
    }
    REQUIRE(run_mesomix(with_log({"record", classic, "--batch", classic_batch}, log)).exit_code == 0);
    for (const char* lot : {"MNX-7781", "MNX-7790", "NACL-5", "KIT-77"}) {
      INFO(lot);
      const auto r = run_mesomix(with_log({"log", "recall", lot}, log));
      REQUIRE(r.exit_code == 0);
      CHECK_THAT(r.out, Catch::StartsWith(fmt::format("lot {}: 2 preparations used it", lot)));
      CHECK_THAT(r.out, Catch::Contains("MM-1  prepared 2026-11-24T10:30:00  BUD 2026-11-25T10:30:00  patient P-42 "
                                        "Ada Example  sessions 1"));
    }
    const auto own = run_mesomix(with_log({"log", "recall", "MM-2026-0042", "--format", "csv"}, log));
    REQUIRE(own.exit_code == 0);
    CHECK(own.out ==
          "number,lot,prepared,bud,patient_id,patient_name,sessions,used_as\r\n"
          "3,MM-2026-0042,2026-11-24T10:30:00,2026-12-04T10:30:00,,,1-2,preparation\r\n");
    const auto json = run_mesomix(with_log({"log", "recall", "KIT-77", "--format", "json"}, log));
    CHECK_THAT(json.out, Catch::Contains("\"used_as\": \"kit (Platelet-rich plasma)\""));
    const auto list = run_mesomix(with_log({"log", "list", "--patient", "P-42", "--active", "Minoxidil"}, log));
    CHECK(std::count(list.out.begin(), list.out.end(), '\n') == 2);
    const auto none = run_mesomix(with_log({"log", "list", "--since", "2026-11-25"}, log));
    CHECK(none.out.empty());
    CHECK(run_mesomix(with_log({"log", "list", "--since", "25.11.2026"}, log)).exit_code == 2);
    // verify --recompute re-derives every record from its stored inputs
    const auto v = run_mesomix(with_log({"log", "verify", "--recompute"}, log));
    INFO(v.err);
    REQUIRE(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::StartsWith("log: 3 entries, chain intact\n"));
    CHECK_THAT(v.out, Catch::Contains("records: 3 re-derived byte-identical"));
    // export: one JSON line per entry, the record's bytes in base64
    const auto exported = run_mesomix(with_log({"log", "export"}, log));
    CHECK(std::count(exported.out.begin(), exported.out.end(), '\n') == 3);
    CHECK_THAT(exported.out, Catch::Contains("\"record_base64\":\"" +
                                             base64(run_mesomix(with_log({"log", "show", "MM-1"}, log)).out) + "\""));
  }
}

TEST_CASE("a log that cannot be written: exit 4, no record file, the password masked", "[log][record]") {
  test_support::TempDir dir;
  const auto out = dir.path() / "r.txt";
  const auto away = run_mesomix({"record", classic, "--batch", classic_batch, "-o", out.string(), "--log",
                                 "postgresql://clinic:s3cret@127.0.0.1:1/log?connect_timeout=2"});
  CHECK(away.exit_code == 4);
  CHECK(away.out.empty());
  CHECK_FALSE(std::filesystem::exists(out));
  CHECK_THAT(away.err, Catch::Contains("clinic:***@"));
  CHECK_THAT(away.err, !Catch::Contains("s3cret"));
  // a read-only log (not for root, who may write anyway)
  if (::geteuid() != 0) {
    const auto ro = dir.path() / "ro.sqlite";
    REQUIRE(run_mesomix({"record", classic, "--batch", classic_batch, "--log", ro.string()}).exit_code == 0);
    ::chmod(ro.c_str(), 0400);
    auto other = test_support::read_file(classic_batch);
    other.replace(other.find("MM-2026-0042"), 12, "MM-2026-0043");
    const auto b = dir.file("b.toml", other);
    CHECK(run_mesomix({"record", classic, "--batch", b.string(), "-o", out.string(), "--log", ro.string()}).exit_code ==
          4);
    CHECK_FALSE(std::filesystem::exists(out));
  }
  // --verify never touches the log
  const auto file = dir.file("r2.txt", run_mesomix({"record", classic, "--batch", classic_batch, "--no-log"}).out);
  const auto never = dir.path() / "never.sqlite";
  CHECK(run_mesomix({"record", classic, "--batch", classic_batch, "--verify", file.string(), "--log", never.string()})
            .exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(never));
  // MESOMIX_LOG is where the log is when --log is not given
  const auto env_log = dir.path() / "env.sqlite";
  REQUIRE(run_mesomix({"record", classic, "--batch", classic_batch}, {"MESOMIX_LOG=sqlite:" + env_log.string()})
              .exit_code == 0);
  CHECK(std::filesystem::exists(env_log));
}

TEST_CASE("writers through the binary at once keep one chain", "[log][record][concurrency]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    std::string script;
    for (int w = 0; w < 4; ++w) {
      script += "( ";
      for (int i = 0; i < 3; ++i) {
        const auto b = log.dir().file(fmt::format("b{}-{}.toml", w, i), saline_batch(fmt::format("MM-{}-{}", w, i)));
        script += test_support::shell_quote(MESOMIX_BINARY) + " record " + test_support::shell_quote(saline) +
                  " --batch " + test_support::shell_quote(b.string()) + " --log " +
                  test_support::shell_quote(log.uri()) + " >/dev/null || exit 1; ";
      }
      script += ") & ";
    }
    script += "wait";
    CHECK(std::system(script.c_str()) == 0);
    CHECK_THAT(run_mesomix(with_log({"log", "verify"}, log)).out, Catch::StartsWith("log: 12 entries, chain intact"));
  }
}

TEST_CASE("a pdf record re-derives from its stored inputs, and a kit's expiry bounds the BUD", "[log][record][pdf]") {
  for (const auto& engine : test_support::log_engines()) {
    INFO(engine);
    TestLog log(engine);
    const auto batch = log.dir().file("b.toml", saline_batch("MM-PDF"));
    const auto pdf = log.dir().path() / "r.pdf";
    REQUIRE(run_mesomix(with_log({"record", saline, "--batch", batch.string(), "-o", pdf.string()}, log)).exit_code ==
            0);
    CHECK(run_mesomix(with_log({"log", "show", "MM-PDF"}, log)).out == test_support::read_file(pdf));
    const auto v = run_mesomix(with_log({"log", "verify", "--recompute"}, log));
    INFO(v.err);
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::StartsWith("log: 1 entry, chain intact"));
    // the PRP kit expires on the day of preparation: the BUD may not pass the end of that day
    std::string text = saline_batch("MM-KIT");
    const auto kit = text.find("lot = \"KIT-77\"\nexpiry = 2027-01-31");
    REQUIRE(kit != std::string::npos);
    text.replace(kit, 34, "lot = \"KIT-77\"\nexpiry = 2026-11-24");
    const auto stopped =
        run_mesomix(with_log({"record", saline, "--batch", log.dir().file("k.toml", text).string()}, log));
    CHECK(stopped.exit_code == 3);
    CHECK_THAT(stopped.err, Catch::Contains("Platelet-rich plasma kit lot KIT-77, expiring 2026-11-24"));
  }
}
