#include "codegen/regalloc.h"

#include "codegen/loop_invariants.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>
#include <span>

namespace zwasm::jit {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
// The dataflow's bitsets (four per block, a bit per slot) above this many words: no registers.
constexpr size_t kMaxBitsetWords = size_t(8) << 20;

RegClass class_of(char type) {
  switch (type) {
    case 'i': case 'I': case 'r': return RegClass::Gp;
    case 'f': case 'F': case 'V': return RegClass::Fp;  // a v128 fills an xmm register
    default: return RegClass::None;
  }
}

// A slot named by an instruction (or defined at entry: params and locals).
struct Occurrence {
  uint32_t slot;
  char type;
  bool def;
  uint32_t node = kNone;  // the value node it reads or defines
};

// Per block, a list of (slot, value node) pairs ascending by slot, all in one array.
struct NodeLists {
  std::vector<uint32_t> begin{0};
  std::vector<std::pair<uint32_t, uint32_t>> items;
  void end_block() { begin.push_back(uint32_t(items.size())); }
  std::span<const std::pair<uint32_t, uint32_t>> of(uint32_t block) const {
    return {items.data() + begin[block], items.data() + begin[block + 1]};
  }
};

// What the allocator gathers per value (a union-find root).
struct ValueInfo {
  uint32_t slot = kNone;
  uint32_t start = kNone, end = 0;
  RegClass cls = RegClass::None;
  bool wide = false;      // a v128
  bool excluded = false;
  bool crosses_call = false;
  uint32_t hint = kNone;  // a value whose register it would rather take (it copies it)
  int fixed = -1;         // a register it would rather take (an argument's)
  double weight = 0;
  uint32_t defs = 0;      // definitions (an entry value's included)
  uint32_t reads = 0;     // operands reading it
};

class Allocator {
 public:
  Allocator(const IrFunction& ir, const ControlFlow& cf, const RegisterFile& regs,
            const CalleeType& callee_type, const OpTraits& ops)
      : ir_(ir), cf_(cf), regs_(regs), callee_type_(callee_type), ops_(ops) {}

  Allocation run() {
    Allocation out;
    positions_ = uint32_t(cf_.instrs.size()) + 1;
    slots_ = ir_.frame_cells;
    words_ = (slots_ + 63) / 64;
    out.operands_begin.assign(positions_ + 1, 0);
    out.across_begin.assign(positions_ + 1, 0);
    out.at_loop.resize(cf_.loops.size());
    out.omitted.assign(positions_, false);
    out.hoisted.resize(cf_.loops.size());
    out.loop_parent.assign(cf_.loops.size(), Allocation::kNoLoop);
    size_t params = ir_.type ? ir_.type->params.size() : 0;
    out.zero_local.assign(ir_.local_types.size() - std::min(params, ir_.local_types.size()), true);
    if (cf_.blocks.empty() || slots_ == 0 || cf_.blocks.size() * words_ * 4 > kMaxBitsetWords)
      return out;
    collect();
    liveness();
    build_values();
    measure_values();
    scan_with_invariants();
    emit(out);
    return out;
  }

