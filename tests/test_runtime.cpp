// Unit tests for the runtime objects (store.h): memories, tables, type interning, import
// matching, segment initialisation, constant expressions and typed invocation.
// Modules are inline .wasm byte arrays; the WAT each was assembled from is shown above it.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "runtime/wasm/decoder.h"
#include "interpreter/interp.h"
#include "runtime/store/store.h"
#include "runtime/wasm/validator.h"
#include "module_test_util.h"

using namespace zwasm;
using zwasm::test::load_valid;

namespace {


MemoryType mem_type(uint64_t min, std::optional<uint64_t> max = std::nullopt) {
  MemoryType t;
  t.limits.min = min;
  t.limits.max = max;
  return t;
}

TableType table_type(ValType elem, uint64_t min, std::optional<uint64_t> max = std::nullopt) {
  TableType t;
  t.elem = elem;
  t.limits.min = min;
  t.limits.max = max;
  return t;
}

Function* nop_host(ObjectStore& store, FuncType type, const char* name = "test.f") {
  return store.create_host_function(
      std::move(type), [](HostCall&, const Cell*, Cell*) { return Trap{}; }, name);
}

RefWord ref_of(Function* f) { return reinterpret_cast<RefWord>(f); }

// (module
//   (import "test" "f" (func (param i32)))
//   (import "test" "t" (table 10 20 funcref))
//   (import "test" "m" (memory 2))
//   (import "test" "g" (global (mut i64))))
const std::vector<uint8_t> kImportsWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00,
    0x02, 0x2a, 0x04, 0x04, 0x74, 0x65, 0x73, 0x74, 0x01, 0x66, 0x00, 0x00, 0x04, 0x74, 0x65,
    0x73, 0x74, 0x01, 0x74, 0x01, 0x70, 0x01, 0x0a, 0x14, 0x04, 0x74, 0x65, 0x73, 0x74, 0x01,
    0x6d, 0x02, 0x00, 0x02, 0x04, 0x74, 0x65, 0x73, 0x74, 0x01, 0x67, 0x03, 0x7e, 0x01};

// (module
//   (memory 1)
//   (data (i32.const 0) "ab")
//   (data (i32.const 65534) "xyz")   ;; 65534 + 3 > 65536: traps
//   (data (i32.const 10) "c"))       ;; never reached
const std::vector<uint8_t> kDataOobWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
    0x0b, 0x18, 0x03, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x61, 0x62, 0x00, 0x41, 0xfe,
    0xff, 0x03, 0x0b, 0x03, 0x78, 0x79, 0x7a, 0x00, 0x41, 0x0a, 0x0b, 0x01, 0x63};

// (module
//   (table 3 funcref)
//   (func $f) (func $g)
//   (elem (i32.const 0) $f)
//   (elem (i32.const 2) $g $g)   ;; 2 + 2 > 3: traps
//   (elem (i32.const 1) $g))     ;; never reached
const std::vector<uint8_t> kElemOobWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x03, 0x03, 0x02, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x03, 0x09, 0x14, 0x03,
    0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, 0x00, 0x41, 0x02, 0x0b, 0x02, 0x01, 0x01, 0x00,
    0x41, 0x01, 0x0b, 0x01, 0x01, 0x0a, 0x07, 0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b};

// (module
//   (global (import "test" "off") i32)
//   (memory 1) (table 4 funcref)
//   (func $f)
//   (elem (global.get 0) $f)        ;; active
//   (elem func $f $f)               ;; passive
//   (elem declare func $f)          ;; declarative
//   (data (global.get 0) "hi")      ;; active
//   (data "passive")                ;; passive
//   (global $g2 i32 (global.get 0))
//   (global $r funcref (ref.func $f))
//   (export "f" (func $f)) (export "g2" (global $g2))
//   (export "mem" (memory 0)) (export "tab" (table 0)))
const std::vector<uint8_t> kSegsWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02,
    0x0d, 0x01, 0x04, 0x74, 0x65, 0x73, 0x74, 0x03, 0x6f, 0x66, 0x66, 0x03, 0x7f, 0x00, 0x03,
    0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x04, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06,
    0x0b, 0x02, 0x7f, 0x00, 0x23, 0x00, 0x0b, 0x70, 0x00, 0xd2, 0x00, 0x0b, 0x07, 0x16, 0x04,
    0x01, 0x66, 0x00, 0x00, 0x02, 0x67, 0x32, 0x03, 0x01, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00,
    0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x09, 0x10, 0x03, 0x00, 0x23, 0x00, 0x0b, 0x01, 0x00,
    0x01, 0x00, 0x02, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
    0x0b, 0x11, 0x02, 0x00, 0x23, 0x00, 0x0b, 0x02, 0x68, 0x69, 0x01, 0x07, 0x70, 0x61, 0x73,
    0x73, 0x69, 0x76, 0x65};

