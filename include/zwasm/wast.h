// Running WebAssembly script files, the spec's test format (.wast), as `zwasm wast` does (and
// `wasmtime wast`): modules in text, binary and quoted form, register, invoke and get, every
// assert_* command with its result patterns. Part of libzwasm; include it beside zwasm.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <zwasm/zwasm.h>

namespace zwasm::api {

/// A command of a script that did not do what it says.
struct WastFailure {
  uint32_t line = 0;    ///< where the command starts in the script
  std::string command;  ///< its kind: "assert_return", "module", ...
  std::string message;  ///< what happened instead
};

/// What running a script did, command by command.
struct WastReport {
  size_t passed = 0;
  size_t failed = 0;
  size_t skipped = 0;  ///< commands of a kind the runner cannot run; never counted as passed
  std::vector<WastFailure> failures;  ///< in script order
};

/// Runs the script at `path` (a .wast file, or wast2json's .json with its module files beside
/// it) on `engine`, in a store of its own where the spec's host module "spectest" is
/// registered. An Error when the script cannot be read or is not a script at all (its
/// "PATH:LINE:COL: what"); a malformed module inside a script only fails its command.
Result<WastReport> run_wast(const std::string& path, Engine engine = Engine::Auto);

}  // namespace zwasm::api
