// Internals of the embedding API (include/zwasm/zwasm.h): how its handles reach the runtime
// objects, and the conversions between public and internal vocabulary types. The public types
// live in zwasm::api, the internal ones in zwasm: inside this namespace, unqualified names are
// the public ones and `zwasm::` names the internal ones.
#pragma once

#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codegen/jit.h"
#include "interpreter/interp.h"
#include "runtime/store/linker.h"
#include "runtime/wasm/module.h"
#include "runtime/base/result.h"
#include "runtime/store/store.h"
#include "runtime/base/trap.h"
#include "runtime/base/types.h"
#include "zwasm/zwasm.h"

namespace zwasm::api::detail {

// What a public Store owns: the engine its code runs on (the interpreter's is shared; a JIT
// engine, which owns the store's machine code, is the store's own), then the store.
struct StoreState {
  StoreState(std::pmr::memory_resource* resource, std::unique_ptr<jit::JitEngine> jit_engine)
      : jit(std::move(jit_engine)),
        store(jit ? static_cast<zwasm::Engine&>(*jit) : interpreter_engine(), resource) {}
  std::unique_ptr<jit::JitEngine> jit;  // null: the interpreter
  zwasm::ObjectStore store;
  // State that host functions of this store refer to (WASI contexts): it lives as long as the
  // store, so every function that may still be called finds it.
  std::vector<std::shared_ptr<void>> host_state;
};

// The one friend of every handle class.
struct Access {
  template <class Handle, class Raw>
  static Handle wrap(Raw* raw) {
    return Handle(raw);
  }
  template <class Handle>
  static auto raw(const Handle& handle) {
    return handle.raw_;
  }
  static Module wrap_module(std::shared_ptr<const zwasm::Module> module) {
    return Module(std::move(module));
  }
  static Caller make_caller(zwasm::Instance* instance) { return Caller(instance); }
  static const std::optional<std::string>& trap_message(const Caller& caller) {
    return caller.trap_message_;
  }
  static StoreState& state(Store& store) { return *store.state_; }
};

// ---- Conversions ------------------------------------------------------------------------------

// Public and internal value types share the binary encoding (checked in api.cpp).
inline zwasm::ValType to_internal(ValType t) { return static_cast<zwasm::ValType>(t); }
inline ValType to_public(zwasm::ValType t) { return static_cast<ValType>(t); }

zwasm::FuncType to_internal(const FuncType& type);
FuncType to_public(const zwasm::FuncType& type);
Limits to_public(const zwasm::Limits& limits);
zwasm::Limits to_internal(const Limits& limits);
TableType to_public(const zwasm::TableType& type);
MemoryType to_public(const zwasm::MemoryType& type);
GlobalType to_public(const zwasm::GlobalType& type);

zwasm::Value to_internal(const Value& value);
Value to_public(const zwasm::Value& value);

Error to_public(const zwasm::Error& error);
Trap to_public(zwasm::Trap trap);

// The internal Trap a host function returns to make its caller trap with `message`.
zwasm::Trap host_trap(std::string message);

// Number of 8-byte cells a value of type `t` occupies (two for v128), and where it goes in a
// cell layout whose next free cell is `at` (runtime/base/types.h place_value).
inline uint32_t cells_of(ValType t) { return zwasm::cells_of(to_internal(t)); }
inline uint32_t place_value(uint32_t at, ValType t) {
  return zwasm::place_value(at, to_internal(t));
}

}  // namespace zwasm::api::detail
