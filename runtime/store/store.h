// Runtime objects (spec 4.2): functions, tables, memories, globals, module instances, and the
// store (ObjectStore) that owns them all. Addresses are stable: objects live until their store is
// destroyed. A store and everything in it is used by one thread at a time.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <memory_resource>
#include <string>
#include <vector>

#include "runtime/wasm/module.h"
#include "runtime/base/result.h"
#include "runtime/base/trap.h"
#include "runtime/base/types.h"
#include "runtime/store/engine.h"

namespace zwasm {

struct Instance;
struct IrFunction;  // runtime/ir/ir.h
class ObjectStore;

// What a host function sees of its caller: the calling instance (may be null when called from
// the embedder) and a way to report a trap with a message.
struct HostCall {
  Instance* caller = nullptr;
  ObjectStore* store = nullptr;
};

// A host function reads its args from `args` and writes its results to `results`; the two
// buffers may alias, so read every argument before writing a result. Return a Trap with
// code None for success.
using HostCallback = std::function<Trap(HostCall& call, const Cell* args, Cell* results)>;

struct Function {
  FuncType type;
  uint32_t type_id = 0;  // canonical id of `type` within the store (call_indirect compares these)
  uint32_t param_cells = 0;
  uint32_t result_cells = 0;

  // Wasm functions: owning instance and index in its module's function index space.
  Instance* instance = nullptr;
  uint32_t func_index = 0;
  std::unique_ptr<IrFunction> ir;  // translated lazily on first call (runtime/ir/translate.h)

  ObjectStore* store = nullptr;

  // Host functions.
  HostCallback host;
  std::string host_name;  // "module.name", for backtraces

  bool is_host() const { return instance == nullptr; }
  std::string display_name() const;

  Function();
  ~Function();
};

// Linear memory (spec 4.2.8). On 64-bit hosts the whole 32-bit address space plus a guard region
// is reserved up front, so `base` never moves and grow only commits pages.
class Memory {
 public:
  static Result<std::unique_ptr<Memory>> create(const MemoryType& type);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* base() const { return base_; }
  uint64_t size_bytes() const { return size_; }
  uint64_t pages() const { return size_ / kPageSize; }
  const MemoryType& type() const { return type_; }  // limits.min reflects the current size
  // Grows by `delta` pages; returns the old size in pages, or -1 (spec: memory.grow never traps).
  int64_t grow(uint64_t delta);

 private:
  Memory() = default;
  MemoryType type_;
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t reserved_ = 0;
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
  // Returns the old size, or -1 when the new size would exceed the maximum.
  int64_t grow(uint32_t delta, RefWord init);

 private:
  TableType type_;
  std::pmr::vector<RefWord> elems_;
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

  // Returns the export of that name, if any.
  std::optional<Extern> find_export(std::string_view name) const;
};

// The store (spec 4.2.3) allocates its object storage (functions, tables and their element arrays, globals,
// instances, interned types) and the IR code of its functions from `resource`, which must
// outlive it. Linear memory is the exception: it is an mmap reservation (memory.cpp). Some
// per-object internals (an Instance's index-space vectors, host callbacks) use the default heap.
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

  Function* create_host_function(FuncType type, HostCallback callback, std::string name);
  Result<Memory*> create_memory(const MemoryType& type);
  Table* create_table(const TableType& type, RefWord init);
  Global* create_global(const GlobalType& type, const Value& init);

  // Internal: used by instantiate().
  Function* create_wasm_function(Instance* instance, uint32_t func_index);
  Instance* create_instance(std::shared_ptr<const Module> module);

  // Where this store's data structures and IR code are allocated.
  std::pmr::memory_resource* resource() const { return resource_; }
  Engine& engine() const { return engine_; }

 private:
  Engine& engine_;
  std::pmr::memory_resource* resource_;
  // Objects live in place in deques: push_back never moves existing elements.
  std::pmr::vector<FuncType> types_;
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

// Runs `func` through its store's engine; see Engine::execute.
Trap execute(Function* func, Cell* io);

// Calls a function with typed arguments (checked against its type); writes typed results.
Trap invoke(Function* func, const std::vector<Value>& args, std::vector<Value>& results);

}  // namespace zwasm
