// UTF-8 validation, shared by the binary decoder (names, spec 5.2.4) and WASI (paths).
#pragma once

#include <cstddef>
#include <cstdint>

namespace zwasm {

// True for well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequence.
bool is_valid_utf8(const uint8_t* data, size_t size);

}  // namespace zwasm
