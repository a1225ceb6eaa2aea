// Instructions in the text format (spec 6.5): plain ones with their immediates, block
// structure, and folded instructions.
//
// Flat code is read iteratively (a label stack, not recursion), because compilers' output nests
// blocks thousands deep; folded instructions, which people write, recurse up to a fixed depth.
#include <bit>
#include <string_view>
#include <unordered_map>

#include "runtime/text/literals.h"
#include "runtime/text/module_reader.h"
#include "runtime/wasm/opcodes.h"

namespace zwasm::text {
namespace {

// Folded instructions recurse: up to 1000 levels, a few MiB of stack in the largest frames (a
// Debug build with AddressSanitizer, about 2.7 KiB a level). People nest a few dozen (the spec
// suite at most 43); compilers write flat code, which has no limit.
constexpr uint32_t kMaxFoldedDepth = 1000;

// Every instruction's text, to its op (opcodes.def is the one table of instructions).
const std::unordered_map<std::string_view, WasmOp>& ops_by_text() {
  static const auto table = [] {
    std::unordered_map<std::string_view, WasmOp> t;
    for (size_t i = 0; i < size_t(WasmOp::kCount); ++i) {
      WasmOp op = WasmOp(i);
      if (op == WasmOp::SelectT) continue;  // "select (result t)" is read as a form of select
      t.emplace(op_info(op).text, op);
    }
    return t;
  }();
  return table;
}

// A literal that looks numeric (a digit, or a sign and more): its error is its value's, not that
// an integer was expected.
bool looks_numeric(const Token& t) {
  return t.is(TokenKind::Atom) && !t.text.empty() &&
         ((t.text[0] >= '0' && t.text[0] <= '9') ||
          ((t.text[0] == '-' || t.text[0] == '+') && t.text.size() > 1));
}

}  // namespace

void write_op(BinaryWriter& w, WasmOp op) {
  const OpInfo& info = op_info(op);
  if (info.prefix) {
    w.u8(info.prefix);
    w.u32(info.code);
  } else {
    w.u8(uint8_t(info.code));
  }
}

void ModuleReader::read_instrs(BinaryWriter& w, Body& body) {
  const size_t base = body.labels.size();
  for (;;) {
    Token t = peek();
    if (t.is(TokenKind::RParen) || t.is(TokenKind::Eof)) {
      if (body.labels.size() > base) fail_expected(t, "\"end\"");
      return;
    }
    next();
    if (t.is(TokenKind::LParen)) {
      read_folded(w, body);
      continue;
    }
    if (!t.is_keyword()) fail_expected(t, "an instruction");
    if (t.text == "block" || t.text == "loop" || t.text == "if") {
      WasmOp op = t.text == "block" ? WasmOp::Block : t.text == "loop" ? WasmOp::Loop : WasmOp::If;
      write_op(w, op);
      push_label(body, op == WasmOp::If ? LabelKind::If : LabelKind::Block);
      read_block_type(w);
      continue;
    }
    if (t.text == "else" || t.text == "end") {
      if (body.labels.size() <= base) fail(t, "unexpected \"" + std::string(t.text) + "\"");
      Label& label = body.labels.back();
      if (t.text == "else") {
        if (label.kind != LabelKind::If) fail(t, "unexpected \"else\"");
        label.kind = LabelKind::Else;
      }
      // "end $l" / "else $l" repeat the block's label (spec 6.5.2).
      if (peek().is(TokenKind::Id)) {
        Token id = next();
        if (!label.id || *label.id != id_name(id.text)) fail(id, "mismatching label");
      }
      if (t.text == "end") body.labels.pop_back();
      write_op(w, t.text == "end" ? WasmOp::End : WasmOp::Else);
      continue;
    }
    read_plain(w, body, t);
  }
}

void ModuleReader::read_folded(BinaryWriter& w, Body& body) {
  Token t = next();
  if (!t.is_keyword()) fail_expected(t, "an instruction");
  if (++body.folded_depth > kMaxFoldedDepth) fail(t, "folded instructions nest too deeply");
  if (t.text == "block" || t.text == "loop") {
    write_op(w, t.text == "block" ? WasmOp::Block : WasmOp::Loop);
    push_label(body, LabelKind::Block);
    read_block_type(w);
    read_instrs(w, body);
    body.labels.pop_back();
    write_op(w, WasmOp::End);
  } else if (t.text == "if") {
    // "(if label bt cond* (then instr*) (else instr*)?)": the conditions come first, outside
    // the if's block (spec 6.5.5).
    std::optional<std::string> id;
    if (peek().is(TokenKind::Id)) id = id_name(next().text);
    BinaryWriter type;
    read_block_type(type);
    while (peek().is(TokenKind::LParen) && !peek_open("then")) {
      next();
      read_folded(w, body);
    }
    write_op(w, WasmOp::If);
    w.append(type);
    body.labels.push_back({std::move(id), LabelKind::If});
    expect_lparen();
    expect_keyword("then");
    read_instrs(w, body);
    expect_rparen();
    if (accept_open("else")) {
      write_op(w, WasmOp::Else);
      read_instrs(w, body);
      expect_rparen();
    }
    body.labels.pop_back();
    write_op(w, WasmOp::End);
  } else {
    // "(op immediates folded*)": the operands, then the op (spec 6.5.5).
    BinaryWriter op;
    read_plain(op, body, t);
    while (peek().is(TokenKind::LParen)) {
      next();
      read_folded(w, body);
    }
    w.append(op);
  }
  --body.folded_depth;
  expect_rparen();
}

void ModuleReader::push_label(Body& body, LabelKind kind) {
  std::optional<std::string> id;
  if (peek().is(TokenKind::Id)) id = id_name(next().text);
  body.labels.push_back({std::move(id), kind});
}

// A block type (spec 6.5.2): a type use, written as a value type when it has no parameters and
// at most one result (spec 5.4.1).
void ModuleReader::read_block_type(BinaryWriter& w) {
  if (peek_open("type")) {
    w.s64(read_typeuse(nullptr, false));
    return;
  }
  FuncSig sig;
  read_params_results(sig, nullptr, false);
  if (sig.params.empty() && sig.results.empty()) return w.u8(0x40);
  if (sig.params.empty() && sig.results.size() == 1) return w.append(sig.results[0]);
  w.s64(type_index_for(sig));
}

uint32_t ModuleReader::read_label_index(Body& body) {
  Token t = next();
  if (t.is(TokenKind::Id)) {
    std::string name = id_name(t.text);
    for (size_t i = body.labels.size(); i-- > 0;)
      if (body.labels[i].id == name) return uint32_t(body.labels.size() - 1 - i);
    fail(t, "unknown label " + std::string(t.text));
  }
  auto v = t.is(TokenKind::Atom) ? parse_unsigned(t.text, 32) : std::nullopt;
  if (!v) fail_expected(t, "a label");
  return uint32_t(*v);
}

uint32_t ModuleReader::read_local_index(Body& body) {
  Token t = next();
  if (t.is(TokenKind::Id)) {
    auto it = body.locals.find(id_name(t.text));
    if (it == body.locals.end()) fail(t, "unknown local " + std::string(t.text));
    return it->second;
  }
  auto v = t.is(TokenKind::Atom) ? parse_unsigned(t.text, 32) : std::nullopt;
  if (!v) fail_expected(t, "a local");
  return uint32_t(*v);
}

// "memidx? offset=N? align=N?" (spec 6.5.7): the alignment is written as its exponent, with bit
// 6 set when a memory index follows (3.0's multi-memory, spec 5.4.7).
void ModuleReader::read_memarg(BinaryWriter& w, uint32_t natural_align_log2) {
  uint32_t memory = accept_index(Space::Memory).value_or(0);
  uint64_t offset = 0;
  uint32_t align_log2 = natural_align_log2;
  Token t = peek();
  if (t.is(TokenKind::Atom) && t.text.starts_with("offset=")) {
    next();
    auto v = parse_unsigned(t.text.substr(7), 64);
    if (!v) fail(t, "malformed or out-of-range offset \"" + std::string(t.text) + "\"");
    offset = *v;
    // A 32-bit memory's offsets are u32 (spec 6.5.7); only memory64 takes larger ones.
    bool is64 = memory < memory64_.size() && memory64_[memory];
    if (!is64 && offset > 0xFFFFFFFFu) fail(t, "i32 constant out of range: \"" + std::string(t.text) + "\"");
    t = peek();
  }
  if (t.is(TokenKind::Atom) && t.text.starts_with("align=")) {
    next();
    auto v = parse_unsigned(t.text.substr(6), 64);  // validation bounds it (spec 3.3.7)
    if (!v) fail(t, "malformed alignment \"" + std::string(t.text) + "\"");
    if (*v == 0 || (*v & (*v - 1))) fail(t, "alignment must be a power of two");
    align_log2 = uint32_t(std::countr_zero(*v));
  }
  if (memory != 0) {
    w.u32(align_log2 | 0x40);
    w.u32(memory);
  } else {
    w.u32(align_log2);
  }
  w.u64(offset);
}

void ModuleReader::read_v128_const(BinaryWriter& w) {
  Token shape = next();
  struct Shape {
    std::string_view name;
    unsigned lanes, bits;
    bool is_float;
  };
  static constexpr Shape kShapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false},
                                      {"i32x4", 4, 32, false}, {"i64x2", 2, 64, false},
                                      {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
  const Shape* s = nullptr;
  for (const Shape& candidate : kShapes)
    if (shape.is_keyword(candidate.name)) s = &candidate;
  if (!s) fail_expected(shape, "a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
  for (unsigned i = 0; i < s->lanes; ++i) {
    Token lane = next();
    std::optional<uint64_t> bits;
    if (lane.is(TokenKind::Atom)) {
      if (!s->is_float) bits = parse_int(lane.text, s->bits);
      else if (s->bits == 32) bits = parse_f32(lane.text);
      else bits = parse_f64(lane.text);
    }
    if (!bits) {
      if (!lane.is(TokenKind::Atom)) fail_expected(lane, "a v128 lane");
      fail(lane, "malformed or out-of-range lane \"" + std::string(lane.text) + "\"");
    }
    w.append(&*bits, s->bits / 8);  // little-endian hosts only, as BinaryWriter::fixed32
  }
}

void ModuleReader::read_plain(BinaryWriter& w, Body& body, const Token& t) {
  const auto& ops = ops_by_text();
  auto found = ops.find(t.text);
  if (found == ops.end()) fail(t, "unknown operator \"" + std::string(t.text) + "\"");
  WasmOp op = found->second;
  const OpInfo& info = op_info(op);

  if (op == WasmOp::Select) {
    // "select (result t)*" is the typed select (spec 6.5.4).
    std::vector<EncodedType> types;
    while (accept_open("result")) {
      while (auto v = accept_valtype()) types.push_back(*v);
      expect_rparen();
    }
    if (types.empty()) return write_op(w, WasmOp::Select);
    write_op(w, WasmOp::SelectT);
    w.u32(uint32_t(types.size()));
    for (const EncodedType& type : types) w.append(type);
    return;
  }
  if (op == WasmOp::Block || op == WasmOp::Loop || op == WasmOp::If || op == WasmOp::Else ||
      op == WasmOp::End)
    fail(t, "unexpected \"" + std::string(t.text) + "\"");

  write_op(w, op);
  switch (info.imm) {
    case ImmKind::None:
    case ImmKind::BlockType:
      return;
    case ImmKind::LabelIdx:
      return w.u32(read_label_index(body));
    case ImmKind::BrTable: {
      std::vector<uint32_t> labels;
      do labels.push_back(read_label_index(body));
      while (peek_index());
      w.u32(uint32_t(labels.size() - 1));
      for (uint32_t l : labels) w.u32(l);
      return;
    }
    case ImmKind::FuncIdx:
      return w.u32(read_index(Space::Func));
    case ImmKind::CallIndirect: {
      uint32_t table = accept_index(Space::Table).value_or(0);
      w.u32(read_typeuse(nullptr, false));
      return w.u32(table);
    }
    case ImmKind::RefType:
      return write_heaptype(w, next());
    case ImmKind::SelectTypes:
      return;  // handled above
    case ImmKind::LocalIdx:
      return w.u32(read_local_index(body));
    case ImmKind::GlobalIdx:
      return w.u32(read_index(Space::Global));
    case ImmKind::TableIdx:
      return w.u32(accept_index(Space::Table).value_or(0));
    case ImmKind::ElemIdx:
      return w.u32(read_index(Space::Elem));
    case ImmKind::DataIdx:
      uses_data_count_ = true;
      return w.u32(read_index(Space::Data));
    case ImmKind::MemIdx:
      return w.u32(accept_index(Space::Memory).value_or(0));
    case ImmKind::ElemTable:
    case ImmKind::DataMem: {
      // "table.init x? y" / "memory.init x? y": with one index it is the segment's (spec 6.5.6).
      bool is_table = info.imm == ImmKind::ElemTable;
      if (!is_table) uses_data_count_ = true;
      Token first = next();
      uint32_t target = 0, segment;
      if (peek_index()) {
        target = resolve(first, is_table ? Space::Table : Space::Memory);
        segment = read_index(is_table ? Space::Elem : Space::Data);
      } else {
        segment = resolve(first, is_table ? Space::Elem : Space::Data);
      }
      w.u32(segment);
      return w.u32(target);
    }
    case ImmKind::TableTable:
    case ImmKind::MemMem: {
      Space s = info.imm == ImmKind::TableTable ? Space::Table : Space::Memory;
      uint32_t dst = 0, src = 0;
      if (peek_index()) {
        dst = read_index(s);
        src = read_index(s);
      }
      w.u32(dst);
      return w.u32(src);
    }
    case ImmKind::MemArg:
      return read_memarg(w, natural_alignment_log2(op));
    case ImmKind::MemArgLane: {
      // "memidx? memarg lane": a lone number is the lane, two are memory and lane.
      Lexer::State s = lex_.save();
      bool has_memory = false;
      if (peek().is(TokenKind::Id)) {
        has_memory = true;
      } else if (is_unsigned_number(peek())) {
        next();
        Token after = peek();
        has_memory = is_unsigned_number(after) || (after.is(TokenKind::Atom) &&
                                          (after.text.starts_with("offset=") ||
                                           after.text.starts_with("align=")));
      }
      lex_.restore(s);
      if (has_memory || !is_unsigned_number(peek())) {
        read_memarg(w, natural_alignment_log2(op));
      } else {
        w.u32(natural_alignment_log2(op));  // the default memarg, then the lane
        w.u8(0);
      }
      [[fallthrough]];
    }
    case ImmKind::Lane: {
      Token lane = next();
      auto v = lane.is(TokenKind::Atom) ? parse_unsigned(lane.text, 8) : std::nullopt;
      if (!v) fail_expected(lane, "a lane index");
      return w.u8(uint8_t(*v));
    }
    case ImmKind::Shuffle:
      for (int i = 0; i < 16; ++i) {
        Token lane = next();
        auto v = lane.is(TokenKind::Atom) ? parse_unsigned(lane.text, 8) : std::nullopt;
        if (!v) fail_expected(lane, "a lane index");
        w.u8(uint8_t(*v));
      }
      return;
    case ImmKind::I32:
    case ImmKind::I64: {
      Token c = next();
      unsigned bits = info.imm == ImmKind::I32 ? 32 : 64;
      auto v = c.is(TokenKind::Atom) ? parse_int(c.text, bits) : std::nullopt;
      if (!v) {
        if (!looks_numeric(c)) fail_expected(c, "an integer");
        fail(c, "malformed or out-of-range integer \"" + std::string(c.text) + "\"");
      }
      if (bits == 32) return w.s32(int32_t(uint32_t(*v)));
      return w.s64(int64_t(*v));
    }
    case ImmKind::F32:
    case ImmKind::F64: {
      Token c = next();
      bool is32 = info.imm == ImmKind::F32;
      std::optional<uint64_t> bits;
      if (c.is(TokenKind::Atom)) {
        if (is32) bits = parse_f32(c.text);
        else bits = parse_f64(c.text);
      }
      if (!bits) {
        if (!c.is(TokenKind::Atom)) fail_expected(c, "a float");
        fail(c, "malformed or out-of-range float \"" + std::string(c.text) + "\"");
      }
      if (is32) return w.fixed32(uint32_t(*bits));
      return w.fixed64(*bits);
    }
    case ImmKind::V128:
      return read_v128_const(w);
  }
}

}  // namespace zwasm::text