// (module
//   (import "test" "mem" (memory 1))
//   (import "test" "tab" (table 2 funcref))
//   (import "test" "f" (func))
//   (elem (i32.const 1) 0)
//   (data (i32.const 100) "ok")
//   (data (i32.const 65536) "x"))    ;; one byte past a 1-page memory: traps
const std::vector<uint8_t> kSharedOobWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x02, 0x23, 0x03, 0x04, 0x74, 0x65, 0x73, 0x74, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00,
    0x01, 0x04, 0x74, 0x65, 0x73, 0x74, 0x03, 0x74, 0x61, 0x62, 0x01, 0x70, 0x00, 0x02,
    0x04, 0x74, 0x65, 0x73, 0x74, 0x01, 0x66, 0x00, 0x00, 0x09, 0x07, 0x01, 0x00, 0x41,
    0x01, 0x0b, 0x01, 0x00, 0x0b, 0x11, 0x02, 0x00, 0x41, 0xe4, 0x00, 0x0b, 0x02, 0x6f,
    0x6b, 0x00, 0x41, 0x80, 0x80, 0x04, 0x0b, 0x01, 0x78};

// (module (memory 0) (table 0 funcref) (elem (i32.const 0) func) (data (i32.const 0)))
const std::vector<uint8_t> kEmptySegsAtEndWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x00, 0x09, 0x06, 0x01, 0x00, 0x41,
    0x00, 0x0b, 0x00, 0x0b, 0x06, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x00};

// (module (memory 0) (data (i32.const 1)))
const std::vector<uint8_t> kEmptyDataPastEndWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01,
    0x00, 0x00, 0x0b, 0x06, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x00};

// (module (table 0 funcref) (elem (i32.const 1) func))
const std::vector<uint8_t> kEmptyElemPastEndWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x04, 0x04, 0x01,
    0x70, 0x00, 0x00, 0x09, 0x06, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x00};

// (module (import "test" "start" (func)) (start 0))
const std::vector<uint8_t> kHostStartWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x02, 0x0e, 0x01, 0x04, 0x74, 0x65, 0x73, 0x74, 0x05, 0x73, 0x74, 0x61, 0x72, 0x74,
    0x00, 0x00, 0x08, 0x01, 0x00};

// (module (table 4000000000 funcref))
const std::vector<uint8_t> kHugeTableWasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00,
                                             0x00, 0x00, 0x04, 0x08, 0x01, 0x70,
                                             0x00, 0x80, 0xd0, 0xac, 0xf3, 0x0e};

}  // namespace

// ---- Memory ------------------------------------------------------------------------------------

TEST_CASE("memory: create commits the minimum, zero-filled") {
  auto created = Memory::create(mem_type(2, 5));
  REQUIRE(created.ok());
  Memory& mem = *created.value();
  CHECK(mem.pages() == 2);
  CHECK(mem.size_bytes() == 2 * 65536);
  REQUIRE(mem.base() != nullptr);
  CHECK(mem.base()[0] == 0);
  CHECK(mem.base()[2 * 65536 - 1] == 0);
  mem.base()[2 * 65536 - 1] = 7;  // the last committed byte is writable
  CHECK(mem.type().limits.min == 2);
  CHECK(mem.type().limits.max == std::optional<uint64_t>(5));
}

TEST_CASE("memory: zero pages still has a stable base") {
  auto created = Memory::create(mem_type(0));
  REQUIRE(created.ok());
  Memory& mem = *created.value();
  CHECK(mem.pages() == 0);
  uint8_t* base = mem.base();
  REQUIRE(base != nullptr);
  CHECK(mem.grow(1) == 0);
  CHECK(mem.base() == base);
  CHECK(mem.base()[100] == 0);
}

