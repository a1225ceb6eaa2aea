// WASI preview1: the function table and ABI constants (checked against wasi-libc), args and
// environment, clocks, randomness, poll_oneoff, proc_exit, stdio, sockets, and guest pointers
// that trap. A few tests run real modules (inline .wasm, the WAT shown above each) through the
// Linker and the interpreter.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>

#include "runtime/wasm/decoder.h"
#include "runtime/wasm/validator.h"
#include "interpreter/interp.h"
#include "module_test_util.h"
#include "tests/test_wasi_support.h"

using namespace zwasm;
using namespace zwasm::wasi;
using namespace zwasm::wasi::test;
using zwasm::test::load_valid;

namespace {


struct Pipe {
  int rd = -1, wr = -1;
  Pipe() {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    rd = fds[0];
    wr = fds[1];
  }
  ~Pipe() {
    if (rd >= 0) close(rd);
    if (wr >= 0) close(wr);
  }
};

uint64_t mono_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

// Writes a clock subscription at `at`.
void clock_sub(Wasi& w, uint32_t at, uint64_t userdata, uint32_t clock, uint64_t timeout,
               uint16_t flags) {
  std::memset(w.at(at), 0, layout::kSubscriptionSize);
  w.set_u64(at, userdata);
  *w.at(at + 8) = kEventClock;
  w.set_u32(at + 16, clock);
  w.set_u64(at + 24, timeout);
  std::memcpy(w.at(at + 40), &flags, 2);
}

void fd_sub(Wasi& w, uint32_t at, uint64_t userdata, uint8_t type, uint32_t fd) {
  std::memset(w.at(at), 0, layout::kSubscriptionSize);
  w.set_u64(at, userdata);
  *w.at(at + 8) = type;
  w.set_u32(at + 16, fd);
}

constexpr uint32_t kSubs = 20000;
constexpr uint32_t kEvents = 24000;

}  // namespace

// The wasm signature of every import, from wasi-libc's wasi/api.h compiled with
// clang --target=wasm32-wasi and read back with wasm-objdump (params : results, I = i64), plus
// proc_raise from the preview1 witx (wasi-libc no longer declares it).
TEST_CASE("wasi: all 46 functions with their exact wasm types") {
  static const std::map<std::string, std::string> kExpected = {
      {"args_get", "ii:i"}, {"args_sizes_get", "ii:i"}, {"environ_get", "ii:i"},
      {"environ_sizes_get", "ii:i"}, {"clock_res_get", "ii:i"}, {"clock_time_get", "iIi:i"},
      {"fd_advise", "iIIi:i"}, {"fd_allocate", "iII:i"}, {"fd_close", "i:i"},
      {"fd_datasync", "i:i"}, {"fd_fdstat_get", "ii:i"}, {"fd_fdstat_set_flags", "ii:i"},
      {"fd_fdstat_set_rights", "iII:i"}, {"fd_filestat_get", "ii:i"},
      {"fd_filestat_set_size", "iI:i"}, {"fd_filestat_set_times", "iIIi:i"},
      {"fd_pread", "iiiIi:i"}, {"fd_prestat_get", "ii:i"}, {"fd_prestat_dir_name", "iii:i"},
      {"fd_pwrite", "iiiIi:i"}, {"fd_read", "iiii:i"}, {"fd_readdir", "iiiIi:i"},
      {"fd_renumber", "ii:i"}, {"fd_seek", "iIii:i"}, {"fd_sync", "i:i"}, {"fd_tell", "ii:i"},
      {"fd_write", "iiii:i"}, {"path_create_directory", "iii:i"},
      {"path_filestat_get", "iiiii:i"}, {"path_filestat_set_times", "iiiiIIi:i"},
      {"path_link", "iiiiiii:i"}, {"path_open", "iiiiiIIii:i"}, {"path_readlink", "iiiiii:i"},
      {"path_remove_directory", "iii:i"}, {"path_rename", "iiiiii:i"},
      {"path_symlink", "iiiii:i"}, {"path_unlink_file", "iii:i"}, {"poll_oneoff", "iiii:i"},
      {"proc_exit", "i"}, {"proc_raise", "i:i"}, {"sched_yield", ":i"}, {"random_get", "ii:i"},
      {"sock_accept", "iii:i"}, {"sock_recv", "iiiiii:i"}, {"sock_send", "iiiii:i"},
      {"sock_shutdown", "ii:i"}};
  CHECK(kExpected.size() == 46);
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  for (const auto& expected : kExpected) {
    const std::string& name = expected.first;  // CAPTURE cannot capture a structured binding
    const std::string& sig = expected.second;
    CAPTURE(name);
    Function* f = w.func(name.c_str());
    std::string got;
    for (ValType t : f->type->params) got += t == ValType::I64 ? 'I' : 'i';
    if (!f->type->results.empty()) got += ":i";
    CHECK(got == sig);
  }
}

