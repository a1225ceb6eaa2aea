// path_* functions: every guest path goes through resolve_path (path.h), then one *at syscall
// on (parent fd, final name) that does not follow a final symlink.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/store/exec_stack.h"
#include "wasi/functions.h"
#include "wasi/path.h"

namespace zwasm::wasi {

namespace {

Errno host_result(int rc) { return rc == 0 ? Errno::Success : errno_from_host(errno); }

// Looks up directory fd `fd` with `rights`, reads the guest path and resolves it.
Errno resolve_guest_path(const Call& c, uint32_t fd, uint64_t rights, uint32_t path_ptr,
                         uint32_t path_len, FinalComponent mode, ResolvedPath& out) {
  FdEntry* dir;
  ZW_WASI_TRY(c.ctx.get_dir(fd, rights, dir));
  std::string path;
  ZW_WASI_TRY(c.mem.read_string(path_ptr, path_len, path, kMaxPathLength));
  return resolve_path(dir->host_fd, path, mode, out);
}

FinalComponent lookup_mode(uint32_t lookupflags) {
  return (lookupflags & kLookupSymlinkFollow) ? FinalComponent::Follow : FinalComponent::NoFollow;
}

// A trailing slash on a looked-up path requires a directory.
Errno require_dir_if_slash(const ResolvedPath& p) {
  if (!p.trailing_slash()) return Errno::Success;
  struct stat st;
  if (fstatat(p.dir_fd(), p.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno_from_host(errno);
  return S_ISDIR(st.st_mode) ? Errno::Success : Errno::NotDir;
}

}  // namespace

// path_create_directory(fd: i32, path: i32, path_len: i32) -> errno
Errno path_create_directory(const Call& c) {
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathCreateDirectory, c.u32(1), c.u32(2),
                                 FinalComponent::Create, p));
  return host_result(mkdirat(p.dir_fd(), p.name_for_create().c_str(), 0777));
}

// path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, buf: i32) -> errno
Errno path_filestat_get(const Call& c) {
  uint32_t flags = c.u32(1), out = c.u32(4);
  if (flags & ~kLookupSymlinkFollow) return Errno::Inval;
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathFilestatGet, c.u32(2), c.u32(3),
                                 lookup_mode(flags), p));
  ZW_WASI_TRY(c.mem.check(out, layout::kFilestatSize, layout::kFilestatAlign));
  struct stat st;
  if (fstatat(p.dir_fd(), p.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno_from_host(errno);
  if (p.trailing_slash() && !S_ISDIR(st.st_mode)) return Errno::NotDir;
  store_filestat(c.mem, out, st);
  return Errno::Success;
}

// path_filestat_set_times(fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64,
//                         fst_flags: i32) -> errno
Errno path_filestat_set_times(const Call& c) {
  uint32_t flags = c.u32(1);
  if (flags & ~kLookupSymlinkFollow) return Errno::Inval;
  struct timespec times[2];
  ZW_WASI_TRY(timespecs_for(c.u64(4), c.u64(5), c.u32(6), times));
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathFilestatSetTimes, c.u32(2), c.u32(3),
                                 lookup_mode(flags), p));
  ZW_WASI_TRY(require_dir_if_slash(p));
  return host_result(utimensat(p.dir_fd(), p.name().c_str(), times, AT_SYMLINK_NOFOLLOW));
}

// path_link(old_fd: i32, old_flags: i32, old_path: i32, old_path_len: i32, new_fd: i32,
//           new_path: i32, new_path_len: i32) -> errno
Errno path_link(const Call& c) {
  uint32_t old_flags = c.u32(1);
  if (old_flags & ~kLookupSymlinkFollow) return Errno::Inval;
  ResolvedPath from, to;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathLinkSource, c.u32(2), c.u32(3),
                                 lookup_mode(old_flags), from));
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(4), right::kPathLinkTarget, c.u32(5), c.u32(6),
                                 FinalComponent::Create, to));
  if (from.trailing_slash() || from.name() == ".") {
    // The source names a directory: directories cannot be hard-linked (perm, as linkat says).
    ZW_WASI_TRY(require_dir_if_slash(from));
    return Errno::Perm;
  }
  // linkat without AT_SYMLINK_FOLLOW links a final symlink itself; following was done above.
  return host_result(
      linkat(from.dir_fd(), from.name().c_str(), to.dir_fd(), to.name_for_create().c_str(), 0));
}

