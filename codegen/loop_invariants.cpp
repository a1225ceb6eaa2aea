#include "codegen/loop_invariants.h"

#include <algorithm>

namespace zwasm::jit {
namespace {

constexpr uint32_t kNone = LoopInvariants::kNone;

bool is_float_constant(IrOp op) {
  IrMoveInfo move = ir_move(op);
  return move.kind == IrMove::Const && (move.type == 'f' || move.type == 'F' || move.type == 'V');
}
bool is_global_get(IrOp op) { return ir_move(op).kind == IrMove::GlobalGet; }
bool is_global_set(IrOp op) { return ir_move(op).kind == IrMove::GlobalSet; }

}  // namespace

LoopInvariants find_loop_invariants(const IrFunction& ir, const ControlFlow& cf,
                                    const std::vector<bool>& calls_out) {
  LoopInvariants out;
  const size_t loops = cf.loops.size();
  const uint32_t positions = uint32_t(cf.instrs.size()) + 1;
  out.hoist_to.assign(positions, kNone);
  if (loops == 0) return out;
  out.first.assign(loops, kNone);
  out.last.assign(loops, kNone);
  out.parent.assign(loops, kNone);

  // One walk in code order with the open loops on a stack (a LoopHeader's #size gives where its
  // loop ends): each instruction's innermost loop, and per loop whether it calls out and which
  // globals it sets, passed on to the loop around it when it closes.
  std::vector<uint32_t> innermost(positions, kNone);
  std::vector<uint32_t> end_pc(loops, 0);
  std::vector<bool> calls(loops, false);
  std::vector<std::vector<uint32_t>> sets(loops);
  std::vector<uint32_t> open;
  auto close = [&](uint32_t last_pos) {
    uint32_t loop = open.back();
    open.pop_back();
    out.last[loop] = last_pos;
    if (uint32_t up = out.parent[loop]; up != kNone) {
      calls[up] = calls[up] || calls[loop];
      sets[up].insert(sets[up].end(), sets[loop].begin(), sets[loop].end());
    }
  };
  for (uint32_t pos = 1; pos < positions; ++pos) {
    uint32_t pc = cf.instrs[pos - 1];
    const uint32_t* ins = &ir.code[pc];
    while (!open.empty() && pc >= end_pc[open.back()]) close(pos - 1);
    IrOp op = IrOp(ins[0]);
    if (op == IrOp::LoopHeader && ins[1] < loops) {
      uint32_t loop = ins[1];
      end_pc[loop] = pc + ins[2];
      out.first[loop] = pos;
      out.parent[loop] = open.empty() ? kNone : open.back();
      open.push_back(loop);
    }
    if (open.empty()) continue;
    innermost[pos] = open.back();
    if (calls_out[size_t(op)]) calls[open.back()] = true;
    if (is_global_set(op)) sets[open.back()].push_back(ins[1]);
  }
  while (!open.empty()) close(positions - 1);

  for (uint32_t pos = 1; pos < positions; ++pos) {
    if (innermost[pos] == kNone) continue;
    const uint32_t* ins = &ir.code[cf.instrs[pos - 1]];
    IrOp op = IrOp(ins[0]);
    bool global = is_global_get(op);
    if (!global && !is_float_constant(op)) continue;
    auto invariant_in = [&](uint32_t loop) {
      if (calls[loop]) return false;
      return !global || std::find(sets[loop].begin(), sets[loop].end(), ins[2]) == sets[loop].end();
    };
    for (uint32_t loop = innermost[pos]; loop != kNone && invariant_in(loop); loop = out.parent[loop])
      out.hoist_to[pos] = loop;
  }
  return out;
}

}  // namespace zwasm::jit
