// The text format's tokens (spec 6.2 "Lexical Format"), lexed straight from the source: every
// token is a view into it, and the lexer's whole state is Lexer::State, so save()/restore() are
// three words. The hot loops are plain scans over a 256-entry character class table.
#include "runtime/text/lexer.h"

#include "runtime/base/utf8.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace zwasm::text {
namespace {

// Character classes (spec 6.2.1 "Characters", 6.3.3 "Strings", 6.3.5 "Identifiers").
enum : uint8_t {
  kIdChar = 1,       // idchar: may appear in an atom or a plain identifier
  kSpace = 2,        // ' ', tab, newline, carriage return (spec 6.2.4 "White Space")
  kStringPlain = 4,  // stands for itself inside a string: printable ASCII except '"' and '\'
};

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] |= kIdChar;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kIdChar;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kIdChar;
  for (unsigned char c : std::string_view("!#$%&'*+-./:<=>?@\\^_`|~")) t[c] |= kIdChar;
  for (unsigned char c : std::string_view(" \t\n\r")) t[c] |= kSpace;
  for (int c = 0x20; c < 0x7F; ++c)
    if (c != '"' && c != '\\') t[c] |= kStringPlain;
  return t;
}
constexpr std::array<uint8_t, 256> kClasses = make_classes();

bool is(char c, uint8_t cls) { return kClasses[static_cast<unsigned char>(c)] & cls; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The length (1-4) of the well-formed UTF-8 sequence at p, or 0 (runtime/base/utf8.h).
size_t utf8_sequence(const char* p, const char* end) {
  return utf8_sequence_length(reinterpret_cast<const uint8_t*>(p), size_t(end - p));
}

void append_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | (c >> 18));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

// One call of Lexer::next(): the position as pointers while lexing, written back to the Lexer
// only when the token is good (an Error leaves the lexer where the failed token began).
// Helpers that can fail record the Error token in failure_ and return false or nullptr.
class Scanner {
 public:
  Scanner(std::string_view source, const Lexer::State& s, std::string& error, bool keep_custom)
      : begin_(source.data()),
        end_(source.data() + source.size()),
        p_(begin_ + s.offset),
        line_start_(begin_ + s.line_start),
        line_(s.line),
        error_(error),
        keep_custom_(keep_custom) {}

  Lexer::State state() const {
    return {uint32_t(p_ - begin_), line_, uint32_t(line_start_ - begin_)};
  }

  Token next() {
    if (!skip_space(false)) return failure_;
    return token();
  }

  // After a "(": to just past its matching ")", without making tokens: only strings, comments
  // and annotations need reading, for the parentheses inside them. Returns false on a lexical
  // error (failure() is its token) or at the end of input (then at the end).
  bool skip_balanced() {
    size_t depth = 1;
    for (;;) {
      if (!skip_space(false)) return false;
      if (p_ == end_) return false;
      char c = *p_;
      if (c == '(') {
        ++depth;
        ++p_;
      } else if (c == ')') {
        ++p_;
        if (--depth == 0) return true;
      } else if (c == '"') {
        bool high_escapes;
        const char* q = string_end(p_, high_escapes);
        if (!q) return false;
        p_ = q;
      } else {  // an atom or identifier, or a character the full lexer will reject
        ++p_;
        while (p_ < end_ && is(*p_, kIdChar)) ++p_;
      }
    }
  }
  const Token& failure() const { return failure_; }

 private:
  SourcePos pos(const char* q) const {
    return {line_, uint32_t(q - line_start_ + 1), uint32_t(q - begin_)};
  }
  static std::string_view view(const char* from, const char* to) {
    return {from, size_t(to - from)};
  }
  void newline(const char* after) {
    ++line_;
    line_start_ = after;
  }
  const Token& fail(SourcePos at, std::string_view text, std::string message) {
    error_ = std::move(message);
    failure_ = {TokenKind::Error, text, at};
    return failure_;
  }
  // A character no token may start with (or one that follows a token without a separator).
  const Token& unexpected(const char* q) {
    size_t n = utf8_sequence(q, end_);  // show a whole character when it is one
    return fail(pos(q), view(q, q + (n ? n : 1)), "unexpected character");
  }
  const char* idchars_end(const char* q) const {
    while (q < end_ && is(*q, kIdChar)) ++q;
    return q;
  }

