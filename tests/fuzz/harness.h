// What the fuzz targets share: a module instantiated with a stub for every import and every
// exported function called with zero arguments, on one engine, under fuel and memory, table
// and stack limits, so that no input runs away. The outcome is text, compared across engines
// by the differential target.
#pragma once

#include <zwasm/zwasm.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace zwasm::fuzz {

namespace zw = zwasm::api;

// Appends each piece (g++ 12 warns, wrongly, about "literal" + std::to_string(...)).
template <class... Pieces>
void append(std::string& out, const Pieces&... pieces) {
  (out.append(pieces), ...);
}

constexpr uint64_t kFuel = 200'000;  // per call: a few milliseconds of guest code

// How a call that ran out of stack or fuel is written. Which of the two comes first may differ
// between tiers (their frames differ in size; the spec leaves the depth of call stack
// exhaustion to the implementation), and so may what the call changed before it stopped.
constexpr const char* kResourceTrap = "resource exhausted";

// A zero of each type (null for references).
inline zw::Value zero_of(zw::ValType t) { return zw::Value::from_bits(t, 0, 0); }

// The value's bits, with every NaN written as "nan": a NaN's payload is nondeterministic
// (spec 4.3.3), so the tiers may differ there and still both be right (the interpreter's SIMD
// float ops give canonical NaNs, the JIT's propagate an operand's payload). A v128's lanes
// have no type, so a 64-bit lane that is an f64 NaN, or a 32-bit one that is an f32 NaN, is
// written "nan" too.
inline std::string describe(const zw::Value& v) {
  if (v.type() == zw::ValType::F32 && v.as_f32() != v.as_f32()) return "f32:nan";
  if (v.type() == zw::ValType::F64 && v.as_f64() != v.as_f64()) return "f64:nan";
  if (v.type() == zw::ValType::V128) {
    zw::V128 bits = v.as_v128();
    std::string out = "v128:";
    for (int lane = 0; lane < 2; ++lane) {
      uint64_t d;
      std::memcpy(&d, bits.bytes + 8 * lane, 8);
      if ((d & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (d & 0xfffffffffffffull)) {
        out += " nan";
        continue;
      }
      for (int half = 0; half < 2; ++half) {
        uint32_t f = uint32_t(d >> (32 * half));
        bool nan = (f & 0x7f800000u) == 0x7f800000u && (f & 0x7fffffu);
        append(out, " ", nan ? std::string("nan") : std::to_string(f));
      }
    }
    return out;
  }
  std::string out(zw::to_string(v.type()));
  append(out, ":", v.to_string());
  return out;
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
  if (!instance) {
    append(out, "instantiate: ", instance.error().describe(), "\n");
    return out;
  }
  out += "instantiated\n";
  for (const zw::ExportType& exp : instance->exports()) {
    if (exp.type.kind != zw::ExternKind::Func) continue;
    std::vector<zw::Value> args, results;
    for (zw::ValType t : exp.type.func.params) args.push_back(zero_of(t));
    store.set_fuel(kFuel);
    auto done = instance->invoke(exp.name, args, results);
    append(out, exp.name, ":");
    if (!done) {
      zw::TrapKind kind = done.error().kind;
      bool resource = kind == zw::TrapKind::CallStackExhausted || kind == zw::TrapKind::OutOfFuel;
      if (resource) append(out, " ", kResourceTrap, "\n");
      else append(out, " trap ", std::to_string(int(kind)), "\n");
      continue;
    }
    for (const zw::Value& v : results) append(out, " ", describe(v));
    out += "\n";
  }
  for (const zw::ExportType& exp : instance->exports()) {
    if (exp.type.kind == zw::ExternKind::Memory) {
      zw::Memory m = *instance->memory(exp.name);
      auto bytes_view = m.view(0, m.size());
      uint64_t hash = 1469598103934665603ull;
      if (bytes_view)
        for (uint8_t b : *bytes_view) hash = (hash ^ b) * 1099511628211ull;
      append(out, exp.name, ": memory ", std::to_string(m.size()), " ", std::to_string(hash), "\n");
    } else if (exp.type.kind == zw::ExternKind::Global) {
      append(out, exp.name, ": global ", describe(instance->global(exp.name)->get()), "\n");
    }
  }
  return out;
}

// The differential check: `bytes` on the interpreter and on the JIT, compared up to the first
// call that ran out of stack or fuel (how deep a call stack may grow differs by tier). Returns
// "" when they agree (or the bytes are no valid module), else both outcomes.
inline std::string differential_mismatch(const std::vector<uint8_t>& bytes) {
  std::string interp = run_module(bytes, zw::Engine::Interpreter);
  if (interp.empty()) return "";
  std::string jit = run_module(bytes, zw::Engine::Jit);
  for (std::string* out : {&interp, &jit})
    if (size_t at = out->find(kResourceTrap); at != std::string::npos) out->resize(at);
  if (interp == jit) return "";
  std::string both;
  append(both, "--- interpreter\n", interp, "--- jit\n", jit);
  return both;
}

}  // namespace zwasm::fuzz
