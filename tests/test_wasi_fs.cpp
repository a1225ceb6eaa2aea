// WASI preview1 file and directory functions, checked against the host's own view of the same
// files (stat(2), the bytes on disk, std::filesystem listings).
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "tests/test_wasi_support.h"

using namespace zwasm;
using namespace zwasm::wasi;
using namespace zwasm::wasi::test;

namespace {

struct Dirent {
  uint64_t next;
  uint64_t ino;
  uint32_t namlen;
  uint8_t type;
  std::string name;
};

// Parses fd_readdir output; `complete` is false when the last entry was cut off.
std::vector<Dirent> parse_dirents(Wasi& w, uint32_t buf, uint32_t used, bool* complete = nullptr) {
  std::vector<Dirent> out;
  uint32_t pos = 0;
  if (complete) *complete = true;
  while (pos < used) {
    if (used - pos < layout::kDirentSize) {
      if (complete) *complete = false;
      break;
    }
    Dirent d;
    d.next = w.u64(buf + pos);
    d.ino = w.u64(buf + pos + 8);
    d.namlen = w.u32(buf + pos + 16);
    d.type = *w.at(buf + pos + 20);
    pos += layout::kDirentSize;
    if (used - pos < d.namlen) {
      if (complete) *complete = false;
      break;
    }
    d.name = w.get(buf + pos, d.namlen);
    pos += d.namlen;
    out.push_back(d);
  }
  return out;
}

// Reads a whole directory with a buffer of `buf_len` bytes, the way wasi-libc does: continue
// from the last complete entry's d_next, and stop when the buffer comes back not full.
std::vector<Dirent> read_all(Wasi& w, uint32_t fd, uint32_t buf_len) {
  std::vector<Dirent> all;
  uint64_t cookie = 0;
  for (int rounds = 0; rounds < 1000; ++rounds) {
    REQUIRE(w.call("fd_readdir", {fd, kBuf, buf_len, cookie, kOut}) == 0);
    uint32_t used = w.u32(kOut);
    bool complete;
    auto batch = parse_dirents(w, kBuf, used, &complete);
    for (auto& d : batch) all.push_back(d);
    if (used < buf_len) break;
    REQUIRE_MESSAGE(!batch.empty(), "buffer too small for one entry");
    cookie = batch.back().next;
  }
  return all;
}

}  // namespace

TEST_CASE("wasi files: create, write, seek, tell, read back") {
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "data.txt", kOflagCreat | kOflagExcl, kFileRights, &fd) == 0);
  CHECK(fd == 4);  // the lowest free fd after stdio and the preopen
  uint32_t n;
  REQUIRE(w.write(fd, "hello, wasi", &n) == 0);
  CHECK(n == 11);
  CHECK(dir.read("data.txt") == "hello, wasi");  // the host sees the bytes

  REQUIRE(w.call("fd_tell", {fd, kOut}) == 0);
  CHECK(w.u64(kOut) == 11);
  REQUIRE(w.call("fd_seek", {fd, uint64_t(-4), kWhenceEnd, kOut}) == 0);
  CHECK(w.u64(kOut) == 7);
  std::string got;
  REQUIRE(w.read(fd, 100, &got) == 0);
  CHECK(got == "wasi");
  REQUIRE(w.read(fd, 100, &got) == 0);
  CHECK(got.empty());  // end of file
  REQUIRE(w.call("fd_seek", {fd, 7, kWhenceSet, kOut}) == 0);
  REQUIRE(w.call("fd_seek", {fd, 2, kWhenceCur, kOut}) == 0);
  CHECK(w.u64(kOut) == 9);
  CHECK(w.call("fd_seek", {fd, 0, 3, kOut}) == err(E::Inval));              // bad whence
  CHECK(w.call("fd_seek", {fd, uint64_t(-100), kWhenceSet, kOut}) == err(E::Inval));

  // O_EXCL on an existing file.
  CHECK(w.open(kPreopenFd, "data.txt", kOflagCreat | kOflagExcl, kFileRights) == err(E::Exist));
  // Opening a missing file without creat.
  CHECK(w.open(kPreopenFd, "missing.txt", 0, kFileRights) == err(E::NoEnt));
  REQUIRE(w.call("fd_close", {fd}) == 0);
  CHECK(w.call("fd_close", {fd}) == err(E::Badf));
}

