// random_get: the bytes are not all equal, two draws differ, and large requests are filled.
#include <unistd.h>
#include <wasi/api.h>

#include "common.h"

static int all_equal(const unsigned char* p, size_t n) {
  for (size_t i = 1; i < n; ++i)
    if (p[i] != p[0]) return 0;
  return 1;
}

int main(void) {
  unsigned char a[64], b[64];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  CHECK("getentropy 64 bytes", getentropy(a, sizeof a) == 0);
  CHECK("getentropy again", getentropy(b, sizeof b) == 0);
  // For a uniform source each of these fails with probability about 2^-500.
  CHECK("bytes are not all equal", !all_equal(a, sizeof a));
  CHECK("two draws differ", memcmp(a, b, sizeof a) != 0);

  // A large draw straight through the WASI call: every 4 KiB block gets fresh bytes.
  enum { kLarge = 1 << 20 };
  static unsigned char big[kLarge];
  CHECK("random_get 1 MiB", __wasi_random_get(big, kLarge) == 0);
  int blocks_filled = 1;
  for (size_t off = 0; off < kLarge; off += 4096)
    if (all_equal(big + off, 4096)) blocks_filled = 0;
  CHECK("every 4 KiB block holds varied bytes", blocks_filled);
  CHECK("random_get of 0 bytes succeeds", __wasi_random_get(big, 0) == 0);

  printf("failures: %d\n", zw_failures);
  return zw_failures == 0 ? 0 : 1;
}
