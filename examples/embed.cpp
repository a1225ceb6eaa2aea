// Embedding zwasm in a C++ program: load modules, call exports, define a host function that
// reads guest memory, and read and write a global and linear memory.
//
//   zwasm-embed [DIR]   (DIR holds fib.wasm and embed.wasm; default: build/examples)
#include <zwasm/zwasm.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

namespace zw = zwasm::api;

namespace {

int fail(const std::string& what) {
  std::cerr << "embed: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "build/examples";
  zw::Store store;
  zw::Linker linker(store);

  // ---- fib.wasm: load, list exports, call through invoke() and through the typed call<>().
  auto fib_module = zw::Module::from_file(dir + "/fib.wasm");
  if (!fib_module) return fail(fib_module.error().describe());
  for (const zw::ExportType& e : fib_module->exports())
    std::cout << "fib.wasm exports " << e.name << ": " << e.type.to_string() << "\n";

  auto fib = linker.instantiate(*fib_module);
  if (!fib) return fail(fib.error().describe());
  std::vector<zw::Value> args{35};
  std::vector<zw::Value> results;
  if (auto called = fib->invoke("fib", &args, &results); !called)
    return fail(called.error().describe());
  std::cout << "fib(35) = " << results[0].as_i32() << "\n";

  auto fib20 = fib->call<int32_t>("fib", 20);
  if (!fib20) return fail(fib20.error().describe());
  std::cout << "fib(20) = " << *fib20 << "\n";

  // ---- embed.wasm imports env.log(ptr, len): a host function reading a string from the
  // caller's memory. Guest pointers are unsigned; every access is bounds-checked.
  linker.func("env", "log", [](zw::Caller& caller, uint32_t ptr, uint32_t len) {
    std::optional<zw::Memory> memory = caller.memory();
    if (!memory) return caller.trap("env.log: the caller has no memory");
    zw::Result<std::string> text = memory->read_string(ptr, len);
    if (!text) return caller.trap("env.log: " + text.error().message);
    std::cout << "guest says: " << *text << "\n";
  });

  auto embed_module = zw::Module::from_file(dir + "/embed.wasm");
  if (!embed_module) return fail(embed_module.error().describe());
  auto guest = linker.instantiate(*embed_module);
  if (!guest) return fail(guest.error().describe());

  auto count = guest->call<int32_t>("greet");
  if (!count) return fail(count.error().describe());
  std::cout << "greet() = " << *count << "\n";

  // ---- The exported mutable global: read it, write it, and see the guest use the new value.
  std::optional<zw::Global> counter = guest->global("counter");
  if (!counter) return fail("no global named counter");
  std::cout << "counter = " << counter->get().as_i32() << "\n";
  if (auto set = counter->set(zw::Value(41)); !set) return fail(set.error().describe());
  count = guest->call<int32_t>("greet");
  if (!count) return fail(count.error().describe());
  std::cout << "after counter = 41, greet() = " << *count << "\n";

  // ---- The exported memory: write bytes for the guest to sum, store and load a scalar, and
  // see an out-of-bounds access refused.
  std::optional<zw::Memory> memory = guest->memory("memory");
  if (!memory) return fail("no memory named memory");
  std::cout << "memory: " << memory->pages() << " page(s), " << memory->size() << " bytes\n";
  const std::vector<uint8_t> bytes{1, 2, 3, 4, 5};
  if (auto wrote = memory->write(1024, bytes); !wrote) return fail(wrote.error().describe());
  auto sum = guest->call<int32_t>("sum_bytes", 1024u, uint32_t(bytes.size()));
  if (!sum) return fail(sum.error().describe());
  std::cout << "sum_bytes(1024, 5) = " << *sum << "\n";

  if (auto stored = memory->store<uint32_t>(2048, 0xC0FFEEu); !stored)
    return fail(stored.error().describe());
  auto loaded = memory->load<uint32_t>(2048);
  if (!loaded) return fail(loaded.error().describe());
  std::cout << "load<uint32_t>(2048) = 0x" << std::hex << *loaded << std::dec << "\n";

  auto outside = memory->load<uint64_t>(memory->size() - 4);
  std::cout << "load<uint64_t>(size - 4): "
            << (outside ? std::string("unexpectedly in bounds") : outside.error().message) << "\n";
  std::cout << "done\n";
  return 0;
}
