// Translation of one validated function body from wasm stack code to register IR (ir.h).
#pragma once

#include <memory>
#include <memory_resource>

#include "runtime/ir/ir.h"
#include "runtime/wasm/module.h"
#include "runtime/base/result.h"

namespace zwasm {

// Translates defined function `defined_index` (index into Module::codes) of a validated module.
// Runs lazily, on the function's first call. The IR code is allocated from `resource`.
Result<std::unique_ptr<IrFunction>> translate_function(
    const Module& module, uint32_t defined_index,
    std::pmr::memory_resource* resource = std::pmr::get_default_resource());

}  // namespace zwasm
