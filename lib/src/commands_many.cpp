// Many files at once (cli-contract.md): each on a thread of its own, reported in the order given.
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "mesomix/commands.hpp"

namespace mesomix {

unsigned worker_count(unsigned asked, std::size_t files) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned wanted = asked == 0 ? cores : asked;
  return static_cast<unsigned>(std::min<std::size_t>(wanted, std::max<std::size_t>(files, 1)));
}

std::vector<CommandOutput> each_file(const std::vector<std::string>& files, unsigned jobs,
                                     const std::function<CommandOutput(const std::string&)>& one) {
  std::vector<CommandOutput> out(files.size());
  std::atomic<std::size_t> next{0};
  // each worker takes the next file not yet taken and writes only its own slot: the results
  // come back in the order given, the same bytes whatever the number of workers
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) out[i] = one(files[i]);
  };
  const unsigned n = worker_count(jobs, files.size());
  std::vector<std::thread> workers;
  for (unsigned w = 1; w < n; ++w) workers.emplace_back(work);
  work();
  for (auto& t : workers) t.join();
  return out;
}

}  // namespace mesomix
