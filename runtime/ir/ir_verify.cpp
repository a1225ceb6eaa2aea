#include "runtime/ir/ir_verify.h"

#include <string>
#include <vector>

namespace zwasm {
namespace {

// Cells occupied by each slot operand of `op`, in layout order ('d' and 's' letters only).
std::vector<uint32_t> operand_cells(IrOp op) {
  switch (op) {
    case IrOp::Copy2: return {2, 2};
    case IrOp::Const128: return {2};
    case IrOp::Select2: return {2, 2, 2, 1};
    case IrOp::GlobalGet2: return {2};
    case IrOp::GlobalSet2: return {2};
    case IrOp::Return2: return {2};
    default: break;
  }
  if (size_t(op) < size_t(WasmOp::kCount)) {
    const OpSig& sig = op_info(WasmOp(op)).sig;
    if (!sig.special) {
      std::vector<uint32_t> cells;
      if (sig.has_result) cells.push_back(cells_of(sig.result));
      for (int k = 0; k < sig.num_params; ++k) cells.push_back(cells_of(sig.params[k]));
      return cells;
    }
  }
  return {};  // every other slot operand is one cell
}

}  // namespace

std::string ir_layout(IrOp op);  // ir.cpp

Result<void> verify_ir(const IrFunction& fn) {
  const auto& code = fn.code;
  std::vector<bool> starts(code.size() + 1, false);
  struct Target {
    size_t at, target;
  };
  std::vector<Target> targets;
  auto fail = [&](size_t pc, const std::string& what) -> Result<void> {
    return Error{"IR verification failed at word " + std::to_string(pc) + ": " + what};
  };
  if (fn.local_cells < fn.param_cells || fn.frame_cells < fn.local_cells)
    return fail(0, "inconsistent frame layout");

  size_t pc = 0;
  while (pc < code.size()) {
    starts[pc] = true;
    if (code[pc] >= uint32_t(IrOp::kCount)) return fail(pc, "unknown op " + std::to_string(code[pc]));
    IrOp op = IrOp(code[pc]);
    std::string layout = ir_layout(op);
    // The length must fit before we read operands (variable-length ops read their count).
    size_t count_at = 1;
    for (char c : layout) {
      if (c == 'n') break;
      count_at += c == 'q' ? 2 : c == 'v' ? 4 : 1;
    }
    if (layout.find('n') != std::string::npos && pc + count_at >= code.size())
      return fail(pc, std::string(ir_op_name(op)) + " is truncated");
    size_t words = ir_instr_words(code.data(), pc);
    if (pc + words > code.size()) return fail(pc, std::string(ir_op_name(op)) + " is truncated");

    std::vector<uint32_t> cells = operand_cells(op);
    size_t slot_index = 0;
    size_t w = pc + 1;
    for (char c : layout) {
      switch (c) {
        case 'd': case 's': {
          uint32_t n = slot_index < cells.size() ? cells[slot_index] : 1;
          ++slot_index;
          if (uint64_t(code[w]) + n > fn.frame_cells)
            return fail(pc, std::string(ir_op_name(op)) + " slot " + std::to_string(code[w]) +
                                " outside the frame of " + std::to_string(fn.frame_cells) + " cells");
          w += 1;
          break;
        }
        case 't':
          targets.push_back({pc, size_t(int64_t(pc) + int32_t(code[w]))});
          w += 1;
          break;
        case 'n': {
          uint32_t n = code[w++];
          for (uint32_t k = 0; k < n; ++k, ++w) {
            if (op == IrOp::JumpTable) {
              targets.push_back({pc, size_t(int64_t(pc) + int32_t(code[w]))});
            } else if (code[w] >= fn.frame_cells) {
              return fail(pc, std::string(ir_op_name(op)) + " slot outside the frame");
            }
          }
          break;
        }
        case 'q': w += 2; break;
        case 'v': w += 4; break;
        default: w += 1; break;
      }
    }
    pc += words;
  }
  for (const Target& t : targets)
    if (t.target >= code.size() || !starts[t.target])
      return fail(t.at, "branch target " + std::to_string(int64_t(t.target)) +
                            " is not an instruction");
  if (!code.empty()) {
    // Control must not run off the end: the last instruction is a return, jump or trap.
    size_t last = 0;
    for (size_t i = 0; i < code.size(); i += ir_instr_words(code.data(), i)) last = i;
    IrOp op = IrOp(code[last]);
    bool terminal = op == IrOp::Return0 || op == IrOp::Return1 || op == IrOp::Return2 ||
                    op == IrOp::ReturnN || op == IrOp::Jump || op == IrOp::JumpTable ||
                    op == IrOp::Unreachable;
    if (!terminal) return fail(last, "code can run past the end");
  }
  return {};
}

}  // namespace zwasm
