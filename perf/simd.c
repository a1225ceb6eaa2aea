// An f32 kernel written as plain loops for the auto-vectoriser (built for wasm with -msimd128,
// natively for baseline x86-64 SSE2: both 4 lanes wide). Each of N steps rotates 4096 points
// (x, y) by a fixed angle and low-pass filters their radius into z. Lane-wise + - * and sqrt
// are correctly rounded, so the vector code gives the scalar bits on every target.
// The checksum mixes the bit patterns of the final arrays.
// bench-test-n: 1000
// bench-wasm-flags: -msimd128
// bench-flags: -fno-math-errno
#include <math.h>

#include "bench.h"

enum { kPoints = 4096 };
static float xs[kPoints], ys[kPoints], zs[kPoints];

static void step(float cosine, float sine) {
  for (int i = 0; i < kPoints; i++) {
    float x = xs[i] * cosine - ys[i] * sine;
    float y = xs[i] * sine + ys[i] * cosine;
    zs[i] = zs[i] * 0.75f + sqrtf(x * x + y * y) * 0.25f;
    xs[i] = x;
    ys[i] = y;
  }
}

static uint32_t checksum_floats(const float* values) {
  uint32_t sum = 0;  // lane-wise integer adds: vectorises too
  for (int i = 0; i < kPoints; i++) {
    uint32_t bits;
    memcpy(&bits, &values[i], sizeof bits);
    sum += bits * (uint32_t)(2 * i + 1);
  }
  return sum;
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 300000);
  for (int i = 0; i < kPoints; i++) {
    xs[i] = (float)(i % 97) / 8.0f - 6.0f;
    ys[i] = (float)(i % 89) / 16.0f + 0.5f;
    zs[i] = 0.0f;
  }
  // cos and sin of 0.1 rad (rounded to float): a rotation keeps the radius, up to rounding.
  const float cosine = 0.99500417f, sine = 0.09983342f;
  for (long s = 0; s < n; s++) step(cosine, sine);
  for (int i = 0; i < kPoints; i += 111) {
    float r0 = sqrtf(((float)(i % 97) / 8.0f - 6.0f) * ((float)(i % 97) / 8.0f - 6.0f) +
                     ((float)(i % 89) / 16.0f + 0.5f) * ((float)(i % 89) / 16.0f + 0.5f));
    float r = sqrtf(xs[i] * xs[i] + ys[i] * ys[i]);
    if (fabsf(r - r0) > 0.01f * r0 + 1e-3f) bench_fail("simd", "rotation changed a radius");
    if (n >= 100 && fabsf(zs[i] - r0) > 0.01f * r0 + 1e-3f) bench_fail("simd", "z did not settle");
  }
  uint64_t checksum = bench_mix(BENCH_HASH_SEED, checksum_floats(xs));
  checksum = bench_mix(checksum, checksum_floats(ys));
  checksum = bench_mix(checksum, checksum_floats(zs));
  bench_report("simd", n, checksum);
  return 0;
}
