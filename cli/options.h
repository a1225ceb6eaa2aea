// Command-line parsing for `zwasm`: one options struct per command, their help texts, and the
// parser that turns argv into them. Parsing never exits the process: it reports what to do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <zwasm/zwasm.h>

namespace zwasm::cli {

struct Preopen {
  std::string host;   // directory on the host
  std::string guest;  // the name the guest sees
};

struct RunOptions {
  std::string module_path;
  std::vector<std::string> args;  // after the module (minus one leading `--`)
  std::string invoke;             // empty: run `_start`
  std::vector<Preopen> dirs;
  std::vector<std::string> env;  // "NAME=VALUE", in command-line order
  bool inherit_env = false;
  zwasm::api::Engine engine = zwasm::api::Engine::Auto;
  int32_t jit_threshold = 0;  // 0: the API's default (or ZWASM_JIT_THRESHOLD)
  bool stats = false;         // print the engine's statistics to stderr after the run
  std::optional<uint64_t> fuel;     // --fuel: the guest's fuel (StoreConfig::consume_fuel)
  std::optional<uint64_t> timeout_ms;  // --timeout: interrupt the guest after this long
  uint64_t max_memory = 0;          // --max-memory BYTES (0: no limit)
  uint64_t max_table_elements = 0;  // --max-table-elements N (0: no limit)
  uint64_t max_stack = 0;           // --max-stack BYTES (0: the thread's own)
};

struct ValidateOptions {
  std::string module_path;
};

struct InspectOptions {
  std::string module_path;
  bool json = false;
};

struct Wat2WasmOptions {
  std::string input;   // a .wat file
  std::string output;  // the .wasm to write; "-" is stdout
  bool check = true;   // validate before writing (--no-check: write what the text denotes)
};

struct WastOptions {
  std::vector<std::string> scripts;  // .wast (or wast2json .json) files
  zwasm::api::Engine engine = zwasm::api::Engine::Auto;
};

// What the command line asks for.
struct ShowHelp {
  std::string text;  // printed to stdout, exit 0
};
struct ShowVersion {};  // `zwasm --version`, `zwasm version`: "zwasm VERSION" on stdout, exit 0
struct UsageError {
  std::string message;  // one line, printed to stderr as "zwasm: MESSAGE", exit 1
};
using Command =
    std::variant<RunOptions, ValidateOptions, InspectOptions, Wat2WasmOptions, WastOptions,
                 ShowHelp, ShowVersion, UsageError>;

struct ParsedCommandLine {
  Command command;
  int verbosity = 0;  // count of -v (-vv counts two)
};

// Parses `zwasm [-v|-vv] <command> [options] module.wasm [--] [args...]` and `zwasm --version`.
// A first word that is no command but looks like a module (an existing file, a path, a
// .wasm/.wat name) or is a run option means `run` (as `wasmtime module.wasm` does).
ParsedCommandLine parse_command_line(int argc, const char* const* argv);

// Help texts, also used by the tests' expectations of `--help`.
extern const char* const kMainHelp;
extern const char* const kRunHelp;
extern const char* const kValidateHelp;
extern const char* const kInspectHelp;
extern const char* const kWat2WasmHelp;
extern const char* const kWastHelp;
extern const char* const kVersionHelp;

}  // namespace zwasm::cli
