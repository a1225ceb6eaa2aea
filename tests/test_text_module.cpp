// The text format's module reader (runtime/text/), through the public API: each test reads a
// text module and checks what running it does, or which error (and where) reading it gives.
// Expected values follow from the spec's text rules and plain arithmetic.
#include <doctest/doctest.h>
#include <zwasm/zwasm.h>

#include <string>

namespace zw = zwasm::api;

namespace {

// Reads, validates and instantiates `text` (no imports), then calls its export `name`.
int64_t call_i64(const std::string& text, const char* name, std::vector<zw::Value> args = {}) {
  auto module = zw::Module::from_text(text);
  if (!module.ok()) FAIL(module.error().describe());
  zw::Store store;
  zw::Linker linker(store);
  auto instance = linker.instantiate(*module);
  if (!instance.ok()) FAIL(instance.error().describe());
  std::vector<zw::Value> results;
  auto r = instance->invoke(name, std::span<const zw::Value>(args), results);
  if (!r.ok()) FAIL(r.error().message);
  REQUIRE(results.size() == 1);
  return results[0].type() == zw::ValType::I32 ? results[0].as_i32() : results[0].as_i64();
}

std::string text_error(const std::string& text) {
  auto bytes = zw::wat_to_wasm(text);
  REQUIRE_FALSE(bytes.ok());
  return bytes.error().message;
}

}  // namespace

TEST_CASE("text module: folded and flat instructions denote the same code") {
  const char* folded = "(module (func (export \"f\") (result i32)"
                       "  (i32.sub (i32.mul (i32.const 6) (i32.const 7)) (i32.const 2))))";
  const char* flat = "(module (func (export \"f\") (result i32)"
                     "  i32.const 6 i32.const 7 i32.mul i32.const 2 i32.sub))";
  CHECK(call_i64(folded, "f") == 40);
  auto a = zw::wat_to_wasm(folded), b = zw::wat_to_wasm(flat);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.value() == b.value());
}

TEST_CASE("text module: a function may call one defined after it, by identifier") {
  CHECK(call_i64("(module (func (export \"f\") (result i32) (call $later))"
                 "        (func $later (result i32) (i32.const 5)))",
                 "f") == 5);
}

TEST_CASE("text module: the fields alone are a module") {
  CHECK(call_i64("(func (export \"f\") (result i64) (i64.const -1))", "f") == -1);
}

TEST_CASE("text module: labels are found by name from the innermost block out") {
  // br $outer leaves both blocks, skipping the i32.const 1 that br $inner would reach.
  const char* text = R"wat((module (func (export "f") (result i32)
      (block $outer (result i32)
        (block $inner (result i32)
          (br $outer (i32.const 7)))
        (drop) (i32.const 1)))))wat";
  CHECK(call_i64(text, "f") == 7);
}

TEST_CASE("text module: end and else may repeat the label they close") {
  const char* text = R"wat((module (func (export "f") (param i32) (result i32)
      local.get 0
      if $l (result i32) i32.const 10 else $l i32.const 20 end $l)))wat";
  CHECK(call_i64(text, "f", {zw::Value(int32_t(1))}) == 10);
  CHECK(call_i64(text, "f", {zw::Value(int32_t(0))}) == 20);
  CHECK(text_error("(module (func block $a end $b))").find("mismatching label") != std::string::npos);
}

TEST_CASE("text module: folded if evaluates its condition before the branches") {
  const char* text = R"wat((module (func (export "f") (param $x i32) (result i32)
      (if (result i32) (i32.eqz (local.get $x)) (then (i32.const 3)) (else (i32.const 4))))))wat";
  CHECK(call_i64(text, "f", {zw::Value(int32_t(0))}) == 3);
  CHECK(call_i64(text, "f", {zw::Value(int32_t(9))}) == 4);
}

TEST_CASE("text module: a block with parameters gets an implicit type") {
  const char* text = R"wat((module (func (export "f") (result i32)
      (i32.const 2) (i32.const 3)
      (block (param i32 i32) (result i32) (i32.add)))))wat";
  CHECK(call_i64(text, "f") == 5);
}

TEST_CASE("text module: a type use with an inline signature must match the named type") {
  CHECK(call_i64("(module (type $t (func (param i32) (result i32)))"
                 "  (func (export \"f\") (type $t) (param $x i32) (result i32) (local.get $x))"
                 "  (func (export \"g\") (result i32) (call 0 (i32.const 8))))",
                 "g") == 8);
  CHECK(text_error("(module (type $t (func (param i32))) (func (type $t) (param i64)))")
            .find("inline function type") != std::string::npos);
}

TEST_CASE("text module: locals and parameters share one index space by name") {
  const char* text = R"wat((module (func (export "f") (param $a i32) (result i32) (local $b i32)
      (local.set $b (i32.const 40)) (i32.add (local.get $a) (local.get $b)))))wat";
  CHECK(call_i64(text, "f", {zw::Value(int32_t(2))}) == 42);
}

TEST_CASE("text module: memory with inline data is as large as its data") {
  const char* text = R"wat((module (memory (data "\2a\00\00\00" "\07"))
      (func (export "f") (result i32) (i32.add (i32.load (i32.const 0)) (i32.load8_u offset=4 (i32.const 0))))
      (func (export "pages") (result i32) (memory.size))))wat";
  CHECK(call_i64(text, "f") == 42 + 7);
  CHECK(call_i64(text, "pages") == 1);
}

