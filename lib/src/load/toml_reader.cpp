#include "load/toml_reader.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <unicode/utf8.h>

#include "load/nesting.hpp"
#include "mesomix/names.hpp"

namespace mesomix::detail {
namespace {

const char* type_name(const toml::node& n) {
  // in the order of toml::node_type: none, table, array, string, integer, floating_point,
  // boolean, date, time, date_time
  static constexpr const char* names[] = {
      "nothing",   "a table", "an array", "a string",   "an integer", "a number with a fraction",
      "a boolean", "a date",  "a time",   "a date-time"};
  static_assert(static_cast<std::size_t>(toml::node_type::date_time) + 1 == std::size(names));
  const auto i = static_cast<std::size_t>(n.type());
  return i < std::size(names) ? names[i] : "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Where the first non-ASCII byte outside a string or a comment stands, if any.
// toml++ 3.3 mishandles some such input (upstream issues 190 and 295) and no valid
// protocol needs it: a unit like µL belongs inside a quoted string.
std::optional<SourcePos> non_ascii_outside_strings(std::string_view text) {
  // most protocols are pure ASCII: one quick pass settles them
  if (std::none_of(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80U) != 0; }))
    return std::nullopt;
  enum class State { code, comment, basic, literal, multi_basic, multi_literal } state = State::code;
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    switch (state) {
      case State::code:
        if (byte >= 0x80U) return SourcePos{line, column};
        if (c == '#')
          state = State::comment;
        else if (starts("\"\"\"")) {
          state = State::multi_basic;
          i += 2;
          column += 2;
        } else if (starts("'''")) {
          state = State::multi_literal;
          i += 2;
          column += 2;
        } else if (c == '"')
          state = State::basic;
        else if (c == '\'')
          state = State::literal;
        break;
      case State::comment:
        if (c == '\n') state = State::code;
        break;
      case State::basic:
        if (c == '\\') {
          ++i;
          ++column;
        } else if (c == '"' || c == '\n')
          state = State::code;
        break;
      case State::literal:
        if (c == '\'' || c == '\n') state = State::code;
        break;
      case State::multi_basic:
        if (c == '\\') {
          ++i;
          ++column;
        } else if (starts("\"\"\"")) {
          state = State::code;
          i += 2;
          column += 2;
        }
        break;
      case State::multi_literal:
        if (starts("'''")) {
          state = State::code;
          i += 2;
          column += 2;
        }
        break;
    }
    if (i < text.size() && text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0U) != 0x80U) {
      ++column;
    }
  }
  return std::nullopt;
}

std::string unprintable_message(Unprintable kind, char32_t c) {
  const std::string what = describe_code_point(c);
  switch (kind) {
    case Unprintable::control:
      return fmt::format("a control character ({}) in the text", what);
    case Unprintable::newline:
      return fmt::format("a line break ({}) in a text field: a text field is one line", what);
    case Unprintable::bidi:
      return fmt::format("a bidirectional control ({}), which reorders how the text is displayed", what);
    case Unprintable::invisible:
      return fmt::format("an invisible character ({}) in the text", what);
    case Unprintable::none:
      break;
  }
  return what;
}

std::string unprintable_hint(Unprintable kind) {
  if (kind == Unprintable::newline) return "write one line; a list of text ([\"...\", \"...\"]) holds several";
  return "delete it: text is printable characters only (a tab aside)";
}

// The first character in the file's bytes that no text may hold, where it stands. Line ends
// (LF, CRLF) are the file's own; a byte-order mark may open the file.
std::optional<std::pair<SourcePos, char32_t>> raw_unprintable(std::string_view text) {
  int line = 1;
  int column = 1;
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  auto at = static_cast<int32_t>(i);
  while (at < size) {
    UChar32 c = bytes[at];
    if (c >= 0x20 && c < 0x7F) {  // printable ASCII, nearly every byte: nothing to look up
      ++at;
      ++column;
      continue;
    }
    if (c < 0x80) {
      ++at;  // ASCII, nearly every byte: no decoding
    } else {
      // the lead byte says how many bytes the character takes; a malformed one (c < 0) is
      // U+FFFD, printable, and toml++ reports it once this check has passed
      const int32_t end = std::min(size, at + (c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4));
      U8_NEXT(bytes, at, end, c);
      at = end;
    }
    if (c == '\n') {
      ++line;
      column = 1;
      continue;
    }
    if (c == '\r' && at < size && bytes[at] == '\n') continue;
    if (c >= 0 && classify(static_cast<char32_t>(c)) != Unprintable::none)
      return std::pair{SourcePos{line, column}, static_cast<char32_t>(c)};
    ++column;
  }
  return std::nullopt;
}

