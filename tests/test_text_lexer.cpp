// The text format's lexer (spec 6.2) and numeric literals (spec 6.3.1, 6.3.2): token kinds and
// boundaries, what is skipped between tokens, the malformed forms each yield one Error, and the
// ranges, underscores and rounding of integer and float literals.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/text/lexer.h"
#include "runtime/text/literals.h"

using namespace zwasm::text;

namespace {

// The tokens of `source` written compactly: "( atom:func id:$f ) eof", up to the first Eof or
// Error ("error:<message>").
std::string tokens(std::string_view source) {
  Lexer lexer(source);
  std::string out;
  for (;;) {
    Token t = lexer.next();
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case TokenKind::LParen: out += '('; break;
      case TokenKind::RParen: out += ')'; break;
      case TokenKind::Id: out += "id:" + std::string(t.text); break;
      case TokenKind::String: out += "string:" + std::string(t.text); break;
      case TokenKind::Atom: out += "atom:" + std::string(t.text); break;
      case TokenKind::Eof: return out + "eof";
      case TokenKind::Error: return out + "error:" + lexer.error();
    }
  }
}

// The message of the first Error token of `source`, or "<no error>".
std::string lex_error(std::string_view source) {
  Lexer lexer(source);
  for (;;) {
    Token t = lexer.next();
    if (t.is(TokenKind::Error)) return lexer.error();
    if (t.is(TokenKind::Eof)) return "<no error>";
  }
}

// The one token of `source`.
Token only_token(std::string_view source) {
  Lexer lexer(source);
  Token t = lexer.next();
  CHECK(lexer.next().is(TokenKind::Eof));
  return t;
}

}  // namespace

// ---- Tokens ----

TEST_CASE("text lexer: parentheses, keywords, ids, strings and atoms are told apart") {
  CHECK(tokens("(module $m (func \"f\" 42))") ==
        "( atom:module id:$m ( atom:func string:\"f\" atom:42 ) ) eof");
  CHECK(tokens("") == "eof");
}

TEST_CASE("text lexer: every idchar belongs to one atom") {
  // Spec 6.2.1: idchar is 0-9 A-Z a-z and !#$%&'*+-./:<=>?@\^_`|~.
  std::string all = "0aZ!#$%&'*+-./:<=>?@\\^_`|~";
  CHECK(tokens(all) == "atom:" + all + " eof");
  CHECK(tokens("offset=4 nan:0x1 i32.load8_u") ==
        "atom:offset=4 atom:nan:0x1 atom:i32.load8_u eof");
}

TEST_CASE("text lexer: a plain id is '$' and idchars, which may include '$'") {
  CHECK(tokens("$!?@#a$%^&*b-+_.:9'`|/\\<=>~ $l$l") ==
        "id:$!?@#a$%^&*b-+_.:9'`|/\\<=>~ id:$l$l eof");
}

TEST_CASE("text lexer: a quoted id keeps its quotes in the token text") {
  Token t = only_token("$\"a b\"");
  CHECK(t.is(TokenKind::Id));
  CHECK(t.text == "$\"a b\"");
  CHECK(id_name(t.text) == "a b");
  CHECK(id_name("$foo") == "foo");
  CHECK(id_name("$\"\\41\\u{42}\"") == "AB");
}

TEST_CASE("text lexer: a keyword is an atom starting with a lowercase letter") {
  CHECK(only_token("i32.add").is_keyword());
  CHECK(only_token("i32.add").is_keyword("i32.add"));
  CHECK_FALSE(only_token("42").is_keyword());
  CHECK_FALSE(only_token("Foo").is_keyword());
  CHECK_FALSE(only_token("$f").is_keyword());
}

TEST_CASE("text lexer: parentheses separate tokens without whitespace") {
  // token.wast: "(func(nop))", "nop(nop)", "0(nop)", "(i32.const 0)\"a\"".
  CHECK(tokens("(func(nop)nop)") == "( atom:func ( atom:nop ) atom:nop ) eof");
  CHECK(tokens("$f(nop)0(nop)(i32.const 0)\"a\"") ==
        "id:$f ( atom:nop ) atom:0 ( atom:nop ) ( atom:i32.const atom:0 ) string:\"a\" eof");
}

