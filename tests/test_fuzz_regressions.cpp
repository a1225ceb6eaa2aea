// Every input the fuzz targets (tests/fuzz) ever stopped on, kept in tests/fuzz/regressions/
// and run here through the same harness on every build: the differential check must agree and
// nothing may crash. A file's name says what it found.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/harness.h"

TEST_CASE("the fuzzers' past findings run clean on both tiers") {
  namespace fs = std::filesystem;
  size_t inputs = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(ZWASM_FUZZ_REGRESSIONS_DIR)) {
    CAPTURE(entry.path().filename().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    CHECK(zwasm::fuzz::differential_mismatch(bytes) == "");
    ++inputs;
  }
  CHECK(inputs >= 2);
}

TEST_CASE("the differential check lets a v128's NaN payloads differ, and nothing else") {
  using zwasm::fuzz::same_outcome;
  // f32 lanes: 0x7fc00000 (the interpreter's canonical NaN) against 0x7fffffff.
  CHECK(same_outcome("f: v128: 1 2143289344 3 4\n", "f: v128: 1 2147483647 3 4\n"));
  // An f64 lane's payload reaches into its low word: 0x7ff8000000000000 against
  // 0x7ff80000_00000001.
  CHECK(same_outcome("f: v128: 0 2146959360 3 4\n", "f: v128: 1 2146959360 3 4\n"));
  // An f32 NaN in the high word whose bits also make the 64-bit lane an f64 NaN on one tier
  // only: the low f32 lane still counts.
  CHECK(same_outcome("f: v128: 4278190080 2143289344 0 0\n", "f: v128: 4278190080 2147483647 0 0\n"));
  CHECK_FALSE(same_outcome("f: v128: 4278190080 2143289344 0 0\n", "f: v128: 7 2147483647 0 0\n"));
  CHECK_FALSE(same_outcome("f: v128: 1 2 3 4\n", "f: v128: 1 2 3 5\n"));
  CHECK_FALSE(same_outcome("f: v128: 1 2 3 4\ng: i32:1\n", "f: v128: 1 2 3 4\ng: i32:2\n"));
}