 private:
  // ---- what each instruction names ----
  void collect() {
    for (const IrBlock& block : cf_.blocks) {
      block_first_.push_back(instr_position(cf_, block.begin));
      block_last_.push_back(instr_position(cf_, block.last));
    }
    occ_begin_.assign(positions_ + 1, 0);
    occs_.reserve(cf_.instrs.size() * 3);
    excluded_.assign(slots_, false);
    calls_out_at_.assign(positions_, false);
    header_loop_.assign(positions_, kNone);
    // Params and declared locals are defined at entry (the caller's arguments, zeroes); the
    // params that arrive in registers would rather stay there.
    ArgRegisters entry_args(regs_);
    for (size_t i = 0; i < ir_.local_types.size(); ++i) {
      add(ir_.local_slots[i], ir_type_letter(ir_.local_types[i]), true);
      if (ir_.type && i < ir_.type->params.size())
        prefer_last(ir_.local_slots[i], entry_args.next(ir_.local_types[i]));
    }
    std::vector<char> result_types;  // by result cell (ReturnN)
    if (ir_.type) {
      CallCells cells = call_cells(*ir_.type);
      result_types.assign(ir_.result_cells, '?');
      for (size_t k = 0; k < cells.results.size(); ++k)
        if (cells.results[k] < result_types.size()) result_types[cells.results[k]] = cells.result_types[k];
    }
    for (uint32_t index = 0; index < cf_.instrs.size(); ++index) {
      uint32_t pos = index + 1;
      occ_begin_[pos] = uint32_t(occs_.size());
      const uint32_t* ins = &ir_.code[cf_.instrs[index]];
      IrOp op = IrOp(ins[0]);
      calls_out_at_[pos] = ops_.calls_out[size_t(op)];
      if (op == IrOp::LoopHeader) header_loop_[pos] = ins[1];
      const std::vector<IrSlotOperand>& operands = ir_slot_operands(op);
      // Reads first, then writes: an instruction reads its operands before it writes.
      for (const IrSlotOperand& o : operands)
        if (!o.write) add(ins[o.word], o.type, false);
      switch (op) {
        case IrOp::Call: case IrOp::CallIndirect: {
          uint32_t base = op == IrOp::Call ? ins[2] : ins[4];
          const FuncType* type = callee_type_(ins);
          if (!type) {
            for (uint32_t s = base; s < slots_; ++s) excluded_[s] = true;
            break;
          }
          CallCells cells = call_cells(*type);
          ArgRegisters args(regs_);
          for (size_t k = 0; k < cells.params.size(); ++k) {
            add(base + cells.params[k], cells.param_types[k], false);
            prefer_last(base + cells.params[k], args.next(type->params[k]));
          }
          for (size_t k = 0; k < cells.results.size(); ++k)
            add(base + cells.results[k], cells.result_types[k], true);
          break;
        }
        case IrOp::Return1:
          if (ir_.type && ir_.type->results.size() == 1)
            add(ins[1], ir_type_letter(ir_.type->results[0]), false);
          else if (ins[1] < slots_)
            excluded_[ins[1]] = true;
          break;
        case IrOp::ReturnN:
          for (uint32_t c = 0; c < ins[1]; ++c) {
            uint32_t slot = ins[2 + c];
            if (slot == kNoSlot) continue;
            char type = c < result_types.size() ? result_types[c] : '?';
            if (type == 'V') type = '?';  // return_cells moves cell by cell: a v128 stays in cells
            add(slot, type, false);
          }
          break;
        default: break;
      }
      for (const IrSlotOperand& o : operands)
        if (o.write) add(ins[o.word], o.type, true);
      // A copy's result would rather take its source's register (the copy then disappears).
      bool copy = ir_move(op).kind == IrMove::Copy;
      uint32_t n = uint32_t(occs_.size()) - occ_begin_[pos];
      if (copy && n == 2 && !occs_[occ_begin_[pos]].def && occs_[occ_begin_[pos] + 1].def)
        copies_.push_back({occ_begin_[pos] + 1, occ_begin_[pos]});
    }
    occ_begin_[positions_] = uint32_t(occs_.size());
    find_loops();
    invariants_ = find_loop_invariants(ir_, cf_, ops_.calls_out);
  }

  // The registers the backend passes arguments in, in order (RegisterFile::gp_args).
  struct ArgRegisters {
    explicit ArgRegisters(const RegisterFile& r) : regs(r) {}
    int next(ValType t) {
      RegClass cls = class_of(ir_type_letter(t));
      if (cls == RegClass::Gp) return gp < regs.gp_args ? int(gp++) : -1;
      if (cls == RegClass::Fp && t != ValType::V128) return fp < regs.fp_args ? int(fp++) : -1;
      return -1;
    }
    const RegisterFile& regs;
    uint32_t gp = 0, fp = 0;
  };
  // The occurrence just added, of `slot`, would rather have register `reg` (if any).
  void prefer_last(uint32_t slot, int reg) {
    if (reg >= 0 && !occs_.empty() && occs_.back().slot == slot)
      fixed_.push_back({uint32_t(occs_.size() - 1), reg});
  }

  void add(uint32_t slot, char type, bool def) {
    if (slot >= slots_) return;
    if (class_of(type) == RegClass::None) {  // an unknown type
      excluded_[slot] = true;
      return;
    }
    occs_.push_back({slot, type, def});
  }

