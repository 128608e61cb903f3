// Which of mesomix's TOML files a text is, by the tables it holds, so that `check` can check
// everything in formulations/ as what it is.
#pragma once

#include <string_view>

namespace mesomix {

enum class FileKind { protocol, batch, catalog, devices, bud_rules };

// [[active]] is a catalog, [[syringe]] a devices file, a [batch] with a lot a batch file;
// anything else (including text that does not parse) is read as a protocol.
FileKind detect_file_kind(std::string_view text);

}  // namespace mesomix