TEST_CASE("text lexer: comments separate tokens without whitespace") {
  CHECK(tokens("nop;;c\n\"a\";;c\n$f(;c;)0") == "atom:nop string:\"a\" id:$f atom:0 eof");
}

TEST_CASE("text lexer: a string followed directly by an idchar is an error") {
  CHECK(lex_error("\"a\"x") == "tokens must be separated by whitespace");
  CHECK(lex_error("\"a\"0") == "tokens must be separated by whitespace");
  CHECK(lex_error("\"a\"$x") == "tokens must be separated by whitespace");
}

TEST_CASE("text lexer: a string directly after an atom, id or string is an error") {
  CHECK(lex_error("0\"a\"") == "tokens must be separated by whitespace");
  CHECK(lex_error("0x1\"x\"") == "tokens must be separated by whitespace");
  CHECK(lex_error("$l\"a\"") == "tokens must be separated by whitespace");
  CHECK(lex_error("\"a\"\"b\"") == "tokens must be separated by whitespace");
  CHECK(lex_error("$\"l\"0") == "tokens must be separated by whitespace");
}

TEST_CASE("text lexer: digits glued to letters or ids are one atom") {
  // token.wast: "0drop" and "0$l" are single (unknown) atoms, not two tokens.
  CHECK(tokens("0drop 0$l i32.const0") == "atom:0drop atom:0$l atom:i32.const0 eof");
}

TEST_CASE("text lexer: characters outside idchars are unexpected") {
  for (std::string_view s : {"{", "a,b", "[", "a;b", ";", "\x01", "\x7f", "caf\xc3\xa9"})
    CHECK_MESSAGE(lex_error(s) == "unexpected character", s);
}

TEST_CASE("text lexer: an unexpected character's error token holds the whole character") {
  Lexer lexer("  \xc3\xa9");
  Token t = lexer.next();
  CHECK(t.is(TokenKind::Error));
  CHECK(t.text == "\xc3\xa9");
  CHECK(t.pos.column == 3);
}

// ---- Identifiers ----

TEST_CASE("text lexer: an id needs at least one character") {
  // id.wast: "$", "$\"\"", "$ \"a\"" are "empty identifier".
  CHECK(lex_error("$") == "empty identifier");
  CHECK(lex_error("$ \"a\"") == "empty identifier");
  CHECK(lex_error("$\"\"") == "empty identifier");
  CHECK(lex_error("($)") == "empty identifier");
}

TEST_CASE("text lexer: a quoted id must be valid UTF-8 after escapes") {
  CHECK(lex_error("$\"\\ef\"") == "malformed UTF-8 encoding");
  CHECK(tokens("$\"\\ef\\98\\9a\"") == "id:$\"\\ef\\98\\9a\" eof");  // U+F61A
}

TEST_CASE("text lexer: a quoted id may not hold raw control characters") {
  CHECK(lex_error("$\"a\nb\"") == "unterminated string");
  CHECK(lex_error("$\"a\tb\"") == "control character in a string");
}

// ---- Whitespace and comments ----

TEST_CASE("text lexer: block comments nest") {
  CHECK(tokens("a (; x (; y ;) z ;) b") == "atom:a atom:b eof");
  CHECK(tokens("(;comment(;nested(;further;)nested;)comment;)c") == "atom:c eof");
  CHECK(tokens("(;;)(;;;;;;;;;;;;;;)(;(((((( ;)(;)))));)x") == "atom:x eof");
}

TEST_CASE("text lexer: an unterminated block comment is an error at its start") {
  Lexer lexer("a\n  (; x (; y ;)\n");
  CHECK(lexer.next().is_keyword("a"));
  Token t = lexer.next();
  CHECK(t.is(TokenKind::Error));
  CHECK(lexer.error() == "unterminated block comment");
  CHECK(t.text == "(;");
  CHECK(t.pos.line == 2);
  CHECK(t.pos.column == 3);
}

TEST_CASE("text lexer: a line comment runs to newline or end of input") {
  CHECK(tokens(";; (module\nx ;; y") == "atom:x eof");
  CHECK(tokens(";;;;;;;;\n;;)\n;; (;\ny") == "atom:y eof");  // no block comment opened
}

