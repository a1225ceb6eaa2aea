// The WASI context: descriptor table, stdio and preopens, and the small shared helpers
// (host errno mapping, guest strings, file types).
#include "wasi/context.h"

#include "runtime/base/utf8.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zwasm::wasi {

namespace {

// Guest fds beyond this are refused with Mfile: the host's own limit usually bites first, and
// this keeps the table's size bounded whatever the host allows.
constexpr size_t kMaxGuestFds = 1u << 20;

// Rights of a borrowed stdio fd: those of its type, minus reading or writing when the host
// opened it without that access.
uint64_t stdio_rights(int host_fd, Filetype type) {
  uint64_t rights = rights_for_type(type);
  int fl = fcntl(host_fd, F_GETFL);
  if (fl >= 0) {
    int mode = fl & O_ACCMODE;
    if (mode == O_WRONLY) rights &= ~(right::kFdRead | right::kFdReaddir);
    if (mode == O_RDONLY)
      rights &= ~(right::kFdWrite | right::kFdAllocate | right::kFdFilestatSetSize);
  }
  return rights;
}

std::unique_ptr<FdEntry> borrowed_entry(int host_fd) {
  struct stat st;
  if (host_fd < 0 || fstat(host_fd, &st) != 0) return nullptr;
  auto e = std::make_unique<FdEntry>();
  e->host_fd = host_fd;
  e->owned = false;
  e->type = filetype_of_fd(host_fd);
  e->rights_base = stdio_rights(host_fd, e->type);
  e->rights_inheriting = 0;
  e->may_sigpipe = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
  // The guest's view of the fd flags starts as the host's (see FdEntry::shadow_flags).
  int fl = fcntl(host_fd, F_GETFL);
  if (fl >= 0) {
    if (fl & O_APPEND) e->shadow_flags |= kFdflagAppend;
    if (fl & O_NONBLOCK) e->shadow_flags |= kFdflagNonblock;
    if ((fl & O_SYNC) == O_SYNC) {
      e->shadow_flags |= kFdflagSync;
    } else if (fl & O_DSYNC) {
      e->shadow_flags |= kFdflagDsync;
    }
  }
  return e;
}

}  // namespace

FdEntry::~FdEntry() {
  if (owned && host_fd >= 0) ::close(host_fd);
}

