// Binary format decoding (spec chapter 5): bytes -> Module. Structural checks only; typing rules
// are the validator's. Errors carry the byte offset where decoding failed.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/wasm/module.h"
#include "runtime/base/result.h"

namespace zwasm {

// Implementation limits that keep hostile input bounded (they are above anything the spec
// suite or real toolchains produce).
struct DecodeLimits {
  uint64_t max_locals_per_function = 50000;
  uint64_t max_vector_count = 10'000'000;  // any vec(...) count beyond what the bytes could hold is malformed anyway
};

Result<std::shared_ptr<Module>> decode_module(std::vector<uint8_t> bytes,
                                              const DecodeLimits& limits = {});

}  // namespace zwasm