// Our errno and rights numbering against wasi-libc's header (an independent rendering of the
// witx): each __WASI_ERRNO_X must be what errno_from_host(EX) returns, and each
// __WASI_RIGHTS_X the same bit as ours.
TEST_CASE("wasi: errno and rights values match wasi-libc's wasi/api.h") {
  std::ifstream header("/usr/include/wasm32-wasi/wasi/api.h");
  if (!header.good()) {
    MESSAGE("wasi-libc headers not installed; skipped");
    return;
  }
  std::stringstream ss;
  ss << header.rdbuf();
  std::string text = ss.str();
#define HOST_ERRNO(X)                                                                          \
  X(2BIG) X(ACCES) X(ADDRINUSE) X(ADDRNOTAVAIL) X(AFNOSUPPORT) X(AGAIN) X(ALREADY) X(BADF)     \
  X(BADMSG) X(BUSY) X(CANCELED) X(CHILD) X(CONNABORTED) X(CONNREFUSED) X(CONNRESET) X(DEADLK)  \
  X(DESTADDRREQ) X(DOM) X(DQUOT) X(EXIST) X(FAULT) X(FBIG) X(HOSTUNREACH) X(IDRM) X(ILSEQ)     \
  X(INPROGRESS) X(INTR) X(INVAL) X(IO) X(ISCONN) X(ISDIR) X(LOOP) X(MFILE) X(MLINK) X(MSGSIZE) \
  X(MULTIHOP) X(NAMETOOLONG) X(NETDOWN) X(NETRESET) X(NETUNREACH) X(NFILE) X(NOBUFS) X(NODEV)  \
  X(NOENT) X(NOEXEC) X(NOLCK) X(NOLINK) X(NOMEM) X(NOMSG) X(NOPROTOOPT) X(NOSPC) X(NOSYS)      \
  X(NOTCONN) X(NOTDIR) X(NOTEMPTY) X(NOTRECOVERABLE) X(NOTSOCK) X(NOTSUP) X(NOTTY) X(NXIO)     \
  X(OVERFLOW) X(OWNERDEAD) X(PERM) X(PIPE) X(PROTO) X(PROTONOSUPPORT) X(PROTOTYPE) X(RANGE)    \
  X(ROFS) X(SPIPE) X(SRCH) X(STALE) X(TIMEDOUT) X(TXTBSY) X(XDEV)
  std::map<std::string, int> host = {
#define X(name) {#name, E##name},
      HOST_ERRNO(X)
#undef X
  };
  std::regex errno_re(R"(#define __WASI_ERRNO_(\w+) \(UINT16_C\((\d+)\)\))");
  int count = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), errno_re), end; it != end; ++it) {
    std::string name = (*it)[1];
    int value = std::stoi((*it)[2]);
    ++count;
    CAPTURE(name);
    if (name == "SUCCESS") {
      CHECK(value == int(Errno::Success));
    } else if (name == "NOTCAPABLE") {
      CHECK(value == int(Errno::NotCapable));
    } else {
      REQUIRE(host.count(name) == 1);
      CHECK(int(errno_from_host(host[name])) == value);
    }
  }
  CHECK(count == kErrnoCount);

  std::map<std::string, uint64_t> ours = {
      {"FD_DATASYNC", right::kFdDatasync}, {"FD_READ", right::kFdRead},
      {"FD_SEEK", right::kFdSeek}, {"FD_FDSTAT_SET_FLAGS", right::kFdFdstatSetFlags},
      {"FD_SYNC", right::kFdSync}, {"FD_TELL", right::kFdTell}, {"FD_WRITE", right::kFdWrite},
      {"FD_ADVISE", right::kFdAdvise}, {"FD_ALLOCATE", right::kFdAllocate},
      {"PATH_CREATE_DIRECTORY", right::kPathCreateDirectory},
      {"PATH_CREATE_FILE", right::kPathCreateFile}, {"PATH_LINK_SOURCE", right::kPathLinkSource},
      {"PATH_LINK_TARGET", right::kPathLinkTarget}, {"PATH_OPEN", right::kPathOpen},
      {"FD_READDIR", right::kFdReaddir}, {"PATH_READLINK", right::kPathReadlink},
      {"PATH_RENAME_SOURCE", right::kPathRenameSource},
      {"PATH_RENAME_TARGET", right::kPathRenameTarget},
      {"PATH_FILESTAT_GET", right::kPathFilestatGet},
      {"PATH_FILESTAT_SET_SIZE", right::kPathFilestatSetSize},
      {"PATH_FILESTAT_SET_TIMES", right::kPathFilestatSetTimes},
      {"FD_FILESTAT_GET", right::kFdFilestatGet},
      {"FD_FILESTAT_SET_SIZE", right::kFdFilestatSetSize},
      {"FD_FILESTAT_SET_TIMES", right::kFdFilestatSetTimes},
      {"PATH_SYMLINK", right::kPathSymlink}, {"PATH_REMOVE_DIRECTORY", right::kPathRemoveDirectory},
      {"PATH_UNLINK_FILE", right::kPathUnlinkFile},
      {"POLL_FD_READWRITE", right::kPollFdReadwrite}, {"SOCK_SHUTDOWN", right::kSockShutdown},
      {"SOCK_ACCEPT", right::kSockAccept}};
  std::regex rights_re(R"(#define __WASI_RIGHTS_(\w+) \(\(__wasi_rights_t\)\(1 << (\d+)\)\))");
  int rights = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), rights_re), end; it != end; ++it) {
    std::string name = (*it)[1];
    CAPTURE(name);
    REQUIRE(ours.count(name) == 1);
    CHECK(ours[name] == (1ull << std::stoi((*it)[2])));
    ++rights;
  }
  CHECK(rights == 30);
}

