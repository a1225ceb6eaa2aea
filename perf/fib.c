// Recursive Fibonacci: call-heavy, almost no memory traffic. The checksum is fib(N) mod 2^64.
// bench-test-n: 30
#include "bench.h"

static uint64_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 41);
  if (fib(20) != 6765) bench_fail("fib", "fib(20) != 6765");
  bench_report("fib", n, fib((uint32_t)n));
  return 0;
}
