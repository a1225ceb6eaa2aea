// Running one spec script. Every command type of wast2json's format is handled here (see
// /work/shared/spec/README.md): module, register, action and the assertions.
#include "spec/script.h"

#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

#include "runtime/ir/ir_verify.h"
#include "runtime/ir/translate.h"
#include "runtime/wasm/decoder.h"
#include "codegen/jit.h"
#include "interpreter/interp.h"
#include "runtime/store/store.h"
#include "runtime/text/wat.h"
#include "runtime/wasm/validator.h"
#include "spec/spectest.h"
#include "spec/values.h"
#include "spec/wast.h"

namespace zwasm::spec {

namespace {
bool g_verify_ir = false;
SpecEngine g_engine = SpecEngine::Interpreter;
int32_t g_budget = jit::JitEngine::kDefaultBudget;

// The engine a script's store runs on: the interpreter, or the JIT (eager or tiered).
struct EngineHolder {
  EngineHolder() {
    if (g_engine == SpecEngine::Jit)
      jit = std::make_unique<jit::JitEngine>(interpreter_engine());
    else if (g_engine == SpecEngine::Auto)
      jit = std::make_unique<jit::JitEngine>(interpreter_engine(), jit::JitEngine::Mode::Tiered,
                                             g_budget);
  }
  Engine& engine() { return jit ? static_cast<Engine&>(*jit) : interpreter_engine(); }
  std::unique_ptr<jit::JitEngine> jit;
};
}  // namespace

void set_verify_ir(bool on) { g_verify_ir = on; }
void set_engine(SpecEngine engine, int32_t budget) {
  g_engine = engine;
  g_budget = budget;
}


const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Passed: return "passed";
    case Outcome::Failed: return "failed";
    case Outcome::Skipped: return "skipped";
  }
  return "?";
}

Result<Script> load_script(const std::string& path) {
  if (path.size() > 5 && path.compare(path.size() - 5, 5, ".wast") == 0) return load_wast(path);
  auto doc = json::parse_file(path);
  if (!doc) return doc.error();
  Script script;
  script.path = path;
  size_t slash = path.find_last_of('/');
  script.name = slash == std::string::npos ? path : path.substr(slash + 1);
  script.dir = slash == std::string::npos ? "." : path.substr(0, slash);
  script.doc = std::move(*doc);

  const json::Value* commands = script.doc.find("commands");
  if (!commands || !commands->is_array())
    return make_error(path + ": no \"commands\" array");
  list_commands(script);
  return script;
}

void list_commands(Script& script) {
  const auto& commands = script.doc.find("commands")->as_array();
  script.commands.reserve(commands.size());
  for (const json::Value& c : commands) {
    CommandInfo info;
    if (const json::Value* line = c.find("line"); line && line->as_uint64())
      info.line = uint32_t(*line->as_uint64());
    const std::string* type = c.find_string("type");
    info.type = type ? *type : "(no type)";
    script.commands.push_back(std::move(info));
  }
}

namespace {

CommandResult pass(std::string note = {}, uint8_t note_level = 1) {
  return {Outcome::Passed, {}, std::move(note), note_level};
}
CommandResult fail(std::string message) { return {Outcome::Failed, std::move(message), {}, 1}; }

// How far loading a module got.
enum class Stage { Read, Decode, Validate, Link, Start, Done };

struct LoadResult {
  Stage stage = Stage::Read;  // the stage that failed, or Done
  std::string message;        // the failure
  Instance* instance = nullptr;
  bool ok() const { return stage == Stage::Done; }
};

const char* stage_failure(Stage s) {
  switch (s) {
    case Stage::Read: return "could not be read";
    case Stage::Decode: return "failed to decode";
    case Stage::Validate: return "failed to validate";
    case Stage::Link: return "failed to link";
    case Stage::Start: return "trapped while instantiating";
    case Stage::Done: return "loaded";
  }
  return "?";
}

std::string describe_load_failure(const LoadResult& r) {
  return std::string(stage_failure(r.stage)) + ": " + r.message;
}

// A trap message matches the script's text when either starts with the other (the suite
// sometimes appends detail, e.g. "uninitialized element 2").
bool trap_text_matches(const std::string& actual, const std::string& expected) {
  if (expected.empty()) return true;
  return actual.compare(0, expected.size(), expected) == 0 ||
         expected.compare(0, actual.size(), actual) == 0;
}

bool is_text_module(const json::Value& command) {
  const std::string* module_type = command.find_string("module_type");
  if (module_type && *module_type == "text") return true;
  const std::string* filename = command.find_string("filename");
  return filename && filename->size() >= 4 && filename->compare(filename->size() - 4, 4, ".wat") == 0;
}

// The outcome of an invoke/get action.
struct ActionResult {
  std::optional<std::string> error;  // the action could not be performed at all
  Trap trap;
  std::vector<Value> results;
  std::string description;  // e.g. "add(i32:1, i32:2)"
};

class ScriptRunner {
 public:
  explicit ScriptRunner(const Script& script) : script_(script) {}

