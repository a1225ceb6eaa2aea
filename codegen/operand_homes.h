// Where the operands of the IR instruction being emitted live, for a backend's macro assembler:
// the lowering (lower.h) gives each operand its register from the allocation (regalloc.h), and
// the backend asks, per slot, whether the value it reads or the value it writes has one. Every
// other slot lives in its frame cell.
#pragma once

#include <cstdint>
#include <vector>

#include "codegen/regalloc.h"

namespace zwasm::jit {

class OperandHomes {
 public:
  // Every slot in its cell, for a frame of `frame_cells`; then set_home() gives the operands of
  // the instruction about to be emitted their registers: the value it reads, the value it
  // writes (they may differ for one slot); clear_home() puts the slot back in its cell.
  void begin_homes(uint32_t frame_cells) {
    homes_.assign(frame_cells, Reg{});
    dst_homes_.assign(frame_cells, Reg{});
    v128_homes_.assign(frame_cells, false);
  }
  void set_home(const Placed& operand) {
    if (operand.read) {
      homes_[operand.slot] = operand.reg;
      v128_homes_[operand.slot] = operand.wide;
    }
    if (operand.written) dst_homes_[operand.slot] = operand.reg;
  }
  void clear_home(uint32_t slot) { homes_[slot] = dst_homes_[slot] = Reg{}; }

 protected:
  // Where the instruction reads slot `s`, and where it writes it.
  bool in_gp(uint32_t s) const { return s < homes_.size() && homes_[s].cls == RegClass::Gp; }
  bool in_fp(uint32_t s) const { return s < homes_.size() && homes_[s].cls == RegClass::Fp; }
  bool dst_in_gp(uint32_t s) const { return s < dst_homes_.size() && dst_homes_[s].cls == RegClass::Gp; }
  bool dst_in_fp(uint32_t s) const { return s < dst_homes_.size() && dst_homes_[s].cls == RegClass::Fp; }
  // The slot is read and written in place, in the same register (or cell).
  bool same_home(uint32_t dst, uint32_t src) const { return dst == src && homes_[src] == dst_homes_[dst]; }
  bool read_as_v128(uint32_t s) const { return v128_homes_[s]; }

  std::vector<Reg> homes_, dst_homes_;  // per slot: the register read, the register written
  std::vector<bool> v128_homes_;        // per slot: the value read is a v128
};

}  // namespace zwasm::jit
