// Data transfer: fd_read, fd_pread, fd_write, fd_pwrite. Guest buffers are handed to the host's
// readv/writev family in place (after bounds checks), without copying.
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/store/exec_stack.h"
#include "wasi/functions.h"

namespace zwasm::wasi {

namespace {

// Keeps a write to a pipe or socket whose reader is gone from killing the host with SIGPIPE:
// the signal is blocked for this thread during the write and a SIGPIPE the write raised is
// consumed, so the guest just sees errno `pipe`.
class SigpipeGuard {
 public:
  explicit SigpipeGuard(bool active) : active_(active) {
    if (!active_) return;
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_);
  }
  void after_write(ssize_t rc, int err) {
    if (!active_ || rc >= 0 || err != EPIPE || was_pending_) return;
    struct timespec zero{0, 0};
    while (sigtimedwait(&pipe_set_, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  ~SigpipeGuard() {
    if (active_) pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  bool active_;
  bool was_pending_ = false;
  sigset_t pipe_set_;
  sigset_t old_;
};

enum class Transfer { Read, Write };

// The shared body of the four functions. `offset` < 0 means "at the current offset".
Errno transfer(const Call& c, Transfer dir, uint32_t iovs, uint32_t count, int64_t offset,
               uint32_t result_ptr) {
  uint64_t rights = dir == Transfer::Read ? right::kFdRead : right::kFdWrite;
  if (offset >= 0) rights |= right::kFdSeek;  // witx: fd_pread/fd_pwrite need fd_seek too
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), rights, e));
  ZW_WASI_TRY(c.mem.check(result_ptr, 4, 4));
  IovecList host_iovs;
  ZW_WASI_TRY(gather_iovecs(c.mem, iovs, count, host_iovs));
  int iovcnt = host_iovs.size();
  ssize_t n;
  int err = 0;
  if (offset >= 0 && iovcnt == 0) {
    // A positioned transfer of nothing still needs an fd that can seek (ESPIPE on a pipe).
    // Linux checks that in preadv/pwritev even with no iovecs, qemu-user answers 0 without
    // asking the kernel; lseek gives the same answer on both.
    if (lseek(e->host_fd, 0, SEEK_CUR) < 0) return errno_from_host(errno);
    c.mem.store<uint32_t>(result_ptr, 0);
    return Errno::Success;
  }
  if (dir == Transfer::Read) {
    do {
      n = offset < 0 ? readv(e->host_fd, host_iovs.data(), iovcnt)
                     : preadv(e->host_fd, host_iovs.data(), iovcnt, off_t(offset));
    } while (n < 0 && errno == EINTR && !interrupt_requested());
    err = errno;
  } else {
    SigpipeGuard guard(e->may_sigpipe && !c.ctx.sigpipe_ignored());
    do {
      n = offset < 0 ? writev(e->host_fd, host_iovs.data(), iovcnt)
                     : pwritev(e->host_fd, host_iovs.data(), iovcnt, off_t(offset));
    } while (n < 0 && errno == EINTR && !interrupt_requested());
    err = errno;
    guard.after_write(n, err);
  }
  if (n < 0) return errno_from_host(err);
  // Linux moves at most 0x7ffff000 bytes per call, so the count fits a $size.
  c.mem.store<uint32_t>(result_ptr, uint32_t(n));
  return Errno::Success;
}

Errno checked_offset(uint64_t offset, int64_t& out) {
  if (offset > INT64_MAX) return Errno::Inval;
  out = int64_t(offset);
  return Errno::Success;
}

}  // namespace

Errno gather_iovecs(const GuestMemory& mem, uint32_t iovs, uint32_t count, IovecList& out) {
  ZW_WASI_TRY(mem.check(iovs, uint64_t(count) * layout::kIovecSize, layout::kIovecAlign));
  uint32_t used = count < IOV_MAX ? count : IOV_MAX;
  out.resize(used);
  struct iovec* host = out.data();
  for (uint32_t i = 0; i < used; ++i) {
    uint32_t buf = mem.load<uint32_t>(iovs + i * layout::kIovecSize);
    uint32_t len = mem.load<uint32_t>(iovs + i * layout::kIovecSize + 4);
    ZW_WASI_TRY(mem.check(buf, len));
    host[i].iov_base = mem.at(buf);
    host[i].iov_len = len;
  }
  return Errno::Success;
}

// fd_read(fd: i32, iovs: i32, iovs_len: i32, nread_out: i32) -> errno
Errno fd_read(const Call& c) {
  return transfer(c, Transfer::Read, c.u32(1), c.u32(2), -1, c.u32(3));
}

// fd_write(fd: i32, iovs: i32, iovs_len: i32, nwritten_out: i32) -> errno
Errno fd_write(const Call& c) {
  return transfer(c, Transfer::Write, c.u32(1), c.u32(2), -1, c.u32(3));
}

// fd_pread(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread_out: i32) -> errno
Errno fd_pread(const Call& c) {
  int64_t offset;
  ZW_WASI_TRY(checked_offset(c.u64(3), offset));
  return transfer(c, Transfer::Read, c.u32(1), c.u32(2), offset, c.u32(4));
}

// fd_pwrite(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten_out: i32) -> errno. On a
// file opened with append, Linux (and wasmtime) ignore the offset and append.
Errno fd_pwrite(const Call& c) {
  int64_t offset;
  ZW_WASI_TRY(checked_offset(c.u64(3), offset));
  return transfer(c, Transfer::Write, c.u32(1), c.u32(2), offset, c.u32(4));
}

}  // namespace zwasm::wasi