  JitCounts jit_counts() const {
    if (!engine_.jit) return {};
    return {engine_.jit->stats().compiled, engine_.jit->stats().interpreted};
  }

  void run(const ReportFn& report) {
    const json::Value* commands = script_.doc.find("commands");
    auto spectest = make_spectest(store_);
    if (!spectest) {
      for (size_t i = 0; i < script_.commands.size(); ++i)
        report(i, fail("cannot create the spectest module: " + spectest.error().describe()));
      return;
    }
    registry_["spectest"] = std::move(*spectest);

    const auto& list = commands->as_array();
    for (size_t i = 0; i < list.size(); ++i) {
      CommandResult result;
      try {
        result = run_command(list[i], script_.commands[i].line);
      } catch (const std::exception& e) {
        // The core does not throw; this catches allocation failure and the like.
        result = fail(std::string("exception: ") + e.what());
      }
      report(i, result);
    }
  }

 private:
  // A module the script can refer to: by name, or as the latest one.
  struct ModuleSlot {
    Instance* instance = nullptr;
    std::string missing_reason;  // why `instance` is null
  };

  CommandResult run_command(const json::Value& c, uint32_t line) {
    const std::string* type_ptr = c.find_string("type");
    if (!type_ptr) return fail("command without a \"type\"");
    const std::string& type = *type_ptr;

    if (type == "module") return command_module(c, line);
    if (type == "module_definition") return command_module_definition(c);
    if (type == "module_instance") return command_module_instance(c, line);
    if (type == "register") return command_register(c);
    if (type == "action") return command_action(c);
    if (type == "assert_return") return command_assert_return(c);
    if (type == "assert_trap" || type == "assert_exhaustion") {
      if (c.find("action")) return command_assert_action_traps(c);
      return command_assert_module_traps(c);
    }
    if (type == "assert_uninstantiable") return command_assert_module_traps(c);
    if (type == "assert_unlinkable") return command_assert_unlinkable(c);
    if (type == "assert_invalid" || type == "assert_malformed")
      return command_assert_load_fails(c, type == "assert_malformed");
    return fail("unknown command type \"" + type + "\"");
  }

  // ---- Modules ---------------------------------------------------------------------------------

  Result<std::vector<uint8_t>> read_module_file(const std::string& filename) {
    if (filename.empty() || filename.find('/') != std::string::npos)
      return make_error("bad module file name \"" + filename + "\"");
    std::string path = script_.dir + "/" + filename;
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot open " + path);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad()) return make_error("cannot read " + path);
    return bytes;
  }

