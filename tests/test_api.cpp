// The public embedding API (include/zwasm/zwasm.h), used as an embedder would: nothing here
// includes an internal header. Expected values follow from the spec (e.g. little-endian memory,
// the WASI preview1 ABI) or plain arithmetic, never from zwasm's own output.
#include <doctest/doctest.h>
#include <spdlog/spdlog.h>
#include <zwasm/zwasm.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory_resource>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "tests/api_test_modules.h"

namespace zw = zwasm::api;
using namespace zwasm::api_test;

namespace {

// A fresh, empty directory under the system temp folder, removed at the end of the scope.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "zwasm-api-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

zw::Module load(const std::vector<uint8_t>& bytes) {
  auto m = zw::Module::from_bytes(bytes);
  if (!m.ok()) FAIL(m.error().describe());
  return *m;
}

zw::Instance instantiate(zw::Linker& linker, const std::vector<uint8_t>& bytes) {
  auto inst = linker.instantiate(load(bytes));
  if (!inst.ok()) FAIL(inst.error().describe());
  return *inst;
}

// The host functions kHostWasm imports, in their typed and untyped forms.
void define_host_imports(zw::Linker& linker) {
  linker.func("env", "add", [](int32_t a, int32_t b) {
    return int32_t(uint32_t(a) + uint32_t(b));  // wasm i32.add wraps
  });
  linker.func("env", "divmod", [](int64_t a, int64_t b) { return std::tuple{a / b, a % b}; });
  linker.func("env", "scale", [](float x, double y) { return double(x) * y; });
  // Untyped: [i32 i64] -> [i64 i32], swapping the two.
  linker.func("env", "swap", zw::FuncType{{zw::ValType::I32, zw::ValType::I64},
                                          {zw::ValType::I64, zw::ValType::I32}},
              [](zw::Caller&, std::span<const zw::Value> args, std::span<zw::Value> results) {
                results[0] = args[1];
                results[1] = args[0];
              });
  // Untyped v128 (two cells): swaps the two 8-byte halves.
  linker.func("env", "v128", zw::FuncType{{zw::ValType::V128}, {zw::ValType::V128}},
              [](zw::Caller&, std::span<const zw::Value> args, std::span<zw::Value> results) {
                zw::V128 in = args[0].as_v128(), out;
                for (int i = 0; i < 16; ++i) out.bytes[i] = in.bytes[(i + 8) % 16];
                results[0] = zw::Value::v128(out);
              });
  linker.func("env", "fail", [](zw::Caller& caller, int32_t code) {
    caller.trap("boom " + std::to_string(code));
  });
  // Sums guest bytes through a bounds-checked view; a bad range traps with the view's error.
  linker.func("env", "sum", [](zw::Caller& caller, uint32_t ptr, uint32_t len) -> uint32_t {
    auto bytes = caller.memory()->view(ptr, len);
    if (!bytes) {
      caller.trap(bytes.error().message);
      return 0;
    }
    uint32_t sum = 0;
    for (uint8_t b : *bytes) sum += b;
    return sum;
  });
}

}  // namespace

// ---- Modules ---------------------------------------------------------------------------------

TEST_CASE("api: a module lists its imports and exports with their types") {
  zw::Module m = load(kStateWasm);
  std::vector<zw::ImportType> imports = m.imports();
  REQUIRE(imports.size() == 1);
  CHECK(imports[0].module == "host");
  CHECK(imports[0].name == "g");
  CHECK(imports[0].type.kind == zw::ExternKind::Global);
  CHECK(imports[0].type.global == zw::GlobalType{zw::ValType::I64, true});

  std::vector<zw::ExportType> exports = m.exports();
  REQUIRE(exports.size() == 11);
  CHECK(exports[0].name == "imm");
  CHECK(exports[0].type.to_string() == "global i32");
  CHECK(exports[1].type.to_string() == "global (mut f64)");
  CHECK(exports[2].name == "memory");
  CHECK(exports[2].type.memory == zw::MemoryType{{1, 2}});
  CHECK(exports[3].type.table == zw::TableType{zw::ValType::FuncRef, {2, 4}});
  CHECK(exports[4].name == "seven");
  CHECK(exports[4].type.func == zw::FuncType{{}, {zw::ValType::I32}});
  CHECK(exports[7].type.to_string() == "func [i32] -> [i32]");
}

