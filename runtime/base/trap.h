// One trap vocabulary for every execution tier (interpreter and JIT) and for host functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zwasm {

// X(Name, message). Messages follow the spec test suite's wording (assert_trap texts).
#define ZWASM_TRAP_CODES(X)                                           \
  X(None, "no trap")                                                  \
  X(Unreachable, "unreachable")                                       \
  X(IntegerOverflow, "integer overflow")                              \
  X(IntegerDivideByZero, "integer divide by zero")                    \
  X(InvalidConversion, "invalid conversion to integer")               \
  X(MemoryOutOfBounds, "out of bounds memory access")                 \
  X(TableOutOfBounds, "out of bounds table access")                   \
  X(UndefinedElement, "undefined element")                            \
  X(UninitializedElement, "uninitialized element")                    \
  X(IndirectCallTypeMismatch, "indirect call type mismatch")          \
  X(NullReference, "null reference")                                 \
  X(CallStackExhausted, "call stack exhausted")                       \
  X(HostTrap, "host function trapped")                                \
  X(Exit, "exit")                                                     \
  X(OutOfFuel, "all fuel consumed")                                   \
  X(Interrupted, "interrupted")

enum class TrapCode : uint8_t {
#define ZW_X(name, msg) name,
  ZWASM_TRAP_CODES(ZW_X)
#undef ZW_X
};
#define ZW_X(name, msg) +1
constexpr size_t kTrapCodeCount = 0 ZWASM_TRAP_CODES(ZW_X);
#undef ZW_X

inline const char* trap_message(TrapCode code) {
  switch (code) {
#define ZW_X(name, msg) \
  case TrapCode::name:  \
    return msg;
    ZWASM_TRAP_CODES(ZW_X)
#undef ZW_X
  }
  return "unknown trap";
}

// The outcome of running wasm code. `code == None` means it returned normally.
struct Trap {
  TrapCode code = TrapCode::None;
  std::string message;                 // extra detail (host traps), may be empty
  std::vector<std::string> backtrace;  // innermost first: wasm function names
  int exit_code = 0;                   // for TrapCode::Exit (WASI proc_exit)

  bool ok() const { return code == TrapCode::None; }
  // What happened, e.g. "integer divide by zero" (the spec's wording) or a host's message.
  std::string text() const { return message.empty() ? std::string(trap_message(code)) : message; }
  // text(), naming the wasm function it happened in when known, e.g.
  // "integer divide by zero (in function fib)".
  std::string describe() const {
    std::string s = text();
    if (!backtrace.empty()) s += " (in function " + backtrace.front() + ")";
    return s;
  }
};

}  // namespace zwasm