  // Reads, decodes and validates the command's module, then (when `instantiate_it`) resolves
  // its imports against the registered modules and instantiates it.
  LoadResult load_module(const json::Value& c, bool instantiate_it) {
    LoadResult r;
    const std::string* filename = c.find_string("filename");
    if (!filename) {
      r.message = "command without a \"filename\"";
      return r;
    }
    Result<std::vector<uint8_t>> binary = std::vector<uint8_t>();
    auto inline_module = script_.inline_modules.find(*filename);
    if (inline_module != script_.inline_modules.end()) {  // a .wast script's module
      binary = inline_module_binary(script_, inline_module->second);
    } else {
      auto bytes = read_module_file(*filename);
      if (!bytes) {
        r.message = bytes.error().describe();
        return r;
      }
      std::string_view source(reinterpret_cast<const char*>(bytes->data()), bytes->size());
      binary = is_text_module(c) ? text::wat_to_wasm(source) : std::move(bytes);
    }

    r.stage = Stage::Decode;  // a text module fails, if at all, where a binary fails decoding
    if (!binary) {
      r.message = binary.error().message;
      return r;
    }
    auto module = decode_module(std::move(*binary));
    if (!module) {
      r.message = module.error().describe();
      return r;
    }
    r.stage = Stage::Validate;
    if (auto valid = validate_module(**module); !valid) {
      r.message = valid.error().describe();
      return r;
    }
    if (g_verify_ir) {
      for (uint32_t i = 0; i < (*module)->codes.size(); ++i) {
        auto ir = translate_function(**module, i);
        auto verified = ir.ok() ? verify_ir(**ir, module->get()) : Result<void>(ir.error());
        if (!verified.ok()) {
          r.message = "function " + std::to_string((*module)->num_imported_funcs + i) + ": " +
                      verified.error().describe();
          return r;
        }
      }
    }
    if (!instantiate_it) {
      r.stage = Stage::Done;
      return r;
    }

    r.stage = Stage::Link;
    std::vector<Extern> imports;
    imports.reserve((*module)->imports.size());
    for (const Import& imp : (*module)->imports) {
      auto registered = registry_.find(imp.module);
      const ExportMap* exports = registered == registry_.end() ? nullptr : &registered->second;
      auto found = exports ? exports->find(imp.name) : ExportMap::const_iterator();
      if (!exports || found == exports->end()) {
        r.message = "unknown import \"" + imp.module + "\" \"" + imp.name + "\"";
        return r;
      }
      imports.push_back(found->second);
    }
    InstantiateResult inst = instantiate(store_, *module, imports);
    if (inst.error) {
      r.message = inst.error->describe();
      return r;
    }
    if (!inst.trap.ok()) {
      r.stage = Stage::Start;
      r.message = inst.trap.text();
      return r;
    }
    r.stage = Stage::Done;
    r.instance = inst.instance;
    return r;
  }

  CommandResult command_module(const json::Value& c, uint32_t line) {
    const std::string* name = c.find_string("name");
    ModuleSlot slot;
    CommandResult result;
    LoadResult loaded = load_module(c, true);
    if (loaded.ok()) {
      slot.instance = loaded.instance;
      result = pass();
    } else {
      slot.missing_reason = "the module at line " + std::to_string(line) + " " +
                            stage_failure(loaded.stage);
      result = fail("module " + describe_load_failure(loaded));
    }
    current_ = slot;
    if (name) named_[*name] = slot;
    return result;
  }

  // 3.0 scripts' "module definition": decoded and validated now, instantiated by each
  // "module instance" that names it (or follows it).
  CommandResult command_module_definition(const json::Value& c) {
    LoadResult loaded = load_module(c, false);
    if (!loaded.ok()) return fail("module " + describe_load_failure(loaded));
    latest_definition_ = *c.find_string("filename");
    if (const std::string* name = c.find_string("name")) definitions_[*name] = latest_definition_;
    return pass();
  }

  CommandResult command_module_instance(const json::Value& c, uint32_t line) {
    std::string filename = latest_definition_;
    if (const std::string* module = c.find_string("module")) {
      auto it = definitions_.find(*module);
      if (it == definitions_.end()) return fail("unknown module definition " + *module);
      filename = it->second;
    }
    if (filename.empty()) return fail("no module definition to instantiate");
    std::vector<json::Member> instance{{"filename", json::Value::string(filename)}};
    if (const std::string* name = c.find_string("name"))
      instance.push_back({"name", json::Value::string(*name)});
    return command_module(json::Value::object(std::move(instance)), line);
  }

