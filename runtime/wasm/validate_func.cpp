// Typing of one function body (spec 3.3 instructions, 3.4.1 functions), by the algorithm of the
// spec appendix "Validation Algorithm": an operand stack of value types where Unknown stands for
// any type on the polymorphic stack after unreachable/br/br_table/return, and a control stack of
// frames with their label types, operand-stack height and unreachable flag. Both stacks live on
// the heap, so nesting depth is bounded only by the body's size.
#include "runtime/wasm/validate_func.h"

#include <algorithm>

#include "runtime/wasm/instr_reader.h"

namespace zwasm::validation {
namespace {

// The appendix's Unknown: what popping an empty operand stack yields in unreachable code. It
// matches every type. 0 is no value type's encoding.
constexpr ValType kUnknown = ValType(0);

// Above this many locals (params included) local types are looked up in the declared runs
// instead of an expanded array, so a huge local count cannot make the validator allocate much.
constexpr uint64_t kMaxExpandedLocals = uint64_t(1) << 20;

bool is_ref_or_unknown(ValType t) { return t == kUnknown || is_ref(t); }
bool is_num_or_unknown(ValType t) { return t == kUnknown || is_num(t); }
bool is_vec_or_unknown(ValType t) { return t == kUnknown || t == ValType::V128; }

// A type's name for error messages; the validator's Unknown (bottom) type included.
const char* type_name_or_unknown(ValType t) { return t == kUnknown ? "unknown" : valtype_name(t); }

}  // namespace

struct BodyChecker::Impl {
  explicit Impl(const ModuleContext& c) : ctx(c), m(c.module) {}

  const ModuleContext& ctx;
  const Module& m;

  // Reused between functions.
  std::vector<ValType> vals;
  std::vector<ControlFrame> ctrls;
  std::vector<ValType> local_types;                        // params + locals, when expanded
  std::vector<std::pair<uint64_t, ValType>> local_runs;    // (end index, type), otherwise
  std::vector<uint32_t> br_targets;

  uint64_t num_local_slots = 0;  // params + declared locals
  bool locals_expanded = true;
  uint32_t func_index = 0;
  const FuncType* func_type = nullptr;
  size_t instr_offset = 0;
  WasmOp op = WasmOp::Nop;
  Error error;

  // ---- errors ----

  // Records "<what> in function N[: detail]" at the current instruction.
  bool fail(const std::string& what, const std::string& detail = {}) {
    error.message = what + " in function " + std::to_string(func_index);
    if (!detail.empty()) error.message += ": " + detail;
    error.offset = instr_offset;
    return false;
  }
  bool reader_fail(const Reader& r) {
    Error e = r.error();
    error.message = e.message + " in function " + std::to_string(func_index);
    error.offset = e.offset;
    return false;
  }
  // After a shared decoding step (InstrReader) failed: the Reader's error, or the instruction's.
  bool decode_fail(const InstrReader& r) {
    if (!r.ok()) return reader_fail(r);
    return fail(r.instr_error().what, r.instr_error().detail);
  }
  bool mismatch(ValType expected, const char* actual) {
    return fail("type mismatch", std::string("expected ") + type_name_or_unknown(expected) +
                                     ", got " + actual + " at " + op_name(op));
  }
  bool mismatch(const char* expected, ValType actual) {
    return fail("type mismatch", std::string("expected ") + expected + ", got " +
                                     type_name_or_unknown(actual) + " at " + op_name(op));
  }

  // ---- the operand stack ----

  void push(ValType t) { vals.push_back(t); }
  void push_list(TypeList t) { vals.insert(vals.end(), t.begin(), t.end()); }

  bool pop_any(ValType& out) {
    const ControlFrame& f = ctrls.back();
    if (vals.size() == f.height) {
      if (f.unreachable) {
        out = kUnknown;
        return true;
      }
      return fail("type mismatch", std::string("expected a value, got nothing at ") + op_name(op));
    }
    out = vals.back();
    vals.pop_back();
    return true;
  }