TEST_CASE("api: load errors carry a message and the byte offset") {
  SUBCASE("decoding: a wrong version is reported at its offset (spec 5.5.16)") {
    auto m = zw::Module::from_bytes(std::vector<uint8_t>{0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0});
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find("unknown binary version") != std::string::npos);
    CHECK(m.error().offset == 4);
  }
  SUBCASE("validation: (func (result i32) (i64.const 0)) is a type mismatch") {
    const std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
                                        0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01,
                                        0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0b};
    auto m = zw::Module::from_bytes(bytes);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find("type mismatch") != std::string::npos);
    CHECK(m.error().has_offset());
  }
  SUBCASE("a missing file names the path") {
    auto m = zw::Module::from_file("/nonexistent/zwasm-test.wasm");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find("/nonexistent/zwasm-test.wasm") != std::string::npos);
  }
}

TEST_CASE("api: a file that fails to decode is named in the error, which keeps its offset") {
  TempDir dir;
  const std::string path = (dir.path / "v2.wasm").string();
  std::ofstream(path, std::ios::binary).write("\0asm\x02\0\0\0", 8);  // version 2 (at 4)
  auto m = zw::Module::from_file(path);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().message.rfind(path + ": ", 0) == 0);
  CHECK(m.error().message.find("unknown binary version") != std::string::npos);
  CHECK(m.error().offset == 4);
}

// ---- Module introspection (kInfoWasm: imports func f, global g, func h, table t, memory m) ----

TEST_CASE("api: imports and exports carry their index in their own kind's index space") {
  zw::Module m = load(kInfoWasm);
  std::vector<zw::ImportType> imports = m.imports();
  REQUIRE(imports.size() == 5);
  CHECK(imports[0].index == 0);  // func f
  CHECK(imports[1].index == 0);  // global g: the first global, though the second import
  CHECK(imports[2].index == 1);  // func h
  CHECK(imports[3].index == 0);  // table t
  CHECK(imports[4].index == 0);  // memory m
  std::vector<zw::ExportType> exports = m.exports();
  REQUIRE(exports.size() == 3);
  CHECK(exports[0].name == "add");
  CHECK(exports[0].index == 3);  // after f, h (imported) and init
  CHECK(exports[2].name == "h");
  CHECK(exports[2].index == 1);
}

TEST_CASE("api: module info lists each index space with its imported items first") {
  zw::ModuleInfo info = load(kInfoWasm).info();
  CHECK(info.name == "inspected");
  CHECK(info.types.size() == 4);
  REQUIRE(info.functions.size() == 4);
  REQUIRE(info.functions[1].import.has_value());
  CHECK(info.functions[1].import->name == "h");
  CHECK(info.functions[1].type == zw::FuncType{{}, {zw::ValType::I64}});
  CHECK_FALSE(info.functions[3].import.has_value());
  CHECK(info.functions[3].name == "add");
  CHECK(info.functions[3].type.params.size() == 2);

  REQUIRE(info.tables.size() == 2);
  CHECK(info.tables[0].import->module == "env");
  CHECK(info.tables[0].type == zw::TableType{zw::ValType::FuncRef, {1, std::nullopt}});
  CHECK_FALSE(info.tables[1].import.has_value());
  CHECK(info.tables[1].type == zw::TableType{zw::ValType::ExternRef, {3, 10}});
  REQUIRE(info.memories.size() == 1);
  CHECK(info.memories[0].import->name == "m");
  CHECK(info.memories[0].type == zw::MemoryType{{1, 2}});

  REQUIRE(info.globals.size() == 7);
  CHECK(info.globals[0].import->name == "g");
  CHECK_FALSE(info.globals[0].init.has_value());  // an import has no initialiser
  CHECK(info.globals[1].type == zw::GlobalType{zw::ValType::I64, true});
  CHECK_FALSE(info.globals[1].import.has_value());
}

