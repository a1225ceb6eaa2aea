// Internal pieces of the binary decoder (decoder.cpp, decoder_sections.cpp, decoder_names.cpp).
// Every reader here reports failure through the Reader (first error wins) and returns false.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/wasm/decoder.h"
#include "runtime/base/leb128.h"
#include "runtime/wasm/module.h"

namespace zwasm::decoder_detail {

// Section ids (spec 5.5.2).
enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
};

// A vec(...) length (spec 5.1.3). Every element of every vector in the format takes at least
// one byte, so a count above the remaining bytes is rejected before anyone reserves memory
// for it; that keeps allocation proportional to the input. (Checking only one byte per
// element, rather than each kind's true minimum, lets a truncated entry report the spec's
// more specific error, e.g. "malformed import kind".)
bool read_vec_count(Reader& r, const DecodeLimits& limits, uint32_t& count);

// The length of a vec(byte) (names, data segments, custom sections): bounded by the remaining
// bytes only, as byte payloads may legitimately exceed DecodeLimits::max_vector_count.
bool read_byte_count(Reader& r, uint32_t& count);

// name ::= vec(byte), valid UTF-8 (spec 5.2.4).
bool read_name(Reader& r, std::string& out);

bool read_valtype(Reader& r, ValType& out);   // spec 5.3.4: "malformed value type"
bool read_reftype(Reader& r, ValType& out);   // spec 5.3.3: "malformed reference type"
bool read_limits(Reader& r, Limits& out);     // spec 5.3.7
bool read_table_type(Reader& r, TableType& out);
bool read_memory_type(Reader& r, MemoryType& out);
bool read_global_type(Reader& r, GlobalType& out);

// A constant expression (spec 5.4.9 / 3.3.10): one constant instruction, then `end`.
// `module` supplies global types for global.get where the index is already known.
bool read_const_expr(Reader& r, const Module& module, ConstExpr& out);

// Section payload decoders. `r` is bounded to the section's contents.
bool decode_type_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_import_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_function_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_table_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_memory_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_global_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_export_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_start_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_element_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_data_count_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_code_section(Reader& r, Module& m, const DecodeLimits& limits);
bool decode_data_section(Reader& r, Module& m, const DecodeLimits& limits);

// The "name" custom section (spec 7.4). Fills module_name / func_names only when the whole
// section is well-formed; returns false (leaving the module untouched) otherwise.
bool decode_name_section(const uint8_t* data, size_t size, size_t base_offset,
                         const DecodeLimits& limits, Module& m);

}  // namespace zwasm::decoder_detail
