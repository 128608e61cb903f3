// Names compared as a careful reader compares them (names.hpp; protocol-format.md, "Text and names").
#include <catch2/catch.hpp>

#include "mesomix/catalog.hpp"
#include "mesomix/names.hpp"

using namespace mesomix;

namespace {
// Written with escapes so that the test's own text shows what it holds.
const std::string cyrillic_o = "\xD0\xBE";            // U+043E CYRILLIC SMALL LETTER O
const std::string cyrillic_A = "\xD0\x90";            // U+0410 CYRILLIC CAPITAL LETTER A
const std::string no_break_space = "\xC2\xA0";        // U+00A0
const std::string zero_width_space = "\xE2\x80\x8B";  // U+200B
const std::string i_acute = "\xC3\xAD";               // U+00ED
}  // namespace

TEST_CASE("one person written five ways is one name", "[names]") {
  const std::string okafor = "A. Okafor";
  for (const std::string& other :
       {std::string("A.") + no_break_space + "Okafor", std::string("A. O") + zero_width_space + "kafor",
        cyrillic_A + ". Okafor", std::string("a okafor"), std::string("A.  OKAFOR")}) {
    INFO(other);
    CHECK(same_name(okafor, other));
  }
  CHECK(same_name("Mar" + i_acute + "n", "Marin"));
  CHECK(same_name("Marin", "MAR" + std::string("\xC3\x8D") + "N"));  // capital I acute
}

TEST_CASE("different people stay different", "[names]") {
  CHECK_FALSE(same_name("A. Okafor", "B. Okafor"));
  CHECK_FALSE(same_name("J. Lindqvist", "A. Okafor"));
  CHECK_FALSE(same_name("Marin", "Martin"));
}

TEST_CASE("folded_name sets aside case, accents, spacing and punctuation but not the script", "[names]") {
  CHECK(folded_name("Organic  Silicium") == "organicsilicium");
  CHECK(folded_name("organic-silicium") == "organicsilicium");
  CHECK(folded_name("Mar" + i_acute + "n") == "marin");
  CHECK(folded_name("MMST") == "mmst");
  CHECK(folded_name("Stra\xC3\x9F"
                    "e") == "strasse");  // ß case-folds to ss
  CHECK(folded_name("lid" + cyrillic_o + "caine") != folded_name("lidocaine"));
  CHECK(name_key("lid" + cyrillic_o + "caine") == name_key("lidocaine"));
  CHECK(folded_name("\xEF\xBC\xAD\xEF\xBC\xAD\xEF\xBC\xB3\xEF\xBC\xB4") == "mmst");  // fullwidth letters (NFKC)
}

TEST_CASE("the ASCII shortcut of folded_name folds every ASCII character as ICU does", "[names]") {
  std::string every;
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    INFO(c);
    CHECK(folded_name(one) == folded_name_icu(one));
    every += static_cast<char>(c);
  }
  CHECK(folded_name(every) == folded_name_icu(every));
  CHECK(folded_name("Organic Silicium (MMST), 0.5 %") == folded_name_icu("Organic Silicium (MMST), 0.5 %"));
}

TEST_CASE("printable keeps printable text as it is and shows every other character by its code", "[names]") {
  CHECK(printable("plain text\twith a tab\nand a line") == "plain text\twith a tab\nand a line");
  CHECK(printable("40 \xC3\x97 0.05 mL, 2 \xC2\xB0"
                  "C, 5\xE2\x80\xAF%") ==
        "40 \xC3\x97 0.05 mL, 2 \xC2\xB0"
        "C, 5\xE2\x80\xAF%");
  CHECK(printable("a\x1B[31mred") == "a<U+001B>[31mred");
  CHECK(printable("caf\xC3\xA9 \xE2\x80\xAE"
                  "evil") == "caf\xC3\xA9 <U+202E>evil");
  CHECK(printable("nul\x7F") == "nul<U+007F>");
  // a malformed sequence is written as U+FFFD, printable
  CHECK(printable("bad \xC3( end") ==
        "bad \xEF\xBF\xBD"
        "( end");
  CHECK(printable(std::string("zero\0byte", 9)) == "zero<U+0000>byte");
}

TEST_CASE("the character that makes a look-alike is named with its Unicode name", "[names]") {
  CHECK(first_foreign_character("lid" + cyrillic_o + "caine") == "U+043E CYRILLIC SMALL LETTER O");
  CHECK(first_foreign_character(cyrillic_A + ". Okafor") == "U+0410 CYRILLIC CAPITAL LETTER A");
  CHECK(first_foreign_character("1idocaine") == "U+0031 DIGIT ONE");
  CHECK_FALSE(first_foreign_character("lidocaine").has_value());
  CHECK_FALSE(first_foreign_character("vitamin B7").has_value());
  CHECK(describe_code_point(0x202E) == "U+202E RIGHT-TO-LEFT OVERRIDE");
}

TEST_CASE("edit distance counts a swap of neighbours as one edit", "[names]") {
  CHECK(edit_distance(U"finasteride", U"fiansteride") == 1);
  CHECK(edit_distance(U"finasterid", U"finasteride") == 1);
  CHECK(edit_distance(U"biotin", U"niacin") == 3);
  CHECK(edit_distance(U"", U"abc") == 3);
}

TEST_CASE("a near miss is a slip of a letter or two, never a different word or number", "[names]") {
  CHECK(near_miss("finasterid", "finasteride"));
  CHECK(near_miss("fiansteride", "finasteride"));
  CHECK(near_miss("minoxidl", "minoxidil"));
  CHECK(near_miss("biotine", "biotin"));
  CHECK(near_miss("organic silicum", "organic silicium"));
  CHECK_FALSE(near_miss("vitamin C", "vitamin H"));
  CHECK_FALSE(near_miss("vitamin B5", "vitamin B7"));
  CHECK_FALSE(near_miss("dexpanthenol", "finasteride"));
  CHECK_FALSE(near_miss("hyaluronic acid", "biotin"));
  CHECK_FALSE(near_miss("Finasteride", "finasteride"));  // the same name is not a slip of it
}

TEST_CASE("the catalog tells a name, a look-alike, a slip and a stranger apart", "[names][catalog]") {
  const Catalog& c = shipped_catalog();
  CHECK(c.match("Lidocaine").kind == NameMatch::Kind::exact);
  CHECK(c.match("LIDOCA" + i_acute + "NE").kind == NameMatch::Kind::exact);
  CHECK(c.match("vitamin h").kind == NameMatch::Kind::exact);

  const NameMatch lookalike = c.match("lid" + cyrillic_o + "caine");
  CHECK(lookalike.kind == NameMatch::Kind::lookalike);
  REQUIRE(lookalike.active != nullptr);
  CHECK(lookalike.active->id == "lidocaine");
  CHECK(lookalike.foreign == "U+043E CYRILLIC SMALL LETTER O");
  CHECK(c.find("lid" + cyrillic_o + "caine") == nullptr);

  const NameMatch slip = c.match("finasterid");
  CHECK(slip.kind == NameMatch::Kind::near);
  CHECK(slip.name == "finasteride");

  CHECK(c.match("dexpanthenol").kind == NameMatch::Kind::unknown);
  CHECK(c.match("vitamin C").kind == NameMatch::Kind::unknown);
}

TEST_CASE("UTF-8 round-trips through code points, and bad bytes become U+FFFD", "[names]") {
  CHECK(to_utf8(to_u32("Mar" + i_acute + "n")) == "Mar" + i_acute + "n");
  CHECK(to_u32("\xFF") == U"\uFFFD");
}
