// Display names for types (spec text format spellings).
#include "runtime/base/types.h"

namespace zwasm {

const char* valtype_name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "<invalid type>";
}

namespace {

std::string type_list(const std::vector<ValType>& types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += ' ';
    out += valtype_name(types[i]);
  }
  return out + "]";
}

}  // namespace

// The spec's notation for function types: [t1*] -> [t2*].
std::string FuncType::to_string() const { return type_list(params) + " -> " + type_list(results); }

const char* extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "<invalid kind>";
}

}  // namespace zwasm