  void find_loops() {
    depth_.assign(positions_ + 1, 0);
    std::vector<int32_t> delta(positions_ + 1, 0);
    std::vector<uint32_t> loop_end(cf_.blocks.size(), 0);  // per header block: its last latch
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b)
      for (uint32_t succ : cf_.blocks[b].succs)
        if (succ <= b) loop_end[succ] = std::max(loop_end[succ], last_pos(b));
    for (uint32_t header : cf_.loops) {
      uint32_t begin = first_pos(header), end = std::max(begin, loop_end[header]);
      ++delta[begin];
      --delta[end + 1];
    }
    int32_t depth = 0;
    for (uint32_t p = 0; p < positions_; ++p) {
      depth += delta[p];
      depth_[p] = uint32_t(std::max(depth, 0));
    }
  }

  // ---- liveness: a backward dataflow over the blocks, a bit per slot ----
  uint64_t* bits(std::vector<uint64_t>& v, uint32_t block) { return &v[size_t(block) * words_]; }
  static bool test(const uint64_t* b, uint32_t s) { return (b[s / 64] >> (s % 64)) & 1; }
  static void set(uint64_t* b, uint32_t s) { b[s / 64] |= uint64_t(1) << (s % 64); }
  static void reset(uint64_t* b, uint32_t s) { b[s / 64] &= ~(uint64_t(1) << (s % 64)); }
  uint32_t first_pos(uint32_t b) const { return block_first_[b]; }
  uint32_t last_pos(uint32_t b) const { return block_last_[b]; }