TEST_CASE("wasi files: pread/pwrite leave the offset, append, trunc, set_size") {
  TempDir dir;
  dir.write("f", "0123456789");
  Wasi w(Wasi::config_for(dir));
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "f", 0, kFileRights, &fd) == 0);
  w.put(kBuf, "AB");
  w.set_u32(kIovs, kBuf);
  w.set_u32(kIovs + 4, 2);
  REQUIRE(w.call("fd_pwrite", {fd, kIovs, 1, 3, kOut}) == 0);
  CHECK(w.u32(kOut) == 2);
  CHECK(dir.read("f") == "012AB56789");
  w.set_u32(kIovs + 4, 4);
  REQUIRE(w.call("fd_pread", {fd, kIovs, 1, 2, kOut}) == 0);
  CHECK(w.get(kBuf, w.u32(kOut)) == "2AB5");
  REQUIRE(w.call("fd_tell", {fd, kOut}) == 0);
  CHECK(w.u64(kOut) == 0);  // neither moved the offset

  // Two iovecs in one read (readv semantics).
  w.set_u32(kIovs, kBuf);
  w.set_u32(kIovs + 4, 3);
  w.set_u32(kIovs + 8, kBuf + 100);
  w.set_u32(kIovs + 12, 3);
  REQUIRE(w.call("fd_read", {fd, kIovs, 2, kOut}) == 0);
  CHECK(w.u32(kOut) == 6);
  CHECK(w.get(kBuf, 3) == "012");
  CHECK(w.get(kBuf + 100, 3) == "AB5");

  REQUIRE(w.call("fd_filestat_set_size", {fd, 4}) == 0);
  CHECK(dir.read("f") == "012A");
  REQUIRE(w.call("fd_close", {fd}) == 0);

  REQUIRE(w.open(kPreopenFd, "f", 0, kFileRights, &fd, 0, kFdflagAppend) == 0);
  REQUIRE(w.write(fd, "xy") == 0);
  CHECK(dir.read("f") == "012Axy");
  REQUIRE(w.call("fd_fdstat_get", {fd, kOut}) == 0);
  CHECK((w.u16(kOut + 2) & kFdflagAppend) != 0);
  REQUIRE(w.call("fd_fdstat_set_flags", {fd, 0}) == 0);
  REQUIRE(w.call("fd_fdstat_get", {fd, kOut}) == 0);
  CHECK((w.u16(kOut + 2) & kFdflagAppend) == 0);
  CHECK(w.call("fd_fdstat_set_flags", {fd, kFdflagSync}) == err(E::Inval));
  REQUIRE(w.call("fd_close", {fd}) == 0);

  REQUIRE(w.open(kPreopenFd, "f", kOflagTrunc, kFileRights, &fd) == 0);
  CHECK(dir.read("f").empty());
  REQUIRE(w.call("fd_allocate", {fd, 0, 4096}) == 0);
  struct stat st;
  REQUIRE(::stat((dir / "f").c_str(), &st) == 0);
  CHECK(st.st_size == 4096);
}

