// LEB128 reading (spec 5.2.2): value ranges, maximum lengths, and the rule that the unused
// bits of the last permitted byte are zero (unsigned) or copies of the sign bit (signed).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/leb128.h"

using namespace zwasm;

namespace {

template <class T, class ReadFn>
T read_ok(std::vector<uint8_t> bytes, ReadFn read) {
  Reader r(bytes.data(), bytes.size());
  T value{};
  bool ok = read(r, value);
  INFO("error: " << r.error().message);
  REQUIRE(ok);
  CHECK(r.at_end());  // consumed exactly the encoding
  return value;
}

template <class T, class ReadFn>
std::string read_error(std::vector<uint8_t> bytes, ReadFn read) {
  Reader r(bytes.data(), bytes.size());
  T value{};
  if (read(r, value)) return "<no error>";
  return r.error().message;
}

const auto u32 = [](Reader& r, uint32_t& v) { return r.u32(v); };
const auto u64 = [](Reader& r, uint64_t& v) { return r.u64(v); };
const auto s32 = [](Reader& r, int32_t& v) { return r.s32(v); };
const auto s33 = [](Reader& r, int64_t& v) { return r.s33(v); };
const auto s64 = [](Reader& r, int64_t& v) { return r.s64(v); };

constexpr const char* kTooLong = "integer representation too long";
constexpr const char* kTooLarge = "integer too large";

}  // namespace

TEST_CASE("leb128: u32 values and lengths") {
  CHECK(read_ok<uint32_t>({0x00}, u32) == 0u);
  CHECK(read_ok<uint32_t>({0x7F}, u32) == 127u);
  CHECK(read_ok<uint32_t>({0x80, 0x01}, u32) == 128u);
  CHECK(read_ok<uint32_t>({0xE5, 0x8E, 0x26}, u32) == 624485u);
  CHECK(read_ok<uint32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, u32) == 0xFFFFFFFFu);
  // Non-minimal encodings are fine up to ceil(32/7) = 5 bytes.
  CHECK(read_ok<uint32_t>({0x80, 0x80, 0x80, 0x80, 0x00}, u32) == 0u);
  CHECK(read_ok<uint32_t>({0x83, 0x80, 0x00}, u32) == 3u);
}

TEST_CASE("leb128: u32 malformed encodings") {
  CHECK(read_error<uint32_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u32) == kTooLong);
  CHECK(read_error<uint32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x00}, u32) == kTooLong);
  // The 5th byte holds only 4 value bits; any of the upper three set is too large.
  CHECK(read_error<uint32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, u32) == kTooLarge);
  CHECK(read_error<uint32_t>({0x80, 0x80, 0x80, 0x80, 0x10}, u32) == kTooLarge);
  CHECK(read_error<uint32_t>({0x80, 0x80, 0x80, 0x80, 0x40}, u32) == kTooLarge);
  CHECK(read_error<uint32_t>({}, u32) == "unexpected end");
  CHECK(read_error<uint32_t>({0x80}, u32) == "unexpected end");
  CHECK(read_error<uint32_t>({0xFF, 0xFF, 0xFF, 0xFF}, u32) == "unexpected end");
}

TEST_CASE("leb128: u64 values and malformed encodings") {
  CHECK(read_ok<uint64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, u64) ==
        0xFFFFFFFFFFFFFFFFull);
  CHECK(read_ok<uint64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u64) == 0);
  CHECK(read_ok<uint64_t>({0x80, 0x80, 0x80, 0x80, 0x10}, u64) == 0x100000000ull);
  // The 10th byte holds one value bit.
  CHECK(read_error<uint64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}, u64) ==
        kTooLarge);
  CHECK(read_error<uint64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
                             u64) == kTooLong);
}

