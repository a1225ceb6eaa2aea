// The ObjectStore (spec 4.2.3): owner of every runtime object, plus the Function and Instance methods
// that need the complete IrFunction type or the decoded module.
#include "runtime/store/store.h"

#include "runtime/ir/ir.h"  // complete IrFunction, for the store's unique_ptr<IrFunction>

namespace zwasm {

// ---- Function ----------------------------------------------------------------------------------

std::string Function::display_name() const {
  if (is_host()) return host->name;
  return instance->module->func_display_name(func_index);
}

namespace {

// Fills the type-derived fields every Function carries.
void set_signature(Function& f, const FuncType& type, uint32_t type_id) {
  f.param_cells = layout_cells(type.params);
  f.result_cells = layout_cells(type.results);
  f.type = &type;
  f.type_id = type_id;
}

}  // namespace

// ---- Instance ----------------------------------------------------------------------------------

std::optional<Extern> Instance::find_export(std::string_view name) const {
  for (const Export& e : module->exports) {
    if (e.name != name) continue;
    // Export indices were checked by the validator; stay defensive against a half-built instance.
    switch (e.kind) {
      case ExternKind::Func:
        if (e.index < funcs.size()) return Extern::func(funcs[e.index]);
        break;
      case ExternKind::Table:
        if (e.index < tables.size()) return Extern::table(tables[e.index]);
        break;
      case ExternKind::Memory:
        if (e.index < memories.size()) return Extern::memory(memories[e.index]);
        break;
      case ExternKind::Global:
        if (e.index < globals.size()) return Extern::global(globals[e.index]);
        break;
    }
    return std::nullopt;  // export names are unique (spec 3.4.10), so no later match exists
  }
  return std::nullopt;
}

// ---- ObjectStore -------------------------------------------------------------------------------------

ObjectStore::ObjectStore(Engine& engine, std::pmr::memory_resource* resource)
    : engine_(engine),
      resource_(resource),
      types_(resource),
      hosts_(resource),
      funcs_(resource),
      memories_(resource),
      tables_(resource),
      globals_(resource),
      instances_(resource) {
  exec_.trap = &trap_;
  exec_.store = this;
}
ObjectStore::~ObjectStore() = default;

IrFunction* ObjectStore::adopt_ir(std::unique_ptr<IrFunction> ir) {
  irs_.push_back(std::move(ir));
  return irs_.back().get();
}

uint32_t ObjectStore::intern_type(const FuncType& type) {
  // Linear search: a store holds few distinct function types, and interning happens only at
  // instantiation and host-function creation, never on a call path.
  for (size_t i = 0; i < types_.size(); ++i) {
    if (types_[i] == type) return uint32_t(i);
  }
  types_.push_back(type);
  return uint32_t(types_.size() - 1);
}

Function* ObjectStore::create_host_function(FuncType type, HostCallback callback,
                                            std::string name) {
  uint32_t id = intern_type(type);
  Function& f = funcs_.emplace_back();
  set_signature(f, types_[id], id);
  f.store = this;
  f.host = &hosts_.emplace_back(HostFunction{std::move(callback), std::move(name)});
  f.entry.store(&host_entry, std::memory_order_relaxed);
  return &f;
}

Result<Memory*> ObjectStore::create_memory(const MemoryType& type) {
  if (type.limits.min > limits_.memory_bytes / kPageSize) {
    return make_error("a memory of " + std::to_string(type.limits.min) +
                      " pages is beyond the limit of " + std::to_string(limits_.memory_bytes) +
                      " bytes");
  }
  auto created = Memory::create(type);
  if (!created.ok()) return created.error();
  created.value()->set_max_bytes(limits_.memory_bytes);
  memories_.push_back(std::move(created.value()));
  return memories_.back().get();
}

Result<Table*> ObjectStore::create_table(const TableType& type, RefWord init) {
  if (type.limits.min > limits_.table_elements) {
    return make_error("a table of " + std::to_string(type.limits.min) +
                      " elements is beyond the limit of " +
                      std::to_string(limits_.table_elements) + " elements");
  }
  Table& table = tables_.emplace_back(type, init, resource_);
  table.set_max_elements(limits_.table_elements);
  return &table;
}

Global* ObjectStore::create_global(const GlobalType& type, const Value& init) {
  Global& g = globals_.emplace_back();
  g.type = type;
  // Normalise through the global's own type so an i32/f32 keeps its upper cell bits clear.
  const Cell cells[2] = {init.lo, init.hi};
  g.set(Value::from_cells(type.type, cells));
  return &g;
}

Function* ObjectStore::create_wasm_function(Instance* instance, uint32_t func_index) {
  const Module& m = *instance->module;
  uint32_t type_index = m.func_type_index(func_index);
  Function& f = funcs_.emplace_back();
  uint32_t id = instance->type_ids[type_index];
  set_signature(f, types_[id], id);
  f.instance = instance;
  f.context = &instance->context;
  f.store = this;
  f.func_index = func_index;
  f.entry.store(engine_.initial_entry(), std::memory_order_relaxed);
  f.hotness = engine_.initial_budget();
  return &f;
}

Instance* ObjectStore::create_instance(std::shared_ptr<const Module> module) {
  Instance& inst = instances_.emplace_back();
  inst.store = this;
  inst.type_ids.reserve(module->types.size());
  for (const FuncType& t : module->types) inst.type_ids.push_back(intern_type(t));
  inst.module = std::move(module);
  return &inst;
}

}  // namespace zwasm
