// Appending the binary format's primitives (spec 5.2 "Values") to a byte buffer.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace zwasm::text {

class BinaryWriter {
 public:
  std::vector<uint8_t>& bytes() { return bytes_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  void clear() { bytes_.clear(); }

  void u8(uint8_t b) { bytes_.push_back(b); }
  void u32(uint32_t v) { u64(v); }
  void u64(uint64_t v) {
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      bytes_.push_back(v ? b | 0x80 : b);
    } while (v);
  }
  void s64(int64_t v) {
    for (;;) {
      uint8_t b = v & 0x7F;
      v >>= 7;  // arithmetic: the sign is kept
      bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
      bytes_.push_back(done ? b : b | 0x80);
      if (done) return;
    }
  }
  void s32(int32_t v) { s64(v); }
  void fixed32(uint32_t bits) { append(&bits, 4); }  // little-endian hosts only (x86-64, ARM64)
  void fixed64(uint64_t bits) { append(&bits, 8); }
  void append(const void* data, size_t n) {
    if (n == 0) return;
    // resize + memcpy rather than insert(end, p, p + n): GCC 12 warns falsely on the latter
    // (-Wstringop-overflow) after inlining.
    size_t at = bytes_.size();
    bytes_.resize(at + n);
    std::memcpy(bytes_.data() + at, data, n);
  }
  void append(const BinaryWriter& other) { append(other.bytes_.data(), other.bytes_.size()); }
  void append(std::string_view s) { append(s.data(), s.size()); }
  // A name or byte vector: its length, then its bytes (spec 5.2.4).
  void name(std::string_view s) {
    u32(uint32_t(s.size()));
    append(s);
  }
  // A section: id, size, contents (spec 5.5.2).
  void section(uint8_t id, const BinaryWriter& contents) {
    u8(id);
    u32(uint32_t(contents.size()));
    append(contents);
  }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace zwasm::text
