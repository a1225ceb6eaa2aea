// A minimal streaming JSON writer (RFC 8259) for `zwasm inspect --json`: objects and arrays
// with two-space indentation, commas placed automatically, strings escaped. Invalid UTF-8 in a
// string becomes U+FFFD so the output always parses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace zwasm::cli {

class JsonWriter {
 public:
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  // An array written on one line, for short lists of scalars: ["i32", "i64"].
  void begin_inline_array() {
    open('[');
    levels_.back().inline_ = true;
  }
  void end_array() { close(']'); }

  // Inside an object, each value is preceded by its key.
  void key(std::string_view k) {
    separate();
    write_string(k);
    out_ += ": ";
    after_key_ = true;
  }

  void value(std::string_view s) { scalar_prefix(); write_string(s); }
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  template <class T>
    requires std::is_integral_v<T>
  void value(T n) {
    scalar_prefix();
    if constexpr (std::is_same_v<T, bool>) out_ += n ? "true" : "false";
    else out_ += std::to_string(n);
  }
  template <class T>
  void value(const std::optional<T>& v) {
    if (v) value(*v);
    else null();
  }
  void null() { scalar_prefix(); out_ += "null"; }

  // A keyed member of an object.
  template <class T>
  void member(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  const std::string& str() const { return out_; }

 private:
  struct Level {
    bool empty = true;
    bool inline_ = false;  // elements on one line
  };

  void open(char c) {
    scalar_prefix();
    out_ += c;
    levels_.push_back({});
  }
  void close(char c) {
    Level level = levels_.back();
    levels_.pop_back();
    if (!level.empty && !level.inline_) newline();
    out_ += c;
    if (levels_.empty()) out_ += '\n';
  }
  // Before a value: a key already placed it, else it is an array element (or the root).
  void scalar_prefix() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!levels_.empty()) separate();
  }
  void separate() {
    Level& level = levels_.back();
    if (!level.empty) out_ += level.inline_ ? ", " : ",";
    level.empty = false;
    if (!level.inline_) newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(levels_.size() * 2, ' ');
  }

  void write_string(std::string_view s) {
    out_ += '"';
    size_t i = 0;
    while (i < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        switch (c) {
          case '"': out_ += "\\\""; break;
          case '\\': out_ += "\\\\"; break;
          case '\n': out_ += "\\n"; break;
          case '\r': out_ += "\\r"; break;
          case '\t': out_ += "\\t"; break;
          default:
            if (c < 0x20 || c == 0x7F) {
              static const char* hex = "0123456789abcdef";
              out_ += "\\u00";
              out_ += hex[c >> 4];
              out_ += hex[c & 15];
            } else {
              out_ += char(c);
            }
        }
        ++i;
        continue;
      }
      size_t len = utf8_sequence_length(s, i);
      if (len == 0) {
        out_ += "\\ufffd";
        ++i;
      } else {
        out_.append(s.substr(i, len));
        i += len;
      }
    }
    out_ += '"';
  }

  // Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629), or 0.
  static size_t utf8_sequence_length(std::string_view s, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    return len;
  }

  std::string out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace zwasm::cli