TEST_CASE("memory: grow returns the old size, keeps contents and base, zeroes new pages") {
  auto created = Memory::create(mem_type(1, 3));
  REQUIRE(created.ok());
  Memory& mem = *created.value();
  uint8_t* base = mem.base();
  base[0] = 0xAB;
  base[65535] = 0xCD;

  CHECK(mem.grow(1) == 1);
  CHECK(mem.pages() == 2);
  CHECK(mem.base() == base);
  CHECK(base[0] == 0xAB);
  CHECK(base[65535] == 0xCD);
  CHECK(base[65536] == 0);
  CHECK(base[2 * 65536 - 1] == 0);
  CHECK(mem.type().limits.min == 2);  // import matching sees the current size

  CHECK(mem.grow(2) == -1);  // 4 pages > max 3
  CHECK(mem.pages() == 2);
  CHECK(mem.grow(0) == 2);
  CHECK(mem.grow(1) == 2);
  CHECK(mem.pages() == 3);
  CHECK(mem.grow(1) == -1);
  CHECK(mem.grow(0) == 3);
  CHECK(mem.base() == base);
}

TEST_CASE("memory: a memory made after another went away reads as zero and starts at its size") {
  // Freed reservations are reused (memory.cpp ReservationCache): the old contents, the old
  // committed size and the pages past it must all be gone.
  std::vector<uint8_t*> bases;
  for (int round = 0; round < 3; ++round) {
    auto created = Memory::create(mem_type(1, 4));
    REQUIRE(created.ok());
    Memory& mem = *created.value();
    uint8_t* base = mem.base();
    bases.push_back(base);
    CAPTURE(round);
    CHECK(mem.pages() == 1);
    CHECK(base[0] == 0);
    CHECK(base[65535] == 0);
    CHECK(mem.grow(2) == 1);
    CHECK(base[2 * 65536] == 0);
    std::memset(base, 0xEE, 3 * 65536);  // what the next memory must not see
  }
  // So the checks above ran on a reused reservation: the last two rounds used the same one (the
  // first round's may have found the cache full and been unmapped).
  CHECK(bases[2] == bases[1]);
}

TEST_CASE("memory: without a max, growth stops at 65536 pages") {
  auto created = Memory::create(mem_type(0));
  REQUIRE(created.ok());
  Memory& mem = *created.value();
  CHECK(mem.grow(65537) == -1);
  CHECK(mem.grow(uint64_t(1) << 40) == -1);
  CHECK(mem.pages() == 0);
}

TEST_CASE("memory: a declared 65536-page max can be reached") {
  auto created = Memory::create(mem_type(0, 65536));
  REQUIRE(created.ok());
  Memory& mem = *created.value();
  uint8_t* base = mem.base();
  CHECK(mem.grow(65536) == 0);
  CHECK(mem.pages() == 65536);
  CHECK(mem.size_bytes() == (uint64_t(1) << 32));
  CHECK(mem.base() == base);
  // Touch only the very last byte: one page of real memory.
  CHECK(base[(uint64_t(1) << 32) - 1] == 0);
  base[(uint64_t(1) << 32) - 1] = 1;
  CHECK(mem.grow(1) == -1);
  CHECK(mem.grow(0) == 65536);
}

TEST_CASE("memory: a minimum above 65536 pages is rejected") {
  auto created = Memory::create(mem_type(65537));
  CHECK_FALSE(created.ok());
}

TEST_CASE("store: create_memory owns the memory and reports creation errors") {
  ObjectStore store{interpreter_engine()};
  auto ok = store.create_memory(mem_type(1, 2));
  REQUIRE(ok.ok());
  CHECK(ok.value()->pages() == 1);
  CHECK_FALSE(store.create_memory(mem_type(70000)).ok());
}

// ---- Table -------------------------------------------------------------------------------------

TEST_CASE("table: initial elements and grow") {
  Table table(table_type(ValType::ExternRef, 2, 4), 0x11);
  CHECK(table.size() == 2);
  CHECK(table.elem_type() == ValType::ExternRef);
  CHECK(table.get(0) == 0x11);
  CHECK(table.get(1) == 0x11);

  CHECK(table.grow(1, 0x22) == 2);
  CHECK(table.size() == 3);
  CHECK(table.get(1) == 0x11);
  CHECK(table.get(2) == 0x22);
  CHECK(table.type().limits.min == 3);

  CHECK(table.grow(2, 0) == -1);  // 5 > max 4
  CHECK(table.size() == 3);
  CHECK(table.grow(1, 0) == 3);
  CHECK(table.grow(1, 0) == -1);
  CHECK(table.grow(0, 0) == 4);
  CHECK(table.size() == 4);
}

