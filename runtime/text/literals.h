// Numeric literals of the text format (spec 6.3.1 "Integers", 6.3.2 "Floating-Point"): the
// values of Atom tokens. Each returns nullopt when the text is not such a literal or the value
// does not fit; the caller reports where ("constant out of range", "unexpected token").
//
// Integers: an optional sign, then decimal digits or "0x" and hex digits, with single "_"
// between digits ("1_000", "0xff_ff"; never leading, trailing or doubled).
// Floats additionally: a fraction and exponent ("1.5e-3", "0x1.8p+4", "1.", "0x1p-2"), "inf",
// "nan" (the canonical NaN) and "nan:0x..." (a NaN with that payload, which must be non-zero and
// fit the significand), each with an optional sign. Decimal and hex floats round to nearest,
// ties to even; a finite literal that rounds to infinity is out of range.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace zwasm::text {

// An unsigned literal of at most `bits` bits (no sign allowed): indices, offset=, align=.
std::optional<uint64_t> parse_unsigned(std::string_view text, unsigned bits);

// An iN literal (N = `bits`: 8, 16, 32 or 64): unsigned values up to 2^N - 1, or signed ones
// from -2^(N-1) (spec 6.3.1: "iN ::= uN | sN"). Returns the two's complement bits, zero-extended.
std::optional<uint64_t> parse_int(std::string_view text, unsigned bits);

// f32 / f64 literals, as bit patterns.
std::optional<uint32_t> parse_f32(std::string_view text);
std::optional<uint64_t> parse_f64(std::string_view text);

}  // namespace zwasm::text
