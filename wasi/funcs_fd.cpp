// Descriptor functions other than data transfer: close, renumber, seek/tell, stat, flags,
// rights, sync, advise, allocate, prestat.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/functions.h"

namespace zwasm::wasi {

namespace {

constexpr uint16_t kSyncFlags = kFdflagDsync | kFdflagRsync | kFdflagSync;

uint64_t ns_of(const struct timespec& ts) {
  if (ts.tv_sec < 0) return 0;  // before 1970: not representable as a $timestamp
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

uint16_t fdflags_from_host(int fl) {
  uint16_t f = 0;
  if (fl & O_APPEND) f |= kFdflagAppend;
  if (fl & O_NONBLOCK) f |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC) {
    f |= kFdflagSync;
  } else if (fl & O_DSYNC) {
    f |= kFdflagDsync;
  }
  return f;
}

uint16_t fdflags_of(const FdEntry& e) {
  if (!e.owned) return e.shadow_flags;
  int fl = fcntl(e.host_fd, F_GETFL);
  uint16_t f = fl >= 0 ? fdflags_from_host(fl) : 0;
  return f | (e.shadow_flags & kFdflagRsync);
}

Errno host_result(int rc) { return rc == 0 ? Errno::Success : errno_from_host(errno); }

}  // namespace

void store_filestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st) {
  uint8_t* p = mem.at(ptr);
  std::memset(p, 0, layout::kFilestatSize);
  mem.store<uint64_t>(ptr + 0, uint64_t(st.st_dev));
  mem.store<uint64_t>(ptr + 8, uint64_t(st.st_ino));
  mem.store<uint8_t>(ptr + 16, uint8_t(filetype_of_mode(st.st_mode)));
  mem.store<uint64_t>(ptr + 24, uint64_t(st.st_nlink));
  mem.store<uint64_t>(ptr + 32, uint64_t(st.st_size));
  mem.store<uint64_t>(ptr + 40, ns_of(st.st_atim));
  mem.store<uint64_t>(ptr + 48, ns_of(st.st_mtim));
  mem.store<uint64_t>(ptr + 56, ns_of(st.st_ctim));
}

Errno timespecs_for(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec out[2]) {
  if (fst & ~kFstflagsAll) return Errno::Inval;
  // Setting a time both to a value and to "now" is contradictory (wasmtime: inval).
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return Errno::Inval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return Errno::Inval;
  auto one = [](bool set, bool now, uint64_t ns) {
    struct timespec ts{};
    if (now) {
      ts.tv_nsec = UTIME_NOW;
    } else if (set) {
      ts.tv_sec = time_t(ns / 1'000'000'000ull);
      ts.tv_nsec = long(ns % 1'000'000'000ull);
    } else {
      ts.tv_nsec = UTIME_OMIT;
    }
    return ts;
  };
  out[0] = one(fst & kFstAtim, fst & kFstAtimNow, atim);
  out[1] = one(fst & kFstMtim, fst & kFstMtimNow, mtim);
  return Errno::Success;
}

// fd_advise(fd: i32, offset: i64, len: i64, advice: i32) -> errno
Errno fd_advise(const Call& c) {
  uint32_t advice = c.u32(3);
  if (advice > kAdviceMax) return Errno::Inval;
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), right::kFdAdvise, e));
  uint64_t offset = c.u64(1), len = c.u64(2);
  if (offset > INT64_MAX || len > INT64_MAX) return Errno::Inval;
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                                        POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                                        POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  int rc = posix_fadvise(e->host_fd, off_t(offset), off_t(len), kHostAdvice[advice]);
  return errno_from_host(rc);
}

// fd_allocate(fd: i32, offset: i64, len: i64) -> errno (posix_fallocate; wasmtime answers
// notsup unconditionally).
Errno fd_allocate(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get_file(c.u32(0), right::kFdAllocate, e));
  uint64_t offset = c.u64(1), len = c.u64(2);
  if (offset > INT64_MAX || len > INT64_MAX) return Errno::Inval;
  if (offset + len > uint64_t(INT64_MAX)) return Errno::Fbig;
  return errno_from_host(posix_fallocate(e->host_fd, off_t(offset), off_t(len)));
}

// fd_close(fd: i32) -> errno
Errno fd_close(const Call& c) { return c.ctx.close(c.u32(0)); }

// fd_datasync(fd: i32) -> errno
Errno fd_datasync(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), right::kFdDatasync, e));
  return host_result(fdatasync(e->host_fd));
}

// fd_sync(fd: i32) -> errno
Errno fd_sync(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), right::kFdSync, e));
  return host_result(fsync(e->host_fd));
}

// fd_fdstat_get(fd: i32, stat_out: i32) -> errno
Errno fd_fdstat_get(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  uint32_t out = c.u32(1);
  ZW_WASI_TRY(c.mem.check(out, layout::kFdstatSize, layout::kFdstatAlign));
  std::memset(c.mem.at(out), 0, layout::kFdstatSize);
  c.mem.store<uint8_t>(out + 0, uint8_t(e->type));
  c.mem.store<uint16_t>(out + 2, fdflags_of(*e));
  c.mem.store<uint64_t>(out + 8, e->rights_base);
  c.mem.store<uint64_t>(out + 16, e->rights_inheriting);
  return Errno::Success;
}

