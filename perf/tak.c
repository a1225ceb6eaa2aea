// Takeuchi's function: deep, branchy recursion with three arguments. N calls of tak(x, y, z)
// with x cycling through 18..21 (so no call can be hoisted out of the loop).
// bench-test-n: 25
#include "bench.h"

static int32_t tak(int32_t x, int32_t y, int32_t z) {
  if (y >= x) return z;
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 2500);
  if (tak(18, 12, 6) != 7) bench_fail("tak", "tak(18, 12, 6) != 7");
  uint64_t checksum = BENCH_HASH_SEED;
  for (long i = 0; i < n; i++) checksum = bench_mix(checksum, (uint64_t)tak(18 + (int32_t)(i % 4), 12, 6));
  bench_report("tak", n, checksum);
  return 0;
}
