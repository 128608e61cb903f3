# cmake -DINPUT=file -DOUTPUT=file.cpp -P EmbedText.cmake
# Writes the bytes of INPUT as a string_view, so the shipped catalog needs no file at run time.
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){16})" "\\1\n  " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from formulations/catalog.toml by cmake/EmbedText.cmake. Do not edit.
#include <string_view>

namespace mesomix::detail {
namespace {
constexpr char bytes[] = {
  ${bytes}'\\0'};
}  // namespace
extern const std::string_view embedded_catalog_toml;
const std::string_view embedded_catalog_toml{bytes, ${byte_count}};
}  // namespace mesomix::detail
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
