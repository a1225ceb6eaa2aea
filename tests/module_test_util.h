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
  auto decoded = decode_module(std::move(bytes));
  REQUIRE_MESSAGE(decoded.ok(), decoded.error().describe());
  auto valid = validate_module(*decoded.value());
  REQUIRE_MESSAGE(valid.ok(), valid.error().describe());
  return decoded.value();
}

}  // namespace zwasm::test
