#!/usr/bin/env bash
# Builds zwasm and runs every test: doctest unit tests and the WebAssembly spec suite
# (../shared/spec by default; ZWASM_SPEC_DIR overrides). This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${ZWASM_SPEC_DIR:+-DZWASM_SPEC_DIR="$ZWASM_SPEC_DIR"}
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
