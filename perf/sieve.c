// Sieve of Eratosthenes over a byte array of N entries, run 8 times: a tight loop of byte
// stores with a large stride. The checksum mixes the prime count and the sum of the primes.
// bench-test-n: 100000
#include "bench.h"

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 20000000);
  size_t limit = (size_t)n;
  uint8_t* composite = malloc(limit + 1);
  if (composite == NULL) bench_fail("sieve", "out of memory");
  uint64_t count = 0, sum = 0;
  for (int round = 0; round < 8; round++) {
    memset(composite, 0, limit + 1);
    count = 0;
    sum = 0;
    for (size_t i = 2; i <= limit; i++) {
      if (composite[i]) continue;
      count++;
      sum += i;
      if (i > limit / i) continue;  // i * i would pass the limit (and could wrap a 32-bit size_t)
      for (size_t j = i * i; j <= limit; j += i) composite[j] = 1;
    }
  }
  // pi(10^5) = 9592, pi(2 * 10^7) = 1270607.
  if (n == 100000 && count != 9592) bench_fail("sieve", "pi(100000) != 9592");
  if (n == 20000000 && count != 1270607) bench_fail("sieve", "pi(20000000) != 1270607");
  free(composite);
  bench_report("sieve", n, bench_mix(bench_mix(BENCH_HASH_SEED, count), sum));
  return 0;
}