TEST_CASE("wasi fd_advise, fd_sync, fd_datasync: succeed with the right, else notcapable") {
  TempDir dir;
  dir.write("f", "abcdef");
  Wasi w(Wasi::config_for(dir));
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "f", 0, kFileRights, &fd) == 0);
  CHECK(w.call("fd_advise", {fd, 0, 6, 0}) == 0);   // advice normal
  CHECK(w.call("fd_advise", {fd, 2, 3, 4}) == 0);   // advice willneed
  CHECK(w.call("fd_advise", {fd, 0, 6, 6}) == err(E::Inval));  // advice values are 0..5
  CHECK(w.call("fd_sync", {fd}) == 0);
  CHECK(w.call("fd_datasync", {fd}) == 0);
  REQUIRE(w.call("fd_close", {fd}) == 0);
  CHECK(w.call("fd_sync", {fd}) == err(E::Badf));
  CHECK(w.call("fd_datasync", {fd}) == err(E::Badf));
  CHECK(w.call("fd_advise", {fd, 0, 1, 0}) == err(E::Badf));

  // Opened with read rights only: none of the three is allowed.
  REQUIRE(w.open(kPreopenFd, "f", 0, right::kFdRead, &fd) == 0);
  CHECK(w.call("fd_sync", {fd}) == err(E::NotCapable));
  CHECK(w.call("fd_datasync", {fd}) == err(E::NotCapable));
  CHECK(w.call("fd_advise", {fd, 0, 1, 0}) == err(E::NotCapable));
  CHECK(dir.read("f") == "abcdef");
}

TEST_CASE("wasi fdstat: file types, rights drop only, rights are enforced") {
  TempDir dir;
  dir.write("f", "abc");
  dir.mkdir("sub");
  Wasi w(Wasi::config_for(dir));

  REQUIRE(w.call("fd_fdstat_get", {kPreopenFd, kOut}) == 0);
  CHECK(*w.at(kOut) == uint8_t(Filetype::Directory));
  CHECK(w.u64(kOut + 8) == right::kDirectory);
  CHECK(w.u64(kOut + 16) == right::kDirectoryInheriting);

  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "f", 0, right::kFdRead | right::kFdSeek | right::kFdTell, &fd) == 0);
  REQUIRE(w.call("fd_fdstat_get", {fd, kOut}) == 0);
  CHECK(*w.at(kOut) == uint8_t(Filetype::RegularFile));
  CHECK(w.u64(kOut + 8) == (right::kFdRead | right::kFdSeek | right::kFdTell));
  CHECK(w.u64(kOut + 16) == 0);

  // Not granted: writing.
  CHECK(w.write(fd, "x") == err(E::NotCapable));
  CHECK(dir.read("f") == "abc");
  // Dropping fd_seek keeps fd_tell working but not seeking.
  REQUIRE(w.call("fd_fdstat_set_rights", {fd, right::kFdRead | right::kFdTell, 0}) == 0);
  CHECK(w.call("fd_seek", {fd, 1, kWhenceSet, kOut}) == err(E::NotCapable));
  CHECK(w.call("fd_seek", {fd, 0, kWhenceCur, kOut}) == 0);  // tell-only seek
  CHECK(w.call("fd_tell", {fd, kOut}) == 0);
  // Rights can never come back.
  CHECK(w.call("fd_fdstat_set_rights", {fd, right::kFdRead | right::kFdSeek, 0}) ==
        err(E::NotCapable));
  REQUIRE(w.call("fd_fdstat_set_rights", {fd, 0, 0}) == 0);
  std::string got;
  CHECK(w.read(fd, 3, &got) == err(E::NotCapable));
  CHECK(w.call("fd_filestat_get", {fd, kOut}) == err(E::NotCapable));
  CHECK(w.call("fd_fdstat_set_rights", {fd, 0, 0}) == 0);

  // A directory without path_open cannot open anything, and its children cannot get rights
  // it does not pass on.
  uint32_t sub = 0;
  REQUIRE(w.open(kPreopenFd, "sub", kOflagDirectory, right::kDirectory, &sub, 0, 0,
                 right::kFdRead) == 0);
  REQUIRE(w.call("fd_fdstat_get", {sub, kOut}) == 0);
  CHECK(w.u64(kOut + 16) == right::kFdRead);
  dir.write("sub/g", "g");
  uint32_t g = 0;
  REQUIRE(w.open(sub, "g", 0, right::kFdRead | right::kFdWrite, &g) == 0);
  REQUIRE(w.call("fd_fdstat_get", {g, kOut}) == 0);
  CHECK(w.u64(kOut + 8) == right::kFdRead);  // fd_write was not inheritable
  REQUIRE(w.call("fd_fdstat_set_rights", {sub, right::kDirectory & ~right::kPathOpen,
                                          right::kFdRead}) == 0);
  CHECK(w.open(sub, "g", 0, right::kFdRead) == err(E::NotCapable));
  // creat needs path_create_file; trunc needs path_filestat_set_size.
  REQUIRE(w.call("fd_fdstat_set_rights",
                 {kPreopenFd, right::kDirectory & ~(right::kPathCreateFile |
                                                    right::kPathFilestatSetSize),
                  right::kDirectoryInheriting}) == 0);
  CHECK(w.open(kPreopenFd, "new", kOflagCreat, kFileRights) == err(E::NotCapable));
  CHECK(w.open(kPreopenFd, "f", kOflagTrunc, kFileRights) == err(E::NotCapable));
  CHECK(!dir.exists("new"));
  CHECK(dir.read("f") == "abc");
  // Path functions on a file fd: notdir.
  CHECK(w.path_op("path_create_directory", fd, "x") == err(E::NotDir));
  CHECK(w.call("fd_fdstat_get", {99, kOut}) == err(E::Badf));
}

