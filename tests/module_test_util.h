// Loading a module in tests: decode and validate, failing the test with the error otherwise.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/wasm/decoder.h"
#include "runtime/wasm/validator.h"

namespace zwasm::test {

inline std::shared_ptr<const Module> load_valid(std::vector<uint8_t> bytes) {
  // The messages only on failure: doctest's -s evaluates them for passing checks too.
  auto decoded = decode_module(std::move(bytes));
  if (!decoded.ok()) FAIL(decoded.error().describe());
  auto valid = validate_module(*decoded.value());
  if (!valid.ok()) FAIL(valid.error().describe());
  return decoded.value();
}

}  // namespace zwasm::test
