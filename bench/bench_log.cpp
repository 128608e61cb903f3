// The compounding log at scale (log.md: recall "well under a second", verify "tens of
// thousands of entries a second"): fills a log with N entries of realistic size, then times
// `log recall` and `log verify` through the same functions the commands call.
//   build/bench/mesomix_bench_log [N] [URI]     (default 100000, an SQLite file in /tmp)
// Figures: docs/performance.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "mesomix/catalog.hpp"
#include "mesomix/log.hpp"
#include "mesomix/sha256.hpp"

using namespace mesomix;
using Clock = std::chrono::steady_clock;

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 100000;
  const std::string tmp = (std::filesystem::temp_directory_path() / "mesomix-bench-log.sqlite").string();
  const std::string uri = argc > 2 ? argv[2] : "sqlite:" + tmp;
  if (argc <= 2) {
    std::filesystem::remove(tmp);
    std::filesystem::remove(tmp + "-wal");
    std::filesystem::remove(tmp + "-shm");
  }
  const std::string source = MESOMIX_SOURCE_DIR;
  const std::string record = file_text(source + "/tests/golden/hair-classic-5.record.txt");
  const std::string protocol = file_text(source + "/formulations/protocols/hair-classic-5.toml");
  const std::string batch = file_text(source + "/formulations/batches/hair-classic-5-example.toml");
  const std::string catalog(shipped_catalog_text());

  // each stock lot is used by 10 preparations, each saline lot by 1,000
  auto facts_of = [&](long i) {
    LogFacts f;
    f.lot = fmt::format("MM-{:06}", i);
    f.prepared = fmt::format("2026-{:02}-{:02}T10:30:00", 1 + (i / 28) % 12, 1 + i % 28);
    f.bud = f.prepared;
    f.patient_id = fmt::format("P-{:05}", i % 20000);
    f.patient_name = "Patient " + f.patient_id;
    f.preparer = "A. Okafor";
    f.verifier = "J. Lindqvist";
    f.protocol_id = "hair-classic-5";
    f.protocol_version = "1.0.0";
    f.mesomix_version = "bench";
    f.record_format = "text";
    f.sessions = {1, 2, 3};
    f.actives = {{"minoxidil", "1.24 mg"}, {"finasteride", "0.1 mg"}, {"biotin", "0.5 mg"}};
    f.lots = {{"stock", fmt::format("STK-{:05}", i % (n / 10 + 1)), "Minoxidil 0.5 %", "2027-03-31", "minoxidil"},
              {"stock", fmt::format("FIN-{:05}", i % (n / 10 + 1)), "Finasteride", "2027-03-31", "finasteride"},
              {"diluent", fmt::format("NACL-{:03}", i % (n / 1000 + 1)), "Saline", "2027-06-30", "saline"}};
    const std::string this_batch = batch + fmt::format("# {}\n", i);  // every batch file its own bytes
    f.inputs = {{"protocol", "p.toml", sha256_hex(protocol), protocol, false},
                {"batch file", "b.toml", sha256_hex(this_batch), this_batch, false},
                {"catalog", "shipped with mesomix bench", sha256_hex(catalog), catalog, true}};
    return f;
  };

  auto start = Clock::now();
  constexpr long chunk = 2000;
  for (long from = 0; from < n; from += chunk) {
    std::vector<std::pair<LogFacts, std::string>> entries;
    for (long i = from; i < std::min(n, from + chunk); ++i) {
      LogFacts f = facts_of(i);
      std::string r = record;
      r.replace(r.find("MM-2026-0042"), 12, f.lot);
      entries.emplace_back(std::move(f), std::move(r));
    }
    if (auto done = log_append_all(uri, entries, false); !done) {
      std::fprintf(stderr, "fill: %s\n", done.error().message.c_str());
      return 1;
    }
  }
  const double fill = seconds_since(start);
  std::printf("fill: %ld entries in %.1f s (%.0f entries/s, %ld per transaction)\n", n, fill,
              static_cast<double>(n) / fill, chunk);

  for (const std::string& lot : {std::string("STK-00042"), std::string("NACL-007"), fmt::format("MM-{:06}", n / 2)}) {
    constexpr int runs = 20;
    std::size_t found = 0;
    start = Clock::now();
    for (int r = 0; r < runs; ++r) {
      auto hits = log_recall(uri, lot);
      if (!hits) return 1;
      found = hits->size();
    }
    std::printf("recall %s: %zu preparations, %.2f ms per recall (mean of %d, connection included)\n", lot.c_str(),
                found, 1000 * seconds_since(start) / runs, runs);
  }

  start = Clock::now();
  auto report = log_verify(uri, nullptr);
  const double verify = seconds_since(start);
  if (!report || !report->intact) {
    std::fprintf(stderr, "verify failed: %s\n", report ? report->problem.c_str() : report.error().message.c_str());
    return 1;
  }
  std::printf("verify: %lld entries in %.2f s (%.0f entries/s)\n", static_cast<long long>(report->entries), verify,
              static_cast<double>(report->entries) / verify);
  return 0;
}