TEST_CASE("text lexer: a carriage return ends a line comment") {
  // comments.wast: ";; comment\0d" ends at the CR; what follows is code.
  CHECK(tokens(";; comment\rx") == "atom:x eof");
  CHECK(tokens(";; comment\r\nx") == "atom:x eof");
}

TEST_CASE("text lexer: comments may hold control characters and UTF-8 text") {
  CHECK(tokens("(;\x01\x1f\x7f\t\x0c;);; \x01\xe2\x82\xac\nx") == "atom:x eof");
  CHECK(tokens(std::string_view("(;\0;)x", 6)) == "atom:x eof");
}

TEST_CASE("text lexer: malformed UTF-8 in a comment is an error") {
  CHECK(lex_error(";; \xc0\x80") == "malformed UTF-8 encoding");
  CHECK(lex_error("(; \xff ;)") == "malformed UTF-8 encoding");
}

TEST_CASE("text lexer: control characters outside strings and comments are errors") {
  CHECK(lex_error("a \x0b b") == "unexpected character");
  CHECK(lex_error(std::string_view("a\0", 2)) == "unexpected character");
}

// ---- Annotations ----

TEST_CASE("text lexer: annotations are skipped with their balanced contents") {
  CHECK(tokens("(@custom \"x\" (a (b) \")\") $id) nop") == "atom:nop eof");
  CHECK(tokens("(func(@a)(@b 1 2))") == "( atom:func ) eof");
  CHECK(tokens("(@\"quoted id\" x)y") == "atom:y eof");
}

TEST_CASE("text lexer: an annotation's contents may hold comments and nested annotations") {
  CHECK(tokens("(@a ;; )\n (; ) ;) (@b (@\"c\" ) )) x") == "atom:x eof");
}

TEST_CASE("text lexer: an unterminated annotation is an error at its start") {
  Lexer lexer("x (@name (a b)");
  CHECK(lexer.next().is_keyword("x"));
  Token t = lexer.next();
  CHECK(t.is(TokenKind::Error));
  CHECK(lexer.error() == "unterminated annotation");
  CHECK(t.text == "(@name");
  CHECK(t.pos.offset == 2);
}

TEST_CASE("text lexer: a bad token inside an annotation is an error") {
  CHECK(lex_error("(@a \"\\q\")") == "unknown escape \\q");
  CHECK(lex_error("(@a \x01)") == "unexpected character");
}

TEST_CASE("text lexer: an annotation may hold reserved tokens and bare (@") {
  // Spec annotations.wast: glued idchars and strings, , ; [ ] { }, and "(@" without an id.
  CHECK(lex_error("(@a x-y$yz\"aa\"-2 , ; ] [ }} }x{ ({) (@) (@ x))") == "<no error>");
}

TEST_CASE("text lexer: an annotation needs an id") {
  CHECK(lex_error("(@ x)") == "malformed annotation id");
  CHECK(lex_error("(@)") == "malformed annotation id");
  CHECK(lex_error("(@\"\" x)") == "empty annotation id");
}

// ---- Strings ----

TEST_CASE("text lexer: string escapes decode to bytes") {
  CHECK(decode_string("\"a\\tb\\nc\\rd\\\"e\\'f\\\\g\"") == "a\tb\nc\rd\"e'f\\g");
  CHECK(decode_string("\"\\00\\ff\\7F\"") == std::string("\0\xff\x7f", 3));
  CHECK(decode_string("\"\"").empty());
}

TEST_CASE("text lexer: a unicode escape is written as UTF-8") {
  Token t = only_token("\"\\u{41}\\u{e9}\\u{20AC}\\u{1_F600}\\u{10FFFF}\"");
  REQUIRE(t.is(TokenKind::String));
  CHECK(decode_string(t.text) == "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf");
}

