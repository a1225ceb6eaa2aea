// The machine the JIT compiles for: the build's own. CMakeLists.txt compiles only that backend's
// folder and defines its name (ZWASM_JIT_X64, ZWASM_JIT_A64 or ZWASM_JIT_NONE), so the two
// choices cannot disagree. Each backend is a macro assembler behind the vocabulary of masm.h;
// the shared lowering (lower.h) is instantiated once, with NativeMasm.
#pragma once

#if defined(ZWASM_JIT_X64)
#include "codegen/x64/masm_x64.h"
namespace zwasm::jit {
using NativeMasm = MasmX64;
}
#elif defined(ZWASM_JIT_A64)
#include "codegen/a64/masm_a64.h"
namespace zwasm::jit {
using NativeMasm = MasmA64;
}
#elif defined(ZWASM_JIT_NONE)
// No backend for this machine: JitEngine::compile() declines every function, so `--engine jit`
// and `auto` run everything on the interpreter.
#define ZWASM_JIT_HAS_NO_BACKEND 1
#else
#error "CMakeLists.txt names the JIT backend (ZWASM_JIT_X64, ZWASM_JIT_A64 or ZWASM_JIT_NONE)"
#endif
