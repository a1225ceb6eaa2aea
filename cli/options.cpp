#include "options.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace zwasm::cli {

const char* const kMainHelp =
    "zwasm: run, validate and inspect WebAssembly modules\n"
    "\n"
    "usage: zwasm [-v|-vv] <command> [options] module.wasm [--] [args...]\n"
    "       (every command also takes a module in the text format, module.wat)\n"
    "       zwasm [run options] module.wasm [args...]     (the same as `zwasm run`)\n"
    "\n"
    "commands:\n"
    "  run       run a WASI command's `_start`, or --invoke an exported function\n"
    "  validate  decode and validate a module; print the first error with its byte offset\n"
    "  inspect   list a module's imports, exports, memories, tables, globals and sections\n"
    "  wat2wasm  write the binary module a text module (.wat) denotes\n"
    "  wast      run WebAssembly script files (.wast, the spec's tests)\n"
    "  version   print zwasm's version (the same as `zwasm --version`)\n"
    "  help      show the help of a command (`zwasm help run` = `zwasm run --help`)\n"
    "\n"
    "options:\n"
    "  -v, -vv      log info / debug messages to stderr (ZWASM_LOG=LEVEL overrides:\n"
    "               trace, debug, info, warn, err, critical, off)\n"
    "  -h, --help   this text\n"
    "  --version    print \"zwasm VERSION\"\n";

const char* const kRunHelp =
    "usage: zwasm run [options] module.wasm [--] [args...]\n"
    "\n"
    "Instantiates the module with WASI (wasi_snapshot_preview1) linked in and calls its\n"
    "`_start` export. The guest's argv is the module path as given, then args.\n"
    "\n"
    "options:\n"
    "  --invoke NAME          call the exported function NAME instead of `_start`: args are\n"
    "                         its arguments (integers in decimal or 0x hex, floats as strtod\n"
    "                         reads them, `null` for references); its results are printed\n"
    "                         one per line. `_initialize`, when exported, runs first.\n"
    "  --dir HOST[::GUEST]    give the guest the host directory HOST, named GUEST (default:\n"
    "                         HOST); repeatable. Nothing outside a preopen is reachable.\n"
    "  --env NAME=VALUE       set a guest environment variable; repeatable. `--env NAME`\n"
    "                         passes the host's value of NAME, if it has one.\n"
    "  --inherit-env          start the guest environment from the host's (then --env)\n"
    "  --engine interp|jit|auto\n"
    "                         execution tier; default auto (or $ZWASM_ENGINE): interpret,\n"
    "                         and compile to machine code what gets hot (jit: every\n"
    "                         function, at once)\n"
    "  --jit-threshold N      auto's tier-up budget, in IR words executed (default 20000;\n"
    "                         also ZWASM_JIT_THRESHOLD); 1 compiles each function at once\n"
    "  --fuel N               end the guest (a trap) once it has used N fuel: each function\n"
    "                         entry costs its size in IR words, each loop iteration the\n"
    "                         loop's; the same on every engine\n"
    "  --timeout MS           end the guest (a trap) after MS milliseconds; a guest blocked\n"
    "                         in a host call (a FIFO, say) ends the process a moment later\n"
    "  --max-memory BYTES     a linear memory may not grow beyond BYTES (memory.grow yields\n"
    "                         -1; a module whose memory starts larger does not start)\n"
    "  --max-table-elements N the same for tables (table.grow yields -1)\n"
    "  --max-stack BYTES      the stack the guest may use (native and interpreter frames,\n"
    "                         each); deeper recursion traps\n"
    "  --stats                after the run, print what the engine did to stderr: functions\n"
    "                         run and compiled, OSR entries, code size, compile time\n"
    "  -v, -vv                log info / debug messages to stderr\n"
    "  -h, --help             this text\n"
    "\n"
    "exit status:\n"
    "  the guest's proc_exit status (0 to 125); 0 when `_start` (or the --invoke'd\n"
    "  function) returns; 134 when the guest traps, printing \"zwasm: wasm trap: MESSAGE\"\n"
    "  and a backtrace to stderr (proc_exit with a status of 126 or more is a trap too);\n"
    "  1 when the module cannot be read, validated, linked or instantiated.\n";

