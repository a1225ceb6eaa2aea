// Linear memory (spec 4.2.8) and memory.grow (spec 4.4.7).
//
// On 64-bit hosts the memory reserves, once, enough address space that every address a wasm
// load/store can form (a 32-bit index + a 32-bit static offset + the access width) falls inside
// the reservation. Pages beyond the current size stay PROT_NONE, so `base` never moves and a
// later JIT can rely on guard pages instead of explicit bounds checks. Growing only commits pages.
#include <sys/mman.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "runtime/store/store.h"

namespace zwasm {

namespace {

constexpr bool kIs64BitHost = sizeof(void*) >= 8;

// 4 GiB of index space + 4 GiB of static offset, plus one page covering the widest access
// (v128, 16 bytes) that starts at the very last reachable address.
constexpr uint64_t kFullReservation = 2 * (uint64_t(1) << 32) + kPageSize;

// The most pages this memory may ever have: its declared max, bounded by the 32-bit index space.
uint64_t max_pages_of(const MemoryType& type) {
  return std::min<uint64_t>(type.limits.max.value_or(kMaxPages32), kMaxPages32);
}

uint8_t* reserve(uint64_t bytes) {
  void* p = mmap(nullptr, size_t(bytes), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

// Full reservations of memories that went away, for the next memories to reuse. Each is
// replaced by a fresh PROT_NONE mapping at the same address first, which drops its pages, so
// a reused reservation reads as zero like a new one. The reason is qemu-user (the aarch64
// tests): it keeps bookkeeping for every guest page ever mapped, about 50 MB per 8 GiB
// reservation, and never frees it, so a process that makes many memories at new addresses grows
// without bound there (the unit tests peaked at 5 GB, 230 MB with this cache; the spec suite in
// one process passed 20 GB). Natively it saves only an mmap and an munmap per memory.
class ReservationCache {
 public:
  static ReservationCache& instance() {
    static ReservationCache* cache = new ReservationCache;  // never destroyed: used until exit
    return *cache;
  }
  uint8_t* take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) return nullptr;
    uint8_t* p = free_.back();
    free_.pop_back();
    return p;
  }
  void give(uint8_t* p) {
    bool reset = mmap(p, size_t(kFullReservation), PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == p;
    std::lock_guard<std::mutex> lock(mutex_);
    if (reset && free_.size() < kKept) {
      free_.push_back(p);
      return;
    }
    munmap(p, size_t(kFullReservation));
  }

 private:
  static constexpr size_t kKept = 16;  // 128 GiB of address space at most
  std::mutex mutex_;
  std::vector<uint8_t*> free_;
};

// Makes [p, p + bytes) readable and writable. Fresh anonymous pages read as zero, and pages are
// never decommitted, so newly committed memory is always zero-filled as the spec requires.
bool commit(uint8_t* p, uint64_t bytes) {
  if (bytes == 0) return true;
  return mprotect(p, size_t(bytes), PROT_READ | PROT_WRITE) == 0;
}

}  // namespace

Result<std::unique_ptr<Memory>> Memory::create(const MemoryType& type) {
  // The validator bounds these (spec 3.2.5); re-check so a hand-made MemoryType cannot overflow.
  if (type.limits.min > kMaxPages32) return make_error("memory size must be at most 65536 pages (4GiB)");
  if (type.limits.max && *type.limits.max < type.limits.min)
    return make_error("size minimum must not be greater than maximum");

  std::unique_ptr<Memory> mem(new Memory());
  mem->type_ = type;
  if (mem->type_.limits.max && *mem->type_.limits.max > kMaxPages32)
    mem->type_.limits.max = kMaxPages32;

  uint64_t min_bytes = type.limits.min * kPageSize;
  if constexpr (kIs64BitHost) {
    mem->reserved_ = kFullReservation;
    mem->view_.base = ReservationCache::instance().take();
    if (!mem->view_.base) mem->view_.base = reserve(mem->reserved_);
  } else {
    // A 32-bit host cannot reserve 8 GiB: reserve up to the maximum, falling back to the
    // minimum (growth then fails with -1 once the reservation is used up).
    mem->reserved_ = std::max<uint64_t>(max_pages_of(type) * kPageSize, kPageSize);
    mem->view_.base = reserve(mem->reserved_);
    if (!mem->view_.base) {
      mem->reserved_ = std::max<uint64_t>(min_bytes, kPageSize);
      mem->view_.base = reserve(mem->reserved_);
    }
  }
  if (!mem->view_.base) {
    mem->reserved_ = 0;
    return make_error("cannot reserve address space for linear memory");
  }
  if (!commit(mem->view_.base, min_bytes)) {
    return make_error("cannot allocate linear memory of " + std::to_string(type.limits.min) +
                      " pages");
  }
  mem->view_.size = min_bytes;
  return mem;
}

Memory::~Memory() {
  if (!view_.base) return;
  if (reserved_ == kFullReservation) ReservationCache::instance().give(view_.base);
  else munmap(view_.base, size_t(reserved_));
}

int64_t Memory::grow(uint64_t delta) {
  const uint64_t old_pages = pages();
  const uint64_t max_pages = max_pages_of(type_);
  if (old_pages > max_pages || delta > max_pages - old_pages) return -1;
  const uint64_t new_size = (old_pages + delta) * kPageSize;
  if (new_size > reserved_ || new_size > max_bytes_) return -1;
  if (!commit(view_.base + view_.size, new_size - view_.size)) return -1;
  view_.size = new_size;
  type_.limits.min = old_pages + delta;  // import matching compares the *current* size
  return int64_t(old_pages);
}

}  // namespace zwasm