TEST_CASE("wasi filestat: fd and path variants match stat(2); set_times") {
  TempDir dir;
  dir.write("f", "12345");
  dir.symlink("f", "link");
  Wasi w(Wasi::config_for(dir));
  struct stat host;
  REQUIRE(::stat((dir / "f").c_str(), &host) == 0);

  REQUIRE(w.stat(kPreopenFd, "f") == 0);
  CHECK(w.u64(kOut + 0) == uint64_t(host.st_dev));
  CHECK(w.u64(kOut + 8) == uint64_t(host.st_ino));
  CHECK(*w.at(kOut + 16) == uint8_t(Filetype::RegularFile));
  CHECK(w.u64(kOut + 24) == 1);
  CHECK(w.u64(kOut + 32) == 5);
  CHECK(w.u64(kOut + 48) ==
        uint64_t(host.st_mtim.tv_sec) * 1000000000ull + uint64_t(host.st_mtim.tv_nsec));

  // Without symlink_follow the link itself; with it, the file.
  REQUIRE(w.stat(kPreopenFd, "link") == 0);
  CHECK(*w.at(kOut + 16) == uint8_t(Filetype::SymbolicLink));
  CHECK(w.u64(kOut + 32) == 1);  // a symlink's size is the length of its target
  REQUIRE(w.stat(kPreopenFd, "link", kLookupSymlinkFollow) == 0);
  CHECK(w.u64(kOut + 8) == uint64_t(host.st_ino));

  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "f", 0, kFileRights, &fd) == 0);
  REQUIRE(w.call("fd_filestat_get", {fd, kOut}) == 0);
  CHECK(w.u64(kOut + 8) == uint64_t(host.st_ino));
  CHECK(w.u64(kOut + 32) == 5);

  // Explicit times, through the fd and through the path.
  const uint64_t t1 = 1'000'000'000ull * 1'600'000'000ull + 123'456'789ull;
  const uint64_t t2 = 1'000'000'000ull * 1'500'000'000ull + 5ull;
  REQUIRE(w.call("fd_filestat_set_times", {fd, t1, t2, kFstAtim | kFstMtim}) == 0);
  REQUIRE(::stat((dir / "f").c_str(), &host) == 0);
  CHECK(host.st_atim.tv_sec == 1'600'000'000);
  CHECK(host.st_atim.tv_nsec == 123'456'789);
  CHECK(host.st_mtim.tv_sec == 1'500'000'000);
  CHECK(host.st_mtim.tv_nsec == 5);
  uint32_t len = w.put(kPath, "f");
  REQUIRE(w.call("path_filestat_set_times", {kPreopenFd, 0, kPath, len, 0, t1, kFstMtim}) == 0);
  REQUIRE(::stat((dir / "f").c_str(), &host) == 0);
  CHECK(host.st_mtim.tv_sec == 1'600'000'000);
  CHECK(host.st_atim.tv_sec == 1'600'000'000);  // atime untouched
  // "now": within a few seconds of time(2).
  REQUIRE(w.call("path_filestat_set_times", {kPreopenFd, 0, kPath, len, 0, 0, kFstMtimNow}) == 0);
  REQUIRE(::stat((dir / "f").c_str(), &host) == 0);
  CHECK(std::abs(long(host.st_mtim.tv_sec) - long(time(nullptr))) <= 5);
  // Contradictory flags.
  CHECK(w.call("fd_filestat_set_times", {fd, 0, 0, kFstAtim | kFstAtimNow}) == err(E::Inval));
  CHECK(w.call("fd_filestat_set_times", {fd, 0, 0, 0x10}) == err(E::Inval));
}

TEST_CASE("wasi fd_readdir: all entries, stable cookies, tiny buffers") {
  TempDir dir;
  std::set<std::string> expected = {".", ".."};
  for (int i = 0; i < 40; ++i) {
    std::string name = "file-with-a-longish-name-" + std::to_string(i);
    dir.write(name, "x");
    expected.insert(name);
  }
  dir.mkdir("subdir");
  expected.insert("subdir");
  dir.symlink("nowhere", "dangling");
  expected.insert("dangling");
  Wasi w(Wasi::config_for(dir));

  auto all = read_all(w, kPreopenFd, 4096);
  std::set<std::string> names;
  std::map<std::string, Dirent> by_name;
  for (auto& d : all) {
    names.insert(d.name);
    by_name[d.name] = d;
  }
  CHECK(all.size() == expected.size());  // no duplicates
  CHECK(names == expected);
  CHECK(all[0].name == ".");
  CHECK(all[1].name == "..");
  CHECK(by_name["subdir"].type == uint8_t(Filetype::Directory));
  CHECK(by_name["dangling"].type == uint8_t(Filetype::SymbolicLink));
  CHECK(by_name["file-with-a-longish-name-7"].type == uint8_t(Filetype::RegularFile));
  struct stat st;
  REQUIRE(lstat((dir / "subdir").c_str(), &st) == 0);
  CHECK(by_name["subdir"].ino == uint64_t(st.st_ino));
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].next == i + 1);

  // The same listing through buffers of many sizes, including ones smaller than one entry.
  for (uint32_t len : {24u + 30u, 100u, 333u}) {
    auto again = read_all(w, kPreopenFd, len);
    std::vector<std::string> a, b;
    for (auto& d : all) a.push_back(d.name);
    for (auto& d : again) b.push_back(d.name);
    CHECK(a == b);
  }

  // Buffer too small for a single entry: it is filled completely with the truncated entry.
  REQUIRE(w.call("fd_readdir", {kPreopenFd, kBuf, 10, 0, kOut}) == 0);
  CHECK(w.u32(kOut) == 10);
  REQUIRE(w.call("fd_readdir", {kPreopenFd, kBuf, 30, 2, kOut}) == 0);
  CHECK(w.u32(kOut) == 30);  // 24-byte header + the first 6 bytes of the name
  CHECK(w.u64(kBuf) == 3);

  // A cookie survives re-reading: reading at cookie 5 twice yields the same entry.
  REQUIRE(w.call("fd_readdir", {kPreopenFd, kBuf, 200, 5, kOut}) == 0);
  auto first = parse_dirents(w, kBuf, w.u32(kOut));
  REQUIRE(w.call("fd_readdir", {kPreopenFd, kBuf, 200, 5, kOut}) == 0);
  auto second = parse_dirents(w, kBuf, w.u32(kOut));
  REQUIRE(!first.empty());
  CHECK(first[0].name == second[0].name);
  CHECK(first[0].name == all[5].name);

  // Past the end: nothing.
  REQUIRE(w.call("fd_readdir", {kPreopenFd, kBuf, 200, all.size(), kOut}) == 0);
  CHECK(w.u32(kOut) == 0);
  // Not a directory.
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "file-with-a-longish-name-0", 0, kFileRights, &fd) == 0);
  CHECK(w.call("fd_readdir", {fd, kBuf, 200, 0, kOut}) == err(E::NotDir));
}

