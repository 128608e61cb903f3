#include "i18n/tr.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

namespace mesomix {
namespace detail {
extern const std::string_view embedded_po_fr;
extern const std::string_view embedded_po_es;
}  // namespace detail

namespace {

thread_local Language current = Language::en;

// msgid -> its translations: one, or a plural's forms in msgstr[0], msgstr[1], ...
using Messages = std::unordered_map<std::string_view, std::vector<std::string>>;

// One quoted PO string ("...", with \" \\ \n \t), appended to `out`.
void read_quoted(std::string_view line, std::string& out) {
  const auto open = line.find('"');
  const auto close = line.rfind('"');
  if (open == std::string_view::npos || close == open) return;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (line[i] != '\\' || i + 1 == close) {
      out += line[i];
      continue;
    }
    const char c = line[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
}

// The messages of a PO file, compiled in from po/*.po (gettext's format, so that translators
// use their own tools; xgettext and msgcmp check it in the tests). As msgfmt does, fuzzy
// entries and untranslated ones are left out. Keys view the English held in `storage`.
struct Catalog {
  std::vector<std::unique_ptr<std::string>> storage;
  Messages messages;
};

Catalog parse_po(std::string_view text) {
  Catalog c;
  std::string id;
  std::string plural_id;
  std::vector<std::string> forms;
  std::string* into = nullptr;
  bool fuzzy = false;
  auto flush = [&] {
    const bool complete = !forms.empty() && std::none_of(forms.begin(), forms.end(), [](auto& f) { return f.empty(); });
    if (!id.empty() && complete && !fuzzy) {
      c.storage.push_back(std::make_unique<std::string>(std::move(id)));
      c.messages[*c.storage.back()] = std::move(forms);
    }
    id.clear();
    plural_id.clear();
    forms.clear();
    into = nullptr;
    fuzzy = false;
  };
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const bool after_translation = !forms.empty();
    if (line.rfind("#,", 0) == 0) {
      if (after_translation) flush();
      if (line.find("fuzzy") != std::string_view::npos) fuzzy = true;
    } else if (line.rfind("msgid_plural ", 0) == 0) {
      into = &plural_id;
      read_quoted(line, plural_id);
    } else if (line.rfind("msgid ", 0) == 0) {
      if (after_translation) flush();  // a "#, fuzzy" line has flushed already, keeping its mark
      into = &id;
      read_quoted(line, id);
    } else if (line.rfind("msgstr", 0) == 0) {
      forms.emplace_back();
      into = &forms.back();
      read_quoted(line, *into);
    } else if (line.rfind("\"", 0) == 0 && into != nullptr) {
      read_quoted(line, *into);
    }
  }
  flush();
  return c;
}

const Messages* messages_of(Language language) {
  // parsed on first use of another language: an English run never pays for it (the function
  // returns before the static below is reached)
  if (language == Language::en) return nullptr;
  static const std::array<Catalog, 2> catalogs{parse_po(detail::embedded_po_fr), parse_po(detail::embedded_po_es)};
  switch (language) {
    case Language::fr:
      return &catalogs[0].messages;
    case Language::es:
      return &catalogs[1].messages;
    case Language::en:
      break;
  }
  return nullptr;
}

}  // namespace

std::optional<Language> parse_language(std::string_view code) {
  if (code == "en") return Language::en;
  if (code == "fr") return Language::fr;
  if (code == "es") return Language::es;
  return std::nullopt;
}

const char* to_string(Language language) {
  switch (language) {
    case Language::fr:
      return "fr";
    case Language::es:
      return "es";
    case Language::en:
      break;
  }
  return "en";
}

Language output_language() { return current; }

LanguageScope::LanguageScope(Language language) : previous_(current) { current = language; }
LanguageScope::~LanguageScope() { current = previous_; }

std::string tr(std::string_view english) {
  const Messages* m = messages_of(current);
  if (m == nullptr) return std::string(english);
  const auto it = m->find(english);
  return it == m->end() ? std::string(english) : it->second.front();
}

std::string trn(std::string_view one, std::string_view many, std::int64_t n) {
  const Messages* m = messages_of(current);
  // the plural rules of gettext's Plural-Forms: French counts 0 as one, Spanish as many
  const bool singular = current == Language::fr ? (n == 0 || n == 1) : n == 1;
  const std::size_t form = singular ? 0 : 1;
  if (m == nullptr) return std::string(singular ? one : many);
  const auto it = m->find(one);
  if (it == m->end() || it->second.size() <= form) return std::string(singular ? one : many);
  return it->second[form];
}

std::string capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

bool has_translation(Language language, std::string_view english) {
  const Messages* m = messages_of(language);
  return m == nullptr || m->count(english) > 0;
}

}  // namespace mesomix