TEST_CASE("wasi: args and environment") {
  TempDir dir;
  Config c = Wasi::config_for(dir);
  c.args = {"prog", "one", "", "three four"};
  c.env = {"A=1", "PATH=/bin:/usr/bin"};
  Wasi w(c);
  REQUIRE(w.call("args_sizes_get", {kOut, kOut + 4}) == 0);
  CHECK(w.u32(kOut) == 4);
  CHECK(w.u32(kOut + 4) == 5 + 4 + 1 + 11);
  REQUIRE(w.call("args_get", {kOut, kBuf}) == 0);
  CHECK(w.u32(kOut) == kBuf);
  CHECK(std::string(reinterpret_cast<char*>(w.at(w.u32(kOut)))) == "prog");
  CHECK(std::string(reinterpret_cast<char*>(w.at(w.u32(kOut + 4)))) == "one");
  CHECK(std::string(reinterpret_cast<char*>(w.at(w.u32(kOut + 8)))) == "");
  CHECK(std::string(reinterpret_cast<char*>(w.at(w.u32(kOut + 12)))) == "three four");
  CHECK(w.get(kBuf, 21) == std::string("prog\0one\0\0three four\0", 21));

  REQUIRE(w.call("environ_sizes_get", {kOut, kOut + 4}) == 0);
  CHECK(w.u32(kOut) == 2);
  CHECK(w.u32(kOut + 4) == 4 + 19);
  REQUIRE(w.call("environ_get", {kOut, kBuf}) == 0);
  CHECK(std::string(reinterpret_cast<char*>(w.at(w.u32(kOut + 4)))) == "PATH=/bin:/usr/bin");

  // Pointers: the argv array must fit and be 4-aligned; nothing is written otherwise.
  uint64_t end = w.memory_size();
  CHECK(w.call_raw("args_get", {end - 8, kBuf}, nullptr).code == TrapCode::MemoryOutOfBounds);
  CHECK(w.call_raw("args_get", {kOut, end - 10}, nullptr).code == TrapCode::MemoryOutOfBounds);
  Trap t = w.call_raw("args_get", {kOut + 2, kBuf}, nullptr);
  CHECK(t.code == TrapCode::HostTrap);
  CHECK(t.message.find("misaligned") != std::string::npos);
  CHECK(w.call_raw("args_sizes_get", {end - 4, kOut}, nullptr).code == TrapCode::None);
  CHECK(w.call_raw("args_sizes_get", {end, kOut}, nullptr).code == TrapCode::MemoryOutOfBounds);
  CHECK(w.call_raw("args_sizes_get", {kOut, 0xFFFFFFFC}, nullptr).code ==
        TrapCode::MemoryOutOfBounds);
}

