// `zwasm run`: instantiate a module with WASI linked in, then run `_start` or --invoke a
// function, and turn the outcome into an exit status the way wasmtime does.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/load.h"
#include "cli/values.h"
#include "interpreter/interp.h"
#include "runtime/store/linker.h"
#include "runtime/base/log.h"
#include "runtime/store/store.h"
#include "wasi/wasi.h"

extern char** environ;

namespace zwasm::cli {

namespace {

// WASI exit statuses are in [0, 126): from 126 up a POSIX shell reads "cannot execute", "not
// found" and "killed by a signal", and 134 is our trap status. wasi::link already turns
// proc_exit(126 and up) into a trap; an Exit trap out of range is treated the same way.
constexpr int kMaxExitStatus = 126;

// A backtrace longer than this (deep recursion) shows its innermost and outermost frames only.
constexpr size_t kBacktraceHead = 20;
constexpr size_t kBacktraceTail = 10;

void print_trap(const Trap& trap) {
  std::fflush(stdout);
  std::fprintf(stderr, "zwasm: wasm trap: %s\n", trap.text().c_str());
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

// The exit status for a run that ended in `trap` (proc_exit is a trap of code Exit).
int exit_status_of(const Trap& trap) {
  if (trap.code == TrapCode::Exit) {
    spdlog::info("guest exited with status {}", trap.exit_code);
    if (trap.exit_code >= 0 && trap.exit_code < kMaxExitStatus) return trap.exit_code;
    Trap invalid = trap;
    invalid.code = TrapCode::HostTrap;
    invalid.message = "exit with invalid exit status outside of [0..126)";
    print_trap(invalid);
    return kExitTrap;
  }
  print_trap(trap);
  return kExitTrap;
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

std::string extern_description(const Module& m, const Import& imp) {
  std::string s = extern_kind_name(imp.kind);
  if (imp.kind == ExternKind::Func) s += " " + m.types[imp.type_index].to_string();
  return s;
}

// Parses the --invoke arguments by the function's parameter types.
bool parse_arguments(const RunOptions& opt, const FuncType& type, std::vector<Value>& out,
                     std::string& error) {
  if (opt.args.size() != type.params.size()) {
    error = "--invoke " + opt.invoke + ": the function takes " +
            std::to_string(type.params.size()) + " argument" +
            (type.params.size() == 1 ? "" : "s") + " (" + type.to_string() + "), got " +
            std::to_string(opt.args.size());
    return false;
  }
  for (size_t i = 0; i < opt.args.size(); ++i) {
    ValType t = type.params[i];
    if (t == ValType::V128) {
      error = "--invoke " + opt.invoke + ": argument " + std::to_string(i) +
              " is a v128, which cannot be given on the command line";
      return false;
    }
    auto v = parse_value(t, opt.args[i]);
    if (!v) {
      error = "--invoke " + opt.invoke + ": argument " + std::to_string(i) + " '" + opt.args[i] +
              "' is not a valid " + valtype_name(t);
      return false;
    }
    out.push_back(*v);
  }
  return true;
}

}  // namespace

int run_command(const RunOptions& opt) {
  auto loaded = load_module(opt.module_path);
  if (!loaded.ok()) return report_error(loaded.error().describe());
  std::shared_ptr<const Module> module = *loaded;
  if (opt.engine == Engine::Jit)
    spdlog::warn("--engine jit: no JIT tier yet, running on the interpreter");

  ObjectStore store(interpreter_engine());
  Linker linker;
  wasi::Config config;
  config.args.push_back(opt.module_path);
  config.args.insert(config.args.end(), opt.args.begin(), opt.args.end());
  config.env = guest_environment(opt);
  for (const Preopen& dir : opt.dirs) config.preopens.push_back({dir.host, dir.guest});
  auto wasi_context = wasi::link(linker, store, std::move(config));
  if (!wasi_context.ok()) return report_error(wasi_context.error().describe());

  // Name the first import nothing defines, with its type, before instantiating.
  for (const Import& imp : module->imports) {
    if (!linker.find(imp.module, imp.name)) {
      return report_error(opt.module_path + ": unknown import " + imp.module + "." + imp.name +
                          " (" + extern_description(*module, imp) + ")");
    }
  }
  InstantiateResult inst = linker.instantiate(store, module);
  if (inst.error) return report_error(opt.module_path + ": " + inst.error->describe());
  if (!inst.trap.ok()) return exit_status_of(inst.trap);
  spdlog::info("instantiated {}", opt.module_path);

  if (opt.invoke.empty()) {
    auto start = inst.instance->find_export("_start");
    if (!start || start->kind != ExternKind::Func)
      return report_error(opt.module_path + ": no `_start` function export; use --invoke NAME");
    Function* func = start->as_func();
    if (!func->type->params.empty() || !func->type->results.empty())
      return report_error(opt.module_path + ": `_start` has type " + func->type->to_string() +
                          ", expected [] -> []");
    std::vector<Value> results;
    Trap trap = invoke(func, {}, results);
    if (!trap.ok()) return exit_status_of(trap);
    return kExitOk;
  }

  auto exp = inst.instance->find_export(opt.invoke);
  if (!exp || exp->kind != ExternKind::Func)
    return report_error(opt.module_path + ": no exported function '" + opt.invoke + "'");
  Function* func = exp->as_func();
  std::vector<Value> args;
  std::string error;
  if (!parse_arguments(opt, *func->type, args, error)) return report_error(error);

  // A WASI reactor initializes itself in `_initialize` before any other export is called.
  if (auto init = inst.instance->find_export("_initialize");
      init && init->kind == ExternKind::Func && opt.invoke != "_initialize") {
    Function* init_func = init->as_func();
    if (init_func->type->params.empty() && init_func->type->results.empty()) {
      std::vector<Value> none;
      Trap trap = invoke(init_func, {}, none);
      if (!trap.ok()) return exit_status_of(trap);
    }
  }

  std::vector<Value> results;
  Trap trap = invoke(func, args, results);
  if (!trap.ok()) return exit_status_of(trap);
  for (const Value& v : results) std::printf("%s\n", format_value(v).c_str());
  return kExitOk;
}

}  // namespace zwasm::cli
