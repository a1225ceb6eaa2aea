// Limits an embedder sets on a guest (issue 10): fuel and interruption, through the public
// API, on every engine. Fuel must end a guest at the same point whichever tier runs it; an
// interrupt from another thread must end a loop without calls; after either, the store runs on.
#include <doctest/doctest.h>
#include <zwasm/zwasm.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

namespace zw = zwasm::api;

namespace {

// (module
//   (global $count (export "count") (mut i64) (i64.const 0))
//   ;; Spins forever without calls.
//   (func (export "spin")
//     (loop $top
//       (global.set $count (i64.add (global.get $count) (i64.const 1)))
//       (br $top)))
//   ;; Calls a leaf forever.
//   (func $leaf (global.set $count (i64.add (global.get $count) (i64.const 1))))
//   (func (export "calls")
//     (loop $top (call $leaf) (br $top)))
//   (func (export "get") (result i64) (global.get $count)))
const std::vector<uint8_t> kSpinWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x00, 0x00,
    0x60, 0x00, 0x01, 0x7e, 0x03, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x06, 0x06, 0x01,
    0x7e, 0x01, 0x42, 0x00, 0x0b, 0x07, 0x1e, 0x04, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74,
    0x03, 0x00, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00, 0x05, 0x63, 0x61, 0x6c, 0x6c,
    0x73, 0x00, 0x02, 0x03, 0x67, 0x65, 0x74, 0x00, 0x03, 0x0a, 0x29, 0x04, 0x0e, 0x00,
    0x03, 0x40, 0x23, 0x00, 0x42, 0x01, 0x7c, 0x24, 0x00, 0x0c, 0x00, 0x0b, 0x0b, 0x09,
    0x00, 0x23, 0x00, 0x42, 0x01, 0x7c, 0x24, 0x00, 0x0b, 0x09, 0x00, 0x03, 0x40, 0x10,
    0x01, 0x0c, 0x00, 0x0b, 0x0b, 0x04, 0x00, 0x23, 0x00, 0x0b};

// (module
//   (memory 1)
//   (table 2 funcref)
//   (func (export "grow_memory") (param i32) (result i32) (memory.grow (local.get 0)))
//   (func (export "grow_table") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))
const std::vector<uint8_t> kGrowWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x02, 0x05,
    0x03, 0x01, 0x00, 0x01, 0x07, 0x1c, 0x02, 0x0b, 0x67, 0x72, 0x6f, 0x77, 0x5f, 0x6d,
    0x65, 0x6d, 0x6f, 0x72, 0x79, 0x00, 0x00, 0x0a, 0x67, 0x72, 0x6f, 0x77, 0x5f, 0x74,
    0x61, 0x62, 0x6c, 0x65, 0x00, 0x01, 0x0a, 0x12, 0x02, 0x06, 0x00, 0x20, 0x00, 0x40,
    0x00, 0x0b, 0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b};


// (module
//   (global $depth (export "depth") (mut i32) (i32.const 0))
//   ;; Recurses forever, counting its depth.
//   (func $down (export "down")
//     (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
//     (call $down))
//   (func (export "get") (result i32) (global.get $depth)))
const std::vector<uint8_t> kDeepWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x00, 0x00,
    0x60, 0x00, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x01,
    0x41, 0x00, 0x0b, 0x07, 0x16, 0x03, 0x05, 0x64, 0x65, 0x70, 0x74, 0x68, 0x03, 0x00,
    0x04, 0x64, 0x6f, 0x77, 0x6e, 0x00, 0x00, 0x03, 0x67, 0x65, 0x74, 0x00, 0x01, 0x0a,
    0x12, 0x02, 0x0b, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00, 0x10, 0x00, 0x0b,
    0x04, 0x00, 0x23, 0x00, 0x0b};


// (module
//   (import "env" "again" (func $again))
//   ;; Calls the host, which calls this again.
//   (func (export "rec") (call $again)))
const std::vector<uint8_t> kReenterWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x61, 0x67, 0x61, 0x69, 0x6e, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x72, 0x65, 0x63, 0x00, 0x01,
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b};