TEST_CASE("leb128: s32 boundaries") {
  CHECK(read_ok<int32_t>({0x00}, s32) == 0);
  CHECK(read_ok<int32_t>({0x7F}, s32) == -1);
  CHECK(read_ok<int32_t>({0x3F}, s32) == 63);
  CHECK(read_ok<int32_t>({0x40}, s32) == -64);
  CHECK(read_ok<int32_t>({0xC0, 0x00}, s32) == 64);
  CHECK(read_ok<int32_t>({0xBF, 0x7F}, s32) == -65);
  CHECK(read_ok<int32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x07}, s32) == INT32_MAX);
  CHECK(read_ok<int32_t>({0x80, 0x80, 0x80, 0x80, 0x78}, s32) == INT32_MIN);
  CHECK(read_ok<int32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s32) == -1);  // non-minimal -1
  CHECK(read_ok<int32_t>({0x80, 0x80, 0x80, 0x80, 0x00}, s32) == 0);   // non-minimal 0
  // Last byte: bit 3 is the sign; bits 4-6 must copy it.
  CHECK(read_error<int32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, s32) == kTooLarge);
  CHECK(read_error<int32_t>({0x80, 0x80, 0x80, 0x80, 0x70}, s32) == kTooLarge);
  CHECK(read_error<int32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, s32) == kTooLarge);
  CHECK(read_error<int32_t>({0x80, 0x80, 0x80, 0x80, 0x1F}, s32) == kTooLarge);
  CHECK(read_error<int32_t>({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s32) == kTooLong);
  CHECK(read_error<int32_t>({0xC0}, s32) == "unexpected end");
}

TEST_CASE("leb128: s33 boundaries (block types)") {
  CHECK(read_ok<int64_t>({0x40}, s33) == -64);  // the empty block type
  CHECK(read_ok<int64_t>({0x7F}, s33) == -1);
  CHECK(read_ok<int64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, s33) == 0xFFFFFFFFll);  // 2^32 - 1
  CHECK(read_ok<int64_t>({0x80, 0x80, 0x80, 0x80, 0x70}, s33) == -0x100000000ll);  // -2^32
  // Last byte: bit 4 is the sign; bits 5-6 must copy it.
  CHECK(read_error<int64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, s33) == kTooLarge);
  CHECK(read_error<int64_t>({0x80, 0x80, 0x80, 0x80, 0x60}, s33) == kTooLarge);
  CHECK(read_error<int64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, s33) == kTooLong);
}

TEST_CASE("leb128: s64 boundaries") {
  CHECK(read_ok<int64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, s64) ==
        INT64_MAX);
  CHECK(read_ok<int64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}, s64) ==
        INT64_MIN);
  CHECK(read_ok<int64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s64) == -1);
  CHECK(read_ok<int64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, s64) == 0);
  CHECK(read_ok<int64_t>({0x80, 0x80, 0x80, 0x80, 0x70}, s64) == -0x100000000ll);
  // The 10th byte holds only the sign bit: it must be 0x00 or 0x7F.
  CHECK(read_error<int64_t>({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, s64) ==
        kTooLarge);
  CHECK(read_error<int64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E}, s64) ==
        kTooLarge);
  CHECK(read_error<int64_t>({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40}, s64) ==
        kTooLarge);
  CHECK(read_error<int64_t>(
            {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s64) == kTooLong);
}

TEST_CASE("leb128: errors report the absolute offset of the integer") {
  std::vector<uint8_t> bytes = {0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r(bytes.data(), bytes.size(), /*base_offset=*/100);
  uint8_t first;
  REQUIRE(r.u8(first));
  CHECK(r.offset() == 101);
  uint32_t v;
  CHECK_FALSE(r.u32(v));
  CHECK(r.error().message == kTooLong);
  CHECK(r.error().offset == 101);
  // The first error wins.
  r.fail("later error");
  CHECK(r.error().message == kTooLong);
}

TEST_CASE("leb128: fixed-width reads are little-endian and bounds-checked") {
  std::vector<uint8_t> bytes = {0x00, 0x00, 0x80, 0x3F, 0x01, 0x02, 0x03};
  Reader r(bytes.data(), bytes.size());
  uint32_t f32;
  REQUIRE(r.f32_bits(f32));
  CHECK(f32 == 0x3F800000u);  // 1.0f
  uint64_t f64;
  CHECK_FALSE(r.f64_bits(f64));  // only 3 bytes left
  CHECK(r.error().message == "unexpected end");
}
