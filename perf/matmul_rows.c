// Dense f64 matrix multiply C = A * B with matrices as arrays of row pointers (double *a[N],
// rows malloc'ed one by one, the pointer arrays global), i-j-k order with a running sum, R
// rounds with A changed a little between them. The k loop reads b[k][j] through the global
// pointer array b, indexed by a counter that clang -O2 counts up to zero from below, the shape
// that once made the JIT fault at every access (codegen/README.md, "Address folds");
// perf/matmul.c (flat arrays, i-k-j) does not. Each sum runs in a fixed order, so native and
// wasm agree bit for bit. The checksum mixes every element of each round's C.
// bench-test-n: 1
#include "bench.h"

enum { kN = 256 };
static double* a[kN];
static double* b[kN];
static double* c[kN];

static double* new_row(void) {
  double* row = malloc(kN * sizeof(double));
  if (row == NULL) bench_fail("matmul_rows", "out of memory");
  return row;
}

int main(int argc, char** argv) {
  long rounds = bench_size(argc, argv, 20);
  for (int i = 0; i < kN; i++) {
    a[i] = new_row();
    b[i] = new_row();
    c[i] = new_row();
    for (int j = 0; j < kN; j++) {
      a[i][j] = (double)((i * 7 + j * 3) % 17 - 8) / 16.0;
      b[i][j] = (double)((i * 5 + j * 11) % 13 - 6) / 8.0;
    }
  }
  uint64_t checksum = BENCH_HASH_SEED;
  for (long r = 0; r < rounds; r++) {
    for (int i = 0; i < kN; i++)
      for (int j = 0; j < kN; j++) {
        double sum = 0;
        for (int k = 0; k < kN; k++) sum += a[i][k] * b[k][j];
        c[i][j] = sum;
      }
    for (int i = 0; i < kN; i++)
      for (int j = 0; j < kN; j++) checksum = bench_mix(checksum, bench_double_bits(c[i][j]));
    a[r % kN][(r * 3) % kN] += 1.0 / 64;
  }
  for (int i = 0; i < kN; i++) {
    free(a[i]);
    free(b[i]);
    free(c[i]);
  }
  bench_report("matmul_rows", rounds, checksum);
  return 0;
}
