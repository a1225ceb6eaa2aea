// The JIT tier (codegen/) against its oracle, the interpreter: transitions between the tiers
// and the host in both directions, traps crossing every kind of frame, on-stack replacement in
// the middle of a loop, stack exhaustion on both tiers, guard-page faults, and the perf/
// programs run on both tiers with their output, exit status and final memory compared.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <zwasm/zwasm.h>

#include "codegen/jit.h"
#include "interpreter/interp.h"
#include "jit_test_util.h"
#include "module_test_util.h"
#include "runtime/store/store.h"

using namespace zwasm;
using zwasm::test::load_valid;
namespace zw = zwasm::api;

// These cases need machine code: on a machine without a JIT backend yet (backend.h) they are
// reported as skipped rather than run against the interpreter alone.
TEST_SUITE_BEGIN("jit" * doctest::skip(!zwasm::jit::JitEngine::has_backend()));

namespace {

// `bytes` instantiated on a fresh store of `engine` (both live as long as this).
struct Fresh {
  zw::Store store;
  zw::Instance instance;
  Fresh(zw::Engine engine, const std::vector<uint8_t>& bytes)
      : store(scribbled(zw::StoreConfig{.engine = engine})), instance(instantiate(store, bytes)) {}
  // The exec stack is scribbled first, so that no run finds another's values in its frame.
  static zw::StoreConfig scribbled(zw::StoreConfig config) {
    zwasm::test::scribble_exec_stack();
    return config;
  }
  static zw::Instance instantiate(zw::Store& store, const std::vector<uint8_t>& bytes) {
    zw::Linker linker(store);
    auto module = zw::Module::from_bytes(std::vector<uint8_t>(bytes));
    REQUIRE(module.ok());
    auto instance = linker.instantiate(*module);
    REQUIRE(instance.ok());
    return *instance;
  }
};

// (module
//   (import "env" "host" (func $host (param i32) (result i32)))
//   ;; f1 (interpreted) -> f2 (compiled) -> f3 (interpreted) -> host -> f4 (compiled).
//   ;; Each adds its own digit: f1(x) = 1000 + f2(x) ... f4(x) = 1 + x; and f4 traps when x = 0.
//   (func $f1 (export "f1") (param i32) (result i32) (i32.add (i32.const 1000) (call $f2 (local.get 0))))
//   (func $f2 (export "f2") (param i32) (result i32) (i32.add (i32.const 100) (call $f3 (local.get 0))))
//   (func $f3 (export "f3") (param i32) (result i32) (i32.add (i32.const 10) (call $host (local.get 0))))
//   (func $f4 (export "f4") (param i32) (result i32)
//     (if (i32.eqz (local.get 0)) (then unreachable))
//     (i32.add (i32.const 1) (local.get 0)))
//   ;; OSR: a loop with a live value in a local (the sum) and one on the operand stack (the
//   ;; 7000 pushed before the loop, added after it).
//   (func (export "osr") (param $n i32) (result i32) (local $sum i32)
//     (i32.const 7000)
//     (loop $top
//       (local.set $sum (i32.add (local.get $sum) (local.get $n)))
//       (local.set $n (i32.sub (local.get $n) (i32.const 1)))
//       (br_if $top (local.get $n)))
//     (i32.add (local.get $sum)))
//   ;; Unbounded recursion.
//   (func $deep (export "deep") (param i32) (result i32)
//     (i32.add (i32.const 1) (call $deep (local.get 0)))))
const std::vector<uint8_t> kChainWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x02, 0x0c, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x04, 0x68, 0x6f, 0x73, 0x74,
    0x00, 0x00, 0x03, 0x07, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x22, 0x06,
    0x02, 0x66, 0x31, 0x00, 0x01, 0x02, 0x66, 0x32, 0x00, 0x02, 0x02, 0x66, 0x33, 0x00,
    0x03, 0x02, 0x66, 0x34, 0x00, 0x04, 0x03, 0x6f, 0x73, 0x72, 0x00, 0x05, 0x04, 0x64,
    0x65, 0x65, 0x70, 0x00, 0x06, 0x0a, 0x5a, 0x06, 0x0a, 0x00, 0x41, 0xe8, 0x07, 0x20,
    0x00, 0x10, 0x02, 0x6a, 0x0b, 0x0a, 0x00, 0x41, 0xe4, 0x00, 0x20, 0x00, 0x10, 0x03,
    0x6a, 0x0b, 0x09, 0x00, 0x41, 0x0a, 0x20, 0x00, 0x10, 0x00, 0x6a, 0x0b, 0x0e, 0x00,
    0x20, 0x00, 0x45, 0x04, 0x40, 0x00, 0x0b, 0x41, 0x01, 0x20, 0x00, 0x6a, 0x0b, 0x1f,
    0x01, 0x01, 0x7f, 0x41, 0xd8, 0x36, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21,
    0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x20, 0x00, 0x0d, 0x00, 0x0b, 0x20,
    0x01, 0x6a, 0x0b, 0x09, 0x00, 0x41, 0x01, 0x20, 0x00, 0x10, 0x06, 0x6a, 0x0b};

