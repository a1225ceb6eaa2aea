// Function records (spec 4.2.6 function instances): plain data every call goes through.
//
// A call, from any path, loads `entry` and calls it (context.h EntryFn). A wasm function starts
// on its engine's initial entry (e.g. "translate, then interpret") and its entry is swapped as it
// moves up the tiers; call sites are never patched. A host function's entry is the one host-call
// thunk (call.cpp), which catches every exception and parks the trap in the context.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

#include "runtime/base/trap.h"
#include "runtime/base/types.h"
#include "runtime/store/context.h"

namespace zwasm {

struct Instance;
struct IrFunction;  // runtime/ir/ir.h
class ObjectStore;

// What a host function sees of its caller: the calling instance (null when called from the
// embedder) and the store.
struct HostCall {
  Instance* caller = nullptr;
  ObjectStore* store = nullptr;
};

// A host function reads its args from `args` and writes its results to `results`, one cell per
// value and two for a v128; the two buffers may alias, so read every argument
// before writing a result. Return a Trap with code None for success. It may throw: the thunk
// turns an exception into a host trap.
using HostCallback = std::function<Trap(HostCall& call, const Cell* args, Cell* results)>;

// The host side of a host function, owned by the store.
struct HostFunction {
  HostCallback callback;
  std::string name;  // "module.name", for backtraces
};

struct Function {
  std::atomic<EntryFn> entry{nullptr};
  // A compiled function's body, for compiled callers in the same instance to call directly
  // under the code generator's own convention (codegen/); null until it is compiled.
  std::atomic<void*> compiled_body{nullptr};
  int32_t hotness = 0;       // the tier-up budget (unused until the JIT tier)
  uint32_t type_id = 0;      // canonical id of `type` within the store (call_indirect compares)
  uint32_t param_cells = 0;  // cells of the parameters / results in their cell layout
  uint32_t result_cells = 0;
  const FuncType* type = nullptr;  // interned in the store

  // Wasm functions: owning instance, its index in the module's function index space, and the IR
  // (translated lazily, on first call; owned by the store).
  InstanceContext* context = nullptr;
  Instance* instance = nullptr;
  uint32_t func_index = 0;
  IrFunction* ir = nullptr;

  HostFunction* host = nullptr;  // host functions only
  ObjectStore* store = nullptr;

  bool is_host() const { return host != nullptr; }
  std::string display_name() const;  // the name section's, "func[N]", or the host's name
};

static_assert(std::is_standard_layout_v<Function>);
static_assert(offsetof(Function, entry) == 0);
static_assert(offsetof(Function, compiled_body) == 8);
static_assert(offsetof(Function, hotness) == 16);
static_assert(offsetof(Function, type_id) == 20);

}  // namespace zwasm