TEST_CASE("text lexer: a unicode escape must be a scalar value") {
  CHECK(lex_error("\"\\u{D800}\"") == "escape \\u{D800} is not a Unicode scalar value");
  CHECK(lex_error("\"\\u{DFFF}\"") == "escape \\u{DFFF} is not a Unicode scalar value");
  CHECK(lex_error("\"\\u{110000}\"") == "escape \\u{110000} is not a Unicode scalar value");
  CHECK(lex_error("\"\\u{ffffffffffffffffffff}\"") ==
        "escape \\u{ffffffffffffffffffff} is not a Unicode scalar value");
  CHECK(lex_error("\"\\u{D7FF}\\u{E000}\"") == "<no error>");
}

TEST_CASE("text lexer: a malformed unicode escape is an unknown escape") {
  for (std::string_view s : {"\"\\u{}\"", "\"\\u41\"", "\"\\u{_41}\"", "\"\\u{41_}\"",
                             "\"\\u{4__1}\"", "\"\\u{4g}\""})
    CHECK_MESSAGE(lex_error(s).starts_with("unknown escape \\u"), s);
}

TEST_CASE("text lexer: unknown escapes are errors") {
  CHECK(lex_error("\"\\q\"") == "unknown escape \\q");
  CHECK(lex_error("\"\\0\"") == "unknown escape \\0");  // \hh needs two digits
  CHECK(lex_error("\"\\x41\"") == "unknown escape \\x");
  CHECK(lex_error("\"\\\xc3\xa9\"") == "unknown escape \\\xc3\xa9");
}

TEST_CASE("text lexer: a string must end on its line") {
  CHECK(lex_error("\"abc") == "unterminated string");
  CHECK(lex_error("\"abc\\") == "unterminated string");
  CHECK(lex_error("\"ab\ncd\"") == "unterminated string");
  CHECK(lex_error("\"ab\rcd\"") == "unterminated string");
}

TEST_CASE("text lexer: raw control characters in a string are errors") {
  CHECK(lex_error("\"a\tb\"") == "control character in a string");
  CHECK(lex_error("\"a\x7f\"") == "control character in a string");
  CHECK(lex_error(std::string_view("\"\0\"", 3)) == "control character in a string");
}

TEST_CASE("text lexer: raw characters in a string must be valid UTF-8") {
  CHECK(tokens("\"Hei\xc3\x9f\x65 \xf0\x9f\x98\x80\"") ==
        "string:\"Hei\xc3\x9f\x65 \xf0\x9f\x98\x80\" eof");
  CHECK(lex_error("\"\xc0\x80\"") == "malformed UTF-8 encoding");        // overlong
  CHECK(lex_error("\"\xed\xa0\x80\"") == "malformed UTF-8 encoding");    // surrogate
  CHECK(lex_error("\"\xe2\x82\"") == "malformed UTF-8 encoding");        // truncated
  CHECK(lex_error("\"\x80\"") == "malformed UTF-8 encoding");            // lone continuation
}

TEST_CASE("text lexer: a string may denote non-UTF-8 bytes through hex escapes") {
  Token t = only_token("\"\\ff\\c0\\80\"");
  REQUIRE(t.is(TokenKind::String));
  CHECK(decode_string(t.text) == "\xff\xc0\x80");
}

TEST_CASE("text lexer: is_valid_utf8 rejects overlongs, surrogates and values above U+10FFFF") {
  CHECK(is_valid_utf8(""));
  // The smallest and largest of each length, and the values next to the surrogates.
  CHECK(is_valid_utf8("a\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"));
  CHECK(is_valid_utf8("\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"));
  CHECK_FALSE(is_valid_utf8("\xc1\xbf"));          // overlong U+007F
  CHECK_FALSE(is_valid_utf8("\xe0\x9f\xbf"));      // overlong U+07FF
  CHECK_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));  // overlong U+FFFF
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // U+D800
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // U+110000
  CHECK_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xe2\x28\xac"));      // bad continuation
}

// ---- Positions, peeking, saving ----

