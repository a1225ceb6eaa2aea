// What the fuzz targets share: a module instantiated with a stub for every import and every
// exported function called with zero arguments, on one engine, under fuel and memory, table
// and stack limits, so that no input runs away. The outcome is text, compared across engines
// by the differential target.
#pragma once

#include <zwasm/zwasm.h>

#include <cstdint>
#include <cstdlib>
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

// The value's bits, with a scalar NaN written as "nan": a NaN's payload is nondeterministic
// (spec 4.3.3), so the tiers may differ there and still both be right (the interpreter's SIMD
// float ops give canonical NaNs, the JIT's propagate an operand's payload). A v128 is written
// as its four 32-bit words, "v128: w0 w1 w2 w3"; same_outcome() compares those knowing NaNs.
inline std::string describe(const zw::Value& v) {
  if (v.type() == zw::ValType::F32 && v.as_f32() != v.as_f32()) return "f32:nan";
  if (v.type() == zw::ValType::F64 && v.as_f64() != v.as_f64()) return "f64:nan";
  if (v.type() == zw::ValType::V128) {
    zw::V128 bits = v.as_v128();
    std::string out = "v128:";
    for (int word = 0; word < 4; ++word) {
      uint32_t w;
      std::memcpy(&w, bits.bytes + 4 * word, 4);
      append(out, " ", std::to_string(w));
    }
    return out;
  }
  std::string out(zw::to_string(v.type()));
  append(out, ":", v.to_string());
  return out;
}

inline bool is_f32_nan(uint32_t w) { return (w & 0x7f800000u) == 0x7f800000u && (w & 0x7fffffu); }
inline bool is_f64_nan(uint64_t d) {
  return (d & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (d & 0xfffffffffffffull);
}

// Whether two v128 values (four 32-bit words each) may be the results of one computation on two
// tiers. Their lanes have no type, so each 64-bit half must be equal, or NaN in both as an f64
// (an f64x2 lane's payload may differ anywhere), or each of its 32-bit words equal or NaN in
// both as an f32.
inline bool same_v128(const uint32_t (&a)[4], const uint32_t (&b)[4]) {
  for (int half = 0; half < 2; ++half) {
    uint64_t da = a[2 * half] | uint64_t(a[2 * half + 1]) << 32;
    uint64_t db = b[2 * half] | uint64_t(b[2 * half + 1]) << 32;
    if (da == db || (is_f64_nan(da) && is_f64_nan(db))) continue;
    for (int w = 2 * half; w < 2 * half + 2; ++w)
      if (a[w] != b[w] && !(is_f32_nan(a[w]) && is_f32_nan(b[w]))) return false;
  }
  return true;
}

// Whether two outcomes of run_module() agree: the same text, but for the v128 values in it,
// which same_v128() compares.
inline bool same_outcome(const std::string& a, const std::string& b) {
  static const std::string kTag = "v128:";
  size_t i = 0, j = 0;
  while (true) {
    size_t ta = a.find(kTag, i), tb = b.find(kTag, j);
    if (ta == std::string::npos || tb == std::string::npos)
      return ta == tb && a.compare(i, std::string::npos, b, j, std::string::npos) == 0;
    if (ta - i != tb - j || a.compare(i, ta - i, b, j, tb - j) != 0) return false;
    i = ta + kTag.size();
    j = tb + kTag.size();
    uint32_t wa[4], wb[4];
    for (int w = 0; w < 4; ++w) {
      char* end = nullptr;
      wa[w] = uint32_t(std::strtoul(a.c_str() + i, &end, 10));
      i = size_t(end - a.c_str());
      wb[w] = uint32_t(std::strtoul(b.c_str() + j, &end, 10));
      j = size_t(end - b.c_str());
    }
    if (!same_v128(wa, wb)) return false;
  }
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
    const zw::InstantiationError& error = instance.error();
    bool resource = error.kind == zw::InstantiationError::Kind::Trap &&
                    (error.trap.kind == zw::TrapKind::CallStackExhausted ||
                     error.trap.kind == zw::TrapKind::OutOfFuel);
    append(out, "instantiate: ", resource ? std::string(kResourceTrap) : error.describe(), "\n");
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
// "" when they agree (or the bytes are no valid module), else both outcomes. `compared` says
// whether they were a module that ran.
inline std::string differential_mismatch(const std::vector<uint8_t>& bytes, bool* compared = nullptr) {
  if (compared) *compared = false;
  std::string interp = run_module(bytes, zw::Engine::Interpreter);
  if (interp.empty()) return "";
  if (compared) *compared = true;
  std::string jit = run_module(bytes, zw::Engine::Jit);
  for (std::string* out : {&interp, &jit})
    if (size_t at = out->find(kResourceTrap); at != std::string::npos) out->resize(at);
  if (same_outcome(interp, jit)) return "";
  std::string both;
  append(both, "--- interpreter\n", interp, "--- jit\n", jit);
  return both;
}

}  // namespace zwasm::fuzz