TEST_CASE("wasi: clocks") {
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  for (uint32_t id : {kClockRealtime, kClockMonotonic, kClockProcessCputime, kClockThreadCputime}) {
    CAPTURE(id);
    REQUIRE(w.call("clock_res_get", {id, kOut}) == 0);
    CHECK(w.u64(kOut) > 0);
    CHECK(w.u64(kOut) <= 1000000000ull);
    REQUIRE(w.call("clock_time_get", {id, 1, kOut}) == 0);
  }
  CHECK(w.call("clock_res_get", {4, kOut}) == err(E::Inval));
  CHECK(w.call("clock_time_get", {99, 0, kOut}) == err(E::Inval));

  REQUIRE(w.call("clock_time_get", {kClockRealtime, 0, kOut}) == 0);
  uint64_t real = w.u64(kOut);
  CHECK(std::llabs(int64_t(real / 1000000000ull) - int64_t(time(nullptr))) <= 2);

  REQUIRE(w.call("clock_time_get", {kClockMonotonic, 0, kOut}) == 0);
  uint64_t m1 = w.u64(kOut);
  struct timespec pause{0, 2'000'000};
  nanosleep(&pause, nullptr);
  REQUIRE(w.call("clock_time_get", {kClockMonotonic, 0, kOut}) == 0);
  uint64_t m2 = w.u64(kOut);
  CHECK(m2 >= m1 + 2'000'000);

  // Process CPU time grows with work done.
  REQUIRE(w.call("clock_time_get", {kClockProcessCputime, 0, kOut}) == 0);
  uint64_t c1 = w.u64(kOut);
  volatile uint64_t x = 0;
  for (int i = 0; i < 20'000'000; ++i) x = x + uint64_t(i);
  REQUIRE(w.call("clock_time_get", {kClockProcessCputime, 0, kOut}) == 0);
  CHECK(w.u64(kOut) > c1);
  CHECK(w.call_raw("clock_time_get", {kClockMonotonic, 0, kOut + 4}, nullptr).code ==
        TrapCode::HostTrap);  // a u64 result must be 8-aligned
}

TEST_CASE("wasi: random_get fills the buffer") {
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  std::memset(w.at(kBuf), 0, 4096);
  REQUIRE(w.call("random_get", {kBuf, 4096}) == 0);
  int zeros = 0;
  for (int i = 0; i < 4096; ++i) zeros += *w.at(kBuf + i) == 0;
  CHECK(zeros < 64);  // about 16 expected of 4096 uniform bytes
  std::string first = w.get(kBuf, 4096);
  REQUIRE(w.call("random_get", {kBuf, 4096}) == 0);
  CHECK(w.get(kBuf, 4096) != first);
  REQUIRE(w.call("random_get", {kBuf, 0}) == 0);
  CHECK(w.call_raw("random_get", {kBuf, 0xFFFFFFFFu}, nullptr).code ==
        TrapCode::MemoryOutOfBounds);
}

TEST_CASE("wasi: poll_oneoff clocks") {
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  // A relative 30 ms timeout: at least that much time passes.
  clock_sub(w, kSubs, 0xABCD, kClockMonotonic, 30'000'000, 0);
  uint64_t t0 = mono_ns();
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == 0);
  uint64_t elapsed = mono_ns() - t0;
  CHECK(elapsed >= 30'000'000);
  CHECK(elapsed < 2'000'000'000ull);
  CHECK(w.u32(kOut) == 1);
  CHECK(w.u64(kEvents) == 0xABCD);
  CHECK(w.u16(kEvents + 8) == 0);
  CHECK(*w.at(kEvents + 10) == kEventClock);

  // Absolute monotonic deadline 20 ms ahead, and a realtime relative one much later: only the
  // first fires.
  uint64_t deadline = mono_ns() + 20'000'000;
  clock_sub(w, kSubs, 1, kClockMonotonic, deadline, kSubclockAbstime);
  clock_sub(w, kSubs + 48, 2, kClockRealtime, 10'000'000'000ull, 0);
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 2, kOut}) == 0);
  CHECK(mono_ns() >= deadline);
  CHECK(w.u32(kOut) == 1);
  CHECK(w.u64(kEvents) == 1);

  // A realtime absolute deadline in the past fires at once.
  clock_sub(w, kSubs, 3, kClockRealtime, 1'000'000'000ull, kSubclockAbstime);
  t0 = mono_ns();
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == 0);
  CHECK(mono_ns() - t0 < 1'000'000'000ull);
  CHECK(w.u64(kEvents) == 3);

  // Errors: no subscriptions, unknown tag, unknown clock, CPU clock, bad fd.
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 0, kOut}) == err(E::Inval));
  clock_sub(w, kSubs, 4, kClockMonotonic, 0, 0);
  *w.at(kSubs + 8) = 7;
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == err(E::Inval));
  clock_sub(w, kSubs, 4, 9, 0, 0);
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == err(E::Inval));
  clock_sub(w, kSubs, 4, kClockProcessCputime, 0, 0);
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == err(E::Inval));
  fd_sub(w, kSubs, 5, kEventFdRead, 77);
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == err(E::Badf));
  // The arrays must fit in memory.
  CHECK(w.call_raw("poll_oneoff", {kSubs, kEvents, 100000, kOut}, nullptr).code ==
        TrapCode::MemoryOutOfBounds);
  // A count whose arrays exceed 128 MiB is refused before anything is read (wasmtime: nomem).
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 2'000'000, kOut}) == err(E::NoMem));
}

