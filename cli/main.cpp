// zwasm: run, validate and inspect WebAssembly modules.
//
//   zwasm run [options] module.wasm [--] [args...]
//   zwasm validate module.wasm
//   zwasm inspect module.wasm
//
// Exit status: the guest's result for `run` (0 on normal return), 1 for usage or load errors,
// 134 when the guest traps (as wasmtime does: 128 + SIGABRT).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/load.h"
#include "cli/values.h"
#include "runtime/log.h"
#include "runtime/store.h"

namespace zwasm::cli {
namespace {

constexpr int kExitUsage = 1;
constexpr int kExitTrap = 134;

const char* kUsage =
    "usage: zwasm <command> [options] module.wasm [--] [args...]\n"
    "\n"
    "commands:\n"
    "  run       instantiate a module and run its `_start` export, or --invoke a named one\n"
    "  validate  decode and validate a module; print the first error with its byte offset\n"
    "  inspect   list a module's imports, exports and section counts\n"
    "\n"
    "options:\n"
    "  --invoke NAME         (run) call export NAME with the arguments after the module,\n"
    "                        parsed by its parameter types, and print its results\n"
    "  --engine interp|jit|auto\n"
    "                        (run) execution tier; only the interpreter exists so far\n"
    "  -v, -vv               log info / debug to stderr (or set ZWASM_LOG=debug)\n"
    "  -h, --help            this text\n";

struct Options {
  std::string command;
  std::string module_path;
  std::string invoke;
  std::string engine = "auto";
  std::vector<std::string> args;
  int verbosity = 0;
};

int usage_error(const std::string& what) {
  std::fprintf(stderr, "zwasm: %s (see zwasm --help)\n", what.c_str());
  return kExitUsage;
}

// Parses argv; returns -1 to continue, else an exit status.
int parse_options(int argc, char** argv, Options& opt) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a == "-v" || a == "-vv") {
      opt.verbosity += int(a.size()) - 1;
      continue;
    }
    break;
  }
  if (i >= argc) return usage_error("missing command");
  opt.command = argv[i++];
  if (opt.command != "run" && opt.command != "validate" && opt.command != "inspect")
    return usage_error("unknown command '" + opt.command + "'");
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (!opt.module_path.empty()) {
      // Everything after the module belongs to the guest.
      if (a == "--" && opt.args.empty()) continue;
      opt.args.push_back(a);
      continue;
    }
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "-v" || a == "-vv") {
      opt.verbosity += int(a.size()) - 1;
    } else if (a == "--invoke" && opt.command == "run") {
      if (++i >= argc) return usage_error("--invoke needs a function name");
      opt.invoke = argv[i];
    } else if (a == "--engine" && opt.command == "run") {
      if (++i >= argc) return usage_error("--engine needs interp, jit or auto");
      opt.engine = argv[i];
      if (opt.engine != "interp" && opt.engine != "jit" && opt.engine != "auto")
        return usage_error("unknown engine '" + opt.engine + "'");
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else {
      opt.module_path = a;
    }
  }
  if (opt.module_path.empty()) return usage_error("missing module file");
  return -1;
}

void print_trap(const Trap& trap) {
  std::fprintf(stderr, "zwasm: wasm trap: %s\n", trap.describe().c_str());
  if (!trap.backtrace.empty()) {
    std::fprintf(stderr, "wasm backtrace:\n");
    for (size_t i = 0; i < trap.backtrace.size(); ++i)
      std::fprintf(stderr, "  %zu: %s\n", i, trap.backtrace[i].c_str());
  }
}

int cmd_run(const Options& opt) {
  auto module = load_module(opt.module_path);
  if (!module.ok()) return usage_error(module.error().describe());
  if (opt.engine == "jit") spdlog::warn("no JIT yet: running on the interpreter");
  for (const Import& imp : (*module)->imports) {
    // WASI and host imports arrive with the CLI/WASI work; say precisely what is missing.
    return usage_error(opt.module_path + ": unknown import " + imp.module + "." + imp.name);
  }
  Store store;
  InstantiateResult inst = instantiate(store, *module, {});
  if (inst.error) return usage_error(opt.module_path + ": " + inst.error->describe());
  if (!inst.trap.ok()) {
    print_trap(inst.trap);
    return kExitTrap;
  }
  std::string name = opt.invoke.empty() ? "_start" : opt.invoke;
  auto exp = inst.instance->find_export(name);
  if (!exp || exp->kind != ExternKind::Func) {
    if (opt.invoke.empty()) return usage_error(opt.module_path + ": no `_start` export; use --invoke NAME");
    return usage_error(opt.module_path + ": no exported function '" + name + "'");
  }
  Function* func = exp->as_func();
  if (opt.args.size() != func->type.params.size())
    return usage_error(name + " takes " + std::to_string(func->type.params.size()) +
                       " arguments (" + func->type.to_string() + "), got " +
                       std::to_string(opt.args.size()));
  std::vector<Value> args;
  for (size_t i = 0; i < opt.args.size(); ++i) {
    auto v = parse_value(func->type.params[i], opt.args[i]);
    if (!v)
      return usage_error("argument " + std::to_string(i) + " '" + opt.args[i] + "' is not a valid " +
                         valtype_name(func->type.params[i]));
    args.push_back(*v);
  }
  std::vector<Value> results;
  Trap trap = invoke(func, args, results);
  if (!trap.ok()) {
    print_trap(trap);
    return kExitTrap;
  }
  for (const Value& v : results) std::printf("%s\n", format_value(v).c_str());
  return 0;
}

int cmd_validate(const Options& opt) {
  auto module = load_module(opt.module_path);
  if (!module.ok()) {
    std::fprintf(stderr, "zwasm: %s\n", module.error().describe().c_str());
    return kExitUsage;
  }
  std::printf("%s: valid\n", opt.module_path.c_str());
  return 0;
}

int cmd_inspect(const Options& opt) {
  auto loaded = load_module(opt.module_path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "zwasm: %s\n", loaded.error().describe().c_str());
    return kExitUsage;
  }
  const Module& m = **loaded;
  std::printf("%s\n", opt.module_path.c_str());
  std::printf("  types %zu, functions %u (%u imported), tables %u, memories %u, globals %u\n",
              m.types.size(), m.total_funcs(), m.num_imported_funcs, m.total_tables(),
              m.total_memories(), m.total_globals());
  std::printf("  element segments %zu, data segments %zu, custom sections %zu\n", m.elems.size(),
              m.datas.size(), m.customs.size());
  for (const Import& imp : m.imports)
    std::printf("  import %-6s %s.%s\n", extern_kind_name(imp.kind), imp.module.c_str(),
                imp.name.c_str());
  for (const Export& exp : m.exports) {
    std::string detail;
    if (exp.kind == ExternKind::Func) detail = m.func_type(exp.index).to_string();
    std::printf("  export %-6s %s %s\n", extern_kind_name(exp.kind), exp.name.c_str(),
                detail.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace zwasm::cli

int main(int argc, char** argv) {
  using namespace zwasm::cli;
  Options opt;
  int status = parse_options(argc, argv, opt);
  if (status >= 0) return status;
  zwasm::init_logging(opt.verbosity);
  if (opt.command == "run") return cmd_run(opt);
  if (opt.command == "validate") return cmd_validate(opt);
  return cmd_inspect(opt);
}