  // Whitespace and comments; outside an annotation also annotations (spec 6.2.4: "space").
  // Newline is U+0A, U+0D or U+0D U+0A, and each ends a line comment (comments.wast checks \r).
  // skip_space and token are forced inline: GCC keeps one out-of-line copy for their two
  // callers (next, annotation), and the calls cost about 15% of lexing time.
  [[gnu::always_inline]] bool skip_space(bool in_annotation) {
    while (p_ < end_) {
      char c = *p_;
      if (c == ' ' || c == '\t') {
        ++p_;
      } else if (c == '\n') {
        newline(++p_);
      } else if (c == '\r') {
        ++p_;
        if (p_ < end_ && *p_ == '\n') ++p_;
        newline(p_);
      } else if (c == ';' && p_ + 1 < end_ && p_[1] == ';') {
        if (!line_comment()) return false;
      } else if (c == '(' && p_ + 1 < end_ && p_[1] == ';') {
        if (!block_comment()) return false;
      } else if (c == '(' && p_ + 1 < end_ && p_[1] == '@' && !in_annotation) {
        if (keep_custom_ && is_custom_annotation()) return true;  // "(" "@custom" ... ")"
        if (!annotation()) return false;
      } else {
        return true;
      }
    }
    return true;
  }

  // Comments may hold any characters, control characters included, but like all source text
  // they must be well-formed UTF-8 (the reference interpreter rejects malformed comments too).
  bool line_comment() {
    const char* q = p_ + 2;
    while (q < end_ && *q != '\n' && *q != '\r') {
      size_t n = utf8_sequence(q, end_);
      if (n == 0) return fail(pos(q), view(q, q + 1), "malformed UTF-8 encoding"), false;
      q += n;
    }
    p_ = q;
    return true;
  }

  // "(; ... ;)", nesting (spec 6.2.4); a counter rather than recursion, so depth is free.
  bool block_comment() {
    SourcePos at = pos(p_);
    const char* open = p_;
    const char* q = p_ + 2;
    size_t depth = 1;
    while (q < end_) {
      char c = *q;
      if (c == ';' && q + 1 < end_ && q[1] == ')') {
        q += 2;
        if (--depth == 0) {
          p_ = q;
          return true;
        }
      } else if (c == '(' && q + 1 < end_ && q[1] == ';') {
        q += 2;
        ++depth;
      } else if (c == '\n') {
        newline(++q);
      } else if (c == '\r') {
        ++q;
        if (q < end_ && *q == '\n') ++q;
        newline(q);
      } else {
        size_t n = utf8_sequence(q, end_);
        if (n == 0) return fail(pos(q), view(q, q + 1), "malformed UTF-8 encoding"), false;
        q += n;
      }
    }
    return fail(at, view(open, open + 2), "unterminated block comment"), false;
  }

  // "(@id ...)" (annotations proposal): balanced tokens up to the matching ")". Inside it,
  // "(@" is only a parenthesis and "@x" an atom ("(@a (@) (@ x))" is well-formed), so skipping
  // never recurses.
  bool annotation() {
    SourcePos at = pos(p_);
    const char* open = p_;
    if (!annotation_id()) return false;
    const char* id_end = p_;
    size_t depth = 1;
    for (;;) {
      if (!skip_space(true)) return false;
      Token t = annotation_token();
      if (t.kind == TokenKind::LParen) {
        ++depth;
      } else if (t.kind == TokenKind::RParen) {
        if (--depth == 0) return true;
      } else if (t.kind == TokenKind::Eof) {
        return fail(at, view(open, id_end), "unterminated annotation"), false;
      } else if (t.kind == TokenKind::Error) {
        return false;
      }
    }
  }
  // A token inside an annotation, where any token goes, including reserved ones: runs of
  // idchars, strings and , ; [ ] { } glued together (spec 6.2.2), such as x-y$yz"aa"-2.
  Token annotation_token() {
    const char* start = p_;
    if (start == end_ || *start == '(' || *start == ')') return token();
    const char* q = start;
    while (q < end_ && !is(*q, kSpace) && *q != '(' && *q != ')') {
      if (*q == ';' && q + 1 < end_ && q[1] == ';') break;  // a line comment
      if (*q == '"') {
        bool high_escapes;
        q = string_end(q, high_escapes);
        if (!q) return failure_;
      } else if (is(*q, kIdChar) || *q == ',' || *q == ';' || *q == '[' || *q == ']' ||
                 *q == '{' || *q == '}') {
        ++q;
      } else {
        return unexpected(q);
      }
    }
    p_ = q;
    return {TokenKind::Atom, view(start, q), pos(start)};
  }

