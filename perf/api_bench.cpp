// What the embedding API's call paths cost, in nanoseconds per operation: host -> wasm calls
// (typed through a held Func, by export name, untyped Func::invoke), wasm -> host calls (a wasm
// loop calling an imported host function), and decoding/instantiating a small module.
//
//   build/zwasm-api-bench [--quick] [-r N] [--batch-ms MS] [--write-modules DIR] [ID...]
//
// Each measurement is warmed up and calibrated (batches doubled until one takes a few ms, then
// sized to --batch-ms), then timed R times (-r, default 7) as one batch of std::chrono::
// steady_clock; the table gives the median and the minimum of the R batches in ns per
// operation. Every operation's result is checked (the identity returns its argument, the host
// functions ran exactly as often as the wasm loop called them, ...); a wrong result makes the
// exit status 1. `--quick` runs each measurement once on a tiny batch: the ctest smoke test
// `perf-api-smoke` (label perf) runs it so, and only checks the results. Timing is never a
// pass/fail criterion. IDs (substrings of the first column) select measurements: `call` the
// host -> wasm calls, `loop` the wasm -> host ones (the differences need loop-empty too).
//
// To compare two builds (e.g. before and after a change to the call path), run both on the same
// machine at the same load and compare the tables row by row; perf/RESULTS.md ("Embedding API
// call costs") keeps the figures of record with the command and commit that produced them.
//
// The modules are built here from bytes (their WAT is shown above each); `--write-modules DIR`
// writes them as calls.wasm and instantiate.wasm, e.g. to time the same thing in another runtime.
// Uses the public API only (<zwasm/zwasm.h>, the zwasm_api target); perf/perf.cmake builds it.
#include <zwasm/zwasm.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zw = zwasm::api;

namespace {

// ---- A tiny module encoder (the binary format, spec 5) ----------------------------------------

using Bytes = std::vector<uint8_t>;

void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

void uleb(Bytes& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    out.push_back(v ? byte | 0x80 : byte);
  } while (v);
}

// A vector (spec 5.1.3): the count, then the items.
Bytes vec(const std::vector<Bytes>& items) {
  Bytes out;
  uleb(out, items.size());
  for (const Bytes& item : items) append(out, item);
  return out;
}

Bytes section(uint8_t id, const std::vector<Bytes>& items) {
  Bytes body = vec(items), out{id};
  uleb(out, body.size());
  append(out, body);
  return out;
}

