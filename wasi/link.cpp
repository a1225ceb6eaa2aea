// link(): binds the 46 wasi_snapshot_preview1 functions into a Linker with their wasm types.
#include <string>

#include "runtime/base/log.h"
#include "wasi/functions.h"
#include "wasi/wasi.h"

namespace zwasm::wasi {

namespace {

constexpr const char* kModule = "wasi_snapshot_preview1";
constexpr int kMaxParams = 9;  // path_open

// Every function but proc_exit returns an errno (i32). Params: 'i' = i32, 'I' = i64.
struct FunctionSpec {
  const char* name;
  const char* params;
  WasiImpl impl;
};

constexpr FunctionSpec kFunctions[] = {
    {"args_get", "ii", args_get},
    {"args_sizes_get", "ii", args_sizes_get},
    {"environ_get", "ii", environ_get},
    {"environ_sizes_get", "ii", environ_sizes_get},
    {"clock_res_get", "ii", clock_res_get},
    {"clock_time_get", "iIi", clock_time_get},
    {"fd_advise", "iIIi", fd_advise},
    {"fd_allocate", "iII", fd_allocate},
    {"fd_close", "i", fd_close},
    {"fd_datasync", "i", fd_datasync},
    {"fd_fdstat_get", "ii", fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", fd_filestat_get},
    {"fd_filestat_set_size", "iI", fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", fd_filestat_set_times},
    {"fd_pread", "iiiIi", fd_pread},
    {"fd_prestat_get", "ii", fd_prestat_get},
    {"fd_prestat_dir_name", "iii", fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", fd_pwrite},
    {"fd_read", "iiii", fd_read},
    {"fd_readdir", "iiiIi", fd_readdir},
    {"fd_renumber", "ii", fd_renumber},
    {"fd_seek", "iIii", fd_seek},
    {"fd_sync", "i", fd_sync},
    {"fd_tell", "ii", fd_tell},
    {"fd_write", "iiii", fd_write},
    {"path_create_directory", "iii", path_create_directory},
    {"path_filestat_get", "iiiii", path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", path_filestat_set_times},
    {"path_link", "iiiiiii", path_link},
    {"path_open", "iiiiiIIii", path_open},
    {"path_readlink", "iiiiii", path_readlink},
    {"path_remove_directory", "iii", path_remove_directory},
    {"path_rename", "iiiiii", path_rename},
    {"path_symlink", "iiiii", path_symlink},
    {"path_unlink_file", "iii", path_unlink_file},
    {"poll_oneoff", "iiii", poll_oneoff},
    {"proc_raise", "i", proc_raise},
    {"sched_yield", "", sched_yield},
    {"random_get", "ii", random_get},
    {"sock_accept", "iii", sock_accept},
    {"sock_recv", "iiiiii", sock_recv},
    {"sock_send", "iiiii", sock_send},
    {"sock_shutdown", "ii", sock_shutdown},
};
static_assert(std::size(kFunctions) == 45, "45 errno-returning functions + proc_exit = 46");

constexpr size_t param_count(const char* p) {
  size_t n = 0;
  while (p[n]) ++n;
  return n;
}
static_assert([] {
  for (const FunctionSpec& f : kFunctions)
    if (param_count(f.params) > kMaxParams) return false;
  return true;
}());

FuncType type_of(const char* params, bool returns_errno) {
  FuncType t;
  for (const char* p = params; *p; ++p) t.params.push_back(*p == 'I' ? ValType::I64 : ValType::I32);
  if (returns_errno) t.results.push_back(ValType::I32);
  return t;
}

GuestMemory memory_of(const HostCall& call) {
  if (call.caller == nullptr || call.caller->memories.empty()) return GuestMemory();
  Memory* m = call.caller->memories[0];
  return GuestMemory(m->base(), m->size_bytes());
}

Trap trap_for(Errno e, const char* name) {
  Trap t;
  std::string where = std::string(" (") + kModule + "." + name + ")";
  if (e == Errno::TrapOutOfBounds) {
    t.code = TrapCode::MemoryOutOfBounds;
    t.message = std::string(trap_message(TrapCode::MemoryOutOfBounds)) + where;
  } else {
    t.code = TrapCode::HostTrap;
    t.message = "misaligned pointer" + where;
  }
  return t;
}

HostCallback make_callback(std::shared_ptr<Context> ctx, const FunctionSpec& spec) {
  size_t nparams = param_count(spec.params);
  WasiImpl impl = spec.impl;
  const char* name = spec.name;
  return [ctx = std::move(ctx), nparams, impl, name](HostCall& call, const Cell* args,
                                                      Cell* results) -> Trap {
    uint64_t a[kMaxParams] = {};
    for (size_t i = 0; i < nparams; ++i) a[i] = args[i];  // args and results may alias
    GuestMemory mem = memory_of(call);
    Errno e = impl(Call{*ctx, mem, a});
    if (spdlog::should_log(spdlog::level::trace))
      spdlog::trace("wasi {} -> {}", name, unsigned(e));
    if (is_trap(e)) return trap_for(e, name);
    results[0] = Cell(uint16_t(e));
    return Trap{};
  };
}

// proc_exit(rval: i32) -> never returns: ends the guest with a TrapCode::Exit trap. Statuses
// of 126 and up trap as wasmtime does (see wasi.h).
Trap proc_exit(HostCall&, const Cell* args, Cell*) {
  uint32_t status = uint32_t(args[0]);
  Trap t;
  if (status >= 126) {
    t.code = TrapCode::HostTrap;
    t.message = "exit with invalid exit status outside of [0..126)";
    return t;
  }
  t.code = TrapCode::Exit;
  t.exit_code = int(status);
  t.message = "exit with status " + std::to_string(status);
  return t;
}

}  // namespace

Result<std::shared_ptr<Context>> link(Linker& linker, ObjectStore& store, Config config) {
  auto ctx = Context::create(std::move(config));
  if (!ctx.ok()) return ctx.error();
  for (const FunctionSpec& spec : kFunctions) {
    linker.define_func(store, kModule, spec.name, type_of(spec.params, true),
                       make_callback(*ctx, spec));
  }
  linker.define_func(store, kModule, "proc_exit", type_of("i", false), proc_exit);
  return ctx;
}

}  // namespace zwasm::wasi