TEST_CASE("api: global initialisers are spelled in the text format") {
  zw::ModuleInfo info = load(kInfoWasm).info();
  REQUIRE(info.globals.size() == 7);
  auto init = [&](size_t i) { return info.globals[i].init.value(); };
  CHECK(init(1).kind == zw::ConstExpr::Kind::Const);
  CHECK(init(1).value == zw::Value(int64_t(-1)));
  CHECK(init(1).to_string() == "i64.const -1");
  CHECK(init(2).to_string() == "f32.const 1.5");
  CHECK(init(3).kind == zw::ConstExpr::Kind::RefFunc);
  CHECK(init(3).to_string() == "ref.func 2");
  CHECK(init(4).to_string() == "ref.null extern");
  CHECK(init(5).kind == zw::ConstExpr::Kind::GlobalGet);
  CHECK(init(5).to_string() == "global.get 0");
  CHECK(init(6).to_string() == "v128.const i64x2 0x0000000000000001 0x0000000000000002");
  // Floats keep enough digits to read back the same value; i32 prints signed.
  CHECK(zw::ConstExpr{zw::ConstExpr::Kind::Const, 0.1, 0}.to_string() ==
        "f64.const 0.10000000000000001");
  CHECK(zw::ConstExpr{zw::ConstExpr::Kind::Const, uint32_t(0xFFFFFFFF), 0}.to_string() ==
        "i32.const -1");
}

TEST_CASE("api: module info names the start function and counts segments and custom sections") {
  zw::ModuleInfo info = load(kInfoWasm).info();
  REQUIRE(info.start.has_value());
  CHECK(*info.start == 2);
  CHECK(info.functions[*info.start].name == "init");  // from the name section
  CHECK(info.element_segments == 1);
  CHECK(info.data_segments == 1);
  REQUIRE(info.custom_sections.size() == 2);
  CHECK(info.custom_sections[0].name == "name");
  CHECK(info.custom_sections[1].name == "extra");
  CHECK(info.custom_sections[1].size == 3);
  // Without a name section, a function is called by its index.
  CHECK(load(kLinkWasm).info().functions.at(0).name == "func[0]");
}

// ---- Calls -----------------------------------------------------------------------------------

TEST_CASE("api: invoke with pointers to vectors, spans, and typed calls") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  zw::Instance inst = instantiate(linker, kHostWasm);

  std::vector<zw::Value> args{20};
  std::vector<zw::Value> results;
  REQUIRE(inst.invoke("double", &args, &results).ok());
  REQUIRE(results.size() == 1);
  CHECK(results[0] == zw::Value(40));
  CHECK(inst.invoke("double", &args, nullptr).ok());  // results may be discarded
  REQUIRE(inst.invoke("double", &args, &args).ok());  // one vector for both
  CHECK(args == std::vector<zw::Value>{zw::Value(40)});

  const zw::Value span_args[] = {zw::Value(int32_t(-3))};
  REQUIRE(inst.invoke("double", span_args, results).ok());
  CHECK(results[0].as_i32() == -6);

  auto typed = inst.call<int32_t>("double", 21);
  REQUIRE(typed.ok());
  CHECK(*typed == 42);
}

TEST_CASE("api: calls that do not fit the function are rejected before running") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  zw::Instance inst = instantiate(linker, kHostWasm);
  std::vector<zw::Value> results;

  auto unknown = inst.invoke("nope", nullptr, &results);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == zw::TrapKind::InvalidCall);
  CHECK(unknown.error().message.find("nope") != std::string::npos);

  std::vector<zw::Value> none;
  auto arity = inst.invoke("double", &none, &results);
  REQUIRE_FALSE(arity.ok());
  CHECK(arity.error().kind == zw::TrapKind::InvalidCall);

  std::vector<zw::Value> wrong{int64_t{1}};
  auto type = inst.invoke("double", &wrong, &results);
  REQUIRE_FALSE(type.ok());
  CHECK(type.error().message.find("argument 0 has type i64, expected i32") != std::string::npos);

  auto typed = inst.call<int64_t>("double", 1);  // the result is i32, not i64
  REQUIRE_FALSE(typed.ok());
  CHECK(typed.error().kind == zw::TrapKind::InvalidCall);
  CHECK(typed.error().message.find("[i32] -> [i32]") != std::string::npos);
}