  // "(@custom" then a separator: the one annotation a module reader may keep (its tokens are
  // then "(", the atom "@custom", ...).
  bool is_custom_annotation() const {
    constexpr std::string_view kCustom = "(@custom";
    if (size_t(end_ - p_) < kCustom.size() || std::string_view(p_, kCustom.size()) != kCustom)
      return false;
    const char* q = p_ + kCustom.size();
    return q == end_ || !is(*q, kIdChar);
  }

  // "(@" and the annotation's id: idchars, or a non-empty string that is a name.
  bool annotation_id() {
    const char* q = p_ + 2;
    if (q < end_ && is(*q, kIdChar)) {
      q = idchars_end(q);
    } else if (q < end_ && *q == '"') {
      q = name_end(q, p_, "empty annotation id");
      if (!q) return false;
    } else {
      return fail(pos(p_), view(p_, p_ + 2), "malformed annotation id"), false;
    }
    if (!separated(q)) return false;
    p_ = q;
    return true;
  }

  // One token at p_ (no space before it), advancing past it.
  [[gnu::always_inline]] Token token() {
    const char* start = p_;
    SourcePos at = pos(start);
    if (start == end_) return {TokenKind::Eof, view(end_, end_), at};
    char c = *start;
    if (c == '(' || c == ')') {
      ++p_;
      return {c == '(' ? TokenKind::LParen : TokenKind::RParen, view(start, p_), at};
    }
    TokenKind kind;
    const char* q;
    if (c == '"') {
      bool high_escapes;
      q = string_end(start, high_escapes);
      kind = TokenKind::String;
    } else if (c == '$') {
      // Spec 6.3.5: '$' idchar+, or (3.0) '$' and a non-empty string that is a name.
      if (start + 1 < end_ && is(start[1], kIdChar)) {
        q = idchars_end(start + 1);
      } else if (start + 1 < end_ && start[1] == '"') {
        q = name_end(start + 1, start, "empty identifier");
      } else {
        return fail(at, view(start, start + 1), "empty identifier");
      }
      kind = TokenKind::Id;
    } else if (is(c, kIdChar)) {
      q = idchars_end(start);
      kind = TokenKind::Atom;
    } else {
      return unexpected(start);
    }
    if (!q || !separated(q)) return failure_;
    p_ = q;
    return {kind, view(start, q), at};
  }

  // Spec 6.2.2: a token is followed by space, a parenthesis, or the end ("0drop" is one atom
  // and "\"a\"x" is no token). Comments start with a parenthesis or ";;".
  bool separated(const char* q) {
    if (q == end_ || is(*q, kSpace) || *q == '(' || *q == ')') return true;
    if (*q == ';' && q + 1 < end_ && q[1] == ';') return true;
    if (*q == '"' || is(*q, kIdChar))
      return fail(pos(q), view(q, q + 1), "tokens must be separated by whitespace"), false;
    return unexpected(q), false;
  }

