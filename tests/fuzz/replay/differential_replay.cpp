// zwasm-fuzz-replay PATH...: the differential fuzz target's check (harness.h
// differential_mismatch: the interpreter against the JIT) over every file given or found in the
// folders given, without libFuzzer. For machines where the fuzzers do not run, ARM64 under
// qemu above all: a corpus grown on x86-64 then tests the ARM64 backend against the
// interpreter. Prints each divergence; exits 1 if there is any.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/harness.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: zwasm-fuzz-replay FILE-OR-FOLDER...\n");
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::error_code error;
    if (fs::is_directory(argv[i], error)) {
      for (const auto& entry : fs::directory_iterator(argv[i]))
        if (entry.is_regular_file()) inputs.push_back(entry.path());
    } else {
      inputs.push_back(argv[i]);
    }
  }
  size_t compared = 0, divergences = 0;
  for (const fs::path& path : inputs) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "zwasm-fuzz-replay: cannot read %s\n", path.c_str());
      return 2;
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    bool ran = false;
    std::string mismatch = zwasm::fuzz::differential_mismatch(bytes, &ran);
    compared += ran;
    if (mismatch.empty()) continue;
    ++divergences;
    std::printf("divergence: %s\n", path.c_str());
    std::fwrite(mismatch.data(), 1, mismatch.size(), stdout);  // export names may hold NULs
  }
  std::printf("%zu inputs, %zu modules run on both tiers, %zu divergences\n", inputs.size(),
              compared, divergences);
  return divergences ? 1 : 0;
}
