// Marking a text for translation, inside the core: tr("Batch volume") where it is printed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "mesomix/language.hpp"

namespace mesomix {

// The text in the output language: the English itself in English, else its translation. A
// text without one prints in English (never in a release: the translation test fails first).
std::string tr(std::string_view english);

// The singular or plural of a text for n in the output language: trn("session", "sessions", n).
std::string trn(std::string_view one, std::string_view many, std::int64_t n);

// A translated name that begins a cell or a line: "chlorhydrate de lidocaïne" (as French
// writes it inside a sentence) becomes "Chlorhydrate de lidocaïne".
std::string capitalized(std::string text);

// tr() of a format string, then formatted: translators may reorder with {0}, {1}, ...
template <class... Args>
std::string trf(std::string_view english, Args&&... args) {
  return fmt::format(fmt::runtime(tr(english)), std::forward<Args>(args)...);
}

}  // namespace mesomix

// Marks a text for extraction where it is translated later, through tr() (a table of names).
#define N_(text) text