TEST_CASE("text lexer: positions are 1-based lines and byte columns") {
  Lexer lexer("(a\n  \"\xc3\xa9\" b\r\nc\rd");
  auto pos = [&](uint32_t line, uint32_t column, uint32_t offset) {
    Token t = lexer.next();
    CHECK(t.pos.line == line);
    CHECK(t.pos.column == column);
    CHECK(t.pos.offset == offset);
  };
  pos(1, 1, 0);    // (
  pos(1, 2, 1);    // a
  pos(2, 3, 5);    // "é"
  pos(2, 8, 10);   // b: columns count bytes
  pos(3, 1, 13);   // c, after CR LF (one newline)
  pos(4, 1, 15);   // d, after a lone CR
  pos(4, 2, 16);   // eof
}

TEST_CASE("text lexer: newlines inside block comments count as lines") {
  Lexer lexer("(; a\n b\r\n c ;) x");
  Token t = lexer.next();
  CHECK(t.pos.line == 3);
  CHECK(t.pos.column == 7);
}

TEST_CASE("text lexer: peek does not consume") {
  Lexer lexer("a b");
  CHECK(lexer.peek().text == "a");
  CHECK(lexer.peek().text == "a");
  CHECK(lexer.next().text == "a");
  CHECK(lexer.peek().text == "b");
  CHECK(lexer.next().text == "b");
  CHECK(lexer.peek().is(TokenKind::Eof));
  CHECK(lexer.next().is(TokenKind::Eof));
}

TEST_CASE("text lexer: peeking at an error does not end the input") {
  Lexer lexer("\"\\q\"");
  CHECK(lexer.peek().is(TokenKind::Error));
  CHECK(lexer.peek().is(TokenKind::Error));
  CHECK(lexer.next().is(TokenKind::Error));
  CHECK(lexer.error() == "unknown escape \\q");
}

TEST_CASE("text lexer: after an error every token is Eof") {
  Lexer lexer("a { b c");
  CHECK(lexer.next().is_keyword("a"));
  CHECK(lexer.next().is(TokenKind::Error));
  CHECK(lexer.next().is(TokenKind::Eof));
  CHECK(lexer.peek().is(TokenKind::Eof));
  CHECK(lexer.next().is(TokenKind::Eof));
  CHECK(lexer.error() == "unexpected character");
}

TEST_CASE("text lexer: Eof repeats at the end of input") {
  Lexer lexer("x ;; end");
  CHECK(lexer.next().is_keyword("x"));
  Token eof = lexer.next();
  CHECK(eof.is(TokenKind::Eof));
  CHECK(eof.pos.offset == 8);
  CHECK(lexer.next().is(TokenKind::Eof));
}

TEST_CASE("text lexer: restore(save()) replays the same tokens and positions") {
  Lexer lexer("(module\n  (func $f (; c\n ;) \"s\"))");
  lexer.next();
  Lexer::State saved = lexer.save();
  auto rest = [&] {
    std::string out;
    for (Token t = lexer.next(); !t.is(TokenKind::Eof); t = lexer.next())
      out += std::string(t.text) + "@" + std::to_string(t.pos.line) + ":" +
             std::to_string(t.pos.column) + " ";
    return out;
  };
  std::string first = rest();
  lexer.restore(saved);
  std::string second = rest();
  CHECK(first == "module@1:2 (@2:3 func@2:4 $f@2:9 \"s\"@3:5 )@3:8 )@3:9 ");
  CHECK(second == first);
}

TEST_CASE("text lexer: restoring a state saved before an error lexes up to it again") {
  Lexer lexer("a b {");
  Lexer::State saved = lexer.save();
  CHECK(lexer.next().is_keyword("a"));
  CHECK(lexer.next().is_keyword("b"));
  CHECK(lexer.next().is(TokenKind::Error));
  CHECK(lexer.next().is(TokenKind::Eof));
  lexer.restore(saved);
  CHECK(lexer.next().is_keyword("a"));
  CHECK(lexer.next().is_keyword("b"));
  CHECK(lexer.next().is(TokenKind::Error));
}

// ---- Integer literals ----

TEST_CASE("text literals: unsigned decimal and hex values") {
  CHECK(parse_unsigned("0", 32) == 0u);
  CHECK(parse_unsigned("007", 32) == 7u);
  CHECK(parse_unsigned("1_000_000", 32) == 1000000u);
  CHECK(parse_unsigned("0xff_FF", 32) == 0xFFFFu);
  CHECK(parse_unsigned("4294967295", 32) == 0xFFFFFFFFu);
}

