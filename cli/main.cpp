// zwasm: run, validate and inspect WebAssembly modules.
//
//   zwasm run [options] module.wasm [--] [args...]
//   zwasm validate module.wasm
//   zwasm inspect [--json] module.wasm
//   zwasm wat2wasm module.wat [-o module.wasm]
//   zwasm wast [--engine E] script.wast...
//   zwasm --version
//
// Exit status: for `run` the guest's proc_exit status (0 when it returns), 134 when it traps
// (as wasmtime: 128 + SIGABRT); 1 for usage, load and link errors. See `zwasm run --help`.
#include <cstdio>
#include <string>
#include <variant>

#include <zwasm/zwasm.h>

#include "commands.h"
#include "load.h"
#include "options.h"

namespace zwasm::cli {

int report_error(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "zwasm: %s\n", message.c_str());
  return kExitFailure;
}

int validate_command(const ValidateOptions& opt) {
  auto module = load_module(opt.module_path);
  if (!module.ok()) return report_error(module.error().describe());
  std::printf("%s: valid\n", opt.module_path.c_str());
  return kExitOk;
}

namespace {

struct Dispatch {
  int operator()(const RunOptions& o) const { return run_command(o); }
  int operator()(const ValidateOptions& o) const { return validate_command(o); }
  int operator()(const InspectOptions& o) const { return inspect_command(o); }
  int operator()(const Wat2WasmOptions& o) const { return wat2wasm_command(o); }
  int operator()(const WastOptions& o) const { return wast_command(o); }
  int operator()(const ShowHelp& h) const {
    std::fputs(h.text.c_str(), stdout);
    return kExitOk;
  }
  int operator()(const ShowVersion&) const {
    std::printf("zwasm %s\n", zwasm::api::version());
    return kExitOk;
  }
  int operator()(const UsageError& e) const { return report_error(e.message); }
};

}  // namespace
}  // namespace zwasm::cli

int main(int argc, char** argv) {
  using namespace zwasm::cli;
  ParsedCommandLine parsed = parse_command_line(argc, argv);
  zwasm::api::set_log_verbosity(parsed.verbosity);
  int status = std::visit(Dispatch{}, parsed.command);
  std::fflush(stdout);
  return status;
}