TEST_CASE("wasi fd_readdir: an opened subdirectory, rewinding sees changes") {
  TempDir dir;
  dir.mkdir("d");
  dir.write("d/a", "");
  Wasi w(Wasi::config_for(dir));
  uint32_t d = 0;
  REQUIRE(w.open(kPreopenFd, "d", kOflagDirectory, right::kDirectory, &d) == 0);
  auto first = read_all(w, d, 1024);
  CHECK(first.size() == 3);
  dir.write("d/b", "");
  auto second = read_all(w, d, 1024);  // cookie 0 takes a fresh snapshot
  CHECK(second.size() == 4);
}

TEST_CASE("wasi paths: mkdir, rename, link, symlink, readlink, unlink, rmdir") {
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  REQUIRE(w.path_op("path_create_directory", kPreopenFd, "d") == 0);
  CHECK(std::filesystem::is_directory(dir / "d"));
  CHECK(w.path_op("path_create_directory", kPreopenFd, "d") == err(E::Exist));
  REQUIRE(w.path_op("path_create_directory", kPreopenFd, "d/e/") == 0);  // trailing slash
  CHECK(std::filesystem::is_directory(dir / "d/e"));

  dir.write("d/f", "content");
  REQUIRE(w.rename(kPreopenFd, "d/f", kPreopenFd, "g") == 0);
  CHECK(!dir.exists("d/f"));
  CHECK(dir.read("g") == "content");

  REQUIRE(w.link(kPreopenFd, 0, "g", kPreopenFd, "d/hard") == 0);
  struct stat a, b;
  REQUIRE(::stat((dir / "g").c_str(), &a) == 0);
  REQUIRE(::stat((dir / "d/hard").c_str(), &b) == 0);
  CHECK(a.st_ino == b.st_ino);
  CHECK(a.st_nlink == 2);
  CHECK(w.link(kPreopenFd, 0, "d", kPreopenFd, "dirlink") == err(E::Perm));  // no dir links

  REQUIRE(w.symlink("../g", kPreopenFd, "d/sym") == 0);
  char target[64] = {};
  REQUIRE(::readlink((dir / "d/sym").c_str(), target, sizeof target - 1) == 4);
  CHECK(std::string(target) == "../g");
  std::string got;
  REQUIRE(w.readlink(kPreopenFd, "d/sym", 64, &got) == 0);
  CHECK(got == "../g");
  REQUIRE(w.readlink(kPreopenFd, "d/sym", 2, &got) == 0);
  CHECK(got == "..");  // silently truncated
  CHECK(w.readlink(kPreopenFd, "g", 64, &got) == err(E::Inval));  // not a link
  // The symlink resolves inside the preopen when followed.
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "d/sym", 0, kFileRights, &fd, kLookupSymlinkFollow) == 0);
  REQUIRE(w.read(fd, 100, &got) == 0);
  CHECK(got == "content");
  // A hard link to the symlink itself (no follow) vs to its target (follow).
  REQUIRE(w.link(kPreopenFd, 0, "d/sym", kPreopenFd, "d/sym2") == 0);
  CHECK(std::filesystem::is_symlink(dir / "d/sym2"));
  REQUIRE(w.link(kPreopenFd, kLookupSymlinkFollow, "d/sym", kPreopenFd, "d/hard2") == 0);
  CHECK(!std::filesystem::is_symlink(dir / "d/hard2"));

  CHECK(w.path_op("path_unlink_file", kPreopenFd, "d") == err(E::IsDir));
  CHECK(w.path_op("path_remove_directory", kPreopenFd, "d") == err(E::NotEmpty));
  CHECK(w.path_op("path_remove_directory", kPreopenFd, "g") == err(E::NotDir));
  for (const char* f : {"d/hard", "d/sym", "d/sym2", "d/hard2"})
    REQUIRE(w.path_op("path_unlink_file", kPreopenFd, f) == 0);
  REQUIRE(w.path_op("path_remove_directory", kPreopenFd, "d/e") == 0);
  REQUIRE(w.path_op("path_remove_directory", kPreopenFd, "d") == 0);
  CHECK(!dir.exists("d"));
  CHECK(w.path_op("path_unlink_file", kPreopenFd, "d") == err(E::NoEnt));
  CHECK(w.path_op("path_unlink_file", kPreopenFd, "") == err(E::NoEnt));

  // Trailing slashes on symlink names (wasmtime's path_symlink_trailing_slashes expectations).
  CHECK(w.symlink("source", kPreopenFd, "target/") == err(E::NoEnt));
  REQUIRE(w.path_op("path_create_directory", kPreopenFd, "target") == 0);
  CHECK(w.symlink("source", kPreopenFd, "target/") == err(E::Exist));
  CHECK(w.symlink("source", kPreopenFd, "target") == err(E::Exist));
  REQUIRE(w.path_op("path_remove_directory", kPreopenFd, "target") == 0);
  dir.write("target", "");
  CHECK(w.symlink("source", kPreopenFd, "target") == err(E::Exist));
}