// fd_fdstat_set_flags(fd: i32, flags: i32) -> errno. Only append and nonblock can change (as
// with fcntl(F_SETFL)); asking for a sync flag is inval, as in wasmtime. On borrowed fds
// (stdio, inherited sockets) the change is recorded and reported but not applied to the host.
Errno fd_fdstat_set_flags(const Call& c) {
  uint32_t flags = c.u32(1);
  if (flags & ~kFdflagsAll) return Errno::Inval;
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), right::kFdFdstatSetFlags, e));
  if (flags & kSyncFlags) return Errno::Inval;
  uint16_t settable = kFdflagAppend | kFdflagNonblock;
  if (!e->owned) {
    e->shadow_flags = uint16_t((e->shadow_flags & ~settable) | (flags & settable));
    return Errno::Success;
  }
  int fl = fcntl(e->host_fd, F_GETFL);
  if (fl < 0) return errno_from_host(errno);
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  return host_result(fcntl(e->host_fd, F_SETFL, fl));
}

// fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) -> errno: rights can only be
// dropped; asking for one the fd does not hold is notcapable.
Errno fd_fdstat_set_rights(const Call& c) {
  uint64_t base = c.u64(1), inheriting = c.u64(2);
  if ((base | inheriting) & ~right::kAll) return Errno::Inval;
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting)) return Errno::NotCapable;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return Errno::Success;
}

// fd_filestat_get(fd: i32, buf: i32) -> errno
Errno fd_filestat_get(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), right::kFdFilestatGet, e));
  uint32_t out = c.u32(1);
  ZW_WASI_TRY(c.mem.check(out, layout::kFilestatSize, layout::kFilestatAlign));
  struct stat st;
  if (fstat(e->host_fd, &st) != 0) return errno_from_host(errno);
  store_filestat(c.mem, out, st);
  if (e->is_socket()) c.mem.store<uint8_t>(out + 16, uint8_t(e->type));
  return Errno::Success;
}

// fd_filestat_set_size(fd: i32, size: i64) -> errno
Errno fd_filestat_set_size(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get_file(c.u32(0), right::kFdFilestatSetSize, e));
  uint64_t size = c.u64(1);
  if (size > INT64_MAX) return Errno::Inval;
  return host_result(ftruncate(e->host_fd, off_t(size)));
}

// fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, fst_flags: i32) -> errno
Errno fd_filestat_set_times(const Call& c) {
  struct timespec times[2];
  ZW_WASI_TRY(timespecs_for(c.u64(1), c.u64(2), c.u32(3), times));
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get_file(c.u32(0), right::kFdFilestatSetTimes, e));
  return host_result(futimens(e->host_fd, times));
}

// fd_prestat_get(fd: i32, buf: i32) -> errno: badf for fds that are not preopens.
Errno fd_prestat_get(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  if (!e->preopen_name) return Errno::Badf;
  uint32_t out = c.u32(1);
  ZW_WASI_TRY(c.mem.check(out, layout::kPrestatSize, layout::kPrestatAlign));
  std::memset(c.mem.at(out), 0, layout::kPrestatSize);  // tag 0: $preopentype::dir
  c.mem.store<uint32_t>(out + 4, uint32_t(e->preopen_name->size()));
  return Errno::Success;
}

// fd_prestat_dir_name(fd: i32, path: i32, path_len: i32) -> errno. Writes the name without a
// NUL; a buffer shorter than the name is nametoolong, a non-preopen fd notdir (both wasmtime).
Errno fd_prestat_dir_name(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  if (!e->preopen_name) return Errno::NotDir;
  const std::string& name = *e->preopen_name;
  uint32_t out = c.u32(1), out_len = c.u32(2);
  if (name.size() > out_len) return Errno::NameTooLong;
  ZW_WASI_TRY(c.mem.check(out, name.size()));
  std::memcpy(c.mem.at(out), name.data(), name.size());
  return Errno::Success;
}

// fd_renumber(from: i32, to: i32) -> errno: both must be open; `to` is closed first.
Errno fd_renumber(const Call& c) { return c.ctx.renumber(c.u32(0), c.u32(1)); }

// fd_seek(fd: i32, offset: i64, whence: i32, newoffset_out: i32) -> errno
Errno fd_seek(const Call& c) {
  int64_t offset = int64_t(c.u64(1));
  uint32_t whence = c.u32(2), out = c.u32(3);
  if (whence > kWhenceEnd) return Errno::Inval;
  // Asking for the current offset only needs fd_tell (witx: rights::fd_tell).
  bool tell_only = whence == kWhenceCur && offset == 0;
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  if (!e->has(right::kFdSeek) && !(tell_only && e->has(right::kFdTell))) return Errno::NotCapable;
  ZW_WASI_TRY(c.mem.check(out, 8, 8));
  static constexpr int kHostWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  off_t pos = lseek(e->host_fd, off_t(offset), kHostWhence[whence]);
  if (pos < 0) return errno_from_host(errno);
  c.mem.store<uint64_t>(out, uint64_t(pos));
  return Errno::Success;
}

// fd_tell(fd: i32, offset_out: i32) -> errno (fd_seek implies fd_tell)
Errno fd_tell(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  if (!e->has(right::kFdTell) && !e->has(right::kFdSeek)) return Errno::NotCapable;
  uint32_t out = c.u32(1);
  ZW_WASI_TRY(c.mem.check(out, 8, 8));
  off_t pos = lseek(e->host_fd, 0, SEEK_CUR);
  if (pos < 0) return errno_from_host(errno);
  c.mem.store<uint64_t>(out, uint64_t(pos));
  return Errno::Success;
}

}  // namespace zwasm::wasi
