#!/usr/bin/env bash
# Cross-compiles zwasm for aarch64 (ARM64) Linux with Debian's g++-aarch64-linux-gnu and the
# arm64 multiarch libraries (scripts/aarch64-linux-gnu.cmake) into build-arm64/, and runs every
# test there under qemu-aarch64: the unit tests, the spec suite on every engine (the JIT's
# ARM64 backend compiling every function), the WASI programs, the CLI tests, the perf programs
# (whose checksums are compared with the native build of the same C) and the differential check
# over the spec suite's modules. scripts/test.sh runs this after the x86-64 tests (CI too);
# ZWASM_SKIP_ARM64=1 skips it there. ZWASM_SPEC_DIR works as in scripts/test.sh.
#
# No figure measured here is a speed: qemu translates every instruction.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --arm64
cmake -S . -B build-arm64 -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/scripts/aarch64-linux-gnu.cmake" \
  ${ZWASM_SPEC_DIR:+-DZWASM_SPEC_DIR="$ZWASM_SPEC_DIR"}
cmake --build build-arm64 -j"$(nproc)"
ctest --test-dir build-arm64 --output-on-failure -j"$(nproc)"
