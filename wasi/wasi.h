// WASI preview1 (`wasi_snapshot_preview1`) for zwasm: configuration and linking.
//
// A guest sees only what the Config grants: its args and environment, stdio as fds 0-2, and the
// preopened directories (fds 3...). Every path a guest names is resolved inside one preopen;
// nothing resolves outside it (`..`, absolute paths, symlinks are confined).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/store/linker.h"
#include "runtime/base/result.h"
#include "runtime/store/store.h"

namespace zwasm::wasi {

struct Preopen {
  std::string host_path;   // a directory on the host
  std::string guest_path;  // the name the guest sees (fd_prestat_dir_name), e.g. "." or "/data"
};

struct Config {
  std::vector<std::string> args;  // args[0] is the program name
  std::vector<std::string> env;   // "KEY=VALUE" entries
  std::vector<Preopen> preopens;
  int stdin_fd = 0;  // host fds backing guest fds 0, 1, 2 (borrowed, never closed by WASI);
  int stdout_fd = 1;  // a negative value leaves that guest fd closed
  int stderr_fd = 2;
  // Host sockets (e.g. a listening TCP socket, as wasmtime's --tcplisten) the guest sees as the
  // fds after the preopens, for sock_accept/recv/send/shutdown. Borrowed, never closed by WASI.
  std::vector<int> socket_fds;
};

// The state of one WASI guest: its fd table and configuration. Owned by the embedder; it must
// outlive every call into instances linked against it.
class Context;

// Opens the preopens and defines all 46 wasi_snapshot_preview1 functions in `linker`, bound to
// a new Context. Fails when a preopen cannot be opened as a directory.
Result<std::shared_ptr<Context>> link(Linker& linker, ObjectStore& store, Config config);

// proc_exit ends the guest with a Trap of code TrapCode::Exit carrying Trap::exit_code; an
// embedder treats that as a normal exit with that status, not as an error. As in wasmtime, a
// status of 126 or more is not an exit but a trap (TrapCode::HostTrap, "exit with invalid exit
// status outside of [0..126)"): statuses from 126 up are reserved for the embedder's own use
// (e.g. 134 for a trap).
//
// Behaviour an embedder can rely on:
// - A guest pointer out of bounds of the caller's memory 0 traps (TrapCode::MemoryOutOfBounds);
//   a misaligned pointer to a record traps (TrapCode::HostTrap). Neither returns errno `fault`:
//   the witx pointer rules and wasmtime trap.
// - A path leaving its preopen (`..` past the root, an absolute path, a symlink to an absolute
//   path or out of the preopen) fails with errno `perm` (63), as wasmtime (cap-std) does.
// - Rights are enforced per fd; a missing right is errno `notcapable` (76).
// - A write to a pipe or socket whose reader is gone returns errno `pipe`; the SIGPIPE it
//   raises never reaches the host. (An embedder that ignores SIGPIPE before link(), as a CLI
//   should, saves the per-write signal masking this needs.)

}  // namespace zwasm::wasi
