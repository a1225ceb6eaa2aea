// fd_readdir with opaque, stable cookies.
//
// A directory's entries are read in full (getdents64 from offset 0) into a snapshot kept on
// the fd; the cookie of an entry is its position in the snapshot plus one. Reading at cookie 0
// takes a fresh snapshot; any other cookie reads the same snapshot again, so re-reading from a
// cookie (wasi-libc does this when its buffer was too small for an entry) always yields the
// same entries, however the kernel's own offsets behave (telldir values that die on reopen
// caused node #47193 / uvwasi #298). "." and ".." come first, as in wasmtime.
//
// The buffer is filled completely: the last entry that does not fit is truncated (header and
// name), so bufused < buf_len tells the guest it has reached the end (the witx contract).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "wasi/functions.h"

namespace zwasm::wasi {

struct DirListing {
  struct Entry {
    std::string name;
    uint64_t ino;
    Filetype type;
  };
  std::vector<Entry> entries;
};

namespace {

Filetype filetype_of_dtype(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return Filetype::RegularFile;
    case DT_DIR: return Filetype::Directory;
    case DT_CHR: return Filetype::CharacterDevice;
    case DT_BLK: return Filetype::BlockDevice;
    case DT_LNK: return Filetype::SymbolicLink;
    case DT_SOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;
  }
}

Errno read_listing(int dir_fd, DirListing& out) {
  if (lseek(dir_fd, 0, SEEK_SET) < 0) return errno_from_host(errno);
  alignas(8) char buf[16384];
  for (;;) {
    ssize_t n = getdents64(dir_fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    if (n == 0) break;
    for (ssize_t pos = 0; pos < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + pos);
      pos += d->d_reclen;
      DirListing::Entry e{d->d_name, d->d_ino, filetype_of_dtype(d->d_type)};
      if (d->d_type == DT_UNKNOWN) {  // some filesystems do not fill d_type
        struct stat st;
        if (fstatat(dir_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
          e.type = filetype_of_mode(st.st_mode);
      }
      out.entries.push_back(std::move(e));
    }
  }
  std::stable_partition(out.entries.begin(), out.entries.end(),
                        [](const DirListing::Entry& e) { return e.name == "."; });
  std::stable_partition(out.entries.begin() + (out.entries.empty() ? 0 : 1), out.entries.end(),
                        [](const DirListing::Entry& e) { return e.name == ".."; });
  return Errno::Success;
}

}  // namespace

// fd_readdir(fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused_out: i32) -> errno
Errno fd_readdir(const Call& c) {
  FdEntry* e;
  ZW_WASI_TRY(c.ctx.get(c.u32(0), e));
  if (!e->is_dir()) return Errno::NotDir;
  if (!e->has(right::kFdReaddir)) return Errno::NotCapable;
  uint32_t buf = c.u32(1), buf_len = c.u32(2), used_out = c.u32(4);
  uint64_t cookie = c.u64(3);
  ZW_WASI_TRY(c.mem.check(buf, buf_len));
  ZW_WASI_TRY(c.mem.check(used_out, 4, 4));

  if (cookie == 0 || !e->listing) {
    auto listing = std::make_shared<DirListing>();
    ZW_WASI_TRY(read_listing(e->host_fd, *listing));
    // A preopen is the root of what the guest sees: its ".." is itself, as "/.." is "/", and
    // not the host directory above it.
    if (e->preopen_name) {
      struct stat st;
      if (fstat(e->host_fd, &st) != 0) return errno_from_host(errno);
      for (DirListing::Entry& entry : listing->entries)
        if (entry.name == "..") entry.ino = st.st_ino;
    }
    e->listing = std::move(listing);
  }
  const auto& entries = e->listing->entries;

  uint32_t used = 0;
  for (uint64_t i = cookie; i < entries.size() && used < buf_len; ++i) {
    const DirListing::Entry& ent = entries[i];
    uint8_t header[layout::kDirentSize] = {};
    uint64_t next = i + 1;
    uint32_t namlen = uint32_t(ent.name.size());
    std::memcpy(header + 0, &next, 8);
    std::memcpy(header + 8, &ent.ino, 8);
    std::memcpy(header + 16, &namlen, 4);
    header[20] = uint8_t(ent.type);
    uint32_t n = std::min<uint32_t>(layout::kDirentSize, buf_len - used);
    std::memcpy(c.mem.at(buf + used), header, n);
    used += n;
    n = std::min<uint32_t>(namlen, buf_len - used);
    std::memcpy(c.mem.at(buf + used), ent.name.data(), n);
    used += n;
  }
  c.mem.store<uint32_t>(used_out, used);
  return Errno::Success;
}

}  // namespace zwasm::wasi