// A store on a tiered JIT engine that never tiers up by itself: the tests choose what to
// compile.
struct Mixed {
  jit::JitEngine engine{interpreter_engine(), jit::JitEngine::Mode::Tiered, INT32_MAX};
  ObjectStore store{engine};
  Instance* instance = nullptr;
  HostCallback host;

  Mixed() {
    Function* h = store.create_host_function(
        FuncType{{ValType::I32}, {ValType::I32}},
        [this](HostCall& call, const Cell* args, Cell* results) { return host(call, args, results); },
        "env.host");
    InstantiateResult r = instantiate(store, load_valid(kChainWasm), {Extern::func(h)});
    REQUIRE(r.ok());
    instance = r.instance;
  }
  Function* func(const char* name) { return instance->find_export(name)->as_func(); }
  void compile(const char* name) {
    Function* f = func(name);
    REQUIRE(ensure_ir(&store.exec(), f));
    std::string why;
    REQUIRE_MESSAGE(engine.compile(f, &why), why);
  }
  Trap call(const char* name, uint32_t arg, uint32_t& result) {
    Cell io[1] = {arg};
    Trap t = execute(func(name), io);
    result = uint32_t(io[0]);
    return t;
  }
};

}  // namespace

TEST_CASE("calls cross interpreter, JIT, interpreter, host and JIT code, and return through them") {
  Mixed m;
  m.compile("f2");
  m.compile("f4");
  m.host = [&m](HostCall&, const Cell* args, Cell* results) -> Trap {
    Cell io[1] = {args[0]};
    Trap t = execute(m.func("f4"), io);  // host -> compiled code
    results[0] = io[0];
    return t;
  };
  uint32_t result = 0;
  REQUIRE(m.call("f1", 5, result).ok());
  CHECK(result == 1000 + 100 + 10 + 1 + 5);
  CHECK(m.engine.stats().compiled == 2);
}

TEST_CASE("a trap in compiled code unwinds through host, interpreted and compiled frames") {
  Mixed m;
  m.compile("f2");
  m.compile("f4");
  m.host = [&m](HostCall&, const Cell* args, Cell* results) -> Trap {
    Cell io[1] = {args[0]};
    return execute(m.func("f4"), io);  // traps when the argument is 0
  };
  uint32_t result = 0;
  Trap t = m.call("f1", 0, result);
  CHECK(t.code == TrapCode::Unreachable);
  // Innermost first: the compiled f4, the interpreted f3, the compiled f2, the interpreted f1.
  CHECK(t.backtrace == std::vector<std::string>{"func[4]", "func[3]", "func[2]", "func[1]"});
}

TEST_CASE("a host exception inside a compiled caller is a host trap, with the caller's frame") {
  Mixed m;
  m.compile("f3");  // the host's direct caller is compiled
  m.host = [](HostCall&, const Cell*, Cell*) -> Trap { throw std::runtime_error("no"); };
  uint32_t result = 0;
  Trap t = m.call("f1", 1, result);
  CHECK(t.code == TrapCode::HostTrap);
  CHECK(t.message == "host function threw an exception: no");
  CHECK(t.backtrace == std::vector<std::string>{"func[3]", "func[2]", "func[1]"});
}

TEST_CASE("on-stack replacement continues a hot loop with its live locals and stack values") {
  // A budget that runs out in the middle of the loop: the call continues in compiled code.
  jit::JitEngine engine(interpreter_engine(), jit::JitEngine::Mode::Tiered, 500);
  ObjectStore store(engine);
  Function* h = store.create_host_function(FuncType{{ValType::I32}, {ValType::I32}},
                                           [](HostCall&, const Cell*, Cell*) { return Trap{}; },
                                           "env.host");
  InstantiateResult r = instantiate(store, load_valid(kChainWasm), {Extern::func(h)});
  REQUIRE(r.ok());
  Function* osr = r.instance->find_export("osr")->as_func();
  Cell io[1] = {100000};
  REQUIRE(execute(osr, io).ok());
  CHECK(uint32_t(io[0]) == uint32_t(7000 + uint64_t(100000) * 100001 / 2));
  CHECK(engine.stats().osr_entries == 1);
  CHECK(engine.stats().compiled == 1);
  // The next call enters the compiled code directly.
  io[0] = 10;
  REQUIRE(execute(osr, io).ok());
  CHECK(uint32_t(io[0]) == 7055);
  CHECK(engine.stats().osr_entries == 1);
}

