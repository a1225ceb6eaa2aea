// Types in the text format (spec 6.4): value and reference types, function types, type uses,
// limits.
#include <string_view>

#include "runtime/text/literals.h"
#include "runtime/text/module_reader.h"

namespace zwasm::text {
namespace {

struct Named {
  std::string_view text;
  uint8_t code;
};

// Abstract heap types (spec 3.0, 5.3.3) and their reference-type shorthands ("funcref" is
// (ref null func)).
constexpr Named kHeapTypes[] = {
    {"func", 0x70},   {"extern", 0x6F}, {"any", 0x6E},     {"eq", 0x6D},       {"i31", 0x6C},
    {"struct", 0x6B}, {"array", 0x6A},  {"exn", 0x69},     {"nofunc", 0x73},   {"noextern", 0x72},
    {"none", 0x71},   {"noexn", 0x74},
};
constexpr Named kRefShorthands[] = {
    {"funcref", 0x70},   {"externref", 0x6F}, {"anyref", 0x6E},      {"eqref", 0x6D},
    {"i31ref", 0x6C},    {"structref", 0x6B}, {"arrayref", 0x6A},    {"exnref", 0x69},
    {"nullfuncref", 0x73}, {"nullexternref", 0x72}, {"nullref", 0x71}, {"nullexnref", 0x74},
};
constexpr Named kNumTypes[] = {
    {"i32", 0x7F}, {"i64", 0x7E}, {"f32", 0x7D}, {"f64", 0x7C}, {"v128", 0x7B},
};

template <size_t N>
std::optional<uint8_t> find(const Named (&table)[N], std::string_view text) {
  for (const Named& n : table)
    if (n.text == text) return n.code;
  return std::nullopt;
}

}  // namespace

void ModuleReader::write_heaptype(BinaryWriter& w, const Token& t) {
  if (t.is(TokenKind::Atom)) {
    if (auto code = find(kHeapTypes, t.text)) return w.u8(*code);
  }
  if (t.is(TokenKind::Id) || is_unsigned_number(t)) {
    return w.s64(resolve(t, Space::Type));  // a type index is an s33 (spec 5.3.5)
  }
  fail_expected(t, "a heap type");
}

std::optional<EncodedType> ModuleReader::accept_valtype() {
  Token t = peek();
  if (t.is(TokenKind::Atom)) {
    auto code = find(kNumTypes, t.text);
    if (!code) code = find(kRefShorthands, t.text);
    if (!code) return std::nullopt;
    next();
    return EncodedType(1, char(*code));
  }
  if (!peek_open("ref")) return std::nullopt;
  next();
  next();
  bool nullable = false;
  if (peek().is_keyword("null")) {
    next();
    nullable = true;
  }
  BinaryWriter w;
  Token ht = next();
  write_heaptype(w, ht);
  expect_rparen();
  // (ref null func) is funcref: the one-byte form is the one a 2.0 decoder knows.
  if (nullable && w.size() == 1 && w.bytes()[0] >= 0x69) return EncodedType(1, char(w.bytes()[0]));
  EncodedType out(1, char(nullable ? 0x63 : 0x64));
  out.append(w.bytes().begin(), w.bytes().end());
  return out;
}

EncodedType ModuleReader::read_valtype() {
  if (auto t = accept_valtype()) return *t;
  fail_expected(peek(), "a value type");
}

EncodedType ModuleReader::read_reftype() {
  Token at = peek();
  EncodedType t = read_valtype();
  uint8_t b = uint8_t(t[0]);
  if (b >= 0x7B) fail_expected(at, "a reference type");
  return t;
}

void ModuleReader::read_params_results(FuncSig& sig,
                                       std::vector<std::optional<std::string>>* param_ids,
                                       bool allow_names) {
  while (accept_open("param")) {
    if (peek().is(TokenKind::Id)) {
      Token id = peek();
      if (!allow_names) fail(id, "unexpected token: a parameter here cannot be named");
      std::string name = id_name(next().text);
      sig.params.push_back(read_valtype());
      if (param_ids) param_ids->push_back(std::move(name));
    } else {
      while (auto t = accept_valtype()) {
        sig.params.push_back(*t);
        if (param_ids) param_ids->push_back(std::nullopt);
      }
    }
    expect_rparen();
  }
  while (accept_open("result")) {
    while (auto t = accept_valtype()) sig.results.push_back(*t);
    expect_rparen();
  }
}

uint32_t ModuleReader::type_index_for(const FuncSig& sig) {
  auto [it, added] = type_indices_.emplace(sig, uint32_t(types_.size()));
  if (added) types_.push_back(sig);
  return it->second;
}

uint32_t ModuleReader::read_typeuse(std::vector<std::optional<std::string>>* param_ids,
                                    bool allow_names) {
  std::optional<uint32_t> explicit_index;
  Token at;  // the type index, when there is one
  if (accept_open("type")) {
    at = peek();
    explicit_index = read_index(Space::Type);
    expect_rparen();
  }
  FuncSig sig;
  std::vector<std::optional<std::string>> ids;
  Token inline_at = peek();
  read_params_results(sig, &ids, allow_names);
  bool has_inline = !sig.params.empty() || !sig.results.empty();
  if (explicit_index) {
    // An undefined index is validation's to reject ("unknown type"), unless the text needs the
    // type to check an inline signature against it (spec 6.6.3).
    bool defined = *explicit_index < space(Space::Type).count;
    if (!defined && has_inline) fail(at, "unknown type");
    if (has_inline && !(types_[*explicit_index] == sig)) fail(inline_at, "inline function type");
    if (param_ids) {
      if (has_inline) *param_ids = std::move(ids);
      else if (defined) param_ids->assign(types_[*explicit_index].params.size(), std::nullopt);
    }
    return *explicit_index;
  }
  if (param_ids) *param_ids = std::move(ids);
  return type_index_for(sig);
}

void ModuleReader::read_limits(BinaryWriter& w, bool is_memory) {
  // An address type (3.0's memory64 and table64): i32 is the default.
  bool is64 = false;
  if (peek().is_keyword("i64") || peek().is_keyword("i32")) is64 = next().text == "i64";
  uint64_t min = read_u64("a limit");
  std::optional<uint64_t> max;
  if (is_unsigned_number(peek())) max = read_u64("a limit");
  bool shared = is_memory && peek().is_keyword("shared");
  if (shared) next();
  if (!is64) {
    Token at = peek();
    if (min > 0xFFFFFFFFu || (max && *max > 0xFFFFFFFFu)) fail(at, "i32 constant out of range");
  }
  w.u8(uint8_t((max ? 1 : 0) | (shared ? 2 : 0) | (is64 ? 4 : 0)));
  w.u64(min);
  if (max) w.u64(*max);
}

// "(type $id? (func ...))" with the lexer just after "(type $id?" (spec 6.6.2). Parameter
// identifiers in a type definition are allowed but bind nothing.
void ModuleReader::read_type_field(uint32_t index) {
  expect_lparen();
  Token kind = next();
  if (!kind.is_keyword("func")) {
    if (kind.is_keyword("sub") || kind.is_keyword("struct") || kind.is_keyword("array"))
      fail(kind, "GC types are not supported yet");
    fail_expected(kind, "\"func\"");
  }
  accept_id();
  FuncSig sig;
  read_params_results(sig, nullptr, true);
  expect_rparen();
  expect_rparen();
  types_[index] = std::move(sig);
}

}  // namespace zwasm::text
