// Heapsort as textbooks write it, over a fixed-size global array (N = 200000 pseudo-random
// 32-bit integers, sorted again each of R rounds): sift_down with explicit root/child/swap
// indices, loops with constant bounds. clang -O2 counts some of those loops with a negative
// index up to zero over the array's end, the shape that once made the JIT fault at every access
// (codegen/README.md, "Address folds"); perf/heapsort.c, with a malloc'ed array, does not.
// The checksum mixes a sample of each sorted round; every round is checked to be sorted.
// bench-test-n: 1
#include "bench.h"

enum { kCount = 200000 };
static uint32_t values[kCount];

static void sift_down(int start, int end) {
  int root = start;
  while (2 * root + 1 <= end) {
    int child = 2 * root + 1, swap = root;
    if (values[swap] < values[child]) swap = child;
    if (child + 1 <= end && values[swap] < values[child + 1]) swap = child + 1;
    if (swap == root) return;
    uint32_t t = values[root];
    values[root] = values[swap];
    values[swap] = t;
    root = swap;
  }
}

int main(int argc, char** argv) {
  long rounds = bench_size(argc, argv, 20);
  uint64_t state = 0x9e3779b97f4a7c15ULL, checksum = BENCH_HASH_SEED;
  for (long r = 0; r < rounds; r++) {
    uint64_t sum_before = 0, sum_after = 0;
    for (int i = 0; i < kCount; i++) {
      values[i] = (uint32_t)(bench_next_random(&state) >> 32);
      sum_before += values[i];
    }
    for (int start = (kCount - 2) / 2; start >= 0; start--) sift_down(start, kCount - 1);
    for (int end = kCount - 1; end > 0; end--) {
      uint32_t t = values[end];
      values[end] = values[0];
      values[0] = t;
      sift_down(0, end - 1);
    }
    for (int i = 0; i < kCount; i++) {
      if (i > 0 && values[i - 1] > values[i]) bench_fail("heapsort_static", "output is not sorted");
      sum_after += values[i];
    }
    if (sum_before != sum_after) bench_fail("heapsort_static", "output is not a permutation");
    for (int i = 0; i < kCount; i += 97) checksum = bench_mix(checksum, values[i]);
  }
  bench_report("heapsort_static", rounds, checksum);
  return 0;
}
