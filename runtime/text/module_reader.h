// The reader of one text module (spec 6.6 "Modules"), internal to runtime/text/.
//
// Two passes over the source. The first numbers every index space in order of appearance and
// records identifiers, so a field may refer to one defined after it (spec 6.6.1: the identifier
// context is that of the whole module). The second reads each field and writes its binary form
// into the section it belongs to; the sections are assembled in binary order at the end.
// Errors unwind as TextError (token_reader.h), caught by the entry points in wat.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/text/binary_writer.h"
#include "runtime/text/lexer.h"
#include "runtime/text/token_reader.h"
#include "runtime/wasm/opcodes.h"

namespace zwasm::text {

// A value type in its binary encoding (one byte, or 0x63/0x64 and a heap type for 3.0's
// (ref null? ht)), so types compare by their bytes.
using EncodedType = std::string;

struct FuncSig {
  std::vector<EncodedType> params;
  std::vector<EncodedType> results;
  auto operator<=>(const FuncSig&) const = default;
};

// An instruction's opcode: its prefix byte and LEB code, or its one byte (opcodes.def).
void write_op(BinaryWriter& w, WasmOp op);

// An unsigned number: an index, a limit, a lane (its grammar checked when it is read).
inline bool is_unsigned_number(const Token& t) {
  return t.is(TokenKind::Atom) && !t.text.empty() && t.text[0] >= '0' && t.text[0] <= '9';
}

// An index space: how many entries it has, and the index of each identifier.
struct IndexSpace {
  const char* what;  // "function", "table", ... (for messages)
  uint32_t count = 0;
  std::unordered_map<std::string, uint32_t> ids;
};

enum class Space : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data, kCount };

class ModuleReader : TokenReader {
 public:
  // `allow_definition`: also read a script's "(module definition ...)".
  explicit ModuleReader(Lexer& lexer, bool allow_definition = false)
      : TokenReader(lexer), allow_definition_(allow_definition) {}

  // Reads "(module $id? field*)" (its "(" not yet read) or, when `bare`, the fields alone up to
  // the end of input. Throws TextError.
  std::vector<uint8_t> read(bool bare, std::string* name);

 private:
  uint64_t read_u64(const char* what);  // an unsigned literal of up to 64 bits

  // --- indices ---
  IndexSpace& space(Space s) { return spaces_[size_t(s)]; }
  void define(Space s, const std::optional<std::string>& id, const Token& at);
  // An index: a number or an identifier of space `s`.
  uint32_t read_index(Space s);
  uint32_t resolve(const Token& t, Space s);
  std::optional<uint32_t> accept_index(Space s);
  bool peek_index() {
    Token t = peek();
    return t.is(TokenKind::Id) || is_unsigned_number(t);
  }

  // --- types (module_types.cpp) ---
  EncodedType read_valtype();
  std::optional<EncodedType> accept_valtype();
  EncodedType read_reftype();
  void write_heaptype(BinaryWriter& w, const Token& at);
  // A typeuse (spec 6.6.3): "(type x)?" then params and results. Returns the type index;
  // `param_ids`, if given, receives the parameters' identifiers (empty for unnamed ones).
  uint32_t read_typeuse(std::vector<std::optional<std::string>>* param_ids, bool allow_names);
  // Reads "(param ...)*" and "(result ...)*" into `sig`.
  void read_params_results(FuncSig& sig, std::vector<std::optional<std::string>>* param_ids,
                           bool allow_names);
  uint32_t type_index_for(const FuncSig& sig);  // an existing type, or a new implicit one
  void read_limits(BinaryWriter& w, bool is_memory);
  void read_type_field(uint32_t index);