// ---- Host functions --------------------------------------------------------------------------

TEST_CASE("api: typed host functions get their wasm type from the C++ signature") {
  zw::Store store;
  zw::Linker linker(store);
  zw::Func add = linker.func("env", "add", [](int32_t a, int32_t b) { return a + b; });
  CHECK(add.type() == zw::FuncType{{zw::ValType::I32, zw::ValType::I32}, {zw::ValType::I32}});
  zw::Func multi = linker.func("env", "multi", [](zw::Caller&, uint64_t, float) {
    return std::tuple<double, uint32_t, int64_t>{};
  });
  CHECK(multi.type() == zw::FuncType{{zw::ValType::I64, zw::ValType::F32},
                                     {zw::ValType::F64, zw::ValType::I32, zw::ValType::I64}});
  zw::Func nothing = linker.func("env", "nothing", [] {});
  CHECK(nothing.type() == zw::FuncType{});
}

TEST_CASE("api: wasm calls typed and untyped host functions, multi-value and v128 included") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  zw::Instance inst = instantiate(linker, kHostWasm);

  CHECK(inst.call<int32_t>("call_add", -2, 5).value() == 3);
  CHECK(inst.call<int32_t>("call_add", std::numeric_limits<int32_t>::max(), 1).value() ==
        std::numeric_limits<int32_t>::min());

  auto divmod = inst.call<std::tuple<int64_t, int64_t>>("call_divmod", int64_t{17}, int64_t{5});
  REQUIRE(divmod.ok());
  CHECK(*divmod == std::tuple<int64_t, int64_t>{3, 2});

  CHECK(inst.call<double>("call_scale", 1.5f, 4.0).value() == 6.0);

  auto swapped = inst.call<std::tuple<int64_t, int32_t>>("call_swap", 7, int64_t{-9});
  REQUIRE(swapped.ok());
  CHECK(*swapped == std::tuple<int64_t, int32_t>{-9, 7});

  zw::V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = uint8_t(i);
  std::vector<zw::Value> args{zw::Value::v128(v)}, results;
  REQUIRE(inst.invoke("call_v128", &args, &results).ok());
  zw::V128 expected;
  for (int i = 0; i < 16; ++i) expected.bytes[i] = uint8_t((i + 8) % 16);
  CHECK(results[0].as_v128() == expected);
}

TEST_CASE("api: a host trap surfaces as a Trap with its message and the wasm backtrace") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  zw::Instance inst = instantiate(linker, kHostWasm);

  auto r = inst.call("outer", 7);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == zw::TrapKind::HostTrap);
  CHECK(r.error().message == "boom 7");
  // outer calls inner, which calls the host function: innermost wasm frame first.
  CHECK(r.error().backtrace == std::vector<std::string>{"inner", "outer"});
  CHECK(r.error().describe() == "boom 7 (in function inner)");
}

TEST_CASE("api: host functions read guest memory through bounds-checked views") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  zw::Instance inst = instantiate(linker, kHostWasm);
  zw::Memory memory = *inst.memory("memory");
  REQUIRE(memory.write(100, std::vector<uint8_t>{10, 20, 30}).ok());

  CHECK(inst.call<int32_t>("call_sum", 100, 3).value() == 60);
  CHECK(inst.call<int32_t>("call_sum", 65536, 0).value() == 0);  // empty, at the very end

  // Hostile ranges: past the end, and ones whose end overflows 32 bits.
  for (auto [ptr, len] : {std::pair<uint32_t, uint32_t>{65535, 2}, {0xFFFFFFF0u, 0x20},
                          {1, 0xFFFFFFFFu}, {0xFFFFFFFFu, 0xFFFFFFFFu}}) {
    auto r = inst.call<int32_t>("call_sum", ptr, len);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == zw::TrapKind::HostTrap);
    CHECK(r.error().message.rfind("out of bounds memory access", 0) == 0);
  }
}

