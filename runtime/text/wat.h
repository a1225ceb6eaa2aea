// The WebAssembly text format (spec chapter 6) read into the binary format (spec chapter 5).
//
// A text module becomes the bytes a binary module of the same meaning would be, and those go
// through the one decoder and validator (runtime/wasm/): the text reader checks what only the
// text can be wrong about (syntax, identifiers, literals, the text-only rules such as imports
// before definitions) and leaves typing to validation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/text/lexer.h"

namespace zwasm::text {

// Reads a whole text module: "(module ...)" or, as the spec's abbreviation allows, its fields
// alone. Errors read "LINE:COL: what (expected ...)" (Error::offset is the byte offset in the text).
Result<std::vector<uint8_t>> wat_to_wasm(std::string_view source);

// Reads one "(module ...)" form at the lexer's position (its "(" not yet consumed) and leaves
// the lexer after its ")". For script readers (WAST), which see modules among commands (and
// 3.0's "(module definition ...)", read the same); `name` receives the module's $id (empty
// when it has none).
Result<std::vector<uint8_t>> read_module(Lexer& lexer, std::string* name = nullptr);

// "LINE:COL: message": the form of every error the text readers give.
Error error_at(const SourcePos& pos, std::string_view message);

}  // namespace zwasm::text
