// `zwasm run`: instantiate a module with WASI linked in, then run `_start` or --invoke a
// function, and turn the outcome into an exit status the way wasmtime does.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <zwasm/zwasm.h>

#include "commands.h"
#include "load.h"
#include "values.h"

extern char** environ;

namespace zwasm::cli {

namespace zw = zwasm::api;

namespace {

// WASI exit statuses are in [0, 126): from 126 up a POSIX shell reads "cannot execute", "not
// found" and "killed by a signal", and 134 is our trap status. define_wasi already turns
// proc_exit(126 and up) into a trap; an Exit trap out of range is treated the same way.
constexpr int kMaxExitStatus = 126;

// A backtrace longer than this (deep recursion) shows its innermost and outermost frames only.
constexpr size_t kBacktraceHead = 20;
constexpr size_t kBacktraceTail = 10;

void print_trap(const zw::Trap& trap) {
  std::fflush(stdout);
  std::fprintf(stderr, "zwasm: wasm trap: %s\n", trap.message.c_str());
  const auto& frames = trap.backtrace;
  if (frames.empty()) return;
  std::fprintf(stderr, "wasm backtrace:\n");
  bool elide = frames.size() > kBacktraceHead + kBacktraceTail + 1;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (elide && i == kBacktraceHead) {
      size_t skipped = frames.size() - kBacktraceHead - kBacktraceTail;
      std::fprintf(stderr, "  ... %zu more frames ...\n", skipped);
      i += skipped - 1;
      continue;
    }
    std::fprintf(stderr, "  %zu: %s\n", i, frames[i].c_str());
  }
}

// The exit status for a run that ended in `trap` (proc_exit is a trap of kind Exit).
int exit_status_of(const zw::Trap& trap) {
  if (trap.is_exit()) {
    spdlog::info("guest exited with status {}", trap.exit_code);
    if (trap.exit_code >= 0 && trap.exit_code < kMaxExitStatus) return trap.exit_code;
    zw::Trap invalid = trap;
    invalid.kind = zw::TrapKind::HostTrap;
    invalid.message = "exit with invalid exit status outside of [0..126)";
    print_trap(invalid);
    return kExitTrap;
  }
  print_trap(trap);
  return kExitTrap;
}

// Runs `func` with `args`; on a trap, returns the exit status it means.
std::optional<int> call(const zw::Func& func, const std::vector<zw::Value>& args,
                        std::vector<zw::Value>& results) {
  if (auto done = func.invoke(args, results); !done) return exit_status_of(done.error());
  return std::nullopt;
}

// "NAME=VALUE" entries: the host's environment first when inherited, then each --env, a later
// entry replacing an earlier one of the same name.
std::vector<std::string> guest_environment(const RunOptions& opt) {
  std::vector<std::string> env;
  auto put = [&env](const std::string& entry) {
    size_t name_len = entry.find('=');
    for (std::string& e : env) {
      if (e.compare(0, name_len + 1, entry, 0, name_len + 1) == 0) {
        e = entry;
        return;
      }
    }
    env.push_back(entry);
  };
  if (opt.inherit_env) {
    for (char** e = environ; e && *e; ++e) {
      if (std::strchr(*e, '=') != nullptr) put(*e);
    }
  }
  for (const std::string& entry : opt.env) put(entry);
  return env;
}

// An import's kind, with the type of a function: "func [i32] -> []", "memory".
std::string extern_description(const zw::ExternType& type) {
  std::string s(zw::to_string(type.kind));
  if (type.kind == zw::ExternKind::Func) s += " " + type.func.to_string();
  return s;
}

// Parses the --invoke arguments by the function's parameter types.
bool parse_arguments(const RunOptions& opt, const zw::FuncType& type, std::vector<zw::Value>& out,
                     std::string& error) {
  if (opt.args.size() != type.params.size()) {
    error = "--invoke " + opt.invoke + ": the function takes " +
            std::to_string(type.params.size()) + " argument" +
            (type.params.size() == 1 ? "" : "s") + " (" + type.to_string() + "), got " +
            std::to_string(opt.args.size());
    return false;
  }
  for (size_t i = 0; i < opt.args.size(); ++i) {
    zw::ValType t = type.params[i];
    if (t == zw::ValType::V128) {
      error = "--invoke " + opt.invoke + ": argument " + std::to_string(i) +
              " is a v128, which cannot be given on the command line";
      return false;
    }
    auto v = parse_value(t, opt.args[i]);
    if (!v) {
      error = "--invoke " + opt.invoke + ": argument " + std::to_string(i) + " '" + opt.args[i] +
              "' is not a valid " + std::string(zw::to_string(t));
      return false;
    }
    out.push_back(*v);
  }
  return true;
}

const char* engine_name(zw::Engine e) {
  switch (e) {
    case zw::Engine::Auto: return "auto";
    case zw::Engine::Interpreter: return "interp";
    case zw::Engine::Jit: return "jit";
  }
  return "?";
}

void print_stats(const zw::Store& store) {
  zw::EngineStats s = store.stats();
  std::fflush(stdout);
  std::fprintf(stderr,
               "zwasm stats: engine %s; %llu functions run, %llu compiled, %llu interpreted; "
               "%llu OSR entries; %llu bytes of machine code from %llu IR words (%llu bytes of "
               "wasm) in %.2f ms; %llu IR instructions moved out of loops, %llu dead ones left "
               "out; %llu slow-path faults, address folds switched off in %llu functions\n",
               engine_name(store.engine()), (unsigned long long)s.functions_run,
               (unsigned long long)s.functions_compiled,
               (unsigned long long)(s.functions_run - std::min(s.functions_run,
                                                              s.functions_compiled)),
               (unsigned long long)s.osr_entries, (unsigned long long)s.code_bytes,
               (unsigned long long)s.ir_words, (unsigned long long)s.wasm_bytes,
               s.compile_seconds * 1000, (unsigned long long)s.hoisted,
               (unsigned long long)s.dead, (unsigned long long)s.slow_path_faults,
               (unsigned long long)s.unfolded);
}

}  // namespace

