// Typed invocation from the embedder (spec 4.5.5 / 7.1 "func_invoke"): checks the arguments
// against the function type, then runs it through the interpreter's cell calling convention.
#include <algorithm>

#include "runtime/store/store.h"

namespace zwasm {

namespace {

Trap invoke_error(std::string message) {
  Trap t;
  t.code = TrapCode::HostTrap;
  t.message = std::move(message);
  return t;
}

}  // namespace

Trap invoke(Function* func, const std::vector<Value>& args, std::vector<Value>& results) {
  results.clear();
  if (func == nullptr) return invoke_error("invoke: null function");
  const FuncType& type = func->type;
  if (args.size() != type.params.size()) {
    return invoke_error("invoke " + func->display_name() + ": expected " +
                        std::to_string(type.params.size()) + " arguments, got " +
                        std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != type.params[i]) {
      return invoke_error("invoke " + func->display_name() + ": argument " + std::to_string(i) +
                          " has type " + valtype_name(args[i].type) + ", expected " +
                          valtype_name(type.params[i]));
    }
  }

  // Arguments and results share one buffer (interp.h): it must hold the larger of the two.
  std::vector<Cell> io(std::max<uint32_t>({func->param_cells, func->result_cells, 1u}), 0);
  Cell* cell = io.data();
  for (const Value& v : args) {
    // Normalise through the declared type so i32/f32 arguments have clean upper bits.
    const Cell raw[2] = {v.lo, v.hi};
    Value::from_cells(v.type, raw).to_cells(cell);
    cell += cells_of(v.type);
  }

  Trap trap = execute(func, io.data());
  if (!trap.ok()) return trap;

  results.reserve(type.results.size());
  cell = io.data();
  for (ValType t : type.results) {
    results.push_back(Value::from_cells(t, cell));
    cell += cells_of(t);
  }
  return trap;
}

}  // namespace zwasm