Errno errno_from_host(int e) {
  switch (e) {
    case 0: return Errno::Success;
    case E2BIG: return Errno::TooBig;
    case EACCES: return Errno::Acces;
    case EADDRINUSE: return Errno::AddrInUse;
    case EADDRNOTAVAIL: return Errno::AddrNotAvail;
    case EAFNOSUPPORT: return Errno::AfNoSupport;
    case EAGAIN: return Errno::Again;
    case EALREADY: return Errno::Already;
    case EBADF: return Errno::Badf;
    case EBADMSG: return Errno::BadMsg;
    case EBUSY: return Errno::Busy;
    case ECANCELED: return Errno::Canceled;
    case ECHILD: return Errno::Child;
    case ECONNABORTED: return Errno::ConnAborted;
    case ECONNREFUSED: return Errno::ConnRefused;
    case ECONNRESET: return Errno::ConnReset;
    case EDEADLK: return Errno::Deadlk;
    case EDESTADDRREQ: return Errno::DestAddrReq;
    case EDOM: return Errno::Dom;
    case EDQUOT: return Errno::Dquot;
    case EEXIST: return Errno::Exist;
    case EFAULT: return Errno::Fault;
    case EFBIG: return Errno::Fbig;
    case EHOSTUNREACH: return Errno::HostUnreach;
    case EIDRM: return Errno::Idrm;
    case EILSEQ: return Errno::Ilseq;
    case EINPROGRESS: return Errno::InProgress;
    case EINTR: return Errno::Intr;
    case EINVAL: return Errno::Inval;
    case EIO: return Errno::Io;
    case EISCONN: return Errno::IsConn;
    case EISDIR: return Errno::IsDir;
    case ELOOP: return Errno::Loop;
    case EMFILE: return Errno::Mfile;
    case EMLINK: return Errno::Mlink;
    case EMSGSIZE: return Errno::MsgSize;
    case EMULTIHOP: return Errno::Multihop;
    case ENAMETOOLONG: return Errno::NameTooLong;
    case ENETDOWN: return Errno::NetDown;
    case ENETRESET: return Errno::NetReset;
    case ENETUNREACH: return Errno::NetUnreach;
    case ENFILE: return Errno::Nfile;
    case ENOBUFS: return Errno::NoBufs;
    case ENODEV: return Errno::NoDev;
    case ENOENT: return Errno::NoEnt;
    case ENOEXEC: return Errno::NoExec;
    case ENOLCK: return Errno::NoLck;
    case ENOLINK: return Errno::NoLink;
    case ENOMEM: return Errno::NoMem;
    case ENOMSG: return Errno::NoMsg;
    case ENOPROTOOPT: return Errno::NoProtoOpt;
    case ENOSPC: return Errno::NoSpc;
    case ENOSYS: return Errno::NoSys;
    case ENOTCONN: return Errno::NotConn;
    case ENOTDIR: return Errno::NotDir;
    case ENOTEMPTY: return Errno::NotEmpty;
    case ENOTRECOVERABLE: return Errno::NotRecoverable;
    case ENOTSOCK: return Errno::NotSock;
    case ENOTSUP: return Errno::NotSup;  // == EOPNOTSUPP on Linux
    case ENOTTY: return Errno::NoTty;
    case ENXIO: return Errno::Nxio;
    case EOVERFLOW: return Errno::Overflow;
    case EOWNERDEAD: return Errno::OwnerDead;
    case EPERM: return Errno::Perm;
    case EPIPE: return Errno::Pipe;
    case EPROTO: return Errno::Proto;
    case EPROTONOSUPPORT: return Errno::ProtoNoSupport;
    case EPROTOTYPE: return Errno::ProtoType;
    case ERANGE: return Errno::Range;
    case EROFS: return Errno::Rofs;
    case ESPIPE: return Errno::Spipe;
    case ESRCH: return Errno::Srch;
    case ESTALE: return Errno::Stale;
    case ETIMEDOUT: return Errno::TimedOut;
    case ETXTBSY: return Errno::TxtBsy;
    case EXDEV: return Errno::Xdev;
    default: return Errno::Io;
  }
}

Errno GuestMemory::read_string(uint32_t ptr, uint32_t len, std::string& out,
                               uint32_t max_len) const {
  ZW_WASI_TRY(check(ptr, len));
  if (len > max_len) return Errno::NameTooLong;
  const uint8_t* s = at(ptr);
  if (std::memchr(s, 0, len) != nullptr) return Errno::Inval;
  if (!is_valid_utf8(s, len)) return Errno::Ilseq;
  out.assign(reinterpret_cast<const char*>(s), len);
  return Errno::Success;
}

Filetype filetype_of_mode(unsigned mode) {
  if (S_ISREG(mode)) return Filetype::RegularFile;
  if (S_ISDIR(mode)) return Filetype::Directory;
  if (S_ISCHR(mode)) return Filetype::CharacterDevice;
  if (S_ISBLK(mode)) return Filetype::BlockDevice;
  if (S_ISLNK(mode)) return Filetype::SymbolicLink;
  if (S_ISSOCK(mode)) return Filetype::SocketStream;
  return Filetype::Unknown;  // FIFOs: preview1 has no code for them (wasmtime: unknown)
}