TEST_CASE("unbounded recursion is the stack-exhaustion trap on both tiers") {
  for (bool compiled : {false, true}) {
    CAPTURE(compiled);
    Mixed m;
    if (compiled) m.compile("deep");
    uint32_t result = 0;
    Trap t = m.call("deep", 1, result);
    CHECK(t.code == TrapCode::CallStackExhausted);
    // The store stays usable.
    m.host = [](HostCall&, const Cell* args, Cell* results) -> Trap {
      results[0] = args[0];
      return {};
    };
    REQUIRE(m.call("f1", 2, result).ok());
    CHECK(result == 1112);
  }
}

// Runs `body` in a child process with a SIGSEGV handler of its own (`handler`, or the default
// action when null) installed before the JIT's; returns the child's wait status.
int in_child_with_handler(void (*handler)(int), void (*body)()) {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    signal(SIGSEGV, handler ? handler : SIG_DFL);  // also drops the test framework's handler
    jit::JitEngine engine(interpreter_engine());   // puts the JIT's handler in front
    body();
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  return status;
}

void fault_outside_generated_code() {
  volatile int* nowhere = nullptr;
  *nowhere = 1;  // not a guarded access of any JIT code: the JIT's handler passes it on
}

TEST_CASE("a fault outside generated code still ends the process with SIGSEGV") {
  int status = in_child_with_handler(nullptr, fault_outside_generated_code);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSEGV);
}

TEST_CASE("a fault outside generated code reaches the handler installed before the JIT's") {
  int status = in_child_with_handler([](int) { _exit(42); }, fault_outside_generated_code);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 42);
}

// ---- the perf/ programs, differentially --------------------------------------------------------

namespace {


struct Outcome {
  std::string output;
  int exit_code = 0;
  bool trapped = false;
  uint64_t memory_size = 0;
  uint64_t memory_hash = 0;
};

// How to run one WASI command: its arguments and whether it gets a fresh empty folder as the
// preopen "/sandbox".
struct Invocation {
  std::string path;
  std::vector<std::string> args;
  bool sandbox = false;
};

// Runs a WASI command on `engine`, with its stdout in a temporary file; returns what it printed,
// how it ended, and its final memory.
Outcome run_program(const Invocation& run, zw::Engine engine, int32_t threshold) {
  zwasm::test::scribble_exec_stack();
  Outcome out;
  auto module = zw::Module::from_file(run.path);
  if (!module.ok()) FAIL(module.error().describe());
  zw::Store store(zw::StoreConfig{.engine = engine, .jit_threshold = threshold});
  zw::Linker linker(store);
  FILE* capture = std::tmpfile();
  REQUIRE(capture);
  zw::WasiConfig config;
  config.args = {run.path};
  config.args.insert(config.args.end(), run.args.begin(), run.args.end());
  config.stdout_fd = fileno(capture);
  std::string sandbox;
  if (run.sandbox) {
    char folder[] = "/tmp/zwasm-jit-diff.XXXXXX";
    REQUIRE(mkdtemp(folder));
    sandbox = folder;
    config.preopens.push_back({sandbox, "/sandbox"});
  }
  REQUIRE(linker.define_wasi(config).ok());
  auto instance = linker.instantiate(*module);
  REQUIRE(instance.ok());
  auto ran = instance->call<void>("_start");
  if (!ran.ok()) {
    out.trapped = !ran.error().is_exit();
    out.exit_code = ran.error().exit_code;
  }
  std::rewind(capture);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, capture)) > 0;) out.output.append(buffer, n);
  std::fclose(capture);
  if (!sandbox.empty()) std::filesystem::remove_all(sandbox);
  auto memory = instance->memory("memory");
  REQUIRE(memory.has_value());
  auto bytes = memory->view(0, memory->size());
  REQUIRE(bytes.ok());
  out.memory_size = bytes->size();
  out.memory_hash = 1469598103934665603ull;
  for (uint8_t b : *bytes) out.memory_hash = (out.memory_hash ^ b) * 1099511628211ull;
  return out;
}

