// Many files at once (cli-contract.md): each on a thread of its own, reported in the order given.
#include <algorithm>
#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "mesomix/commands.hpp"

namespace mesomix {

unsigned worker_count(unsigned asked, std::size_t files) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned wanted = asked == 0 ? cores : asked;
  return static_cast<unsigned>(std::min<std::size_t>(wanted, std::max<std::size_t>(files, 1)));
}

bool each_file(const std::vector<std::string>& files, unsigned jobs, const std::function<bool()>& prepare,
               const std::function<CommandOutput(const std::string&)>& one,
               const std::function<void(CommandOutput&&)>& in_order) {
  std::vector<std::optional<CommandOutput>> waiting(files.size());
  std::size_t handed = 0;  // the results before this one have gone to in_order
  bool handing = false;    // a worker is handing results on
  std::mutex lock;         // guards the three above
  std::atomic<std::size_t> next{0};
  // Each worker takes the next file not yet taken. A result waits in its slot until those
  // before it have gone out, so the order is that of `files` whatever the number of workers;
  // handing each on at once keeps a thousand outputs from being held (and their memory from
  // being touched fresh) until the last file is done. One worker at a time hands results on,
  // outside the lock: while it writes them, the others go on leaving theirs.
  auto work = [&] {
    std::vector<CommandOutput> ready;
    for (std::size_t i = next++; i < files.size(); i = next++) {
      CommandOutput result = one(files[i]);
      std::unique_lock<std::mutex> held(lock);
      waiting[i] = std::move(result);
      if (handing) continue;
      handing = true;
      while (handed < files.size() && waiting[handed]) {
        for (; handed < files.size() && waiting[handed]; ++handed) {
          ready.push_back(std::move(*waiting[handed]));
          waiting[handed].reset();
        }
        held.unlock();
        for (auto& out : ready) in_order(std::move(out));
        ready.clear();
        held.lock();
      }
      handing = false;
    }
  };
  // The workers start before `prepare` and wait for it: a thread just made shares its maker's
  // core for milliseconds before the kernel moves it, while one woken from a wait goes to the
  // idle core at once (measured: the second core joined 1 to 4 ms late on 40 ms of work).
  std::promise<bool> prepared;
  const std::shared_future<bool> go = prepared.get_future().share();
  const unsigned n = worker_count(jobs, files.size());
  std::vector<std::thread> workers;
  for (unsigned w = 1; w < n; ++w)
    workers.emplace_back([&] {
      if (go.get()) work();
    });
  bool ok = false;
  try {
    ok = prepare();
  } catch (...) {
    prepared.set_value(false);
    for (auto& t : workers) t.join();
    throw;
  }
  prepared.set_value(ok);
  if (ok) work();
  for (auto& t : workers) t.join();
  return ok;
}

}  // namespace mesomix
