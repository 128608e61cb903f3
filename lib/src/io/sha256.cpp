#include "mesomix/sha256.hpp"

#include <nettle/sha2.h>

#include <array>

namespace mesomix {

// Nettle, not OpenSSL: the same digest without OpenSSL 3's first-use initialisation, which
// cost a third of a cold `mesomix dose` (docs/performance.md).
std::string sha256_hex(std::string_view bytes) {
  sha256_ctx ctx{};
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_digest(&ctx, digest.size(), digest.data());
  static constexpr char hex_digits[] = "0123456789abcdef";
  std::string hex(2 * digest.size(), '0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    hex[2 * i] = hex_digits[digest[i] >> 4U];
    hex[2 * i + 1] = hex_digits[digest[i] & 0x0FU];
  }
  return hex;
}

}  // namespace mesomix
