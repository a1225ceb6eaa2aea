// The tokens of the WebAssembly text format (spec 6.2 "Lexical Format"), read one at a time.
//
// The lexer streams: it keeps no token list, so a 500 MB text module costs no more memory than
// its source. A parser that needs to read part of the source twice (the module reader's first
// pass collects identifiers) saves and restores the lexer's position, which is a few words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zwasm::text {

enum class TokenKind : uint8_t {
  LParen,  // "("
  RParen,  // ")"
  Id,      // "$name" or "$\"name\"" (text keeps the '$' and any quotes; see id_name())
  String,  // "\"...\"" (text keeps the quotes and escapes; see decode_string())
  Atom,    // any other run of idchars: keywords (a-z first), numbers, "offset=4", reserved words
  Eof,     // end of input
  Error,   // a malformed token (text holds the offending characters; see Lexer::error())
};

// Where a token starts: 1-based line and column (columns count bytes), and the byte offset.
struct SourcePos {
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t offset = 0;
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  std::string_view text;  // a view into the lexer's source
  SourcePos pos;

  bool is(TokenKind k) const { return kind == k; }
  // A keyword: an Atom starting with a lowercase letter (spec 6.2.3).
  bool is_keyword() const { return kind == TokenKind::Atom && !text.empty() && text[0] >= 'a' && text[0] <= 'z'; }
  bool is_keyword(std::string_view k) const { return kind == TokenKind::Atom && text == k; }
};

// Reads tokens from `source` (which must outlive the lexer and every token it returns).
//
// Skipped between tokens: whitespace (space, tab, newline, carriage return), line comments
// ";; ..." and block comments "(; ... ;)", which nest (spec 6.2.4), and annotations
// "(@name ...)" (the annotations proposal: an annotation's contents are balanced tokens,
// anywhere whitespace may be; the contents are not interpreted). An unterminated block comment,
// string or annotation, a control character outside a string, or a malformed string (bad
// escape, raw newline) yields one Error token; after it the lexer returns Eof.
class Lexer {
 public:
  explicit Lexer(std::string_view source);

  // The next token, consuming it.
  Token next();
  // The next token without consuming it.
  Token peek();

  // After a "(" was read: skips to just past the matching ")" and returns that ")" token, or
  // the Error or Eof token that comes first. Only what can hide a parenthesis is read (strings,
  // comments, annotations), several times faster than next() (the module reader's first pass
  // skips function bodies so); a malformed stretch is read token by token, for its error.
  Token skip_form();

  // Saving and restoring the position: restore(save()) makes the lexer return the same tokens
  // again. Only the position is saved (the source is shared).
  struct State {
    uint32_t offset = 0;
    uint32_t line = 1;
    uint32_t line_start = 0;
  };
  State save() const;
  void restore(const State& s);

  // When on, the annotation "(@custom ...)" is not skipped but read as tokens: "(", the atom
  // "@custom", its contents, ")" (the module reader writes it as a custom section).
  void keep_custom_annotations(bool on) {
    keep_custom_ = on;
    has_peeked_ = false;
  }

  // After an Error token: what was wrong, e.g. "unterminated string", "unknown escape \\q",
  // "unterminated block comment", "malformed UTF-8 in a string".
  const std::string& error() const { return error_; }

  std::string_view source() const { return source_; }

 private:
  Token next_uncached();
  bool skip_balanced();

  std::string_view source_;
  State state_;
  std::string error_;
  bool failed_ = false;
  bool keep_custom_ = false;
  // The token peek() read, and the lexer's state after it.
  bool has_peeked_ = false;
  bool peeked_failed_ = false;
  Token peeked_;
  State after_peeked_;
};

// Whether the next tokens are "(" and `keyword`; consumes nothing.
bool peek_open(Lexer& lexer, std::string_view keyword);

// The bytes a String token denotes (spec 6.3.3): escapes \t \n \r \" \' \\ \hh (two hex
// digits) and \u{hex} (a Unicode scalar value, written as UTF-8). `text` includes the quotes.
// The lexer has already checked the escapes, so this cannot fail on a String token's text.
std::string decode_string(std::string_view text);

// The name an Id token stands for, without the '$': "$foo" -> "foo", "$\"a b\"" -> "a b".
std::string id_name(std::string_view text);

// True when `bytes` is valid UTF-8 (names must be, spec 6.3.4: "malformed UTF-8 encoding").
bool is_valid_utf8(std::string_view bytes);

}  // namespace zwasm::text
