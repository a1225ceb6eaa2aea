// N-body: the Computer Language Benchmarks Game's Jovian-planets simulation in f64, N steps of
// dt = 0.01. Only + - * / and sqrt, all correctly rounded (IEEE 754), so native and wasm give
// the same bits. The checksum is the bit pattern of the final energy.
// bench-test-n: 20000
#include <math.h>

#include "bench.h"

enum { kBodies = 5 };
static const double kSolarMass = 4 * 3.141592653589793 * 3.141592653589793;
static const double kDaysPerYear = 365.24;

struct Body {
  double x, y, z, vx, vy, vz, mass;
};

static void init_bodies(struct Body* b) {
  const struct Body initial[kBodies] = {
      {0, 0, 0, 0, 0, 0, kSolarMass},  // sun
      {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,  // jupiter
       1.66007664274403694e-03 * kDaysPerYear, 7.69901118419740425e-03 * kDaysPerYear,
       -6.90460016972063023e-05 * kDaysPerYear, 9.54791938424326609e-04 * kSolarMass},
      {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,  // saturn
       -2.76742510726862411e-03 * kDaysPerYear, 4.99852801234917238e-03 * kDaysPerYear,
       2.30417297573763929e-05 * kDaysPerYear, 2.85885980666130812e-04 * kSolarMass},
      {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,  // uranus
       2.96460137564761618e-03 * kDaysPerYear, 2.37847173959480950e-03 * kDaysPerYear,
       -2.96589568540237556e-05 * kDaysPerYear, 4.36624404335156298e-05 * kSolarMass},
      {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,  // neptune
       2.68067772490389322e-03 * kDaysPerYear, 1.62824170038242295e-03 * kDaysPerYear,
       -9.51592254519715870e-05 * kDaysPerYear, 5.15138902046611451e-05 * kSolarMass},
  };
  memcpy(b, initial, sizeof initial);
  // Offset the sun's momentum so the system's total momentum is zero.
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < kBodies; i++) {
    px += b[i].vx * b[i].mass;
    py += b[i].vy * b[i].mass;
    pz += b[i].vz * b[i].mass;
  }
  b[0].vx = -px / kSolarMass;
  b[0].vy = -py / kSolarMass;
  b[0].vz = -pz / kSolarMass;
}

static void advance(struct Body* b, double dt) {
  for (int i = 0; i < kBodies; i++) {
    for (int j = i + 1; j < kBodies; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      double distance2 = dx * dx + dy * dy + dz * dz;
      double magnitude = dt / (distance2 * sqrt(distance2));
      b[i].vx -= dx * b[j].mass * magnitude;
      b[i].vy -= dy * b[j].mass * magnitude;
      b[i].vz -= dz * b[j].mass * magnitude;
      b[j].vx += dx * b[i].mass * magnitude;
      b[j].vy += dy * b[i].mass * magnitude;
      b[j].vz += dz * b[i].mass * magnitude;
    }
  }
  for (int i = 0; i < kBodies; i++) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
    b[i].z += dt * b[i].vz;
  }
}

static double energy(const struct Body* b) {
  double e = 0;
  for (int i = 0; i < kBodies; i++) {
    e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < kBodies; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static int energy_is(double e, const char* expected) {
  char text[32];
  snprintf(text, sizeof text, "%.9f", e);
  return strcmp(text, expected) == 0;
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 7000000);
  struct Body bodies[kBodies];
  // The Benchmarks Game's published output: -0.169075164 at the start, -0.169087605 after
  // 1000 steps.
  init_bodies(bodies);
  if (!energy_is(energy(bodies), "-0.169075164")) bench_fail("nbody", "initial energy");
  for (int step = 0; step < 1000; step++) advance(bodies, 0.01);
  if (!energy_is(energy(bodies), "-0.169087605")) bench_fail("nbody", "energy after 1000 steps");

  init_bodies(bodies);
  for (long step = 0; step < n; step++) advance(bodies, 0.01);
  bench_report("nbody", n, bench_double_bits(energy(bodies)));
  return 0;
}