Bytes name(std::string_view s) {
  Bytes out;
  uleb(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF64 = 0x7C;
constexpr uint8_t kExportFunc = 0x00, kExportMemory = 0x02;

Bytes functype(const Bytes& params, const Bytes& results) {
  Bytes out{0x60};
  uleb(out, params.size());
  append(out, params);
  uleb(out, results.size());
  append(out, results);
  return out;
}

Bytes import_func(std::string_view module, std::string_view field, uint8_t type) {
  Bytes out = name(module);
  append(out, name(field));
  append(out, {0x00, type});
  return out;
}

Bytes export_(std::string_view field, uint8_t kind, uint8_t index) {
  Bytes out = name(field);
  append(out, {kind, index});
  return out;
}

// A code-section entry: `locals` is the encoded locals vector, `code` the instructions before
// the final `end`.
Bytes body(const Bytes& locals, const Bytes& code) {
  Bytes inner = locals, out;
  append(inner, code);
  inner.push_back(0x0B);  // end
  uleb(out, inner.size());
  append(out, inner);
  return out;
}

Bytes module(const std::vector<Bytes>& sections) {
  Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) append(out, s);
  return out;
}

// Opcodes (spec 5.4); immediates below are single-byte LEB128s.
enum : uint8_t {
  kLoop = 0x03, kBrIf = 0x0D, kCall = 0x10, kLocalGet = 0x20, kLocalSet = 0x21,
  kLocalTee = 0x22, kGlobalGet = 0x23, kGlobalSet = 0x24, kI32Load = 0x28, kI32Store = 0x36,
  kI32Const = 0x41, kI32Add = 0x6A, kI32Sub = 0x6B, kI64Add = 0x7C, kI64ExtendI32S = 0xAC,
  kI64TruncF64S = 0xB0, kEmptyBlock = 0x40,
};

// (module
//   (type $unary (func (param i32) (result i32)))
//   (type $mix (func (param i32 i64 f64) (result i64)))
//   (type $add4 (func (param i32 i32 i32 i32) (result i32)))
//   (import "env" "f" (func $f (type $unary)))   ;; a typed host function: x + 1
//   (import "env" "g" (func $g (type $unary)))   ;; the same as an untyped host function
//   (func (export "id") (type $unary) (local.get 0))
//   (func (export "add4") (type $add4)
//     (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)) (local.get 3)))
//   (func (export "mix") (type $mix)
//     (i64.add (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
//              (i64.trunc_f64_s (local.get 2))))
//   (func $inc (export "inc") (type $unary) (i32.add (local.get 0) (i32.const 1)))
//   ;; loop_host(n), n >= 1: acc = 0; do acc = f(acc); while (--n); return acc  (so: n)
//   (func (export "loop_host") (param $n i32) (result i32) (local $acc i32)
//     (loop $l
//       (local.set $acc (call $f (local.get $acc)))
//       (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//     (local.get $acc))
//   (func (export "loop_host_untyped") ...the same with (call $g ...))
//   (func (export "loop_wasm") ...the same with (call $inc ...))
//   (func (export "loop_empty") ...the same with (i32.add (local.get $acc) (i32.const 1))))
Bytes calls_module() {
  const Bytes acc_local = {0x01, 0x01, kI32};  // one run of one i32 local
  auto counting_loop = [&](const Bytes& step) {  // acc = step(acc), n times; returns acc
    Bytes code = {kLoop, kEmptyBlock, kLocalGet, 1};
    append(code, step);
    append(code, {kLocalSet, 1, kLocalGet, 0, kI32Const, 1, kI32Sub, kLocalTee, 0, kBrIf, 0,
                  0x0B, kLocalGet, 1});
    return body(acc_local, code);
  };
  return module({
      section(1, {functype({kI32}, {kI32}), functype({kI32, kI64, kF64}, {kI64}),
                  functype({kI32, kI32, kI32, kI32}, {kI32})}),
      section(2, {import_func("env", "f", 0), import_func("env", "g", 0)}),
      section(3, {{0}, {2}, {1}, {0}, {0}, {0}, {0}, {0}}),
      section(7, {export_("id", kExportFunc, 2), export_("add4", kExportFunc, 3),
                  export_("mix", kExportFunc, 4), export_("inc", kExportFunc, 5),
                  export_("loop_host", kExportFunc, 6),
                  export_("loop_host_untyped", kExportFunc, 7),
                  export_("loop_wasm", kExportFunc, 8), export_("loop_empty", kExportFunc, 9)}),
      section(10, {body({0}, {kLocalGet, 0}),
                   body({0}, {kLocalGet, 0, kLocalGet, 1, kI32Add, kLocalGet, 2, kI32Add,
                              kLocalGet, 3, kI32Add}),
                   body({0}, {kLocalGet, 0, kI64ExtendI32S, kLocalGet, 1, kI64Add, kLocalGet, 2,
                              kI64TruncF64S, kI64Add}),
                   body({0}, {kLocalGet, 0, kI32Const, 1, kI32Add}),
                   counting_loop({kCall, 0}), counting_loop({kCall, 1}),
                   counting_loop({kCall, 5}), counting_loop({kI32Const, 1, kI32Add})}),
  });
}

// (module
//   (memory (export "memory") 1)
//   (global $total (mut i32) (i32.const 0))
//   (func (export "add") (param i32) (result i32)  ;; total += x; return total
//     (global.set $total (i32.add (global.get $total) (local.get 0)))
//     (global.get $total))
//   (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
//   (func $store (param i32 i32) (i32.store (local.get 0) (local.get 1)))
//   (func $total (result i32) (global.get $total)))
Bytes instantiate_module() {
  return module({
      section(1, {functype({kI32}, {kI32}), functype({kI32, kI32}, {}), functype({}, {kI32})}),
      section(3, {{0}, {0}, {1}, {2}}),
      section(5, {{0x00, 1}}),                             // limits: min 1, no max
      section(6, {{kI32, 0x01, kI32Const, 0, 0x0B}}),      // (mut i32) (i32.const 0)
      section(7, {export_("memory", kExportMemory, 0), export_("add", kExportFunc, 0),
                  export_("load", kExportFunc, 1)}),
      section(10, {body({0}, {kGlobalGet, 0, kLocalGet, 0, kI32Add, kGlobalSet, 0, kGlobalGet, 0}),
                   body({0}, {kLocalGet, 0, kI32Load, 2, 0}),
                   body({0}, {kLocalGet, 0, kLocalGet, 1, kI32Store, 2, 0}),
                   body({0}, {kGlobalGet, 0})}),
  });
}

// ---- Timing ------------------------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double elapsed_ns(Clock::time_point start) {
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
}