const char* const kValidateHelp =
    "usage: zwasm validate module.wasm\n"
    "\n"
    "Decodes and validates the module (WebAssembly 2.0). Prints \"module.wasm: valid\" and\n"
    "exits 0, or prints the first error with its byte offset in the file and exits 1.\n"
    "\n"
    "options:\n"
    "  -v, -vv      log info / debug messages to stderr\n"
    "  -h, --help   this text\n";

const char* const kInspectHelp =
    "usage: zwasm inspect [--json] module.wasm\n"
    "\n"
    "Prints the module's section counts, imports and exports with their types, memories,\n"
    "tables, globals (with initial values), the start function and the custom sections.\n"
    "The module must be valid.\n"
    "\n"
    "options:\n"
    "  --json       print the same as one JSON object\n"
    "  -v, -vv      log info / debug messages to stderr\n"
    "  -h, --help   this text\n";

const char* const kWat2WasmHelp =
    "usage: zwasm wat2wasm [--no-check] module.wat [-o module.wasm]\n"
    "\n"
    "Reads a module in the text format and writes the binary module it denotes, checked as\n"
    "`zwasm validate` checks it. The output defaults to the input's name with .wasm for\n"
    ".wat (or .wasm appended); `-o -` writes to stdout. Errors read \"PATH:LINE:COL: what\".\n"
    "\n"
    "options:\n"
    "  -o FILE      where to write the binary\n"
    "  --no-check   do not validate: write an invalid module too (as wabt's option)\n"
    "  -v, -vv      log info / debug messages to stderr\n"
    "  -h, --help   this text\n";

const char* const kWastHelp =
    "usage: zwasm wast [--engine interp|jit|auto] script.wast...\n"
    "\n"
    "Runs each script's commands in order (modules in text, binary and quoted form, register,\n"
    "invoke, get, assert_return with its result patterns, assert_trap, assert_exhaustion,\n"
    "assert_malformed, assert_invalid, assert_unlinkable), each script in a store of its own\n"
    "with the spec's host module \"spectest\". Prints each failing command as\n"
    "\"SCRIPT:LINE: COMMAND: what happened\", then \"N passed, N failed, N skipped\".\n"
    "Exits 1 when a command failed or a script could not be read, else 0.\n"
    "\n"
    "options:\n"
    "  --engine interp|jit|auto\n"
    "               execution tier (default auto, or $ZWASM_ENGINE), as for `zwasm run`\n"
    "  -v, -vv      log info / debug messages to stderr\n"
    "  -h, --help   this text\n";

const char* const kVersionHelp =
    "usage: zwasm version\n"
    "       zwasm --version\n"
    "\n"
    "Prints \"zwasm VERSION\" (e.g. \"zwasm 0.1.0\") and exits 0.\n";

