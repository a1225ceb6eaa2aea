#include "codegen/lower.h"

#include <string_view>
#include <type_traits>

#include "runtime/store/store.h"

namespace zwasm::jit {

namespace {

using Kind = OpLowering::Kind;

std::array<OpLowering, size_t(IrOp::kCount)> build_table() {
  std::array<OpLowering, size_t(IrOp::kCount)> t{};
  auto set = [&t](IrOp op, Kind kind, uint8_t what, uint8_t bits) {
    t[size_t(op)].kind = kind;
    t[size_t(op)].op = what;
    t[size_t(op)].bits = bits;
  };
#define ZW_JIT_BIN(op, alu, bits) set(IrOp::op, Kind::Bin, uint8_t(Alu::alu), bits);
#define ZW_JIT_DIV(op, div, bits) set(IrOp::op, Kind::Div, uint8_t(Div::div), bits);
#define ZW_JIT_CMP(op, cond, bits) set(IrOp::op, Kind::Cmp, uint8_t(Cond::cond), bits);
#define ZW_JIT_UN(op, un) set(IrOp::op, Kind::Un, uint8_t(Un::un), 0);
#include "codegen/int_ops.def"
#define ZW_JIT_FBIN(op, fbin, bits) set(IrOp::op, Kind::FBin, uint8_t(FBin::fbin), bits);
#define ZW_JIT_FCMP(op, fcmp, bits) set(IrOp::op, Kind::FCmp, uint8_t(FCmp::fcmp), bits);
#define ZW_JIT_FUN(op, fun) set(IrOp::op, Kind::FUn, uint8_t(FUn::fun), 0);
#include "codegen/float_ops.def"
#define ZW_JIT_VBIN(op) set(IrOp::op, Kind::VBin, 0, 128);
#define ZW_JIT_VUN(op) set(IrOp::op, Kind::VUn, 0, 128);
#include "codegen/simd_ops.def"
  set(IrOp::V128Load, Kind::VLoad, 0, 128);
  set(IrOp::V128Store, Kind::VStore, 0, 128);
  // Every other SIMD instruction (but v128.const, a value move): a backend may lower it by name.
  auto simd = [&t](IrOp op, std::string_view immediate) {
    if (t[size_t(op)].kind != Kind::None || op == IrOp::V128Const) return;
    t[size_t(op)].kind = Kind::VOp;
    t[size_t(op)].bits = 128;
    t[size_t(op)].simd_memory = immediate == "MemArg" || immediate == "MemArgLane";
  };
#define ZW_OP(name, prefix, code, text, immediate, sig) simd(IrOp::name, #immediate);
#include "runtime/wasm/opcodes_simd.def"
#undef ZW_OP
  set(IrOp::F32MulAdd, Kind::MulAdd, 0, 32);
  set(IrOp::F64MulAdd, Kind::MulAdd, 0, 64);
  // The fused forms take their base op's operation (fused_ops.def).
  auto derive = [&t](IrOp base, IrOp fused, Kind kind) {
    t[size_t(fused)] = t[size_t(base)];
    t[size_t(fused)].kind = kind;
  };
#define ZW_IMM_OP(name, A, R)                                                               \
  derive(IrOp::name, IrOp::name##Imm,                                                       \
         t[size_t(IrOp::name)].kind == Kind::Cmp ? Kind::CmpImm : Kind::BinImm);
#define ZW_CMP_OP(name, A, inverse)                              \
  derive(IrOp::name, IrOp::JumpIf##name, Kind::JumpIfCmp);       \
  derive(IrOp::name, IrOp::JumpIf##name##Imm, Kind::JumpIfCmpImm);
#include "runtime/ir/fused_ops.def"
#undef ZW_IMM_OP
#undef ZW_CMP_OP
  // Scalar loads and stores, plain and with a fused address (memory_ops.def).
  auto access = [&t](IrOp op, Kind kind, Address::Mode mode, Access a) {
    t[size_t(op)].kind = kind;
    t[size_t(op)].mode = mode;
    t[size_t(op)].access = a;
  };
#define ZW_ACCESS_FORMS(name, kind, a)                                    \
  access(IrOp::name, kind, Address::Mode::Plain, a);                      \
  access(IrOp::name##AddImm, kind, Address::Mode::AddImm, a);             \
  access(IrOp::name##AddReg, kind, Address::Mode::AddReg, a);             \
  access(IrOp::name##AddShl, kind, Address::Mode::AddShl, a);
#define ZW_WIDE_i false
#define ZW_WIDE_f false
#define ZW_WIDE_I true
#define ZW_WIDE_F true
#define ZW_FLOAT_i false
#define ZW_FLOAT_f true
#define ZW_FLOAT_I false
#define ZW_FLOAT_F true
#define ZW_LOAD_OP(name, MemT, R, Conv)                                                     \
  ZW_ACCESS_FORMS(name, Kind::Load,                                                         \
                  (Access{uint8_t(sizeof(MemT)), std::is_signed_v<MemT>, ZW_WIDE_##R,       \
                          ZW_FLOAT_##R}))
#define ZW_STORE_OP(name, MemT, A) \
  ZW_ACCESS_FORMS(name, Kind::Store, (Access{uint8_t(sizeof(MemT)), false, false, ZW_FLOAT_##A}))
#include "runtime/ir/memory_ops.def"
#undef ZW_LOAD_OP
#undef ZW_STORE_OP
#undef ZW_ACCESS_FORMS
  return t;
}

}  // namespace

const OpLowering& op_lowering(IrOp op) {
  static const auto table = build_table();
  return table[size_t(op)];
}

const FuncType* callee_type(const Function& caller, const uint32_t* ins) {
  const Instance* instance = caller.context ? caller.context->instance : nullptr;
  if (!instance || !instance->module) return nullptr;
  const Module& module = *instance->module;
  if (IrOp(ins[0]) == IrOp::Call)
    return ins[1] < module.total_funcs() ? &module.func_type(ins[1]) : nullptr;
  return ins[1] < module.types.size() ? &module.types[ins[1]] : nullptr;
}

}  // namespace zwasm::jit
