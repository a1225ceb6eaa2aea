// Out-of-bounds memory accesses in generated code are caught by the guard region that follows
// every linear memory (runtime/store/memory.cpp reserves 8 GiB: any u32 address + u32 offset),
// not by explicit checks. A SIGSEGV/SIGBUS handler maps the faulting PC, when it is a guarded
// access of the running store's JIT code (Engine::resume_after_fault), to that function's
// out-of-bounds trap stub (or, for an x86-64 access whose address did not wrap at 2^32, to the
// stub that repeats it at the wrapped address: MasmX64::guarded_access); every other fault goes
// to the handler installed before ours (or the default action). Design note L7.
#pragma once

namespace zwasm::jit {

// Installs the handlers (each JitEngine does). Idempotent and thread-safe; when another handler
// has replaced ours since, ours goes back in front of it and passes it the faults not ours.
void install_fault_handler();

}  // namespace zwasm::jit