// path_open(fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, fs_rights_base: i64,
//           fs_rights_inheriting: i64, fdflags: i32, fd_out: i32) -> errno
//
// Needs path_open on the directory, plus path_create_file for creat and path_filestat_set_size
// for trunc (witx $rights). The new fd's rights are those requested, cut down to the
// directory's inheriting rights and to what makes sense for what was opened. The host access
// mode follows the rights: read for fd_read/fd_readdir, write for fd_write, fd_datasync,
// fd_allocate, fd_filestat_set_size (or trunc).
Errno path_open(const Call& c) {
  uint32_t dirflags = c.u32(1), oflags = c.u32(4), fdflags = c.u32(7), fd_out = c.u32(8);
  uint64_t base = c.u64(5), inheriting = c.u64(6);
  if ((dirflags & ~kLookupSymlinkFollow) || (oflags & ~kOflagsAll) || (fdflags & ~kFdflagsAll) ||
      ((base | inheriting) & ~right::kAll))
    return Errno::Inval;
  uint64_t needed = right::kPathOpen;
  if (oflags & kOflagCreat) needed |= right::kPathCreateFile;
  if (oflags & kOflagTrunc) needed |= right::kPathFilestatSetSize;
  FdEntry* dir;
  ZW_WASI_TRY(c.ctx.get_dir(c.u32(0), needed, dir));
  ZW_WASI_TRY(c.mem.check(fd_out, 4, 4));
  std::string path;
  ZW_WASI_TRY(c.mem.read_string(c.u32(2), c.u32(3), path, kMaxPathLength));
  ResolvedPath p;
  ZW_WASI_TRY(resolve_path(dir->host_fd, path, lookup_mode(dirflags), p));

  base &= dir->rights_inheriting;
  inheriting &= dir->rights_inheriting;
  bool want_dir = (oflags & kOflagDirectory) || p.trailing_slash();
  bool read = base & (right::kFdRead | right::kFdReaddir);
  bool write = (base & (right::kFdWrite | right::kFdDatasync | right::kFdAllocate |
                        right::kFdFilestatSetSize)) ||
               (oflags & kOflagTrunc);
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  if (want_dir && !write) {
    flags |= O_RDONLY | O_DIRECTORY;
  } else if (want_dir) {
    // Write rights on a directory: Linux answers EISDIR for one (wasmtime passes that on),
    // ENOTDIR for anything else.
    flags |= O_WRONLY | O_DIRECTORY;
  } else if (write) {
    flags |= read ? O_RDWR : O_WRONLY;
  } else {
    flags |= O_RDONLY;
  }
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & (kFdflagSync | kFdflagRsync)) flags |= O_SYNC;  // O_RSYNC == O_SYNC on Linux
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;

  int host_fd;
  do {
    host_fd = openat(p.dir_fd(), p.name().c_str(), flags, 0666);
  } while (host_fd < 0 && errno == EINTR && !interrupt_requested());
  if (host_fd < 0) return errno_from_host(errno);

  auto entry = owned_entry(host_fd);
  entry->rights_base = base & rights_for_type(entry->type);
  entry->rights_inheriting = entry->is_dir() ? inheriting : 0;
  entry->shadow_flags = (fdflags & kFdflagRsync) ? kFdflagRsync : 0;
  uint32_t guest_fd;
  ZW_WASI_TRY(c.ctx.insert(std::move(entry), guest_fd));  // the entry closes host_fd on failure
  c.mem.store<uint32_t>(fd_out, guest_fd);
  return Errno::Success;
}

// path_readlink(fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, bufused_out: i32)
// -> errno. A target longer than the buffer is silently truncated (wasmtime). An absolute
// target (a host-made link) is refused with perm, as wasmtime's cap-std does: it would tell
// the guest a host path, and the guest could not follow it anyway.
Errno path_readlink(const Call& c) {
  uint32_t buf = c.u32(3), buf_len = c.u32(4), used_out = c.u32(5);
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathReadlink, c.u32(1), c.u32(2),
                                 FinalComponent::NoFollow, p));
  ZW_WASI_TRY(c.mem.check(buf, buf_len));
  ZW_WASI_TRY(c.mem.check(used_out, 4, 4));
  std::string target;
  ZW_WASI_TRY(read_link(p.dir_fd(), p.name(), target));
  if (!target.empty() && target[0] == '/') return Errno::Perm;
  uint32_t n = uint32_t(std::min<size_t>(target.size(), buf_len));
  std::memcpy(c.mem.at(buf), target.data(), n);
  c.mem.store<uint32_t>(used_out, n);
  return Errno::Success;
}

// path_remove_directory(fd: i32, path: i32, path_len: i32) -> errno
Errno path_remove_directory(const Call& c) {
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathRemoveDirectory, c.u32(1), c.u32(2),
                                 FinalComponent::Create, p));
  return host_result(unlinkat(p.dir_fd(), p.name_for_create().c_str(), AT_REMOVEDIR));
}

// path_rename(fd: i32, old_path: i32, old_path_len: i32, new_fd: i32, new_path: i32,
//             new_path_len: i32) -> errno
Errno path_rename(const Call& c) {
  ResolvedPath from, to;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathRenameSource, c.u32(1), c.u32(2),
                                 FinalComponent::Create, from));
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(3), right::kPathRenameTarget, c.u32(4), c.u32(5),
                                 FinalComponent::Create, to));
  return host_result(renameat(from.dir_fd(), from.name_for_create().c_str(), to.dir_fd(),
                              to.name_for_create().c_str()));
}

// path_symlink(old_path: i32, old_path_len: i32, fd: i32, new_path: i32, new_path_len: i32)
// -> errno. The link's contents are stored as given, except that an absolute target is
// refused with perm (cap-std / wasmtime): it could only ever point out of the sandbox. A
// relative target that climbs out is stored, and refused whenever something resolves it.
Errno path_symlink(const Call& c) {
  std::string target;
  FdEntry* dir;
  ZW_WASI_TRY(c.ctx.get_dir(c.u32(2), right::kPathSymlink, dir));
  ZW_WASI_TRY(c.mem.read_string(c.u32(0), c.u32(1), target, kMaxPathLength));
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(2), right::kPathSymlink, c.u32(3), c.u32(4),
                                 FinalComponent::Create, p));
  if (!target.empty() && target[0] == '/') return Errno::Perm;
  return host_result(symlinkat(target.c_str(), p.dir_fd(), p.name_for_create().c_str()));
}

// path_unlink_file(fd: i32, path: i32, path_len: i32) -> errno
Errno path_unlink_file(const Call& c) {
  ResolvedPath p;
  ZW_WASI_TRY(resolve_guest_path(c, c.u32(0), right::kPathUnlinkFile, c.u32(1), c.u32(2),
                                 FinalComponent::Create, p));
  return host_result(unlinkat(p.dir_fd(), p.name_for_create().c_str(), 0));
}

}  // namespace zwasm::wasi
