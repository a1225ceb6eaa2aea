// Shared by the benchmark programs: reading the problem size and printing the checksum line.
//
// Every benchmark is a WASI command built twice from the same source (wasm32-wasi and native),
// so everything here is plain C with results that do not depend on the target: fixed-width
// integers, IEEE doubles without contraction, no pointer values and no libm beyond sqrt.
#ifndef ZWASM_PERF_BENCH_H
#define ZWASM_PERF_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The problem size: argv[1], else $ZWASM_BENCH_N (for runners that pass no argv), else the
// benchmark's default. Anything but a positive decimal integer is a usage error.
static long bench_size(int argc, char** argv, long default_n) {
  const char* text = argc > 1 ? argv[1] : getenv("ZWASM_BENCH_N");
  if (text == NULL || *text == '\0') return default_n;
  char* end = NULL;
  long n = strtol(text, &end, 10);
  if (*end != '\0' || n <= 0) {
    fprintf(stderr, "usage: %s [N]  (N: a positive problem size, got '%s')\n",
            argc > 0 ? argv[0] : "bench", text);
    exit(2);
  }
  return n;
}

// The one line every benchmark prints; scripts/bench and the ctest checks compare it verbatim
// across runtimes.
static void bench_report(const char* name, long n, uint64_t checksum) {
  printf("%s n=%ld checksum=%016llx\n", name, n, (unsigned long long)checksum);
}

// A self-check failed: the program computed something wrong, so no checksum is printed.
static void bench_fail(const char* name, const char* what) {
  fprintf(stderr, "%s: self-check failed: %s\n", name, what);
  exit(1);
}

// Mixes a value into a running checksum (the 64-bit FNV-1a step over one word: cheap,
// order-sensitive, and the same on every target).
static inline uint64_t bench_mix(uint64_t hash, uint64_t value) {
  return (hash ^ value) * 0x100000001b3ULL;
}
#define BENCH_HASH_SEED 0xcbf29ce484222325ULL

// A small deterministic generator (xorshift64*, Vigna 2014) for test data.
static inline uint64_t bench_next_random(uint64_t* state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545f4914f6cdd1dULL;
}

static inline uint64_t bench_double_bits(double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  return bits;
}

#endif
