#include "mesomix/file_kind.hpp"

#include "load/parsed.hpp"
#include "load/toml_reader.hpp"

namespace mesomix {
namespace {

FileKind kind_of(const toml::table& root) {
  if (root.contains("active")) return FileKind::catalog;
  if (root.contains("syringe")) return FileKind::devices;
  if (root.contains("rule")) return FileKind::bud_rules;
  if (const toml::table* batch = root["batch"].as_table();
      batch != nullptr && (batch->contains("lot") || batch->contains("prepared")))
    return FileKind::batch;
  return FileKind::protocol;
}

}  // namespace

detail::ParsedFile detail::parse_file(std::string_view text, const std::string& file) {
  Diagnostics ignored;  // a text that does not parse is loaded as a protocol, which reports why
  TomlReader reader(file, ignored);
  ParsedFile out;
  out.root = reader.parse(text);
  if (out.root) out.kind = kind_of(*out.root);
  return out;
}

FileKind detect_file_kind(std::string_view text) { return detail::parse_file(text, "").kind; }

}  // namespace mesomix