  // The end of the string whose quote is at q, or nullptr. `high_escapes` tells whether a \hh
  // escape stands for a byte >= 0x80, the only way the string's bytes can be non-UTF-8.
  const char* string_end(const char* q, bool& high_escapes) {
    high_escapes = false;
    const char* s = q + 1;
    for (;;) {
      while (s < end_ && is(*s, kStringPlain)) ++s;
      if (s == end_) return fail(pos(q), view(q, s), "unterminated string"), nullptr;
      unsigned char c = static_cast<unsigned char>(*s);
      if (c == '"') return s + 1;
      if (c == '\\') {
        s = escape_end(q, s, high_escapes);
        if (!s) return nullptr;
      } else if (c >= 0x80) {
        size_t n = utf8_sequence(s, end_);
        if (n == 0) return fail(pos(s), view(s, s + 1), "malformed UTF-8 encoding"), nullptr;
        s += n;
      } else if (c == '\n' || c == '\r') {  // a string is one line
        return fail(pos(q), view(q, s), "unterminated string"), nullptr;
      } else {  // spec 6.3.3: stringchar excludes U+00..U+1F and U+7F
        return fail(pos(s), view(s, s + 1), "control character in a string"), nullptr;
      }
    }
  }
  // The end of the escape at s (a '\' inside the string quoted at q), or nullptr.
  const char* escape_end(const char* q, const char* s, bool& high_escapes) {
    if (s + 1 == end_) return fail(pos(q), view(q, end_), "unterminated string"), nullptr;
    char e = s[1];
    if (e == 't' || e == 'n' || e == 'r' || e == '"' || e == '\'' || e == '\\') return s + 2;
    if (e == 'u') return unicode_escape_end(s);
    if (hex_value(e) >= 0 && s + 2 < end_ && hex_value(s[2]) >= 0) {
      if (hex_value(e) >= 8) high_escapes = true;
      return s + 3;
    }
    size_t n = utf8_sequence(s + 1, end_);
    std::string_view text = view(s, s + 1 + (n ? n : 1));
    return fail(pos(s), text, "unknown escape " + std::string(text)), nullptr;
  }
  // "\u{" hexnum "}" (underscores allowed between digits), a Unicode scalar value.
  const char* unicode_escape_end(const char* s) {
    const char* d = s + 2;
    bool digits_ok = d < end_ && *d == '{' && ++d < end_ && hex_value(*d) >= 0;
    uint32_t value = 0;
    while (digits_ok && d < end_ && *d != '}') {
      if (*d == '_') ++d;  // hexnum: '_' only between digits
      if (d == end_ || hex_value(*d) < 0) {
        digits_ok = false;
        break;
      }
      value = value > 0x10FFFF ? value : value * 16 + uint32_t(hex_value(*d));  // saturate
      ++d;
    }
    if (!digits_ok || d == end_) {
      const char* stop = d < end_ ? d + 1 : end_;
      std::string_view text = view(s, stop);
      return fail(pos(s), text, "unknown escape " + std::string(text)), nullptr;
    }
    ++d;  // the '}'
    if (value >= 0x110000 || (value >= 0xD800 && value < 0xE000)) {
      std::string_view text = view(s, d);
      return fail(pos(s), text, "escape " + std::string(text) + " is not a Unicode scalar value"),
             nullptr;
    }
    return d;
  }
  // A quoted id or annotation id at q (spec 6.3.4 "Names"): a string whose bytes are non-empty,
  // well-formed UTF-8. Raw characters were checked while scanning; \hh escapes may break it.
  const char* name_end(const char* q, const char* token_start, const char* empty_message) {
    bool high_escapes;
    const char* e = string_end(q, high_escapes);
    if (!e) return nullptr;
    if (e - q == 2) return fail(pos(token_start), view(token_start, e), empty_message), nullptr;
    if (high_escapes && !is_valid_utf8(decode_string(view(q, e))))
      return fail(pos(token_start), view(token_start, e), "malformed UTF-8 encoding"), nullptr;
    return e;
  }

  const char* begin_;
  const char* end_;
  const char* p_;
  const char* line_start_;
  uint32_t line_;
  std::string& error_;
  bool keep_custom_;
  Token failure_;
};

}  // namespace

Lexer::Lexer(std::string_view source) : source_(source) {}

