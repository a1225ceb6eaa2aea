// Running one spec script (a wast2json .json file) against the runtime, command by command.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "spec/json.h"

namespace zwasm::spec {

enum class Outcome : uint8_t { Passed, Failed, Skipped };

const char* outcome_name(Outcome o);

// What the runner knows of a command before running it.
struct CommandInfo {
  uint32_t line = 0;  // in the .wast source
  std::string type;   // "module", "assert_return", ...
};

struct CommandResult {
  Outcome outcome = Outcome::Failed;
  std::string message;  // why it failed or was skipped; empty on a plain pass
  std::string note;     // a remark on a pass (e.g. another trap text than the script's)
  uint8_t note_level = 1;  // the verbosity (-v count) at which the note is shown
};

// A module written in a .wast script (spec/wast.h): what a wast2json script keeps in a file.
struct InlineModule {
  enum class Form : uint8_t { Binary, Quote, Text } form = Form::Binary;
  std::string bytes;        // Binary: the module; Quote: its text
  uint32_t offset = 0;      // Text: where its "(module" starts in Script::source,
  uint32_t line = 1;        //   on this line (Quote: its "(module" line; 0: the whole script),
  uint32_t line_start = 0;  //   which starts at this offset
};

struct Script {
  std::string path;  // the .json or .wast file
  std::string name;  // its file name, e.g. "i32.json" (the key of known-failure entries)
  std::string dir;   // where the modules it names live
  json::Value doc;
  std::vector<CommandInfo> commands;
  // A .wast script: its text, and its modules by the "filename" its commands give them.
  std::string source;
  std::map<std::string, InlineModule> inline_modules;
};

// Reads and parses a script (.json; .wast through load_wast) and lists its commands.
Result<Script> load_script(const std::string& path);
// Fills script.commands from script.doc's "commands" array (which must be there).
void list_commands(Script& script);

// When on, every module that validates also has each of its functions translated to IR and
// checked by verify_ir() (runtime/ir/ir_verify.h); a failure fails the module command.
void set_verify_ir(bool on);

// The tier scripts run on (zwasm-spec --engine): the interpreter, the JIT compiling each
// function before its first call, or both tiered (`budget`: the tier-up budget, --jit-threshold).
enum class SpecEngine { Interpreter, Jit, Auto };
void set_engine(SpecEngine engine, int32_t budget);

// Runs every command of `script` in a fresh ObjectStore, in order, calling `report` once per command
// (index into script.commands) as soon as its result is known.
using ReportFn = std::function<void(size_t index, const CommandResult& result)>;
// What the JIT did with a script's functions (zero on the interpreter): a function it could not
// compile runs on the interpreter, and the script still passes, so a run says how many.
struct JitCounts {
  uint64_t compiled = 0;
  uint64_t interpreted = 0;
};
JitCounts run_script(const Script& script, const ReportFn& report);

}  // namespace zwasm::spec