// Runs `run` on the interpreter, then compiled at once and tiered with a budget small enough
// that loops enter compiled code in the middle (on-stack replacement), and compares. With
// `compare_memory` false only the output and the way it ended are compared (for programs that
// leave host-specific bytes in memory, such as inode numbers from stat). Returns the oracle's run.
Outcome compare_tiers(const Invocation& run, bool compare_memory = true) {
  Outcome oracle = run_program(run, zw::Engine::Interpreter, 0);
  for (auto setting : {std::pair{zw::Engine::Jit, 0}, std::pair{zw::Engine::Auto, 50}}) {
    // Named, not bound: CAPTURE's lambda cannot capture a structured binding (clang++ 14).
    zw::Engine engine = setting.first;
    int threshold = setting.second;
    CAPTURE(threshold);
    Outcome other = run_program(run, engine, threshold);
    CHECK(other.output == oracle.output);
    CHECK(other.exit_code == oracle.exit_code);
    CHECK(other.trapped == oracle.trapped);
    CHECK(other.memory_size == oracle.memory_size);
    if (compare_memory) CHECK(other.memory_hash == oracle.memory_hash);
  }
  return oracle;
}

// The test size of a perf program: its "bench-test-n: N" header line.
std::string test_size(const std::string& source) {
  std::ifstream in(source);
  std::string line;
  while (std::getline(in, line)) {
    size_t at = line.find("bench-test-n:");
    if (at != std::string::npos) return std::to_string(std::stol(line.substr(at + 13)));
  }
  return "1";
}

}  // namespace

TEST_CASE("every perf program prints, exits and leaves memory the same on both tiers") {
  const std::string wasm_dir = ZWASM_PERF_WASM_DIR, source_dir = ZWASM_PERF_SOURCE_DIR;
  const char* programs[] = {"base64", "bytecode", "fib", "hashmap", "heapsort", "matmul", "memops",
                            "nbody", "nqueens", "sha256", "sieve", "simd", "tak"};
  size_t ran = 0;
  for (const char* name : programs) {
    std::string wasm = wasm_dir + "/" + name + ".wasm";
    if (!std::ifstream(wasm)) continue;  // built only where clang targets wasm32-wasi
    CAPTURE(name);
    std::string n = test_size(source_dir + "/" + name + ".c");
    Outcome oracle = compare_tiers({wasm, {n}});
    CHECK(oracle.output.find("checksum=") != std::string::npos);
    ++ran;
  }
  MESSAGE(ran << " perf programs compared");
}

TEST_CASE("the WASI test programs print, exit, trap and leave memory the same on both tiers") {
  const std::string dir = ZWASM_WASI_TEST_WASM_DIR;
  if (!std::ifstream(dir + "/argsenv.wasm")) {
    MESSAGE("WASI test programs not built (no wasm32-wasi clang); nothing compared");
    return;
  }
  compare_tiers({dir + "/argsenv.wasm", {"hello world", "", "ünïcödé", "--dir", "--"}});
  compare_tiers({dir + "/exit.wasm", {}});
  compare_tiers({dir + "/exit.wasm", {"raw"}});
  for (const char* kind : {"abort", "null-call", "divide"}) compare_tiers({dir + "/trap.wasm", {kind}});
  // stat results (inode numbers, times) stay behind in these programs' memory.
  for (const char* name : {"fileio", "dirlist", "fsops"})
    compare_tiers({dir + "/" + name + ".wasm", {}, true}, false);
}

// ---- calls between instances ---------------------------------------------------------------------

namespace {

// (module
//   (memory 1) (data (i32.const 0) "\2a")
//   (func $read (export "read") (result i32) (i32.load8_u (i32.const 0)))
//   (table (export "t") 1 funcref) (elem (i32.const 0) $read))
const std::vector<uint8_t> kReaderWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x05, 0x03, 0x01,
    0x00, 0x01, 0x07, 0x0c, 0x02, 0x04, 0x72, 0x65, 0x61, 0x64, 0x00, 0x00, 0x01, 0x74,
    0x01, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, 0x0a, 0x09, 0x01,
    0x07, 0x00, 0x41, 0x00, 0x2d, 0x00, 0x00, 0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x00,
    0x0b, 0x01, 0x2a};

