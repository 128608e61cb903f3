// Inputs under the 1 MiB cap built to be slow: components whose volumes have coprime
// denominators (exact sums grow), many components, a catalog with a huge synonym list.
// Shared by the hang guard (tests/test_nasty_inputs.cpp) and the benchmarks (bench/).
#pragma once

#include <string>
#include <vector>

namespace nasty {

inline std::vector<int> primes(std::size_t n) {
  std::vector<int> out;
  for (int k = 2; out.size() < n; ++k) {
    bool prime = true;
    for (int p : out) {
      if (p * p > k) break;
      if (k % p == 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push_back(k);
  }
  return out;
}

inline std::string protocol_tail() {
  return "[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 60\ndead_volume_per_session = \"0.1 mL\"\n"
         "[course]\nsessions = 10\n";
}

// n components of one active in target mode, each stock a different prime strength (p mg in
// 1,000 mL, so that every stock stays a solution, under 1,000 mg/mL, up to the cap): each volume
// F x V_b / S_i = 1/p mL has a denominator coprime with every other one, and their exact sum grows.
inline std::string coprime_components(std::size_t n) {
  std::string s = "schema = 1\n[protocol]\nid = \"nasty\"\ntitle = \"Coprime volumes\"\nversion = \"1\"\n";
  s += "[batch]\nvolume = \"10 mL\"\n[diluent]\nname = \"Sodium chloride 0.9 %\"\n";
  for (int p : primes(n))
    s += "[[component]]\nactive = \"minoxidil\"\nstock = \"" + std::to_string(p) +
         " mg/1000 mL\"\nfinal = \"0.0001 mg/mL\"\n";
  return s + protocol_tail();
}

// n components in parts mode, as compact as TOML allows (20,000 fit under the cap).
inline std::string many_components(std::size_t n) {
  std::string s = "schema = 1\ncomponent = [\n";
  for (std::size_t i = 0; i < n; ++i) s += "{active=\"biotin\",stock=\"5 mg/mL\",volume=\"1 mL\"},\n";
  s += "]\n[protocol]\nid = \"nasty\"\ntitle = \"Many components\"\nversion = \"1\"\n";
  return s + protocol_tail();
}

// The shipped catalog with n more synonyms for minoxidil.
inline std::string catalog_with_synonyms(const std::string& shipped, std::size_t n) {
  const std::string anchor = "synonyms = [\"minoxidil base\"";
  const std::size_t at = shipped.find(anchor);
  if (at == std::string::npos) return shipped;
  std::string more;
  for (std::size_t i = 0; i < n; ++i) more += ",\"mx" + std::to_string(i) + "\"";
  std::string out = shipped;
  out.insert(at + anchor.size(), more);
  return out;
}

}  // namespace nasty