  bool pop_expect(ValType expect) {
    const ControlFrame& f = ctrls.back();
    if (vals.size() == f.height) {
      if (f.unreachable) return true;
      return mismatch(expect, "nothing");
    }
    ValType actual = vals.back();
    vals.pop_back();
    if (actual != expect && actual != kUnknown && expect != kUnknown)
      return mismatch(expect, type_name_or_unknown(actual));
    return true;
  }

  bool pop_list(TypeList t) {
    for (size_t i = t.size(); i > 0; --i)
      if (!pop_expect(t[i - 1])) return false;
    return true;
  }

  // Checks that the operand stack's top matches `t` without popping: the same outcome as the
  // appendix's push_vals(pop_vals(t)) in br_table, since missing operands of a polymorphic stack
  // would come back as Unknown, which matches anything.
  bool check_top(TypeList t) {
    const ControlFrame& f = ctrls.back();
    size_t available = vals.size() - f.height;
    for (size_t i = 0; i < t.size(); ++i) {
      ValType expect = t[t.size() - 1 - i];
      if (i >= available) {
        if (f.unreachable) return true;
        return mismatch(expect, "nothing");
      }
      ValType actual = vals[vals.size() - 1 - i];
      if (actual != expect && actual != kUnknown)
        return mismatch(expect, type_name_or_unknown(actual));
    }
    return true;
  }

  // ---- the control stack ----

  void push_ctrl(FrameKind kind, TypeList params, TypeList results) {
    ctrls.push_back(ControlFrame{kind, false, vals.size(), params, results});
    push_list(params);
  }

  bool pop_ctrl(ControlFrame& out) {
    if (!pop_list(ctrls.back().results)) return false;
    const ControlFrame& f = ctrls.back();
    if (vals.size() != f.height)
      return fail("type mismatch", std::to_string(vals.size() - f.height) +
                                       " extra value(s) on the stack at " + op_name(op));
    out = f;
    ctrls.pop_back();
    return true;
  }

  void set_unreachable() {
    ControlFrame& f = ctrls.back();
    vals.resize(f.height);
    f.unreachable = true;
  }

  bool label_at(uint32_t depth, TypeList& out) {
    if (depth >= ctrls.size()) return fail("unknown label", "br depth " + std::to_string(depth));
    out = ctrls[ctrls.size() - 1 - depth].label_types();
    return true;
  }

  // ---- locals ----

  void setup_locals(const FuncBody& body) {
    const std::vector<ValType>& params = func_type->params;
    num_local_slots = params.size();  // counted from the runs themselves, not trusting num_locals
    for (const auto& run : body.locals) num_local_slots += run.first;
    local_types.clear();
    local_runs.clear();
    locals_expanded = num_local_slots <= kMaxExpandedLocals;
    if (locals_expanded) {
      local_types.reserve(size_t(num_local_slots));
      local_types.insert(local_types.end(), params.begin(), params.end());
      for (const auto& [count, type] : body.locals) local_types.insert(local_types.end(), count, type);
    } else {
      uint64_t end = params.size();
      for (const auto& [count, type] : body.locals) {
        end += count;
        local_runs.emplace_back(end, type);
      }
      num_local_slots = end;
    }
  }

  bool local_type(uint32_t index, ValType& out) {
    if (index >= num_local_slots) return fail("unknown local " + std::to_string(index));
    if (locals_expanded) {
      out = local_types[index];
      return true;
    }
    if (index < func_type->params.size()) {
      out = func_type->params[index];
      return true;
    }
    size_t lo = 0, hi = local_runs.size();  // first run whose end is > index
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (local_runs[mid].first > index) hi = mid; else lo = mid + 1;
    }
    out = local_runs[lo].second;
    return true;
  }

  // ---- index-space lookups ----