// (module
//   (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
//   (import "wasi_snapshot_preview1" "path_open"
//     (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
//   (memory (export "memory") 1)
//   (data (i32.const 100) "fifo")
//   ;; Reads stdin into 64 bytes at 200: blocks while its pipe is empty and has a writer.
//   (func (export "read_stdin") (result i32)
//     (i32.store (i32.const 0) (i32.const 200))
//     (i32.store (i32.const 4) (i32.const 64))
//     (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
//   ;; Opens "fifo" in the preopen (fd 3) to read it: blocks until a writer opens it.
//   (func (export "open_fifo") (result i32)
//     (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 4) (i32.const 0)
//       (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 8))))
const std::vector<uint8_t> kBlockWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1a, 0x03, 0x60, 0x04, 0x7f,
    0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x09, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7e, 0x7e,
    0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x45, 0x02, 0x16, 0x77, 0x61,
    0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72,
    0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x07, 0x66, 0x64, 0x5f, 0x72, 0x65, 0x61, 0x64,
    0x00, 0x00, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68,
    0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x61,
    0x74, 0x68, 0x5f, 0x6f, 0x70, 0x65, 0x6e, 0x00, 0x01, 0x03, 0x03, 0x02, 0x02, 0x02,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x23, 0x03, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
    0x79, 0x02, 0x00, 0x0a, 0x72, 0x65, 0x61, 0x64, 0x5f, 0x73, 0x74, 0x64, 0x69, 0x6e,
    0x00, 0x02, 0x09, 0x6f, 0x70, 0x65, 0x6e, 0x5f, 0x66, 0x69, 0x66, 0x6f, 0x00, 0x03,
    0x0a, 0x36, 0x02, 0x1c, 0x00, 0x41, 0x00, 0x41, 0xc8, 0x01, 0x36, 0x02, 0x00, 0x41,
    0x04, 0x41, 0xc0, 0x00, 0x36, 0x02, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0x41,
    0x08, 0x10, 0x00, 0x0b, 0x17, 0x00, 0x41, 0x03, 0x41, 0x00, 0x41, 0xe4, 0x00, 0x41,
    0x04, 0x41, 0x00, 0x42, 0x02, 0x42, 0x00, 0x41, 0x00, 0x41, 0x08, 0x10, 0x01, 0x0b,
    0x0b, 0x0b, 0x01, 0x00, 0x41, 0xe4, 0x00, 0x0b, 0x04, 0x66, 0x69, 0x66, 0x6f};


struct Engine {
  const char* name;
  zw::Engine engine;
  int32_t threshold;  // Auto's: small, so that the loop enters compiled code mid-call (OSR)
};
const Engine kEngines[] = {{"interp", zw::Engine::Interpreter, 0},
                           {"jit", zw::Engine::Jit, 0},
                           {"auto, OSR", zw::Engine::Auto, 50}};

// `bytes` instantiated through `linker`, which must succeed.
zw::Instance instantiate(zw::Linker& linker, const std::vector<uint8_t>& bytes) {
  auto module = zw::Module::from_bytes(std::vector<uint8_t>(bytes));
  REQUIRE(module.ok());
  auto instance = linker.instantiate(*module);
  REQUIRE(instance.ok());
  return *instance;
}

struct Guest {
  zw::Store store;
  zw::Instance instance;
  static zw::StoreConfig config(const Engine& e, bool fuel, bool interruptible) {
    zw::StoreConfig c;
    c.engine = e.engine;
    c.jit_threshold = e.threshold;
    c.consume_fuel = fuel;
    c.interruptible = interruptible;
    return c;
  }
  Guest(const Engine& e, bool fuel, bool interruptible)
      : store(config(e, fuel, interruptible)), instance(instantiate(store)) {}
  static zw::Instance instantiate(zw::Store& store) {
    zw::Linker linker(store);
    return ::instantiate(linker, kSpinWasm);
  }
  std::optional<zw::TrapKind> run(const char* name) {
    auto r = instance.call<void>(name);
    if (r.ok()) return std::nullopt;
    return r.error().kind;
  }
  int64_t count() {
    auto r = instance.call<int64_t>("get");
    REQUIRE(r.ok());
    return *r;
  }
};

}  // namespace

