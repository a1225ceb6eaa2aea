// A string-keyed hash map with separate chaining, every entry (with its key) one malloc'd block:
// N random operations on keys "key<k>", k < N/2: insert-or-add (60%), lookup (25%) and delete
// (15%), growing by rehashing at load factor 3/4, then freeing everything. Exercises malloc /
// free, byte-wise hashing and string compares. The checksum mixes the lookups' results and the
// final contents in bucket order.
// bench-test-n: 20000
#include "bench.h"

struct Entry {
  struct Entry* next;
  uint64_t hash;
  int64_t value;
  size_t key_length;
  char key[];
};

struct Map {
  struct Entry** buckets;
  size_t bucket_count;  // a power of two
  size_t size;
};

static uint64_t hash_key(const char* key, size_t length) {
  uint64_t h = BENCH_HASH_SEED;
  for (size_t i = 0; i < length; i++) h = (h ^ (uint8_t)key[i]) * 0x100000001b3ULL;
  return h;
}

static void map_init(struct Map* m) {
  m->bucket_count = 8;
  m->size = 0;
  m->buckets = calloc(m->bucket_count, sizeof *m->buckets);
  if (m->buckets == NULL) bench_fail("hashmap", "out of memory");
}

static void map_grow(struct Map* m) {
  size_t new_count = m->bucket_count * 2;
  struct Entry** fresh = calloc(new_count, sizeof *fresh);
  if (fresh == NULL) bench_fail("hashmap", "out of memory");
  for (size_t b = 0; b < m->bucket_count; b++) {
    struct Entry* e = m->buckets[b];
    while (e != NULL) {  // reverses each chain; the order is still deterministic
      struct Entry* next = e->next;
      size_t slot = e->hash & (new_count - 1);
      e->next = fresh[slot];
      fresh[slot] = e;
      e = next;
    }
  }
  free(m->buckets);
  m->buckets = fresh;
  m->bucket_count = new_count;
}

// Returns the link that points at the key's entry, or at the chain's terminating NULL.
static struct Entry** map_find(struct Map* m, const char* key, size_t length, uint64_t hash) {
  struct Entry** link = &m->buckets[hash & (m->bucket_count - 1)];
  while (*link != NULL) {
    struct Entry* e = *link;
    if (e->hash == hash && e->key_length == length && memcmp(e->key, key, length) == 0) break;
    link = &e->next;
  }
  return link;
}

static void map_add(struct Map* m, const char* key, size_t length, int64_t value) {
  uint64_t hash = hash_key(key, length);
  struct Entry** link = map_find(m, key, length, hash);
  if (*link != NULL) {
    (*link)->value += value;
    return;
  }
  struct Entry* e = malloc(sizeof *e + length + 1);
  if (e == NULL) bench_fail("hashmap", "out of memory");
  e->next = NULL;
  e->hash = hash;
  e->value = value;
  e->key_length = length;
  memcpy(e->key, key, length);
  e->key[length] = '\0';
  *link = e;
  if (++m->size * 4 > m->bucket_count * 3) map_grow(m);
}

static const struct Entry* map_get(struct Map* m, const char* key, size_t length) {
  return *map_find(m, key, length, hash_key(key, length));
}

static int map_remove(struct Map* m, const char* key, size_t length) {
  struct Entry** link = map_find(m, key, length, hash_key(key, length));
  struct Entry* e = *link;
  if (e == NULL) return 0;
  *link = e->next;
  free(e);
  m->size--;
  return 1;
}

static void map_free(struct Map* m) {
  for (size_t b = 0; b < m->bucket_count; b++) {
    struct Entry* e = m->buckets[b];
    while (e != NULL) {
      struct Entry* next = e->next;
      free(e);
      e = next;
    }
  }
  free(m->buckets);
}

// Writes "key<k>" (no terminator) and returns its length.
static size_t make_key(char* out, uint64_t k) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = (char)('0' + k % 10);
    k /= 10;
  } while (k != 0);
  memcpy(out, "key", 3);
  for (int i = 0; i < count; i++) out[3 + i] = digits[count - 1 - i];
  return 3 + (size_t)count;
}

static void self_check(void) {
  struct Map m;
  map_init(&m);
  char key[32];
  for (uint64_t k = 0; k < 1000; k++) map_add(&m, key, make_key(key, k), (int64_t)k);
  for (uint64_t k = 0; k < 1000; k += 2) map_add(&m, key, make_key(key, k), 1);
  for (uint64_t k = 0; k < 1000; k += 3) map_remove(&m, key, make_key(key, k));
  int ok = m.size == 1000 - 334;
  for (uint64_t k = 0; k < 1000; k++) {
    size_t length = make_key(key, k);
    key[length] = '\0';
    const struct Entry* e = map_get(&m, key, length);
    if (k % 3 == 0) ok &= e == NULL;
    else ok &= e != NULL && e->value == (int64_t)k + (k % 2 == 0) && strcmp(e->key, key) == 0;
  }
  map_free(&m);
  if (!ok) bench_fail("hashmap", "insert / lookup / remove");
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 1200000);
  self_check();
  struct Map m;
  map_init(&m);
  uint64_t state = 0xabcdef, key_space = (uint64_t)n / 2 + 1, checksum = BENCH_HASH_SEED;
  char key[32];
  for (long i = 0; i < n; i++) {
    uint64_t r = bench_next_random(&state);
    size_t length = make_key(key, (r >> 16) % key_space);
    unsigned kind = (unsigned)(r % 20);
    if (kind < 12) {
      map_add(&m, key, length, (int64_t)(r >> 40));
    } else if (kind < 17) {
      const struct Entry* e = map_get(&m, key, length);
      checksum = bench_mix(checksum, e != NULL ? (uint64_t)e->value : 1);
    } else {
      checksum = bench_mix(checksum, (uint64_t)map_remove(&m, key, length));
    }
  }
  checksum = bench_mix(checksum, m.size);
  for (size_t b = 0; b < m.bucket_count; b++)
    for (const struct Entry* e = m.buckets[b]; e != NULL; e = e->next)
      checksum = bench_mix(checksum, e->hash ^ (uint64_t)e->value);
  map_free(&m);
  bench_report("hashmap", n, checksum);
  return 0;
}