// (module
//   (import "a" "t" (table 1 funcref)) (import "a" "read" (func $read (result i32)))
//   (memory 1) (data (i32.const 0) "\07")
//   (type $t (func (result i32)))
//   (func (export "indirect") (result i32) (call_indirect (type $t) (i32.const 0)))
//   (func (export "direct") (result i32) (call $read))
//   (func (export "own") (result i32) (i32.load8_u (i32.const 0))))
const std::vector<uint8_t> kCallerWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x02, 0x12, 0x02, 0x01, 0x61, 0x01, 0x74, 0x01, 0x70, 0x00, 0x01, 0x01, 0x61,
    0x04, 0x72, 0x65, 0x61, 0x64, 0x00, 0x00, 0x03, 0x04, 0x03, 0x00, 0x00, 0x00, 0x05,
    0x03, 0x01, 0x00, 0x01, 0x07, 0x1b, 0x03, 0x08, 0x69, 0x6e, 0x64, 0x69, 0x72, 0x65,
    0x63, 0x74, 0x00, 0x01, 0x06, 0x64, 0x69, 0x72, 0x65, 0x63, 0x74, 0x00, 0x02, 0x03,
    0x6f, 0x77, 0x6e, 0x00, 0x03, 0x0a, 0x16, 0x03, 0x07, 0x00, 0x41, 0x00, 0x11, 0x00,
    0x00, 0x0b, 0x04, 0x00, 0x10, 0x00, 0x0b, 0x07, 0x00, 0x41, 0x00, 0x2d, 0x00, 0x00,
    0x0b, 0x0b, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x07};

}  // namespace

TEST_CASE("compiled code calling another instance's compiled function runs it on that instance's memory") {
  // Compiled callers call compiled callees of their own instance at their body, with the
  // caller's memory registers; a callee of another instance must be entered properly.
  zw::Store store(zw::StoreConfig{.engine = zw::Engine::Jit});
  zw::Linker linker(store);
  auto reader_module = zw::Module::from_bytes(std::vector<uint8_t>(kReaderWasm));
  auto caller_module = zw::Module::from_bytes(std::vector<uint8_t>(kCallerWasm));
  REQUIRE(reader_module.ok());
  REQUIRE(caller_module.ok());
  auto reader = linker.instantiate(*reader_module);
  REQUIRE(reader.ok());
  linker.define_instance("a", *reader);
  auto caller = linker.instantiate(*caller_module);
  REQUIRE(caller.ok());
  // Each compiled before it runs; "read" is compiled by the first call through either path.
  for (const char* name : {"own", "indirect", "direct", "indirect"}) {
    CAPTURE(name);
    auto result = caller->call<int32_t>(name);
    REQUIRE(result.ok());
    CHECK(*result == (std::string(name) == "own" ? 7 : 42));
  }
}

// ---- register homes that alias operands ---------------------------------------------------------

