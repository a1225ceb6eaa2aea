#!/usr/bin/env bash
# Fresh Debian machine -> a built zwasm running the bundled example.
# Installs the Debian packages it needs (idempotent), builds Release into build/, then runs
# examples/fib.wat (compiled to build/examples/fib.wasm) on the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"

echo
echo "== build/zwasm run --invoke fib build/examples/fib.wasm 30"
start=$(date +%s%N)
build/zwasm run --invoke fib build/examples/fib.wasm 30
end=$(date +%s%N)
echo "== fib(30) in $(( (end - start) / 1000000 )) ms (interpreter; the JIT tier is not built yet)"
