// Module helpers over the combined (imported + defined) index spaces (spec 2.5.1: imports
// come first in every index space).
#include "runtime/wasm/module.h"

namespace zwasm {

namespace {

// The Import behind the `index`-th import of `kind`, or nullptr when out of range. Uses the
// decoder's position table when it is complete, else scans (hand-built modules).
const Import* find_import(const Module& m, ExternKind kind, const std::vector<uint32_t>& positions,
                          uint32_t count, uint32_t index) {
  if (index >= count) return nullptr;
  if (positions.size() == count) {
    uint32_t position = positions[index];
    return position < m.imports.size() ? &m.imports[position] : nullptr;
  }
  uint32_t seen = 0;
  for (const Import& imp : m.imports) {
    if (imp.kind != kind) continue;
    if (seen++ == index) return &imp;
  }
  return nullptr;
}

}  // namespace

uint32_t Module::func_type_index(uint32_t func_index) const {
  if (func_index < num_imported_funcs) {
    const Import* imp = find_import(*this, ExternKind::Func, func_import_positions,
                                    num_imported_funcs, func_index);
    return imp ? imp->type_index : UINT32_MAX;
  }
  uint64_t defined = uint64_t(func_index) - num_imported_funcs;
  return defined < func_types.size() ? func_types[defined] : UINT32_MAX;
}

const FuncType& Module::func_type(uint32_t func_index) const {
  // Callers validate indices first; an out-of-range one yields an empty type rather than UB.
  static const FuncType kNoType;
  uint32_t type_index = func_type_index(func_index);
  return type_index < types.size() ? types[type_index] : kNoType;
}

TableType Module::table_type(uint32_t table_index) const {
  if (table_index < num_imported_tables) {
    const Import* imp = find_import(*this, ExternKind::Table, table_import_positions,
                                    num_imported_tables, table_index);
    return imp ? imp->table : TableType{};
  }
  uint64_t defined = uint64_t(table_index) - num_imported_tables;
  return defined < tables.size() ? tables[defined] : TableType{};
}

MemoryType Module::memory_type(uint32_t memory_index) const {
  if (memory_index < num_imported_memories) {
    const Import* imp = find_import(*this, ExternKind::Memory, memory_import_positions,
                                    num_imported_memories, memory_index);
    return imp ? imp->memory : MemoryType{};
  }
  uint64_t defined = uint64_t(memory_index) - num_imported_memories;
  return defined < memories.size() ? memories[defined] : MemoryType{};
}

GlobalType Module::global_type(uint32_t global_index) const {
  if (global_index < num_imported_globals) {
    const Import* imp = find_import(*this, ExternKind::Global, global_import_positions,
                                    num_imported_globals, global_index);
    return imp ? imp->global : GlobalType{};
  }
  uint64_t defined = uint64_t(global_index) - num_imported_globals;
  return defined < globals.size() ? globals[defined].type : GlobalType{};
}

std::string Module::func_display_name(uint32_t func_index) const {
  auto it = func_names.find(func_index);
  if (it != func_names.end() && !it->second.empty()) return it->second;
  return "func[" + std::to_string(func_index) + "]";
}

}  // namespace zwasm
