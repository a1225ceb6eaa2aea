// UTF-8 validation, shared by the binary decoder (names, spec 5.2.4) and WASI (paths).
#pragma once

#include <cstddef>
#include <cstdint>

namespace zwasm {

// True for well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequence.
bool is_valid_utf8(const uint8_t* data, size_t size);

// The length (1-4) of the well-formed UTF-8 sequence at `data` (of which `size` > 0 bytes are
// there), or 0 when it is malformed in any of those ways.
size_t utf8_sequence_length(const uint8_t* data, size_t size);

}  // namespace zwasm
