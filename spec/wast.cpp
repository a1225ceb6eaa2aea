// The .wast reader: each command becomes the JSON object wast2json would write for it.
#include "spec/wast.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "runtime/text/lexer.h"
#include "runtime/text/literals.h"
#include "runtime/text/token_reader.h"
#include "runtime/text/wat.h"

namespace zwasm::spec {
namespace {

using text::Lexer;
using text::Token;
using text::TokenKind;

json::Value str(std::string s) { return json::Value::string(std::move(s)); }
json::Member member(std::string key, json::Value v) { return {std::move(key), std::move(v)}; }

// Errors unwind as text::TextError (runtime/text/token_reader.h), caught by load_wast.
class WastReader : text::TokenReader {
 public:
  WastReader(Script& script, Lexer& lexer) : TokenReader(lexer), script_(script) {}

  void read() {
    std::vector<json::Value> commands;
    if (starts_with_module_field()) {
      // A script of module fields alone is one module (spec interpreter, "Scripts").
      InlineModule m;
      m.form = InlineModule::Form::Quote;
      m.bytes = script_.source;
      m.line = 0;  // its positions are the script's
      script_.inline_modules.emplace("1.0.wat", std::move(m));
      commands.push_back(json::Value::object({member("type", str("module")),
                                              member("line", json::Value::number(1, "1")),
                                              member("filename", str("1.0.wat"))}));
    } else {
      while (!peek().is(TokenKind::Eof)) commands.push_back(read_command());
    }
    script_.doc = json::Value::object({member("commands", json::Value::array(std::move(commands)))});
  }

 private:
  bool starts_with_module_field() {
    for (std::string_view field : {"type", "rec", "import", "func", "table", "memory", "global",
                                   "tag", "export", "start", "elem", "data"})
      if (peek_open(field)) return true;
    return false;
  }

  json::Value read_command() {
    Token open = next();
    if (!open.is(TokenKind::LParen)) fail_expected(open, "a command");
    Token head = next();
    std::vector<json::Member> c;
    std::string_view kind = head.text;
    auto line = json::Value::number(open.pos.line, std::to_string(open.pos.line));
    if (head.is_keyword("module") && peek().is_keyword("instance")) {
      // 3.0 scripts: "(module instance $I? $M?)" instantiates a module definition.
      next();
      c.push_back(member("type", str("module_instance")));
      c.push_back(member("line", line));
      if (peek().is(TokenKind::Id)) c.push_back(member("name", str(std::string(next().text))));
      if (peek().is(TokenKind::Id)) c.push_back(member("module", str(std::string(next().text))));
      expect_rparen();
      return json::Value::object(std::move(c));
    }
    if (head.is_keyword("module")) {
      // "(module definition ...)" (3.0 scripts): decoded and validated, instantiated only by
      // "module instance" commands.
      bool definition = peek().is_keyword("definition");
      if (definition) next();
      c.push_back(member("type", str(definition ? "module_definition" : "module")));
      c.push_back(member("line", line));
      read_module_after_keyword(open, c);
      return json::Value::object(std::move(c));
    }
    c.push_back(member("type", str(std::string(kind))));
    c.push_back(member("line", line));
    if (kind == "register") {
      c.push_back(member("as", str(read_string_bytes())));
      if (peek().is(TokenKind::Id)) c.push_back(member("name", str(std::string(next().text))));
      expect_rparen();
    } else if (kind == "invoke" || kind == "get") {
      c[0] = member("type", str("action"));
      c.push_back(member("action", read_action_after_keyword(head)));
    } else if (kind == "assert_return") {
      c.push_back(member("action", read_action()));
      std::vector<json::Value> expected;
      while (peek().is(TokenKind::LParen)) expected.push_back(read_value(true));
      c.push_back(member("expected", json::Value::array(std::move(expected))));
      expect_rparen();
    } else if (kind == "assert_trap" || kind == "assert_exhaustion" ||
               kind == "assert_exception") {
      if (peek_open("module")) {  // a module whose instantiation traps
        c[0] = member("type", str("assert_uninstantiable"));
        read_module_form(c);
      } else {
        c.push_back(member("action", read_action()));
      }
      if (kind != "assert_exception") c.push_back(member("text", str(read_string_bytes())));
      expect_rparen();
    } else if (kind == "assert_malformed" || kind == "assert_invalid" ||
               kind == "assert_unlinkable") {
      read_module_form(c);
      c.push_back(member("text", str(read_string_bytes())));
      expect_rparen();
    } else {
      // Commands of proposals not run here (exception handling's "assert_exception" is read
      // above; the threads proposal's "thread", "wait"): kept, so the runner counts them as
      // failures.
      skip_form();
    }
    return json::Value::object(std::move(c));
  }

