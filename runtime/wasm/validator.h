// Validation (spec chapter 3): module-level rules and the typing of every function body.
#pragma once

#include "runtime/wasm/module.h"
#include "runtime/base/result.h"

namespace zwasm {

// Validates a decoded module. Errors name the function index and the byte offset.
Result<void> validate_module(const Module& module);

}  // namespace zwasm
