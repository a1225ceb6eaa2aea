// The `spectest` host module. See spectest.h.
#include "spec/spectest.h"

#include <cstring>

namespace zwasm::spec {

namespace {

Trap print_nothing(HostCall&, const Cell*, Cell*) { return Trap{}; }

}  // namespace

Result<ExportMap> make_spectest(ObjectStore& store) {
  ExportMap exports;
  using V = ValType;
  const std::pair<const char*, std::vector<ValType>> functions[] = {
      {"print", {}},
      {"print_i32", {V::I32}},
      {"print_i64", {V::I64}},
      {"print_f32", {V::F32}},
      {"print_f64", {V::F64}},
      {"print_i32_f32", {V::I32, V::F32}},
      {"print_f64_f64", {V::F64, V::F64}},
  };
  for (const auto& [name, params] : functions) {
    FuncType type{params, {}};
    exports[name] = Extern::func(
        store.create_host_function(std::move(type), print_nothing, std::string("spectest.") + name));
  }

  const float f32_value = 666.6f;
  const double f64_value = 666.6;
  uint32_t f32_bits;
  uint64_t f64_bits;
  std::memcpy(&f32_bits, &f32_value, 4);
  std::memcpy(&f64_bits, &f64_value, 8);
  exports["global_i32"] = Extern::global(store.create_global({V::I32, false}, Value::i32(666)));
  exports["global_i64"] = Extern::global(store.create_global({V::I64, false}, Value::i64(666)));
  exports["global_f32"] =
      Extern::global(store.create_global({V::F32, false}, Value::f32_bits(f32_bits)));
  exports["global_f64"] =
      Extern::global(store.create_global({V::F64, false}, Value::f64_bits(f64_bits)));

  TableType table_type;
  table_type.elem = V::FuncRef;
  table_type.limits = Limits{10, 20};
  exports["table"] = Extern::table(store.create_table(table_type, kNullRef).value());

  MemoryType memory_type;
  memory_type.limits = Limits{1, 2};
  auto memory = store.create_memory(memory_type);
  if (!memory) return make_error("spectest memory: " + memory.error().describe());
  exports["memory"] = Extern::memory(*memory);
  return exports;
}

ExportMap exports_of(const Instance& instance) {
  ExportMap exports;
  for (const Export& e : instance.module->exports) {
    if (auto ext = instance.find_export(e.name)) exports[e.name] = *ext;
  }
  return exports;
}

}  // namespace zwasm::spec
