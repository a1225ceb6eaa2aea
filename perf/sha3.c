// SHA3-256 (FIPS 202) over a 256 KiB buffer, N times; each round first writes the previous
// digest into the buffer, so the rounds chain. Keccak-f[1600] on a 25-lane uint64_t state kept
// on the stack: 64-bit rotates, xors and and-nots. Rho and pi are done together as the standard
// defines rho, a walk of 24 steps over the lanes, with each step's lane and rotation read from
// tables derived at start-up from the standard's definitions (3.2.2, 3.2.3 and, for iota's round
// constants, 3.2.5), not copied in. clang -O2 counts that walk with a negative index up to zero
// over the tables, a shape the JIT once faulted on at every access (codegen/README.md, "Address
// folds"). The checksum is the first 8 bytes of the last digest.
// bench-test-n: 2
#include "bench.h"

enum { kLanes = 25, kRounds = 24, kRateBytes = 136, kDigestBytes = 32 };

static unsigned rho_offset[kLanes];         // lane x + 5y is rotated left by this (3.2.2)
// Step t of rho's walk moves the lane it holds into lane pi_lane[t], rotated by pi_rotation[t].
static unsigned pi_lane[24], pi_rotation[24];
static uint64_t round_constant[kRounds];    // iota's constant of each round (3.2.5)

static inline uint64_t rotl64(uint64_t v, unsigned n) {
  return n == 0 ? v : (v << n) | (v >> (64 - n));
}

// rc(t) of Algorithm 5: the output bit of an 8-bit LFSR after t steps.
static int rc_bit(unsigned t) {
  if (t % 255 == 0) return 1;
  unsigned r = 0x01;  // R = 10000000, bit i of R is bit i of r
  for (unsigned i = 1; i <= t % 255; i++) {
    unsigned r8 = (r >> 7) & 1;  // R = 0 || R, then R[0..8] ^= R[8] at taps 0, 4, 5, 6
    r = (r << 1) & 0x1ff;
    if (r8) r ^= 0x71;  // taps 0, 4, 5, 6 of the 9-bit R
    r &= 0xff;
  }
  return r & 1;
}

static void derive_constants(void) {
  // rho: (x, y) starts at (1, 0); step t rotates lane (x, y) by (t + 1)(t + 2) / 2 mod 64.
  unsigned x = 1, y = 0;
  rho_offset[0] = 0;
  for (unsigned t = 0; t < 24; t++) {
    rho_offset[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
    pi_lane[t] = y + 5 * ((2 * x + 3 * y) % 5);  // pi moves lane (x, y) to (y, 2x + 3y) (3.2.3)
    pi_rotation[t] = rho_offset[x + 5 * y];
    unsigned next_y = (2 * x + 3 * y) % 5;
    x = y;
    y = next_y;
  }
  // iota: bit 2^j - 1 of round i's constant is rc(j + 7i), for j = 0..6.
  for (unsigned i = 0; i < kRounds; i++) {
    uint64_t rc = 0;
    for (unsigned j = 0; j <= 6; j++)
      if (rc_bit(j + 7 * i)) rc |= (uint64_t)1 << ((1u << j) - 1);
    round_constant[i] = rc;
  }
}

static void keccak_f1600(uint64_t a[kLanes]) {
  for (int round = 0; round < kRounds; round++) {
    uint64_t c[5];
    for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; x++) {
      uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    uint64_t carry = a[1];
    for (int t = 0; t < 24; t++) {
      unsigned lane = pi_lane[t];
      uint64_t next = a[lane];
      a[lane] = rotl64(carry, pi_rotation[t]);
      carry = next;
    }
    for (int y = 0; y < 25; y += 5) {
      uint64_t row[5];
      for (int x = 0; x < 5; x++) row[x] = a[y + x];
      for (int x = 0; x < 5; x++) a[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5]);
    }
    a[0] ^= round_constant[round];
  }
}

static void sha3_256(const uint8_t* data, size_t length, uint8_t digest[kDigestBytes]) {
  uint64_t state[kLanes] = {0};
  uint8_t block[kRateBytes];
  for (;;) {
    size_t take = length < kRateBytes ? length : kRateBytes;
    int last = take < kRateBytes;
    memcpy(block, data, take);
    if (last) {  // pad10*1 with the SHA-3 domain bits 01: the byte 0x06 ... 0x80
      memset(block + take, 0, kRateBytes - take);
      block[take] ^= 0x06;
      block[kRateBytes - 1] ^= 0x80;
    }
    for (int i = 0; i < kRateBytes / 8; i++) {
      uint64_t lane = 0;
      for (int k = 7; k >= 0; k--) lane = lane << 8 | block[8 * i + k];  // little-endian
      state[i] ^= lane;
    }
    keccak_f1600(state);
    if (last) break;
    data += take;
    length -= take;
  }
  for (int i = 0; i < kDigestBytes; i++) digest[i] = (uint8_t)(state[i / 8] >> (8 * (i % 8)));
}

static int digest_is(const uint8_t digest[kDigestBytes], const char* hex) {
  char text[2 * kDigestBytes + 1];
  for (int i = 0; i < kDigestBytes; i++) snprintf(text + 2 * i, 3, "%02x", digest[i]);
  return strcmp(text, hex) == 0;
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 300);
  derive_constants();
  uint8_t digest[kDigestBytes];
  // Known answers: SHA3-256 of "" and of "abc" (FIPS 202 examples).
  sha3_256((const uint8_t*)"", 0, digest);
  if (!digest_is(digest, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"))
    bench_fail("sha3", "SHA3-256(\"\") is wrong");
  sha3_256((const uint8_t*)"abc", 3, digest);
  if (!digest_is(digest, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"))
    bench_fail("sha3", "SHA3-256(\"abc\") is wrong");

  enum { kBufferBytes = 256 * 1024 };
  uint8_t* buffer = malloc(kBufferBytes);
  if (buffer == NULL) bench_fail("sha3", "out of memory");
  uint64_t state = 0x243f6a8885a308d3ULL;
  for (size_t i = 0; i < kBufferBytes; i += 8) {
    uint64_t r = bench_next_random(&state);
    memcpy(buffer + i, &r, 8);
  }
  for (long round = 0; round < n; round++) {
    if (round > 0) memcpy(buffer + (round * 97) % (kBufferBytes - kDigestBytes), digest, kDigestBytes);
    sha3_256(buffer, kBufferBytes, digest);
  }
  free(buffer);
  uint64_t checksum = 0;
  for (int i = 0; i < 8; i++) checksum = checksum << 8 | digest[i];
  bench_report("sha3", n, checksum);
  return 0;
}
