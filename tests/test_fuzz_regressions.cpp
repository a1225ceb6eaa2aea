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
