// Fused addresses `x + c` that wrap at 2^32. x86-64 puts the constant of a fused i32.add into the
// access's displacement (MasmX64::guarded_access) only where address_bounds.h proves x + c stays
// below 2^32; every fold keeps a stub that repeats the access at the wrapped address, which a
// fault in the guard region resumes at. These run each access with x near 2^32 (so the wrapped
// address is a low, valid one), with x small (no wrap), and past the memory both ways, on both
// tiers with the interpreter as the oracle: once as compiled by default (x is a param, so no
// fold is made) and once with AddressFolds::All, which folds them regardless and so runs the
// stubs. On ARM64 the add stays an add; the same cases run there. (The IR fuses the address of
// scalar accesses only; a v128 access computes its i32.add first.)
#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "jit_test_util.h"

using namespace zwasm;
using namespace zwasm::test;

TEST_SUITE_BEGIN("jit" * doctest::skip(!zwasm::jit::JitEngine::has_backend()));

namespace {

// (module
//   (memory 1)
//   (data (i32.const 0) "\01\02\03 ... \1f\20")  ;; bytes 1 to 32 at addresses 0 to 31
//   (func (export "load_i32") (param $x i32) (result i32)
//     (i32.load (i32.add (local.get $x) (i32.const 8))))
//   (func (export "load8_s_offset") (param $x i32) (result i64)
//     (i64.load8_s offset=3 (i32.add (local.get $x) (i32.const 100))))
//   (func (export "load_f64") (param $x i32) (result f64)
//     (f64.load offset=1 (i32.add (local.get $x) (i32.const 16))))
//   (func (export "store_i64") (param $x i32) (result i64)
//     (i64.store (i32.add (local.get $x) (i32.const 24)) (i64.const 0x0102030405060708))
//     (i64.add (i64.load (i32.const 0)) (i64.load (i32.const 8))))
//   (func (export "store_f32") (param $x i32) (result i64)
//     (f32.store offset=2 (i32.add (local.get $x) (i32.const 4)) (f32.const -1.5))
//     (i64.load (i32.const 0)))
//   (func (export "sum_loop") (param $x i32) (result i32)  ;; x, x+1, x+2, x+3: wraps mid-loop
//     (local $acc i32) (local $n i32)
//     (local.set $n (i32.const 4))
//     (loop $top
//       (local.set $acc (i32.add (local.get $acc)
//                                (i32.load16_u (i32.add (local.get $x) (i32.const 6)))))
//       (local.set $x (i32.add (local.get $x) (i32.const 1)))
//       (br_if $top (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//     (local.get $acc))
//   (func (export "load_far") (param $x i32) (result i32)
//     (i32.load (i32.add (local.get $x) (i32.const 0x20000))))
//   (func (export "load_minus") (param $x i32) (result i32)  ;; a negative constant stays a lea
//     (i32.load (i32.add (local.get $x) (i32.const -8)))))
const std::vector<uint8_t> kWrapWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x60, 0x01, 0x7f, 0x01, 0x7c, 0x03, 0x09,
    0x08, 0x00, 0x01, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x63, 0x08, 0x08, 0x6c, 0x6f, 0x61, 0x64, 0x5f, 0x69, 0x33, 0x32, 0x00, 0x00,
    0x0e, 0x6c, 0x6f, 0x61, 0x64, 0x38, 0x5f, 0x73, 0x5f, 0x6f, 0x66, 0x66, 0x73, 0x65,
    0x74, 0x00, 0x01, 0x08, 0x6c, 0x6f, 0x61, 0x64, 0x5f, 0x66, 0x36, 0x34, 0x00, 0x02,
    0x09, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x5f, 0x69, 0x36, 0x34, 0x00, 0x03, 0x09, 0x73,
    0x74, 0x6f, 0x72, 0x65, 0x5f, 0x66, 0x33, 0x32, 0x00, 0x04, 0x08, 0x73, 0x75, 0x6d,
    0x5f, 0x6c, 0x6f, 0x6f, 0x70, 0x00, 0x05, 0x08, 0x6c, 0x6f, 0x61, 0x64, 0x5f, 0x66,
    0x61, 0x72, 0x00, 0x06, 0x0a, 0x6c, 0x6f, 0x61, 0x64, 0x5f, 0x6d, 0x69, 0x6e, 0x75,
    0x73, 0x00, 0x07, 0x0a, 0x9b, 0x01, 0x08, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x08, 0x6a,
    0x28, 0x02, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x41, 0xe4, 0x00, 0x6a, 0x30, 0x00,
    0x03, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x10, 0x6a, 0x2b, 0x03, 0x01, 0x0b, 0x1f,
    0x00, 0x20, 0x00, 0x41, 0x18, 0x6a, 0x42, 0x88, 0x8e, 0x98, 0xa8, 0xc0, 0xe0, 0x80,
    0x81, 0x01, 0x37, 0x03, 0x00, 0x41, 0x00, 0x29, 0x03, 0x00, 0x41, 0x08, 0x29, 0x03,
    0x00, 0x7c, 0x0b, 0x14, 0x00, 0x20, 0x00, 0x41, 0x04, 0x6a, 0x43, 0x00, 0x00, 0xc0,
    0xbf, 0x38, 0x02, 0x02, 0x41, 0x00, 0x29, 0x03, 0x00, 0x0b, 0x2a, 0x01, 0x02, 0x7f,
    0x41, 0x04, 0x21, 0x02, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x41, 0x06, 0x6a, 0x2f,
    0x01, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, 0x20, 0x02,
    0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b, 0x0c, 0x00, 0x20,
    0x00, 0x41, 0x80, 0x80, 0x08, 0x6a, 0x28, 0x02, 0x00, 0x0b, 0x0a, 0x00, 0x20, 0x00,
    0x41, 0x78, 0x6a, 0x28, 0x02, 0x00, 0x0b, 0x0b, 0x26, 0x01, 0x00, 0x41, 0x00, 0x0b,
    0x20, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
    0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
    0x1c, 0x1d, 0x1e, 0x1f, 0x20,
};

