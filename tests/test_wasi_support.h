// Test harness for the WASI functions: a fresh temporary directory tree per test, a WASI
// context linked into a Linker, and a memory the functions see as their caller's memory 0.
// Functions are called through the Linker's Function objects, exactly as the interpreter calls
// them (args and results in one cell array).
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/store/linker.h"
#include "interpreter/interp.h"
#include "runtime/store/store.h"
#include "wasi/abi.h"
#include "wasi/wasi.h"

namespace zwasm::wasi::test {

using E = Errno;
inline uint32_t err(Errno e) { return uint32_t(e); }

// A directory under /tmp, removed (without following symlinks) when the test ends.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/zwasm-wasi-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& rel) const { return path + "/" + rel; }

  void mkdir(const std::string& rel) const { REQUIRE(::mkdir((*this / rel).c_str(), 0755) == 0); }
  void write(const std::string& rel, const std::string& content) const {
    std::ofstream f(*this / rel, std::ios::binary);
    REQUIRE(f.good());
    f << content;
  }
  void symlink(const std::string& target, const std::string& rel) const {
    REQUIRE(::symlink(target.c_str(), (*this / rel).c_str()) == 0);
  }
  std::string read(const std::string& rel) const {
    std::ifstream f(*this / rel, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  bool exists(const std::string& rel) const {
    struct stat st;
    return lstat((*this / rel).c_str(), &st) == 0;
  }
};

// Reads a whole host file (for checking that escapes left the host untouched).
inline std::string host_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Fixed places in the test memory.
constexpr uint32_t kPath = 1024;    // first guest string
constexpr uint32_t kPath2 = 3072;   // second guest string
constexpr uint32_t kIovs = 6144;    // iovec arrays
constexpr uint32_t kOut = 8192;     // results (8-aligned)
constexpr uint32_t kOut2 = 8200;
constexpr uint32_t kBuf = 16384;    // data buffers
constexpr uint32_t kMemPages = 2;

constexpr uint64_t kFileRights = right::kRegularFile;
constexpr uint32_t kPreopenFd = 3;

class Wasi {
 public:
  explicit Wasi(Config config) {
    auto r = ::zwasm::wasi::link(linker_, store_, std::move(config));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().describe()));
    ctx_ = *r;
    MemoryType mt;
    mt.limits.min = kMemPages;
    auto m = store_.create_memory(mt);
    REQUIRE(m.ok());
    mem_ = *m;
    instance_.memories.push_back(mem_);
  }
  // A guest whose preopen fd 3 is `dir` (guest name "."), with stdio on /dev/null (so the fd
  // numbers do not depend on how the test runner was started).
  static Config config_for(const TempDir& dir) {
    static const int dev_null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    Config c;
    c.args = {"prog"};
    c.stdin_fd = c.stdout_fd = c.stderr_fd = dev_null;
    c.preopens.push_back({dir.path, "."});
    return c;
  }

  Function* func(const char* name) {
    auto item = linker_.find("wasi_snapshot_preview1", name);
    REQUIRE_MESSAGE(item.has_value(), name);
    return item->as_func();
  }

  // Calls `name` and returns the trap (code None when it returned); `result` gets the errno.
  Trap call_raw(const char* name, std::initializer_list<uint64_t> args, uint32_t* result) {
    Function* f = func(name);
    REQUIRE(f->type->params.size() == args.size());
    std::vector<Cell> cells(std::max<size_t>(args.size(), 1));
    size_t i = 0;
    for (uint64_t a : args) {
      cells[i] = f->type->params[i] == ValType::I32 ? (a & 0xFFFFFFFFull) : a;
      ++i;
    }
    HostCall hc{&instance_, &store_};
    Trap t = f->host->callback(hc, cells.data(), cells.data());
    if (t.ok() && result) *result = uint32_t(cells[0]);
    return t;
  }
  // Calls `name` with raw cells (one per param, already typed).
  Trap call_cells(const char* name, std::vector<Cell>& cells, uint32_t* result) {
    Function* f = func(name);
    HostCall hc{&instance_, &store_};
    Trap t = f->host->callback(hc, cells.data(), cells.data());
    if (t.ok() && result) *result = uint32_t(cells[0]);
    return t;
  }
  // Calls `name`, which must not trap, and returns its errno.
  uint32_t call(const char* name, std::initializer_list<uint64_t> args) {
    uint32_t r = 0xFFFFFFFF;
    Trap t = call_raw(name, args, &r);
    REQUIRE_MESSAGE(t.ok(), name << " trapped: " << t.text());
    return r;
  }

