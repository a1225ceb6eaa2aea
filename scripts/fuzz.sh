#!/usr/bin/env bash
# scripts/fuzz.sh TARGET MINUTES [libFuzzer options...]
#
# Builds the libFuzzer target tests/fuzz/TARGET.cpp (decode_validate, instantiate_run,
# differential or text_reader) with clang++, AddressSanitizer and UndefinedBehaviorSanitizer into
# build-fuzz/, and runs it for MINUTES on one core. Its corpus, fuzz-corpus/TARGET, starts from
# the spec suite's modules ($ZWASM_SPEC_DIR, default ../shared/spec; for text_reader its .wat
# and .wast files) and keeps what libFuzzer adds, so
# runs build on each other. A crash, a sanitizer report or (differential) a divergence between
# the interpreter and the JIT stops the run with the input in fuzz-artifacts/ and fails it:
# add that input to the ordinary tests once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET MINUTES [libFuzzer options...]" >&2
  exit 2
fi
target=$1 minutes=$2
shift 2

scripts/install-deps.sh
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DZWASM_FUZZ=ON > /dev/null
cmake --build build-fuzz -j"$(nproc)" --target "fuzz-$target"

spec="${ZWASM_SPEC_DIR:-../shared/spec}"
corpus="fuzz-corpus/$target"
mkdir -p "$corpus" fuzz-artifacts
if [ -z "$(ls -A "$corpus")" ]; then
  if [ -d "$spec" ]; then
    if [ "$target" = text_reader ]; then
      find "$spec/wasm-2.0" \( -name '*.wat' -o -name '*.wast' \) -size -64k -exec cp -t "$corpus" {} +
    else
      find "$spec" -name '*.wasm' -size -64k -exec cp -t "$corpus" {} +
    fi
  else  # no spec suite here: start from the empty module
    echo "fuzz.sh: no spec suite at $spec; the corpus starts from the empty module" >&2
    printf '\0asm\1\0\0\0' > "$corpus/empty.wasm"
    printf '(module)' > "$corpus/empty.wat"
  fi
fi
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
exec "build-fuzz/fuzz-$target" "$corpus" -max_total_time=$((minutes * 60)) -timeout=10 \
  -rss_limit_mb=4096 -artifact_prefix="fuzz-artifacts/$target-" -print_final_stats=1 "$@"