namespace {

// (module
//   (func (export "x_plus_x_times_c") (param $x f64) (param $c f64) (result f64)
//     (f64.add (local.get $x) (f64.mul (local.get $x) (local.get $c))))
//   (func (export "into_x") (param $x f64) (param $c f64) (result f64)
//     (local.set $x (f64.add (local.get $x) (f64.mul (local.get $x) (local.get $c))))
//     (local.get $x))
//   (func (export "into_c") (param $x f64) (param $c f64) (result f64)
//     (local.set $c (f64.add (local.get $x) (f64.mul (local.get $x) (local.get $c))))
//     (local.get $c))
//   (func (export "c_plus_x_times_c") (param $x f64) (param $c f64) (result f64)
//     (f64.add (local.get $c) (f64.mul (local.get $x) (local.get $c))))
//   (func (export "squares") (param $x f64) (param $c f64) (result f64)
//     (local.set $x (f64.add (local.get $x) (f64.mul (local.get $x) (local.get $x))))
//     (f64.add (local.get $x) (local.get $c)))
//   (func (export "sub_into_b") (param $x f64) (param $c f64) (result f64)
//     (local.set $c (f64.sub (local.get $x) (local.get $c)))
//     (local.get $c))
//   (func (export "i32_rotates") (param $x f64) (param $c f64) (result f64)
//     (local $a i32) (local $b i32)
//     (local.set $a (i32.trunc_f64_s (local.get $x)))
//     (local.set $b (i32.trunc_f64_s (local.get $c)))
//     (local.set $b (i32.sub (local.get $a) (local.get $b)))
//     (local.set $a (i32.shl (local.get $b) (local.get $a)))
//     (f64.convert_i32_s (i32.add (local.get $a) (local.get $b)))))
const std::vector<uint8_t> kAliasWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7c,
    0x7c, 0x01, 0x7c, 0x03, 0x08, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
    0x5e, 0x07, 0x10, 0x78, 0x5f, 0x70, 0x6c, 0x75, 0x73, 0x5f, 0x78, 0x5f, 0x74, 0x69,
    0x6d, 0x65, 0x73, 0x5f, 0x63, 0x00, 0x00, 0x06, 0x69, 0x6e, 0x74, 0x6f, 0x5f, 0x78,
    0x00, 0x01, 0x06, 0x69, 0x6e, 0x74, 0x6f, 0x5f, 0x63, 0x00, 0x02, 0x10, 0x63, 0x5f,
    0x70, 0x6c, 0x75, 0x73, 0x5f, 0x78, 0x5f, 0x74, 0x69, 0x6d, 0x65, 0x73, 0x5f, 0x63,
    0x00, 0x03, 0x07, 0x73, 0x71, 0x75, 0x61, 0x72, 0x65, 0x73, 0x00, 0x04, 0x0a, 0x73,
    0x75, 0x62, 0x5f, 0x69, 0x6e, 0x74, 0x6f, 0x5f, 0x62, 0x00, 0x05, 0x0b, 0x69, 0x33,
    0x32, 0x5f, 0x72, 0x6f, 0x74, 0x61, 0x74, 0x65, 0x73, 0x00, 0x06, 0x0a, 0x76, 0x07,
    0x0a, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x01, 0xa2, 0xa0, 0x0b, 0x0e, 0x00, 0x20,
    0x00, 0x20, 0x00, 0x20, 0x01, 0xa2, 0xa0, 0x21, 0x00, 0x20, 0x00, 0x0b, 0x0e, 0x00,
    0x20, 0x00, 0x20, 0x00, 0x20, 0x01, 0xa2, 0xa0, 0x21, 0x01, 0x20, 0x01, 0x0b, 0x0a,
    0x00, 0x20, 0x01, 0x20, 0x00, 0x20, 0x01, 0xa2, 0xa0, 0x0b, 0x11, 0x00, 0x20, 0x00,
    0x20, 0x00, 0x20, 0x00, 0xa2, 0xa0, 0x21, 0x00, 0x20, 0x00, 0x20, 0x01, 0xa0, 0x0b,
    0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0xa1, 0x21, 0x01, 0x20, 0x01, 0x0b, 0x22, 0x01,
    0x02, 0x7f, 0x20, 0x00, 0xaa, 0x21, 0x02, 0x20, 0x01, 0xaa, 0x21, 0x03, 0x20, 0x02,
    0x20, 0x03, 0x6b, 0x21, 0x03, 0x20, 0x03, 0x20, 0x02, 0x74, 0x21, 0x02, 0x20, 0x02,
    0x20, 0x03, 0x6a, 0xb7, 0x0b
};

}  // namespace

TEST_CASE("an instruction whose result register is also one of its operands' computes like the interpreter") {
  // The allocator may give a result the register of an operand that dies there, or of the local
  // it overwrites: each form reads its operands before it writes (fused multiply-adds, subs into
  // the subtrahend, shifts by a count that is also overwritten).
  const char* names[] = {"x_plus_x_times_c", "into_x", "into_c", "c_plus_x_times_c", "squares",
                         "sub_into_b", "i32_rotates"};
  const double inputs[][2] = {{1.5, 2.25}, {-3, 0.5}, {7, -1}, {1e9, 3}, {0.1, 0.2}};
  auto run = [&](zw::Engine engine, const char* name, double x, double c) {
    Fresh fresh(engine, kAliasWasm);
    zw::Instance& instance = fresh.instance;
    auto result = instance.call<double>(name, x, c);
    REQUIRE(result.ok());
    return *result;
  };
  for (const char* name : names)
    for (const auto& in : inputs) {
      CAPTURE(std::string(name));
      CAPTURE(in[0]);
      CHECK(run(zw::Engine::Jit, name, in[0], in[1]) == run(zw::Engine::Interpreter, name, in[0], in[1]));
    }
}

// ---- the body convention ------------------------------------------------------------------------