int failures = 0;

// Records a wrong result (the first few are printed). Returns `ok`.
bool check(bool ok, const std::string& what) {
  if (!ok && failures++ < 10) std::fprintf(stderr, "api_bench: FAILED: %s\n", what.c_str());
  return ok;
}

// One timed batch of n operations: returns the nanoseconds they took (setup done before the
// clock starts is not counted) and checks every result with check().
using Batch = std::function<double(uint64_t n)>;

struct Options {
  bool quick = false;
  int reps = 7;
  double batch_ms = 50;
  std::vector<std::string> only;  // IDs (substrings) to run; empty: all
};

struct Row {
  std::string id, what;
  double median = 0, min = 0;  // ns per operation
  std::string batch;           // operations per timed batch
};

class Runner {
 public:
  explicit Runner(const Options& options) : options_(options) {}

  bool wanted(std::string_view id) const {
    if (options_.only.empty()) return true;
    return std::any_of(options_.only.begin(), options_.only.end(),
                       [&](const std::string& s) { return id.find(s) != std::string_view::npos; });
  }

  // Measures `batch` (at most `max_n` operations a batch; `quick_n` with --quick).
  void measure(const std::string& id, const std::string& what, const Batch& batch,
               uint64_t quick_n, uint64_t max_n = uint64_t(1) << 30) {
    if (!wanted(id)) return;
    uint64_t n = quick_n;
    int reps = 1;
    if (!options_.quick) {
      // Warm-up and calibration: double the batch until it takes 5 ms, then size it from the
      // fastest of three batches of that size (one preempted batch would make it too small).
      n = 1;
      double ns = batch(n);
      while (ns < 5e6 && n < max_n) {
        n = std::min(n * 2, max_n);
        ns = batch(n);
      }
      ns = std::min({ns, batch(n), batch(n)});
      double scaled = double(n) * options_.batch_ms * 1e6 / std::max(ns, 1.0);
      n = std::clamp<uint64_t>(uint64_t(scaled), 1, max_n);
      reps = options_.reps;
    }
    std::vector<double> per_op;
    for (int i = 0; i < reps; i++) per_op.push_back(batch(n) / double(n));
    std::sort(per_op.begin(), per_op.end());
    size_t mid = per_op.size() / 2;
    double median = per_op.size() % 2 ? per_op[mid] : (per_op[mid - 1] + per_op[mid]) / 2;
    rows_.push_back({id, what, median, per_op.front(), std::to_string(n)});
    if (!options_.quick) std::fprintf(stderr, "api_bench: %-24s %10.1f ns/op\n", id.c_str(), median);
  }

  // A row computed from two measured ones: `minuend` - `subtrahend`, per operation.
  void difference(const std::string& id, const std::string& what, const std::string& minuend,
                  const std::string& subtrahend) {
    const Row* a = find(minuend);
    const Row* b = find(subtrahend);
    if (!a || !b) return;
    rows_.push_back({id, what, a->median - b->median, a->min - b->min, "-"});
  }