TEST_CASE("table: growth without a max is bounded by the implementation limit") {
  Table table(table_type(ValType::FuncRef, 0), kNullRef);
  CHECK(table.grow(0xFFFFFFF0u, kNullRef) == -1);
  CHECK(table.grow(uint32_t(Table::kMaxElements) + 1, kNullRef) == -1);
  CHECK(table.size() == 0);
  CHECK(table.grow(10, kNullRef) == 0);
  CHECK(table.size() == 10);
  CHECK(table.get(9) == kNullRef);
}

// ---- Types and functions -----------------------------------------------------------------------

TEST_CASE("store: equal function types intern to equal ids") {
  ObjectStore store{interpreter_engine()};
  FuncType a{{ValType::I32, ValType::I64}, {ValType::F32}};
  FuncType a2{{ValType::I32, ValType::I64}, {ValType::F32}};
  FuncType b{{ValType::I32}, {ValType::I64, ValType::F32}};  // same value sequence, other split
  FuncType c{{}, {}};
  uint32_t ia = store.intern_type(a);
  CHECK(store.intern_type(a2) == ia);
  CHECK(store.intern_type(b) != ia);
  CHECK(store.intern_type(c) != ia);
  CHECK(store.intern_type(c) != store.intern_type(b));
  CHECK(store.intern_type(a) == ia);

  Function* f = nop_host(store, a, "env.f");
  CHECK(f->type_id == ia);
  CHECK(f->param_cells == 2);
  CHECK(f->result_cells == 1);
  CHECK(f->is_host());
  CHECK(f->display_name() == "env.f");

  Function* v = nop_host(store, FuncType{{ValType::V128, ValType::I32}, {ValType::V128}}, "env.v");
  CHECK(v->param_cells == 3);  // v128 takes two cells
  CHECK(v->result_cells == 2);
}

TEST_CASE("store: instances of modules share canonical type ids") {
  ObjectStore store{interpreter_engine()};
  auto module = load_valid(kElemOobWasm);  // one type: [] -> []
  Instance* inst = store.create_instance(module);
  REQUIRE(inst->type_ids.size() == 1);
  CHECK(inst->type_ids[0] == store.intern_type(FuncType{}));
  Instance* other = store.create_instance(load_valid(kHostStartWasm));
  CHECK(other->type_ids[0] == inst->type_ids[0]);
  CHECK(inst->store == &store);
}

TEST_CASE("store: globals hold their initial value") {
  ObjectStore store{interpreter_engine()};
  Global* g = store.create_global(GlobalType{ValType::I32, true}, Value::i32(666));
  CHECK(g->get().type == ValType::I32);
  CHECK(g->get().as_u32() == 666);
  g->set(Value::i32(7));
  CHECK(g->get().as_u32() == 7);

  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = uint8_t(i + 1);
  Global* gv = store.create_global(GlobalType{ValType::V128, false}, Value::v128(v));
  CHECK(gv->get().as_v128() == v);
}

// ---- Import matching ---------------------------------------------------------------------------

namespace {

struct ImportFixture {
  ObjectStore store{interpreter_engine()};
  std::shared_ptr<const Module> module = load_valid(kImportsWasm);
  Function* f = nop_host(store, FuncType{{ValType::I32}, {}});
  Table* t = store.create_table(table_type(ValType::FuncRef, 10, 20), kNullRef).value();
  Memory* m = store.create_memory(mem_type(2)).value();
  Global* g = store.create_global(GlobalType{ValType::I64, true}, Value::i64(5));

