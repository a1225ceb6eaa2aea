// The decoded form of a WebAssembly module (spec 2.5). Produced by decode(), checked by validate(),
// instantiated by the store. Function bodies stay as byte ranges into `bytes`: they are validated
// eagerly and translated to register IR lazily, on a function's first call.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/base/types.h"

namespace zwasm {

// A constant expression (spec 3.3.10). In 2.0 it is exactly one instruction before `end`.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet };
  Kind kind = Kind::I32;
  ValType type = ValType::I32;  // the value type it produces (for RefNull: the ref type)
  Cell lo = 0, hi = 0;          // literal bits (V128 uses both)
  uint32_t index = 0;           // RefFunc: function index; GlobalGet: global index
  size_t offset = 0;            // byte offset of the expression, for error messages
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t type_index = 0;  // Func: index into Module::types
  TableType table;          // Table
  MemoryType memory;        // Memory
  GlobalType global;        // Global
  size_t offset = 0;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;  // in the kind's index space (imports first)
};

struct GlobalDef {
  GlobalType type;
  ConstExpr init;
};

struct ElemSegment {
  enum class Mode : uint8_t { Active, Passive, Declarative };
  Mode mode = Mode::Active;
  ValType type = ValType::FuncRef;
  uint32_t table_index = 0;     // Active
  ConstExpr offset;             // Active: i32 offset
  std::vector<ConstExpr> items; // each yields a reference (ref.func i / ref.null / global.get)
  size_t byte_offset = 0;
};

struct DataSegment {
  enum class Mode : uint8_t { Active, Passive };
  Mode mode = Mode::Active;
  uint32_t memory_index = 0;
  ConstExpr offset;
  size_t data_offset = 0;  // into Module::bytes
  uint32_t data_size = 0;
  size_t byte_offset = 0;
};

// One defined function's code entry (spec 5.5.13).
struct FuncBody {
  // Locals as declared, run-length compressed: (count, type). Total is bounded by the decoder.
  std::vector<std::pair<uint32_t, ValType>> locals;
  uint64_t num_locals = 0;  // sum of counts (excluding params)
  size_t code_offset = 0;   // first instruction byte, in Module::bytes
  size_t code_end = 0;      // one past the final `end` opcode
  size_t body_offset = 0;   // start of the entry (its size LEB), for error messages
};

struct CustomSection {
  std::string name;
  size_t data_offset = 0;  // into Module::bytes
  size_t data_size = 0;
};

struct Module {
  std::vector<uint8_t> bytes;  // the whole binary; FuncBody/DataSegment offsets point into it

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> func_types;  // type index per *defined* function
  std::vector<TableType> tables;     // defined tables
  std::vector<MemoryType> memories;  // defined memories
  std::vector<GlobalDef> globals;    // defined globals
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<FuncBody> codes;  // parallel to func_types
  std::vector<CustomSection> customs;

  // From the "name" custom section, when present and well-formed (errors there are ignored,
  // as the spec says custom sections must not affect validity).
  std::string module_name;
  std::unordered_map<uint32_t, std::string> func_names;  // by function index (imports first)

  // Import counts per kind, so index spaces can be split into imported and defined parts.
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  // Position in `imports` of each imported function/table/memory/global, in index-space order
  // (filled by the decoder), so the helpers below answer in O(1). A Module built by hand may
  // leave them empty: the helpers then scan `imports`.
  std::vector<uint32_t> func_import_positions;
  std::vector<uint32_t> table_import_positions;
  std::vector<uint32_t> memory_import_positions;
  std::vector<uint32_t> global_import_positions;

  uint32_t total_funcs() const { return num_imported_funcs + uint32_t(func_types.size()); }
  uint32_t total_tables() const { return num_imported_tables + uint32_t(tables.size()); }
  uint32_t total_memories() const { return num_imported_memories + uint32_t(memories.size()); }
  uint32_t total_globals() const { return num_imported_globals + uint32_t(globals.size()); }

  // Helpers over the combined (imported + defined) index spaces; valid after decode.
  const FuncType& func_type(uint32_t func_index) const;
  uint32_t func_type_index(uint32_t func_index) const;
  TableType table_type(uint32_t table_index) const;
  MemoryType memory_type(uint32_t memory_index) const;
  GlobalType global_type(uint32_t global_index) const;

  // A function's display name: the name section's, else "func[N]".
  std::string func_display_name(uint32_t func_index) const;
};

}  // namespace zwasm
