#!/usr/bin/env bash
# Builds zwasm and runs every test: doctest unit tests, the WebAssembly spec suite
# (../shared/spec by default; ZWASM_SPEC_DIR overrides) on every engine, the WASI, CLI and perf
# programs; then the same tests on a clang++ build with ASan + UBSan
# (scripts/test-sanitizers.sh; ZWASM_SKIP_SANITIZERS=1 leaves it out); then the aarch64 cross
# build's tests under qemu-aarch64 (scripts/test-arm64.sh; ZWASM_SKIP_ARM64=1); then a minute of
# each fuzz target with a fixed seed (scripts/fuzz.sh; ZWASM_SKIP_FUZZ=1 leaves it out). This
# is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${ZWASM_SPEC_DIR:+-DZWASM_SPEC_DIR="$ZWASM_SPEC_DIR"}
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
[ "${ZWASM_SKIP_SANITIZERS:-0}" = 1 ] || scripts/test-sanitizers.sh
[ "${ZWASM_SKIP_ARM64:-0}" = 1 ] || scripts/test-arm64.sh
if [ "${ZWASM_SKIP_FUZZ:-0}" != 1 ]; then
  for target in decode_validate instantiate_run differential text_reader; do
    scripts/fuzz.sh "$target" 1 -seed=1
  done
fi
