// Runtime objects (spec 4.2): functions, tables, memories, globals, module instances, and the
// store (ObjectStore) that owns them all. Addresses are stable: objects live until their store is
// destroyed. A store and everything in it is used by one thread at a time.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

#include "runtime/wasm/module.h"
#include "runtime/base/result.h"
#include "runtime/base/trap.h"
#include "runtime/base/types.h"
#include "runtime/store/context.h"
#include "runtime/store/engine.h"
#include "runtime/store/function.h"

namespace zwasm {

class ObjectStore;

// Linear memory (spec 4.2.8). On 64-bit hosts the whole 32-bit address space plus a guard region
// is reserved up front, so `base` never moves and grow only commits pages.
class Memory {
 public:
  static Result<std::unique_ptr<Memory>> create(const MemoryType& type);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* base() const { return view_.base; }
  uint64_t size_bytes() const { return view_.size; }
  uint64_t pages() const { return view_.size / kPageSize; }
  MemoryView* view() { return &view_; }  // what running code reads (context.h)
  const MemoryType& type() const { return type_; }  // limits.min reflects the current size
  // Grows by `delta` pages; returns the old size in pages, or -1 (spec: memory.grow never traps).
  int64_t grow(uint64_t delta);
  // The size it may reach (the store's limit, ResourceLimits): growing beyond it yields -1.
  void set_max_bytes(uint64_t bytes) { max_bytes_ = bytes; }

 private:
  Memory() = default;
  MemoryView view_;
  MemoryType type_;
  uint64_t reserved_ = 0;
  uint64_t max_bytes_ = UINT64_MAX;
};

// A table of references (spec 4.2.7).
class Table {
 public:
  static constexpr uint64_t kMaxElements = 10'000'000;  // implementation limit for growth
  // The element array is allocated from `resource` (the owning store's).
  Table(const TableType& type, RefWord init,
        std::pmr::memory_resource* resource = std::pmr::get_default_resource());
  const TableType& type() const { return type_; }  // limits.min reflects the current size
  ValType elem_type() const { return type_.elem; }
  uint32_t size() const { return uint32_t(elems_.size()); }
  RefWord* data() { return elems_.data(); }
  RefWord get(uint32_t i) const { return elems_[i]; }
  void set(uint32_t i, RefWord r) { elems_[i] = r; }
  TableView* view() { return &view_; }  // what running code reads (context.h)
  // Returns the old size, or -1 when the new size would exceed the maximum.
  int64_t grow(uint32_t delta, RefWord init);
  // The size it may reach (the store's limit, ResourceLimits): growing beyond it yields -1.
  void set_max_elements(uint64_t n) { max_elements_ = n; }

 private:
  TableType type_;
  uint64_t max_elements_ = UINT64_MAX;
  std::pmr::vector<RefWord> elems_;
  TableView view_;  // {elems_.data(), elems_.size()}, refreshed when the table grows
};

struct Global {
  GlobalType type;
  Cell value[2] = {0, 0};  // v128 uses both cells
  Value get() const { return Value::from_cells(type.type, value); }
  void set(const Value& v) { v.to_cells(value); }
};

// A reference to an external value (spec 4.2.12), as exported or supplied as an import.
struct Extern {
  ExternKind kind = ExternKind::Func;
  void* ptr = nullptr;  // Function* / Table* / Memory* / Global*

  static Extern func(Function* f) { return {ExternKind::Func, f}; }
  static Extern table(Table* t) { return {ExternKind::Table, t}; }
  static Extern memory(Memory* m) { return {ExternKind::Memory, m}; }
  static Extern global(Global* g) { return {ExternKind::Global, g}; }
  Function* as_func() const { return static_cast<Function*>(ptr); }
  Table* as_table() const { return static_cast<Table*>(ptr); }
  Memory* as_memory() const { return static_cast<Memory*>(ptr); }
  Global* as_global() const { return static_cast<Global*>(ptr); }
};

struct Instance {
  std::shared_ptr<const Module> module;
  ObjectStore* store = nullptr;
  std::vector<uint32_t> type_ids;  // canonical id per module type index
  std::vector<Function*> funcs;    // full index spaces, imports first
  std::vector<Table*> tables;
  std::vector<Memory*> memories;
  std::vector<Global*> globals;
  std::vector<std::vector<RefWord>> elem_segments;  // element instances; dropped = empty
  std::vector<bool> data_dropped;                   // data instances; dropped = length 0

  // What running code reads (context.h), set up once the index spaces above are complete;
  // `global_cells` and `table_views` back its arrays.
  InstanceContext context;
  std::vector<Cell*> global_cells;
  std::vector<TableView*> table_views;