TEST_CASE("text literals: an unsigned literal must fit its bits") {
  CHECK(parse_unsigned("4294967296", 32) == std::nullopt);
  CHECK(parse_unsigned("0x1_0000_0000", 32) == std::nullopt);
  CHECK(parse_unsigned("255", 8) == 255u);
  CHECK(parse_unsigned("256", 8) == std::nullopt);
  CHECK(parse_unsigned("0xffffffffffffffff", 64) == UINT64_MAX);
}

TEST_CASE("text literals: an unsigned literal takes no sign") {
  CHECK(parse_unsigned("+1", 32) == std::nullopt);
  CHECK(parse_unsigned("-0", 32) == std::nullopt);
}

TEST_CASE("text literals: underscores go only between digits") {
  for (std::string_view s : {"1__0", "_1", "1_", "0x_1", "0_x1", "0x1_", "0xff__ff", "+_1", "_"})
    CHECK_MESSAGE(parse_int(s, 32) == std::nullopt, s);
  CHECK(parse_int("1_0", 32) == 10u);
  CHECK(parse_int("0x1_0", 32) == 16u);
}

TEST_CASE("text literals: malformed integers are not literals") {
  for (std::string_view s : {"", "+", "-", "0x", "0xg", "1x", "0X1", "1.0", "1e3", " 1", "- 1"})
    CHECK_MESSAGE(parse_int(s, 32) == std::nullopt, s);
}

TEST_CASE("text literals: i32 accepts -2^31 up to 2^32 - 1") {
  CHECK(parse_int("-2147483648", 32) == 0x80000000u);
  CHECK(parse_int("-0x80000000", 32) == 0x80000000u);
  CHECK(parse_int("4294967295", 32) == 0xFFFFFFFFu);
  CHECK(parse_int("-1", 32) == 0xFFFFFFFFu);
  CHECK(parse_int("-0", 32) == 0u);
  CHECK(parse_int("+42", 32) == 42u);
}

TEST_CASE("text literals: i32 rejects values beyond its range") {
  CHECK(parse_int("-2147483649", 32) == std::nullopt);
  CHECK(parse_int("-0x80000001", 32) == std::nullopt);
  CHECK(parse_int("4294967296", 32) == std::nullopt);
  CHECK(parse_int("0x1_0000_0000", 32) == std::nullopt);
}

TEST_CASE("text literals: a '+' sign keeps the unsigned range") {
  // The reference interpreter reads "+n" as n; the spec's sN would stop at 2^(N-1) - 1.
  CHECK(parse_int("+4294967295", 32) == 0xFFFFFFFFu);
  CHECK(parse_int("+4294967296", 32) == std::nullopt);
}

TEST_CASE("text literals: i64 limits are checked without 64-bit overflow") {
  CHECK(parse_int("18446744073709551615", 64) == UINT64_MAX);
  CHECK(parse_int("18446744073709551616", 64) == std::nullopt);
  CHECK(parse_int("18446744073709551620", 64) == std::nullopt);   // wraps to a small value
  CHECK(parse_int("36893488147419103232", 64) == std::nullopt);   // 2^65
  CHECK(parse_int("0x1_0000_0000_0000_0000", 64) == std::nullopt);
  CHECK(parse_int("-9223372036854775808", 64) == 0x8000000000000000u);
  CHECK(parse_int("-9223372036854775809", 64) == std::nullopt);
  CHECK(parse_int("-0x8000000000000001", 64) == std::nullopt);
  CHECK(parse_int("-18446744073709551615", 64) == std::nullopt);
}

TEST_CASE("text literals: narrow integers are zero-extended two's complement") {
  CHECK(parse_int("-128", 8) == 0x80u);
  CHECK(parse_int("-129", 8) == std::nullopt);
  CHECK(parse_int("255", 8) == 0xFFu);
  CHECK(parse_int("-1", 16) == 0xFFFFu);
  CHECK(parse_int("65536", 16) == std::nullopt);
}

// ---- Float literals ----

