// sock_accept, sock_recv, sock_send, sock_shutdown on sockets the embedder handed in
// (Config::socket_fds) and the connections accepted from them. Preview1 cannot create or
// connect sockets. On any other fd these answer notsock.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/store/exec_stack.h"
#include "wasi/functions.h"

namespace zwasm::wasi {

namespace {

Errno get_socket(const Call& c, uint32_t fd, uint64_t rights, FdEntry*& e) {
  ZW_WASI_TRY(c.ctx.get(fd, e));
  if (!e->is_socket()) return Errno::NotSock;
  return e->has(rights) ? Errno::Success : Errno::NotCapable;
}

}  // namespace

// sock_accept(fd: i32, flags: i32, fd_out: i32) -> errno. Only fdflags::nonblock is allowed.
Errno sock_accept(const Call& c) {
  uint32_t flags = c.u32(1), fd_out = c.u32(2);
  if (flags & ~kFdflagsAll) return Errno::Inval;
  if (flags & ~uint32_t(kFdflagNonblock)) return Errno::Inval;
  FdEntry* listener;
  ZW_WASI_TRY(get_socket(c, c.u32(0), right::kSockAccept, listener));
  ZW_WASI_TRY(c.mem.check(fd_out, 4, 4));
  int host_fd;
  do {
    host_fd = accept4(listener->host_fd, nullptr, nullptr,
                      SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0));
  } while (host_fd < 0 && errno == EINTR && !interrupt_requested());
  if (host_fd < 0) return errno_from_host(errno);
  auto entry = owned_entry(host_fd);
  entry->rights_base = right::kSocket & ~right::kSockAccept;  // a connection accepts nothing
  uint32_t guest_fd;
  ZW_WASI_TRY(c.ctx.insert(std::move(entry), guest_fd));
  c.mem.store<uint32_t>(fd_out, guest_fd);
  return Errno::Success;
}

// sock_recv(fd: i32, ri_data: i32, ri_data_len: i32, ri_flags: i32, ro_datalen_out: i32,
//           ro_flags_out: i32) -> errno
Errno sock_recv(const Call& c) {
  uint32_t ri_flags = c.u32(3), len_out = c.u32(4), flags_out = c.u32(5);
  if (ri_flags & ~(kRiflagRecvPeek | kRiflagRecvWaitall)) return Errno::Inval;
  FdEntry* e;
  ZW_WASI_TRY(get_socket(c, c.u32(0), right::kFdRead, e));
  ZW_WASI_TRY(c.mem.check(len_out, 4, 4));
  ZW_WASI_TRY(c.mem.check(flags_out, 2, 2));
  IovecList iovs;
  ZW_WASI_TRY(gather_iovecs(c.mem, c.u32(1), c.u32(2), iovs));
  struct msghdr msg{};
  msg.msg_iov = iovs.data();
  msg.msg_iovlen = size_t(iovs.size());
  int host_flags = ((ri_flags & kRiflagRecvPeek) ? MSG_PEEK : 0) |
                   ((ri_flags & kRiflagRecvWaitall) ? MSG_WAITALL : 0);
  ssize_t n;
  do {
    n = recvmsg(e->host_fd, &msg, host_flags);
  } while (n < 0 && errno == EINTR && !interrupt_requested());
  if (n < 0) return errno_from_host(errno);
  c.mem.store<uint32_t>(len_out, uint32_t(n));
  c.mem.store<uint16_t>(flags_out, (msg.msg_flags & MSG_TRUNC) ? kRoflagRecvDataTruncated : 0);
  return Errno::Success;
}

// sock_send(fd: i32, si_data: i32, si_data_len: i32, si_flags: i32, so_datalen_out: i32)
// -> errno. $siflags defines no flags: any bit is inval.
Errno sock_send(const Call& c) {
  uint32_t si_flags = c.u32(3), len_out = c.u32(4);
  if (si_flags != 0) return Errno::Inval;
  FdEntry* e;
  ZW_WASI_TRY(get_socket(c, c.u32(0), right::kFdWrite, e));
  ZW_WASI_TRY(c.mem.check(len_out, 4, 4));
  IovecList iovs;
  ZW_WASI_TRY(gather_iovecs(c.mem, c.u32(1), c.u32(2), iovs));
  struct msghdr msg{};
  msg.msg_iov = iovs.data();
  msg.msg_iovlen = size_t(iovs.size());
  ssize_t n;
  do {
    n = sendmsg(e->host_fd, &msg, MSG_NOSIGNAL);  // a closed peer is errno pipe, not SIGPIPE
  } while (n < 0 && errno == EINTR && !interrupt_requested());
  if (n < 0) return errno_from_host(errno);
  c.mem.store<uint32_t>(len_out, uint32_t(n));
  return Errno::Success;
}

// sock_shutdown(fd: i32, how: i32) -> errno; `how` is $sdflags (rd, wr or both).
Errno sock_shutdown(const Call& c) {
  uint32_t how = c.u32(1);
  if (how == 0 || (how & ~(kSdflagRd | kSdflagWr))) return Errno::Inval;
  FdEntry* e;
  ZW_WASI_TRY(get_socket(c, c.u32(0), right::kSockShutdown, e));
  int host_how = how == (kSdflagRd | kSdflagWr) ? SHUT_RDWR
                 : how == kSdflagRd                ? SHUT_RD
                                                   : SHUT_WR;
  if (shutdown(e->host_fd, host_how) != 0) return errno_from_host(errno);
  return Errno::Success;
}

}  // namespace zwasm::wasi