  // "(module ...)" as a command's operand.
  void read_module_form(std::vector<json::Member>& c) {
    Token open = next();
    if (!open.is(TokenKind::LParen)) fail_expected(open, "\"(module\"");
    expect_keyword("module");
    read_module_after_keyword(open, c);
  }

  // After "(module": "$id? binary string*", "$id? quote string*" or "$id? field*".
  void read_module_after_keyword(const Token& open, std::vector<json::Member>& c) {
    InlineModule m;
    std::string name;
    if (peek().is(TokenKind::Id)) name = std::string(next().text);
    std::string filename = std::to_string(open.pos.line) + "." + std::to_string(count_++);
    if (peek().is_keyword("binary") || peek().is_keyword("quote")) {
      bool binary = next().text == "binary";
      m.form = binary ? InlineModule::Form::Binary : InlineModule::Form::Quote;
      m.line = open.pos.line;
      while (peek().is(TokenKind::String)) {
        m.bytes += text::decode_string(next().text);
        if (!binary) m.bytes += ' ';  // quoted strings are separate tokens' text
      }
      expect_rparen();
      filename += binary ? ".wasm" : ".wat";
    } else {
      m.form = InlineModule::Form::Text;
      m.offset = open.pos.offset;
      m.line = open.pos.line;
      m.line_start = open.pos.offset - (open.pos.column - 1);
      skip_form();
      filename += ".wat";
    }
    c.push_back(member("filename", str(filename)));
    if (!name.empty()) c.push_back(member("name", str(name)));
    script_.inline_modules.emplace(filename, std::move(m));
  }

  json::Value read_action() {
    expect_lparen();
    Token head = next();
    if (!head.is_keyword("invoke") && !head.is_keyword("get")) fail_expected(head, "an action");
    return read_action_after_keyword(head);
  }

  // "invoke $id? name value*)" / "get $id? name)".
  json::Value read_action_after_keyword(const Token& head) {
    std::vector<json::Member> a;
    a.push_back(member("type", str(std::string(head.text))));
    if (peek().is(TokenKind::Id)) a.push_back(member("module", str(std::string(next().text))));
    a.push_back(member("field", str(read_string_bytes())));
    if (head.is_keyword("invoke")) {
      std::vector<json::Value> args;
      while (peek().is(TokenKind::LParen)) args.push_back(read_value(false));
      a.push_back(member("args", json::Value::array(std::move(args))));
    }
    expect_rparen();
    return json::Value::object(std::move(a));
  }

  // A number's bits as wast2json writes them: the unsigned decimal of the bit pattern.
  std::string read_bits(const char* type, bool result) {
    Token t = next();
    if (!t.is(TokenKind::Atom)) fail_expected(t, std::string("a ") + type + " literal");
    std::string_view s = t.text;
    std::string_view ty = type;
    if (result && (ty == "f32" || ty == "f64") && (s == "nan:canonical" || s == "nan:arithmetic"))
      return std::string(s);
    std::optional<uint64_t> bits;
    if (ty == "i8") bits = text::parse_int(s, 8);
    else if (ty == "i16") bits = text::parse_int(s, 16);
    else if (ty == "i32") bits = text::parse_int(s, 32);
    else if (ty == "i64") bits = text::parse_int(s, 64);
    else if (ty == "f32") bits = text::parse_f32(s);
    else bits = text::parse_f64(s);
    if (!bits) fail(t, "malformed " + std::string(type) + " literal \"" + std::string(s) + "\"");
    return std::to_string(*bits);
  }