namespace {
uint32_t f32(std::string_view s) {
  std::optional<uint32_t> v = parse_f32(s);
  INFO("literal: " << s);
  REQUIRE(v.has_value());
  return *v;
}
uint64_t f64(std::string_view s) {
  std::optional<uint64_t> v = parse_f64(s);
  INFO("literal: " << s);
  REQUIRE(v.has_value());
  return *v;
}
}  // namespace

TEST_CASE("text literals: decimal float forms") {
  CHECK(f32("1") == 0x3F800000u);
  CHECK(f32("1.") == 0x3F800000u);
  CHECK(f32("1.5") == 0x3FC00000u);
  CHECK(f32("1e10") == 0x501502F9u);
  CHECK(f32("1.5E-3") == 0x3AC49BA6u);
  CHECK(f32("1.e1") == 0x41200000u);
  CHECK(f64("1_0.0_1e+1_0") == 0x42374E6CC9000000u);  // 10.01e10
  CHECK(f64("0.1") == 0x3FB999999999999Au);
}

TEST_CASE("text literals: hex float forms") {
  CHECK(f32("0x1") == 0x3F800000u);
  CHECK(f32("0x1.") == 0x3F800000u);
  CHECK(f32("0x1.8p3") == 0x41400000u);   // 12
  CHECK(f32("0x1.8") == 0x3FC00000u);     // no exponent
  CHECK(f32("0xAp-1") == 0x40A00000u);    // 5
  CHECK(f32("0x1P+2") == 0x40800000u);
  CHECK(f64("0x1.8p3") == 0x4028000000000000u);
  CHECK(f64("0x1e5") == 0x407E500000000000u);  // 'e' is a hex digit: 485
}

TEST_CASE("text literals: a hex float needs a digit before the point") {
  CHECK(parse_f32("0x.8p-1") == std::nullopt);
  CHECK(parse_f32("0x.") == std::nullopt);
  CHECK(parse_f64(".5") == std::nullopt);
  CHECK(parse_f64(".0e0") == std::nullopt);
}

TEST_CASE("text literals: malformed floats are not literals") {
  for (std::string_view s : {"", "+", "0x", "1x", "0e", "0e+", "0.0e-", "0x0p", "0x0p+", "0x0pA",
                             "0x0.g", "0xg", "1._0", "1_.0", "1.0_", "1.0_e1", "1e_1", "1e1_",
                             "0x1p_1", "0x1.0p+_1", "-_1", "infinity", "INF", "NaN", "nan:1",
                             "nan:0x", "1e1.5", "0x1e+1p1"})
    CHECK_MESSAGE(parse_f64(s) == std::nullopt, s);
}

TEST_CASE("text literals: a sign sets the sign bit, zero included") {
  CHECK(f32("-0") == 0x80000000u);
  CHECK(f32("+0") == 0u);
  CHECK(f32("-0x0p0") == 0x80000000u);
  CHECK(f64("-0.0") == 0x8000000000000000u);
  CHECK(f32("-1.5") == 0xBFC00000u);
}

TEST_CASE("text literals: inf and canonical nan with signs") {
  CHECK(f32("inf") == 0x7F800000u);
  CHECK(f32("-inf") == 0xFF800000u);
  CHECK(f32("nan") == 0x7FC00000u);
  CHECK(f32("-nan") == 0xFFC00000u);
  CHECK(f64("+nan") == 0x7FF8000000000000u);
  CHECK(f64("-inf") == 0xFFF0000000000000u);
}

TEST_CASE("text literals: a nan payload must be non-zero and fit the significand") {
  CHECK(f32("nan:0x200000") == 0x7FA00000u);
  CHECK(f32("-nan:0x7f_ffff") == 0xFFFFFFFFu);
  CHECK(f32("nan:0x1") == 0x7F800001u);
  CHECK(parse_f32("nan:0x800000") == std::nullopt);
  CHECK(parse_f32("nan:0x80_0000") == std::nullopt);
  CHECK(parse_f32("nan:0x0") == std::nullopt);
  CHECK(f64("nan:0xf_ffff_ffff_ffff") == 0x7FFFFFFFFFFFFFFFu);
  CHECK(parse_f64("nan:0x10_0000_0000_0000") == std::nullopt);
  CHECK(parse_f64("nan:0x1_0000_0000_0000_0000") == std::nullopt);  // beyond 64 bits
}