  std::vector<Extern> good() const {
    return {Extern::func(f), Extern::table(t), Extern::memory(m), Extern::global(g)};
  }
  std::string link_error(std::vector<Extern> imports) {
    InstantiateResult r = instantiate(store, module, imports);
    if (!r.error) return "";
    CHECK(r.instance == nullptr);
    return r.error->message;
  }
};

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("instantiate: matching imports link and are shared, not copied") {
  ImportFixture fx;
  InstantiateResult r = instantiate(fx.store, fx.module, fx.good());
  REQUIRE(r.ok());
  REQUIRE(r.instance != nullptr);
  CHECK(r.instance->funcs == std::vector<Function*>{fx.f});
  CHECK(r.instance->tables == std::vector<Table*>{fx.t});
  CHECK(r.instance->memories == std::vector<Memory*>{fx.m});
  CHECK(r.instance->globals == std::vector<Global*>{fx.g});
}

TEST_CASE("instantiate: an import of the wrong kind is incompatible") {
  ImportFixture fx;
  auto imports = fx.good();
  imports[0] = Extern::global(fx.g);
  std::string msg = fx.link_error(imports);
  CHECK(contains(msg, "incompatible import type for test.f"));

  imports = fx.good();
  imports[2] = Extern::table(fx.t);
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.m"));
}

TEST_CASE("instantiate: function import types must be equal") {
  ImportFixture fx;
  auto imports = fx.good();
  imports[0] = Extern::func(nop_host(fx.store, FuncType{}));
  CHECK(fx.link_error(imports) ==
        "incompatible import type for test.f: expected func [i32] -> [], got func [] -> []");
  InstantiateResult r = instantiate(fx.store, fx.module, imports);
  REQUIRE(r.error.has_value());
  CHECK(r.error->offset != Error::kNoOffset);  // points at the import entry
  imports[0] = Extern::func(nop_host(fx.store, FuncType{{ValType::I32}, {ValType::I32}}));
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.f"));
  imports[0] = Extern::func(nop_host(fx.store, FuncType{{ValType::I64}, {}}));
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.f"));
}

TEST_CASE("instantiate: table imports follow limits subtyping") {
  ImportFixture fx;  // declares (table 10 20 funcref)
  auto with_table = [&](TableType t) {
    auto imports = fx.good();
    imports[1] = Extern::table(fx.store.create_table(t, kNullRef).value());
    return fx.link_error(imports);
  };
  CHECK(with_table(table_type(ValType::FuncRef, 10, 20)) == "");
  CHECK(with_table(table_type(ValType::FuncRef, 12, 18)) == "");  // narrower is fine
  CHECK(contains(with_table(table_type(ValType::FuncRef, 9, 20)), "incompatible import type"));
  CHECK(contains(with_table(table_type(ValType::FuncRef, 10)), "incompatible import type"));
  CHECK(contains(with_table(table_type(ValType::FuncRef, 10, 21)), "incompatible import type"));
  CHECK(contains(with_table(table_type(ValType::ExternRef, 10, 20)), "incompatible import type"));

  // The current size counts, not the size the table was created with.
  Table* small = fx.store.create_table(table_type(ValType::FuncRef, 8, 20), kNullRef).value();
  auto imports = fx.good();
  imports[1] = Extern::table(small);
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.t"));
  CHECK(small->grow(2, kNullRef) == 8);
  CHECK(fx.link_error(imports) == "");
}

TEST_CASE("instantiate: memory imports follow limits subtyping on the current size") {
  ImportFixture fx;  // declares (memory 2)
  auto imports = fx.good();
  Memory* one = fx.store.create_memory(mem_type(1)).value();
  imports[2] = Extern::memory(one);
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.m"));
  CHECK(one->grow(1) == 1);
  CHECK(fx.link_error(imports) == "");
  imports[2] = Extern::memory(fx.store.create_memory(mem_type(3, 4)).value());
  CHECK(fx.link_error(imports) == "");  // a max is allowed when none is required
}

TEST_CASE("instantiate: global imports need equal type and mutability") {
  ImportFixture fx;  // declares (global (mut i64))
  auto imports = fx.good();
  imports[3] = Extern::global(fx.store.create_global(GlobalType{ValType::I64, false}, Value::i64(0)));
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.g"));
  imports[3] = Extern::global(fx.store.create_global(GlobalType{ValType::I32, true}, Value::i32(0)));
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.g"));
  imports[3] = Extern::global(fx.store.create_global(GlobalType{ValType::F64, true}, Value::f64_bits(0)));
  CHECK(contains(fx.link_error(imports), "incompatible import type for test.g"));
}

TEST_CASE("instantiate: the number of imports must match") {
  ImportFixture fx;
  auto imports = fx.good();
  imports.pop_back();
  CHECK(contains(fx.link_error(imports), "wrong number of imports"));
  CHECK(contains(fx.link_error({}), "wrong number of imports"));
}

TEST_CASE("instantiate: a null import is rejected, not dereferenced") {
  ImportFixture fx;
  auto imports = fx.good();
  imports[1] = Extern{ExternKind::Table, nullptr};
  CHECK(contains(fx.link_error(imports), "unknown import test.t"));
}

TEST_CASE("instantiate: a table above the implementation limit is an error, not a crash") {
  ObjectStore store{interpreter_engine()};
  InstantiateResult r = instantiate(store, load_valid(kHugeTableWasm), {});
  REQUIRE(r.error.has_value());
  CHECK(contains(r.error->message, "table size"));
}

// ---- Segments, globals, exports ----------------------------------------------------------------

TEST_CASE("instantiate: segments, globals and exports of a well-formed module") {
  ObjectStore store{interpreter_engine()};
  Global* off = store.create_global(GlobalType{ValType::I32, false}, Value::i32(2));
  InstantiateResult r = instantiate(store, load_valid(kSegsWasm), {Extern::global(off)});
  REQUIRE(r.ok());
  Instance& inst = *r.instance;
  REQUIRE(inst.funcs.size() == 1);
  Function* f = inst.funcs[0];
  CHECK_FALSE(f->is_host());
  CHECK(f->instance == &inst);
  CHECK(f->func_index == 0);
  CHECK(f->ir == nullptr);  // translated lazily
  CHECK(f->type_id == store.intern_type(FuncType{}));

  // Active elem at offset 2 wrote the function; the rest of the table stays null.
  Table* table = inst.tables.at(0);
  CHECK(table->size() == 4);
  CHECK(table->get(0) == kNullRef);
  CHECK(table->get(1) == kNullRef);
  CHECK(table->get(2) == ref_of(f));
  CHECK(table->get(3) == kNullRef);

  // Active and declarative segments are dropped; the passive one keeps its two references.
  REQUIRE(inst.elem_segments.size() == 3);
  CHECK(inst.elem_segments[0].empty());
  CHECK(inst.elem_segments[1] == std::vector<RefWord>{ref_of(f), ref_of(f)});
  CHECK(inst.elem_segments[2].empty());
  CHECK(inst.data_dropped == std::vector<bool>{true, false});

  Memory* mem = inst.memories.at(0);
  CHECK(std::memcmp(mem->base() + 2, "hi", 2) == 0);
  CHECK(mem->base()[0] == 0);
  CHECK(mem->base()[4] == 0);

  REQUIRE(inst.globals.size() == 3);
  CHECK(inst.globals[0] == off);
  CHECK(inst.globals[1]->get().as_u32() == 2);  // (global.get 0) of the import
  CHECK(inst.globals[2]->get().type == ValType::FuncRef);
  CHECK(inst.globals[2]->get().lo == ref_of(f));

  auto fe = inst.find_export("f");
  REQUIRE(fe.has_value());
  CHECK(fe->kind == ExternKind::Func);
  CHECK(fe->as_func() == f);
  auto ge = inst.find_export("g2");
  REQUIRE(ge.has_value());
  CHECK(ge->as_global() == inst.globals[1]);
  CHECK(inst.find_export("mem")->as_memory() == mem);
  CHECK(inst.find_export("tab")->as_table() == table);
  CHECK_FALSE(inst.find_export("nope").has_value());
  CHECK_FALSE(inst.find_export("").has_value());
}

TEST_CASE("instantiate: an out-of-bounds data segment traps after earlier ones took effect") {
  ObjectStore store{interpreter_engine()};
  InstantiateResult r = instantiate(store, load_valid(kDataOobWasm), {});
  CHECK_FALSE(r.error.has_value());
  CHECK(r.trap.code == TrapCode::MemoryOutOfBounds);
  CHECK(r.trap.describe() == "out of bounds memory access");
  REQUIRE(r.instance != nullptr);
  const uint8_t* mem = r.instance->memories.at(0)->base();
  CHECK(mem[0] == 'a');
  CHECK(mem[1] == 'b');
  CHECK(mem[65534] == 0);  // the failing segment writes nothing
  CHECK(mem[65535] == 0);
  CHECK(mem[10] == 0);  // later segments never run
}

TEST_CASE("instantiate: an out-of-bounds elem segment traps after earlier ones took effect") {
  ObjectStore store{interpreter_engine()};
  InstantiateResult r = instantiate(store, load_valid(kElemOobWasm), {});
  CHECK_FALSE(r.error.has_value());
  CHECK(r.trap.code == TrapCode::TableOutOfBounds);
  CHECK(r.trap.describe() == "out of bounds table access");
  REQUIRE(r.instance != nullptr);
  Table* table = r.instance->tables.at(0);
  CHECK(table->get(0) == ref_of(r.instance->funcs[0]));
  CHECK(table->get(1) == kNullRef);  // the third segment never runs
  CHECK(table->get(2) == kNullRef);  // the failing segment writes nothing
}

TEST_CASE("instantiate: a trap leaves effects in imported memory and table (linking.wast)") {
  ObjectStore store{interpreter_engine()};
  Memory* mem = store.create_memory(mem_type(1)).value();
  Table* table = store.create_table(table_type(ValType::FuncRef, 2), kNullRef).value();
  Function* f = nop_host(store, FuncType{}, "test.f");
  InstantiateResult r = instantiate(store, load_valid(kSharedOobWasm),
                                    {Extern::memory(mem), Extern::table(table), Extern::func(f)});
  CHECK(r.trap.code == TrapCode::MemoryOutOfBounds);
  CHECK(table->get(1) == ref_of(f));
  CHECK(std::memcmp(mem->base() + 100, "ok", 2) == 0);
}

TEST_CASE("instantiate: empty segments bounds rule (offset may equal, not exceed, the size)") {
  ObjectStore store{interpreter_engine()};
  CHECK(instantiate(store, load_valid(kEmptySegsAtEndWasm), {}).ok());

  InstantiateResult data = instantiate(store, load_valid(kEmptyDataPastEndWasm), {});
  CHECK(data.trap.code == TrapCode::MemoryOutOfBounds);
  InstantiateResult elem = instantiate(store, load_valid(kEmptyElemPastEndWasm), {});
  CHECK(elem.trap.code == TrapCode::TableOutOfBounds);
}

TEST_CASE("instantiate: a segment offset from an imported global is read as unsigned") {
  ObjectStore store{interpreter_engine()};
  Global* off = store.create_global(GlobalType{ValType::I32, false}, Value::i32(0xFFFFFFFFu));
  InstantiateResult r = instantiate(store, load_valid(kSegsWasm), {Extern::global(off)});
  CHECK(r.trap.code == TrapCode::TableOutOfBounds);  // the elem segment comes first
}

// ---- Start function and invoke (these go through execute()) ------------------------------------

TEST_CASE("instantiate: the start function runs once, and its trap is returned") {
  ObjectStore store{interpreter_engine()};
  int calls = 0;
  Function* start = store.create_host_function(
      FuncType{}, [&](HostCall&, const Cell*, Cell*) { ++calls; return Trap{}; }, "test.start");
  InstantiateResult r = instantiate(store, load_valid(kHostStartWasm), {Extern::func(start)});
  CHECK(r.ok());
  CHECK(calls == 1);

  Function* failing = store.create_host_function(
      FuncType{},
      [](HostCall&, const Cell*, Cell*) {
        Trap t;
        t.code = TrapCode::HostTrap;
        t.message = "boom";
        return t;
      },
      "test.start");
  InstantiateResult bad = instantiate(store, load_valid(kHostStartWasm), {Extern::func(failing)});
  CHECK_FALSE(bad.error.has_value());
  CHECK(bad.instance != nullptr);
  CHECK(bad.trap.code == TrapCode::HostTrap);
  CHECK(bad.trap.message == "boom");
}

TEST_CASE("invoke: typed arguments in, typed results out") {
  ObjectStore store{interpreter_engine()};
  Function* f = store.create_host_function(
      FuncType{{ValType::I32, ValType::I64}, {ValType::I64, ValType::I32}},
      [](HostCall&, const Cell* args, Cell* results) {
        uint64_t a = uint32_t(args[0]), b = args[1];  // read both before writing
        results[0] = a + b;
        results[1] = 0xFFFFFFFFu;
        return Trap{};
      },
      "test.add");
  std::vector<Value> results;
  Trap t = invoke(f, {Value::i32(3), Value::i64(uint64_t(1) << 40)}, results);
  REQUIRE(t.ok());
  REQUIRE(results.size() == 2);
  CHECK(results[0].type == ValType::I64);
  CHECK(results[0].as_u64() == (uint64_t(1) << 40) + 3);
  CHECK(results[1].type == ValType::I32);
  CHECK(results[1].as_u32() == 0xFFFFFFFFu);
}

TEST_CASE("invoke: v128 arguments and results use two cells") {
  ObjectStore store{interpreter_engine()};
  Function* f = store.create_host_function(
      FuncType{{ValType::V128, ValType::I32}, {ValType::V128}},
      [](HostCall&, const Cell* args, Cell* results) {
        Cell lo = args[0], hi = args[1], k = args[2];
        results[0] = hi + k;  // swap halves, add k to each
        results[1] = lo + k;
        return Trap{};
      },
      "test.swap");
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = uint8_t(i);
  std::vector<Value> results;
  REQUIRE(invoke(f, {Value::v128(v), Value::i32(1)}, results).ok());
  REQUIRE(results.size() == 1);
  V128 out = results[0].as_v128();
  CHECK(out.bytes[0] == 9);   // old byte 8, + 1 in the low byte of the cell
  CHECK(out.bytes[1] == 9);   // old byte 9
  CHECK(out.bytes[8] == 1);   // old byte 0, + 1
  CHECK(out.bytes[15] == 7);  // old byte 7
}

TEST_CASE("invoke: argument count and type mismatches are reported, nothing runs") {
  ObjectStore store{interpreter_engine()};
  int calls = 0;
  Function* f = store.create_host_function(
      FuncType{{ValType::I32}, {}}, [&](HostCall&, const Cell*, Cell*) { ++calls; return Trap{}; },
      "test.f");
  std::vector<Value> results{Value::i32(1)};
  Trap t = invoke(f, {}, results);
  CHECK(t.code == TrapCode::HostTrap);
  CHECK(contains(t.message, "expected 1 arguments, got 0"));
  t = invoke(f, {Value::i64(1)}, results);
  CHECK(t.code == TrapCode::HostTrap);
  CHECK(contains(t.message, "argument 0 has type i64, expected i32"));
  CHECK(calls == 0);
  CHECK(results.empty());
  CHECK(invoke(f, {Value::i32(1)}, results).ok());
  CHECK(calls == 1);
}

// ---- eval_const --------------------------------------------------------------------------------

TEST_CASE("eval_const: literals, references and global.get") {
  ObjectStore store{interpreter_engine()};
  Instance inst;
  Function* f = nop_host(store, FuncType{});
  inst.funcs = {nullptr, f};
  Global* g64 = store.create_global(GlobalType{ValType::I64, false}, Value::i64(0x123456789ull));
  inst.globals = {g64};

  ConstExpr e;
  e.kind = ConstExpr::Kind::I32;
  e.type = ValType::I32;
  e.lo = 0xFFFFFFFFu;
  Value v = eval_const(e, inst);
  CHECK(v.type == ValType::I32);
  CHECK(v.as_u32() == 0xFFFFFFFFu);

  e.kind = ConstExpr::Kind::I64;
  e.type = ValType::I64;
  e.lo = 0x8000000000000000ull;
  v = eval_const(e, inst);
  CHECK(v.type == ValType::I64);
  CHECK(v.as_u64() == 0x8000000000000000ull);

  e.kind = ConstExpr::Kind::F32;
  e.type = ValType::F32;
  e.lo = 0x3FC00000u;  // 1.5f
  v = eval_const(e, inst);
  CHECK(v.type == ValType::F32);
  CHECK(v.as_f32() == 1.5f);

  e.kind = ConstExpr::Kind::F64;
  e.type = ValType::F64;
  e.lo = 0xC004000000000000ull;  // -2.5
  v = eval_const(e, inst);
  CHECK(v.type == ValType::F64);
  CHECK(v.as_f64() == -2.5);

  e.kind = ConstExpr::Kind::V128;
  e.type = ValType::V128;
  e.lo = 0x0706050403020100ull;
  e.hi = 0x0F0E0D0C0B0A0908ull;
  v = eval_const(e, inst);
  CHECK(v.type == ValType::V128);
  V128 bytes = v.as_v128();
  for (int i = 0; i < 16; ++i) CHECK(bytes.bytes[i] == i);

  e = ConstExpr{};
  e.kind = ConstExpr::Kind::RefNull;
  e.type = ValType::ExternRef;
  v = eval_const(e, inst);
  CHECK(v.type == ValType::ExternRef);
  CHECK(v.lo == kNullRef);

  e.kind = ConstExpr::Kind::RefFunc;
  e.type = ValType::FuncRef;
  e.index = 1;
  v = eval_const(e, inst);
  CHECK(v.type == ValType::FuncRef);
  CHECK(v.lo == ref_of(f));

  e.kind = ConstExpr::Kind::GlobalGet;
  e.type = ValType::I64;
  e.index = 0;
  v = eval_const(e, inst);
  CHECK(v.type == ValType::I64);
  CHECK(v.as_u64() == 0x123456789ull);
}
