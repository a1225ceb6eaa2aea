// Module validation (spec 3.4): index spaces, limits, constant expressions, segments, exports,
// the start function, then every function body (validate_func.cpp).
#include "runtime/wasm/validator.h"

#include <string>
#include <string_view>
#include <unordered_set>

#include "runtime/wasm/validate_func.h"

namespace zwasm {
namespace {

using validation::ModuleContext;

std::string str(uint64_t v) { return std::to_string(v); }

// Limits within range k (spec 3.2.1).
Result<void> check_limits(const Limits& limits, uint64_t range, const char* range_message,
                          size_t offset) {
  if (limits.min > range) return make_error(range_message, offset);
  if (limits.max) {
    if (*limits.max > range) return make_error(range_message, offset);
    if (limits.min > *limits.max)
      return make_error("size minimum must not be greater than maximum", offset);
  }
  return {};
}

constexpr const char* kMemoryRange = "memory size must be at most 65536 pages (4GiB)";
constexpr const char* kTableRange = "table size must be at most 2^32-1";

Result<void> check_table_type(const TableType& t, size_t offset) {
  if (!is_ref(t.elem)) return make_error("malformed reference type", offset);
  return check_limits(t.limits, kMaxTableSize, kTableRange, offset);
}

Result<void> check_memory_type(const MemoryType& t, size_t offset) {
  return check_limits(t.limits, kMaxPages32, kMemoryRange, offset);
}

// Builds the flattened index spaces; checks the type index of every function.
Result<void> build_index_spaces(const Module& m, ModuleContext& ctx) {
  uint32_t imported_funcs = 0;
  for (const Import& imp : m.imports) {
    switch (imp.kind) {
      case ExternKind::Func:
        if (imp.type_index >= m.types.size())
          return make_error("unknown type " + str(imp.type_index) + " in import \"" + imp.module +
                                "\" \"" + imp.name + "\"",
                            imp.offset);
        ctx.func_type_indices.push_back(imp.type_index);
        ++imported_funcs;
        break;
      case ExternKind::Table:
        ZW_TRY(check_table_type(imp.table, imp.offset));
        ctx.tables.push_back(imp.table);
        break;
      case ExternKind::Memory:
        ZW_TRY(check_memory_type(imp.memory, imp.offset));
        if (ctx.has_memory) return make_error("multiple memories", imp.offset);
        ctx.has_memory = true;
        break;
      case ExternKind::Global:
        ctx.globals.push_back(imp.global);
        break;
    }
  }
  if (imported_funcs != m.num_imported_funcs)
    return make_error("internal error: import counts disagree with the imports");
  if (m.func_types.size() != m.codes.size())
    return make_error("function and code section have inconsistent lengths");
  for (size_t i = 0; i < m.func_types.size(); ++i) {
    uint32_t type_index = m.func_types[i];
    if (type_index >= m.types.size())
      return make_error("unknown type " + str(type_index) + " for function " +
                            str(m.num_imported_funcs + i),
                        m.codes[i].body_offset);
    ctx.func_type_indices.push_back(type_index);
  }
  for (const TableType& t : m.tables) {
    ZW_TRY(check_table_type(t, Error::kNoOffset));
    ctx.tables.push_back(t);
  }
  for (const MemoryType& mt : m.memories) {
    ZW_TRY(check_memory_type(mt, Error::kNoOffset));
    if (ctx.has_memory) return make_error("multiple memories");
    ctx.has_memory = true;
  }
  // Globals are added one by one while their initializers are checked (see check_globals).
  return {};
}

void declare(ModuleContext& ctx, const ConstExpr& e) {
  if (e.kind == ConstExpr::Kind::RefFunc && e.index < ctx.declared_funcs.size())
    ctx.declared_funcs[e.index] = 1;
}

// C.refs (spec 3.4.10): the functions referenced anywhere in the module outside function bodies
// and the start function, i.e. by exports, element segments and constant expressions.
void collect_declared_funcs(const Module& m, ModuleContext& ctx) {
  ctx.declared_funcs.assign(ctx.func_type_indices.size(), 0);
  for (const Export& e : m.exports)
    if (e.kind == ExternKind::Func && e.index < ctx.declared_funcs.size())
      ctx.declared_funcs[e.index] = 1;
  for (const GlobalDef& g : m.globals) declare(ctx, g.init);
  for (const ElemSegment& seg : m.elems) {
    declare(ctx, seg.offset);
    for (const ConstExpr& item : seg.items) declare(ctx, item);
  }
  for (const DataSegment& seg : m.datas) declare(ctx, seg.offset);
}

// A constant expression (spec 3.3.10) of type `expected`. In 2.0 global.get may only name an
// imported, immutable global: `visible_globals` is the number of imported globals.
Result<void> check_const(const ModuleContext& ctx, const ConstExpr& e, ValType expected,
                         uint32_t visible_globals, const std::string& where) {
  ValType actual;
  switch (e.kind) {
    case ConstExpr::Kind::I32: actual = ValType::I32; break;
    case ConstExpr::Kind::I64: actual = ValType::I64; break;
    case ConstExpr::Kind::F32: actual = ValType::F32; break;
    case ConstExpr::Kind::F64: actual = ValType::F64; break;
    case ConstExpr::Kind::V128: actual = ValType::V128; break;
    case ConstExpr::Kind::RefNull:
      if (!is_ref(e.type)) return make_error("malformed reference type in " + where, e.offset);
      actual = e.type;
      break;
    case ConstExpr::Kind::RefFunc:
      if (e.index >= ctx.func_type_indices.size())
        return make_error("unknown function " + str(e.index) + " in " + where, e.offset);
      actual = ValType::FuncRef;
      break;
    case ConstExpr::Kind::GlobalGet:
      if (e.index >= visible_globals)
        return make_error("unknown global " + str(e.index) + " in " + where, e.offset);
      if (ctx.globals[e.index].mut)
        return make_error("constant expression required: " + where +
                              " reads mutable global " + str(e.index),
                          e.offset);
      actual = ctx.globals[e.index].type;
      break;
    default:
      return make_error("constant expression required in " + where, e.offset);
  }
  if (actual != expected)
    return make_error("type mismatch in " + where + ": expected " +
                          valtype_name(expected) + ", got " + valtype_name(actual),
                      e.offset);
  return {};
}

Result<void> check_globals(const Module& m, ModuleContext& ctx) {
  uint32_t visible = m.num_imported_globals;
  if (ctx.globals.size() != visible)
    return make_error("internal error: import counts disagree with the imports");
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const GlobalDef& g = m.globals[i];
    ZW_TRY(check_const(ctx, g.init, g.type.type, visible,
                       "initializer of global " + str(visible + i)));
    ctx.globals.push_back(g.type);
  }
  return {};
}

Result<void> check_exports(const Module& m, const ModuleContext& ctx) {
  std::unordered_set<std::string_view> names;
  names.reserve(m.exports.size());
  for (const Export& e : m.exports) {
    uint64_t count = 0;
    const char* what = "";
    switch (e.kind) {
      case ExternKind::Func: count = ctx.func_type_indices.size(); what = "function"; break;
      case ExternKind::Table: count = ctx.tables.size(); what = "table"; break;
      case ExternKind::Memory: count = ctx.has_memory ? 1 : 0; what = "memory"; break;
      case ExternKind::Global: count = ctx.globals.size(); what = "global"; break;
    }
    if (e.index >= count)
      return make_error(std::string("unknown ") + what + " " + str(e.index) + " in export \"" +
                        e.name + "\"");
    if (!names.insert(e.name).second)
      return make_error("duplicate export name \"" + e.name + "\"");
  }
  return {};
}

Result<void> check_start(const Module& m, const ModuleContext& ctx) {
  if (!m.start) return {};
  uint32_t f = *m.start;
  if (f >= ctx.func_type_indices.size()) return make_error("unknown function " + str(f) + " as start");
  const FuncType& ft = m.types[ctx.func_type_indices[f]];
  if (!ft.params.empty() || !ft.results.empty())
    return make_error("start function " + str(f) + " must have type [] -> [], has " + ft.to_string());
  return {};
}

Result<void> check_elems(const Module& m, const ModuleContext& ctx) {
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    std::string where = "elem segment " + str(i);
    if (!is_ref(seg.type)) return make_error("malformed reference type in " + where, seg.byte_offset);
    if (seg.mode == ElemSegment::Mode::Active) {
      if (seg.table_index >= ctx.tables.size())
        return make_error("unknown table " + str(seg.table_index) + " in " + where, seg.byte_offset);
      ValType table_elem = ctx.tables[seg.table_index].elem;
      if (table_elem != seg.type)
        return make_error("type mismatch in " + where + ": " + valtype_name(seg.type) +
                              " elements for a table of " + valtype_name(table_elem),
                          seg.byte_offset);
      ZW_TRY(check_const(ctx, seg.offset, ValType::I32, m.num_imported_globals, "offset of " + where));
    }
    for (const ConstExpr& item : seg.items)
      ZW_TRY(check_const(ctx, item, seg.type, m.num_imported_globals, "item of " + where));
  }
  return {};
}

Result<void> check_datas(const Module& m, const ModuleContext& ctx) {
  if (m.data_count && *m.data_count != m.datas.size())
    return make_error("data count and data section have inconsistent lengths");
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != DataSegment::Mode::Active) continue;
    std::string where = "data segment " + str(i);
    if (seg.memory_index != 0 || !ctx.has_memory)
      return make_error("unknown memory " + str(seg.memory_index) + " in " + where, seg.byte_offset);
    ZW_TRY(check_const(ctx, seg.offset, ValType::I32, m.num_imported_globals, "offset of " + where));
  }
  return {};
}

}  // namespace

Result<void> validate_module(const Module& module) {
  ModuleContext ctx(module);
  ZW_TRY(build_index_spaces(module, ctx));
  ZW_TRY(check_globals(module, ctx));
  collect_declared_funcs(module, ctx);
  ZW_TRY(check_exports(module, ctx));
  ZW_TRY(check_start(module, ctx));
  ZW_TRY(check_elems(module, ctx));
  ZW_TRY(check_datas(module, ctx));

  validation::BodyChecker bodies(ctx);
  for (uint32_t i = 0; i < module.codes.size(); ++i) ZW_TRY(bodies.check(i));
  return {};
}

}  // namespace zwasm
