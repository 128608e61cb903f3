#include "io/json_scan.hpp"

#include <cstdint>
#include <cstring>

namespace mesomix::detail {
namespace {

// Whether any of the 8 bytes in `w` needs care (the classic "has a byte below n" and "has a
// zero byte" tests, exact as a yes or no): text is nearly all plain, and 8 bytes at a time
// scan it several times faster than one.
bool needs_care(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
  const bool control = ((w - ones * 0x20) & ~w & highs) != 0;  // a byte below 0x20
  return control || (w & highs) != 0 || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\'));
}

}  // namespace

std::size_t json_plain_until(std::string_view s, std::size_t from) {
  std::size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    if (needs_care(w)) break;
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
  }
  return i;
}

}  // namespace mesomix::detail
