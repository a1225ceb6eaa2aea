// The 46 wasi_snapshot_preview1 functions (internal): each reads its wasm params from a Call
// and returns an errno, or one of the trap outcomes (abi.h). link.cpp binds them by name with
// their wasm types; proc_exit, which never returns, is bound there directly.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <vector>

#include "wasi/context.h"

namespace zwasm::wasi {

using WasiImpl = Errno (*)(const Call&);

// args, environ, clocks, random, scheduling, signals (funcs_env.cpp)
Errno args_get(const Call&);
Errno args_sizes_get(const Call&);
Errno environ_get(const Call&);
Errno environ_sizes_get(const Call&);
Errno clock_res_get(const Call&);
Errno clock_time_get(const Call&);
Errno random_get(const Call&);
Errno proc_raise(const Call&);
Errno sched_yield(const Call&);

// descriptors (funcs_fd.cpp, funcs_fd_io.cpp)
Errno fd_advise(const Call&);
Errno fd_allocate(const Call&);
Errno fd_close(const Call&);
Errno fd_datasync(const Call&);
Errno fd_fdstat_get(const Call&);
Errno fd_fdstat_set_flags(const Call&);
Errno fd_fdstat_set_rights(const Call&);
Errno fd_filestat_get(const Call&);
Errno fd_filestat_set_size(const Call&);
Errno fd_filestat_set_times(const Call&);
Errno fd_pread(const Call&);
Errno fd_prestat_get(const Call&);
Errno fd_prestat_dir_name(const Call&);
Errno fd_pwrite(const Call&);
Errno fd_read(const Call&);
Errno fd_readdir(const Call&);  // readdir.cpp
Errno fd_renumber(const Call&);
Errno fd_seek(const Call&);
Errno fd_sync(const Call&);
Errno fd_tell(const Call&);
Errno fd_write(const Call&);

// paths (funcs_path.cpp)
Errno path_create_directory(const Call&);
Errno path_filestat_get(const Call&);
Errno path_filestat_set_times(const Call&);
Errno path_link(const Call&);
Errno path_open(const Call&);
Errno path_readlink(const Call&);
Errno path_remove_directory(const Call&);
Errno path_rename(const Call&);
Errno path_symlink(const Call&);
Errno path_unlink_file(const Call&);

// events and sockets (poll.cpp, sock.cpp)
Errno poll_oneoff(const Call&);
Errno sock_accept(const Call&);
Errno sock_recv(const Call&);
Errno sock_send(const Call&);
Errno sock_shutdown(const Call&);

// Shared helpers.

// Host iovecs pointing into guest memory; the common short lists need no allocation.
class IovecList {
 public:
  struct iovec* data() { return heap_.empty() ? inline_ : heap_.data(); }
  int size() const { return int(size_); }
  void resize(uint32_t n) {
    size_ = n;
    if (n > kInline) heap_.resize(n);
  }

 private:
  static constexpr uint32_t kInline = 8;
  struct iovec inline_[kInline];
  std::vector<struct iovec> heap_;
  uint32_t size_ = 0;
};

// Checks an iovec/ciovec array and every buffer it names, and builds host iovecs pointing into
// guest memory. At most IOV_MAX buffers are used (a short transfer, which POSIX allows).
Errno gather_iovecs(const GuestMemory& mem, uint32_t iovs, uint32_t count, IovecList& out);

// Writes a $filestat record (the pointer must already be checked).
void store_filestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st);

// Converts $fstflags plus timestamps to utimensat's times (Inval for contradictory flags).
Errno timespecs_for(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec out[2]);

}  // namespace zwasm::wasi
