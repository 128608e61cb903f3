// The language sheets, labels and records are printed in (cli-contract.md, "languages"):
// English, French or Spanish, chosen by --lang or the configuration and never by the
// environment's locale, so that a record's bytes do not depend on the machine that prints it.
//
// Every English text a sheet prints goes through tr() (lib/src/i18n/tr.hpp); the French and
// Spanish texts are in po/fr.po and po/es.po, compiled into mesomix. A test extracts every
// message with xgettext and fails when one lacks its translation (docs/languages.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mesomix {

enum class Language { en, fr, es };

std::optional<Language> parse_language(std::string_view code);  // "en", "fr", "es"
const char* to_string(Language language);                       // "en", ...

// The language of what this thread prints: English unless a LanguageScope says otherwise.
Language output_language();

// Sets the output language for the life of the scope (the command that prints); loaders set
// English for theirs, so that an input's diagnostics always quote figures with a decimal point.
class LanguageScope {
 public:
  explicit LanguageScope(Language language);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  Language previous_;
};

// Whether `english` has a translation into `language` (English always has).
bool has_translation(Language language, std::string_view english);

}  // namespace mesomix