std::unique_ptr<FdEntry> owned_entry(int host_fd) {
  auto e = std::make_unique<FdEntry>();
  e->host_fd = host_fd;
  e->owned = true;
  e->type = filetype_of_fd(host_fd);
  struct stat st;
  e->may_sigpipe = fstat(host_fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
  return e;
}

Filetype filetype_of_fd(int host_fd) {
  struct stat st;
  if (fstat(host_fd, &st) != 0) return Filetype::Unknown;
  if (S_ISSOCK(st.st_mode)) {
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
      return Filetype::SocketDgram;
    return Filetype::SocketStream;
  }
  return filetype_of_mode(st.st_mode);
}

uint64_t rights_for_type(Filetype type) {
  switch (type) {
    case Filetype::RegularFile: return right::kRegularFile;
    case Filetype::Directory: return right::kDirectory;
    case Filetype::SocketStream:
    case Filetype::SocketDgram: return right::kSocket;
    default: return right::kStream;
  }
}

Result<std::shared_ptr<Context>> Context::create(Config config) {
  std::shared_ptr<Context> ctx(new Context(std::move(config)));
  struct sigaction current;
  ctx->sigpipe_ignored_ =
      sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
  const Config& c = ctx->config_;
  for (int host_fd : {c.stdin_fd, c.stdout_fd, c.stderr_fd}) {
    ctx->fds_.push_back(borrowed_entry(host_fd));
    if (ctx->fds_.back()) ctx->fds_.back()->stdio = true;
  }
  for (const Preopen& p : c.preopens) {
    int fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return make_error("cannot open preopened directory '" + p.host_path +
                        "': " + std::strerror(errno));
    }
    auto e = std::make_unique<FdEntry>();
    e->host_fd = fd;
    e->owned = true;
    e->type = Filetype::Directory;
    e->rights_base = right::kDirectory;
    e->rights_inheriting = right::kDirectoryInheriting;
    e->preopen_name = p.guest_path;
    ctx->fds_.push_back(std::move(e));
  }
  for (int host_fd : c.socket_fds) {
    auto e = borrowed_entry(host_fd);
    if (!e || !e->is_socket()) {
      return make_error("inherited fd " + std::to_string(host_fd) + " is not a socket");
    }
    ctx->fds_.push_back(std::move(e));
  }
  return ctx;
}

Errno Context::get(uint32_t fd, FdEntry*& out) {
  if (fd >= fds_.size() || !fds_[fd]) return Errno::Badf;
  out = fds_[fd].get();
  return Errno::Success;
}

Errno Context::get(uint32_t fd, uint64_t rights, FdEntry*& out) {
  ZW_WASI_TRY(get(fd, out));
  return out->has(rights) ? Errno::Success : Errno::NotCapable;
}

Errno Context::get_file(uint32_t fd, uint64_t rights, FdEntry*& out) {
  ZW_WASI_TRY(get(fd, out));
  if (out->stdio) return Errno::Badf;
  return out->has(rights) ? Errno::Success : Errno::NotCapable;
}

Errno Context::get_dir(uint32_t fd, uint64_t rights, FdEntry*& out) {
  ZW_WASI_TRY(get(fd, out));
  if (!out->is_dir()) return Errno::NotDir;
  return out->has(rights) ? Errno::Success : Errno::NotCapable;
}

Errno Context::insert(std::unique_ptr<FdEntry> entry, uint32_t& fd_out) {
  for (size_t i = 0; i < fds_.size(); ++i) {
    if (!fds_[i]) {
      fds_[i] = std::move(entry);
      fd_out = uint32_t(i);
      return Errno::Success;
    }
  }
  if (fds_.size() >= kMaxGuestFds) return Errno::Mfile;
  fds_.push_back(std::move(entry));
  fd_out = uint32_t(fds_.size() - 1);
  return Errno::Success;
}

Errno Context::close(uint32_t fd) {
  FdEntry* e;
  ZW_WASI_TRY(get(fd, e));
  fds_[fd].reset();
  while (!fds_.empty() && !fds_.back()) fds_.pop_back();
  return Errno::Success;
}

Errno Context::renumber(uint32_t from, uint32_t to) {
  FdEntry* e;
  ZW_WASI_TRY(get(from, e));
  ZW_WASI_TRY(get(to, e));
  if (from == to) return Errno::Success;
  fds_[to] = std::move(fds_[from]);
  while (!fds_.empty() && !fds_.back()) fds_.pop_back();
  return Errno::Success;
}

}  // namespace zwasm::wasi