  bool table_at(uint32_t index, const TableType*& out) {
    if (index >= ctx.tables.size()) return fail("unknown table " + std::to_string(index));
    out = &ctx.tables[index];
    return true;
  }
  bool need_memory() {
    if (!ctx.has_memory) return fail("unknown memory 0");
    return true;
  }
  bool need_data_count(uint32_t data_index) {
    if (!m.data_count) {
      // Either way the module is rejected; name the segment when it does not exist at all.
      if (data_index >= m.datas.size())
        return fail("unknown data segment " + std::to_string(data_index),
                    "and the data count section required for it is missing");
      return fail("data count section required");
    }
    if (data_index >= *m.data_count) return fail("unknown data segment " + std::to_string(data_index));
    return true;
  }
  bool elem_at(uint32_t index) {
    if (index >= m.elems.size()) return fail("unknown elem segment " + std::to_string(index));
    return true;
  }
  bool func_at(uint32_t index, const FuncType*& out) {
    if (index >= ctx.func_type_indices.size()) return fail("unknown function " + std::to_string(index));
    out = &m.types[ctx.func_type_indices[index]];
    return true;
  }

  // ---- immediates ----

  // A memory index that 2.0 encodes as a single 0x00 byte (spec 5.4.6).
  bool zero_byte(InstrReader& r) {
    uint8_t b;
    if (!r.u8(b)) return reader_fail(r);
    if (b != 0) return fail("zero byte expected", std::string("memory index byte of ") + op_name(op));
    return true;
  }

  bool mem_arg(InstrReader& r) {
    uint32_t align, offset;
    if (!r.u32(align) || !r.u32(offset)) return reader_fail(r);
    // In 2.0 an alignment exponent needs only 5 bits; larger flags are malformed (later
    // proposals give the upper bits meaning).
    if (align >= 32) return fail("malformed memop flags", "alignment exponent " + std::to_string(align));
    if (!need_memory()) return false;
    if (align > natural_alignment_log2(op))  // spec 3.3.7: 2^align <= natural width
      return fail("alignment must not be larger than natural",
                  std::string(op_name(op)) + " align=" + std::to_string(uint64_t(1) << align));
    return true;
  }

  bool lane_index(InstrReader& r) {
    uint8_t lane;
    if (!r.u8(lane)) return reader_fail(r);
    if (lane >= lane_count(op))
      return fail("invalid lane index", std::to_string(lane) + " for " + op_name(op));
    return true;
  }

  // ---- instructions ----

  // Immediates and typing of the non-special instructions (their typing is OpInfo::sig).
  bool simple_op(InstrReader& r, const OpInfo& info) {
    switch (info.imm) {
      case ImmKind::None: break;
      case ImmKind::MemArg:
        if (!mem_arg(r)) return false;
        break;
      case ImmKind::MemArgLane:
        if (!mem_arg(r) || !lane_index(r)) return false;
        break;
      case ImmKind::Lane:
        if (!lane_index(r)) return false;
        break;
      case ImmKind::Shuffle: {
        const uint8_t* lanes = nullptr;
        if (!r.bytes(16, lanes)) return reader_fail(r);
        for (int i = 0; i < 16; ++i)  // indices into the 32 lanes of both operands
          if (lanes[i] >= 32) return fail("invalid lane index", std::to_string(lanes[i]) + " in i8x16.shuffle");
        break;
      }
      case ImmKind::TableIdx: {  // table.size
        uint32_t t;
        const TableType* tt;
        if (!r.u32(t)) return reader_fail(r);
        if (!table_at(t, tt)) return false;
        break;
      }
      case ImmKind::ElemIdx: {  // elem.drop
        uint32_t e;
        if (!r.u32(e)) return reader_fail(r);
        if (!elem_at(e)) return false;
        break;
      }
      case ImmKind::DataIdx: {  // data.drop
        uint32_t d;
        if (!r.u32(d)) return reader_fail(r);
        if (!need_data_count(d)) return false;
        break;
      }
      case ImmKind::MemIdx:  // memory.size, memory.grow, memory.fill
        if (!zero_byte(r) || !need_memory()) return false;
        break;
      case ImmKind::MemMem:  // memory.copy
        if (!zero_byte(r) || !zero_byte(r) || !need_memory()) return false;
        break;
      case ImmKind::DataMem: {  // memory.init
        uint32_t d;
        if (!r.u32(d)) return reader_fail(r);
        if (!zero_byte(r) || !need_memory() || !need_data_count(d)) return false;
        break;
      }
      case ImmKind::ElemTable: {  // table.init elemidx tableidx
        uint32_t e, t;
        const TableType* tt;
        if (!r.u32(e) || !r.u32(t)) return reader_fail(r);
        if (!table_at(t, tt) || !elem_at(e)) return false;
        if (m.elems[e].type != tt->elem)
          return fail("type mismatch", std::string("elem segment ") + std::to_string(e) + " of " +
                                           valtype_name(m.elems[e].type) + " into table of " +
                                           valtype_name(tt->elem));
        break;
      }
      case ImmKind::TableTable: {  // table.copy dst src
        uint32_t dst, src;
        const TableType *dt, *st;
        if (!r.u32(dst) || !r.u32(src)) return reader_fail(r);
        if (!table_at(dst, dt) || !table_at(src, st)) return false;
        if (dt->elem != st->elem)
          return fail("type mismatch", std::string("table.copy from ") + valtype_name(st->elem) +
                                           " table to " + valtype_name(dt->elem) + " table");
        break;
      }
      default:
        return fail("internal error", std::string("unhandled immediate of ") + op_name(op));
    }
    const OpSig& sig = info.sig;
    for (int i = sig.num_params; i > 0; --i)
      if (!pop_expect(sig.params[i - 1])) return false;
    if (sig.has_result) push(sig.result);
    return true;
  }

