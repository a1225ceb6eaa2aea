// The one byte reader every decoding step uses: bounds-checked, LEB128 per spec 5.2.2
// (unused high bits of the last byte must be zero for unsigned / the sign extension for signed).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "runtime/base/result.h"

namespace zwasm {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size, size_t base_offset = 0)
      : p_(data), begin_(data), end_(data + size), base_(base_offset) {}

  size_t offset() const { return base_ + size_t(p_ - begin_); }  // absolute offset
  size_t remaining() const { return size_t(end_ - p_); }
  bool at_end() const { return p_ >= end_; }
  const uint8_t* ptr() const { return p_; }

  // All readers return false (and set error()) on failure; the first error wins.
  bool u8(uint8_t& out) {
    if (p_ >= end_) return fail("unexpected end");
    out = *p_++;
    return true;
  }
  bool bytes(size_t n, const uint8_t*& out) {
    if (remaining() < n) return fail("unexpected end");
    out = p_;
    p_ += n;
    return true;
  }
  bool skip(size_t n) {
    const uint8_t* ignored;
    return bytes(n, ignored);
  }
  bool u32(uint32_t& out) {
    // Almost every index, label and sub-opcode fits one byte: that case is inlined where
    // instructions are decoded (validator, translator), the general one is a call.
    if (p_ < end_ && *p_ < 0x80) {
      out = *p_++;
      return true;
    }
    return u32_multibyte(out);
  }
  bool u64(uint64_t& out) { return uleb(out, 64); }
  bool s32(int32_t& out) {
    int64_t v;
    if (!sleb(v, 32)) return false;
    out = int32_t(v);
    return true;
  }
  bool s33(int64_t& out) { return sleb(out, 33); }
  bool s64(int64_t& out) { return sleb(out, 64); }
  bool f32_bits(uint32_t& out) {
    const uint8_t* b = nullptr;
    if (!bytes(4, b)) return false;
    std::memcpy(&out, b, 4);
    return true;
  }
  bool f64_bits(uint64_t& out) {
    const uint8_t* b = nullptr;
    if (!bytes(8, b)) return false;
    std::memcpy(&out, b, 8);
    return true;
  }

  bool ok() const { return error_.empty(); }
  Error error() const { return Error{error_, error_offset_}; }
  bool fail(const char* message) { return fail_at(message, offset()); }
  bool fail_at(std::string message, size_t at) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_offset_ = at;
    }
    return false;
  }

 private:
  [[gnu::noinline]] bool u32_multibyte(uint32_t& out) {
    uint64_t v;
    if (!uleb(v, 32)) return false;
    out = uint32_t(v);
    return true;
  }
  bool uleb(uint64_t& out, unsigned bits) {
    size_t start = offset();
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
      if (p_ >= end_) return fail_at("unexpected end", start);
      uint8_t byte = *p_++;
      unsigned remaining_bits = bits - shift;
      if (remaining_bits < 7) {
        // Last permitted byte: no continuation, no bits above the integer's width.
        if ((byte & 0x80) || (byte >> remaining_bits) != 0)
          return fail_at(byte & 0x80 ? "integer representation too long" : "integer too large",
                         start);
      }
      result |= uint64_t(byte & 0x7F) << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
      if (shift >= bits && remaining_bits <= 7)
        return fail_at("integer representation too long", start);
    }
    out = result;
    return true;
  }
  bool sleb(int64_t& out, unsigned bits) {
    size_t start = offset();
    int64_t result = 0;
    unsigned shift = 0;
    uint8_t byte;
    for (;;) {
      if (p_ >= end_) return fail_at("unexpected end", start);
      byte = *p_++;
      unsigned remaining_bits = bits - shift;
      if (remaining_bits < 7) {
        // Last permitted byte: no continuation; the unused bits must equal the sign bit.
        if (byte & 0x80) return fail_at("integer representation too long", start);
        int8_t sign_extended = int8_t(byte << 1) >> 1;  // 7-bit payload sign-extended
        int64_t top = int64_t(sign_extended) >> (remaining_bits - 1);
        if (top != 0 && top != -1) return fail_at("integer too large", start);
      }
      result |= int64_t(uint64_t(byte & 0x7F) << shift);
      shift += 7;
      if (!(byte & 0x80)) break;
      if (shift >= bits && remaining_bits <= 7)
        return fail_at("integer representation too long", start);
    }
    if (shift < 64 && (byte & 0x40)) result |= int64_t(~uint64_t(0) << shift);
    out = result;
    return true;
  }

  const uint8_t* p_;
  const uint8_t* begin_;
  const uint8_t* end_;
  size_t base_;
  std::string error_;
  size_t error_offset_ = 0;
};

}  // namespace zwasm