TEST_CASE("text literals: an f32 just below the overflow midpoint rounds to the largest finite") {
  CHECK(f32("0x1.fffffep127") == 0x7F7FFFFFu);
  CHECK(f32("0x1.fffffefffffff8p127") == 0x7F7FFFFFu);
  CHECK(f32("0x1.fffffefffffffffffffp127") == 0x7F7FFFFFu);
  CHECK(f32("-0x1.fffffefffffff8000000p127") == 0xFF7FFFFFu);
}

TEST_CASE("text literals: an f32 that rounds to infinity is out of range") {
  CHECK(parse_f32("0x1.ffffffp127") == std::nullopt);  // the midpoint: ties to even goes up
  CHECK(parse_f32("0x1p128") == std::nullopt);
  CHECK(parse_f32("-0x1p128") == std::nullopt);
  CHECK(parse_f32("1e39") == std::nullopt);
  CHECK(parse_f32("-1e39") == std::nullopt);
  CHECK(parse_f32("340282356779733661637539395458142568448") == std::nullopt);
  CHECK(parse_f32("0x1p99999999999999999999") == std::nullopt);
}

TEST_CASE("text literals: an f64 that rounds to infinity is out of range") {
  CHECK(f64("0x1.fffffffffffff7ffffffp1023") == 0x7FEFFFFFFFFFFFFFu);
  CHECK(parse_f64("0x1.fffffffffffff8p1023") == std::nullopt);
  CHECK(parse_f64("0x1p1024") == std::nullopt);
  CHECK(parse_f64("1e309") == std::nullopt);
  CHECK(parse_f64("-1e309") == std::nullopt);
}

TEST_CASE("text literals: f32 underflow to subnormals and zero is not an error") {
  CHECK(f32("0x1p-149") == 1u);           // the smallest subnormal
  CHECK(f32("0x1p-150") == 0u);           // halfway to it: ties to even gives zero
  CHECK(f32("0x1.000002p-150") == 1u);    // just above halfway rounds up
  CHECK(f32("0x1.8p-149") == 2u);         // 1.5 ulp: ties to even gives 2
  CHECK(f32("-0x1p-150") == 0x80000000u);
  CHECK(f32("1e-50") == 0u);
  CHECK(f32("1e-99999999999999999999") == 0u);
  CHECK(f64("4.9406564584124654e-324") == 1u);
}

TEST_CASE("text literals: a zero with a huge exponent is zero") {
  CHECK(f32("0e99999999999999999999") == 0u);
  CHECK(f64("0x0p99999") == 0u);
}

TEST_CASE("text literals: a hex float rounds ties to even") {
  // const.wast: the 25th significant bit decides, sticky bits beyond it break ties.
  CHECK(f32("+0x1.00000100000000000p-50") == f32("0x1.000000p-50"));
  CHECK(f32("+0x1.00000100000000001p-50") == f32("0x1.000002p-50"));
  CHECK(f32("+0x1.00000300000000000p-50") == f32("0x1.000004p-50"));
  CHECK(f32("0x1.000001") == 0x3F800000u);
  CHECK(f32("0x1.000003") == 0x3F800002u);
}

TEST_CASE("text literals: an f32 rounds once, not through double") {
  // 1 + 2^-24 + 2^-60: a double keeps 1 + 2^-24 (a float tie, which would then round down to
  // 1); rounded directly the 2^-60 breaks the tie upwards.
  CHECK(f32("0x1.000001000000001") == 0x3F800001u);
  CHECK(f32("1.000000059604644775390625000000000000001") == 0x3F800001u);
  CHECK(f32("1.000000059604644775390625") == 0x3F800000u);  // the exact tie
}

TEST_CASE("text literals: decimal floats round to nearest") {
  CHECK(f32("16777217") == 0x4B800000u);   // 2^24 + 1: a tie, to even
  CHECK(f32("16777219") == 0x4B800002u);   // 2^24 + 3: a tie, to even (up)
  CHECK(f64("9007199254740993") == 0x4340000000000000u);
}
