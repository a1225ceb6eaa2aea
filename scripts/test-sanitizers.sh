#!/usr/bin/env bash
# Builds zwasm with clang++ and AddressSanitizer + UndefinedBehaviorSanitizer (a Debug build in
# build-sanitize/) and runs every test there: the unit tests, the spec suite on every engine,
# the WASI programs, the CLI tests and the perf programs at their test sizes. Any report (a
# leak, undefined behaviour, a bad access) fails its test, so the run fails. scripts/test.sh
# runs this after the ordinary build (CI too); ZWASM_SPEC_DIR works as there.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  ${ZWASM_SPEC_DIR:+-DZWASM_SPEC_DIR="$ZWASM_SPEC_DIR"}
cmake --build build-sanitize -j"$(nproc)"

# handle_segv=0: the JIT's guard-page faults are SIGSEGVs its own handler turns into traps, and
# one test checks that a fault outside generated code still kills the process with SIGSEGV;
# ASan's handler would report both as errors. Bad accesses are still caught by ASan's checks.
export ASAN_OPTIONS="detect_leaks=1:handle_segv=0:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-sanitize --output-on-failure -j"$(nproc)"
