// Unit tests for the call path (runtime/store/call.cpp, function.h, context.h): entry
// pointers, the host-call thunk, host -> wasm re-entry and its native stack limit, and
// activations of two stores nesting on one thread.
#include <doctest/doctest.h>

#include <pthread.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "interpreter/interp.h"
#include "module_test_util.h"
#include "runtime/store/exec_stack.h"
#include "runtime/store/store.h"

using namespace zwasm;
using zwasm::test::load_valid;

namespace {

// (module
//   (import "env" "host" (func $host (param i32) (result i32)))
//   (func (export "f") (param i32) (result i32)
//     local.get 0
//     call $host
//     i32.const 1
//     i32.add))
const std::vector<uint8_t> kReenterWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x68, 0x6f, 0x73, 0x74,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x01, 0x0a,
    0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b};

const FuncType kI32ToI32{{ValType::I32}, {ValType::I32}};

// A store holding one instance of kReenterWasm whose import is `host`.
struct Reenter {
  ObjectStore store{interpreter_engine()};
  Function* f = nullptr;

  explicit Reenter(HostCallback host) {
    Function* h = store.create_host_function(kI32ToI32, std::move(host), "env.host");
    InstantiateResult r = instantiate(store, load_valid(kReenterWasm), {Extern::func(h)});
    REQUIRE(r.ok());
    f = r.instance->find_export("f")->as_func();
  }
  // f(x) through execute().
  Trap call(uint32_t x, uint32_t& result) {
    Cell io[1] = {x};
    Trap t = execute(f, io);
    result = uint32_t(io[0]);
    return t;
  }
};

// host(0) = 0 and host(n) = f(n - 1) + 1, re-entering wasm through `f` (read at call time).
// With f(n) = host(n) + 1 that is n + 1 nested activations, and f(n) = 2n + 1.
HostCallback recursive_host(Function*& f, uint32_t& depth) {
  return [&f, &depth](HostCall&, const Cell* args, Cell* results) -> Trap {
    uint32_t x = uint32_t(args[0]);
    if (x == 0) {
      results[0] = 0;
      return {};
    }
    ++depth;
    Cell io[1] = {x - 1};
    Trap t = execute(f, io);
    if (!t.ok()) return t;
    results[0] = uint32_t(io[0]) + 1;
    return {};
  };
}

// Runs `body` on a new thread with a native stack of `stack_bytes`.
void on_thread_with_stack(size_t stack_bytes, std::function<void()> body) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, run, &body) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

}  // namespace

TEST_CASE("a wasm function starts on its engine's entry and is translated on its first call") {
  Reenter r([](HostCall&, const Cell* args, Cell* results) -> Trap {
    results[0] = args[0];
    return {};
  });
  CHECK((r.f->entry.load() == interpreter_engine().initial_entry()));
  CHECK(r.f->ir == nullptr);
  uint32_t result = 0;
  REQUIRE(r.call(41, result).ok());
  CHECK(result == 42);
  CHECK(r.f->ir != nullptr);
  CHECK((r.f->entry.load() != interpreter_engine().initial_entry()));
}

TEST_CASE("a host function re-enters wasm, nesting activations on one exec stack") {
  uint32_t depth = 0;
  Function* f = nullptr;
  Reenter r(recursive_host(f, depth));
  f = r.f;
  uint32_t result = 0;
  REQUIRE(r.call(20, result).ok());
  CHECK(result == 41);
  CHECK(depth == 20);
  CHECK(ExecStack::current().innermost == nullptr);  // every activation was unlinked
}

TEST_CASE("recursive host -> wasm re-entry traps cleanly at the native stack limit") {
  // 16 MiB: deep enough to recurse a few dozen levels even in a sanitizer build, whose frames
  // are tens of times a release build's (clang++ -O0 with ASan: 11 levels in 4 MiB).
  on_thread_with_stack(16 << 20, [] {
    uint32_t depth = 0;
    Function* f = nullptr;
    Reenter r(recursive_host(f, depth));
    f = r.f;
    uint32_t result = 0;
    Trap t = r.call(1'000'000'000, result);
    CHECK(t.code == TrapCode::CallStackExhausted);
    CHECK(depth > 20);  // it did recurse, and stopped long before a billion levels
    CHECK(depth < 100'000);
    CHECK(ExecStack::current().innermost == nullptr);
    // The thread and the store are still usable.
    depth = 0;
    REQUIRE(r.call(3, result).ok());
    CHECK(result == 7);
  });
}

TEST_CASE("an exception thrown by a host function becomes a host trap of its wasm caller") {
  Reenter r([](HostCall&, const Cell*, Cell*) -> Trap { throw std::runtime_error("boom"); });
  uint32_t result = 0;
  Trap t = r.call(1, result);
  CHECK(t.code == TrapCode::HostTrap);
  CHECK(t.message == "host function threw an exception: boom");
  REQUIRE(t.backtrace.size() == 1);
  CHECK(t.backtrace[0] == "func[1]");  // no name section
}

TEST_CASE("a host function sees the calling instance") {
  Instance* seen = nullptr;
  Reenter r([&seen](HostCall& call, const Cell*, Cell* results) -> Trap {
    seen = call.caller;
    results[0] = 0;
    return {};
  });
  uint32_t result = 0;
  REQUIRE(r.call(0, result).ok());
  CHECK(seen == r.f->instance);
}

TEST_CASE("activations of two stores nest on one thread without overlapping frames") {
  // a.f -> a.host -> b.f -> b.host -> a.f -> ... : each store's activation must start above the
  // other's frames, which live on the same thread's exec stack.
  uint32_t depth = 0;
  Function* fa = nullptr;
  Function* fb = nullptr;
  Reenter a(recursive_host(fb, depth));
  Reenter b(recursive_host(fa, depth));
  fa = a.f;
  fb = b.f;
  uint32_t result = 0;
  REQUIRE(a.call(20, result).ok());
  CHECK(result == 41);
  CHECK(depth == 20);
}