std::string quoted_list(std::initializer_list<std::string_view> known) {
  std::string out;
  for (auto k : known) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

}  // namespace

bool valid_id(std::string_view id) {
  auto lower_or_digit = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
  };
  return !id.empty() && lower_or_digit(id[0]) &&
         std::all_of(id.begin(), id.end(), [&](char c) { return lower_or_digit(c) || c == '-'; });
}

SourcePos position_of(const toml::source_region& region) {
  return {static_cast<int>(std::max<toml::source_index>(region.begin.line, 1)),
          static_cast<int>(std::max<toml::source_index>(region.begin.column, 1))};
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(word, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::optional<toml::table> TomlReader::parse(std::string_view text) {
  if (parsed_) {  // parsed by this same function already, every check made
    std::optional<toml::table> root = std::move(parsed_);
    parsed_.reset();
    return root;
  }
  // A UTF-8 byte-order mark (as some Windows editors save) is not part of the text: skip it.
  // It takes no column, so positions on the first line stay right.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto at = too_deep(text)) {
    error_at(*at, fmt::format("nested deeper than {} levels (dotted keys, tables, arrays)", max_toml_depth),
             "a protocol needs a few levels: look for a runaway key or bracket");
    return std::nullopt;
  }
  if (auto bad = raw_unprintable(text)) {
    const Unprintable kind = classify(bad->second);
    error_at(bad->first, unprintable_message(kind, bad->second), unprintable_hint(kind));
    return std::nullopt;
  }
  if (auto at = non_ascii_outside_strings(text)) {
    error_at(*at, "a character outside ASCII stands outside a string or comment",
             "put units such as µL inside a quoted string (\"50 µL\"), or write uL");
    return std::nullopt;
  }
  try {
    toml::table root = toml::parse(text, std::string_view{file_});
    // escapes ("\\u202E", "\\n") and multi-line strings bring in what the bytes did not show
    if (!check_text(root, {})) return std::nullopt;
    return root;
  } catch (const toml::parse_error& e) {
    error(e.source(), std::string(e.description()), "see the TOML syntax at toml.io");
    return std::nullopt;
  }
}

const toml::node* TomlReader::value_at(const toml::table& t, std::string_view key, Need need, std::string_view where,
                                       const std::string& example) {
  const toml::node* n = t.get(key);
  if (n == nullptr && need == Need::required) missing(t, key, where, fmt::format("add {} = {}", key, example));
  return n;
}

std::optional<toml::table> TomlReader::parse_schema_1(std::string_view text,
                                                      std::initializer_list<std::string_view> known,
                                                      std::string_view where, std::string_view kind) {
  auto root = parse(text);
  if (!root) return root;
  check_keys(*root, known, where);
  if (auto schema = count(*root, "schema", Need::required, where, 1); schema && *schema != 1)
    error(root->get("schema")->source(), fmt::format("{} schema {} is not known", kind, *schema), "write schema = 1");
  return root;
}

bool TomlReader::check_text(const toml::node& node, std::string_view key) {
  bool ok = true;
  auto report = [&](const toml::source_region& at, std::string_view what, char32_t c) {
    const Unprintable kind = classify(c);
    error(at, fmt::format("{}: {}", what, unprintable_message(kind, c)), unprintable_hint(kind));
    ok = false;
  };
  if (const auto* s = node.as_string()) {
    if (auto c = first_unprintable(s->get())) report(node.source(), fmt::format("\"{}\"", key), *c);
  } else if (const toml::table* t = node.as_table()) {
    for (auto&& [k, child] : *t) {
      if (auto c = first_unprintable(k.str()))
        report(k.source(), "a key", *c);
      else
        ok = check_text(child, k.str()) && ok;
    }
  } else if (const toml::array* a = node.as_array()) {
    for (const toml::node& item : *a) ok = check_text(item, key) && ok;
  }
  return ok;
}

void TomlReader::error(const toml::source_region& at, std::string message, std::string hint) {
  error_at(position_of(at), std::move(message), std::move(hint));
}

void TomlReader::error_at(SourcePos at, std::string message, std::string hint) {
  out_.push_back({file_, at, Severity::error, std::move(message), std::move(hint)});
}

void TomlReader::warning(const toml::source_region& at, std::string message, std::string hint) {
  warning_at(position_of(at), std::move(message), std::move(hint));
}

void TomlReader::warning_at(SourcePos at, std::string message, std::string hint) {
  out_.push_back({file_, at, Severity::warning, std::move(message), std::move(hint)});
}

SourcePos TomlReader::where_is(const toml::table& t, std::string_view key) const {
  if (const toml::node* n = t.get(key)) return position_of(n->source());
  return position_of(t.source());
}

void TomlReader::check_keys(const toml::table& t, std::initializer_list<std::string_view> known,
                            std::string_view where) {
  const std::vector<std::string> names(known.begin(), known.end());
  for (auto&& [key, value] : t) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    auto hint = did_you_mean(key.str(), names);
    error(key.source(), fmt::format("unknown key \"{}\" in {}", key.str(), where),
          hint ? fmt::format("did you mean \"{}\"?", *hint)
               : (names.empty() ? std::string("remove it") : fmt::format("known keys: {}", quoted_list(known))));
  }
}

