// Module fields (spec 6.6): the first pass that numbers them, and each field's reading.
#include <algorithm>
#include <iterator>
#include <string_view>

#include "runtime/text/module_reader.h"

namespace zwasm::text {
namespace {

// Import/export descriptor kinds (spec 5.5.5) and the index space each names.
struct ExternKind {
  std::string_view keyword;
  uint8_t code;
  Space space;
};
constexpr ExternKind kExternKinds[] = {
    {"func", 0, Space::Func},     {"table", 1, Space::Table}, {"memory", 2, Space::Memory},
    {"global", 3, Space::Global}, {"tag", 4, Space::Tag},
};

const ExternKind* extern_kind(const Token& t) {
  for (const ExternKind& k : kExternKinds)
    if (t.is_keyword(k.keyword)) return &k;
  return nullptr;
}

}  // namespace

void ModuleReader::scan_fields() {
  for (;;) {
    Token t = peek();
    if (t.is(TokenKind::RParen) || t.is(TokenKind::Eof)) return;
    expect_lparen();
    Token keyword = next();
    if (keyword.is_keyword("type")) {
      define(Space::Type, accept_id(), keyword);
      type_fields_.push_back({lex_.save(), space(Space::Type).count - 1});
    } else if (keyword.is_keyword("rec")) {
      fail(keyword, "GC types (rec) are not supported yet");
    } else if (keyword.is_keyword("import")) {
      read_string_bytes();
      read_string_bytes();
      expect_lparen();
      Token kind_token = next();
      const ExternKind* kind = extern_kind(kind_token);
      if (!kind) fail_expected(kind_token, "an import kind");
      if (!first_definition_.empty()) fail(keyword, "import after " + first_definition_);
      auto id = accept_id();
      if (kind->space == Space::Memory) memory64_.push_back(peek().is_keyword("i64"));
      define(kind->space, id, kind_token);
      skip_form();
    } else if (const ExternKind* kind = extern_kind(keyword)) {
      auto id = accept_id();
      define(kind->space, id, keyword);
      while (accept_open("export")) skip_form();
      if (peek_open("import")) {
        if (!first_definition_.empty()) fail(keyword, "import after " + first_definition_);
        if (kind->space == Space::Memory) {
          next();
          skip_form();
        }
      } else if (first_definition_.empty()) {
        first_definition_ = std::string(keyword.text == "func" ? "function" : keyword.text);
      }
      if (kind->space == Space::Memory) memory64_.push_back(peek().is_keyword("i64"));
      // A table's inline (elem ...) and a memory's inline (data ...) define a segment here.
      if (kind->space == Space::Table || kind->space == Space::Memory) {
        std::string_view inner = kind->space == Space::Table ? "elem" : "data";
        uint32_t depth = 1;
        while (depth > 0) {
          if (depth == 1 && peek_open(inner))
            define(kind->space == Space::Table ? Space::Elem : Space::Data, std::nullopt, keyword);
          Token u = next();
          if (u.is(TokenKind::LParen)) ++depth;
          else if (u.is(TokenKind::RParen)) --depth;
          else if (u.is(TokenKind::Eof)) fail_expected(u, "\")\"");
        }
        continue;
      }
    } else if (keyword.is_keyword("elem")) {
      define(Space::Elem, accept_id(), keyword);
    } else if (keyword.is_keyword("data")) {
      define(Space::Data, accept_id(), keyword);
    } else if (!keyword.is_keyword("export") && !keyword.is_keyword("start") &&
               keyword.text != "@custom") {
      fail_expected(keyword, "a module field");
    }
    skip_form();
  }
}

void ModuleReader::read_field(const Token& keyword) {
  std::string_view k = keyword.text;
  if (k == "import") read_import();
  else if (k == "func") read_func();
  else if (k == "table") read_table();
  else if (k == "memory") read_memory();
  else if (k == "global") read_global();
  else if (k == "tag") read_tag();
  else if (k == "export") read_export();
  else if (k == "start") read_start();
  else if (k == "elem") read_elem();
  else if (k == "data") read_data();
  else fail_expected(keyword, "a module field");
}

// --- imports and exports ------------------------------------------------------------------

void ModuleReader::write_import_desc(uint8_t kind) {
  imports_.u8(kind);
  switch (kind) {
    case 0:
      imports_.u32(read_typeuse(nullptr, true));
      break;
    case 1:
      read_table_type(imports_);
      break;
    case 2:
      read_limits(imports_, true);
      break;
    case 3:
      read_global_type(imports_);
      break;
    case 4:
      imports_.u8(0x00);  // an exception tag (spec 3.0, 5.5.5)
      imports_.u32(read_typeuse(nullptr, true));
      break;
  }
  ++num_imports_;
}

void ModuleReader::read_import() {
  imports_.name(read_name());
  imports_.name(read_name());
  expect_lparen();
  const ExternKind* kind = extern_kind(next());
  accept_id();
  ++next_index_[size_t(kind->space)];
  write_import_desc(kind->code);
  expect_rparen();
  expect_rparen();
}

void ModuleReader::read_inline_exports(uint8_t kind, uint32_t index) {
  while (accept_open("export")) {
    exports_.name(read_name());
    exports_.u8(kind);
    exports_.u32(index);
    ++num_exports_;
    expect_rparen();
  }
}

// "$id? (export ...)*" and "(import ...)?" after "(func" and its kin: the index a definition
// gets, or nullopt when it was an inline import (then read, through its ")").
std::optional<uint32_t> ModuleReader::begin_definition(Space s, uint8_t kind) {
  accept_id();
  uint32_t index = next_index_[size_t(s)]++;
  read_inline_exports(kind, index);
  if (read_inline_import(kind)) return std::nullopt;
  return index;
}

// An inline import: "(func $f (export "e")* (import "m" "n") typeuse)" and its kin.
bool ModuleReader::read_inline_import(uint8_t kind) {
  if (!accept_open("import")) return false;
  imports_.name(read_name());
  imports_.name(read_name());
  expect_rparen();
  write_import_desc(kind);
  expect_rparen();
  return true;
}

void ModuleReader::read_export() {
  exports_.name(read_name());
  expect_lparen();
  Token kind_token = next();
  const ExternKind* kind = extern_kind(kind_token);
  if (!kind) fail_expected(kind_token, "an export kind");
  exports_.u8(kind->code);
  exports_.u32(read_index(kind->space));
  ++num_exports_;
  expect_rparen();
  expect_rparen();
}

void ModuleReader::read_start() {
  Token at = peek();
  if (has_start_) fail(at, "multiple start sections");
  has_start_ = true;
  start_.u32(read_index(Space::Func));
  expect_rparen();
}

// --- functions ----------------------------------------------------------------------------

void ModuleReader::read_func() {
  auto defined = begin_definition(Space::Func, 0);
  if (!defined) return;
  uint32_t index = *defined;

  Body body;
  uint32_t type = read_typeuse(&body.local_ids, true);
  functions_.u32(type);
  ++num_functions_;

  std::vector<EncodedType> locals;
  while (accept_open("local")) {
    if (peek().is(TokenKind::Id)) {
      body.local_ids.push_back(id_name(next().text));
      locals.push_back(read_valtype());
    } else {
      while (auto t = accept_valtype()) {
        body.local_ids.push_back(std::nullopt);
        locals.push_back(*t);
      }
    }
    expect_rparen();
  }
  std::vector<std::pair<uint32_t, std::string>> names;
  for (uint32_t i = 0; i < body.local_ids.size(); ++i) {
    const auto& id = body.local_ids[i];
    if (!id) continue;
    if (!body.locals.emplace(*id, i).second) fail(peek(), "duplicate local $" + *id);
    names.push_back({i, *id});
  }
  if (!names.empty()) local_names_.push_back({index, std::move(names)});

  BinaryWriter code;
  // Locals in runs of one type (spec 5.5.13).
  uint32_t runs = 0;
  BinaryWriter run_bytes;
  for (size_t i = 0; i < locals.size();) {
    size_t j = i;
    while (j < locals.size() && locals[j] == locals[i]) ++j;
    run_bytes.u32(uint32_t(j - i));
    run_bytes.append(locals[i]);
    ++runs;
    i = j;
  }
  code.u32(runs);
  code.append(run_bytes);
  read_instrs(code, body);
  code.u8(0x0B);
  expect_rparen();
  codes_.u32(uint32_t(code.size()));
  codes_.append(code);
}

// --- tables, memories, globals, tags --------------------------------------------------------

void ModuleReader::read_table_type(BinaryWriter& w) {
  BinaryWriter limits;
  read_limits(limits, false);
  w.append(read_reftype());
  w.append(limits);
}

void ModuleReader::read_global_type(BinaryWriter& w) {
  bool mut = accept_open("mut");
  w.append(read_valtype());
  w.u8(mut ? 1 : 0);
  if (mut) expect_rparen();
}

void ModuleReader::read_table() {
  auto defined = begin_definition(Space::Table, 1);
  if (!defined) return;
  uint32_t index = *defined;
  ++num_tables_;
  Token t = peek();
  bool has_limits = is_unsigned_number(t);
  if (t.is_keyword("i32") || t.is_keyword("i64")) {
    Lexer::State s = lex_.save();
    next();
    has_limits = is_unsigned_number(peek());
    lex_.restore(s);
  }
  if (has_limits) {
    BinaryWriter type;
    read_table_type(type);
    if (peek().is(TokenKind::RParen)) {
      tables_.append(type);
    } else {  // 3.0: a table with an initializer for every element (spec 5.5.7)
      tables_.u8(0x40);
      tables_.u8(0x00);
      tables_.append(type);
      read_const_expr(tables_);
    }
    expect_rparen();
    return;
  }
  // "(table addrtype? reftype (elem ...))": a table exactly as large as its elements.
  bool is64 = false;
  if (peek().is_keyword("i64") || peek().is_keyword("i32")) is64 = next().text == "i64";
  EncodedType type = read_reftype();
  expect_lparen();
  expect_keyword("elem");
  BinaryWriter items;
  uint32_t count = 0;
  bool as_exprs = false;
  EncodedType item_type = type;
  if (peek().is(TokenKind::LParen) && !peek_open("ref")) {  // elemexprs without a reftype
    as_exprs = true;
    read_elem_items(items, count);
  } else {
    read_elem_list(items, count, item_type, as_exprs);
  }
  expect_rparen();
  expect_rparen();
  tables_.append(type);
  tables_.u8(is64 ? 5 : 1);
  tables_.u64(count);
  tables_.u64(count);
  write_elem_segment(ElemMode::Active, index, zero_offset(is64), items, count, type, as_exprs);
}

void ModuleReader::read_memory() {
  auto defined = begin_definition(Space::Memory, 2);
  if (!defined) return;
  uint32_t index = *defined;
  ++num_memories_;
  bool is64 = false;
  Lexer::State s = lex_.save();
  if (peek().is_keyword("i64") || peek().is_keyword("i32")) is64 = next().text == "i64";
  if (!accept_open("data")) {
    lex_.restore(s);
    read_limits(memories_, true);
    expect_rparen();
    return;
  }
  // "(memory (data "..."*))": a memory exactly as large as its data, in pages (spec 6.6.7).
  std::string bytes = read_strings();
  expect_rparen();
  expect_rparen();
  uint64_t pages = (bytes.size() + 0xFFFF) / 0x10000;
  memories_.u8(is64 ? 5 : 1);
  memories_.u64(pages);
  memories_.u64(pages);
  write_data_segment(index, zero_offset(is64), bytes);
}

void ModuleReader::read_global() {
  if (!begin_definition(Space::Global, 3)) return;
  read_global_type(globals_);
  read_const_expr(globals_);
  ++num_globals_;
  expect_rparen();
}

void ModuleReader::read_tag() {
  if (!begin_definition(Space::Tag, 4)) return;
  tags_.u8(0x00);
  tags_.u32(read_typeuse(nullptr, true));
  ++num_tags_;
  expect_rparen();
}

// --- constant expressions and segments ------------------------------------------------------

void ModuleReader::read_const_expr(BinaryWriter& w) {
  read_instrs(w, const_body_);
  w.u8(0x0B);
}

void ModuleReader::read_offset(BinaryWriter& w) {
  if (accept_open("offset")) {
    read_const_expr(w);
    expect_rparen();
    return;
  }
  expect_lparen();  // the abbreviation: one folded instruction (spec 6.6.9)
  read_folded(w, const_body_);
  w.u8(0x0B);
}

// Element expressions: "(item instr*)" or one folded instruction each.
void ModuleReader::read_elem_items(BinaryWriter& items, uint32_t& count) {
  while (peek().is(TokenKind::LParen)) {
    if (accept_open("item")) {
      read_const_expr(items);
      expect_rparen();
    } else {
      next();
      read_folded(items, const_body_);
      items.u8(0x0B);
    }
    ++count;
  }
}

// An element list (spec 6.6.9): "func funcidx*", "reftype elemexpr*", or (for active segments)
// funcidx* alone.
void ModuleReader::read_elem_list(BinaryWriter& items, uint32_t& count, EncodedType& type,
                                  bool& as_exprs) {
  type = EncodedType(1, char(0x70));
  if (auto t = accept_valtype()) {
    type = *t;
    as_exprs = true;
    read_elem_items(items, count);
    return;
  }
  if (peek().is_keyword("func")) next();
  as_exprs = false;
  while (peek_index()) {
    items.u32(read_index(Space::Func));
    ++count;
  }
}

void ModuleReader::write_elem_segment(ElemMode mode, uint32_t table, const BinaryWriter& offset,
                                      const BinaryWriter& items, uint32_t count,
                                      const EncodedType& type, bool as_exprs) {
  // The flags (spec 5.5.12): bit 0 passive or declarative, bit 1 an explicit table (active) or
  // declarative, bit 2 expressions instead of function indices.
  bool funcref = type == EncodedType(1, char(0x70));
  uint8_t flags = as_exprs ? 4 : 0;
  if (mode == ElemMode::Passive) flags |= 1;
  if (mode == ElemMode::Declarative) flags |= 3;
  bool explicit_table = mode == ElemMode::Active && (table != 0 || !funcref);
  if (explicit_table) flags |= 2;
  elems_.u8(flags);
  if (explicit_table) elems_.u32(table);
  if (mode == ElemMode::Active) elems_.append(offset);
  if (mode != ElemMode::Active || explicit_table) {
    if (as_exprs) elems_.append(type);
    else elems_.u8(0x00);  // elemkind funcref
  }
  elems_.u32(count);
  elems_.append(items);
  ++num_elems_;
}

void ModuleReader::read_elem() {
  accept_id();
  ElemMode mode = ElemMode::Passive;
  uint32_t table = 0;
  BinaryWriter offset;
  if (peek().is_keyword("declare")) {
    next();
    mode = ElemMode::Declarative;
  } else {
    if (accept_open("table")) {
      table = read_index(Space::Table);
      expect_rparen();
      mode = ElemMode::Active;
    } else if (peek_index() && !peek().is(TokenKind::Id)) {
      table = read_index(Space::Table);  // the 1.0 form "(elem 0 (offset ...) ...)"
      mode = ElemMode::Active;
    }
    if (mode == ElemMode::Active || (peek().is(TokenKind::LParen) && !peek_open("ref"))) {
      mode = ElemMode::Active;
      read_offset(offset);
    }
  }
  BinaryWriter items;
  uint32_t count = 0;
  EncodedType type;
  bool as_exprs = false;
  read_elem_list(items, count, type, as_exprs);
  expect_rparen();
  write_elem_segment(mode, table, offset, items, count, type, as_exprs);
}

void ModuleReader::read_data() {
  accept_id();
  std::optional<uint32_t> memory;
  if (accept_open("memory")) {
    memory = read_index(Space::Memory);
    expect_rparen();
  } else if (peek_index() && !peek().is(TokenKind::Id)) {
    memory = read_index(Space::Memory);  // the 1.0 form "(data 0 (offset ...) ...)"
  }
  BinaryWriter offset;
  if (memory || peek().is(TokenKind::LParen)) {  // active
    read_offset(offset);
    memory = memory.value_or(0);
  }
  std::string bytes = read_strings();
  expect_rparen();
  write_data_segment(memory, offset, bytes);
}

// A data segment (spec 5.5.14): passive without a memory; flags 0 for memory 0, else 2.
void ModuleReader::write_data_segment(std::optional<uint32_t> memory, const BinaryWriter& offset,
                                      std::string_view bytes) {
  if (!memory) {
    datas_.u8(1);
  } else if (*memory == 0) {
    datas_.u8(0);
    datas_.append(offset);
  } else {
    datas_.u8(2);
    datas_.u32(*memory);
    datas_.append(offset);
  }
  datas_.name(bytes);
  ++num_datas_;
}

// "(i32.const 0)" (or i64 for a 64-bit table or memory): where an abbreviated segment starts.
BinaryWriter ModuleReader::zero_offset(bool is64) {
  BinaryWriter offset;
  write_op(offset, is64 ? WasmOp::I64Const : WasmOp::I32Const);
  offset.u8(0);
  offset.u8(0x0B);
  return offset;
}

// "(@custom "name" placement? "bytes"*)" (the annotations proposal's custom sections), after
// its "(@custom". placement: "(before first)", "(after last)" (the default), or "(before S)" /
// "(after S)" for a section S.
void ModuleReader::read_custom() {
  static constexpr struct {
    std::string_view name;
    uint8_t id;
  } kSections[] = {{"type", 1},   {"import", 2},  {"func", 3},     {"table", 4},
                   {"memory", 5}, {"tag", 13},    {"global", 6},   {"export", 7},
                   {"start", 8},  {"elem", 9},    {"datacount", 12}, {"code", 10},
                   {"data", 11}};
  CustomSection c;
  c.name = read_name();
  if (peek().is(TokenKind::LParen)) {
    expect_lparen();
    Token where = next();
    if (!where.is_keyword("before") && !where.is_keyword("after"))
      fail_expected(where, "\"before\" or \"after\"");
    c.before = where.text == "before";
    Token section = next();
    if (c.before && section.is_keyword("first")) {
      c.anchor = CustomSection::kFirst;
    } else if (!c.before && section.is_keyword("last")) {
      c.anchor = CustomSection::kLast;
    } else {
      const auto* s = std::find_if(std::begin(kSections), std::end(kSections),
                                   [&](const auto& e) { return section.is_keyword(e.name); });
      if (s == std::end(kSections)) fail_expected(section, "a section name");
      c.anchor = s->id;
    }
    expect_rparen();
  }
  c.bytes = read_strings();
  expect_rparen();
  customs_.push_back(std::move(c));
}

}  // namespace zwasm::text