  // --- fields (module_fields.cpp) ---
  enum class ElemMode : uint8_t { Passive, Active, Declarative };
  void scan_fields();
  void read_field(const Token& keyword);
  void read_import();
  void write_import_desc(uint8_t kind);
  bool read_inline_import(uint8_t kind);
  std::optional<uint32_t> begin_definition(Space s, uint8_t kind);
  void read_inline_exports(uint8_t kind, uint32_t index);
  void read_export();
  void read_start();
  void read_func();
  void read_table_type(BinaryWriter& w);
  void read_global_type(BinaryWriter& w);
  void read_table();
  void read_memory();
  void read_global();
  void read_tag();
  void read_const_expr(BinaryWriter& w);  // instr* up to ")" (not consumed), then end
  void read_offset(BinaryWriter& w);      // (offset instr*) or one folded instruction
  void read_elem_items(BinaryWriter& items, uint32_t& count);
  void read_elem_list(BinaryWriter& items, uint32_t& count, EncodedType& type, bool& as_exprs);
  void write_elem_segment(ElemMode mode, uint32_t table, const BinaryWriter& offset,
                          const BinaryWriter& items, uint32_t count, const EncodedType& type,
                          bool as_exprs);
  void read_elem();
  void read_data();
  void write_data_segment(std::optional<uint32_t> memory, const BinaryWriter& offset,
                          std::string_view bytes);
  static BinaryWriter zero_offset(bool is64);
  void read_custom();
  std::vector<uint8_t> assemble();

  // --- instructions (instructions.cpp) ---
  enum class LabelKind : uint8_t { Block, If, Else };  // Block: block or loop
  struct Label {
    std::optional<std::string> id;
    LabelKind kind;
  };
  struct Body {
    std::vector<std::optional<std::string>> local_ids;  // params, then locals
    std::unordered_map<std::string, uint32_t> locals;
    std::vector<Label> labels;  // innermost last
    uint32_t folded_depth = 0;  // nesting of folded instructions, which the reader recurses on
  };
  // Instructions up to the ")" closing the current form (not consumed) or the end of input.
  void read_instrs(BinaryWriter& w, Body& body);
  // A folded instruction, its "(" already read, through its ")".
  void read_folded(BinaryWriter& w, Body& body);
  void read_plain(BinaryWriter& w, Body& body, const Token& op);
  void read_block_type(BinaryWriter& w);
  void push_label(Body& body, LabelKind kind);
  uint32_t read_label_index(Body& body);
  uint32_t read_local_index(Body& body);
  void read_memarg(BinaryWriter& w, uint32_t natural_align_log2);
  void read_v128_const(BinaryWriter& w);

  bool allow_definition_;
  IndexSpace spaces_[size_t(Space::kCount)] = {
      IndexSpace{"type", 0, {}},   IndexSpace{"function", 0, {}}, IndexSpace{"table", 0, {}},
      IndexSpace{"memory", 0, {}}, IndexSpace{"global", 0, {}},   IndexSpace{"tag", 0, {}},
      IndexSpace{"elem", 0, {}},   IndexSpace{"data", 0, {}}};
  Body const_body_;  // the body constant expressions are read in: no locals, no labels

  // Types: explicit ones first (their index order), implicit ones appended (spec 6.6.3); and
  // the smallest index of each signature, for the implicit ones' reuse.
  std::vector<FuncSig> types_;
  std::map<FuncSig, uint32_t> type_indices_;
  // Where each explicit type's field continues after "(type $id?", and its index.
  std::vector<std::pair<Lexer::State, uint32_t>> type_fields_;

  // The first definition (not an import) of a function, table, memory, global or tag, for the
  // text rule that imports precede them (spec 6.6.5); empty while there is none.
  std::string first_definition_;
  std::vector<bool> memory64_;  // per memory: whether its address type is i64 (3.0's memory64)
  bool uses_data_count_ = false;

  BinaryWriter imports_, functions_, tables_, memories_, tags_, globals_, exports_, start_,
      elems_, codes_, datas_;
  uint32_t num_imports_ = 0, num_functions_ = 0, num_tables_ = 0, num_memories_ = 0,
           num_tags_ = 0, num_globals_ = 0, num_exports_ = 0, num_elems_ = 0, num_datas_ = 0;
  bool has_start_ = false;
  // "(@custom "name" (before|after section)? "bytes"*)": where it goes, and what.
  struct CustomSection {
    static constexpr uint8_t kFirst = 0xFE, kLast = 0xFF;  // anchors besides section ids
    uint8_t anchor = kLast;
    bool before = false;
    std::string name, bytes;
  };
  std::vector<CustomSection> customs_;
  // The second pass's position in the spaces of definitions that may be imported (segments'
  // indices are not needed: they are never named in their own field).
  uint32_t next_index_[size_t(Space::kCount)] = {};
  std::string module_name_;
  // Per function with named parameters or locals: its index, and theirs with their names.
  std::vector<std::pair<uint32_t, std::vector<std::pair<uint32_t, std::string>>>> local_names_;
};

}  // namespace zwasm::text
