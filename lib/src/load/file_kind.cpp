#include "mesomix/file_kind.hpp"

#include "load/toml_reader.hpp"

namespace mesomix {

FileKind detect_file_kind(std::string_view text) {
  Diagnostics ignored;
  detail::TomlReader reader("", ignored);
  const auto root = reader.parse(text);
  if (!root) return FileKind::protocol;
  if (root->contains("active")) return FileKind::catalog;
  if (root->contains("syringe")) return FileKind::devices;
  if (root->contains("rule")) return FileKind::bud_rules;
  if (const toml::table* batch = (*root)["batch"].as_table();
      batch != nullptr && (batch->contains("lot") || batch->contains("prepared")))
    return FileKind::batch;
  return FileKind::protocol;
}

}  // namespace mesomix
