// Helpers for the decoder tests: build module binaries section by section.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "runtime/wasm/decoder.h"

namespace zwasm::test {

using Bytes = std::vector<uint8_t>;

inline Bytes uleb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// name ::= vec(byte)
inline Bytes name(const std::string& s) {
  return cat({uleb(s.size()), Bytes(s.begin(), s.end())});
}

// A section with its id and exact size.
inline Bytes section(uint8_t id, const Bytes& content) {
  return cat({Bytes{id}, uleb(content.size()), content});
}

inline Bytes module(std::initializer_list<Bytes> sections) {
  size_t size = 8;
  for (const Bytes& s : sections) size += s.size();
  Bytes out;
  out.reserve(size);  // (inserting into the 8-byte header trips g++ 12's -Warray-bounds)
  for (uint8_t b : {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}) out.push_back(b);
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// The error message of decoding `bytes`, or "" when it decodes.
inline std::string decode_error(Bytes bytes, const DecodeLimits& limits = {}) {
  auto r = decode_module(std::move(bytes), limits);
  return r.ok() ? std::string() : r.error().message;
}

// True when decoding fails with a message that starts with `expected` (the spec's wording;
// the decoder may append detail after it).
inline bool fails_with(Bytes bytes, const std::string& expected, const DecodeLimits& limits = {}) {
  std::string message = decode_error(std::move(bytes), limits);
  return !message.empty() && message.compare(0, expected.size(), expected) == 0;
}

// "c0 80" style, for failure messages.
inline std::string hex(const Bytes& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// Common sections.
inline Bytes type_section_void_to_void() { return section(1, {0x01, 0x60, 0x00, 0x00}); }
inline Bytes one_function() { return section(3, {0x01, 0x00}); }
inline Bytes one_empty_body() { return section(10, {0x01, 0x02, 0x00, 0x0B}); }

}  // namespace zwasm::test
