// Parsing and converting a quantity; Boost.Units against raw doubles (zero cost when
// inlined); and what exactness costs: rational arithmetic against double arithmetic.
#include <benchmark/benchmark.h>

#include <vector>

#include "mesomix/format.hpp"
#include "mesomix/quantity.hpp"

using namespace mesomix;

namespace {

void parse_quantity_percent(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_quantity("0.5 % w/v"));
}
BENCHMARK(parse_quantity_percent);

void parse_quantity_per_5_ml(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_quantity("50 mg/5 mL"));
}
BENCHMARK(parse_quantity_per_5_ml);

void parse_and_print_in_mcg(benchmark::State& state) {
  for (auto _ : state) {
    auto q = parse_mass("0.0833 mg");
    benchmark::DoNotOptimize(format_mass(*q));
  }
}
BENCHMARK(parse_and_print_in_mcg);

using StrengthD = boost::units::quantity<pharmacy::mg_per_ml_unit, double>;
using VolumeD = boost::units::quantity<pharmacy::millilitre_unit, double>;
using MassD = boost::units::quantity<pharmacy::milligram_unit, double>;

constexpr std::size_t n = 1024;

// per-session dose of n actives: strength x volume, summed
void dose_raw_double(benchmark::State& state) {
  std::vector<double> s(n, 5.0), v(n, 0.05);
  for (auto _ : state) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += s[i] * v[i];
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(dose_raw_double);

void dose_boost_units_double(benchmark::State& state) {
  std::vector<StrengthD> s(n, StrengthD::from_value(5.0));
  std::vector<VolumeD> v(n, VolumeD::from_value(0.05));
  for (auto _ : state) {
    MassD total = MassD::from_value(0.0);
    for (std::size_t i = 0; i < n; ++i) total += s[i] * v[i];
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(dose_boost_units_double);

void dose_boost_units_exact(benchmark::State& state) {
  std::vector<Strength> s(n, mg_per_ml(5));
  std::vector<Volume> v(n, millilitres(Exact(1, 20)));
  for (auto _ : state) {
    Mass total = milligrams(0);
    for (std::size_t i = 0; i < n; ++i) total += s[i] * v[i];
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(dose_boost_units_exact);

}  // namespace
