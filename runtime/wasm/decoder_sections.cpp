// Section payload decoders (spec 5.5.4 - 5.5.16). Each reads exactly one section's contents
// from a Reader bounded to that section; the caller checks the section was consumed exactly.
#include <algorithm>
#include <string>

#include "runtime/wasm/decoder_internal.h"

namespace zwasm::decoder_detail {

namespace {

constexpr uint8_t kFuncTypeTag = 0x60;
constexpr uint8_t kEndOpcode = 0x0B;
constexpr uint8_t kElemKindFuncRef = 0x00;

bool read_valtype_vec(Reader& r, const DecodeLimits& limits, std::vector<ValType>& out) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  out.resize(count);
  for (ValType& t : out)
    if (!read_valtype(r, t)) return false;
  return true;
}

// Reads `count` entries with `read_entry(T&)`, appending them to `out`. The reservation is
// capped by what the remaining bytes could hold (each entry takes at least `min_entry_bytes`),
// so memory stays proportional to the input even when the count lies.
template <class T, class ReadEntry>
bool read_entries(Reader& r, uint32_t count, size_t min_entry_bytes, std::vector<T>& out,
                  ReadEntry read_entry) {
  out.reserve(out.size() + std::min<size_t>(count, r.remaining() / min_entry_bytes));
  for (uint32_t i = 0; i < count; ++i) {
    T entry{};
    if (!read_entry(entry)) return false;
    out.push_back(std::move(entry));
  }
  return true;
}

bool read_extern_kind(Reader& r, ExternKind& out, const char* malformed_message) {
  size_t at = r.offset();
  uint8_t b;
  if (!r.u8(b)) return false;
  if (b > uint8_t(ExternKind::Global)) return r.fail_at(malformed_message, at);
  out = ExternKind(b);
  return true;
}

}  // namespace

bool decode_type_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  return read_entries(r, count, 3, m.types, [&](FuncType& type) {  // 0x60, params, results
    size_t at = r.offset();
    uint8_t tag;
    if (!r.u8(tag)) return false;
    // The reference interpreter reads this tag as a signed 7-bit LEB128, hence its wording.
    if (tag & 0x80)
      return r.fail_at("integer representation too long: malformed function type", at);
    if (tag != kFuncTypeTag) return r.fail_at("malformed function type", at);
    return read_valtype_vec(r, limits, type.params) && read_valtype_vec(r, limits, type.results);
  });
}

bool decode_import_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  // Each import: two names, a kind, a descriptor.
  return read_entries(r, count, 4, m.imports, [&](Import& imp) {
    imp.offset = r.offset();
    if (!read_name(r, imp.module) || !read_name(r, imp.name)) return false;
    if (!read_extern_kind(r, imp.kind, "malformed import kind")) return false;
    uint32_t position = uint32_t(m.imports.size());
    switch (imp.kind) {
      case ExternKind::Func:
        if (!r.u32(imp.type_index)) return false;
        m.func_import_positions.push_back(position);
        ++m.num_imported_funcs;
        break;
      case ExternKind::Table:
        if (!read_table_type(r, imp.table)) return false;
        m.table_import_positions.push_back(position);
        ++m.num_imported_tables;
        break;
      case ExternKind::Memory:
        if (!read_memory_type(r, imp.memory)) return false;
        m.memory_import_positions.push_back(position);
        ++m.num_imported_memories;
        break;
      case ExternKind::Global:
        if (!read_global_type(r, imp.global)) return false;
        m.global_import_positions.push_back(position);
        ++m.num_imported_globals;
        break;
    }
    return true;
  });
}

bool decode_function_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  m.func_types.resize(count);
  for (uint32_t& type_index : m.func_types)
    if (!r.u32(type_index)) return false;
  return true;
}

bool decode_table_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  return read_entries(r, count, 3, m.tables,  // reftype, flags, min
                      [&](TableType& table) { return read_table_type(r, table); });
}

bool decode_memory_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  return read_entries(r, count, 2, m.memories,  // flags, min
                      [&](MemoryType& memory) { return read_memory_type(r, memory); });
}

bool decode_global_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  return read_entries(r, count, 5, m.globals, [&](GlobalDef& global) {  // type, mut, instr, end
    return read_global_type(r, global.type) && read_const_expr(r, m, global.init);
  });
}

bool decode_export_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  return read_entries(r, count, 3, m.exports, [&](Export& exp) {  // name, kind, index
    return read_name(r, exp.name) && read_extern_kind(r, exp.kind, "malformed export kind") &&
           r.u32(exp.index);
  });
}

bool decode_start_section(Reader& r, Module& m, const DecodeLimits&) {
  uint32_t func_index;
  if (!r.u32(func_index)) return false;
  m.start = func_index;
  return true;
}