TEST_CASE("api: an untyped host function returning the wrong type traps") {
  zw::Store store;
  zw::Linker linker(store);
  zw::Func f = linker.func("env", "f", zw::FuncType{{}, {zw::ValType::I32}},
                           [](zw::Caller&, std::span<const zw::Value>, std::span<zw::Value> out) {
                             out[0] = zw::Value(int64_t{1});
                           });
  std::vector<zw::Value> results;
  auto r = f.invoke({}, results);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == zw::TrapKind::HostTrap);
  CHECK(r.error().message == "host function env.f returned a i64 as result 0, expected i32");
}

TEST_CASE("api: exceptions from host functions become traps") {
  zw::Store store;
  zw::Linker linker(store);
  zw::Func f = linker.func("env", "f", []() -> int32_t { throw std::runtime_error("oops"); });
  auto r = f.call<int32_t>();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == zw::TrapKind::HostTrap);
  CHECK(r.error().message == "host function threw an exception: oops");
}

TEST_CASE("api: the Caller names the calling instance, which host code may call back into") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  // Replace env.add: it calls the caller's own export "double" on the sum.
  linker.func("env", "add", [](zw::Caller& caller, int32_t a, int32_t b) -> int32_t {
    auto doubled = caller.instance()->call<int32_t>("double", a + b);
    if (!doubled) {
      caller.trap(doubled.error().message);
      return 0;
    }
    return *doubled;
  });
  zw::Instance inst = instantiate(linker, kHostWasm);
  CHECK(inst.call<int32_t>("call_add", 2, 3).value() == 10);

  // Called straight from the embedder, a host function has no calling instance.
  bool had_instance = true;
  zw::Func probe = linker.func("env", "probe", [&had_instance](zw::Caller& caller) {
    had_instance = caller.instance().has_value() || caller.memory().has_value();
  });
  REQUIRE(probe.call().ok());
  CHECK_FALSE(had_instance);
}

// ---- Memory and globals ----------------------------------------------------------------------

TEST_CASE("api: memory size, grow and bounds-checked access") {
  zw::Store store;
  auto created = store.create_memory(zw::MemoryType{{1, 2}});
  REQUIRE(created.ok());
  zw::Memory memory = *created;
  CHECK(memory.size() == 65536);
  CHECK(memory.pages() == 1);

  CHECK(memory.view(65536, 0).ok());
  CHECK(memory.view(0, 65536).ok());
  CHECK_FALSE(memory.view(65535, 2).ok());
  CHECK_FALSE(memory.view(65537, 0).ok());
  CHECK_FALSE(memory.view(std::numeric_limits<uint64_t>::max(), 1).ok());
  CHECK_FALSE(memory.view(1, std::numeric_limits<uint64_t>::max()).ok());
  uint8_t buffer[4];
  CHECK_FALSE(memory.read(65534, buffer).ok());
  CHECK_FALSE(memory.write(65534, std::vector<uint8_t>(4, 1)).ok());
  CHECK(memory.load<uint8_t>(65534).value() == 0);  // the failed write wrote nothing
  CHECK_FALSE(memory.load<uint32_t>(65533).ok());
  CHECK_FALSE(memory.store<uint16_t>(65535, 1).ok());

  // Scalars are little-endian (spec 4.4.7: memory bytes in little-endian order).
  REQUIRE(memory.store<uint32_t>(8, 0x11223344u).ok());
  REQUIRE(memory.read(8, buffer).ok());
  CHECK(std::vector<uint8_t>(buffer, buffer + 4) == std::vector<uint8_t>{0x44, 0x33, 0x22, 0x11});
  REQUIRE(memory.store<double>(16, 2.5).ok());
  CHECK(memory.load<double>(16).value() == 2.5);
  CHECK(memory.read_string(9, 2).value() == "\x33\x22");

  auto grown = memory.grow(1);
  REQUIRE(grown.ok());
  CHECK(*grown == 1);  // the old size in pages
  CHECK(memory.size() == 2 * 65536);
  CHECK(memory.store<uint8_t>(2 * 65536 - 1, 9).ok());
  CHECK(memory.load<uint32_t>(8).value() == 0x11223344u);  // contents survive growth
  CHECK_FALSE(memory.grow(1).ok());                        // the maximum is 2 pages
  CHECK(memory.grow(0).value() == 2);
}