  void print_table() const {
    std::printf("| id | operation | median ns/op | min ns/op | ops/batch |\n");
    std::printf("| --- | --- | ---: | ---: | ---: |\n");
    for (const Row& r : rows_)
      std::printf("| %s | %s | %s | %s | %s |\n", r.id.c_str(), r.what.c_str(),
                  format(r.median).c_str(), format(r.min).c_str(), r.batch.c_str());
  }

 private:
  const Row* find(const std::string& id) const {
    for (const Row& r : rows_)
      if (r.id == id) return &r;
    return nullptr;
  }
  static std::string format(double ns) {
    char text[32];
    std::snprintf(text, sizeof text, ns < 100 ? "%.1f" : "%.0f", ns);
    return text;
  }

  Options options_;
  std::vector<Row> rows_;
};

// ---- The measurements --------------------------------------------------------------------------

// A Batch of n operations `op(i)`, i = 0..n-1, each returning whether its result was right.
template <class Op>
Batch each(std::string what, Op op) {
  return [what = std::move(what), op](uint64_t n) mutable {
    bool ok = true;
    auto start = Clock::now();
    for (uint64_t i = 0; i < n; i++) ok &= op(i);
    double ns = elapsed_ns(start);
    check(ok, what);
    return ns;
  };
}

std::optional<zw::Func> export_func(const zw::Instance& instance, std::string_view name) {
  auto f = instance.func(name);
  check(f.has_value(), "no export " + std::string(name));
  return f;
}

