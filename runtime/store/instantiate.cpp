// Module instantiation (spec 4.5.4, WebAssembly 2.0 semantics): import matching (spec 4.5.2),
// allocation (spec 4.5.3), segment initialisation and the start function.
#include <algorithm>
#include <cstring>

#include "runtime/store/store.h"

namespace zwasm {

namespace {

// ---- Import matching (spec 4.5.2, "external typing" and "import matching") --------------------

std::string describe_limits(const Limits& l) {
  std::string s = std::to_string(l.min);
  if (l.max) {  // appended piece by piece: " " + std::to_string() trips g++ 12's -Wrestrict
    s += ' ';
    s += std::to_string(*l.max);
  }
  return s;
}

std::string describe_global(const GlobalType& g) {
  std::string t = valtype_name(g.type);
  return g.mut ? "(mut " + t + ")" : t;
}

// Limits subtyping (spec 4.5.2.1): the actual current size is at least the declared minimum, and
// when a maximum is declared the actual one exists and is no larger.
bool limits_match(const Limits& actual, const Limits& declared) {
  if (actual.min < declared.min) return false;
  if (declared.max) {
    if (!actual.max || *actual.max > *declared.max) return false;
  }
  return true;
}

std::string import_name(const Import& imp) { return imp.module + "." + imp.name; }

Error incompatible(const Import& imp, const std::string& expected, const std::string& got) {
  return make_error("incompatible import type for " + import_name(imp) + ": expected " + expected +
                        ", got " + got,
                    imp.offset);
}

std::string describe_extern(const Extern& ext) {
  switch (ext.kind) {
    case ExternKind::Func:
      return "func " + ext.as_func()->type->to_string();
    case ExternKind::Table: {
      const TableType& t = ext.as_table()->type();
      return std::string("table ") + describe_limits(t.limits) + " " + valtype_name(t.elem);
    }
    case ExternKind::Memory:
      return "memory " + describe_limits(ext.as_memory()->type().limits);
    case ExternKind::Global:
      return "global " + describe_global(ext.as_global()->type);
  }
  return "?";
}

std::string describe_import(const Module& m, const Import& imp) {
  switch (imp.kind) {
    case ExternKind::Func:
      return "func " + m.types[imp.type_index].to_string();
    case ExternKind::Table:
      return std::string("table ") + describe_limits(imp.table.limits) + " " +
             valtype_name(imp.table.elem);
    case ExternKind::Memory:
      return "memory " + describe_limits(imp.memory.limits);
    case ExternKind::Global:
      return "global " + describe_global(imp.global);
  }
  return "?";
}

// Checks one supplied extern against the import that declares it.
Result<void> match_import(const Module& m, const Import& imp, const Extern& ext) {
  if (ext.ptr == nullptr) return make_error("unknown import " + import_name(imp), imp.offset);
  if (imp.kind == ExternKind::Func && imp.type_index >= m.types.size())
    return make_error("unknown type " + std::to_string(imp.type_index), imp.offset);
  auto fail = [&] { return incompatible(imp, describe_import(m, imp), describe_extern(ext)); };
  if (ext.kind != imp.kind) return fail();
  switch (imp.kind) {
    case ExternKind::Func:
      if (!(*ext.as_func()->type == m.types[imp.type_index])) return fail();
      break;
    case ExternKind::Table: {
      const TableType& actual = ext.as_table()->type();
      if (actual.elem != imp.table.elem || !limits_match(actual.limits, imp.table.limits))
        return fail();
      break;
    }
    case ExternKind::Memory:
      if (!limits_match(ext.as_memory()->type().limits, imp.memory.limits)) return fail();
      break;
    case ExternKind::Global: {
      const GlobalType& actual = ext.as_global()->type;
      if (actual.type != imp.global.type || actual.mut != imp.global.mut) return fail();
      break;
    }
  }
  return {};
}

// Every link and resource check that can be done before allocating anything.
Result<void> check_link(const Module& m, const std::vector<Extern>& imports) {
  if (imports.size() != m.imports.size()) {
    return make_error("wrong number of imports: the module declares " +
                      std::to_string(m.imports.size()) + ", got " + std::to_string(imports.size()));
  }
  for (size_t i = 0; i < imports.size(); ++i) ZW_TRY(match_import(m, m.imports[i], imports[i]));
  for (const TableType& t : m.tables) {
    if (t.limits.min > Table::kMaxElements) {
      return make_error("table size " + std::to_string(t.limits.min) +
                        " exceeds the implementation limit of " +
                        std::to_string(Table::kMaxElements) + " elements");
    }
  }
  for (const DataSegment& d : m.datas) {
    if (d.data_offset > m.bytes.size() || d.data_size > m.bytes.size() - d.data_offset)
      return make_error("data segment extends past the module bytes", d.byte_offset);
  }
  return {};
}

// ---- Allocation (spec 4.5.3) -------------------------------------------------------------------

// What running code reads of an instance (context.h): views of its complete index spaces.
void set_up_context(ObjectStore& store, Instance& inst) {
  static MemoryView no_memory;  // memory 0 of an instance without memories: size 0
  for (Global* g : inst.globals) inst.global_cells.push_back(g->value);
  for (Table* t : inst.tables) inst.table_views.push_back(t->view());
  InstanceContext& c = inst.context;
  c.memory0 = inst.memories.empty() ? &no_memory : inst.memories[0]->view();
  c.funcs = inst.funcs.data();
  c.globals = inst.global_cells.data();
  c.tables = inst.table_views.data();
  c.type_ids = inst.type_ids.data();
  c.exec = &store.exec();
  c.instance = &inst;
}

// Fills the instance's index spaces (imports first) and its element and data instances.
Result<void> allocate(ObjectStore& store, Instance& inst, const std::vector<Extern>& imports) {
  const Module& m = *inst.module;
  inst.funcs.reserve(m.total_funcs());
  inst.tables.reserve(m.total_tables());
  inst.memories.reserve(m.total_memories());
  inst.globals.reserve(m.total_globals());
  for (const Extern& ext : imports) {
    switch (ext.kind) {
      case ExternKind::Func: inst.funcs.push_back(ext.as_func()); break;
      case ExternKind::Table: inst.tables.push_back(ext.as_table()); break;
      case ExternKind::Memory: inst.memories.push_back(ext.as_memory()); break;
      case ExternKind::Global: inst.globals.push_back(ext.as_global()); break;
    }
  }
  for (uint32_t i = 0; i < m.func_types.size(); ++i)
    inst.funcs.push_back(store.create_wasm_function(&inst, m.num_imported_funcs + i));
  for (const TableType& t : m.tables) {
    auto table = store.create_table(t, kNullRef);
    if (!table.ok()) return table.error();
    inst.tables.push_back(table.value());
  }
  for (const MemoryType& t : m.memories) {
    auto mem = store.create_memory(t);
    if (!mem.ok()) return mem.error();
    inst.memories.push_back(mem.value());
  }
  // Initialisers run in order, so a global.get sees imported and earlier globals only
  // (the validator restricts 2.0 modules to imported ones).
  for (const GlobalDef& g : m.globals)
    inst.globals.push_back(store.create_global(g.type, eval_const(g.init, inst)));

  inst.elem_segments.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    std::vector<RefWord>& refs = inst.elem_segments[i];
    refs.reserve(seg.items.size());
    for (const ConstExpr& item : seg.items) refs.push_back(eval_const(item, inst).lo);
  }
  inst.data_dropped.assign(m.datas.size(), false);
  set_up_context(store, inst);
  return {};
}

// ---- Segment initialisation (spec 4.5.4: table.init / memory.init per active segment, then drop)

Trap trap_of(TrapCode code) {
  Trap t;
  t.code = code;
  return t;
}

Trap init_active_elems(Instance& inst) {
  const Module& m = *inst.module;
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    std::vector<RefWord>& refs = inst.elem_segments[i];
    if (seg.mode == ElemSegment::Mode::Active) {
      if (seg.table_index >= inst.tables.size()) return trap_of(TrapCode::TableOutOfBounds);
      Table& table = *inst.tables[seg.table_index];
      const uint64_t offset = eval_const(seg.offset, inst).as_u32();
      // table.init bounds rule (spec 4.4.6): even n = 0 traps when offset > size.
      if (offset + refs.size() > table.size()) return trap_of(TrapCode::TableOutOfBounds);
      std::copy(refs.begin(), refs.end(), table.data() + offset);
    }
    // Active segments are dropped after use, declarative ones right away (spec 4.5.4).
    if (seg.mode != ElemSegment::Mode::Passive) std::vector<RefWord>().swap(refs);
  }
  return {};
}