// --timeout: interrupts the store's guest after the time given, unless the run ended first. A
// guest blocked in a host call (a read from a FIFO nobody writes, say) never reaches a poll:
// after a grace period the watchdog reports the trap itself and ends the process.
class Watchdog {
 public:
  Watchdog(const zw::Store& store, std::optional<uint64_t> timeout_ms) {
    if (!timeout_ms) return;
    thread_ = std::thread([this, handle = store.interrupt_handle(), ms = *timeout_ms] {
      std::unique_lock lock(mutex_);
      if (done_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return done_; })) return;
      spdlog::info("--timeout: {} ms passed, interrupting the guest", ms);
      handle.interrupt();
      if (done_cv_.wait_for(lock, kGrace, [this] { return done_; })) return;
      zw::Trap trap;
      trap.kind = zw::TrapKind::Interrupted;
      trap.message = "interrupted (the guest was blocked in a host call)";
      print_trap(trap);
      std::_Exit(kExitTrap);
    });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_one();
    thread_.join();
  }

 private:
  static constexpr std::chrono::milliseconds kGrace{500};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
};

int run_command(const RunOptions& opt) {
  auto module = load_module(opt.module_path);
  if (!module.ok()) return report_error(module.error().describe());

  zw::StoreConfig store_config;
  store_config.engine = opt.engine;
  store_config.jit_threshold = opt.jit_threshold;
  store_config.consume_fuel = opt.fuel.has_value();
  store_config.interruptible = opt.timeout_ms.has_value();
  store_config.max_memory_bytes = opt.max_memory;
  store_config.max_table_elements = opt.max_table_elements;
  store_config.max_stack_bytes = opt.max_stack;
  zw::Store store(store_config);
  if (opt.fuel) store.set_fuel(*opt.fuel);
  if (opt.engine == zw::Engine::Jit && store.engine() != zw::Engine::Jit)
    spdlog::warn("--engine jit: no JIT tier on this machine, running on the interpreter");
  // --stats: printed however the run ends (return, exit, trap).
  struct StatsPrinter {
    const zw::Store& store;
    bool on;
    ~StatsPrinter() {
      if (on) print_stats(store);
    }
  } stats_printer{store, opt.stats};
  Watchdog watchdog(store, opt.timeout_ms);  // from here: instantiation may run wasm

  zw::Linker linker(store);
  zw::WasiConfig config;
  // argv[0] is the module's file name, as wasmtime passes it: the host path stays on the host.
  config.args.push_back(std::filesystem::path(opt.module_path).filename().string());
  config.args.insert(config.args.end(), opt.args.begin(), opt.args.end());
  config.env = guest_environment(opt);
  for (const Preopen& dir : opt.dirs) config.preopens.push_back({dir.host, dir.guest});
  if (auto wasi = linker.define_wasi(config); !wasi) return report_error(wasi.error().describe());

  // Name the first import nothing defines, with its type, before instantiating.
  for (const zw::ImportType& imp : module->imports()) {
    if (!linker.defines(imp.module, imp.name)) {
      return report_error(opt.module_path + ": unknown import " + imp.module + "." + imp.name +
                          " (" + extern_description(imp.type) + ")");
    }
  }
  auto instance = linker.instantiate(*module);
  if (!instance) {
    const zw::InstantiationError& failure = instance.error();
    if (failure.kind == zw::InstantiationError::Kind::Trap) return exit_status_of(failure.trap);
    return report_error(opt.module_path + ": " + failure.link.describe());
  }
  spdlog::info("instantiated {}", opt.module_path);

  std::vector<zw::Value> results;
  if (opt.invoke.empty()) {
    auto start = instance->func("_start");
    if (!start)
      return report_error(opt.module_path + ": no `_start` function export; use --invoke NAME");
    zw::FuncType type = start->type();
    if (!type.params.empty() || !type.results.empty())
      return report_error(opt.module_path + ": `_start` has type " + type.to_string() +
                          ", expected [] -> []");
    if (auto status = call(*start, {}, results)) return *status;
    return kExitOk;
  }

  auto func = instance->func(opt.invoke);
  if (!func) return report_error(opt.module_path + ": no exported function '" + opt.invoke + "'");
  std::vector<zw::Value> args;
  std::string error;
  if (!parse_arguments(opt, func->type(), args, error)) return report_error(error);

  // A WASI reactor initializes itself in `_initialize` before any other export is called.
  if (auto init = instance->func("_initialize"); init && opt.invoke != "_initialize") {
    zw::FuncType type = init->type();
    if (type.params.empty() && type.results.empty()) {
      if (auto status = call(*init, {}, results)) return *status;
    }
  }

  if (auto status = call(*func, args, results)) return *status;
  for (const zw::Value& v : results) std::printf("%s\n", format_value(v).c_str());
  return kExitOk;
}

}  // namespace zwasm::cli