TEST_CASE("api: host and wasm see the same linear memory") {
  zw::Store store;
  zw::Linker linker(store);
  linker.define("host", "g", *store.create_global({zw::ValType::I64, true}, zw::Value(int64_t{0})));
  zw::Instance inst = instantiate(linker, kStateWasm);
  zw::Memory memory = *inst.memory("memory");

  REQUIRE(inst.call("store32", 40, int32_t(0xCAFEBABE)).ok());
  CHECK(memory.load<uint32_t>(40).value() == 0xCAFEBABEu);
  REQUIRE(memory.store<int32_t>(44, -5).ok());
  CHECK(inst.call<int32_t>("load32", 44).value() == -5);

  // memory.grow from wasm is visible to the host, and the declared maximum (2) holds.
  CHECK(inst.call<int32_t>("grow", 1).value() == 1);
  CHECK(memory.pages() == 2);
  CHECK(inst.call<int32_t>("grow", 1).value() == -1);
  auto oob = inst.call<int32_t>("load32", 2 * 65536 - 2);
  REQUIRE_FALSE(oob.ok());
  CHECK(oob.error().kind == zw::TrapKind::MemoryOutOfBounds);
}

TEST_CASE("api: globals enforce mutability and type") {
  zw::Store store;
  zw::Linker linker(store);
  zw::Global host_global =
      *store.create_global({zw::ValType::I64, true}, zw::Value(int64_t{41}));
  linker.define("host", "g", host_global);
  zw::Instance inst = instantiate(linker, kStateWasm);

  zw::Global imm = *inst.global("imm");
  CHECK(imm.type() == zw::GlobalType{zw::ValType::I32, false});
  CHECK(imm.get() == zw::Value(7));
  auto denied = imm.set(zw::Value(8));
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().message.find("immutable") != std::string::npos);
  CHECK(imm.get() == zw::Value(7));

  zw::Global mut = *inst.global("mut");
  CHECK(mut.get() == zw::Value(0.5));
  CHECK_FALSE(mut.set(zw::Value(1.5f)).ok());  // f32 into an f64 global
  REQUIRE(mut.set(zw::Value(-2.25)).ok());
  CHECK(inst.call<double>("get_mut").value() == -2.25);

  // An imported host global is shared: wasm's global.set is visible to the host.
  REQUIRE(inst.call("bump_host_global").ok());
  CHECK(host_global.get() == zw::Value(int64_t{42}));

  CHECK_FALSE(store.create_global({zw::ValType::I32, false}, zw::Value(1.0)).ok());
  CHECK_FALSE(inst.global("memory").has_value());  // an export of another kind
}

TEST_CASE("api: tables hold function references the host can set and wasm can call") {
  zw::Store store;
  zw::Linker linker(store);
  linker.define("host", "g", *store.create_global({zw::ValType::I64, true}, zw::Value(int64_t{0})));
  zw::Instance inst = instantiate(linker, kStateWasm);
  zw::Table table = *inst.table("table");
  CHECK(table.size() == 2);
  CHECK(table.get(0).value().is_null());
  CHECK_FALSE(table.get(2).ok());

  auto null_call = inst.call<int32_t>("call_slot", 1);
  REQUIRE_FALSE(null_call.ok());
  CHECK(null_call.error().kind == zw::TrapKind::UninitializedElement);

  zw::Func seven = *inst.func("seven");
  REQUIRE(table.set(1, zw::Value::funcref(seven)).ok());
  CHECK(table.get(1).value().as_funcref() == seven);
  CHECK(inst.call<int32_t>("call_slot", 1).value() == 7);
  CHECK_FALSE(table.set(0, zw::Value::externref(5)).ok());  // wrong reference type

  CHECK(table.grow(2, zw::Value::null(zw::ValType::FuncRef)).value() == 2);
  CHECK_FALSE(table.grow(1, zw::Value::null(zw::ValType::FuncRef)).ok());  // max 4
}

// ---- Linking and instantiation ---------------------------------------------------------------