  void liveness() {
    size_t n = cf_.blocks.size() * words_;
    gen_.assign(n, 0);
    kill_.assign(n, 0);
    in_.assign(n, 0);
    out_.assign(n, 0);
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b) {
      uint64_t* gen = bits(gen_, b);
      uint64_t* kill = bits(kill_, b);
      for (uint32_t pos = first_pos(b); pos <= last_pos(b); ++pos)
        for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i) {
          const Occurrence& o = occs_[i];
          if (o.def) set(kill, o.slot);
          else if (!test(kill, o.slot)) set(gen, o.slot);
        }
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (uint32_t b = uint32_t(cf_.blocks.size()); b-- > 0;) {
        uint64_t* out = bits(out_, b);
        for (uint32_t succ : cf_.blocks[b].succs) {
          const uint64_t* in = bits(in_, succ);
          for (uint32_t w = 0; w < words_; ++w) out[w] |= in[w];
        }
        uint64_t* in = bits(in_, b);
        const uint64_t* gen = bits(gen_, b);
        const uint64_t* kill = bits(kill_, b);
        for (uint32_t w = 0; w < words_; ++w) {
          uint64_t next = gen[w] | (out[w] & ~kill[w]);
          if (next != in[w]) {
            in[w] = next;
            changed = true;
          }
        }
      }
    }
    // The slots live across each instruction that calls out (live after it, not written by it).
    across_begin_.assign(positions_ + 1, 0);
    std::vector<std::vector<uint32_t>> across(positions_);
    std::vector<uint64_t> live(words_);
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b) {
      std::copy_n(bits(out_, b), words_, live.begin());
      for (uint32_t pos = last_pos(b); pos >= first_pos(b); --pos) {
        for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i)
          if (occs_[i].def) reset(live.data(), occs_[i].slot);
        if (calls_out_at_[pos])
          for (uint32_t w = 0; w < words_; ++w)
            for (uint64_t m = live[w]; m; m &= m - 1) across[pos].push_back(w * 64 + std::countr_zero(m));
        for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i)
          if (!occs_[i].def) set(live.data(), occs_[i].slot);
      }
    }
    for (uint32_t pos = 0; pos < positions_; ++pos) {
      across_begin_[pos] = uint32_t(across_slots_.size());
      across_slots_.insert(across_slots_.end(), across[pos].begin(), across[pos].end());
    }
    across_begin_[positions_] = uint32_t(across_slots_.size());
  }

  // ---- values: definitions joined with the uses they reach (union-find) ----
  uint32_t new_node() {
    parent_.push_back(uint32_t(parent_.size()));
    return parent_.back();
  }
  uint32_t find(uint32_t n) {
    while (parent_[n] != n) n = parent_[n] = parent_[parent_[n]];
    return n;
  }
  void unite(uint32_t a, uint32_t b) {
    if (a == kNone || b == kNone) return;
    a = find(a);
    b = find(b);
    if (a != b) parent_[b] = a;
  }

  // Whether block b continues block b - 1's values unchanged: b - 1 falls through to it and is
  // its only predecessor (and it is no loop header), so no value starts at its entry.
  void find_inheriting_blocks() {
    std::vector<uint32_t> preds(cf_.blocks.size(), 0);
    for (const IrBlock& block : cf_.blocks)
      for (uint32_t succ : block.succs) ++preds[succ];
    inherits_.assign(cf_.blocks.size(), false);
    for (uint32_t b = 1; b < cf_.blocks.size(); ++b) {
      const auto& prev = cf_.blocks[b - 1].succs;
      inherits_[b] = preds[b] == 1 && !cf_.blocks[b].loop_header &&
                     std::find(prev.begin(), prev.end(), b) != prev.end();
    }
  }

  void build_values() {
    find_inheriting_blocks();
    // The value each slot holds at the current point of the walk. Stale entries are never read:
    // a block reads a slot it has not written only if the slot is live into it, and then the
    // entry is the block's live-in value (or, in an inheriting block, its predecessor's).
    std::vector<uint32_t> cur(slots_, kNone);
    across_nodes_.assign(across_slots_.size(), kNone);
    // Entry: the params and locals whose entry value is used (live into block 0).
    for (uint32_t i = occ_begin_[0]; i < occ_begin_[1]; ++i) {
      if (!test(bits(in_, 0), occs_[i].slot)) continue;
      occs_[i].node = new_node();
      entry_nodes_.push_back({occs_[i].slot, occs_[i].node});
    }
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b) {
      if (!inherits_[b]) {
        const uint64_t* in = bits(in_, b);
        for (uint32_t w = 0; w < words_; ++w)
          for (uint64_t m = in[w]; m; m &= m - 1) {
            uint32_t s = w * 64 + uint32_t(std::countr_zero(m));
            if (excluded_[s]) continue;
            uint32_t node = new_node();
            live_in_nodes_.items.push_back({s, node});  // by slot, ascending
            cur[s] = node;
          }
      }
      live_in_nodes_.end_block();
      for (uint32_t pos = first_pos(b); pos <= last_pos(b); ++pos) {
        for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i) {
          Occurrence& o = occs_[i];
          if (excluded_[o.slot]) continue;
          if (!o.def) {
            o.node = cur[o.slot];
            continue;
          }
          o.node = new_node();
          cur[o.slot] = o.node;
        }
        for (uint32_t i = across_begin_[pos]; i < across_begin_[pos + 1]; ++i)
          across_nodes_[i] = cur[across_slots_[i]];
      }
      // The values leaving along an edge into a block that starts values of its own (this is
      // also where an interval learns it reaches the block's end).
      bool feeds_join = false;
      for (uint32_t succ : cf_.blocks[b].succs) feeds_join |= !inherits_[succ];
      if (feeds_join) {
        const uint64_t* out = bits(out_, b);
        for (uint32_t w = 0; w < words_; ++w)
          for (uint64_t m = out[w]; m; m &= m - 1) {
            uint32_t s = w * 64 + uint32_t(std::countr_zero(m));
            if (!excluded_[s]) live_out_nodes_.items.push_back({s, cur[s]});
          }
      }
      live_out_nodes_.end_block();
    }
    // Values flow along the edges, and from the entry into block 0.
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b)
      for (uint32_t succ : cf_.blocks[b].succs)
        if (!inherits_[succ])
          for (const auto& [s, node] : live_out_nodes_.of(b)) unite(node, live_in_node(succ, s));
    for (const auto& [s, node] : entry_nodes_) unite(node, live_in_node(0, s));
  }

  uint32_t live_in_node(uint32_t block, uint32_t slot) const {
    auto nodes = live_in_nodes_.of(block);
    auto it = std::lower_bound(nodes.begin(), nodes.end(), std::pair<uint32_t, uint32_t>{slot, 0});
    return it != nodes.end() && it->first == slot ? it->second : kNone;
  }

  // ---- each value's interval, class and weight ----
  void measure_values() {
    value_of_root_.assign(parent_.size(), kNone);
    auto value = [&](uint32_t node, uint32_t slot) -> ValueInfo* {
      if (node == kNone) return nullptr;
      uint32_t root = find(node);
      if (value_of_root_[root] == kNone) {
        value_of_root_[root] = uint32_t(values_.size());
        values_.push_back({});
        values_.back().slot = slot;
        values_.back().excluded = excluded_[slot];
      }
      return &values_[value_of_root_[root]];
    };
    auto touch = [](ValueInfo* v, uint32_t pos) {
      v->start = std::min(v->start, pos);
      v->end = std::max(v->end, pos);
    };
    for (uint32_t pos = 0; pos < positions_; ++pos)
      for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i) {
        const Occurrence& o = occs_[i];
        ValueInfo* v = value(o.node, o.slot);
        if (!v) continue;
        touch(v, pos);
        if (o.def) ++v->defs;
        else ++v->reads;
        RegClass cls = class_of(o.type);
        bool wide = o.type == 'V';
        if (v->cls != RegClass::None && (v->cls != cls || v->wide != wide)) v->excluded = true;
        v->cls = cls;
        v->wide = wide;
        v->weight += double(uint64_t(1) << (3 * std::min<uint32_t>(depth_[pos], 6)));
      }
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b) {
      for (const auto& [s, node] : live_in_nodes_.of(b))
        if (ValueInfo* v = value(node, s)) touch(v, first_pos(b));
      for (const auto& [s, node] : live_out_nodes_.of(b))
        if (ValueInfo* v = value(node, s)) touch(v, last_pos(b));
    }
    for (uint32_t i = 0; i < across_nodes_.size(); ++i)
      if (ValueInfo* v = value(across_nodes_[i], across_slots_[i])) v->crosses_call = true;
    for (const auto& [occ, reg] : fixed_)
      if (ValueInfo* v = value(occs_[occ].node, occs_[occ].slot)) v->fixed = reg;
    for (const auto& [def, use] : copies_) {
      ValueInfo* to = value(occs_[def].node, occs_[def].slot);
      ValueInfo* from = value(occs_[use].node, occs_[use].slot);
      if (to && from && to != from) to->hint = uint32_t(from - values_.data());
    }
    // An invariant instruction (loop_invariants.h) whose value has no other definition may move
    // before its loop if that value keeps one register over the whole loop, from just before
    // its LoopHeader (an instruction there reads before the moved code writes) to its end.
    for (uint32_t pos = 1; pos < positions_; ++pos) {
      uint32_t loop = invariants_.hoist_to[pos];
      if (loop == LoopInvariants::kNone || occ_begin_[pos + 1] - occ_begin_[pos] != 1) continue;
      const Occurrence& o = occs_[occ_begin_[pos]];
      ValueInfo* v = value(o.node, o.slot);
      if (!v || !o.def || v->defs != 1 || v->excluded) continue;
      hoist_candidates_.push_back({pos, uint32_t(v - values_.data()), v->start, v->end});
      touch(v, invariants_.first[loop] - 1);
      touch(v, invariants_.last[loop]);
    }
  }

  // What a register saves a value per position it holds it: its weighted uses over its length.
  double density(uint32_t v) const {
    return values_[v].weight / double(values_[v].end - values_[v].start + 1);
  }

  // ---- linear scan over the values' intervals ----
  // By start: a free register if there is one (one that survives calls first for an interval
  // crossing a call, one that does not otherwise), else the register of the lightest active
  // interval of the class, if it is lighter than this one.
  void linear_scan() {
    regs_of_.assign(values_.size(), Reg{});
    std::vector<uint32_t> order;
    for (uint32_t v = 0; v < values_.size(); ++v)
      if (!values_[v].excluded && values_[v].cls != RegClass::None) order.push_back(v);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return values_[a].start < values_[b].start; });
    struct ClassState {
      uint8_t count = 0;
      uint32_t preserved = 0;
      uint32_t free = 0;             // bit per free register
      std::vector<uint32_t> active;  // values holding a register
    };
    ClassState gp{regs_.gp_count, regs_.gp_preserved, 0, {}}, fp{regs_.fp_count, regs_.fp_preserved, 0, {}};
    for (ClassState* c : {&gp, &fp}) c->free = c->count >= 32 ? ~0u : (1u << c->count) - 1;
    for (uint32_t v : order) {
      ValueInfo& info = values_[v];
      ClassState& st = info.cls == RegClass::Gp ? gp : fp;
      if (st.count == 0) continue;
      // Expire the intervals that end where this one starts, too: an instruction reads its
      // operands before it writes its result, and a value that ends at a position is not live
      // after it (a branch, the only way back to an earlier position, writes nothing).
      for (size_t k = 0; k < st.active.size();) {
        uint32_t other = st.active[k];
        if (values_[other].end <= info.start) {
          st.free |= 1u << regs_of_[other].index;
          st.active[k] = st.active.back();
          st.active.pop_back();
        } else {
          ++k;
        }
      }
      if (info.fixed >= 0 && (st.free >> info.fixed) & 1) {  // an argument's register
        uint8_t reg = uint8_t(info.fixed);
        st.free &= ~(1u << reg);
        regs_of_[v] = {info.cls, reg};
        st.active.push_back(v);
        continue;
      }
      if (st.free && info.hint != kNone && regs_of_[info.hint].cls == info.cls &&
          (st.free >> regs_of_[info.hint].index) & 1) {  // the register of the value it copies
        uint8_t reg = regs_of_[info.hint].index;
        st.free &= ~(1u << reg);
        regs_of_[v] = {info.cls, reg};
        st.active.push_back(v);
        continue;
      }
      if (st.free) {
        uint32_t preferred = st.free & (info.crosses_call ? st.preserved : ~st.preserved);
        uint8_t reg = uint8_t(std::countr_zero(preferred ? preferred : st.free));
        st.free &= ~(1u << reg);
        regs_of_[v] = {info.cls, reg};
        st.active.push_back(v);
        continue;
      }
      auto lightest = std::min_element(st.active.begin(), st.active.end(), [&](uint32_t a, uint32_t b) {
        return density(a) < density(b);
      });
      if (lightest == st.active.end() || density(*lightest) >= density(v)) continue;
      regs_of_[v] = regs_of_[*lightest];
      regs_of_[*lightest] = {};
      *lightest = v;
    }
  }

  // Whether the instruction at `pos` is pure and none of its results is read (a use in another
  // block, or around a loop, is a read of the same value), but by dead instructions.
  bool dead(uint32_t pos) {
    IrOp op = IrOp(ir_.code[cf_.instrs[pos - 1]]);
    if (!ops_.pure[size_t(op)]) return false;
    size_t writes = 0;
    for (const IrSlotOperand& o : ir_slot_operands(op)) writes += o.write;
    size_t dead_defs = 0;
    for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i) {
      const Occurrence& o = occs_[i];
      if (!o.def) continue;
      uint32_t v = o.node == kNone ? kNone : value_of_root_[find(o.node)];
      if (v == kNone || values_[v].reads > 0) return false;
      ++dead_defs;
    }
    return writes > 0 && dead_defs == writes;  // every result known, and unread
  }

  // Invariants move only where registers are to spare. In a loop whose range has values
  // without a register of their class (an invariant's own included), as many of its invariants
  // of that class as values lost at its worst point (the least used first) stay where they are,
  // with their own short intervals, and the scan runs again; after a few rounds, no invariant
  // of such a loop moves.
  void scan_with_invariants() {
    for (int round = 0;; ++round) {
      linear_scan();
      if (hoist_candidates_.empty()) return;
      // Per class and position, how many values without a register are live there.
      std::vector<int32_t> lost_gp(positions_ + 1, 0), lost_fp(positions_ + 1, 0);
      for (uint32_t v = 0; v < values_.size(); ++v) {
        const ValueInfo& info = values_[v];
        bool wanted = !info.excluded && info.cls != RegClass::None &&
                      (info.cls == RegClass::Gp ? regs_.gp_count : regs_.fp_count) > 0;
        if (!wanted || regs_of_[v].cls != RegClass::None) continue;
        std::vector<int32_t>& lost = info.cls == RegClass::Gp ? lost_gp : lost_fp;
        ++lost[info.start];
        --lost[info.end + 1];
      }
      for (uint32_t p = 1; p <= positions_; ++p) {
        lost_gp[p] += lost_gp[p - 1];
        lost_fp[p] += lost_fp[p - 1];
      }
      // Per loop and class with candidates: how many of them stay.
      const size_t loops = invariants_.first.size();
      std::vector<int32_t> stay(2 * loops, -1);
      auto stay_of = [&](const HoistCandidate& c) -> int32_t& {
        bool gp = values_[c.value].cls == RegClass::Gp;
        return stay[invariants_.hoist_to[c.pos] + (gp ? 0 : loops)];
      };
      for (const HoistCandidate& c : hoist_candidates_) {
        int32_t& left = stay_of(c);
        if (left >= 0) continue;
        const std::vector<int32_t>& lost = values_[c.value].cls == RegClass::Gp ? lost_gp : lost_fp;
        uint32_t loop = invariants_.hoist_to[c.pos];
        int32_t worst = 0;
        for (uint32_t p = invariants_.first[loop] - 1; p <= invariants_.last[loop]; ++p)
          worst = std::max(worst, lost[p]);
        left = round < 3 ? worst : INT32_MAX;
      }
      std::vector<HoistCandidate> by_weight = hoist_candidates_;
      std::stable_sort(by_weight.begin(), by_weight.end(), [&](const auto& a, const auto& b) {
        return values_[a.value].weight < values_[b.value].weight;
      });
      std::vector<bool> staying(values_.size(), false);
      bool changed = false;
      for (const HoistCandidate& c : by_weight) {
        int32_t& left = stay_of(c);
        if (left <= 0) continue;
        --left;
        staying[c.value] = changed = true;
        values_[c.value].start = c.start;
        values_[c.value].end = c.end;
      }
      if (!changed) return;
      std::erase_if(hoist_candidates_, [&](const HoistCandidate& c) { return staying[c.value]; });
    }
  }

  // ---- the result, by position ----
  Reg reg_of_node(uint32_t node) {
    if (node == kNone) return {};
    uint32_t v = value_of_root_[find(node)];
    return v == kNone ? Reg{} : regs_of_[v];
  }
  bool wide_node(uint32_t node) {
    uint32_t v = node == kNone ? kNone : value_of_root_[find(node)];
    return v != kNone && values_[v].wide;
  }
  bool preserved(const Reg& r) const {
    uint32_t mask = r.cls == RegClass::Gp ? regs_.gp_preserved : regs_.fp_preserved;
    return (mask >> r.index) & 1;
  }

  void emit(Allocation& out) {
    for (uint32_t v = 0; v < values_.size(); ++v)
      out.values.push_back({values_[v].slot, values_[v].start, values_[v].end, regs_of_[v], values_[v].wide});
    for (uint32_t pos = 0; pos < positions_; ++pos) {
      out.operands_begin[pos] = uint32_t(out.operands.size());
      operand_values_.clear();
      if (pos > 0) {
        for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i) {
          Reg r = reg_of_node(occs_[i].node);
          if (r.cls == RegClass::None) continue;
          // The same value named twice (or read and written, around a loop) is one operand; two
          // values of a slot are two, even in one register (one ends where the other starts).
          uint32_t value = value_of_root_[find(occs_[i].node)];
          bool seen = false;
          for (uint32_t k = out.operands_begin[pos]; k < out.operands.size(); ++k) {
            if (operand_values_[k - out.operands_begin[pos]] != value) continue;
            seen = true;
            (occs_[i].def ? out.operands[k].written : out.operands[k].read) = true;
          }
          if (!seen) {
            Placed p{occs_[i].slot, r, values_[value].wide};
            (occs_[i].def ? p.written : p.read) = true;
            out.operands.push_back(p);
            operand_values_.push_back(value);
          }
        }
      }
      out.across_begin[pos] = uint32_t(out.across.size());
      for (uint32_t i = across_begin_[pos]; i < across_begin_[pos + 1]; ++i) {
        Reg r = reg_of_node(across_nodes_[i]);
        if (r.cls != RegClass::None && !preserved(r))
          out.across.push_back({across_slots_[i], r, wide_node(across_nodes_[i])});
      }
    }
    out.operands_begin[positions_] = uint32_t(out.operands.size());
    out.across_begin[positions_] = uint32_t(out.across.size());
    for (const auto& [s, node] : entry_nodes_)
      if (Reg r = reg_of_node(node); r.cls != RegClass::None) out.at_entry.push_back({s, r, wide_node(node)});
    if (!invariants_.parent.empty()) out.loop_parent = invariants_.parent;
    // A local whose slot a read the dataflow does not see may read (a v128 result, say) keeps
    // its zero too.
    size_t params = ir_.local_types.size() - out.zero_local.size();
    for (size_t i = 0; i < out.zero_local.size(); ++i) {
      uint32_t slot = ir_.local_slots[params + i];
      out.zero_local[i] = slot >= slots_ || excluded_[slot] || test(bits(in_, 0), slot);
    }
    for (const HoistCandidate& c : hoist_candidates_)
      if (regs_of_[c.value].cls != RegClass::None) {
        out.hoisted[invariants_.hoist_to[c.pos]].push_back(c.pos);
        out.omitted[c.pos] = true;
      }
    // Backwards, so that what only a dead instruction reads is dead too.
    for (uint32_t pos = positions_; pos-- > 1;) {
      if (out.omitted[pos] || !dead(pos)) continue;
      out.omitted[pos] = true;
      ++out.dead_count;
      for (uint32_t i = occ_begin_[pos]; i < occ_begin_[pos + 1]; ++i)
        if (!occs_[i].def && occs_[i].node != kNone) --values_[value_of_root_[find(occs_[i].node)]].reads;
    }
    for (uint32_t b = 0; b < cf_.blocks.size(); ++b) {
      uint32_t loop = header_loop_[first_pos(b)];
      if (loop == kNone || loop >= out.at_loop.size()) continue;
      for (const auto& [s, node] : live_in_nodes_.of(b))
        if (Reg r = reg_of_node(node); r.cls != RegClass::None)
          out.at_loop[loop].push_back({s, r, wide_node(node)});
    }
  }

  const IrFunction& ir_;
  const ControlFlow& cf_;
  const RegisterFile& regs_;
  const CalleeType& callee_type_;
  const OpTraits& ops_;

  uint32_t positions_ = 0, slots_ = 0, words_ = 0;
  std::vector<Occurrence> occs_;
  std::vector<uint32_t> occ_begin_;     // per position
  std::vector<bool> excluded_;          // per slot: never in a register
  std::vector<bool> calls_out_at_;      // per position
  std::vector<uint32_t> header_loop_;   // per position: the #index of a LoopHeader there
  std::vector<uint32_t> depth_;         // per position: loop nesting depth
  std::vector<uint32_t> block_first_, block_last_;  // per block: its first and last position
  std::vector<uint64_t> gen_, kill_, in_, out_;
  std::vector<uint32_t> across_begin_, across_slots_, across_nodes_;
  std::vector<uint32_t> parent_;
  std::vector<std::pair<uint32_t, uint32_t>> copies_;  // occurrences: (copy's result, its source)
  std::vector<std::pair<uint32_t, int>> fixed_;       // occurrences: (argument, its register)
  std::vector<uint32_t> operand_values_;  // emit(): the value of each operand of one instruction
  std::vector<std::pair<uint32_t, uint32_t>> entry_nodes_;  // (slot, node)
  NodeLists live_in_nodes_, live_out_nodes_;  // per block: the values live into / out of it
  std::vector<bool> inherits_;                // per block: see find_inheriting_blocks()
  std::vector<uint32_t> value_of_root_;
  std::vector<ValueInfo> values_;
  LoopInvariants invariants_;
  struct HoistCandidate {
    uint32_t pos, value;
    uint32_t start, end;  // the value's interval where it is, before it was stretched over the loop
  };
  std::vector<HoistCandidate> hoist_candidates_;
  std::vector<Reg> regs_of_;
};

}  // namespace

uint32_t instr_position(const ControlFlow& cf, uint32_t pc) {
  return uint32_t(std::lower_bound(cf.instrs.begin(), cf.instrs.end(), pc) - cf.instrs.begin()) + 1;
}

CallCells call_cells(const FuncType& type) {
  CallCells cells;
  layout_cells(type.params, &cells.params);
  layout_cells(type.results, &cells.results);
  for (ValType t : type.params) cells.param_types.push_back(ir_type_letter(t));
  for (ValType t : type.results) cells.result_types.push_back(ir_type_letter(t));
  return cells;
}

Allocation allocate_registers(const IrFunction& ir, const ControlFlow& cf,
                              const RegisterFile& regs, const CalleeType& callee_type,
                              const OpTraits& ops) {
  return Allocator(ir, cf, regs, callee_type, ops).run();
}

}  // namespace zwasm::jit
