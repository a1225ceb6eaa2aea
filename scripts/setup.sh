#!/usr/bin/env bash
# Fresh Debian machine -> a built zwasm running the bundled example.
# Installs the Debian packages it needs (idempotent), builds Release into build/, then runs
# examples/fib.wat (read by zwasm's own text-format reader) with the default engine (tiered:
# interpreter, then JIT) and prints what the engine did.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"

echo
echo "== build/zwasm run --stats --invoke fib examples/fib.wat 30"
start=$(date +%s%N)
build/zwasm run --stats --invoke fib examples/fib.wat 30
end=$(date +%s%N)
echo "== fib(30) in $(( (end - start) / 1000000 )) ms"
