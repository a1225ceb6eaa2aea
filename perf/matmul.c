// Dense f64 matrix multiply C = A * B of N x N matrices, i-k-j loop order (the inner loop
// streams a row of B into a row of C). Each element of C is a sum in a fixed order, so native
// and wasm agree bit for bit. The checksum mixes every element's bits.
// bench-test-n: 200
#include "bench.h"

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 1200);
  if (n > 4096) bench_fail("matmul", "N is at most 4096");
  size_t count = (size_t)n * (size_t)n;
  double* a = malloc(count * sizeof(double));
  double* b = malloc(count * sizeof(double));
  double* c = malloc(count * sizeof(double));
  if (!a || !b || !c) bench_fail("matmul", "out of memory");
  // Small integers over a power of two: every product and partial sum is exact, so the
  // self-check below can compare against an exact integer computation.
  for (long i = 0; i < n; i++) {
    for (long j = 0; j < n; j++) {
      a[i * n + j] = (double)((i * 7 + j * 3) % 17 - 8) / 16.0;
      b[i * n + j] = (double)((i * 5 + j * 11) % 13 - 6) / 8.0;
      c[i * n + j] = 0.0;
    }
  }
  for (long i = 0; i < n; i++) {
    double* c_row = c + i * n;
    for (long k = 0; k < n; k++) {
      double a_ik = a[i * n + k];
      const double* b_row = b + k * n;
      for (long j = 0; j < n; j++) c_row[j] += a_ik * b_row[j];
    }
  }
  // Spot-check a few elements against an integer recomputation.
  for (long probe = 0; probe < 4; probe++) {
    long i = (probe * 37) % n, j = (probe * 91 + 5) % n;
    int64_t exact = 0;  // in units of 1/128
    for (long k = 0; k < n; k++)
      exact += (int64_t)((i * 7 + k * 3) % 17 - 8) * (int64_t)((k * 5 + j * 11) % 13 - 6);
    if (c[i * n + j] != (double)exact / 128.0) bench_fail("matmul", "element differs from exact");
  }
  uint64_t checksum = BENCH_HASH_SEED;
  for (size_t i = 0; i < count; i++) checksum = bench_mix(checksum, bench_double_bits(c[i]));
  free(a);
  free(b);
  free(c);
  bench_report("matmul", n, checksum);
  return 0;
}