TEST_CASE("wasi paths: open with . and .. inside the preopen, trailing slashes") {
  TempDir dir;
  dir.mkdir("dir");
  dir.mkdir("dir/nested");
  dir.write("dir/nested/file", "n");
  Wasi w(Wasi::config_for(dir));
  uint32_t fd = 0;
  // wasmtime's interesting_paths expectations.
  REQUIRE(w.open(kPreopenFd, "dir/.//nested/../../dir/nested/../nested///./file", 0,
                 kFileRights, &fd) == 0);
  std::string got;
  REQUIRE(w.read(fd, 10, &got) == 0);
  CHECK(got == "n");
  CHECK(w.open(kPreopenFd, "dir/nested/file/", 0, kFileRights) == err(E::NotDir));
  CHECK(w.open(kPreopenFd, "dir/nested/file///", 0, kFileRights) == err(E::NotDir));
  REQUIRE(w.open(kPreopenFd, "dir/nested/", 0, right::kDirectory, &fd) == 0);
  REQUIRE(w.call("fd_fdstat_get", {fd, kOut}) == 0);
  CHECK(*w.at(kOut) == uint8_t(Filetype::Directory));
  REQUIRE(w.open(kPreopenFd, "dir/nested///", 0, right::kDirectory, &fd) == 0);
  REQUIRE(w.open(kPreopenFd, ".", kOflagDirectory, right::kDirectory, &fd) == 0);
  REQUIRE(w.open(kPreopenFd, "dir/..", kOflagDirectory, right::kDirectory, &fd) == 0);
  REQUIRE(w.call("fd_filestat_get", {fd, kOut}) == 0);
  struct stat st;
  REQUIRE(::stat(dir.path.c_str(), &st) == 0);
  CHECK(w.u64(kOut + 8) == uint64_t(st.st_ino));  // "dir/.." is the preopen itself
  // A NUL inside the path.
  CHECK(w.open(kPreopenFd, std::string("dir/nested/file\0", 16), 0, kFileRights) ==
        err(E::Inval));
  // Invalid UTF-8.
  CHECK(w.open(kPreopenFd, "\xff\xfe", 0, kFileRights) == err(E::Ilseq));
  // Opening a directory for writing.
  CHECK(w.open(kPreopenFd, "dir", 0, right::kFdWrite) == err(E::IsDir));
  // O_DIRECTORY on a file.
  CHECK(w.open(kPreopenFd, "dir/nested/file", kOflagDirectory, right::kDirectory) ==
        err(E::NotDir));
}

