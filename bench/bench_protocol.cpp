// Load + compute of one protocol (target: 20,000 a second per core) and `check` over many.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "mesomix/catalog.hpp"
#include "mesomix/dose.hpp"
#include "mesomix/render.hpp"
#include "prepared_catalog.hpp"

using namespace mesomix;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> shipped() {
  std::vector<std::string> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(MESOMIX_SOURCE_DIR) / "formulations/protocols"))
    out.push_back(read(e.path()));
  return out;
}

void load_and_compute_classic(benchmark::State& state) {
  const std::string text =
      read(std::filesystem::path(MESOMIX_SOURCE_DIR) / "formulations/protocols/hair-classic-5.toml");
  const Catalog& catalog = shipped_catalog();
  for (auto _ : state) {
    auto loaded = load_protocol(text, "hair-classic-5.toml", catalog);
    auto result = compute_dose(loaded->protocol, catalog, {});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(load_and_compute_classic);

void load_compute_render_classic(benchmark::State& state) {
  const std::string text =
      read(std::filesystem::path(MESOMIX_SOURCE_DIR) / "formulations/protocols/hair-classic-5.toml");
  const Catalog& catalog = shipped_catalog();
  for (auto _ : state) {
    auto loaded = load_protocol(text, "hair-classic-5.toml", catalog);
    auto result = compute_dose(loaded->protocol, catalog, {});
    benchmark::DoNotOptimize(render_text(dose_sheet(*result)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(load_compute_render_classic);

// what `mesomix check` does for each file, over every shipped protocol
void check_shipped_protocols(benchmark::State& state) {
  const auto texts = shipped();
  const Catalog& catalog = shipped_catalog();
  for (auto _ : state) {
    for (const auto& t : texts) {
      auto loaded = load_protocol(t, "p.toml", catalog);
      if (loaded) benchmark::DoNotOptimize(compute_dose(loaded->protocol, catalog, {}));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(texts.size()));
}
BENCHMARK(check_shipped_protocols);

void load_shipped_catalog(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_catalog(shipped_catalog_text(), "catalog.toml"));
}
BENCHMARK(load_shipped_catalog);

// Beside it, what the mesomix binary does instead at start: the actives made by the code the
// build wrote from the catalog (app/prepare_catalog.cpp), then the index.
void make_prepared_catalog(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(catalog_of(prepared_shipped_actives()));
}
BENCHMARK(make_prepared_catalog);

}  // namespace