namespace {

// (module
//   ;; Four arguments in registers, but used only after a loop that keeps nine other values busy:
//   ;; the allocator leaves them in their cells.
//   (func $callee (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
//     (local $i i32) (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
//     (local $x4 i32) (local $x5 i32) (local $x6 i32) (local $x7 i32)
//     (local.set $i (i32.const 100))
//     (loop $top
//       (local.set $x0 (i32.add (local.get $x0) (local.get $i)))
//       (local.set $x1 (i32.xor (local.get $x1) (local.get $x0)))
//       (local.set $x2 (i32.add (local.get $x2) (local.get $x1)))
//       (local.set $x3 (i32.xor (local.get $x3) (local.get $x2)))
//       (local.set $x4 (i32.add (local.get $x4) (local.get $x3)))
//       (local.set $x5 (i32.xor (local.get $x5) (local.get $x4)))
//       (local.set $x6 (i32.add (local.get $x6) (local.get $x5)))
//       (local.set $x7 (i32.xor (local.get $x7) (local.get $x6)))
//       (local.set $i (i32.sub (local.get $i) (i32.const 1)))
//       (br_if $top (local.get $i)))
//     (i32.add (i32.add (i32.mul (local.get $a) (i32.const 1000)) (i32.mul (local.get $b) (i32.const 100)))
//       (i32.add (i32.add (i32.mul (local.get $c) (i32.const 10)) (local.get $d))
//         (i32.and (local.get $x7) (i32.const 0)))))
//   (func (export "caller") (param $p i32) (result i32)
//     (call $callee (local.get $p) (i32.const 2) (i32.const 3) (i32.const 4))))
const std::vector<uint8_t> kCellParamsWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x02, 0x60, 0x04, 0x7f,
    0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00,
    0x01, 0x07, 0x0a, 0x01, 0x06, 0x63, 0x61, 0x6c, 0x6c, 0x65, 0x72, 0x00, 0x01, 0x0a,
    0x7a, 0x02, 0x6b, 0x01, 0x09, 0x7f, 0x41, 0xe4, 0x00, 0x21, 0x04, 0x03, 0x40, 0x20,
    0x05, 0x20, 0x04, 0x6a, 0x21, 0x05, 0x20, 0x06, 0x20, 0x05, 0x73, 0x21, 0x06, 0x20,
    0x07, 0x20, 0x06, 0x6a, 0x21, 0x07, 0x20, 0x08, 0x20, 0x07, 0x73, 0x21, 0x08, 0x20,
    0x09, 0x20, 0x08, 0x6a, 0x21, 0x09, 0x20, 0x0a, 0x20, 0x09, 0x73, 0x21, 0x0a, 0x20,
    0x0b, 0x20, 0x0a, 0x6a, 0x21, 0x0b, 0x20, 0x0c, 0x20, 0x0b, 0x73, 0x21, 0x0c, 0x20,
    0x04, 0x41, 0x01, 0x6b, 0x21, 0x04, 0x20, 0x04, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x41,
    0xe8, 0x07, 0x6c, 0x20, 0x01, 0x41, 0xe4, 0x00, 0x6c, 0x6a, 0x20, 0x02, 0x41, 0x0a,
    0x6c, 0x20, 0x03, 0x6a, 0x20, 0x0c, 0x41, 0x00, 0x71, 0x6a, 0x6a, 0x0b, 0x0c, 0x00,
    0x20, 0x00, 0x41, 0x02, 0x41, 0x03, 0x41, 0x04, 0x10, 0x00, 0x0b};

}  // namespace

TEST_CASE("arguments a compiled caller passes in registers reach a callee that keeps them in cells") {
  for (int32_t p : {1, -7, 123456}) {
    CAPTURE(p);
    int32_t results[2];
    int k = 0;
    for (zw::Engine engine : {zw::Engine::Interpreter, zw::Engine::Jit}) {
      Fresh fresh(engine, kCellParamsWasm);
      zw::Instance& instance = fresh.instance;
      // The second call finds the callee compiled: the fast call, arguments in registers.
      REQUIRE(instance.call<int32_t>("caller", p).ok());
      auto result = instance.call<int32_t>("caller", p);
      REQUIRE(result.ok());
      results[k++] = *result;
    }
    CHECK(results[0] == p * 1000 + 234);
    CHECK(results[1] == results[0]);
  }
}

// ---- a fresh frame's locals ----------------------------------------------------------------------

