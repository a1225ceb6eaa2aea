// WASI preview1 (`wasi_snapshot_preview1`) for zwasm: configuration and linking.
//
// A guest sees only what the Config grants: its args and environment, stdio as fds 0-2, and the
// preopened directories (fds 3...). Every path a guest names is resolved inside one preopen;
// nothing resolves outside it (`..`, absolute paths, symlinks are confined).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/linker.h"
#include "runtime/result.h"
#include "runtime/store.h"

namespace zwasm::wasi {

struct Preopen {
  std::string host_path;   // a directory on the host
  std::string guest_path;  // the name the guest sees (fd_prestat_dir_name), e.g. "." or "/data"
};

struct Config {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // "KEY=VALUE" entries
  std::vector<Preopen> preopens;
  int stdin_fd = 0;  // host fds backing guest fds 0, 1, 2
  int stdout_fd = 1;
  int stderr_fd = 2;
};

// The state of one WASI guest: its fd table and configuration. Owned by the embedder; it must
// outlive every call into instances linked against it.
class Context;

// Opens the preopens and defines all 46 wasi_snapshot_preview1 functions in `linker`, bound to
// a new Context. Fails when a preopen cannot be opened as a directory.
Result<std::shared_ptr<Context>> link(Linker& linker, Store& store, Config config);

// proc_exit ends the guest with a Trap of code TrapCode::Exit carrying Trap::exit_code; an
// embedder treats that as a normal exit with that status, not as an error.

}  // namespace zwasm::wasi