void TomlReader::missing(const toml::table& t, std::string_view key, std::string_view where, std::string hint) {
  error(t.source(), fmt::format("{} needs \"{}\"", where, key), std::move(hint));
}

void TomlReader::wrong_type(const toml::node& node, std::string_view key, std::string_view wanted, std::string hint) {
  error(node.source(), fmt::format("\"{}\" must be {}, not {}", key, wanted, type_name(node)), std::move(hint));
}

const toml::table* TomlReader::table(const toml::table& parent, std::string_view key, Need need,
                                     std::string_view where) {
  const toml::node* n = parent.get(key);
  if (n == nullptr) {
    if (need == Need::required) missing(parent, fmt::format("[{}]", key), where, fmt::format("add a [{}] table", key));
    return nullptr;
  }
  if (!n->is_table()) {
    wrong_type(*n, key, "a table", fmt::format("write it as [{}] with its keys below", key));
    return nullptr;
  }
  return n->as_table();
}

std::vector<const toml::table*> TomlReader::tables(const toml::table& parent, std::string_view key,
                                                   std::string_view where) {
  std::vector<const toml::table*> out;
  const toml::node* n = parent.get(key);
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    wrong_type(*n, key, "an array of tables", fmt::format("write each as [[{}]] in {}", key, where));
    return out;
  }
  for (const toml::node& item : *a) {
    if (const toml::table* t = item.as_table())
      out.push_back(t);
    else
      wrong_type(item, key, "a table", fmt::format("write each as [[{}]]", key));
  }
  return out;
}

std::optional<std::string> TomlReader::text(const toml::table& t, std::string_view key, Need need,
                                            std::string_view where) {
  const toml::node* n = value_at(t, key, need, where, "\"...\"");
  if (n == nullptr) return std::nullopt;
  if (!n->is_string()) {
    wrong_type(*n, key, "a string", "put the text in double quotes");
    return std::nullopt;
  }
  const std::string& s = n->as_string()->get();
  if (need == Need::required && s.find_first_not_of(" \t") == std::string::npos) {
    error(n->source(), fmt::format("\"{}\" is empty", key), "write the text, or remove the key if it is optional");
    return std::nullopt;
  }
  return s;
}