Trap init_active_datas(Instance& inst) {
  const Module& m = *inst.module;
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != DataSegment::Mode::Active) continue;
    if (seg.memory_index >= inst.memories.size()) return trap_of(TrapCode::MemoryOutOfBounds);
    Memory& mem = *inst.memories[seg.memory_index];
    const uint64_t offset = eval_const(seg.offset, inst).as_u32();
    // memory.init bounds rule (spec 4.4.7): even n = 0 traps when offset > size.
    if (offset + seg.data_size > mem.size_bytes()) return trap_of(TrapCode::MemoryOutOfBounds);
    if (seg.data_size > 0)
      std::memcpy(mem.base() + offset, m.bytes.data() + seg.data_offset, seg.data_size);
    inst.data_dropped[i] = true;
  }
  return {};
}

}  // namespace

// ---- Public entry points -----------------------------------------------------------------------

Value eval_const(const ConstExpr& expr, const Instance& instance) {
  switch (expr.kind) {
    case ConstExpr::Kind::I32: return Value::i32(uint32_t(expr.lo));
    case ConstExpr::Kind::I64: return Value::i64(expr.lo);
    case ConstExpr::Kind::F32: return Value::f32_bits(uint32_t(expr.lo));
    case ConstExpr::Kind::F64: return Value::f64_bits(expr.lo);
    case ConstExpr::Kind::V128: return Value{ValType::V128, expr.lo, expr.hi};
    case ConstExpr::Kind::RefNull: return Value::ref(expr.type, kNullRef);
    case ConstExpr::Kind::RefFunc:
      // Indices were validated; the checks only keep a misuse from reading out of bounds.
      if (expr.index < instance.funcs.size())
        return Value::ref(ValType::FuncRef, reinterpret_cast<RefWord>(instance.funcs[expr.index]));
      return Value::ref(ValType::FuncRef, kNullRef);
    case ConstExpr::Kind::GlobalGet:
      if (expr.index < instance.globals.size()) return instance.globals[expr.index]->get();
      return Value{expr.type, 0, 0};
  }
  return Value{expr.type, 0, 0};
}