TEST_CASE("wasi fds: prestat, renumber, close") {
  TempDir dir;
  TempDir other;
  Config c = Wasi::config_for(dir);
  c.preopens.push_back({other.path, "/data"});
  Wasi w(c);
  REQUIRE(w.call("fd_prestat_get", {3, kOut}) == 0);
  CHECK(*w.at(kOut) == 0);
  CHECK(w.u32(kOut + 4) == 1);
  REQUIRE(w.call("fd_prestat_get", {4, kOut}) == 0);
  CHECK(w.u32(kOut + 4) == 5);
  REQUIRE(w.call("fd_prestat_dir_name", {4, kBuf, 5}) == 0);
  CHECK(w.get(kBuf, 5) == "/data");
  CHECK(w.call("fd_prestat_dir_name", {4, kBuf, 4}) == err(E::NameTooLong));
  CHECK(w.call("fd_prestat_get", {5, kOut}) == err(E::Badf));
  CHECK(w.call("fd_prestat_get", {1, kOut}) == err(E::Badf));  // stdio is not a preopen

  // fd 4 ("/data") now holds "x"; renumber it onto a fresh file fd.
  uint32_t fd = 0;
  REQUIRE(w.open(4, "x", kOflagCreat, kFileRights, &fd) == 0);
  CHECK(fd == 5);
  REQUIRE(w.write(fd, "to-x") == 0);
  CHECK(w.call("fd_renumber", {fd, 42}) == err(E::Badf));  // `to` must be open
  CHECK(w.call("fd_renumber", {42, fd}) == err(E::Badf));
  REQUIRE(w.call("fd_renumber", {fd, 4}) == 0);  // closes the preopen, moves fd 5 to 4
  CHECK(w.call("fd_prestat_get", {4, kOut}) == err(E::Badf));
  CHECK(w.call("fd_fdstat_get", {5, kOut}) == err(E::Badf));
  REQUIRE(w.write(4, "!") == 0);
  CHECK(other.read("x") == "to-x!");
  REQUIRE(w.call("fd_renumber", {4, 4}) == 0);
  // The preopen is closed: the next open gets fd 5 again via the lowest free slot.
  REQUIRE(w.open(3, "y", kOflagCreat, kFileRights, &fd) == 0);
  CHECK(fd == 5);
  // Closing a preopen is allowed; afterwards its fd is gone.
  REQUIRE(w.call("fd_close", {3}) == 0);
  CHECK(w.open(3, "y", 0, kFileRights) == err(E::Badf));
}

