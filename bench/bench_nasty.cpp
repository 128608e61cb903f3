// The nasty inputs of tests/nasty_inputs.hpp, in process: load, dose, mix and render, as the
// commands do. Figures in docs/performance.md; the contract's bound is 2 s and 256 MB a run.
#include <benchmark/benchmark.h>

#include "../tests/nasty_inputs.hpp"
#include "mesomix/devices.hpp"
#include "mesomix/dose.hpp"
#include "mesomix/mix.hpp"
#include "mesomix/render.hpp"

using namespace mesomix;

namespace {

void dose_and_mix(benchmark::State& state, const std::string& text) {
  const Catalog& catalog = shipped_catalog();
  for (auto _ : state) {
    auto loaded = load_protocol(text, "nasty.toml", catalog);
    if (!loaded) {
      state.SkipWithError("the nasty protocol does not load");
      return;
    }
    auto dose = compute_dose(loaded->protocol, catalog, {});
    if (!dose) {
      state.SkipWithError("the nasty protocol does not compute");
      return;
    }
    benchmark::DoNotOptimize(render_text(dose_sheet(*dose)));
    auto mix = compute_mix(*dose, shipped_devices(), {});
    if (mix) benchmark::DoNotOptimize(render_text(mix_sheet(*mix)));
  }
}

void coprime_components(benchmark::State& state) {
  dose_and_mix(state, nasty::coprime_components(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(coprime_components)->Arg(100)->Arg(500)->Arg(2000)->Arg(11500)->Unit(benchmark::kMillisecond);

void many_components(benchmark::State& state) {
  dose_and_mix(state, nasty::many_components(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(many_components)->Arg(20000)->Unit(benchmark::kMillisecond);

void catalog_with_synonyms(benchmark::State& state) {
  const std::string text =
      nasty::catalog_with_synonyms(std::string(shipped_catalog_text()), static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(load_catalog(text, "catalog.toml"));
}
BENCHMARK(catalog_with_synonyms)->Arg(80000)->Unit(benchmark::kMillisecond);

}  // namespace
