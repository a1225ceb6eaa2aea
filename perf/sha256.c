// SHA-256 (FIPS 180-4) over a 1 MiB buffer, N times; each round first writes the previous
// digest into the buffer, so the rounds chain. 32-bit rotates, adds and table loads.
// The checksum is the first 8 bytes of the last digest.
// bench-test-n: 1
#include "bench.h"

struct Sha256 {
  uint32_t state[8];
  uint8_t block[64];
  size_t block_used;
  uint64_t total_bytes;
};

static const uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t state[8], const uint8_t block[64]) {
  uint32_t w[64];
  for (int t = 0; t < 16; t++)
    w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
           (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
  for (int t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; t++) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                  kRoundConstants[t] + w[t];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

static void sha256_init(struct Sha256* s) {
  static const uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(s->state, kInitial, sizeof kInitial);
  s->block_used = 0;
  s->total_bytes = 0;
}

static void sha256_update(struct Sha256* s, const uint8_t* data, size_t length) {
  s->total_bytes += length;
  while (length > 0) {
    if (s->block_used == 0 && length >= 64) {
      compress(s->state, data);
      data += 64;
      length -= 64;
      continue;
    }
    size_t take = 64 - s->block_used < length ? 64 - s->block_used : length;
    memcpy(s->block + s->block_used, data, take);
    s->block_used += take;
    data += take;
    length -= take;
    if (s->block_used == 64) {
      compress(s->state, s->block);
      s->block_used = 0;
    }
  }
}

static void sha256_final(struct Sha256* s, uint8_t digest[32]) {
  uint64_t bit_length = s->total_bytes * 8;
  uint8_t padding[72] = {0x80};
  size_t pad = (s->block_used < 56 ? 56 : 120) - s->block_used;
  for (int i = 0; i < 8; i++) padding[pad + i] = (uint8_t)(bit_length >> (56 - 8 * i));
  sha256_update(s, padding, pad + 8);
  for (int i = 0; i < 8; i++) {
    digest[4 * i] = (uint8_t)(s->state[i] >> 24);
    digest[4 * i + 1] = (uint8_t)(s->state[i] >> 16);
    digest[4 * i + 2] = (uint8_t)(s->state[i] >> 8);
    digest[4 * i + 3] = (uint8_t)s->state[i];
  }
}

static void sha256(const uint8_t* data, size_t length, uint8_t digest[32]) {
  struct Sha256 s;
  sha256_init(&s);
  sha256_update(&s, data, length);
  sha256_final(&s, digest);
}

static int digest_is(const char* message, const char* expected_hex) {
  uint8_t digest[32];
  char hex[65];
  sha256((const uint8_t*)message, strlen(message), digest);
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return strcmp(hex, expected_hex) == 0;
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 100);
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): one block, and two blocks.
  if (!digest_is("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") ||
      !digest_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
    bench_fail("sha256", "FIPS 180-4 test vectors");
  enum { kBufferSize = 1 << 20 };
  uint8_t* buffer = malloc(kBufferSize);
  if (buffer == NULL) bench_fail("sha256", "out of memory");
  uint64_t state = 42;
  for (size_t i = 0; i < kBufferSize; i++) buffer[i] = (uint8_t)(bench_next_random(&state) >> 56);
  uint8_t digest[32] = {0};
  for (long round = 0; round < n; round++) {
    memcpy(buffer, digest, sizeof digest);
    sha256(buffer, kBufferSize, digest);
  }
  uint64_t checksum = 0;
  for (int i = 0; i < 8; i++) checksum = checksum << 8 | digest[i];
  free(buffer);
  bench_report("sha256", n, checksum);
  return 0;
}