TEST_CASE("wasi fd_readdir: a preopen's .. is the preopen itself, not the host directory above") {
  TempDir dir;
  dir.mkdir("root");
  Config c = Wasi::config_for(dir);
  c.preopens[0].host_path = dir / "root";
  Wasi w(c);
  auto all = read_all(w, kPreopenFd, 1024);
  REQUIRE(all.size() == 2);
  REQUIRE(all[1].name == "..");
  struct stat root, above;
  REQUIRE(stat((dir / "root").c_str(), &root) == 0);
  REQUIRE(stat(dir.path.c_str(), &above) == 0);
  CHECK(all[0].ino == uint64_t(root.st_ino));
  CHECK(all[1].ino == uint64_t(root.st_ino));
  CHECK(all[1].ino != uint64_t(above.st_ino));
}

TEST_CASE("wasi path_open: a directory asked for with write rights is isdir, a file notdir") {
  TempDir dir;
  dir.mkdir("d");
  dir.write("f", "data");
  Wasi w(Wasi::config_for(dir));
  for (uint64_t rights : {right::kFdWrite, right::kFdWrite | right::kFdRead, right::kFdAllocate,
                          right::kFdFilestatSetSize}) {
    CAPTURE(rights);
    CHECK(w.open(kPreopenFd, "d", kOflagDirectory, rights) == err(E::IsDir));
    CHECK(w.open(kPreopenFd, "d/", 0, rights) == err(E::IsDir));
    CHECK(w.open(kPreopenFd, "f", kOflagDirectory, rights) == err(E::NotDir));
  }
  CHECK(w.open(kPreopenFd, "d", kOflagDirectory | kOflagTrunc, right::kDirectory) == err(E::IsDir));
  uint32_t fd = 0;
  CHECK(w.open(kPreopenFd, "d", kOflagDirectory, right::kDirectory, &fd) == 0);
  CHECK(dir.read("f") == "data");
}
