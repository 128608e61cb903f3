// Loading a text already parsed: `check` parses each file once to tell its kind, then loads it
// as what it is from that table (docs/performance.md: the second parse was a fifth of check).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "mesomix/batch.hpp"
#include "mesomix/bud.hpp"
#include "mesomix/catalog.hpp"
#include "mesomix/devices.hpp"
#include "mesomix/file_kind.hpp"
#include "mesomix/protocol.hpp"

namespace mesomix::detail {

// The kind of a file and, when it parses, its table (checked as every loader checks a parse).
struct ParsedFile {
  FileKind kind = FileKind::protocol;
  std::optional<toml::table> root;
};
ParsedFile parse_file(std::string_view text, const std::string& file);

// The loaders of the public headers, from `parsed` when given (else they parse `text`).
// A catalog's names are compared for look-alikes (two actives' names that read the same)
// unless it is the shipped one, whose text the tests hold to it.
enum class NameCheck { lookalikes, skip_lookalikes };
Expected<Catalog, Diagnostics> load_catalog(std::string_view text, const std::string& file,
                                            std::optional<toml::table> parsed, NameCheck names = NameCheck::lookalikes);
Expected<Devices, Diagnostics> load_devices(std::string_view text, const std::string& file,
                                            std::optional<toml::table> parsed);
Expected<BudRules, Diagnostics> load_bud_rules(std::string_view text, const std::string& file,
                                               std::optional<toml::table> parsed);
Expected<Batch, Diagnostics> load_batch(std::string_view text, const std::string& file,
                                        std::optional<toml::table> parsed);
Expected<LoadedProtocol, Diagnostics> load_protocol(std::string_view text, const std::string& file,
                                                    const Catalog& catalog, std::optional<toml::table> parsed);

}  // namespace mesomix::detail
