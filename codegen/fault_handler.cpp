#include "codegen/fault_handler.h"

#include <signal.h>
#include <ucontext.h>

#include <cstdint>
#include <mutex>
#include <utility>

#include "runtime/store/exec_stack.h"
#include "runtime/store/store.h"

namespace zwasm::jit {

namespace {

struct sigaction g_previous_segv;
struct sigaction g_previous_bus;

// The faulting thread's program counter in its signal context, read and replaced.
uintptr_t fault_pc(const ucontext_t* uc) {
#if defined(__x86_64__)
  return uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return uintptr_t(uc->uc_mcontext.pc);
#else
#error "the fault handler knows only x86-64 and ARM64 signal contexts"
#endif
}

void set_fault_pc(ucontext_t* uc, uintptr_t pc) {
#if defined(__x86_64__)
  uc->uc_mcontext.gregs[REG_RIP] = greg_t(pc);
#elif defined(__aarch64__)
  uc->uc_mcontext.pc = pc;
#endif
}

// Hands a fault that is not ours to whoever handled it before us.
void chain(int sig, siginfo_t* info, void* ucontext) {
  const struct sigaction& previous = sig == SIGSEGV ? g_previous_segv : g_previous_bus;
  if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction) {
    previous.sa_sigaction(sig, info, ucontext);
  } else if (previous.sa_handler == SIG_DFL || previous.sa_handler == nullptr) {
    // Restore the default action: returning re-executes the access, which faults again and
    // ends the process as it would have without us.
    signal(sig, SIG_DFL);
  } else if (previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
  }
}

void on_fault(int sig, siginfo_t* info, void* ucontext) {
  ExecStack* stack = ExecStack::current_if_any();
  ExecContext* running = stack ? stack->innermost : nullptr;
  if (running) {
    auto* uc = static_cast<ucontext_t*>(ucontext);
    if (const void* resume = running->store->engine().resume_after_fault(fault_pc(uc))) {
      set_fault_pc(uc, reinterpret_cast<uintptr_t>(resume));
      return;
    }
  }
  chain(sig, info, ucontext);
}

}  // namespace

void install_fault_handler() {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  struct sigaction action{};
  action.sa_sigaction = &on_fault;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  // Once per signal, unless someone replaced our handler since: then ours goes back in front,
  // chaining to theirs.
  for (auto [sig, previous] : {std::pair{SIGSEGV, &g_previous_segv}, std::pair{SIGBUS, &g_previous_bus}}) {
    struct sigaction current{};
    sigaction(sig, nullptr, &current);
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == &on_fault) continue;
    sigaction(sig, &action, previous);
  }
}

}  // namespace zwasm::jit