InstantiateResult instantiate(ObjectStore& store, std::shared_ptr<const Module> module,
                              const std::vector<Extern>& imports) {
  InstantiateResult result;
  if (auto linked = check_link(*module, imports); !linked.ok()) {
    result.error = linked.error();
    return result;
  }

  Instance* inst = store.create_instance(std::move(module));
  if (auto allocated = allocate(store, *inst, imports); !allocated.ok()) {
    result.error = allocated.error();
    return result;
  }
  result.instance = inst;

  // From here on failures are traps, and the effects of earlier segments stay visible.
  result.trap = init_active_elems(*inst);
  if (!result.trap.ok()) return result;
  result.trap = init_active_datas(*inst);
  if (!result.trap.ok()) return result;

  const Module& m = *inst->module;
  if (m.start) {
    if (*m.start >= inst->funcs.size()) {
      result.error = make_error("unknown function " + std::to_string(*m.start));
      return result;
    }
    Function* start = inst->funcs[*m.start];
    // The start function has type [] -> [] (spec 3.4.9); size the buffer from the function
    // anyway so a host function with another type cannot write out of bounds.
    std::vector<Cell> io(std::max<uint32_t>({start->param_cells, start->result_cells, 1u}), 0);
    result.trap = execute(start, io.data());
  }
  return result;
}

}  // namespace zwasm
