// Where a JSON string writer must stop copying plainly: kept out of render/, which holds no
// arithmetic (a test greps it), since the scan works eight bytes at a time with integer tricks.
#pragma once

#include <cstddef>
#include <string_view>

namespace mesomix::detail {

// The first position from `from` holding a quote, a backslash, a control character or a byte
// beyond ASCII; s.size() when there is none.
std::size_t json_plain_until(std::string_view s, std::size_t from);

}  // namespace mesomix::detail
