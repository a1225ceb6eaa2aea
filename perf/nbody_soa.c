// N-body as simulation codes often write it: 32 bodies in global arrays, one per coordinate
// (structure of arrays), all pairs each step with a softened distance, N steps of dt = 0.001.
// The inner loops index the arrays by a counter with a constant bound, which clang -O2 turns
// into a negative index counted up to zero over each array's end, the shape that once made the
// JIT fault at every access (codegen/README.md, "Address folds"); perf/nbody.c (an array of
// structs, five bodies) does not. Only + - * / and sqrt, so native and wasm agree bit for bit.
// Forces come in equal and opposite pairs, so the total momentum stays zero (checked, to
// rounding). The checksum mixes the final positions' bits.
// bench-test-n: 200
#include <math.h>

#include "bench.h"

enum { kBodies = 32 };
static double px[kBodies], py[kBodies], pz[kBodies];
static double vx[kBodies], vy[kBodies], vz[kBodies];
static double mass[kBodies];

static void step(double dt) {
  for (int i = 0; i < kBodies; i++) {
    double ax = 0, ay = 0, az = 0;
    for (int j = 0; j < kBodies; j++) {
      if (j == i) continue;
      double dx = px[j] - px[i], dy = py[j] - py[i], dz = pz[j] - pz[i];
      double distance2 = dx * dx + dy * dy + dz * dz + 0.01;
      double scale = mass[j] / (distance2 * sqrt(distance2));
      ax += dx * scale;
      ay += dy * scale;
      az += dz * scale;
    }
    vx[i] += dt * ax;
    vy[i] += dt * ay;
    vz[i] += dt * az;
  }
  for (int i = 0; i < kBodies; i++) {
    px[i] += dt * vx[i];
    py[i] += dt * vy[i];
    pz[i] += dt * vz[i];
  }
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 100000);
  uint64_t state = 7;
  for (int i = 0; i < kBodies; i++) {  // positions in [0, 256) in steps of 2^-16, masses 1..5
    px[i] = (double)(bench_next_random(&state) >> 40) / 65536.0;
    py[i] = (double)(bench_next_random(&state) >> 40) / 65536.0;
    pz[i] = (double)(bench_next_random(&state) >> 40) / 65536.0;
    mass[i] = 1.0 + (double)(i % 5);
  }
  for (long k = 0; k < n; k++) step(0.001);
  double momentum[3] = {0, 0, 0}, magnitude = 0;
  for (int i = 0; i < kBodies; i++) {
    momentum[0] += mass[i] * vx[i];
    momentum[1] += mass[i] * vy[i];
    momentum[2] += mass[i] * vz[i];
    magnitude += mass[i] * (fabs(vx[i]) + fabs(vy[i]) + fabs(vz[i]));
  }
  for (int k = 0; k < 3; k++)
    if (fabs(momentum[k]) > 1e-9 * magnitude) bench_fail("nbody_soa", "momentum is not conserved");
  uint64_t checksum = BENCH_HASH_SEED;
  for (int i = 0; i < kBodies; i++) {
    checksum = bench_mix(checksum, bench_double_bits(px[i]));
    checksum = bench_mix(checksum, bench_double_bits(py[i]));
    checksum = bench_mix(checksum, bench_double_bits(pz[i]));
  }
  bench_report("nbody_soa", n, checksum);
  return 0;
}
