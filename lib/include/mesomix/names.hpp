// Names compared the way a careful reader compares them (protocol-format.md, "Text and
// names"): Unicode NFKC, case folded, accents, spacing and punctuation removed, and letters
// that look alike mapped to one (Unicode TR 39 confusable skeletons). One module for every
// name mesomix compares: actives, [limits.NAME] keys and the people who sign a record.
// ICU does the Unicode work; nothing here is a hand-written table.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mesomix {

// What a name says, letter for letter: NFKC, case folded, accents removed, and every space,
// punctuation mark and invisible character dropped. "Marín", "MARIN" and "M.\u00a0arin" fold
// alike; a Cyrillic "о" stays itself.
std::string folded_name(std::string_view name);

// folded_name through ICU whatever the text: what the ASCII shortcut of folded_name must equal.
std::string folded_name_icu(std::string_view name);

// What a name looks like: the TR 39 skeleton of its folded form, so that a Cyrillic "о" and a
// Latin "o" give the same key. Two names with one key are one name to a reader.
std::string name_key(std::string_view name);

// The words of a name, folded as above but split where it has spaces or punctuation.
std::vector<std::string> folded_words(std::string_view name);

// name_key(a) == name_key(b).
bool same_name(std::string_view a, std::string_view b);

// A character worth naming in an error: "U+043E CYRILLIC SMALL LETTER O".
std::string describe_code_point(char32_t c);

// The first letter of `name` outside the Latin script (or, failing that, the first digit
// that looks like a letter), described: what makes a look-alike name differ from the one it
// looks like. Empty when there is none.
std::optional<std::string> first_foreign_character(std::string_view name);

// Edit distance in code points (insertions, deletions, substitutions and swaps of two
// neighbours: optimal string alignment).
std::size_t edit_distance(std::u32string_view a, std::u32string_view b);

// Whether `written` is a likely slip for `known` (both as written by people): the same words
// but one, and that one within one edit (words of 4 to 7 letters) or two (8 and more); words
// of three letters or fewer and any difference in digits are never a slip ("vitamin C" is not
// "vitamin H", "B5" is not "B7"). Names that differ only in spacing are one name, not a slip.
bool near_miss(std::string_view written, std::string_view known);

// Whether a text has at least one letter: what a reason given for an override must have.
bool has_letter(std::string_view text);

// protocol-format.md, "Text and names": a text field is one line of printable Unicode.
enum class Unprintable { none, control, newline, bidi, invisible };
Unprintable classify(char32_t c);
// The first character of `text` no text field may hold, if any.
std::optional<char32_t> first_unprintable(std::string_view text);

// What may go to a terminal or a file: every character first_unprintable would refuse, a line
// break and a tab aside, is shown as "<U+001B>" instead (so no escape or NUL byte ever reaches
// the terminal, and no bidirectional control reorders what is printed).
std::string printable(std::string_view text);

// UTF-8 to code points; invalid bytes become U+FFFD.
std::u32string to_u32(std::string_view utf8);
std::string to_utf8(std::u32string_view text);

}  // namespace mesomix
