// Command-line text <-> typed wasm values, for `zwasm run --invoke`.
#pragma once

#include <optional>
#include <string>

#include <zwasm/zwasm.h>

namespace zwasm::cli {

// Parses `text` as a value of type `t`: integers in decimal (signed or unsigned) or 0x hex,
// floats in any strtod syntax (inf, nan, hex floats). Reference types accept only "null".
std::optional<zwasm::api::Value> parse_value(zwasm::api::ValType t, const std::string& text);

// Formats a value the way the CLI prints results: i32/i64 as signed decimal, floats with
// round-trip precision, v128 as four 32-bit hex lanes, references as "null" or "ref".
std::string format_value(const zwasm::api::Value& v);

}  // namespace zwasm::cli
