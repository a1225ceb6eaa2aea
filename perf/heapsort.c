// Heapsort of N pseudo-random 32-bit integers (data-dependent branches, random array access).
// The checksum mixes a sample of the sorted array; the whole array is checked to be sorted.
// bench-test-n: 30000
#include "bench.h"

static void sift_down(uint32_t* a, size_t root, size_t end) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && a[child] < a[child + 1]) child++;
    if (a[root] >= a[child]) return;
    uint32_t t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

static void heapsort(uint32_t* a, size_t n) {
  for (size_t i = n / 2; i-- > 0;) sift_down(a, i, n);
  for (size_t end = n; end-- > 1;) {
    uint32_t t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift_down(a, 0, end);
  }
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 3000000);
  uint32_t* a = malloc((size_t)n * sizeof(uint32_t));
  if (a == NULL) bench_fail("heapsort", "out of memory");
  uint64_t state = 0x9e3779b97f4a7c15ULL, sum_before = 0, sum_after = 0;
  for (long i = 0; i < n; i++) {
    a[i] = (uint32_t)(bench_next_random(&state) >> 32);
    sum_before += a[i];
  }
  heapsort(a, (size_t)n);
  for (long i = 0; i < n; i++) {
    if (i > 0 && a[i - 1] > a[i]) bench_fail("heapsort", "output is not sorted");
    sum_after += a[i];
  }
  if (sum_before != sum_after) bench_fail("heapsort", "output is not a permutation");
  uint64_t checksum = bench_mix(BENCH_HASH_SEED, sum_after);
  for (long i = 0; i < n; i += 1 + n / 1000) checksum = bench_mix(checksum, a[i]);
  free(a);
  bench_report("heapsort", n, checksum);
  return 0;
}
