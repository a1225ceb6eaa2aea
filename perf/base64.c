// Base64 (RFC 4648, section 4) encode then decode of a 1 MiB pseudo-random buffer, N times;
// each round flips one input byte so the rounds differ. Table lookups, shifts, byte stores.
// The checksum mixes a hash of each round's encoded text.
// bench-test-n: 2
#include "bench.h"

static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(const uint8_t* in, size_t length, char* out) {
  char* start = out;
  size_t i = 0;
  for (; i + 3 <= length; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    *out++ = kAlphabet[v >> 18];
    *out++ = kAlphabet[(v >> 12) & 63];
    *out++ = kAlphabet[(v >> 6) & 63];
    *out++ = kAlphabet[v & 63];
  }
  if (length - i == 1) {
    uint32_t v = (uint32_t)in[i] << 16;
    *out++ = kAlphabet[v >> 18];
    *out++ = kAlphabet[(v >> 12) & 63];
    *out++ = '=';
    *out++ = '=';
  } else if (length - i == 2) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    *out++ = kAlphabet[v >> 18];
    *out++ = kAlphabet[(v >> 12) & 63];
    *out++ = kAlphabet[(v >> 6) & 63];
    *out++ = '=';
  }
  return (size_t)(out - start);
}

static uint8_t decode_table[256];  // 0..63, or 0xff for characters outside the alphabet

static void init_decode_table(void) {
  memset(decode_table, 0xff, sizeof decode_table);
  for (int i = 0; i < 64; i++) decode_table[(uint8_t)kAlphabet[i]] = (uint8_t)i;
}

// Returns the decoded length, or (size_t)-1 on a character outside the alphabet.
static size_t decode(const char* in, size_t length, uint8_t* out) {
  if (length % 4 != 0) return (size_t)-1;
  uint8_t* start = out;
  for (size_t i = 0; i < length; i += 4) {
    int padding = 0;
    if (i + 4 == length) padding = (in[i + 3] == '=') + (in[i + 2] == '=');
    uint32_t v = 0;
    for (int k = 0; k < 4 - padding; k++) {
      uint8_t d = decode_table[(uint8_t)in[i + k]];
      if (d == 0xff) return (size_t)-1;
      v |= (uint32_t)d << (18 - 6 * k);
    }
    *out++ = (uint8_t)(v >> 16);
    if (padding < 2) *out++ = (uint8_t)(v >> 8);
    if (padding < 1) *out++ = (uint8_t)v;
  }
  return (size_t)(out - start);
}

static void check_vector(const char* plain, const char* encoded) {
  char text[16];
  uint8_t bytes[16];
  size_t n = encode((const uint8_t*)plain, strlen(plain), text);
  if (n != strlen(encoded) || memcmp(text, encoded, n) != 0) bench_fail("base64", "encode");
  size_t m = decode(encoded, strlen(encoded), bytes);
  if (m != strlen(plain) || memcmp(bytes, plain, m) != 0) bench_fail("base64", "decode");
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 250);
  init_decode_table();
  // RFC 4648, section 10.
  check_vector("", "");
  check_vector("f", "Zg==");
  check_vector("fo", "Zm8=");
  check_vector("foo", "Zm9v");
  check_vector("foob", "Zm9vYg==");
  check_vector("fooba", "Zm9vYmE=");
  check_vector("foobar", "Zm9vYmFy");

  enum { kPlainSize = (1 << 20) + 1 };  // not a multiple of 3: the tail takes padding
  uint8_t* plain = malloc(kPlainSize);
  uint8_t* decoded = malloc(kPlainSize);
  char* text = malloc((kPlainSize + 2) / 3 * 4);
  if (!plain || !decoded || !text) bench_fail("base64", "out of memory");
  uint64_t state = 7;
  for (size_t i = 0; i < kPlainSize; i++) plain[i] = (uint8_t)(bench_next_random(&state) >> 56);
  uint64_t checksum = BENCH_HASH_SEED;
  for (long round = 0; round < n; round++) {
    plain[(uint64_t)round * 7919 % kPlainSize] ^= (uint8_t)round;
    size_t text_length = encode(plain, kPlainSize, text);
    size_t decoded_length = decode(text, text_length, decoded);
    if (decoded_length != kPlainSize || memcmp(decoded, plain, kPlainSize) != 0)
      bench_fail("base64", "round trip");
    uint64_t hash = 0;
    for (size_t i = 0; i < text_length; i += 4) {  // text_length is a multiple of 4
      uint32_t word;
      memcpy(&word, text + i, sizeof word);
      hash = hash * 31 + word;
    }
    checksum = bench_mix(checksum, hash);
  }
  free(plain);
  free(decoded);
  free(text);
  bench_report("base64", n, checksum);
  return 0;
}