TEST_CASE("api: link errors name the import; start traps are reported apart") {
  zw::Store store;
  zw::Linker linker(store);
  zw::Module m = load(kLinkWasm);

  auto missing = linker.instantiate(m);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == zw::InstantiationError::Kind::Link);
  CHECK(missing.error().link.message.find("env.f") != std::string::npos);

  linker.func("env", "f", [](int64_t x) { return x; });  // the module wants [i32] -> [i32]
  linker.func("env", "missing", [] {});
  auto mistyped = linker.instantiate(m);
  REQUIRE_FALSE(mistyped.ok());
  CHECK(mistyped.error().kind == zw::InstantiationError::Kind::Link);
  CHECK(mistyped.error().link.message.find("incompatible import type for env.f") !=
        std::string::npos);

  linker.func("env", "f", [](int32_t x) { return x; });
  CHECK(linker.instantiate(m).ok());

  auto trapped = linker.instantiate(load(kStartTrapWasm));
  REQUIRE_FALSE(trapped.ok());
  CHECK(trapped.error().kind == zw::InstantiationError::Kind::Trap);
  CHECK(trapped.error().trap.kind == zw::TrapKind::Unreachable);
}

TEST_CASE("api: a linker tells which names it defines") {
  zw::Store store;
  zw::Linker linker(store);
  CHECK_FALSE(linker.defines("env", "f"));
  linker.func("env", "f", [](int32_t x) { return x; });
  CHECK(linker.defines("env", "f"));
  CHECK_FALSE(linker.defines("env", "g"));
  CHECK_FALSE(linker.defines("f", "env"));
  REQUIRE(linker.define_wasi({}).ok());
  CHECK(linker.defines("wasi_snapshot_preview1", "fd_write"));
}

TEST_CASE("api: one instance's exports satisfy another's imports") {
  zw::Store store;
  zw::Linker linker(store);
  define_host_imports(linker);
  zw::Instance lib = instantiate(linker, kHostWasm);
  linker.define_instance("lib", lib);
  zw::Instance user = instantiate(linker, kUsesLibWasm);
  CHECK(user.call<int32_t>("quadruple", 5).value() == 20);
}

// ---- WASI --------------------------------------------------------------------------------------

