// Strict, located reading of TOML tables: every loader (protocol, catalog, batch) reads its
// file through this, so every file gets the same errors: file:line:col, a hint, unknown
// keys with "did you mean", and all of them at once rather than the first.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/language.hpp"
#include "mesomix/quantity.hpp"

namespace mesomix::detail {

enum class Need { required, optional };

SourcePos position_of(const toml::source_region& region);

// The closest of `known` to `word`, when it is close enough to be a likely slip.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& known);

// An id as protocols and the catalog write them: [a-z0-9][a-z0-9-]*.
bool valid_id(std::string_view id);

// A file built into mesomix, loaded once: the build embeds it and a test loads it, so a
// failure cannot happen in a built binary, and is thrown rather than carried.
template <class T>
T shipped_or_throw(Expected<T, Diagnostics> loaded, const char* what) {
  if (!loaded)
    throw std::logic_error(std::string("the shipped ") + what + " does not load: " + to_string(loaded.error().front()));
  return std::move(loaded).value();
}

class TomlReader {
 public:
  TomlReader(std::string file, Diagnostics& out) : file_(std::move(file)), out_(out) {}
  // With the table a caller has already parsed from the same text (check parses each file once
  // to tell its kind): parse() hands it back instead of parsing again.
  TomlReader(std::string file, Diagnostics& out, std::optional<toml::table> parsed)
      : parsed_(std::move(parsed)), file_(std::move(file)), out_(out) {}

  // Parses `text`, refusing first what toml++ 3.3 mishandles (non-ASCII outside strings
  // and comments); a syntax error is one diagnostic and no table.
  std::optional<toml::table> parse(std::string_view text);
  // A data file's root table: parsed, holding only `known` keys, with `schema = 1` ("catalog
  // schema 2 is not known", `kind` being "catalog"); nothing when it does not parse.
  std::optional<toml::table> parse_schema_1(std::string_view text, std::initializer_list<std::string_view> known,
                                            std::string_view where, std::string_view kind);

  void error(const toml::source_region& at, std::string message, std::string hint = {});
  void warning(const toml::source_region& at, std::string message, std::string hint = {});
  void error_at(SourcePos at, std::string message, std::string hint = {});
  void warning_at(SourcePos at, std::string message, std::string hint = {});

  // Unknown keys in `t` are errors, with the nearest known key as a hint.
  void check_keys(const toml::table& t, std::initializer_list<std::string_view> known, std::string_view where);

  const toml::table* table(const toml::table& parent, std::string_view key, Need need, std::string_view where);
  // [[key]]: an array whose every element is a table (none when absent).
  std::vector<const toml::table*> tables(const toml::table& parent, std::string_view key, std::string_view where);

  std::optional<std::string> text(const toml::table& t, std::string_view key, Need need, std::string_view where);
  std::optional<std::vector<std::string>> texts(const toml::table& t, std::string_view key, std::string_view where);
  // A whole number from at_least to at_most: counts beyond any real course are typing slips.
  std::optional<std::int64_t> count(const toml::table& t, std::string_view key, Need need, std::string_view where,
                                    std::int64_t at_least, std::int64_t at_most = 1000);
  // true or false, a TOML boolean.
  std::optional<bool> flag(const toml::table& t, std::string_view key, Need need, std::string_view where);
  std::optional<toml::date> date(const toml::table& t, std::string_view key, Need need, std::string_view where);
  std::optional<toml::date_time> date_time(const toml::table& t, std::string_view key, Need need,
                                           std::string_view where);

  // A quantity string of the wanted dimension; `example` shapes the hint for a bare number.
  template <class Q, class Parse>
  std::optional<Q> quantity(const toml::table& t, std::string_view key, Need need, std::string_view where,
                            Parse parse_text, Zero zero, std::string_view example_unit) {
    const toml::node* node = quantity_node(t, key, need, where, example_unit);
    if (node == nullptr) return std::nullopt;
    auto parsed = parse_text(node->as_string()->get(), zero);
    if (!parsed) {
      report_quantity_error(*node, key, parsed.error());
      return std::nullopt;
    }
    return *parsed;
  }

  const std::string& file() const { return file_; }
  SourcePos where_is(const toml::table& t, std::string_view key) const;

 private:
  const toml::node* quantity_node(const toml::table& t, std::string_view key, Need need, std::string_view where,
                                  std::string_view example_unit);
  void report_quantity_error(const toml::node& node, std::string_view key, const QuantityError& e);
  // The value at `key`, or nullptr; a required one that is absent is reported with "add KEY = EXAMPLE".
  const toml::node* value_at(const toml::table& t, std::string_view key, Need need, std::string_view where,
                             const std::string& example);
  // Every string and key of the document is one line of printable text (protocol-format.md).
  bool check_text(const toml::node& node, std::string_view key);
  void missing(const toml::table& t, std::string_view key, std::string_view where, std::string hint);
  void wrong_type(const toml::node& node, std::string_view key, std::string_view wanted, std::string hint);
  // The value of one TOML type at `key` (a boolean, a date, a date-time), else nothing: a
  // required key that is absent, or a value of another type, reported.
  template <class T>
  const toml::value<T>* typed(const toml::table& t, std::string_view key, Need need, std::string_view where,
                              const std::string& example, std::string_view wanted, std::string hint) {
    const toml::node* n = value_at(t, key, need, where, example);
    if (n == nullptr) return nullptr;
    if (const auto* v = n->as<T>()) return v;
    wrong_type(*n, key, wanted, std::move(hint));
    return nullptr;
  }

  // an input's diagnostics quote figures as the input writes them: with a decimal point,
  // whatever language the command prints in (cli-contract.md)
  LanguageScope english_{Language::en};
  std::optional<toml::table> parsed_;
  std::string file_;
  Diagnostics& out_;
};

}  // namespace mesomix::detail
