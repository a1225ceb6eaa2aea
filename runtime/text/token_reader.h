// Reading tokens where every error is fatal: the shared base of the text readers (the module
// reader, runtime/text/module_reader.h, and the .wast script reader, spec/wast.cpp).
//
// The first error is the one reported, so a reader unwinds with a TextError (thrown by fail(),
// caught by the reader's entry point; it never leaves the reader) rather than threading a
// Result through several hundred grammar steps.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/text/lexer.h"

namespace zwasm::text {

struct TextError {
  Error error;  // "LINE:COL: what", offset in the text
};

class TokenReader {
 public:
  explicit TokenReader(Lexer& lexer) : lex_(lexer) {}

 protected:
  [[noreturn]] void fail(const Token& at, std::string_view message);
  // "unexpected token "x", expected WHAT" (or "unexpected end of input, expected WHAT").
  [[noreturn]] void fail_expected(const Token& at, std::string_view what);
  // The next token, taken or not; a lexical error fails.
  Token next();
  Token peek();
  void expect_lparen();
  void expect_rparen();
  void expect_keyword(std::string_view keyword);
  // "(" followed by `keyword`: consumes both and returns true, or consumes nothing.
  bool accept_open(std::string_view keyword);
  bool peek_open(std::string_view keyword) { return text::peek_open(lex_, keyword); }
  // Skips to after the ")" closing the form whose "(" was already read.
  void skip_form();
  std::optional<std::string> accept_id();  // an Id's name, without the '$'
  std::string read_string_bytes();         // a String token's bytes
  std::string read_strings();              // String tokens' bytes, concatenated, up to a non-String
  std::string read_name();                 // a String that must be valid UTF-8

  Lexer& lex_;
};

}  // namespace zwasm::text
