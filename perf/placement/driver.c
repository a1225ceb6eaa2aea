// The driver of loop_placement.py: matmul's i-k-j loops (perf/matmul.c, n = 1200) with the
// innermost loop in assembly (`inner`, written by loop_placement.py), over arrays laid out in one
// buffer as the wasm build's allocator lays them out (contiguous, 16-byte headers). Prints the
// milliseconds the loops took and a checksum.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// c[j] += a_ik * b[j] for j < n, with c and b given as offsets from `base`, as a JIT's code
// addresses linear memory.
void inner(char* base, uint32_t c_offset, uint32_t b_offset, uint32_t n, double a_ik);

int main(void) {
  const long n = 1200;
  const size_t count = (size_t)(n * n), header = 16;
  char* base = aligned_alloc(4096, (size_t)64 << 20);
  if (!base) return 1;
  memset(base, 0, (size_t)64 << 20);
  uint32_t a = 0x10000 + header, b = a + count * 8 + header, c = b + count * 8 + header;
  double *A = (double*)(base + a), *B = (double*)(base + b), *C = (double*)(base + c);
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      A[i * n + j] = (double)((i * 7 + j * 3) % 17 - 8) / 16.0;
      B[i * n + j] = (double)((i * 5 + j * 11) % 13 - 6) / 8.0;
    }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++)
    for (long k = 0; k < n; k++) inner(base, c + i * n * 8, b + k * n * 8, n, A[i * n + k]);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sum = 0;
  for (size_t i = 0; i < count; i++) sum += C[i];
  printf("%.0f %g\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6, sum);
  return 0;
}
