// A JSON text written straight to a string, on one line, byte for byte as nlohmann::json's
// dump() would write the same values (its number formatting, its escapes). Batch `dose` writes
// a thousand of these: building a tree of nodes for each and then walking it cost a third of
// the run (docs/performance.md). Everything else reads a line back into a tree when it needs one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace mesomix::detail {

class JsonLine {
 public:
  JsonLine() { out_.reserve(8192); }  // a dose line is about 5 kB
  void begin_object() { open('{'); }
  void end_object() { out_ += '}'; }
  void begin_array() { open('['); }
  void end_array() { out_ += ']'; }
  // A key of the object being written; its value follows.
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(double x);
  void value(bool b);
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  void value(I n) {
    separate();
    out_ += std::to_string(n);
  }
  void null();
  template <class T>
  void value(const std::optional<T>& v) {
    if (v)
      value(*v);
    else
      null();
  }

  // key(k) then value(v)
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  std::string& text() { return out_; }

 private:
  void separate();  // a comma unless this opens an object or array, or follows a key
  void open(char c) {
    separate();
    out_ += c;
  }
  std::string out_;
};

}  // namespace mesomix::detail