namespace {

std::string file_contents(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("api: WASI with a preopened directory") {
  TempDir dir;
  zw::Store store;
  zw::Linker linker(store);
  zw::WasiConfig config;
  config.args = {"guest"};
  config.preopens = {{dir.path.string(), "/sandbox"}};
  REQUIRE(linker.define_wasi(config).ok());
  zw::Instance inst = instantiate(linker, kWasiWasm);

  // path_open + fd_write + fd_close in fd 3 create the file in the host directory.
  CHECK(inst.call<int32_t>("write_file").value() == 0);
  CHECK(inst.call<int32_t>("nwritten").value() == 20);
  CHECK(file_contents(dir.path / "out.txt") == "written through WASI");

  // fd_prestat_get / fd_prestat_dir_name give the guest path: tag 0 (dir), length, bytes.
  CHECK(inst.call<int32_t>("preopen_name").value() == 0);
  zw::Memory memory = *inst.memory("memory");
  CHECK(memory.load<uint8_t>(192).value() == 0);
  CHECK(memory.load<uint32_t>(196).value() == 8);
  CHECK(memory.read_string(256, 8).value() == "/sandbox");

  // proc_exit ends the guest with a status: a Trap of kind Exit, not a failure.
  auto exited = inst.call("exit", 3);
  REQUIRE_FALSE(exited.ok());
  CHECK(exited.error().is_exit());
  CHECK(exited.error().exit_code == 3);
}

TEST_CASE("api: WASI refuses a preopen that is not a directory") {
  zw::Store store;
  zw::Linker linker(store);
  zw::WasiConfig config;
  config.preopens = {{"/nonexistent/zwasm-api-test", "/"}};
  CHECK_FALSE(linker.define_wasi(config).ok());
}

// ---- The allocator hook ------------------------------------------------------------------------

namespace {

// Forwards to the heap, counting what passes through.
class CountingResource : public std::pmr::memory_resource {
 public:
  size_t allocations = 0;
  size_t bytes_outstanding = 0;
  size_t bytes_total = 0;

 private:
  void* do_allocate(size_t bytes, size_t align) override {
    ++allocations;
    bytes_outstanding += bytes;
    bytes_total += bytes;
    return std::pmr::new_delete_resource()->allocate(bytes, align);
  }
  void do_deallocate(void* p, size_t bytes, size_t align) override {
    bytes_outstanding -= bytes;
    std::pmr::new_delete_resource()->deallocate(p, bytes, align);
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

}  // namespace

TEST_CASE("api: a store allocates its objects and IR code through the given memory_resource") {
  CHECK(zw::Store().allocator() == std::pmr::get_default_resource());

  CountingResource counter;
  {
    zw::Store store(zw::StoreConfig{&counter});
    CHECK(store.allocator() == &counter);
    zw::Linker linker(store);

    // Instantiation stores the function, the global, the instance and a table of 1000 refs.
    size_t before = counter.bytes_total;
    zw::Instance inst = instantiate(linker, kSmallWasm);
    CHECK(counter.bytes_total - before >= 1000 * sizeof(uint64_t));

    // The first call translates the function: its IR code comes from the resource too.
    size_t before_call = counter.allocations;
    CHECK(inst.call<int32_t>("answer").value() == 42);
    CHECK(counter.allocations > before_call);
    size_t after_first = counter.allocations;
    CHECK(inst.call<int32_t>("answer").value() == 42);
    CHECK(counter.allocations == after_first);  // translated once, nothing more to allocate

    // Host-created objects are store objects as well.
    size_t before_host = counter.allocations;
    REQUIRE(store.create_table({zw::ValType::ExternRef, {64, std::nullopt}},
                               zw::Value::null(zw::ValType::ExternRef))
                .ok());
    CHECK(counter.allocations > before_host);
    CHECK(counter.bytes_outstanding > 0);
  }
  CHECK(counter.bytes_outstanding == 0);  // the store gave everything back
}

// ---- Engines, version and logging ------------------------------------------------------------

TEST_CASE("api: every engine choice runs its tier") {
  for (zw::Engine asked : {zw::Engine::Auto, zw::Engine::Interpreter, zw::Engine::Jit}) {
    zw::Store store(zw::StoreConfig{.engine = asked});
    CHECK(store.engine() == asked);
    zw::Linker linker(store);
    CHECK(instantiate(linker, kSmallWasm).call<int32_t>("answer").value() == 42);
  }
}

TEST_CASE("api: version() is the project version the build was configured with") {
  CHECK(std::string(zw::version()) == ZWASM_EXPECTED_VERSION);
}

namespace {

// Unsets ZWASM_LOG (which overrides the verbosity) for a scope, restoring it afterwards.
struct ScopedLogEnv {
  std::optional<std::string> saved;
  explicit ScopedLogEnv(const char* value) {
    if (const char* v = std::getenv("ZWASM_LOG")) saved = v;
    if (value) ::setenv("ZWASM_LOG", value, 1);
    else ::unsetenv("ZWASM_LOG");
  }
  ~ScopedLogEnv() {
    if (saved) ::setenv("ZWASM_LOG", saved->c_str(), 1);
    else ::unsetenv("ZWASM_LOG");
    zw::set_log_verbosity(0);
  }
};

}  // namespace

TEST_CASE("api: set_log_verbosity can be called again to change the level") {
  ScopedLogEnv env(nullptr);
  zw::set_log_verbosity(1);
  CHECK(spdlog::default_logger()->name() == "zwasm");
  CHECK(spdlog::get_level() == spdlog::level::info);
  zw::set_log_verbosity(2);  // a second call reuses the "zwasm" logger
  CHECK(spdlog::get_level() == spdlog::level::debug);
  zw::set_log_verbosity(0);
  CHECK(spdlog::get_level() == spdlog::level::warn);
}

TEST_CASE("api: ZWASM_LOG overrides the log verbosity") {
  ScopedLogEnv env("off");
  zw::set_log_verbosity(2);
  CHECK(spdlog::get_level() == spdlog::level::off);
}
