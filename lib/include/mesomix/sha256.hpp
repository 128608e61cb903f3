// SHA-256 (Nettle): what ties a printout to the exact bytes it came from.
#pragma once

#include <string>
#include <string_view>

namespace mesomix {

// Lower-case hex of the SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace mesomix
