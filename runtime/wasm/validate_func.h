// Internal to the validator: the module-wide facts a function body is checked against (the
// spec's context C, 3.1.1), and the checker for one function body (3.3, typed by the algorithm of
// the spec appendix "Validation Algorithm").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/wasm/module.h"
#include "runtime/base/result.h"

namespace zwasm::validation {

// The context C, flattened over the combined (imported + defined) index spaces so that every
// lookup during body typing is one bounds check and one array read.
struct ModuleContext {
  explicit ModuleContext(const Module& m) : module(m) {}

  const Module& module;
  std::vector<uint32_t> func_type_indices;  // by function index; every entry < module.types.size()
  std::vector<TableType> tables;            // by table index
  std::vector<GlobalType> globals;          // by global index
  bool has_memory = false;                  // 2.0 has at most memory 0
  // C.refs (spec 3.4.10): functions that ref.func may name inside function bodies.
  std::vector<uint8_t> declared_funcs;      // by function index, 1 = declared
};

// Checks function bodies one after another, reusing its stacks between them.
class BodyChecker {
 public:
  explicit BodyChecker(const ModuleContext& ctx);
  ~BodyChecker();
  BodyChecker(const BodyChecker&) = delete;
  BodyChecker& operator=(const BodyChecker&) = delete;

  // Validates the body of defined function `defined_index` (0 = first non-imported function).
  Result<void> check(uint32_t defined_index);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zwasm::validation
