// The embedding API's introspection: what a module declares (Module::info(), with constant
// expressions spelled in the text format) and what a linker defines (Linker::defines).
#include <cinttypes>
#include <cstdio>

#include "runtime/api/api_internal.h"

namespace zwasm::api {

using detail::to_public;

namespace {

ConstExpr const_expr_of(const zwasm::ConstExpr& e) {
  ConstExpr out;
  switch (e.kind) {
    case zwasm::ConstExpr::Kind::I32: out.value = Value::from_bits(ValType::I32, e.lo); break;
    case zwasm::ConstExpr::Kind::I64: out.value = Value::from_bits(ValType::I64, e.lo); break;
    case zwasm::ConstExpr::Kind::F32: out.value = Value::from_bits(ValType::F32, e.lo); break;
    case zwasm::ConstExpr::Kind::F64: out.value = Value::from_bits(ValType::F64, e.lo); break;
    case zwasm::ConstExpr::Kind::V128:
      out.value = Value::from_bits(ValType::V128, e.lo, e.hi);
      break;
    case zwasm::ConstExpr::Kind::RefNull:
      out.kind = ConstExpr::Kind::RefNull;
      out.value = Value::null(to_public(e.type));
      break;
    case zwasm::ConstExpr::Kind::RefFunc:
      out.kind = ConstExpr::Kind::RefFunc;
      out.index = e.index;
      break;
    case zwasm::ConstExpr::Kind::GlobalGet:
      out.kind = ConstExpr::Kind::GlobalGet;
      out.index = e.index;
      break;
  }
  return out;
}

}  // namespace

std::string ConstExpr::to_string() const {
  switch (kind) {
    case Kind::RefNull:
      return value.type() == ValType::ExternRef ? "ref.null extern" : "ref.null func";
    case Kind::RefFunc: return "ref.func " + std::to_string(index);
    case Kind::GlobalGet: return "global.get " + std::to_string(index);
    case Kind::Const: break;
  }
  char buf[96];
  switch (value.type()) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "i32.const %" PRId32, value.as_i32()); break;
    case ValType::I64: std::snprintf(buf, sizeof buf, "i64.const %" PRId64, value.as_i64()); break;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "f32.const %.9g", double(value.as_f32()));
      break;
    case ValType::F64: std::snprintf(buf, sizeof buf, "f64.const %.17g", value.as_f64()); break;
    case ValType::V128:
      std::snprintf(buf, sizeof buf, "v128.const i64x2 0x%016" PRIx64 " 0x%016" PRIx64,
                    value.bits(), value.high_bits());
      break;
    case ValType::FuncRef:
    case ValType::ExternRef: return "?";  // a reference constant is RefNull or RefFunc
  }
  return buf;
}

ModuleInfo Module::info() const {
  const zwasm::Module& m = *raw_;
  ModuleInfo out;
  out.name = m.module_name;
  out.types.reserve(m.types.size());
  for (const zwasm::FuncType& t : m.types) out.types.push_back(to_public(t));
  out.imports = imports();
  out.exports = exports();

  // Every index space starts with its imports, in import order (spec 2.5.1).
  for (const ImportType& imp : out.imports) {
    ImportName from{imp.module, imp.name};
    switch (imp.type.kind) {
      case ExternKind::Func:
        out.functions.push_back({imp.type.func, m.func_display_name(imp.index), from});
        break;
      case ExternKind::Table: out.tables.push_back({imp.type.table, from}); break;
      case ExternKind::Memory: out.memories.push_back({imp.type.memory, from}); break;
      case ExternKind::Global: out.globals.push_back({imp.type.global, from, std::nullopt}); break;
    }
  }
  for (size_t i = 0; i < m.func_types.size(); ++i) {
    uint32_t index = m.num_imported_funcs + uint32_t(i);
    out.functions.push_back(
        {to_public(m.types[m.func_types[i]]), m.func_display_name(index), std::nullopt});
  }
  for (const zwasm::TableType& t : m.tables) out.tables.push_back({to_public(t), std::nullopt});
  for (const zwasm::MemoryType& t : m.memories)
    out.memories.push_back({to_public(t), std::nullopt});
  for (const zwasm::GlobalDef& g : m.globals)
    out.globals.push_back({to_public(g.type), std::nullopt, const_expr_of(g.init)});

  out.start = m.start;
  out.element_segments = uint32_t(m.elems.size());
  out.data_segments = uint32_t(m.datas.size());
  for (const zwasm::CustomSection& c : m.customs)
    out.custom_sections.push_back({c.name, c.data_size});
  return out;
}

bool Linker::defines(std::string_view module, std::string_view name) const {
  return linker_->find(std::string(module), std::string(name)).has_value();
}

}  // namespace zwasm::api