TEST_CASE("text module: a table with inline elements calls through them") {
  const char* text = R"wat((module
      (type $ret (func (result i32)))
      (table funcref (elem $one $two))
      (func $one (result i32) (i32.const 1))
      (func $two (result i32) (i32.const 2))
      (func (export "f") (param i32) (result i32) (call_indirect (type $ret) (local.get 0)))))wat";
  CHECK(call_i64(text, "f", {zw::Value(int32_t(1))}) == 2);
}

TEST_CASE("text module: globals are read and written by identifier") {
  const char* text = R"wat((module (global $g (mut i64) (i64.const 5))
      (func (export "f") (result i64) (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g))))wat";
  CHECK(call_i64(text, "f") == 6);
}

TEST_CASE("text module: an import after a definition is an error at the import") {
  std::string e = text_error("(module\n  (func)\n  (import \"m\" \"f\" (func)))");
  CHECK(e.rfind("3:4: ", 0) == 0);
  CHECK(e.find("import after function") != std::string::npos);
}

TEST_CASE("text module: an unknown identifier names itself and its position") {
  std::string e = text_error("(module (func (call $nowhere)))");
  CHECK(e.rfind("1:21: ", 0) == 0);
  CHECK(e.find("$nowhere") != std::string::npos);
}

TEST_CASE("text module: a duplicate identifier in one index space is an error") {
  CHECK(text_error("(module (func $f) (func $f))").find("duplicate function $f") !=
        std::string::npos);
  CHECK(zw::wat_to_wasm("(module (func $f) (global $f i32 (i32.const 0)))").ok());
}

TEST_CASE("text module: an unclosed block is an error, not a silent end") {
  CHECK(text_error("(module (func block))").find("expected \"end\"") != std::string::npos);
}

TEST_CASE("text module: constants out of range are errors") {
  CHECK_FALSE(zw::wat_to_wasm("(module (func (drop (i32.const 4294967296))))").ok());
  CHECK(zw::wat_to_wasm("(module (func (drop (i32.const -2147483648))))").ok());
  CHECK_FALSE(zw::wat_to_wasm("(module (func (drop (f32.const 1e39))))").ok());
}

TEST_CASE("text module: alignment must be a power of two") {
  CHECK(text_error("(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))")
            .find("power of two") != std::string::npos);
}

TEST_CASE("text module: folded instructions nested past the limit are an error, not a crash") {
  auto nested = [](int levels) {
    std::string text = "(module (func (export \"f\") (result i32) ";
    for (int i = 0; i < levels; ++i) text += "(i32.eqz ";
    text += "(i32.const 0)";
    for (int i = 0; i < levels; ++i) text += ")";
    return text + "))";
  };
  CHECK(text_error(nested(1001)).find("nest too deeply") != std::string::npos);
  CHECK(text_error(nested(100000)).find("nest too deeply") != std::string::npos);
  CHECK(call_i64(nested(999), "f") == 1);  // an odd number of eqz of 0
}

TEST_CASE("text module: flat blocks nest as deep as compilers write them") {
  std::string text = "(module (func (export \"f\") (result i32) ";
  for (int i = 0; i < 20000; ++i) text += "block ";
  for (int i = 0; i < 20000; ++i) text += "end ";
  text += "i32.const 1))";
  CHECK(call_i64(text, "f") == 1);
}

TEST_CASE("text module: a text file loads like a binary one, with errors at LINE:COL") {
  auto bad = zw::Module::from_text("(module (func (i32.const)))");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.rfind("1:25: ", 0) == 0);
}

TEST_CASE("text module: @custom annotations become custom sections where they are placed") {
  const char* text = R"wat((module
      (@custom "last" "abc")
      (@custom "first" (before first) "1")
      (@custom "before-code" (before code) "x" "yz")
      (func (export "f") (result i32) (@other annotations are comments) (i32.const 1))))wat";
  auto bytes = zw::wat_to_wasm(text);
  REQUIRE(bytes.ok());
  // Right after the header: a custom section (id 0) of 7 bytes: name "first", then "1".
  const std::vector<uint8_t> first = {0, 7, 5, 'f', 'i', 'r', 's', 't', '1'};
  REQUIRE(bytes->size() > 8 + first.size());
  CHECK(std::equal(first.begin(), first.end(), bytes->begin() + 8));
  auto module = zw::Module::from_bytes(*bytes);
  REQUIRE(module.ok());
  std::vector<std::string> names;
  for (const auto& c : module->info().custom_sections) names.push_back(c.name);
  // The name section comes from no annotation: the module has no identifiers.
  CHECK(names == std::vector<std::string>{"first", "before-code", "last"});
  CHECK(call_i64(text, "f") == 1);
}

TEST_CASE("text module: (module binary ...) is the binary its strings spell") {
  auto bytes = zw::wat_to_wasm("(module $m binary \"\\00asm\" \"\\01\\00\\00\\00\")");
  REQUIRE(bytes.ok());
  CHECK(*bytes == std::vector<uint8_t>{0, 'a', 's', 'm', 1, 0, 0, 0});
}