namespace {

bool is_verbosity_flag(std::string_view a) { return a == "-v" || a == "-vv"; }
bool is_help_flag(std::string_view a) { return a == "-h" || a == "--help"; }

// A first word that is no command is taken as a module to run when it looks like one: an
// existing file, or a name with a folder or a .wasm/.wat ending (then the load error says why
// it cannot be read, rather than "unknown command").
bool looks_like_module(const std::string& word) {
  struct stat st;
  if (::stat(word.c_str(), &st) == 0) return !S_ISDIR(st.st_mode);
  auto ends_with = [&](std::string_view suffix) {
    return word.size() >= suffix.size() &&
           word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return word.find('/') != std::string::npos || ends_with(".wasm") || ends_with(".wat");
}

// Walks argv, handing out option values in both `--opt VALUE` and `--opt=VALUE` forms.
class ArgCursor {
 public:
  ArgCursor(int argc, const char* const* argv, int start) : argc_(argc), argv_(argv), i_(start) {}
  bool done() const { return i_ >= argc_; }
  std::string_view peek() const { return argv_[i_]; }
  std::string_view next() { return argv_[i_++]; }

  // If the current word is the option `name` (alone or as `name=...`), consumes it and its
  // value into `value` and returns true; a missing value sets `missing`.
  bool take_valued(std::string_view name, std::string& value, bool& missing) {
    std::string_view a = peek();
    if (a == name) {
      ++i_;
      if (done()) {
        missing = true;
        return true;
      }
      value = std::string(next());
      return true;
    }
    if (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=') {
      ++i_;
      value = std::string(a.substr(name.size() + 1));
      return true;
    }
    return false;
  }

 private:
  int argc_;
  const char* const* argv_;
  int i_;
};

UsageError usage(std::string_view command, std::string message) {
  return UsageError{std::string(command) + ": " + message + " (see zwasm " + std::string(command) +
                    " --help)"};
}

// A decimal count that fits 64 bits (no sign, no suffix).
std::optional<uint64_t> parse_count(const std::string& s) {
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  errno = 0;
  unsigned long long n = std::strtoull(s.c_str(), nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  return uint64_t(n);
}

std::optional<zwasm::api::Engine> parse_engine(std::string_view s) {
  using zwasm::api::Engine;
  if (s == "auto") return Engine::Auto;
  if (s == "interp") return Engine::Interpreter;
  if (s == "jit") return Engine::Jit;
  return std::nullopt;
}

// ZWASM_ENGINE, when set, is the default engine (tests run whole suites on each tier with it).
// False when it names none.
bool default_engine(zwasm::api::Engine& engine) {
  const char* env = std::getenv("ZWASM_ENGINE");
  if (!env) return true;
  auto parsed = parse_engine(env);
  if (parsed) engine = *parsed;
  return parsed.has_value();
}

// HOST[::GUEST]: the first `::` separates the two (as wasmtime's `--dir` does).
std::optional<Preopen> parse_dir(const std::string& s) {
  size_t sep = s.find("::");
  Preopen p;
  if (sep == std::string::npos) {
    p.host = p.guest = s;
  } else {
    p.host = s.substr(0, sep);
    p.guest = s.substr(sep + 2);
  }
  if (p.host.empty() || p.guest.empty()) return std::nullopt;
  return p;
}

// NAME=VALUE, or NAME alone for the host's value (skipped when the host has none).
std::optional<std::string> parse_env(const std::string& s, bool& skip) {
  skip = false;
  size_t eq = s.find('=');
  if (eq == 0 || s.empty()) return std::nullopt;
  if (eq != std::string::npos) return s;
  const char* host_value = std::getenv(s.c_str());
  if (host_value == nullptr) {
    skip = true;
    return std::string();
  }
  return s + "=" + host_value;
}

// The run options that take a count: the guest's limits.
struct CountOption {
  const char* name;
  bool zero_ok;
  const char* what;  // for the usage error: "--NAME takes <what>"
  void (*set)(RunOptions&, uint64_t);
};
constexpr CountOption kCountOptions[] = {
    {"--fuel", true, "a number", [](RunOptions& o, uint64_t n) { o.fuel = n; }},
    {"--timeout", false, "a positive number of milliseconds",
     [](RunOptions& o, uint64_t n) { o.timeout_ms = n; }},
    {"--max-memory", false, "a positive number of bytes",
     [](RunOptions& o, uint64_t n) { o.max_memory = n; }},
    {"--max-stack", false, "a positive number of bytes",
     [](RunOptions& o, uint64_t n) { o.max_stack = n; }},
    {"--max-table-elements", false, "a positive number",
     [](RunOptions& o, uint64_t n) { o.max_table_elements = n; }},
};

// The count option at the cursor, taken with its value; null when it is none of them.
const CountOption* take_count_option(ArgCursor& args, std::string& value, bool& missing) {
  for (const CountOption& option : kCountOptions)
    if (args.take_valued(option.name, value, missing)) return &option;
  return nullptr;
}

// Parses run options up to the module; the words after it belong to the guest.
Command parse_run(ArgCursor& args, int& verbosity) {
  RunOptions opt;
  const std::string_view cmd = "run";
  if (!default_engine(opt.engine)) return usage(cmd, "ZWASM_ENGINE takes interp, jit or auto");
  while (!args.done()) {
    std::string value;
    bool missing = false;
    std::string_view a = args.peek();
    if (is_help_flag(a)) return ShowHelp{kRunHelp};
    if (is_verbosity_flag(a)) {
      verbosity += int(a.size()) - 1;
      args.next();
    } else if (args.take_valued("--invoke", value, missing)) {
      if (missing || value.empty()) return usage(cmd, "--invoke needs a function name");
      opt.invoke = value;
    } else if (args.take_valued("--dir", value, missing)) {
      if (missing) return usage(cmd, "--dir needs a directory (HOST or HOST::GUEST)");
      auto dir = parse_dir(value);
      if (!dir) return usage(cmd, "--dir '" + value + "' is not HOST or HOST::GUEST");
      opt.dirs.push_back(*dir);
    } else if (args.take_valued("--env", value, missing)) {
      if (missing) return usage(cmd, "--env needs NAME=VALUE");
      bool skip = false;
      auto entry = parse_env(value, skip);
      if (!entry) return usage(cmd, "--env '" + value + "' is not NAME=VALUE");
      if (!skip) opt.env.push_back(*entry);
    } else if (a == "--inherit-env") {
      opt.inherit_env = true;
      args.next();
    } else if (args.take_valued("--jit-threshold", value, missing)) {
      char* end = nullptr;
      long n = missing ? 0 : std::strtol(value.c_str(), &end, 10);
      if (missing || value.empty() || *end != 0 || n < 1 || n > INT32_MAX)
        return usage(cmd, "--jit-threshold takes a positive number");
      opt.jit_threshold = int32_t(n);
    } else if (const CountOption* count = take_count_option(args, value, missing)) {
      auto n = missing ? std::nullopt : parse_count(value);
      if (!n || (*n == 0 && !count->zero_ok))
        return usage(cmd, std::string(count->name) + " takes " + count->what);
      count->set(opt, *n);
    } else if (a == "--stats") {
      opt.stats = true;
      args.next();
    } else if (args.take_valued("--engine", value, missing)) {
      auto engine = parse_engine(value);
      if (missing || !engine) return usage(cmd, "--engine takes interp, jit or auto");
      opt.engine = *engine;
    } else if (a == "--") {
      args.next();
      if (args.done()) return usage(cmd, "missing module file");
      opt.module_path = std::string(args.next());
      break;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage(cmd, "unknown option '" + std::string(a) + "'");
    } else {
      opt.module_path = std::string(args.next());
      break;
    }
  }
  if (opt.module_path.empty()) return usage(cmd, "missing module file");
  // One `--` right after the module separates zwasm's words from the guest's; later ones
  // are the guest's own.
  if (!args.done() && args.peek() == "--") args.next();
  while (!args.done()) opt.args.emplace_back(args.next());
  return opt;
}

// validate and inspect: options may come before or after the module; one module, no args.
Command parse_module_command(std::string_view cmd, ArgCursor& args, int& verbosity) {
  std::string module_path;
  bool json = false;
  bool options_done = false;
  while (!args.done()) {
    std::string_view a = args.next();
    if (!options_done && is_help_flag(a)) {
      return ShowHelp{cmd == "inspect" ? kInspectHelp : kValidateHelp};
    } else if (!options_done && is_verbosity_flag(a)) {
      verbosity += int(a.size()) - 1;
    } else if (!options_done && cmd == "inspect" && a == "--json") {
      json = true;
    } else if (!options_done && a == "--") {
      options_done = true;
    } else if (!options_done && a.size() > 1 && a[0] == '-') {
      return usage(cmd, "unknown option '" + std::string(a) + "'");
    } else if (module_path.empty()) {
      module_path = std::string(a);
    } else {
      return usage(cmd, "unexpected argument '" + std::string(a) + "' after the module");
    }
  }
  if (module_path.empty()) return usage(cmd, "missing module file");
  if (cmd == "inspect") return InspectOptions{module_path, json};
  return ValidateOptions{module_path};
}

Command parse_wat2wasm(ArgCursor& args, int& verbosity) {
  const std::string_view cmd = "wat2wasm";
  Wat2WasmOptions opt;
  while (!args.done()) {
    std::string value;
    bool missing = false;
    std::string_view a = args.peek();
    if (is_help_flag(a)) return ShowHelp{kWat2WasmHelp};
    if (is_verbosity_flag(a)) {
      verbosity += int(a.size()) - 1;
      args.next();
    } else if (args.take_valued("-o", value, missing)) {
      if (missing || value.empty()) return usage(cmd, "-o needs a file name");
      opt.output = value;
    } else if (a == "--no-check") {
      opt.check = false;
      args.next();
    } else if (a.size() > 1 && a[0] == '-') {
      return usage(cmd, "unknown option '" + std::string(a) + "'");
    } else if (opt.input.empty()) {
      opt.input = std::string(args.next());
    } else {
      return usage(cmd, "unexpected argument '" + std::string(a) + "'");
    }
  }
  if (opt.input.empty()) return usage(cmd, "missing text module file");
  if (opt.output.empty()) {
    std::string_view in = opt.input;
    if (in.size() > 4 && in.substr(in.size() - 4) == ".wat") in.remove_suffix(4);
    opt.output = std::string(in) + ".wasm";
  }
  return opt;
}

Command parse_wast(ArgCursor& args, int& verbosity) {
  const std::string_view cmd = "wast";
  WastOptions opt;
  if (!default_engine(opt.engine)) return usage(cmd, "ZWASM_ENGINE takes interp, jit or auto");
  while (!args.done()) {
    std::string value;
    bool missing = false;
    std::string_view a = args.peek();
    if (is_help_flag(a)) return ShowHelp{kWastHelp};
    if (is_verbosity_flag(a)) {
      verbosity += int(a.size()) - 1;
      args.next();
    } else if (args.take_valued("--engine", value, missing)) {
      auto engine = parse_engine(value);
      if (missing || !engine) return usage(cmd, "--engine takes interp, jit or auto");
      opt.engine = *engine;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage(cmd, "unknown option '" + std::string(a) + "'");
    } else {
      opt.scripts.emplace_back(args.next());
    }
  }
  if (opt.scripts.empty()) return usage(cmd, "missing script file");
  return opt;
}

bool is_run_option(std::string_view a) {
  auto matches = [a](std::string_view name) {
    return a == name ||
           (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=');
  };
  for (std::string_view name : {"--invoke", "--dir", "--env", "--engine", "--jit-threshold"})
    if (matches(name)) return true;
  for (const CountOption& option : kCountOptions)
    if (matches(option.name)) return true;
  return a == "--inherit-env" || a == "--stats";
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
  ParsedCommandLine out;
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view a = argv[i];
    if (is_help_flag(a)) {
      out.command = ShowHelp{kMainHelp};
      return out;
    }
    if (a == "--version") {
      out.command = ShowVersion{};
      return out;
    }
    if (!is_verbosity_flag(a)) break;
    out.verbosity += int(a.size()) - 1;
  }
  if (i >= argc) {
    out.command = UsageError{"missing command (see zwasm --help)"};
    return out;
  }
  std::string word = argv[i];
  ArgCursor args(argc, argv, i + 1);
  if (word == "run") {
    out.command = parse_run(args, out.verbosity);
  } else if (word == "validate" || word == "inspect") {
    out.command = parse_module_command(word, args, out.verbosity);
  } else if (word == "wast") {
    out.command = parse_wast(args, out.verbosity);
  } else if (word == "wat2wasm") {
    out.command = parse_wat2wasm(args, out.verbosity);
  } else if (word == "version") {
    if (args.done()) out.command = ShowVersion{};
    else if (is_help_flag(args.peek())) out.command = ShowHelp{kVersionHelp};
    else out.command = usage("version", "unexpected argument '" + std::string(args.next()) + "'");
  } else if (word == "help") {
    std::string topic = args.done() ? "" : std::string(args.next());
    if (topic.empty()) out.command = ShowHelp{kMainHelp};
    else if (topic == "run") out.command = ShowHelp{kRunHelp};
    else if (topic == "validate") out.command = ShowHelp{kValidateHelp};
    else if (topic == "inspect") out.command = ShowHelp{kInspectHelp};
    else if (topic == "wat2wasm") out.command = ShowHelp{kWat2WasmHelp};
    else if (topic == "wast") out.command = ShowHelp{kWastHelp};
    else if (topic == "version") out.command = ShowHelp{kVersionHelp};
    else out.command = UsageError{"help: unknown command '" + topic + "' (see zwasm --help)"};
  } else if (is_run_option(word) || (word[0] != '-' && looks_like_module(word))) {
    ArgCursor from_word(argc, argv, i);
    out.command = parse_run(from_word, out.verbosity);
  } else if (word[0] == '-') {
    out.command = UsageError{"unknown option '" + word + "' (see zwasm --help)"};
  } else {
    out.command =
        UsageError{"'" + word + "' is neither a command nor a module file (see zwasm --help)"};
  }
  return out;
}

}  // namespace zwasm::cli