// Element segments (spec 5.5.12). The flags value's three bits select: bit 0 passive or
// declarative (else active), bit 1 an explicit table index (active) or declarative (passive),
// bit 2 items given as expressions (else function indices).
bool decode_element_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  // Each segment: flags, then at least an elemkind or offset, and an item count.
  return read_entries(r, count, 3, m.elems, [&](ElemSegment& seg) {
    seg.byte_offset = r.offset();
    uint32_t flags;
    if (!r.u32(flags)) return false;
    if (flags > 7) return r.fail_at("malformed elements segment kind", seg.byte_offset);
    bool not_active = flags & 1;
    bool explicit_table_or_declarative = flags & 2;
    bool expression_items = flags & 4;

    if (not_active) {
      seg.mode = explicit_table_or_declarative ? ElemSegment::Mode::Declarative
                                               : ElemSegment::Mode::Passive;
    } else {
      seg.mode = ElemSegment::Mode::Active;
      if (explicit_table_or_declarative && !r.u32(seg.table_index)) return false;
      if (!read_const_expr(r, m, seg.offset)) return false;
    }

    // Flags 0 and 4 imply funcref; the others state an elemkind (index items) or a reftype.
    seg.type = ValType::FuncRef;
    if (not_active || explicit_table_or_declarative) {
      if (expression_items) {
        if (!read_reftype(r, seg.type)) return false;
      } else {
        size_t at = r.offset();
        uint8_t kind;
        if (!r.u8(kind)) return false;
        if (kind != kElemKindFuncRef) return r.fail_at("malformed element kind", at);
      }
    }

    uint32_t item_count;
    if (!read_vec_count(r, limits, item_count)) return false;
    if (expression_items)
      return read_entries(r, item_count, 2, seg.items,
                          [&](ConstExpr& item) { return read_const_expr(r, m, item); });
    return read_entries(r, item_count, 1, seg.items, [&](ConstExpr& item) {
      item.offset = r.offset();
      item.kind = ConstExpr::Kind::RefFunc;
      item.type = ValType::FuncRef;
      return r.u32(item.index);
    });
  });
}

bool decode_data_count_section(Reader& r, Module& m, const DecodeLimits&) {
  uint32_t count;
  if (!r.u32(count)) return false;
  m.data_count = count;
  return true;
}

// Code entries (spec 5.5.13): size, then locals as (count, type) runs, then the body, which
// must finish with `end`. The instructions themselves are decoded by the validator.
bool decode_code_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  // Each entry: its size, a local-run count, and at least `end`.
  return read_entries(r, count, 3, m.codes, [&](FuncBody& body) {
    body.body_offset = r.offset();
    uint32_t size;
    if (!r.u32(size)) return false;
    size_t entry_start = r.offset();
    const uint8_t* entry_bytes;
    if (!r.bytes(size, entry_bytes)) return false;
    Reader entry(entry_bytes, size, entry_start);

    auto fail_from_entry = [&] { return r.fail_at(entry.error().message, entry.error().offset); };
    uint32_t runs;
    if (!read_vec_count(entry, limits, runs)) return fail_from_entry();
    body.locals.resize(runs);
    for (auto& [local_count, type] : body.locals) {
      size_t run_at = entry.offset();
      if (!entry.u32(local_count) || !read_valtype(entry, type)) return fail_from_entry();
      body.num_locals += local_count;
      if (body.num_locals > limits.max_locals_per_function)
        return r.fail_at("too many locals", run_at);
    }

    body.code_offset = entry.offset();
    body.code_end = entry_start + size;
    if (body.code_offset == body.code_end || entry_bytes[size - 1] != kEndOpcode)
      return r.fail_at("END opcode expected at the end of the function body", body.code_end - 1);
    return true;
  });
}

// Data segments (spec 5.5.14): flags 0 (active, memory 0), 1 (passive), 2 (active, explicit
// memory index).
bool decode_data_section(Reader& r, Module& m, const DecodeLimits& limits) {
  uint32_t count;
  if (!read_vec_count(r, limits, count)) return false;
  return read_entries(r, count, 2, m.datas, [&](DataSegment& seg) {  // flags, byte count
    seg.byte_offset = r.offset();
    uint32_t flags;
    if (!r.u32(flags)) return false;
    if (flags > 2) return r.fail_at("malformed data segment kind", seg.byte_offset);
    if (flags == 1) {
      seg.mode = DataSegment::Mode::Passive;
    } else {
      seg.mode = DataSegment::Mode::Active;
      if (flags == 2 && !r.u32(seg.memory_index)) return false;
      if (!read_const_expr(r, m, seg.offset)) return false;
    }
    if (!read_byte_count(r, seg.data_size)) return false;
    seg.data_offset = r.offset();
    return r.skip(seg.data_size);
  });
}

}  // namespace zwasm::decoder_detail
