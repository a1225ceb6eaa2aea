#include "runtime/ir/control_flow.h"

#include <algorithm>
#include <string>

namespace zwasm {

namespace {

Error fail_at(size_t pc, const std::string& what) {
  return Error{"IR verification failed at word " + std::to_string(pc) + ": " + what};
}

// The words before an op's variable part ('n'), i.e. where its count word sits.
size_t count_word(const std::string& layout) {
  size_t at = 1;
  for (char c : layout) {
    if (c == 'n') break;
    at += c == 'q' ? 2 : c == 'v' ? 4 : 1;
  }
  return at;
}

// Every branch target of the instruction at `pc` (absolute words).
void targets_of(const uint32_t* code, size_t pc, const std::string& layout,
                std::vector<int64_t>& out) {
  size_t w = pc + 1;
  for (char c : layout) {
    switch (c) {
      case 't': out.push_back(int64_t(pc) + int32_t(code[w++])); break;
      case 'n': {
        uint32_t n = code[w++];
        if (IrOp(code[pc]) == IrOp::JumpTable)
          for (uint32_t k = 0; k < n; ++k) out.push_back(int64_t(pc) + int32_t(code[w + k]));
        w += n;
        break;
      }
      case 'q': w += 2; break;
      case 'v': w += 4; break;
      default: w += 1; break;
    }
  }
}

}  // namespace

bool ir_falls_through(IrOp op) {
  switch (op) {
    case IrOp::Jump: case IrOp::JumpTable: case IrOp::Unreachable: case IrOp::Return0:
    case IrOp::Return1: case IrOp::Return2: case IrOp::ReturnN:
      return false;
    default:
      return true;
  }
}

uint32_t ControlFlow::block_at(uint32_t pc) const {
  auto it = std::lower_bound(blocks.begin(), blocks.end(), pc,
                             [](const IrBlock& b, uint32_t at) { return b.begin < at; });
  return it != blocks.end() && it->begin == pc ? uint32_t(it - blocks.begin()) : kNone;
}

Result<ControlFlow> scan_control_flow(const IrFunction& fn) {
  const auto& code = fn.code;
  ControlFlow cf;
  std::vector<uint8_t> starts(code.size() + 1, 0);   // 1 = an instruction starts here
  std::vector<uint8_t> leaders(code.size() + 1, 0);  // 1 = a block starts here
  struct Branch {
    size_t at;
    int64_t target;
  };
  std::vector<Branch> branches;
  std::vector<int64_t> targets;

  // Pass 1: instruction boundaries, branches, block leaders, loop numbering.
  uint32_t loops_seen = 0;
  size_t pc = 0;
  bool falls_through = true;
  if (!code.empty()) leaders[0] = 1;
  while (pc < code.size()) {
    if (code[pc] >= uint32_t(IrOp::kCount))
      return fail_at(pc, "unknown op " + std::to_string(code[pc]));
    IrOp op = IrOp(code[pc]);
    std::string layout = ir_layout(op);
    if (layout.find('n') != std::string::npos && pc + count_word(layout) >= code.size())
      return fail_at(pc, std::string(ir_op_name(op)) + " is truncated");
    size_t words = ir_instr_words(code.data(), pc);
    if (pc + words > code.size())
      return fail_at(pc, std::string(ir_op_name(op)) + " is truncated");
    starts[pc] = 1;
    cf.instrs.push_back(uint32_t(pc));
    if (op == IrOp::LoopHeader) {
      if (code[pc + 1] != loops_seen)
        return fail_at(pc, "LoopHeader #" + std::to_string(code[pc + 1]) + " out of order (expected #" +
                               std::to_string(loops_seen) + ")");
      ++loops_seen;
      leaders[pc] = 1;
    }
    targets.clear();
    targets_of(code.data(), pc, layout, targets);
    for (int64_t t : targets) branches.push_back({pc, t});
    falls_through = ir_falls_through(op);
    if (!targets.empty() || !falls_through) leaders[pc + words] = 1;
    pc += words;
  }
  if (!code.empty() && falls_through) return fail_at(cf.instrs.back(), "code can run past the end");
  if (loops_seen != fn.loop_count)
    return fail_at(0, std::to_string(loops_seen) + " LoopHeaders, but loop_count is " +
                          std::to_string(fn.loop_count));
  for (const Branch& b : branches) {
    if (b.target < 0 || size_t(b.target) >= code.size() || !starts[size_t(b.target)])
      return fail_at(b.at, "branch target " + std::to_string(b.target) + " is not an instruction");
    if (size_t(b.target) <= b.at && IrOp(code[size_t(b.target)]) != IrOp::LoopHeader)
      return fail_at(b.at, "backward branch to " + std::to_string(b.target) +
                               ", which is not a LoopHeader");
    leaders[size_t(b.target)] = 1;
  }

  // Pass 2: blocks, then their successors.
  for (size_t i = 0; i < cf.instrs.size(); ++i) {
    uint32_t at = cf.instrs[i];
    if (leaders[at]) {
      IrBlock b;
      b.begin = at;
      b.loop_header = IrOp(code[at]) == IrOp::LoopHeader;
      if (b.loop_header) cf.loops.push_back(uint32_t(cf.blocks.size()));
      cf.blocks.push_back(std::move(b));
    }
    IrBlock& cur = cf.blocks.back();
    cur.last = at;
    cur.end = uint32_t(at + ir_instr_words(code.data(), at));
  }
  for (IrBlock& b : cf.blocks) {
    IrOp op = IrOp(code[b.last]);
    if (ir_falls_through(op) && b.end < code.size()) b.succs.push_back(cf.block_at(b.end));
    targets.clear();
    targets_of(code.data(), b.last, ir_layout(op), targets);
    for (int64_t t : targets) {
      uint32_t s = cf.block_at(uint32_t(t));
      if (std::find(b.succs.begin(), b.succs.end(), s) == b.succs.end()) b.succs.push_back(s);
    }
  }
  return cf;
}

}  // namespace zwasm