  bool call_with(const FuncType& ft) {
    if (!pop_list(list_of(ft.params))) return false;
    push_list(list_of(ft.results));
    return true;
  }

  // The special instructions (control, parametric, variable, reference, table, constants).
  // `done` is set when the function's final `end` was consumed.
  bool special_op(InstrReader& r, bool& done) {
    switch (op) {
      case WasmOp::Unreachable:
        set_unreachable();
        return true;
      case WasmOp::Nop:
        return true;
      case WasmOp::Block:
      case WasmOp::Loop: {
        TypeList params, results;
        if (!r.block_type(params, results)) return decode_fail(r);
        if (!pop_list(params)) return false;
        push_ctrl(op == WasmOp::Block ? FrameKind::Block : FrameKind::Loop, params, results);
        return true;
      }
      case WasmOp::If: {
        TypeList params, results;
        if (!r.block_type(params, results)) return decode_fail(r);
        if (!pop_expect(ValType::I32) || !pop_list(params)) return false;
        push_ctrl(FrameKind::If, params, results);
        return true;
      }
      case WasmOp::Else: {
        if (ctrls.back().kind != FrameKind::If) return fail("else without matching if");
        ControlFrame frame;
        if (!pop_ctrl(frame)) return false;
        push_ctrl(FrameKind::Else, frame.params, frame.results);
        return true;
      }
      case WasmOp::End: {
        ControlFrame frame;
        if (!pop_ctrl(frame)) return false;
        // An `if` without `else` has an implicit empty else: it must map params to results.
        if (frame.kind == FrameKind::If && !std::ranges::equal(frame.params, frame.results))
          return fail("type mismatch", "if without else must leave its parameters as results");
        push_list(frame.results);
        if (ctrls.empty()) done = true;
        return true;
      }
      case WasmOp::Br: {
        uint32_t depth;
        TypeList label;
        if (!r.u32(depth)) return reader_fail(r);
        if (!label_at(depth, label) || !pop_list(label)) return false;
        set_unreachable();
        return true;
      }
      case WasmOp::BrIf: {
        uint32_t depth;
        TypeList label;
        if (!r.u32(depth)) return reader_fail(r);
        if (!label_at(depth, label) || !pop_expect(ValType::I32) || !pop_list(label)) return false;
        push_list(label);
        return true;
      }
      case WasmOp::BrTable:
        return br_table(r);
      case WasmOp::Return:
        if (!pop_list(list_of(func_type->results))) return false;
        set_unreachable();
        return true;
      case WasmOp::Call: {
        uint32_t f;
        const FuncType* ft;
        if (!r.u32(f)) return reader_fail(r);
        return func_at(f, ft) && call_with(*ft);
      }
      case WasmOp::CallIndirect: {
        uint32_t type_index, table_index;
        const TableType* tt;
        if (!r.u32(type_index) || !r.u32(table_index)) return reader_fail(r);
        if (!table_at(table_index, tt)) return false;
        if (tt->elem != ValType::FuncRef)
          return fail("type mismatch", "call_indirect through a table of " +
                                           std::string(valtype_name(tt->elem)));
        if (type_index >= m.types.size()) return fail("unknown type " + std::to_string(type_index));
        return pop_expect(ValType::I32) && call_with(m.types[type_index]);
      }
      case WasmOp::RefNull: {
        ValType t;
        if (!r.ref_type(t)) return decode_fail(r);
        push(t);
        return true;
      }
      case WasmOp::RefIsNull: {
        ValType t;
        if (!pop_any(t)) return false;
        if (!is_ref_or_unknown(t)) return mismatch("a reference", t);
        push(ValType::I32);
        return true;
      }
      case WasmOp::RefFunc: {
        uint32_t f;
        const FuncType* ft;
        if (!r.u32(f)) return reader_fail(r);
        if (!func_at(f, ft)) return false;
        if (!ctx.declared_funcs[f])  // spec 3.3.3: x must be in C.refs
          return fail("undeclared function reference", "function " + std::to_string(f));
        push(ValType::FuncRef);
        return true;
      }
      case WasmOp::Drop: {
        ValType t;
        return pop_any(t);
      }
      case WasmOp::Select: {
        ValType t1, t2;
        if (!pop_expect(ValType::I32) || !pop_any(t1) || !pop_any(t2)) return false;
        // Without a type annotation only numeric and vector operands are allowed (3.3.4).
        if (!((is_num_or_unknown(t1) && is_num_or_unknown(t2)) ||
              (is_vec_or_unknown(t1) && is_vec_or_unknown(t2))))
          return mismatch("numeric or vector operands", is_ref(t1) ? t1 : t2);
        if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return mismatch(t1, type_name_or_unknown(t2));
        push(t1 == kUnknown ? t2 : t1);
        return true;
      }
      case WasmOp::SelectT: {
        uint32_t count;
        if (!r.u32(count)) return reader_fail(r);
        ValType t = kUnknown;
        for (uint32_t i = 0; i < count; ++i)  // bounded by the body's bytes
          if (!r.value_type(t)) return decode_fail(r);
        if (count != 1) return fail("invalid result arity", "select must have exactly one type");
        if (!pop_expect(ValType::I32) || !pop_expect(t) || !pop_expect(t)) return false;
        push(t);
        return true;
      }
      case WasmOp::LocalGet:
      case WasmOp::LocalSet:
      case WasmOp::LocalTee: {
        uint32_t index;
        ValType t;
        if (!r.u32(index)) return reader_fail(r);
        if (!local_type(index, t)) return false;
        if (op != WasmOp::LocalGet && !pop_expect(t)) return false;
        if (op != WasmOp::LocalSet) push(t);
        return true;
      }
      case WasmOp::GlobalGet:
      case WasmOp::GlobalSet: {
        uint32_t index;
        if (!r.u32(index)) return reader_fail(r);
        if (index >= ctx.globals.size()) return fail("unknown global " + std::to_string(index));
        const GlobalType& g = ctx.globals[index];
        if (op == WasmOp::GlobalGet) {
          push(g.type);
          return true;
        }
        if (!g.mut) return fail("global is immutable", "global.set of global " + std::to_string(index));
        return pop_expect(g.type);
      }
      case WasmOp::TableGet:
      case WasmOp::TableSet:
      case WasmOp::TableGrow:
      case WasmOp::TableFill: {
        uint32_t index;
        const TableType* tt;
        if (!r.u32(index)) return reader_fail(r);
        if (!table_at(index, tt)) return false;
        ValType elem = tt->elem;
        switch (op) {
          case WasmOp::TableGet:  // [i32] -> [t]
            if (!pop_expect(ValType::I32)) return false;
            push(elem);
            return true;
          case WasmOp::TableSet:  // [i32 t] -> []
            return pop_expect(elem) && pop_expect(ValType::I32);
          case WasmOp::TableGrow:  // [t i32] -> [i32]
            if (!pop_expect(ValType::I32) || !pop_expect(elem)) return false;
            push(ValType::I32);
            return true;
          default:  // table.fill [i32 t i32] -> []
            return pop_expect(ValType::I32) && pop_expect(elem) && pop_expect(ValType::I32);
        }
      }
      case WasmOp::I32Const: {
        int32_t v;
        if (!r.s32(v)) return reader_fail(r);
        push(ValType::I32);
        return true;
      }
      case WasmOp::I64Const: {
        int64_t v;
        if (!r.s64(v)) return reader_fail(r);
        push(ValType::I64);
        return true;
      }
      case WasmOp::F32Const:
        if (!r.skip(4)) return reader_fail(r);
        push(ValType::F32);
        return true;
      case WasmOp::F64Const:
        if (!r.skip(8)) return reader_fail(r);
        push(ValType::F64);
        return true;
      case WasmOp::V128Const:
        if (!r.skip(16)) return reader_fail(r);
        push(ValType::V128);
        return true;
      default:
        return fail("internal error", std::string("unhandled instruction ") + op_name(op));
    }
  }

