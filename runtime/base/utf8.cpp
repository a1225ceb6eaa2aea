#include "runtime/base/utf8.h"

namespace zwasm {

bool is_valid_utf8(const uint8_t* data, size_t size) {
  size_t i = 0;
  while (i < size) {
    uint8_t b0 = data[i];
    if (b0 < 0x80) {
      ++i;
      continue;
    }
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
      return false;  // continuation byte as lead, overlong C0/C1, or F5..FF
    }
    if (size - i < length) return false;
    if (data[i + 1] < second_lo || data[i + 1] > second_hi) return false;
    for (size_t k = 2; k < length; ++k)
      if ((data[i + k] & 0xC0) != 0x80) return false;
    i += length;
  }
  return true;
}

}  // namespace zwasm