  // "(i32.const 1)", "(v128.const i32x4 ...)", "(ref.null func)", "(ref.extern 1)", and in
  // results also NaN patterns, "(ref.func)" and "(either ...)".
  json::Value read_value(bool result) {
    expect_lparen();
    Token head = next();
    std::vector<json::Member> v;
    std::string_view k = head.text;
    if (k == "i32.const" || k == "i64.const" || k == "f32.const" || k == "f64.const") {
      std::string type(k.substr(0, 3));
      v.push_back(member("type", str(type)));
      v.push_back(member("value", str(read_bits(type.c_str(), result))));
    } else if (k == "v128.const") {
      Token shape = next();
      static constexpr struct {
        std::string_view shape, lane;
        unsigned count;
      } kShapes[] = {{"i8x16", "i8", 16}, {"i16x8", "i16", 8}, {"i32x4", "i32", 4},
                     {"i64x2", "i64", 2}, {"f32x4", "f32", 4}, {"f64x2", "f64", 2}};
      const auto* s = std::find_if(std::begin(kShapes), std::end(kShapes),
                                   [&](const auto& e) { return shape.text == e.shape; });
      if (s == std::end(kShapes)) fail_expected(shape, "a v128 shape");
      std::string lane(s->lane);
      std::vector<json::Value> lanes;
      for (unsigned i = 0; i < s->count; ++i) lanes.push_back(str(read_bits(lane.c_str(), result)));
      v.push_back(member("type", str("v128")));
      v.push_back(member("lane_type", str(lane)));
      v.push_back(member("value", json::Value::array(std::move(lanes))));
    } else if (k == "ref.null" && result && peek().is(TokenKind::RParen)) {
      // "(ref.null)": a null of any reference type.
      v.push_back(member("type", str("either")));
      v.push_back(member("values", json::Value::array(
                                       {json::Value::object({member("type", str("funcref")),
                                                             member("value", str("null"))}),
                                        json::Value::object({member("type", str("externref")),
                                                             member("value", str("null"))})})));
    } else if (k == "ref.null") {
      Token ht = next();
      std::string type = std::string(ht.text) + "ref";  // func -> funcref, extern -> externref
      v.push_back(member("type", str(type)));
      v.push_back(member("value", str("null")));
    } else if (k == "ref.extern" || k == "ref.host") {
      v.push_back(member("type", str("externref")));
      if (!peek().is(TokenKind::RParen)) v.push_back(member("value", str(read_bits("i64", false))));
    } else if (result && k == "ref.func") {
      v.push_back(member("type", str("funcref")));
      v.push_back(member("value", str("0")));  // any non-null function reference
      if (!peek().is(TokenKind::RParen)) next();
    } else if (result && k == "either") {
      // Its alternatives are plain results (so reading them does not recurse without bound).
      std::vector<json::Value> alternatives;
      while (peek().is(TokenKind::LParen)) {
        if (peek_open("either")) fail(peek(), "\"either\" inside \"either\"");
        alternatives.push_back(read_value(true));
      }
      v.push_back(member("type", str("either")));
      v.push_back(member("values", json::Value::array(std::move(alternatives))));
    } else {
      // 3.0's GC results (ref.i31, ref.struct, ...): a type the runner does not know, so the
      // command fails rather than the script.
      v.push_back(member("type", str(std::string(k))));
      while (!peek().is(TokenKind::RParen)) next();
    }
    expect_rparen();
    return json::Value::object(std::move(v));
  }

  Script& script_;
  uint32_t count_ = 0;
};

}  // namespace

Result<Script> load_wast(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot open " + path);
  Script script;
  script.source.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error("cannot read " + path);
  script.path = path;
  size_t slash = path.find_last_of('/');
  script.name = slash == std::string::npos ? path : path.substr(slash + 1);
  script.dir = slash == std::string::npos ? "." : path.substr(0, slash);
  try {
    Lexer lexer(script.source);
    WastReader(script, lexer).read();
  } catch (const text::TextError& e) {
    return make_error(script.name + ":" + e.error.message, e.error.offset);
  }
  list_commands(script);
  return script;
}

Result<std::vector<uint8_t>> inline_module_binary(const Script& script, const InlineModule& m) {
  switch (m.form) {
    case InlineModule::Form::Binary:
      return std::vector<uint8_t>(m.bytes.begin(), m.bytes.end());
    case InlineModule::Form::Quote: {
      auto binary = text::wat_to_wasm(m.bytes);
      if (!binary) {
        if (m.line == 0) return make_error(script.name + ":" + binary.error().message);
        // Positions in the quoted text, which starts on the module's line of the script.
        return make_error(script.name + ":" + std::to_string(m.line) +
                          ": quoted module: " + binary.error().message);
      }
      return binary;
    }
    case InlineModule::Form::Text: {
      Lexer lexer(script.source);
      lexer.restore({m.offset, m.line, m.line_start});
      auto binary = text::read_module(lexer);
      if (!binary) return make_error(script.name + ":" + binary.error().message);
      return binary;
    }
  }
  return make_error("unknown inline module form");
}

}  // namespace zwasm::spec