// host -> wasm and wasm -> host calls, all in one instance of calls_module().
bool measure_calls(Runner& runner, const zw::Module& module) {
  zw::Store store;
  zw::Linker linker(store);
  uint64_t typed_calls = 0, untyped_calls = 0;
  uint64_t* typed_count = &typed_calls;
  linker.func("env", "f", [typed_count](int32_t x) {
    ++*typed_count;
    return x + 1;
  });
  uint64_t* untyped_count = &untyped_calls;
  linker.func("env", "g", zw::FuncType{{zw::ValType::I32}, {zw::ValType::I32}},
              [untyped_count](zw::Caller&, std::span<const zw::Value> args,
                              std::span<zw::Value> results) {
                ++*untyped_count;
                results[0] = zw::Value(args[0].as_i32() + 1);
              });
  auto instance = linker.instantiate(module);
  if (!check(instance.ok(), "instantiating the calls module")) {
    std::fprintf(stderr, "api_bench: %s\n", instance.error().describe().c_str());
    return false;
  }
  auto id = export_func(*instance, "id"), add4 = export_func(*instance, "add4"),
       mix = export_func(*instance, "mix");
  if (!id || !add4 || !mix) return false;

  runner.measure("call-id", "`f.call<int32_t>(i)`, held Func, [i32] -> [i32] identity",
                 each("id(i) == i", [&](uint64_t i) {
                   auto r = id->call<int32_t>(int32_t(i));
                   return r.ok() && *r == int32_t(i);
                 }),
                 1000);
  runner.measure("call-add4", "`f.call<int32_t>(i, 1, 2, 3)`, [i32 i32 i32 i32] -> [i32]",
                 each("add4(i, 1, 2, 3) == i + 6", [&](uint64_t i) {
                   auto r = add4->call<int32_t>(int32_t(i), 1, 2, 3);
                   return r.ok() && *r == int32_t(i) + 6;
                 }),
                 1000);
  runner.measure("call-mix", "`f.call<int64_t>(i, 3*i, i+0.25)`, [i32 i64 f64] -> [i64]",
                 each("mix(i, 3i, i + 0.25) == 5i", [&](uint64_t i) {
                   auto r = mix->call<int64_t>(int32_t(i), int64_t(i) * 3, double(i) + 0.25);
                   return r.ok() && *r == int64_t(i) * 5;
                 }),
                 1000);
  runner.measure("call-by-name", "`instance.call<int32_t>(\"id\", i)`: export lookup + call",
                 each("instance.call(\"id\", i) == i", [&](uint64_t i) {
                   auto r = instance->call<int32_t>("id", int32_t(i));
                   return r.ok() && *r == int32_t(i);
                 }),
                 1000);
  zw::Value one_arg[1], three_args[3];
  std::vector<zw::Value> results;  // reused from call to call, as an embedder would
  runner.measure("invoke-id", "`f.invoke(args, results)`, untyped, identity (results reused)",
                 each("invoke id(i) == i", [&](uint64_t i) {
                   one_arg[0] = zw::Value(int32_t(i));
                   auto r = id->invoke(one_arg, results);
                   return r.ok() && results.size() == 1 && results[0].as_i32() == int32_t(i);
                 }),
                 1000);
  runner.measure("invoke-mix", "`f.invoke(args, results)`, untyped, [i32 i64 f64] -> [i64]",
                 each("invoke mix(i, 3i, i + 0.25) == 5i", [&](uint64_t i) {
                   three_args[0] = zw::Value(int32_t(i));
                   three_args[1] = zw::Value(int64_t(i) * 3);
                   three_args[2] = zw::Value(double(i) + 0.25);
                   auto r = mix->invoke(three_args, results);
                   return r.ok() && results.size() == 1 && results[0].as_i64() == int64_t(i) * 5;
                 }),
                 1000);

  // wasm -> host: one call of loop_X(n) runs n iterations; ns/op is per iteration.
  auto loop = [&](std::string_view export_name, uint64_t* host_count) -> Batch {
    auto f = export_func(*instance, export_name);
    return [f, host_count, name = std::string(export_name)](uint64_t n) {
      if (!f) return 0.0;
      uint64_t before = host_count ? *host_count : 0;
      auto start = Clock::now();
      auto r = f->call<int32_t>(int32_t(n));
      double ns = elapsed_ns(start);
      check(r.ok() && *r == int32_t(n), name + "(n) == n");
      if (host_count) check(*host_count - before == n, name + ": the host function ran n times");
      return ns;
    };
  };
  constexpr uint64_t kQuickLoop = 10000, kMaxLoop = uint64_t(1) << 30;  // n is an i32
  runner.measure("loop-host", "wasm loop calling typed host `[](int32_t x) { return x + 1; }`",
                 loop("loop_host", typed_count), kQuickLoop, kMaxLoop);
  runner.measure("loop-host-untyped", "wasm loop calling the same as an untyped `HostFunc`",
                 loop("loop_host_untyped", untyped_count), kQuickLoop, kMaxLoop);
  runner.measure("loop-wasm", "wasm loop calling a wasm function (x + 1)", loop("loop_wasm", nullptr),
                 kQuickLoop, kMaxLoop);
  runner.measure("loop-empty", "the same wasm loop with no call (`i32.add` inline)",
                 loop("loop_empty", nullptr), kQuickLoop, kMaxLoop);
  runner.difference("wasm->host", "**wasm -> typed host call** (loop-host - loop-empty)",
                    "loop-host", "loop-empty");
  runner.difference("wasm->host-untyped", "wasm -> untyped host call (loop-host-untyped - loop-empty)",
                    "loop-host-untyped", "loop-empty");
  runner.difference("wasm->wasm", "wasm -> wasm call (loop-wasm - loop-empty)", "loop-wasm",
                    "loop-empty");
  return true;
}

// Checks a fresh instance of instantiate_module(): add(5) == 5.
void check_instance(const zw::Result<zw::Instance, zw::InstantiationError>& instance) {
  if (!check(instance.ok(), "instantiating the small module")) {
    std::fprintf(stderr, "api_bench: %s\n", instance.error().describe().c_str());
    return;
  }
  auto r = instance->call<int32_t>("add", 5);
  check(r.ok() && *r == 5, "add(5) == 5 on a new instance");
}