  // Returns the export of that name, if any.
  std::optional<Extern> find_export(std::string_view name) const;
};

// The store (spec 4.2.3) allocates its object storage (functions, tables and their element
// arrays, globals, instances, interned types) and the IR code of its functions from `resource`,
// which must outlive it. Linear memory is the exception: it is an mmap reservation (memory.cpp).
// Some per-object internals (an Instance's index-space vectors, host callbacks) use the default
// heap. Its ExecContext is the state of the thread running it (context.h).
class ObjectStore {
 public:
  // Code runs on `engine`, which must outlive the store.
  explicit ObjectStore(Engine& engine,
                       std::pmr::memory_resource* resource = std::pmr::get_default_resource());
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // Canonical id for a function type: equal types get equal ids, across all modules of the store.
  uint32_t intern_type(const FuncType& type);
  const FuncType& type_of_id(uint32_t id) const { return types_[id]; }

  Function* create_host_function(FuncType type, HostCallback callback, std::string name);
  // Both fail when the initial size is beyond the store's limits (set_limits).
  Result<Memory*> create_memory(const MemoryType& type);
  Result<Table*> create_table(const TableType& type, RefWord init);
  // What an embedder allows its guests (spec 4.5.3: growth may fail for resource reasons): the
  // memories and tables created from now on cannot grow beyond these.
  struct ResourceLimits {
    uint64_t memory_bytes = UINT64_MAX;
    uint64_t table_elements = UINT64_MAX;
    // The stack a guest may use from where the embedder called it: the native stack (compiled
    // frames, host functions re-entering wasm), the interpreter's frame cells and its return
    // records, each (0: the thread's own bounds only).
    uint64_t stack_bytes = 0;
  };
  void set_limits(ResourceLimits limits) { limits_ = limits; }
  const ResourceLimits& limits() const { return limits_; }
  Global* create_global(const GlobalType& type, const Value& init);

  // Internal: used by instantiate().
  Function* create_wasm_function(Instance* instance, uint32_t func_index);
  Instance* create_instance(std::shared_ptr<const Module> module);

  // Where this store's data structures and IR code are allocated.
  std::pmr::memory_resource* resource() const { return resource_; }
  Engine& engine() const { return engine_; }
  ExecContext& exec() { return exec_; }

  // Takes ownership of a function's IR (translated lazily by whichever tier first needs it).
  IrFunction* adopt_ir(std::unique_ptr<IrFunction> ir);
  size_t translated_functions() const { return irs_.size(); }

 private:
  Engine& engine_;
  std::pmr::memory_resource* resource_;
  ExecContext exec_;
  Trap trap_;  // exec_.trap: the details of the trap unwinding now
  ResourceLimits limits_;
  // Objects live in place in deques: push_back never moves existing elements.
  std::pmr::deque<FuncType> types_;
  std::pmr::deque<HostFunction> hosts_;
  std::vector<std::unique_ptr<IrFunction>> irs_;
  std::pmr::deque<Function> funcs_;
  std::pmr::deque<std::unique_ptr<Memory>> memories_;  // the Memory object; its bytes are mmapped
  std::pmr::deque<Table> tables_;
  std::pmr::deque<Global> globals_;
  std::pmr::deque<Instance> instances_;
};

// The outcome of instantiation (spec 4.5.4). `error` is set for link errors (unknown import,
// incompatible import type): nothing was allocated then. `trap` is set when a segment was out of
// bounds or the start function trapped: the instance then exists but must not be used, and
// effects of earlier segments remain visible (spec 2.0 semantics).
struct InstantiateResult {
  Instance* instance = nullptr;
  std::optional<Error> error;
  Trap trap;
  bool ok() const { return !error && trap.ok(); }
};

// Instantiates a validated module. `imports` are given in the module's import order; their kinds
// and types are checked against the imports' declared types (extern subtyping, spec 4.5.2).
InstantiateResult instantiate(ObjectStore& store, std::shared_ptr<const Module> module,
                              const std::vector<Extern>& imports);

// Evaluates a constant expression in the context of a (partially built) instance.
Value eval_const(const ConstExpr& expr, const Instance& instance);

// ---- Calling into wasm from the host (call.cpp) -----------------------------------------------

// Runs `func` (wasm or host) with its arguments in io[0 .. param_cells) and leaves its results
// in io[0 .. result_cells). `io` holds max(param_cells, result_cells) cells. Re-entrant: a host
// function may call back into wasm, of this store or another, down to the native stack limit.
Trap execute(Function* func, Cell* io);
// The same without building a Trap: false when a trap ended the call, which is then parked in
// the store's context until take_trap() moves it out (the typed-call fast path).
bool call_from_host(Function* func, Cell* io);
Trap take_trap(ExecContext& ctx);

// Calls a function with typed arguments (checked against its type); writes typed results.
Trap invoke(Function* func, const std::vector<Value>& args, std::vector<Value>& results);

// Translates a wasm function's body to IR if it has none yet (store-owned). On failure returns
// false with a host trap parked in `ctx`.
bool ensure_ir(ExecContext* ctx, Function* func);

// The entry of every host function: calls its callback, turning a returned trap or any
// exception into a trap parked in `ctx`, so nothing unwinds through generated code.
bool host_entry(ExecContext* ctx, Function* func, Cell* fp) noexcept;

}  // namespace zwasm