  // The module a command refers to: its "module" (or, for register, "name") member, else the
  // latest module.
  Result<Instance*> module_for(const json::Value& c, const char* key) {
    const ModuleSlot* slot = &current_;
    if (const std::string* name = c.find_string(key)) {
      auto it = named_.find(*name);
      if (it == named_.end()) return make_error("unknown module " + *name);
      slot = &it->second;
    }
    if (!slot->instance)
      return make_error(slot->missing_reason.empty() ? "no module loaded yet"
                                                     : slot->missing_reason);
    return slot->instance;
  }

  CommandResult command_register(const json::Value& c) {
    const std::string* as = c.find_string("as");
    if (!as) return fail("register without \"as\"");
    auto instance = module_for(c, "name");
    if (!instance) return fail("register " + *as + ": " + instance.error().describe());
    registry_[*as] = exports_of(**instance);
    return pass();
  }

  // ---- Actions ---------------------------------------------------------------------------------

  ActionResult perform(const json::Value& action) {
    ActionResult r;
    const std::string* kind = action.find_string("type");
    const std::string* field = action.find_string("field");
    if (!kind || !field) {
      r.error = "action without \"type\" or \"field\"";
      return r;
    }
    r.description = *field;
    if (const std::string* module = action.find_string("module"))
      r.description = *module + "." + r.description;

    auto instance = module_for(action, "module");
    if (!instance) {
      r.error = instance.error().describe();
      return r;
    }
    std::optional<Extern> ext = (*instance)->find_export(*field);

    if (*kind == "get") {
      r.description = "get " + r.description;
      if (!ext || ext->kind != ExternKind::Global) {
        r.error = "no global export \"" + *field + "\"";
        return r;
      }
      r.results.push_back(ext->as_global()->get());
      return r;
    }
    if (*kind != "invoke") {
      r.error = "unknown action type \"" + *kind + "\"";
      return r;
    }

    auto args = parse_values(action.find("args"));
    if (!args) {
      r.error = "bad arguments: " + args.error().describe();
      return r;
    }
    r.description += "(" + describe_values(*args) + ")";
    if (!ext || ext->kind != ExternKind::Func) {
      r.error = "no function export \"" + *field + "\"";
      return r;
    }
    Function* func = ext->as_func();
    if (func->type->params.size() != args->size()) {
      r.error = "takes " + std::to_string(func->type->params.size()) + " arguments, given " +
                std::to_string(args->size());
      return r;
    }
    for (size_t i = 0; i < args->size(); ++i) {
      if ((*args)[i].type != func->type->params[i]) {
        r.error = "argument " + std::to_string(i) + " has the wrong type";
        return r;
      }
    }
    r.trap = invoke(func, *args, r.results);
    return r;
  }

  CommandResult command_action(const json::Value& c) {
    const json::Value* action = c.find("action");
    if (!action) return fail("action command without an \"action\"");
    ActionResult r = perform(*action);
    if (r.error) return fail(r.description + ": " + *r.error);
    if (!r.trap.ok()) return fail(r.description + ": trapped: " + r.trap.describe());
    return pass();
  }

  CommandResult command_assert_return(const json::Value& c) {
    const json::Value* action = c.find("action");
    if (!action) return fail("assert_return without an \"action\"");
    auto expected = parse_expected_list(c.find("expected"));
    if (!expected) return fail("bad expected values: " + expected.error().describe());
    std::string want;
    for (size_t i = 0; i < expected->size(); ++i)
      want += (i ? ", " : "") + describe_expected((*expected)[i]);

    ActionResult r = perform(*action);
    if (r.error) return fail(r.description + ": " + *r.error);
    if (!r.trap.ok())
      return fail(r.description + ": expected (" + want + "), trapped: " + r.trap.describe());
    bool ok = r.results.size() == expected->size();
    for (size_t i = 0; ok && i < expected->size(); ++i) ok = matches((*expected)[i], r.results[i]);
    if (ok) return pass();
    return fail(r.description + ": expected (" + want + "), got (" +
                describe_results(r.results, *expected) + ")");
  }