TEST_CASE("memory and tables grow up to the store's limits and then yield -1, on every engine") {
  for (const Engine& e : kEngines) {
    CAPTURE(e.name);
    zw::StoreConfig c;
    c.engine = e.engine;
    c.max_memory_bytes = 3 * 65536 + 100;  // three pages, and not a fourth
    c.max_table_elements = 5;
    zw::Store store(c);
    zw::Linker linker(store);
    std::optional<zw::Instance> instance = instantiate(linker, kGrowWasm);
    auto grow = [&](const char* name, int32_t delta) {
      auto r = instance->call<int32_t>(name, delta);
      REQUIRE(r.ok());
      return *r;
    };
    CHECK(grow("grow_memory", 1) == 1);
    CHECK(grow("grow_memory", 2) == -1);  // to four pages: beyond the limit
    CHECK(grow("grow_memory", 1) == 2);
    CHECK(grow("grow_memory", 1) == -1);
    CHECK(grow("grow_memory", 0) == 3);
    CHECK(grow("grow_table", 4) == -1);
    CHECK(grow("grow_table", 3) == 2);
    CHECK(grow("grow_table", 1) == -1);
    // The same limits hold for memories and tables the embedder creates.
    CHECK(!store.create_memory(zw::MemoryType{{4, std::nullopt}}).ok());
    CHECK(store.create_memory(zw::MemoryType{{3, std::nullopt}}).ok());
  }
}

TEST_CASE("a module whose memory or table starts beyond the limits does not instantiate") {
  for (auto [memory, table] : {std::pair<uint64_t, uint64_t>{65535, 0}, {0, 1}}) {
    zw::StoreConfig c;
    c.max_memory_bytes = memory;
    c.max_table_elements = table;
    zw::Store store(c);
    zw::Linker linker(store);
    auto module = zw::Module::from_bytes(std::vector<uint8_t>(kGrowWasm));
    REQUIRE(module.ok());
    auto instance = linker.instantiate(*module);
    REQUIRE(!instance.ok());
    CHECK(instance.error().describe().find("beyond the limit") != std::string::npos);
  }
}

TEST_CASE("fuel ends a guest at the same iteration and call on every engine") {
  for (const char* entry : {"spin", "calls"})
    for (uint64_t fuel : {1u, 1000u, 12345u, 1000000u}) {
      CAPTURE(entry);
      CAPTURE(fuel);
      std::vector<int64_t> counts;
      for (const Engine& e : kEngines) {
        CAPTURE(e.name);
        Guest g(e, /*fuel=*/true, /*interruptible=*/false);
        g.store.set_fuel(fuel);
        CHECK(g.run(entry) == zw::TrapKind::OutOfFuel);
        CHECK(g.store.fuel() == 0);
        g.store.set_fuel(100);  // the store runs on
        counts.push_back(g.count());
      }
      bool ran = counts[0] > 0;
      CHECK(ran == (fuel >= 1000));  // it ran (unless the fuel ended it at its entry), and stopped
      CHECK(counts[1] == counts[0]);
      CHECK(counts[2] == counts[0]);
    }
}

TEST_CASE("a budget that suffices leaves the same fuel on every engine") {
  std::vector<uint64_t> left;
  for (const Engine& e : kEngines) {
    CAPTURE(e.name);
    Guest g(e, /*fuel=*/true, /*interruptible=*/false);
    g.store.set_fuel(1000);
    CHECK(g.count() == 0);  // one call of a one-instruction function
    left.push_back(g.store.fuel());
  }
  CHECK(left[0] < 1000);
  CHECK(left[1] == left[0]);
  CHECK(left[2] == left[0]);
}

TEST_CASE("interrupt() from another thread ends a guest spinning without calls, on every engine") {
  for (const char* entry : {"spin", "calls"})
    for (const Engine& e : kEngines) {
      CAPTURE(entry);
      CAPTURE(e.name);
      Guest g(e, /*fuel=*/false, /*interruptible=*/true);
      zw::InterruptHandle handle = g.store.interrupt_handle();
      std::thread interrupter([handle] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        handle.interrupt();
      });
      CHECK(g.run(entry) == zw::TrapKind::Interrupted);
      interrupter.join();
      CHECK(g.count() > 0);  // the interruption is used up: the store runs on
    }
}

