#include "runtime/base/utf8.h"

namespace zwasm {

size_t utf8_sequence_length(const uint8_t* data, size_t size) {
  uint8_t b0 = data[0];
  if (b0 < 0x80) return 1;
  // The lead byte fixes the sequence length and the permitted range of the second byte;
  // narrowing that range is what excludes overlong forms, surrogates and > U+10FFFF.
  size_t length;
  uint8_t second_lo = 0x80, second_hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) second_lo = 0xA0;       // overlong below U+0800
    else if (b0 == 0xED) second_hi = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) second_lo = 0x90;       // overlong below U+10000
    else if (b0 == 0xF4) second_hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // continuation byte as lead, overlong C0/C1, or F5..FF
  }
  if (size < length) return 0;
  if (data[1] < second_lo || data[1] > second_hi) return 0;
  for (size_t k = 2; k < length; ++k)
    if ((data[k] & 0xC0) != 0x80) return 0;
  return length;
}

bool is_valid_utf8(const uint8_t* data, size_t size) {
  for (size_t i = 0; i < size;) {
    size_t n = utf8_sequence_length(data + i, size - i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace zwasm