TEST_CASE("wasi: poll_oneoff fd readiness") {
  TempDir dir;
  dir.write("f", "0123456789");
  Pipe in, out;
  Config c = Wasi::config_for(dir);
  c.stdin_fd = in.rd;
  c.stdout_fd = out.wr;
  Wasi w(c);
  // Nothing to read yet: the clock fires first and the fd reports nothing.
  fd_sub(w, kSubs, 10, kEventFdRead, 0);
  clock_sub(w, kSubs + 48, 11, kClockMonotonic, 20'000'000, 0);
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 2, kOut}) == 0);
  CHECK(w.u32(kOut) == 1);
  CHECK(w.u64(kEvents) == 11);
  // With data available the read subscription is ready with its byte count, long before the
  // 10 s clock.
  REQUIRE(write(in.wr, "abc", 3) == 3);
  clock_sub(w, kSubs + 48, 11, kClockMonotonic, 10'000'000'000ull, 0);
  uint64_t t0 = mono_ns();
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 2, kOut}) == 0);
  CHECK(mono_ns() - t0 < 5'000'000'000ull);
  REQUIRE(w.u32(kOut) == 1);
  CHECK(w.u64(kEvents) == 10);
  CHECK(*w.at(kEvents + 10) == kEventFdRead);
  CHECK(w.u64(kEvents + 16) == 3);
  // Writing end of a pipe and a regular file are ready at once.
  uint32_t fd = 0;
  REQUIRE(w.open(kPreopenFd, "f", 0, kFileRights, &fd) == 0);
  REQUIRE(w.call("fd_seek", {fd, 4, kWhenceSet, kOut}) == 0);
  fd_sub(w, kSubs, 20, kEventFdWrite, 1);
  fd_sub(w, kSubs + 48, 21, kEventFdRead, fd);
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 2, kOut}) == 0);
  REQUIRE(w.u32(kOut) == 2);
  CHECK(w.u64(kEvents) == 20);
  CHECK(*w.at(kEvents + 10) == kEventFdWrite);
  CHECK(w.u64(kEvents + 32) == 21);
  CHECK(w.u64(kEvents + 32 + 16) == 6);  // bytes left after offset 4
  // Hang-up: the writer closed.
  close(in.wr);
  in.wr = -1;
  std::string drained;
  REQUIRE(w.read(0, 10, &drained) == 0);
  fd_sub(w, kSubs, 30, kEventFdRead, 0);
  REQUIRE(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == 0);
  REQUIRE(w.u32(kOut) == 1);
  CHECK((w.u16(kEvents + 24) & kEventFdReadwriteHangup) != 0);
  // Rights: without fd_read there is no read subscription.
  REQUIRE(w.call("fd_fdstat_set_rights", {fd, right::kFdWrite | right::kPollFdReadwrite, 0}) ==
          0);
  fd_sub(w, kSubs, 40, kEventFdRead, fd);
  CHECK(w.call("poll_oneoff", {kSubs, kEvents, 1, kOut}) == err(E::NotCapable));
}

// (module
//   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//   (func (export "_start") (call $exit (i32.const 7))))
static const std::vector<uint8_t> kExitWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00,
    0x60, 0x00, 0x00, 0x02, 0x24, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61,
    0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09,
    0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01,
    0x07, 0x0a, 0x01, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x01, 0x0a, 0x08, 0x01,
    0x06, 0x00, 0x41, 0x07, 0x10, 0x00, 0x0b};

// (module
//   (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
//   (memory (export "memory") 1)
//   (data (i32.const 16) "hello\n")
//   (func (export "run") (result i32)
//     (i32.store (i32.const 0) (i32.const 16))
//     (i32.store (i32.const 4) (i32.const 6))
//     (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
static const std::vector<uint8_t> kHelloWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x02, 0x60, 0x04, 0x7f, 0x7f,
    0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x23, 0x01, 0x16, 0x77, 0x61, 0x73,
    0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76,
    0x69, 0x65, 0x77, 0x31, 0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x00,
    0x03, 0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x10, 0x02, 0x06, 0x6d, 0x65,
    0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x1c, 0x01,
    0x1a, 0x00, 0x41, 0x00, 0x41, 0x10, 0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0x06, 0x36, 0x02,
    0x00, 0x41, 0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x00, 0x0b, 0x0b, 0x0c, 0x01,
    0x00, 0x41, 0x10, 0x0b, 0x06, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a};

// (module
//   (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
//   (memory (export "memory") 1)
//   (func (export "run") (result i32) (call $sizes (i32.const 65536) (i32.const 0))))
static const std::vector<uint8_t> kOobWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x29, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f,
    0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65,
    0x77, 0x31, 0x0e, 0x61, 0x72, 0x67, 0x73, 0x5f, 0x73, 0x69, 0x7a, 0x65, 0x73, 0x5f, 0x67,
    0x65, 0x74, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x10,
    0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x72, 0x75, 0x6e, 0x00,
    0x01, 0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x41, 0x80, 0x80, 0x04, 0x41, 0x00, 0x10, 0x00, 0x0b};

