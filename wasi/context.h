// The state of one WASI guest: its configuration and its descriptor table.
//
// Guest fd numbers index `fds_`. Each entry holds a host fd, the WASI rights that guard every
// call on it (preview1 rights are enforced here: a call whose right is missing returns
// notcapable), and for preopens the name the guest sees.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi.h"

namespace zwasm::wasi {

// A snapshot of a directory's entries taken by fd_readdir (readdir.cpp).
struct DirListing;

struct FdEntry {
  int host_fd = -1;
  bool owned = false;  // we opened it: close it with the entry (stdio and sockets are borrowed)
  Filetype type = Filetype::Unknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  std::optional<std::string> preopen_name;  // set for preopened directories
  // The host's stdin, stdout or stderr: a stream to the guest, whatever the host gave (a log
  // opened with >> too), so calls that change a file (size, allocation, times) answer badf,
  // as in wasmtime.
  bool stdio = false;
  // Writes may raise SIGPIPE (pipes, FIFOs, sockets): fd_write then keeps the signal from
  // killing the host.
  bool may_sigpipe = false;
  // fdflags that cannot be read back from the host (rsync is the same bit as sync on Linux),
  // and for borrowed fds the append/nonblock flags the guest set: those are recorded, not
  // applied, so a guest cannot make the embedder's terminal non-blocking.
  uint16_t shadow_flags = 0;
  std::shared_ptr<DirListing> listing;  // fd_readdir's snapshot, refreshed at cookie 0

  FdEntry() = default;
  FdEntry(const FdEntry&) = delete;
  FdEntry& operator=(const FdEntry&) = delete;
  ~FdEntry();

  bool is_dir() const { return type == Filetype::Directory; }
  bool is_socket() const {
    return type == Filetype::SocketStream || type == Filetype::SocketDgram;
  }
  bool has(uint64_t rights) const { return (rights_base & rights) == rights; }
};

class Context {
 public:
  static Result<std::shared_ptr<Context>> create(Config config);
  ~Context() = default;

  const Config& config() const { return config_; }
  // SIGPIPE was ignored when the context was created: writes to pipes need no guarding then.
  bool sigpipe_ignored() const { return sigpipe_ignored_; }

  // A guest fd the guest may change as a file (its size, allocation or times) with `rights`:
  // Badf for none and for stdio (a stream to the guest, even when the host gave a file),
  // NotCapable without the rights.
  Errno get_file(uint32_t fd, uint64_t rights, FdEntry*& out);
  // Looks a guest fd up: Badf when there is none.
  Errno get(uint32_t fd, FdEntry*& out);
  // ... and requires every right in `rights`: NotCapable otherwise.
  Errno get(uint32_t fd, uint64_t rights, FdEntry*& out);
  // ... for path operations: the fd must be a directory (NotDir) with `rights` (NotCapable).
  Errno get_dir(uint32_t fd, uint64_t rights, FdEntry*& out);

  // Installs an entry at the lowest free guest fd and returns that fd (Mfile when the table
  // is full).
  Errno insert(std::unique_ptr<FdEntry> entry, uint32_t& fd_out);
  Errno close(uint32_t fd);
  Errno renumber(uint32_t from, uint32_t to);

 private:
  explicit Context(Config config) : config_(std::move(config)) {}
  Config config_;
  bool sigpipe_ignored_ = false;
  std::vector<std::unique_ptr<FdEntry>> fds_;
};

// The filetype of a host fd, from fstat (and SO_TYPE for sockets).
Filetype filetype_of_fd(int host_fd);
// A new entry for a host fd zwasm opened (path_open, sock_accept): it owns and closes the fd.
// Type and SIGPIPE exposure come from the fd itself; the caller sets the rights.
std::unique_ptr<FdEntry> owned_entry(int host_fd);
// The filetype of an st_mode (sockets found by path are reported as stream sockets).
Filetype filetype_of_mode(unsigned mode);

// The rights that mean something for a descriptor of that type.
uint64_t rights_for_type(Filetype type);

// The arguments a WASI function receives: its wasm params (one cell each) and the memory.
struct Call {
  Context& ctx;
  const GuestMemory& mem;
  const uint64_t* args;
  uint32_t u32(int i) const { return static_cast<uint32_t>(args[i]); }
  uint64_t u64(int i) const { return args[i]; }
};

}  // namespace zwasm::wasi