  // br_table l* l_default (spec 3.3.8): every target must carry as many values as the default,
  // and the operands must match each target's label types.
  bool br_table(InstrReader& r) {
    uint32_t count;
    if (!r.u32(count)) return reader_fail(r);
    br_targets.clear();
    for (uint32_t i = 0; i < count; ++i) {  // each target is >= 1 byte: bounded by the body
      uint32_t depth;
      if (!r.u32(depth)) return reader_fail(r);
      br_targets.push_back(depth);
    }
    uint32_t default_depth;
    TypeList default_label;
    if (!r.u32(default_depth)) return reader_fail(r);
    if (!pop_expect(ValType::I32) || !label_at(default_depth, default_label)) return false;
    for (uint32_t depth : br_targets) {
      TypeList label;
      if (!label_at(depth, label)) return false;
      if (label.size() != default_label.size())
        return fail("type mismatch", "br_table target " + std::to_string(depth) + " carries " +
                                         std::to_string(label.size()) + " value(s), the default " +
                                         std::to_string(default_label.size()));
      if (!check_top(label)) return false;
    }
    if (!pop_list(default_label)) return false;
    set_unreachable();
    return true;
  }

  Result<void> check(uint32_t defined_index) {
    func_index = m.num_imported_funcs + defined_index;
    const FuncBody& body = m.codes[defined_index];
    func_type = &m.types[ctx.func_type_indices[func_index]];
    instr_offset = body.body_offset;
    op = WasmOp::Nop;
    if (body.code_offset > body.code_end || body.code_end > m.bytes.size()) {
      fail("unexpected end", "function body outside the module bytes");
      return error;
    }
    setup_locals(body);
    vals.clear();
    ctrls.clear();
    push_ctrl(FrameKind::Function, TypeList{}, list_of(func_type->results));

    InstrReader r(m, body);
    bool done = false;
    while (!done) {
      instr_offset = r.offset();
      if (r.at_end()) {
        fail("unexpected end", "END opcode expected: the body ends inside an unclosed block");
        return error;
      }
      if (!r.opcode(op)) {
        decode_fail(r);
        return error;
      }
      const OpInfo& info = r.info(op);
      bool ok = info.sig.special ? special_op(r, done) : simple_op(r, info);
      if (!ok) return error;
    }
    if (!r.at_end()) {
      instr_offset = r.offset();
      fail("section size mismatch", "bytes remain after the function's final end");
      return error;
    }
    return {};
  }
};

BodyChecker::BodyChecker(const ModuleContext& ctx) : impl_(std::make_unique<Impl>(ctx)) {}
BodyChecker::~BodyChecker() = default;

Result<void> BodyChecker::check(uint32_t defined_index) { return impl_->check(defined_index); }

}  // namespace zwasm::validation
