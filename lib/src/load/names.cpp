#include "mesomix/names.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

namespace mesomix {
namespace {

// ICU's data is opened on first use, so commands that compare no name never load it.
const icu::Normalizer2& open_normalizer(const icu::Normalizer2* (*get_instance)(UErrorCode&), const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = get_instance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU ") + name + ": " + u_errorName(status));
  return *n;
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2& instance =
      open_normalizer(&icu::Normalizer2::getNFKCCasefoldInstance, "NFKC_Casefold");
  return instance;
}

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2& instance = open_normalizer(&icu::Normalizer2::getNFDInstance, "NFD");
  return instance;
}

struct SpoofCloser {
  void operator()(USpoofChecker* s) const { uspoof_close(s); }
};

USpoofChecker* spoof_checker() {
  static const std::unique_ptr<USpoofChecker, SpoofCloser> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, SpoofCloser> s(uspoof_open(&status));
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU uspoof_open: ") + u_errorName(status));
    return s;
  }();
  return instance.get();
}

bool dropped(UChar32 c) {
  return u_isUWhiteSpace(c) || u_ispunct(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
         u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_ENCLOSING_MARK || u_iscntrl(c);
}

bool separates_words(UChar32 c) { return u_isUWhiteSpace(c) || u_ispunct(c) || u_iscntrl(c); }

// NFKC with case folding, then decomposed so that accents stand apart and can be dropped.
icu::UnicodeString decomposed_fold(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString folded = nfkc_casefold().normalize(in, status);
  icu::UnicodeString out = nfd().normalize(folded, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalisation: ") + u_errorName(status));
  return out;
}

std::string utf8_of(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string skeleton(const std::string& folded) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(folded.size() * 4 + 16, '\0');
  int32_t n = uspoof_getSkeletonUTF8(spoof_checker(), 0, folded.data(), static_cast<int32_t>(folded.size()), out.data(),
                                     static_cast<int32_t>(out.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    out.assign(static_cast<std::size_t>(n) + 1, '\0');
    n = uspoof_getSkeletonUTF8(spoof_checker(), 0, folded.data(), static_cast<int32_t>(folded.size()), out.data(),
                               static_cast<int32_t>(out.size()), &status);
  }
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU skeleton: ") + u_errorName(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool is_latin_or_common(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return U_FAILURE(status) || script == USCRIPT_LATIN || script == USCRIPT_COMMON || script == USCRIPT_INHERITED;
}

std::size_t digit_count_differs(const std::u32string& a, const std::u32string& b) {
  std::u32string da;
  std::u32string db;
  for (char32_t c : a)
    if (u_isdigit(static_cast<UChar32>(c))) da += c;
  for (char32_t c : b)
    if (u_isdigit(static_cast<UChar32>(c))) db += c;
  return da != db ? 1U : 0U;
}

// How many edits a word of this many letters may be off by and still be a slip.
std::size_t slip_allowance(std::size_t letters) {
  if (letters <= 3) return 0;
  if (letters <= 7) return 1;
  return 2;
}

bool word_slip(const std::u32string& written, const std::u32string& known) {
  if (digit_count_differs(written, known) != 0) return false;
  const std::size_t d = edit_distance(written, known);
  return d > 0 && d <= slip_allowance(std::min(written.size(), known.size()));
}

}  // namespace

std::u32string to_u32(std::string_view utf8) {
  std::u32string out;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    out += c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
  }
  return out;
}

std::string to_utf8(std::u32string_view text) {
  std::string out;
  auto byte = [&](char32_t b) { out += static_cast<char>(static_cast<unsigned char>(b)); };
  for (char32_t c : text) {
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x80) {
      byte(c);
    } else if (c < 0x800) {
      byte(0xC0 | (c >> 6));
      byte(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      byte(0xE0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3F));
      byte(0x80 | (c & 0x3F));
    } else {
      byte(0xF0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 0x3F));
      byte(0x80 | ((c >> 6) & 0x3F));
      byte(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string folded_name(std::string_view name) {
  // ASCII, nearly every name: NFKC case folding only lowers A-Z there, and NFD leaves it be, so
  // the same characters are dropped without building ICU strings (the catalog is searched by
  // name many times a protocol; a test compares this path with ICU's on every ASCII character).
  // What `dropped` says of ASCII is written out rather than asked of ICU, whose property
  // tables a cold start would page in for it: controls, white space and Unicode's punctuation
  // (general category P); the symbols $ + < = > ^ ` | ~ are kept. The test asks ICU of each.
  if (std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    static constexpr std::array<bool, 0x80> ascii_dropped = [] {
      std::array<bool, 0x80> t{};
      for (std::size_t c = 0; c <= 0x20; ++c) t[c] = true;
      t[0x7f] = true;
      for (const char c : std::string_view("!\"#%&'()*,-./:;?@[\\]_{}")) t[static_cast<unsigned char>(c)] = true;
      return t;
    }();
    std::string out;
    out.reserve(name.size());
    for (const char c : name) {
      const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      if (!ascii_dropped[static_cast<unsigned char>(lower)]) out += lower;
    }
    return out;
  }
  return folded_name_icu(name);
}

std::string folded_name_icu(std::string_view name) {
  const icu::UnicodeString d = decomposed_fold(name);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    const UChar32 c = d.char32At(i);
    if (!dropped(c)) kept.append(c);
    i += U16_LENGTH(c);
  }
  return utf8_of(kept);
}

std::vector<std::string> folded_words(std::string_view name) {
  const icu::UnicodeString d = decomposed_fold(name);
  std::vector<std::string> words;
  icu::UnicodeString word;
  auto flush = [&] {
    if (!word.isEmpty()) words.push_back(utf8_of(word));
    word.remove();
  };
  for (int32_t i = 0; i < d.length();) {
    const UChar32 c = d.char32At(i);
    if (separates_words(c))
      flush();
    else if (!dropped(c))
      word.append(c);
    i += U16_LENGTH(c);
  }
  flush();
  return words;
}

std::string name_key(std::string_view name) {
  // the skeleton decomposes again and may bring back marks: fold its output once more
  return folded_name(skeleton(folded_name(name)));
}

bool same_name(std::string_view a, std::string_view b) { return name_key(a) == name_key(b); }

std::string describe_code_point(char32_t c) {
  // a control character has no name but its alias: "ESCAPE", "NULL", "LINE FEED"
  for (UCharNameChoice choice : {U_UNICODE_CHAR_NAME, U_CHAR_NAME_ALIAS}) {
    UErrorCode status = U_ZERO_ERROR;
    char buffer[256];
    const int32_t n = u_charName(static_cast<UChar32>(c), choice, buffer, sizeof buffer, &status);
    if (U_SUCCESS(status) && n > 0)
      return fmt::format("U+{:04X} {}", static_cast<std::uint32_t>(c),
                         std::string(buffer, static_cast<std::size_t>(n)));
  }
  return fmt::format("U+{:04X}", static_cast<std::uint32_t>(c));
}

std::optional<std::string> first_foreign_character(std::string_view name) {
  const std::u32string cps = to_u32(name);
  for (char32_t c : cps)
    if (u_isalpha(static_cast<UChar32>(c)) && !is_latin_or_common(static_cast<UChar32>(c)))
      return describe_code_point(c);
  for (char32_t c : cps) {
    if (!u_isdigit(static_cast<UChar32>(c))) continue;
    const std::string one = to_utf8(std::u32string(1, c));
    if (name_key(one) != folded_name(one)) return describe_code_point(c);
  }
  return std::nullopt;
}

std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
  // optimal string alignment: Levenshtein plus the swap of two neighbours ("fiansteride")
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0U : 1U;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

bool near_miss(std::string_view written, std::string_view known) {
  const std::string fw = folded_name(written);
  const std::string fk = folded_name(known);
  if (fw == fk || fw.empty() || fk.empty()) return false;
  const std::vector<std::string> ww = folded_words(written);
  const std::vector<std::string> wk = folded_words(known);
  if (ww.size() == wk.size()) {
    std::size_t differing = 0;
    bool slip = true;
    for (std::size_t i = 0; i < ww.size(); ++i) {
      if (ww[i] == wk[i]) continue;
      ++differing;
      slip = slip && word_slip(to_u32(ww[i]), to_u32(wk[i]));
    }
    return differing == 1 && slip;
  }
  // spaced differently ("lido caine" vs "lidocain"): the whole name as one word
  return word_slip(to_u32(fw), to_u32(fk));
}

bool has_letter(std::string_view text) {
  const std::u32string cps = to_u32(text);
  return std::any_of(cps.begin(), cps.end(), [](char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; });
}

Unprintable classify(char32_t c) {
  if (c == U'\t') return Unprintable::none;
  if (c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029) return Unprintable::newline;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return Unprintable::control;
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
    return Unprintable::bidi;
  if ((c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x00AD || c == 0x180E ||
      c == 0x034F)
    return Unprintable::invisible;
  return Unprintable::none;
}

std::optional<char32_t> first_unprintable(std::string_view text) {
  // most text is plain ASCII: settled without decoding
  if (std::all_of(text.begin(), text.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x80 && (b >= 0x20 || c == '\t') && b != 0x7F;
      }))
    return std::nullopt;
  for (char32_t c : to_u32(text))
    if (classify(c) != Unprintable::none) return c;
  return std::nullopt;
}

std::string printable(std::string_view text) {
  // most output is printable already (plain ASCII, or a few "×", "µ" or narrow spaces): one
  // pass that decodes only what is not ASCII settles it, and the text is returned as it is
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  bool plain = text.size() <= static_cast<std::size_t>(INT32_MAX);
  for (int32_t i = 0; plain && i < size;) {
    UChar32 c = bytes[i];
    if (c < 0x80) {
      ++i;
      plain = (c >= 0x20 || c == '\n' || c == '\t') && c != 0x7F;
    } else {
      U8_NEXT(bytes, i, size, c);
      // a malformed sequence (c < 0) takes the long way, which writes it as U+FFFD
      plain = c >= 0 && classify(static_cast<char32_t>(c)) == Unprintable::none;
    }
  }
  if (plain) return std::string(text);
  std::string out;
  std::u32string run;
  for (char32_t c : to_u32(text)) {
    if (c == U'\n' || classify(c) == Unprintable::none) {
      run += c;
      continue;
    }
    out += to_utf8(run);
    run.clear();
    out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(c));
  }
  return out + to_utf8(run);
}

}  // namespace mesomix