  // assert_trap / assert_exhaustion on an action: it must trap, with the script's trap kind.
  CommandResult command_assert_action_traps(const json::Value& c) {
    const std::string* text = c.find_string("text");
    std::string want = text ? *text : std::string("a trap");
    ActionResult r = perform(*c.find("action"));
    if (r.error) return fail(r.description + ": " + *r.error);
    if (r.trap.ok())
      return fail(r.description + ": expected trap \"" + want + "\", returned (" +
                  describe_values(r.results) + ")");
    std::string actual = r.trap.text();
    if (text && !trap_text_matches(actual, *text))
      return fail(r.description + ": expected trap \"" + *text + "\", trapped \"" + actual + "\"");
    return pass();
  }

  // assert_trap on a module / assert_uninstantiable: instantiation (segments or start) traps.
  CommandResult command_assert_module_traps(const json::Value& c) {
    const std::string* text = c.find_string("text");
    std::string want = text ? *text : std::string("a trap");
    LoadResult loaded = load_module(c, true);
    if (loaded.stage == Stage::Start) {
      if (text && !trap_text_matches(loaded.message, *text))
        return fail("expected trap \"" + *text + "\", trapped \"" + loaded.message + "\"");
      return pass();
    }
    if (loaded.ok()) return fail("module instantiated, expected trap \"" + want + "\"");
    return fail("module " + describe_load_failure(loaded) + ", expected trap \"" + want + "\"");
  }

  CommandResult command_assert_unlinkable(const json::Value& c) {
    const std::string* text = c.find_string("text");
    std::string want = text ? *text : std::string("a link error");
    LoadResult loaded = load_module(c, true);
    if (loaded.stage == Stage::Link) {
      if (text && !trap_text_matches(loaded.message, *text) &&
          loaded.message.find(*text) == std::string::npos)
        return pass("expected \"" + *text + "\", got \"" + loaded.message + "\"");
      return pass();
    }
    if (loaded.ok()) return fail("module instantiated, expected link error \"" + want + "\"");
    return fail("module " + describe_load_failure(loaded) + ", expected link error \"" + want +
                "\"");
  }

  // assert_invalid / assert_malformed: decoding or validation must reject the module.
  CommandResult command_assert_load_fails(const json::Value& c, bool malformed) {
    const std::string* text = c.find_string("text");
    std::string want = text ? *text : std::string(malformed ? "malformed" : "invalid");
    LoadResult loaded = load_module(c, false);
    if (loaded.stage == Stage::Read) return fail("module " + describe_load_failure(loaded));
    if (loaded.ok())
      return fail("module loaded, expected " + std::string(malformed ? "malformed" : "invalid") +
                  " \"" + want + "\"");
    // A malformed text module is the text reader's (or, for what it leaves to the binary's
    // rules, the decoder's) to reject: validation accepting nothing proves no syntax rule.
    if (malformed && is_text_module(c) && loaded.stage == Stage::Validate)
      return fail("malformed text module was read, then rejected by validation: \"" +
                  loaded.message + "\", expected \"" + want + "\"");
    // Either stage passes; a note records where a malformed module was caught by validation
    // (or an invalid one by the decoder), or when the words differ from the script's.
    std::string note;
    if (malformed && loaded.stage == Stage::Validate)
      note = "malformed module rejected by validation, not decoding";
    else if (!malformed && loaded.stage == Stage::Decode)
      note = "invalid module rejected by decoding, not validation";
    if (text && loaded.message.find(*text) == std::string::npos)
      note += std::string(note.empty() ? "" : "; ") + "expected \"" + *text + "\"";
    if (!note.empty()) note += ", got \"" + loaded.message + "\"";
    return pass(note, 2);  // wording differences are common and harmless: shown with -vv
  }

  const Script& script_;
  EngineHolder engine_;  // before the store, which runs on it
  ObjectStore store_{engine_.engine()};
  std::map<std::string, ExportMap> registry_;  // importable modules, by registered name
  std::map<std::string, ModuleSlot> named_;    // "$name" -> module
  std::map<std::string, std::string> definitions_;  // "$name" -> its module's "filename"
  std::string latest_definition_;
  ModuleSlot current_;
};

}  // namespace

JitCounts run_script(const Script& script, const ReportFn& report) {
  ScriptRunner runner(script);
  runner.run(report);
  return runner.jit_counts();
}

}  // namespace zwasm::spec