TEST_CASE("wasi modules: proc_exit, fd_write to stdout, an out-of-bounds pointer") {
  TempDir dir;
  Pipe out;
  Config c = Wasi::config_for(dir);
  c.stdout_fd = out.wr;
  ObjectStore store{interpreter_engine()};
  Linker linker;
  auto ctx = link(linker, store, c);
  REQUIRE(ctx.ok());

  InstantiateResult exit_inst = linker.instantiate(store, load_valid(kExitWasm));
  REQUIRE(exit_inst.ok());
  std::vector<Value> results;
  Trap t = invoke(exit_inst.instance->find_export("_start")->as_func(), {}, results);
  CHECK(t.code == TrapCode::Exit);
  CHECK(t.exit_code == 7);

  InstantiateResult hello = linker.instantiate(store, load_valid(kHelloWasm));
  REQUIRE(hello.ok());
  t = invoke(hello.instance->find_export("run")->as_func(), {}, results);
  REQUIRE(t.ok());
  REQUIRE(results.size() == 1);
  CHECK(results[0].as_u32() == 0);
  char buf[16] = {};
  REQUIRE(read(out.rd, buf, sizeof buf) == 6);
  CHECK(std::string(buf) == "hello\n");
  Memory* mem = hello.instance->find_export("memory")->as_memory();
  uint32_t nwritten;
  std::memcpy(&nwritten, mem->base() + 8, 4);
  CHECK(nwritten == 6);

  InstantiateResult oob = linker.instantiate(store, load_valid(kOobWasm));
  REQUIRE(oob.ok());
  t = invoke(oob.instance->find_export("run")->as_func(), {}, results);
  CHECK(t.code == TrapCode::MemoryOutOfBounds);
  CHECK(t.text().find("args_sizes_get") != std::string::npos);
}

TEST_CASE("wasi: proc_exit statuses, proc_raise, sched_yield") {
  TempDir dir;
  Wasi w(Wasi::config_for(dir));
  Trap t = w.call_raw("proc_exit", {0}, nullptr);
  CHECK(t.code == TrapCode::Exit);
  CHECK(t.exit_code == 0);
  t = w.call_raw("proc_exit", {125}, nullptr);
  CHECK(t.code == TrapCode::Exit);
  CHECK(t.exit_code == 125);
  t = w.call_raw("proc_exit", {126}, nullptr);  // wasmtime: outside [0..126) is a trap
  CHECK(t.code == TrapCode::HostTrap);
  CHECK(w.call("proc_raise", {6}) == err(E::NotSup));
  CHECK(w.call("sched_yield", {}) == 0);
}

