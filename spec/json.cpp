// A strict recursive-descent JSON reader (RFC 8259). See json.h.
#include "spec/json.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zwasm::json {

// ---- Value -------------------------------------------------------------------------------------

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  return v;
}

Value Value::number(double d, std::string text) {
  Value v;
  v.kind_ = Kind::Number;
  v.number_ = d;
  v.text_ = std::move(text);
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.text_ = std::move(s);
  return v;
}

Value Value::array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::Array;
  v.items_ = std::move(items);
  return v;
}

Value Value::object(std::vector<Member> members) {
  Value v;
  v.kind_ = Kind::Object;
  v.members_ = std::move(members);
  return v;
}

namespace {
const std::string kEmpty;
}  // namespace

const std::string& Value::number_text() const { return kind_ == Kind::Number ? text_ : kEmpty; }

const std::string& Value::as_string() const { return kind_ == Kind::String ? text_ : kEmpty; }

std::optional<uint64_t> Value::as_uint64() const {
  if (kind_ != Kind::Number || text_.empty()) return std::nullopt;
  uint64_t out = 0;
  auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), out);
  if (ec != std::errc() || end != text_.data() + text_.size()) return std::nullopt;
  return out;
}

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::Object) return nullptr;
  for (const Member& m : members_) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

const std::string* Value::find_string(std::string_view key) const {
  const Value* v = find(key);
  return v && v->is_string() ? &v->as_string() : nullptr;
}

const char* kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "boolean";
    case Value::Kind::Number: return "number";
    case Value::Kind::String: return "string";
    case Value::Kind::Array: return "array";
    case Value::Kind::Object: return "object";
  }
  return "?";
}

// ---- Parser ------------------------------------------------------------------------------------

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  Parser(std::string_view text, size_t max_depth) : text_(text), max_depth_(max_depth) {}

  Result<Value> parse_document() {
    skip_whitespace();
    auto v = parse_value(0);
    if (!v) return v;
    skip_whitespace();
    if (pos_ != text_.size()) return error("unexpected text after the JSON value");
    return v;
  }

 private:
  Error error(std::string message) const { return error_at(std::move(message), pos_); }
  Error error_at(std::string message, size_t at) const {
    return make_error("json: " + std::move(message), at);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_whitespace() {
    while (!at_end()) {
      char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  Result<Value> parse_value(size_t depth) {
    if (at_end()) return error("unexpected end");
    switch (peek()) {
      case '{': return parse_object(depth);
      case '[': return parse_array(depth);
      case '"': {
        auto s = parse_string();
        if (!s) return s.error();
        return Value::string(std::move(*s));
      }
      case 't': return parse_literal("true", Value::boolean(true));
      case 'f': return parse_literal("false", Value::boolean(false));
      case 'n': return parse_literal("null", Value::null());
      default:
        if (peek() == '-' || is_digit(peek())) return parse_number();
        return error(std::string("unexpected character '") + peek() + "'");
    }
  }

  Result<Value> parse_literal(std::string_view word, Value v) {
    if (text_.substr(pos_, word.size()) != word) return error("invalid literal");
    pos_ += word.size();
    return v;
  }

  Result<Value> parse_object(size_t depth) {
    if (depth >= max_depth_) return error("nesting too deep");
    ++pos_;  // '{'
    std::vector<Member> members;
    skip_whitespace();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return Value::object(std::move(members));
    }
    for (;;) {
      skip_whitespace();
      if (at_end()) return error("unexpected end");
      if (peek() != '"') return error("expected a string key");
      auto key = parse_string();
      if (!key) return key.error();
      skip_whitespace();
      if (at_end()) return error("unexpected end");
      if (peek() != ':') return error("expected ':'");
      ++pos_;
      skip_whitespace();
      auto value = parse_value(depth + 1);
      if (!value) return value;
      members.push_back(Member{std::move(*key), std::move(*value)});
      skip_whitespace();
      if (at_end()) return error("unexpected end");
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return Value::object(std::move(members));
      }
      return error("expected ',' or '}'");
    }
  }

  Result<Value> parse_array(size_t depth) {
    if (depth >= max_depth_) return error("nesting too deep");
    ++pos_;  // '['
    std::vector<Value> items;
    skip_whitespace();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return Value::array(std::move(items));
    }
    for (;;) {
      skip_whitespace();
      auto value = parse_value(depth + 1);
      if (!value) return value;
      items.push_back(std::move(*value));
      skip_whitespace();
      if (at_end()) return error("unexpected end");
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return Value::array(std::move(items));
      }
      return error("expected ',' or ']'");
    }
  }

  // Reads the four hex digits of a \u escape starting at pos_.
  Result<uint32_t> parse_hex4() {
    if (text_.size() - pos_ < 4) return error("unexpected end in \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int d = hex_digit_value(text_[pos_ + i]);
      if (d < 0) return error_at("invalid hex digit in \\u escape", pos_ + i);
      v = v * 16 + uint32_t(d);
    }
    pos_ += 4;
    return v;
  }

  Result<std::string> parse_string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (at_end()) return error("unterminated string");
      char c = peek();
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) return error("control character in string");
      if (c != '\\') {
        out += c;  // raw bytes, UTF-8 included, are taken as they are
        ++pos_;
        continue;
      }
      size_t escape_start = pos_;
      ++pos_;
      if (at_end()) return error("unexpected end in escape");
      char e = peek();
      ++pos_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto unit = parse_hex4();
          if (!unit) return unit.error();
          uint32_t cp = *unit;
          if (cp >= 0xDC00 && cp <= 0xDFFF)
            return error_at("lone low surrogate in \\u escape", escape_start);
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            // A high surrogate must be followed by a \u low surrogate (RFC 8259 section 7).
            if (text_.substr(pos_, 2) != "\\u")
              return error_at("high surrogate without a low surrogate", escape_start);
            pos_ += 2;
            auto low = parse_hex4();
            if (!low) return low.error();
            if (*low < 0xDC00 || *low > 0xDFFF)
              return error_at("high surrogate without a low surrogate", escape_start);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return error_at(std::string("invalid escape '\\") + e + "'", escape_start);
      }
    }
  }

  // number = [ minus ] int [ frac ] [ exp ]   (RFC 8259 section 6)
  Result<Value> parse_number() {
    size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (at_end() || !is_digit(peek())) return error("expected a digit");
    if (peek() == '0') {
      ++pos_;
      if (!at_end() && is_digit(peek())) return error("leading zero in number");
    } else {
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    if (!at_end() && peek() == '.') {
      ++pos_;
      if (at_end() || !is_digit(peek())) return error("expected a digit after '.'");
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (at_end() || !is_digit(peek())) return error("expected a digit in the exponent");
      while (!at_end() && is_digit(peek())) ++pos_;
    }
    std::string text(text_.substr(start, pos_ - start));
    // strtod handles overflow (to +-inf) and underflow (to 0) the way JSON readers usually do;
    // the C locale is in effect since this program never calls setlocale.
    double d = std::strtod(text.c_str(), nullptr);
    return Value::number(d, std::move(text));
  }

  std::string_view text_;
  size_t max_depth_;
  size_t pos_ = 0;
};

}  // namespace

Result<Value> parse(std::string_view text, size_t max_depth) {
  return Parser(text, max_depth).parse_document();
}

Result<Value> parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return make_error("cannot read " + path);
  auto v = parse(buffer.str());
  if (!v) return make_error(path + ": " + v.error().message, v.error().offset);
  return v;
}

}  // namespace zwasm::json