// Arguments for an access at x + c (+ offset): below 2^32 by less than c, so the address wraps to
// a low one; exactly 2^32 - c (address 0); small ones (no wrap); and ones whose address, wrapped
// or not, lies past the single page.
// The tier comparison with the default folds and with every address folded (the wrap stubs),
// each on compiled code. With every address folded, an argument whose x + c passes 2^32 takes
// the slow path on x86-64 (a fault resumed at its stub): `wraps` says some do.
void compare_folds(const char* name, std::initializer_list<int32_t> args, bool wraps = true) {
  for (jit::AddressFolds folds : {jit::AddressFolds::Proven, jit::AddressFolds::All}) {
    CAPTURE(int(folds));
    jit::JitStats stats = compare_tiers(kWrapWasm, name, args, folds);
    CHECK(stats.compiled == 1);
    bool stubs_run = folds == jit::AddressFolds::All && wraps;
#if !defined(__x86_64__)
    stubs_run = false;  // ARM64 folds no address
#endif
    CHECK((stats.slow_path_faults > 0) == stubs_run);
  }
}

void compare_near_wrap(const char* name, int32_t c) {
  compare_folds(name, {-c, -c + 1, -c + 5, -1, 0, 3, 65536 - c, -c - 1, -c - 200});
}

// `name`(arg) compiled with every address folded.
Outcome run_folded(const char* name, int32_t arg) {
  jit::JitEngine jit(interpreter_engine(), jit::JitEngine::Mode::Eager);
  jit.set_address_folds(jit::AddressFolds::All);
  return run_export(jit, kWrapWasm, name, arg);
}

}  // namespace

TEST_CASE("a load at a fused address past 2^32 reads the wrapped address") {
  compare_near_wrap("load_i32", 8);
  compare_near_wrap("load8_s_offset", 100);
  compare_near_wrap("load_f64", 16);
  CHECK(run_folded("load_i32", -8).result == 0x04030201);
  CHECK(run_folded("load_i32", -7).result == 0x05040302);
}

TEST_CASE("a store at a fused address past 2^32 writes the wrapped address") {
  compare_near_wrap("store_i64", 24);
  compare_near_wrap("store_f32", 4);
}

TEST_CASE("an access whose fused address wraps in one iteration of a loop and not the one before reads both right") {
  compare_folds("sum_loop", {-9, -8, -7, -6, -5, 0, 65530, 65531});
}

TEST_CASE("a fused address past the memory traps whether or not it wrapped") {
  compare_folds("load_far", {-0x20000, -0x1FFFF, -0x10000, -0x10004, -0x10003, -1, 0, 0x10000});
  CHECK(run_folded("load_far", -0x10000).trap == TrapCode::MemoryOutOfBounds);
  CHECK(run_folded("load_far", 0).trap == TrapCode::MemoryOutOfBounds);
  CHECK(run_folded("load_far", -0x20000).trap == TrapCode::None);
}

TEST_CASE("a fused address with a negative constant wraps below zero to past the memory") {
  // x + (-8) for x < 8 is an address near 4 GiB: out of bounds, never the bytes below the base.
  compare_folds("load_minus", {8, 12, 7, 4, 0, 65540, 65541}, /*wraps=*/false);  // c < 0: no fold
  CHECK(run_folded("load_minus", 4).trap == TrapCode::MemoryOutOfBounds);
  CHECK(run_folded("load_minus", 8).result == 0x04030201);
}

TEST_SUITE_END();