std::optional<std::vector<std::string>> TomlReader::texts(const toml::table& t, std::string_view key,
                                                          std::string_view where) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::vector<std::string>{};
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    wrong_type(*n, key, "an array of strings", fmt::format("write {} = [\"...\", \"...\"] in {}", key, where));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const toml::node& item : *a) {
    if (const auto* s = item.as_string())
      out.push_back(s->get());
    else {
      wrong_type(item, key, "a list of strings", "put each entry in double quotes");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::int64_t> TomlReader::count(const toml::table& t, std::string_view key, Need need,
                                              std::string_view where, std::int64_t at_least, std::int64_t at_most) {
  const toml::node* n = value_at(t, key, need, where, fmt::format("{}", std::max<std::int64_t>(at_least, 1)));
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) {
    if (i->get() < at_least) {
      error(n->source(), fmt::format("\"{}\" must be at least {}, not {}", key, at_least, i->get()),
            "a count of sessions or points is a positive whole number");
      return std::nullopt;
    }
    if (i->get() > at_most) {
      error(n->source(), fmt::format("\"{}\" is {}, more than the {} mesomix accepts", key, i->get(), at_most),
            "check the number: no course or session is that large");
      return std::nullopt;
    }
    return i->get();
  }
  wrong_type(*n, key, "a whole number (a TOML integer)",
             n->is_string() ? "write the number without quotes, e.g. 60" : "write a whole number, e.g. 60");
  return std::nullopt;
}

std::optional<bool> TomlReader::flag(const toml::table& t, std::string_view key, Need need, std::string_view where) {
  if (const auto* v = typed<bool>(t, key, need, where, "true", "true or false", "write true or false, without quotes"))
    return v->get();
  return std::nullopt;
}

std::optional<toml::date> TomlReader::date(const toml::table& t, std::string_view key, Need need,
                                           std::string_view where) {
  if (const auto* v = typed<toml::date>(t, key, need, where, "2027-01-31", "a TOML date",
                                        "write it unquoted as YYYY-MM-DD, e.g. 2027-01-31"))
    return v->get();
  return std::nullopt;
}

std::optional<toml::date_time> TomlReader::date_time(const toml::table& t, std::string_view key, Need need,
                                                     std::string_view where) {
  const auto* v = typed<toml::date_time>(t, key, need, where, "2026-11-24T10:30:00", "a TOML local date-time",
                                         "write it unquoted as YYYY-MM-DDTHH:MM:SS, e.g. 2026-11-24T10:30:00");
  if (v == nullptr) return std::nullopt;
  if (v->get().offset) {
    error(v->source(), fmt::format("\"{}\" must be a local date-time, without a time zone offset", key),
          "write it as YYYY-MM-DDTHH:MM:SS");
    return std::nullopt;
  }
  return v->get();
}

const toml::node* TomlReader::quantity_node(const toml::table& t, std::string_view key, Need need,
                                            std::string_view where, std::string_view example_unit) {
  const toml::node* n = value_at(t, key, need, where, fmt::format("\"... {}\"", example_unit));
  if (n == nullptr) return nullptr;
  if (n->is_string()) return n;
  if (n->is_number()) {
    const std::string number =
        n->is_integer() ? fmt::format("{}", n->as_integer()->get()) : fmt::format("{}", n->as_floating_point()->get());
    error(n->source(), fmt::format("\"{}\": a quantity needs a unit", key),
          fmt::format("write \"{} {}\"", number, example_unit));
    return nullptr;
  }
  wrong_type(*n, key, "a quantity string", fmt::format("write e.g. \"1 {}\"", example_unit));
  return nullptr;
}

void TomlReader::report_quantity_error(const toml::node& node, std::string_view key, const QuantityError& e) {
  SourcePos at = position_of(node.source());
  // the quantity's text starts one column after its opening quote
  at.column += static_cast<int>(e.column);
  error_at(at, fmt::format("\"{}\": {}", key, e.message), e.hint);
}

}  // namespace mesomix::detail
