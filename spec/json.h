// A small, strict JSON reader (RFC 8259) for the spec-suite scripts written by wast2json.
// Objects keep their members in document order; strings are decoded to UTF-8 (\uXXXX escapes,
// including surrogate pairs). Errors carry the byte offset of the offending character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace zwasm::json {

struct Member;

class Value {
 public:
  enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

  Value() = default;
  static Value null();  // defined below Member: constructing a Value needs it complete
  static Value boolean(bool b);
  // `text` is the number exactly as written in the document (kept for exact integer reads).
  static Value number(double d, std::string text);
  static Value string(std::string s);
  static Value array(std::vector<Value> items);
  static Value object(std::vector<Member> members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }

  // Accessors return a neutral value (false, 0, "", empty) when the kind does not match, so
  // callers check the kind first where it matters.
  bool as_bool() const { return kind_ == Kind::Bool && bool_; }
  double as_number() const { return kind_ == Kind::Number ? number_ : 0.0; }
  const std::string& number_text() const;  // "" unless a number
  const std::string& as_string() const;    // "" unless a string
  const std::vector<Value>& as_array() const { return items_; }
  const std::vector<Member>& as_object() const { return members_; }

  // A non-negative integer number written without fraction or exponent, if it fits in 64 bits.
  std::optional<uint64_t> as_uint64() const;

  // The first member named `key` of an object; nullptr if absent or not an object.
  const Value* find(std::string_view key) const;
  // The member `key` when it is a string; nullptr otherwise.
  const std::string* find_string(std::string_view key) const;

 private:
  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0.0;
  std::string text_;  // string contents, or a number's source text
  std::vector<Value> items_;
  std::vector<Member> members_;
};

struct Member {
  std::string key;
  Value value;
};

inline Value Value::null() { return Value(); }

const char* kind_name(Value::Kind kind);

// Parses one JSON document (surrounding whitespace allowed, nothing else after it).
// Nesting deeper than `max_depth` is rejected rather than recursing without bound.
Result<Value> parse(std::string_view text, size_t max_depth = 256);

// Reads and parses a file; the error message names the file.
Result<Value> parse_file(const std::string& path);

}  // namespace zwasm::json
