// The body convention, shared by the backends: how a compiled caller passes a compiled callee of
// its instance its first scalar arguments in registers (as well as in their cells, which an
// interpreted callee reads), and whether a callee with one scalar result also returns it in a
// register. Each backend says how many registers of each class carry arguments and which ones.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "codegen/regalloc.h"
#include "runtime/base/types.h"

namespace zwasm::jit {

struct BodyConv {
  struct Arg {
    uint32_t cell;  // its first cell, from the frame
    RegClass cls;
    uint8_t reg;    // the k-th argument register of its class
  };
  std::vector<Arg> args;
  std::vector<uint32_t> in_cells;  // the other arguments' first cells
  RegClass result = RegClass::None;
};

// Integers and references in general registers, floats in vector registers; a v128 stays in its
// cells (argument and result).
inline RegClass class_of_type(ValType t) {
  switch (t) {
    case ValType::I32: case ValType::I64: case ValType::FuncRef: case ValType::ExternRef:
      return RegClass::Gp;
    case ValType::F32: case ValType::F64: return RegClass::Fp;
    case ValType::V128: return RegClass::None;
  }
  return RegClass::None;
}

// The first `arg_registers` arguments of each class in registers, the others in cells.
inline BodyConv body_conv(const FuncType& type, uint32_t arg_registers) {
  BodyConv conv;
  std::vector<uint32_t> offsets;
  layout_cells(type.params, &offsets);
  uint32_t used[3] = {};
  for (size_t k = 0; k < type.params.size(); ++k) {
    RegClass cls = class_of_type(type.params[k]);
    uint32_t& n = used[size_t(cls)];
    if (cls != RegClass::None && n < arg_registers)
      conv.args.push_back({offsets[k], cls, uint8_t(n++)});
    else
      conv.in_cells.push_back(offsets[k]);
  }
  if (type.results.size() == 1) conv.result = class_of_type(type.results[0]);
  return conv;
}

// What a body's entry does with its arguments and the other values live there (a backend's
// receive_params()): the arguments that came in registers go to their values' homes (a parallel
// move per class, in the allocator's register numbering), or to their cells when they have none
// (a compiled caller passes them in registers only); then the other register-homed values live
// at entry are loaded from their cells, but declared locals, which start at zero.
struct EntryPlan {
  struct Move {
    uint8_t home;  // the allocatable register (regalloc.h numbering)
    uint8_t arg;   // the k-th argument register of its class
  };
  std::vector<Move> gp_moves, fp_moves;
  std::vector<BodyConv::Arg> to_cells;
  std::vector<Placed> reloads, zeroes;
};

inline EntryPlan plan_entry(const BodyConv& conv, const IrFunction& ir,
                            const std::vector<Placed>& at_entry) {
  EntryPlan plan;
  std::vector<uint32_t> received;
  for (const BodyConv::Arg& arg : conv.args) {
    auto home = std::find_if(at_entry.begin(), at_entry.end(),
                             [&](const Placed& p) { return p.slot == arg.cell; });
    if (home == at_entry.end()) {
      plan.to_cells.push_back(arg);
      received.push_back(arg.cell);
    } else if (home->reg.cls == arg.cls) {
      (arg.cls == RegClass::Gp ? plan.gp_moves : plan.fp_moves).push_back({home->reg.index, arg.reg});
      received.push_back(arg.cell);
    }  // else another class than its type's (cannot happen): loaded from its cell below
  }
  for (const Placed& p : at_entry) {
    if (std::find(received.begin(), received.end(), p.slot) != received.end()) continue;
    bool declared_local = p.slot >= ir.param_cells && p.slot < ir.local_cells;
    (declared_local ? plan.zeroes : plan.reloads).push_back(p);
  }
  return plan;
}

// Sequences moves into registers that may read each other's destinations (a parallel move): a
// move goes once no other pending move reads its destination; a cycle is broken by saving one
// destination in the scratch register first. `Src` is the assembler's operand type, and
// `reads(src, reg)` says whether a source is that register.
template <class Reg, class Src, class Reads, class Emit>
void move_in_parallel(std::vector<std::pair<Reg, Src>> moves, const Reg& scratch, Reads reads,
                      Emit emit) {
  std::erase_if(moves, [&](const auto& m) { return reads(m.second, m.first); });
  while (!moves.empty()) {
    bool progress = false;
    for (size_t i = 0; i < moves.size(); ++i) {
      bool blocked = false;
      for (size_t j = 0; j < moves.size() && !blocked; ++j)
        blocked = j != i && reads(moves[j].second, moves[i].first);
      if (blocked) continue;
      emit(moves[i].first, moves[i].second);
      moves.erase(moves.begin() + ptrdiff_t(i));
      progress = true;
      break;
    }
    if (progress) continue;
    Reg saved = moves.front().first;  // every destination is read: free this one
    emit(scratch, Src(saved));
    for (auto& m : moves)
      if (reads(m.second, saved)) m.second = Src(scratch);
  }
}

}  // namespace zwasm::jit
