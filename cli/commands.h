// The `zwasm` commands. Each returns the process exit status.
#pragma once

#include <string>

#include "options.h"

namespace zwasm::cli {

// Exit statuses shared by the commands (see `zwasm run --help`).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // usage, load, link and instantiation errors
constexpr int kExitTrap = 134;   // 128 + SIGABRT, as wasmtime exits on a trap

int run_command(const RunOptions& opt);
int validate_command(const ValidateOptions& opt);
int inspect_command(const InspectOptions& opt);
int wat2wasm_command(const Wat2WasmOptions& opt);
int wast_command(const WastOptions& opt);

// Prints "zwasm: MESSAGE" on stderr and returns kExitFailure.
int report_error(const std::string& message);

}  // namespace zwasm::cli
