// The nesting guard run before toml++ parses a file (cli-contract.md, second edition).
#pragma once

#include <optional>
#include <string_view>

#include "mesomix/diagnostic.hpp"

namespace mesomix::detail {

// TOML nested deeper than this (dotted keys, table headers, arrays, inline tables) is refused.
inline constexpr int max_toml_depth = 64;

// Where `text` first nests deeper than `limit` levels, if it does: the dot, bracket or brace
// that crosses the limit.
std::optional<SourcePos> too_deep(std::string_view text, int limit = max_toml_depth);

}  // namespace mesomix::detail