TEST_CASE("an interrupt asked for while nothing runs ends the next call at its start, once") {
  for (const Engine& e : kEngines) {
    CAPTURE(e.name);
    Guest g(e, /*fuel=*/false, /*interruptible=*/true);
    g.store.interrupt_handle().interrupt();
    auto r = g.instance.call<int64_t>("get");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == zw::TrapKind::Interrupted);
    CHECK(g.count() == 0);
  }
}

TEST_CASE("recursion forever stops at the store's stack limit, deeper for a larger one, on every engine") {
  for (const Engine& e : kEngines) {
    CAPTURE(e.name);
    std::vector<int32_t> depths;
    // Sizes a sanitizer build's frames (ten times larger) still recurse in.
    for (uint64_t bytes : {uint64_t(256) << 10, uint64_t(2) << 20, uint64_t(0)}) {
      CAPTURE(bytes);
      zw::StoreConfig c;
      c.engine = e.engine;
      c.jit_threshold = e.threshold;
      c.max_stack_bytes = bytes;
      zw::Store store(c);
      zw::Linker linker(store);
      std::optional<zw::Instance> instance = instantiate(linker, kDeepWasm);
      auto r = instance->call<void>("down");
      REQUIRE(!r.ok());
      CHECK(r.error().kind == zw::TrapKind::CallStackExhausted);
      auto depth = instance->call<int32_t>("get");  // the store runs on
      REQUIRE(depth.ok());
      depths.push_back(*depth);
    }
    CHECK(depths[0] > 2);
    CHECK(depths[0] < depths[1]);
    CHECK(depths[1] < depths[2]);
  }
}

TEST_CASE("host functions calling back into wasm stop at the store's stack limit") {
  for (const Engine& e : kEngines) {
    CAPTURE(e.name);
    std::vector<int> depths;
    for (uint64_t bytes : {uint64_t(1) << 20, uint64_t(4) << 20}) {
      zw::StoreConfig c;
      c.engine = e.engine;
      c.max_stack_bytes = bytes;
      zw::Store store(c);
      zw::Linker linker(store);
      int depth = 0;
      linker.func("env", "again", [&depth](zw::Caller& caller) {
        ++depth;
        auto r = caller.instance()->call<void>("rec");
        if (!r.ok()) caller.trap(r.error().message);
      });
      std::optional<zw::Instance> instance = instantiate(linker, kReenterWasm);
      auto r = instance->call<void>("rec");
      REQUIRE(!r.ok());
      CHECK(r.error().message.find("call stack exhausted") != std::string::npos);
      depths.push_back(depth);
      depth = 0;
      REQUIRE(instance->func("rec").has_value());  // the store runs on
    }
    CHECK(depths[0] > 1);
    CHECK(depths[0] < depths[1]);
  }
}

TEST_CASE("interrupt() ends a guest blocked in WASI: a read from an empty pipe, opening a FIFO") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("zwasm-fifo-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  REQUIRE(mkfifo((dir / "fifo").c_str(), 0600) == 0);
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);  // the write end stays open and silent: a read blocks
  for (const char* entry : {"read_stdin", "open_fifo"})
    for (const Engine& e : kEngines) {
      CAPTURE(entry);
      CAPTURE(e.name);
      zw::StoreConfig c;
      c.engine = e.engine;
      c.interruptible = true;
      zw::Store store(c);
      zw::Linker linker(store);
      zw::WasiConfig wasi;
      wasi.stdin_fd = pipe_fds[0];
      wasi.preopens.push_back({dir.string(), "."});
      REQUIRE(linker.define_wasi(wasi));
      std::optional<zw::Instance> instance = instantiate(linker, kBlockWasm);
      zw::InterruptHandle handle = store.interrupt_handle();
      std::thread interrupter([handle] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        handle.interrupt();
      });
      auto r = instance->call<int32_t>(entry);
      interrupter.join();
      REQUIRE(!r.ok());
      CHECK(r.error().kind == zw::TrapKind::Interrupted);
    }
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  fs::remove_all(dir);
}