TEST_CASE("wasi stdio: types and rights from the host fds; borrowed flags stay put") {
  TempDir dir;
  dir.write("in.txt", "from a file");
  Pipe out;
  int file = ::open((dir / "in.txt").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(file >= 0);
  int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  Config c = Wasi::config_for(dir);
  c.stdin_fd = file;
  c.stdout_fd = out.wr;
  c.stderr_fd = null;
  {
    Wasi w(c);
    REQUIRE(w.call("fd_fdstat_get", {0, kOut}) == 0);
    CHECK(*w.at(kOut) == uint8_t(Filetype::RegularFile));
    CHECK((w.u64(kOut + 8) & right::kFdRead) != 0);
    CHECK((w.u64(kOut + 8) & right::kFdWrite) == 0);  // opened read-only by the host
    std::string got;
    REQUIRE(w.read(0, 100, &got) == 0);
    CHECK(got == "from a file");
    CHECK(w.write(0, "x") == err(E::NotCapable));

    REQUIRE(w.call("fd_fdstat_get", {1, kOut}) == 0);
    CHECK(*w.at(kOut) == uint8_t(Filetype::Unknown));  // a pipe (no preview1 filetype)
    CHECK((w.u64(kOut + 8) & right::kFdWrite) != 0);
    CHECK(w.call("fd_seek", {1, 0, kWhenceCur, kOut}) == err(E::Spipe));
    CHECK(w.call("fd_pwrite", {1, kIovs, 0, 0, kOut}) == err(E::Spipe));
    REQUIRE(w.call("fd_fdstat_get", {2, kOut}) == 0);
    CHECK(*w.at(kOut) == uint8_t(Filetype::CharacterDevice));
    CHECK(w.read(2, 1, nullptr) == err(E::NotCapable));

    // Nonblock on borrowed stdout is recorded for the guest, not applied to the host's fd.
    REQUIRE(w.call("fd_fdstat_set_flags", {1, kFdflagNonblock}) == 0);
    REQUIRE(w.call("fd_fdstat_get", {1, kOut}) == 0);
    CHECK((w.u16(kOut + 2) & kFdflagNonblock) != 0);
    CHECK((fcntl(out.wr, F_GETFL) & O_NONBLOCK) == 0);
    // Closing a borrowed fd removes it for the guest and leaves the host fd open.
    REQUIRE(w.call("fd_close", {1}) == 0);
    CHECK(w.write(1, "x") == err(E::Badf));
    CHECK(fcntl(out.wr, F_GETFD) >= 0);
  }
  close(file);
  close(null);
  // A negative host fd leaves the guest fd closed.
  c.stdin_fd = -1;
  c.stdout_fd = out.wr;
  c.stderr_fd = out.wr;
  Wasi w2(c);
  CHECK(w2.call("fd_fdstat_get", {0, kOut}) == err(E::Badf));
}

TEST_CASE("wasi stdio: a host file given as stdout can be written, not resized or retimed") {
  TempDir dir;
  dir.write("log", "kept\n");
  int log = ::open((dir / "log").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);  // like >> log
  REQUIRE(log >= 0);
  struct stat before;
  REQUIRE(fstat(log, &before) == 0);
  Config c = Wasi::config_for(dir);
  c.stdout_fd = log;
  {
    Wasi w(c);
    CHECK(w.call("fd_filestat_set_size", {1, 0}) == err(E::Badf));
    CHECK(w.call("fd_allocate", {1, 0, 1u << 20}) == err(E::Badf));
    CHECK(w.call("fd_filestat_set_times", {1, 0, 0, kFstMtimNow | kFstAtimNow}) == err(E::Badf));
    REQUIRE(w.write(1, "added\n") == 0);
  }
  struct stat after;
  REQUIRE(fstat(log, &after) == 0);
  close(log);
  CHECK(dir.read("log") == "kept\nadded\n");
  CHECK(after.st_size == before.st_size + 6);
}

TEST_CASE("wasi: writing to a pipe without reader is errno pipe, not SIGPIPE") {
  TempDir dir;
  Pipe out;
  close(out.rd);
  out.rd = -1;
  Config c = Wasi::config_for(dir);
  c.stdout_fd = out.wr;
  Wasi w(c);
  CHECK(w.write(1, "lost") == err(E::Pipe));
  sigset_t pending;
  sigpending(&pending);
  CHECK(sigismember(&pending, SIGPIPE) == 0);
}

TEST_CASE("wasi sockets: inherited stream socket and a listener") {
  TempDir dir;
  int pair[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listener >= 0);
  struct sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string sock_path = dir / "sock";
  std::strncpy(addr.sun_path, sock_path.c_str(), sizeof addr.sun_path - 1);
  REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(listener, 4) == 0);
  Config c = Wasi::config_for(dir);
  c.socket_fds = {pair[0], listener};
  {
    Wasi w(c);
    const uint32_t sock = 4, lst = 5;  // after stdio and the one preopen
    REQUIRE(w.call("fd_fdstat_get", {sock, kOut}) == 0);
    CHECK(*w.at(kOut) == uint8_t(Filetype::SocketStream));
    CHECK(w.call("fd_prestat_get", {sock, kOut}) == err(E::Badf));  // ends wasi-libc's scan

    w.put(kBuf, "ping");
    w.set_u32(kIovs, kBuf);
    w.set_u32(kIovs + 4, 4);
    REQUIRE(w.call("sock_send", {sock, kIovs, 1, 0, kOut}) == 0);
    CHECK(w.u32(kOut) == 4);
    char buf[8] = {};
    REQUIRE(read(pair[1], buf, sizeof buf) == 4);
    CHECK(std::string(buf) == "ping");
    CHECK(w.call("sock_send", {sock, kIovs, 1, 1, kOut}) == err(E::Inval));

    REQUIRE(write(pair[1], "pong!", 5) == 5);
    w.set_u32(kIovs + 4, 16);
    REQUIRE(w.call("sock_recv", {sock, kIovs, 1, kRiflagRecvPeek, kOut, kOut + 4}) == 0);
    CHECK(w.u32(kOut) == 5);
    REQUIRE(w.call("sock_recv", {sock, kIovs, 1, 0, kOut, kOut + 4}) == 0);
    CHECK(w.get(kBuf, w.u32(kOut)) == "pong!");
    CHECK(w.u16(kOut + 4) == 0);

    REQUIRE(w.call("sock_shutdown", {sock, kSdflagWr}) == 0);
    CHECK(read(pair[1], buf, sizeof buf) == 0);  // the peer sees end of stream
    CHECK(w.call("sock_shutdown", {sock, 0}) == err(E::Inval));

    // Accept a connection on the inherited listener.
    int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(w.call("sock_accept", {lst, 0, kOut}) == 0);
    uint32_t conn = w.u32(kOut);
    REQUIRE(write(client, "hi", 2) == 2);
    REQUIRE(w.read(conn, 10, nullptr) == 0);
    CHECK(w.get(kBuf, w.u32(kOut)) == "hi");
    REQUIRE(w.call("fd_fdstat_get", {conn, kOut}) == 0);
    CHECK((w.u64(kOut + 8) & right::kSockAccept) == 0);
    CHECK(w.call("sock_accept", {lst, kFdflagAppend, kOut}) == err(E::Inval));
    // fdflags::nonblock applies to the accepted connection.
    int client2 = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(connect(client2, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(w.call("sock_accept", {lst, kFdflagNonblock, kOut}) == 0);
    uint32_t conn2 = w.u32(kOut);
    REQUIRE(w.call("fd_fdstat_get", {conn2, kOut}) == 0);
    CHECK((w.u16(kOut + 2) & kFdflagNonblock) != 0);
    CHECK(w.read(conn2, 10, nullptr) == err(E::Again));  // nothing sent yet
    close(client2);
    close(client);

    // Not sockets.
    CHECK(w.call("sock_accept", {kPreopenFd, 0, kOut}) == err(E::NotSock));
    CHECK(w.call("sock_shutdown", {0, kSdflagRd}) == err(E::NotSock));
    CHECK(w.call("sock_recv", {99, kIovs, 1, 0, kOut, kOut + 4}) == err(E::Badf));
  }
  close(pair[0]);
  close(pair[1]);
  close(listener);
}

// Hostile arguments: every function (but the blocking or disk-filling ones) called with
// arguments drawn from boundary values and random words, over memory holding random bytes.
// Each call must either return an errno of the spec's enum or trap; nothing may crash (the
// suite also runs under ASan/UBSan), and the host outside the sandbox must not change.
TEST_CASE("wasi: hostile arguments never crash the host") {
  TempDir outer;
  outer.write("secret", "s");
  outer.mkdir("sandbox");
  outer.write("sandbox/f", "file");
  outer.mkdir("sandbox/d");
  outer.symlink("..", "sandbox/up");
  Config c = Wasi::config_for(outer);
  c.preopens[0].host_path = outer / "sandbox";
  Wasi w(c);
  const uint64_t mem = w.memory_size();
  const uint64_t interesting[] = {0,       1,        3,          4,          5,
                                  7,       8,        kBuf,       mem - 1,    mem,
                                  mem - 8, mem - 24, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000,
                                  UINT64_MAX, 1ull << 63};
  uint64_t state = 0x9E3779B97F4A7C15ull;  // xorshift64: the same sequence on every run
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  // Excluded: calls that may block (poll_oneoff, reads, accept), end the guest (proc_exit) or
  // fill the disk (fd_allocate).
  const char* names[] = {
      "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get",
      "clock_time_get", "fd_advise", "fd_close", "fd_datasync", "fd_fdstat_get",
      "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
      "fd_filestat_set_times", "fd_pread", "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite",
      "fd_readdir", "fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
      "path_create_directory", "path_filestat_get", "path_filestat_set_times", "path_link",
      "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
      "path_unlink_file", "proc_raise", "sched_yield", "random_get", "sock_send",
      "sock_shutdown"};
  int traps = 0, errnos = 0;
  for (int round = 0; round < 200; ++round) {
    // Fresh random memory each round; a third of the words are small numbers, so that some
    // iovecs, lengths and paths land in bounds.
    for (uint64_t i = 0; i < mem; i += 8) {
      uint64_t r = next();
      if (r % 3 == 0) r %= 64;
      std::memcpy(w.at(uint32_t(i)), &r, 8);
    }
    for (const char* name : names) {
      Function* f = w.func(name);
      std::vector<Cell> cells(std::max<size_t>(f->type->params.size(), 1));
      for (size_t i = 0; i < f->type->params.size(); ++i) {
        uint64_t r = next();
        uint64_t v = (r & 1) ? interesting[(r >> 1) % std::size(interesting)] : (r >> 1) % 16;
        cells[i] = f->type->params[i] == ValType::I32 ? (v & 0xFFFFFFFFull) : v;
      }
      uint32_t result = 0;
      Trap t = w.call_cells(name, cells, &result);
      if (!t.ok()) {
        ++traps;
        CHECK((t.code == TrapCode::MemoryOutOfBounds || t.code == TrapCode::HostTrap));
      } else {
        ++errnos;
        CHECK_MESSAGE(result < uint32_t(kErrnoCount), name);
      }
    }
  }
  CHECK(traps > 0);
  CHECK(errnos > 0);
  CHECK(outer.read("secret") == "s");
  std::set<std::string> outside;
  for (const auto& e : std::filesystem::directory_iterator(outer.path))
    outside.insert(e.path().filename());
  CHECK(outside == std::set<std::string>{"secret", "sandbox"});
}