Token Lexer::next() {
  if (has_peeked_) {
    has_peeked_ = false;
    state_ = after_peeked_;
    failed_ = peeked_failed_;
    return peeked_;
  }
  return next_uncached();
}

Token Lexer::next_uncached() {
  if (failed_) {
    const char* at = source_.data() + state_.offset;
    return {TokenKind::Eof, {at, 0},
            {state_.line, state_.offset - state_.line_start + 1, state_.offset}};
  }
  if (source_.size() > UINT32_MAX) [[unlikely]] {  // positions are 32-bit
    failed_ = true;
    error_ = "source too large (4 GiB or more)";
    return {TokenKind::Error, source_.substr(0, 0), {}};
  }
  Scanner scanner(source_, state_, error_, keep_custom_);
  Token t = scanner.next();
  if (t.kind == TokenKind::Error) failed_ = true;
  else state_ = scanner.state();
  return t;
}

// Parsers peek before nearly every token they take, so the peeked token is kept: next() then
// costs nothing, and a second peek() at the same place neither.
Token Lexer::peek() {
  if (has_peeked_) return peeked_;
  State saved = state_;
  bool failed = failed_;
  peeked_ = next_uncached();
  after_peeked_ = state_;
  peeked_failed_ = failed_;
  state_ = saved;
  failed_ = failed;
  has_peeked_ = true;
  return peeked_;
}

Token Lexer::skip_form() {
  if (skip_balanced()) {
    uint32_t at = state_.offset - 1;  // the ")" just skipped
    return {TokenKind::RParen, source_.substr(at, 1), {state_.line, at - state_.line_start + 1, at}};
  }
  for (uint32_t depth = 1;;) {  // the slow way, which finds the error
    Token t = next();
    if (t.is(TokenKind::LParen)) ++depth;
    else if (t.is(TokenKind::RParen) && --depth == 0) return t;
    else if (t.is(TokenKind::Eof) || t.is(TokenKind::Error)) return t;
  }
}

// The fast part of skip_form(): false, consuming nothing, when it meets a malformed string or
// comment or the end of input.
bool Lexer::skip_balanced() {
  if (failed_) return false;
  std::string error;  // a failed skip reports nothing: the caller reads the tokens for the error
  Scanner scanner(source_, state_, error, keep_custom_);
  if (!scanner.skip_balanced()) return false;
  has_peeked_ = false;
  state_ = scanner.state();
  return true;
}

Lexer::State Lexer::save() const { return state_; }

// Restoring also forgets an error: a state saved before it lexes up to the error again.
void Lexer::restore(const State& s) {
  has_peeked_ = false;
  state_ = s;
  failed_ = false;
  error_.clear();
}

bool peek_open(Lexer& lexer, std::string_view keyword) {
  if (!lexer.peek().is(TokenKind::LParen)) return false;
  Lexer::State s = lexer.save();
  lexer.next();
  bool match = lexer.next().is_keyword(keyword);
  lexer.restore(s);
  return match;
}

std::string decode_string(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 1, end = text.size() - 1;  // inside the quotes
  while (i < end) {
    size_t run = text.find('\\', i);
    if (run == std::string_view::npos || run > end) run = end;
    out.append(text.data() + i, run - i);
    if (run == end) break;
    char e = text[run + 1];
    i = run + 2;
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      case 'u': {
        uint32_t value = 0;
        for (i = run + 3; text[i] != '}'; ++i)
          if (text[i] != '_') value = value * 16 + uint32_t(hex_value(text[i]));
        ++i;
        append_utf8(out, value);
        break;
      }
      default:  // \hh
        out += char(hex_value(e) * 16 + hex_value(text[run + 2]));
        i = run + 3;
        break;
    }
  }
  return out;
}

std::string id_name(std::string_view text) {
  text.remove_prefix(1);  // the '$'
  if (!text.empty() && text[0] == '"') return decode_string(text);
  return std::string(text);
}

bool is_valid_utf8(std::string_view bytes) {
  return zwasm::is_valid_utf8(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace zwasm::text
