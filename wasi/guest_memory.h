// Checked access to the calling instance's linear memory for WASI host functions.
//
// Every guest pointer is checked before use: a region that does not lie wholly inside the memory
// yields Errno::TrapOutOfBounds and a misaligned pointer to a record yields Errno::TrapMisaligned;
// the dispatcher turns both into traps (witx-docs "Pointers": the function shall trap).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "wasi/abi.h"

namespace zwasm::wasi {

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }

  // Checks that [ptr, ptr + len) lies inside the memory and that ptr is a multiple of `align`.
  Errno check(uint32_t ptr, uint64_t len, uint32_t align = 1) const {
    if (align > 1 && ptr % align != 0) return Errno::TrapMisaligned;
    if (uint64_t(ptr) + len > size_) return Errno::TrapOutOfBounds;
    return Errno::Success;
  }

  // Raw access to a region already checked with check().
  uint8_t* at(uint32_t ptr) const { return base_ + ptr; }

  template <class T>
  T load(uint32_t ptr) const {
    T v;
    std::memcpy(&v, base_ + ptr, sizeof(T));
    return v;
  }
  template <class T>
  void store(uint32_t ptr, T v) const {
    std::memcpy(base_ + ptr, &v, sizeof(T));
  }

  // Checked single-value stores for result pointers (natural alignment, as witx requires).
  Errno store_u32(uint32_t ptr, uint32_t v) const {
    Errno e = check(ptr, 4, 4);
    if (e == Errno::Success) store(ptr, v);
    return e;
  }
  Errno store_u64(uint32_t ptr, uint64_t v) const {
    Errno e = check(ptr, 8, 8);
    if (e == Errno::Success) store(ptr, v);
    return e;
  }

  // Copies a guest string (not NUL-terminated; `len` bytes). Paths and symlink contents are
  // limited to `max_len` bytes (Linux PATH_MAX), so a hostile length cannot make the host
  // allocate gigabytes: longer is NameTooLong. An embedded NUL is Inval (as on unix hosts in
  // wasmtime); invalid UTF-8 is Ilseq (wiggle's string check).
  Errno read_string(uint32_t ptr, uint32_t len, std::string& out, uint32_t max_len) const;

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace zwasm::wasi
