// The machine the JIT compiles for: the build's own (CMakeLists.txt compiles only that backend's
// folder). Each backend is a macro assembler behind the vocabulary of masm.h; the shared
// lowering (lower.h) is instantiated once, with NativeMasm.
#pragma once

#if defined(__x86_64__)
#include "codegen/x64/masm_x64.h"
namespace zwasm::jit {
using NativeMasm = MasmX64;
}
#else
// No backend for this machine yet (ARM64's, codegen/a64/, is not written): JitEngine::compile()
// declines every function, so `--engine jit` and `auto` run everything on the interpreter.
#define ZWASM_JIT_HAS_NO_BACKEND 1
#endif
