// memcpy / memmove / memset over a 4 MiB arena: N rounds of 1024 operations with random
// offsets and a mix of small (1-64 B), medium (64 B-4 KiB) and large (64-256 KiB) lengths.
// Built for wasm with bulk memory, so the calls become memory.copy / memory.fill.
// The checksum mixes one byte per operation and a hash of the final arena.
// bench-test-n: 10
// bench-wasm-flags: -mbulk-memory
#include "bench.h"

enum { kArenaSize = 4 << 20, kHalf = kArenaSize / 2, kOpsPerRound = 1024 };

static size_t pick_length(uint64_t r) {
  unsigned kind = (unsigned)(r % 10);
  r >>= 8;
  if (kind < 5) return 1 + (size_t)(r % 64);
  if (kind < 9) return 64 + (size_t)(r % (4096 - 64));
  return (64 << 10) + (size_t)(r % (192 << 10));
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 1500);
  uint8_t* arena = malloc(kArenaSize);
  if (arena == NULL) bench_fail("memops", "out of memory");
  for (size_t i = 0; i < kArenaSize; i++) arena[i] = (uint8_t)(i * 131 + (i >> 9));

  // memmove must handle overlap in both directions; memset must hit exactly its range.
  uint8_t probe[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  memmove(probe + 2, probe, 8);
  memmove(probe + 9, probe + 10, 5);
  memset(probe + 1, 0xee, 1);
  static const uint8_t expected[16] = {0, 0xee, 0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 14, 15};
  if (memcmp(probe, expected, 16) != 0) bench_fail("memops", "memmove / memset");

  uint64_t state = 0x1234567, checksum = BENCH_HASH_SEED;
  for (long round = 0; round < n; round++) {
    for (int op = 0; op < kOpsPerRound; op++) {
      uint64_t r = bench_next_random(&state);
      size_t length = pick_length(r);
      size_t a = (size_t)((r >> 24) % (kHalf - length));
      size_t b = (size_t)((r >> 44) % (kHalf - length));
      size_t touched;
      switch ((r >> 20) & 3) {
        case 0:  // copy from one half to the other: never overlaps
          memcpy(arena + kHalf + a, arena + b, length);
          touched = kHalf + a;
          break;
        case 1:
          memcpy(arena + a, arena + kHalf + b, length);
          touched = a;
          break;
        case 2:  // may overlap
          memmove(arena + a, arena + b, length);
          touched = a;
          break;
        default:
          memset(arena + kHalf + b, (int)(r & 0xff), length);
          touched = kHalf + b;
          break;
      }
      checksum = bench_mix(checksum, arena[touched + length / 2]);
    }
  }
  for (size_t i = 0; i < kArenaSize; i += 8) {
    uint64_t word;
    memcpy(&word, arena + i, sizeof word);
    checksum = bench_mix(checksum, word);
  }
  free(arena);
  bench_report("memops", n, checksum);
  return 0;
}