namespace {

// (module
//   ;; Leaves its argument in every local cell of its frame.
//   (func $dirty (param $p i32) (result i64) (local $l0 i64) ... (local $l13 i64)
//     (local.set $l0 (i64.extend_i32_u (local.get $p))) ... (local.set $l13 ...)
//     (i64.add ... (i64.mul (local.get $l13) (i64.const 14))))   ;; sum of l_k * (k + 1)
//   ;; Reads its fourteen locals before writing any: more than there are registers, so some
//   ;; zeroes come from cells and some from registers.
//   (func $fresh (result i64) (local $l0 i64) ... (local $l13 i64)
//     (i64.add ... (i64.mul (local.get $l13) (i64.const 14))))   ;; the same sum
//   (func (export "check") (param $p i32) (result i64)
//     (drop (call $dirty (local.get $p)))
//     (call $fresh)))
const std::vector<uint8_t> kZeroLocalsWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x01, 0x7f,
    0x01, 0x7e, 0x60, 0x00, 0x01, 0x7e, 0x03, 0x04, 0x03, 0x00, 0x01, 0x00, 0x07, 0x09,
    0x01, 0x05, 0x63, 0x68, 0x65, 0x63, 0x6b, 0x00, 0x02, 0x0a, 0x88, 0x02, 0x03, 0xa0,
    0x01, 0x01, 0x0e, 0x7e, 0x20, 0x00, 0xad, 0x21, 0x01, 0x20, 0x00, 0xad, 0x21, 0x02,
    0x20, 0x00, 0xad, 0x21, 0x03, 0x20, 0x00, 0xad, 0x21, 0x04, 0x20, 0x00, 0xad, 0x21,
    0x05, 0x20, 0x00, 0xad, 0x21, 0x06, 0x20, 0x00, 0xad, 0x21, 0x07, 0x20, 0x00, 0xad,
    0x21, 0x08, 0x20, 0x00, 0xad, 0x21, 0x09, 0x20, 0x00, 0xad, 0x21, 0x0a, 0x20, 0x00,
    0xad, 0x21, 0x0b, 0x20, 0x00, 0xad, 0x21, 0x0c, 0x20, 0x00, 0xad, 0x21, 0x0d, 0x20,
    0x00, 0xad, 0x21, 0x0e, 0x42, 0x00, 0x20, 0x01, 0x42, 0x01, 0x7e, 0x7c, 0x20, 0x02,
    0x42, 0x02, 0x7e, 0x7c, 0x20, 0x03, 0x42, 0x03, 0x7e, 0x7c, 0x20, 0x04, 0x42, 0x04,
    0x7e, 0x7c, 0x20, 0x05, 0x42, 0x05, 0x7e, 0x7c, 0x20, 0x06, 0x42, 0x06, 0x7e, 0x7c,
    0x20, 0x07, 0x42, 0x07, 0x7e, 0x7c, 0x20, 0x08, 0x42, 0x08, 0x7e, 0x7c, 0x20, 0x09,
    0x42, 0x09, 0x7e, 0x7c, 0x20, 0x0a, 0x42, 0x0a, 0x7e, 0x7c, 0x20, 0x0b, 0x42, 0x0b,
    0x7e, 0x7c, 0x20, 0x0c, 0x42, 0x0c, 0x7e, 0x7c, 0x20, 0x0d, 0x42, 0x0d, 0x7e, 0x7c,
    0x20, 0x0e, 0x42, 0x0e, 0x7e, 0x7c, 0x0b, 0x5a, 0x01, 0x0e, 0x7e, 0x42, 0x00, 0x20,
    0x00, 0x42, 0x01, 0x7e, 0x7c, 0x20, 0x01, 0x42, 0x02, 0x7e, 0x7c, 0x20, 0x02, 0x42,
    0x03, 0x7e, 0x7c, 0x20, 0x03, 0x42, 0x04, 0x7e, 0x7c, 0x20, 0x04, 0x42, 0x05, 0x7e,
    0x7c, 0x20, 0x05, 0x42, 0x06, 0x7e, 0x7c, 0x20, 0x06, 0x42, 0x07, 0x7e, 0x7c, 0x20,
    0x07, 0x42, 0x08, 0x7e, 0x7c, 0x20, 0x08, 0x42, 0x09, 0x7e, 0x7c, 0x20, 0x09, 0x42,
    0x0a, 0x7e, 0x7c, 0x20, 0x0a, 0x42, 0x0b, 0x7e, 0x7c, 0x20, 0x0b, 0x42, 0x0c, 0x7e,
    0x7c, 0x20, 0x0c, 0x42, 0x0d, 0x7e, 0x7c, 0x20, 0x0d, 0x42, 0x0e, 0x7e, 0x7c, 0x0b,
    0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x1a, 0x10, 0x01, 0x0b};

}  // namespace

TEST_CASE("declared locals read before they are written are zero, in cells and in registers, in a reused frame") {
  for (zw::Engine engine : {zw::Engine::Interpreter, zw::Engine::Jit}) {
    Fresh fresh(engine, kZeroLocalsWasm);
    zw::Instance& instance = fresh.instance;
    for (int32_t p : {7, -1}) {
      auto result = instance.call<int64_t>("check", p);
      REQUIRE(result.ok());
      CHECK(*result == 0);
    }
  }
}

TEST_SUITE_END();
