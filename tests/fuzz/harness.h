// What the fuzz targets share: a module instantiated with a stub for every import and every
// exported function called with zero arguments, on one engine, under fuel and memory, table
// and stack limits, so that no input runs away. The outcome is text, compared across engines
// by the differential target.
#pragma once

#include <zwasm/zwasm.h>

#include <cstdint>
#include <string>
#include <vector>

namespace zwasm::fuzz {

namespace zw = zwasm::api;

constexpr uint64_t kFuel = 200'000;  // per call: a few milliseconds of guest code

// How a call that ran out of stack or fuel is written. Which of the two comes first may differ
// between tiers (their frames differ in size; the spec leaves the depth of call stack
// exhaustion to the implementation), and so may what the call changed before it stopped.
constexpr const char* kResourceTrap = "resource exhausted";

// A zero of each type (null for references).
inline zw::Value zero_of(zw::ValType t) { return zw::Value::from_bits(t, 0, 0); }

// The value's bits, with every NaN written as "nan": a NaN's payload is nondeterministic
// (spec 4.3.3), so the tiers may differ there and still both be right.
inline std::string describe(const zw::Value& v) {
  if (v.type() == zw::ValType::F32 && v.as_f32() != v.as_f32()) return "f32:nan";
  if (v.type() == zw::ValType::F64 && v.as_f64() != v.as_f64()) return "f64:nan";
  return std::string(zw::to_string(v.type())) + ":" + v.to_string();
}

// Runs `bytes` on `engine`; returns "" when it does not decode and validate, else a line per
// step: instantiation, then each exported function's results or trap, then each exported
// memory's hash and global's value.
inline std::string run_module(const std::vector<uint8_t>& bytes, zw::Engine engine) {
  auto module = zw::Module::from_bytes(std::vector<uint8_t>(bytes));
  if (!module.ok()) return "";
  zw::StoreConfig config;
  config.engine = engine;
  config.jit_threshold = 1;
  config.consume_fuel = true;
  config.max_memory_bytes = 64 << 20;
  config.max_table_elements = 100'000;
  config.max_stack_bytes = 512 << 10;
  zw::Store store(config);
  zw::Linker linker(store);
  for (const zw::ImportType& imp : module->imports()) {
    const zw::ExternType& t = imp.type;
    switch (t.kind) {
      case zw::ExternKind::Func: {
        std::vector<zw::ValType> results = t.func.results;
        linker.func(imp.module, imp.name, t.func,
                    [results](zw::Caller&, std::span<const zw::Value>, std::span<zw::Value> out) {
                      for (size_t i = 0; i < out.size(); ++i) out[i] = zero_of(results[i]);
                    });
        break;
      }
      case zw::ExternKind::Memory:
        if (auto m = store.create_memory(t.memory)) linker.define(imp.module, imp.name, *m);
        break;
      case zw::ExternKind::Table:
        if (auto tb = store.create_table(t.table, zw::Value::null(t.table.elem)))
          linker.define(imp.module, imp.name, *tb);
        break;
      case zw::ExternKind::Global:
        if (auto g = store.create_global(t.global, zero_of(t.global.type)))
          linker.define(imp.module, imp.name, *g);
        break;
    }
  }
  std::string out;
  store.set_fuel(kFuel);
  auto instance = linker.instantiate(*module);
  if (!instance) return "instantiate: " + instance.error().describe() + "\n";
  out += "instantiated\n";
  for (const zw::ExportType& exp : instance->exports()) {
    if (exp.type.kind != zw::ExternKind::Func) continue;
    std::vector<zw::Value> args, results;
    for (zw::ValType t : exp.type.func.params) args.push_back(zero_of(t));
    store.set_fuel(kFuel);
    auto done = instance->invoke(exp.name, args, results);
    out += exp.name + ":";
    if (!done) {
      zw::TrapKind kind = done.error().kind;
      bool resource = kind == zw::TrapKind::CallStackExhausted || kind == zw::TrapKind::OutOfFuel;
      out += resource ? std::string(" ") + kResourceTrap + "\n"
                      : " trap " + std::to_string(int(kind)) + "\n";
      continue;
    }
    for (const zw::Value& v : results) out += " " + describe(v);
    out += "\n";
  }
  for (const zw::ExportType& exp : instance->exports()) {
    if (exp.type.kind == zw::ExternKind::Memory) {
      zw::Memory m = *instance->memory(exp.name);
      auto bytes_view = m.view(0, m.size());
      uint64_t hash = 1469598103934665603ull;
      if (bytes_view)
        for (uint8_t b : *bytes_view) hash = (hash ^ b) * 1099511628211ull;
      out += exp.name + ": memory " + std::to_string(m.size()) + " " + std::to_string(hash) + "\n";
    } else if (exp.type.kind == zw::ExternKind::Global) {
      out += exp.name + ": global " + describe(instance->global(exp.name)->get()) + "\n";
    }
  }
  return out;
}

}  // namespace zwasm::fuzz