  // Guest memory.
  uint8_t* at(uint32_t addr) { return mem_->base() + addr; }
  uint32_t put(uint32_t addr, const std::string& s) {
    std::memcpy(at(addr), s.data(), s.size());
    return uint32_t(s.size());
  }
  std::string get(uint32_t addr, uint32_t len) {
    return std::string(reinterpret_cast<char*>(at(addr)), len);
  }
  uint32_t u32(uint32_t addr) {
    uint32_t v;
    std::memcpy(&v, at(addr), 4);
    return v;
  }
  uint64_t u64(uint32_t addr) {
    uint64_t v;
    std::memcpy(&v, at(addr), 8);
    return v;
  }
  uint16_t u16(uint32_t addr) {
    uint16_t v;
    std::memcpy(&v, at(addr), 2);
    return v;
  }
  void set_u32(uint32_t addr, uint32_t v) { std::memcpy(at(addr), &v, 4); }
  void set_u64(uint32_t addr, uint64_t v) { std::memcpy(at(addr), &v, 8); }
  uint64_t memory_size() const { return mem_->size_bytes(); }

  // path_open relative to `dirfd`; on success *fd is the new guest fd.
  uint32_t open(uint32_t dirfd, const std::string& path, uint32_t oflags, uint64_t rights,
                uint32_t* fd = nullptr, uint32_t lookup = 0, uint32_t fdflags = 0,
                uint64_t inheriting = 0) {
    uint32_t len = put(kPath, path);
    uint32_t r = call("path_open",
                      {dirfd, lookup, kPath, len, oflags, rights, inheriting, fdflags, kOut});
    if (r == 0 && fd) *fd = u32(kOut);
    return r;
  }
  // fd_write of one buffer; returns errno, *n the count written.
  uint32_t write(uint32_t fd, const std::string& data, uint32_t* n = nullptr) {
    put(kBuf, data);
    set_u32(kIovs, kBuf);
    set_u32(kIovs + 4, uint32_t(data.size()));
    uint32_t r = call("fd_write", {fd, kIovs, 1, kOut});
    if (n) *n = u32(kOut);
    return r;
  }
  // fd_read of up to `max` bytes into *out.
  uint32_t read(uint32_t fd, uint32_t max, std::string* out) {
    set_u32(kIovs, kBuf);
    set_u32(kIovs + 4, max);
    uint32_t r = call("fd_read", {fd, kIovs, 1, kOut});
    if (r == 0 && out) *out = get(kBuf, u32(kOut));
    return r;
  }
  // A path operation taking (fd, path, path_len).
  uint32_t path_op(const char* name, uint32_t fd, const std::string& path) {
    uint32_t len = put(kPath, path);
    return call(name, {fd, kPath, len});
  }
  uint32_t symlink(const std::string& target, uint32_t fd, const std::string& link) {
    uint32_t l1 = put(kPath, target), l2 = put(kPath2, link);
    return call("path_symlink", {kPath, l1, fd, kPath2, l2});
  }
  uint32_t readlink(uint32_t fd, const std::string& path, uint32_t buf_len, std::string* out) {
    uint32_t len = put(kPath, path);
    uint32_t r = call("path_readlink", {fd, kPath, len, kBuf, buf_len, kOut});
    if (r == 0 && out) *out = get(kBuf, u32(kOut));
    return r;
  }
  uint32_t rename(uint32_t fd, const std::string& from, uint32_t fd2, const std::string& to) {
    uint32_t l1 = put(kPath, from), l2 = put(kPath2, to);
    return call("path_rename", {fd, kPath, l1, fd2, kPath2, l2});
  }
  uint32_t link(uint32_t fd, uint32_t flags, const std::string& from, uint32_t fd2,
                const std::string& to) {
    uint32_t l1 = put(kPath, from), l2 = put(kPath2, to);
    return call("path_link", {fd, flags, kPath, l1, fd2, kPath2, l2});
  }
  // path_filestat_get into kOut (64 bytes).
  uint32_t stat(uint32_t fd, const std::string& path, uint32_t lookup = 0) {
    uint32_t len = put(kPath, path);
    return call("path_filestat_get", {fd, lookup, kPath, len, kOut});
  }

  Context& context() { return *ctx_; }
  ObjectStore& store() { return store_; }
  Linker& linker() { return linker_; }

 private:
  ObjectStore store_{interpreter_engine()};
  Linker linker_;
  std::shared_ptr<Context> ctx_;
  Memory* mem_ = nullptr;
  Instance instance_;
};

}  // namespace zwasm::wasi::test