void measure_instantiation(Runner& runner, const Bytes& bytes) {
  runner.measure("decode", "`Module::from_bytes`: decode + validate the small module",
                 each("decoding the small module", [&](uint64_t) {
                   return zw::Module::from_bytes(std::span<const uint8_t>(bytes)).ok();
                 }),
                 100);
  auto module = zw::Module::from_bytes(std::span<const uint8_t>(bytes));
  if (!check(module.ok(), "decoding the small module")) return;
  {
    zw::Store store;
    zw::Linker linker(store);
    check_instance(linker.instantiate(*module));
  }
  runner.measure("store-linker", "`Store` + `Linker`, created and destroyed",
                 each("", [](uint64_t) {
                   zw::Store store;
                   zw::Linker linker(store);
                   return true;
                 }),
                 100);
  runner.measure("instantiate-new-store",
                 "**`Store` + `Linker` + `instantiate`** (memory, global, 4 funcs), destroyed",
                 each("instantiating the small module", [&](uint64_t) {
                   zw::Store store;
                   zw::Linker linker(store);
                   return linker.instantiate(*module).ok();
                 }),
                 100);
  // Every instance stays in the Store (with its memory's address-space reservation) until the
  // Store goes: a new Store every 1000 instances, created and destroyed outside the clock.
  runner.measure("instantiate-same-store", "`linker.instantiate` into an existing Store",
                 [&](uint64_t n) {
                   bool ok = true;
                   double ns = 0;
                   for (uint64_t done = 0; done < n;) {
                     uint64_t chunk = std::min<uint64_t>(n - done, 1000);
                     zw::Store store;
                     zw::Linker linker(store);
                     auto start = Clock::now();
                     for (uint64_t i = 0; i < chunk; i++) ok &= linker.instantiate(*module).ok();
                     ns += elapsed_ns(start);
                     done += chunk;
                     if (done == n) check_instance(linker.instantiate(*module));
                   }
                   check(ok, "instantiating the small module again");
                   return ns;
                 },
                 100);
}

bool write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  return bool(out);
}

int usage() {
  std::fprintf(stderr,
               "usage: zwasm-api-bench [--quick] [-r N] [--batch-ms MS] [--write-modules DIR] "
               "[ID...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string modules_dir;
  for (int i = 1; i < argc; i++) {
    std::string_view arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--quick") {
      options.quick = true;
    } else if ((arg == "-r" || arg == "--reps") && has_value) {
      options.reps = std::atoi(argv[++i]);
      if (options.reps < 1) return usage();
    } else if (arg == "--batch-ms" && has_value) {
      options.batch_ms = std::atof(argv[++i]);
      if (!(options.batch_ms > 0)) return usage();
    } else if (arg == "--write-modules" && has_value) {
      modules_dir = argv[++i];
    } else if (arg.starts_with("-")) {
      return usage();
    } else {
      options.only.emplace_back(arg);
    }
  }
  const Bytes calls_bytes = calls_module(), instantiate_bytes = instantiate_module();
  if (!modules_dir.empty()) {
    bool ok = write_file(modules_dir + "/calls.wasm", calls_bytes) &&
              write_file(modules_dir + "/instantiate.wasm", instantiate_bytes);
    if (!ok) std::fprintf(stderr, "api_bench: cannot write to %s\n", modules_dir.c_str());
    return ok ? 0 : 1;
  }

  double load[3] = {};
  if (getloadavg(load, 3) != 3) load[0] = load[1] = load[2] = -1;
  std::printf("zwasm embedding API call costs: %s, %s build, load average %.2f %.2f %.2f\n\n",
              options.quick ? "--quick (tiny batches, figures meaningless)"
                            : ("median and min of " + std::to_string(options.reps) +
                               " batches of ~" + std::to_string(int(options.batch_ms)) + " ms")
                                  .c_str(),
              ZWASM_API_BENCH_BUILD_TYPE, load[0], load[1], load[2]);

  Runner runner(options);
  auto calls = zw::Module::from_bytes(std::span<const uint8_t>(calls_bytes));
  if (check(calls.ok(), "decoding the calls module"))
    measure_calls(runner, *calls);
  else
    std::fprintf(stderr, "api_bench: %s\n", calls.error().describe().c_str());
  measure_instantiation(runner, instantiate_bytes);
  runner.print_table();
  if (failures) {
    std::fprintf(stderr, "api_bench: %d wrong result(s)\n", failures);
    return 1;
  }
  return 0;
}
