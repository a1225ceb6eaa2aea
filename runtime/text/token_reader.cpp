#include "runtime/text/token_reader.h"

#include "runtime/text/wat.h"

namespace zwasm::text {

void TokenReader::fail(const Token& at, std::string_view message) {
  throw TextError{error_at(at.pos, message)};
}

void TokenReader::fail_expected(const Token& at, std::string_view what) {
  std::string message;
  if (at.is(TokenKind::Eof))
    message = "unexpected end of input, expected ";
  else
    message = "unexpected token \"" + std::string(at.text.substr(0, 40)) + "\", expected ";
  message += what;
  fail(at, message);
}

Token TokenReader::next() {
  Token t = lex_.next();
  if (t.is(TokenKind::Error)) fail(t, lex_.error());
  return t;
}

Token TokenReader::peek() {
  Token t = lex_.peek();
  if (t.is(TokenKind::Error)) fail(t, lex_.error());
  return t;
}

void TokenReader::expect_lparen() {
  Token t = next();
  if (!t.is(TokenKind::LParen)) fail_expected(t, "\"(\"");
}

void TokenReader::expect_rparen() {
  Token t = next();
  if (!t.is(TokenKind::RParen)) fail_expected(t, "\")\"");
}

void TokenReader::expect_keyword(std::string_view keyword) {
  Token t = next();
  if (!t.is_keyword(keyword)) fail_expected(t, "\"" + std::string(keyword) + "\"");
}

bool TokenReader::accept_open(std::string_view keyword) {
  if (!peek_open(keyword)) return false;
  lex_.next();
  lex_.next();
  return true;
}

void TokenReader::skip_form() {
  Token end = lex_.skip_form();
  if (end.is(TokenKind::Error)) fail(end, lex_.error());
  if (!end.is(TokenKind::RParen)) fail_expected(end, "\")\"");
}

std::optional<std::string> TokenReader::accept_id() {
  if (!peek().is(TokenKind::Id)) return std::nullopt;
  return id_name(next().text);
}

std::string TokenReader::read_string_bytes() {
  Token t = next();
  if (!t.is(TokenKind::String)) fail_expected(t, "a string");
  return decode_string(t.text);
}

std::string TokenReader::read_strings() {
  std::string bytes;
  while (peek().is(TokenKind::String)) bytes += decode_string(next().text);
  return bytes;
}

std::string TokenReader::read_name() {
  Token at = peek();
  std::string bytes = read_string_bytes();
  if (!is_valid_utf8(bytes)) fail(at, "malformed UTF-8 encoding");
  return bytes;
}

}  // namespace zwasm::text
