// args_*, environ_*, clock_*, random_get, proc_raise, sched_yield.
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "wasi/functions.h"

namespace zwasm::wasi {

namespace {

// Writes `strings` as NUL-terminated bytes at `buf` and their addresses at `ptrs` (argv layout).
Errno store_string_list(const GuestMemory& mem, const std::vector<std::string>& strings,
                        uint32_t ptrs, uint32_t buf) {
  uint64_t bytes = 0;
  for (const std::string& s : strings) bytes += s.size() + 1;
  // Both regions are checked before anything is written.
  ZW_WASI_TRY(mem.check(ptrs, uint64_t(strings.size()) * 4, 4));
  ZW_WASI_TRY(mem.check(buf, bytes));
  uint32_t at = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    mem.store<uint32_t>(ptrs + uint32_t(i) * 4, at);
    std::memcpy(mem.at(at), strings[i].data(), strings[i].size());
    mem.at(at)[strings[i].size()] = 0;
    at += uint32_t(strings[i].size() + 1);
  }
  return Errno::Success;
}

Errno store_string_list_sizes(const GuestMemory& mem, const std::vector<std::string>& strings,
                              uint32_t count_ptr, uint32_t size_ptr) {
  uint64_t bytes = 0;
  for (const std::string& s : strings) bytes += s.size() + 1;
  if (bytes > UINT32_MAX || strings.size() > UINT32_MAX) return Errno::Overflow;
  ZW_WASI_TRY(mem.check(count_ptr, 4, 4));
  ZW_WASI_TRY(mem.check(size_ptr, 4, 4));
  mem.store<uint32_t>(count_ptr, uint32_t(strings.size()));
  mem.store<uint32_t>(size_ptr, uint32_t(bytes));
  return Errno::Success;
}

bool host_clock(uint32_t id, clockid_t& out) {
  switch (id) {
    case kClockRealtime: out = CLOCK_REALTIME; return true;
    case kClockMonotonic: out = CLOCK_MONOTONIC; return true;
    case kClockProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case kClockThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

uint64_t to_ns(const struct timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

}  // namespace

// args_get(argv: i32, argv_buf: i32) -> errno
Errno args_get(const Call& c) {
  return store_string_list(c.mem, c.ctx.config().args, c.u32(0), c.u32(1));
}

// args_sizes_get(argc_out: i32, argv_buf_size_out: i32) -> errno
Errno args_sizes_get(const Call& c) {
  return store_string_list_sizes(c.mem, c.ctx.config().args, c.u32(0), c.u32(1));
}

// environ_get(environ: i32, environ_buf: i32) -> errno
Errno environ_get(const Call& c) {
  return store_string_list(c.mem, c.ctx.config().env, c.u32(0), c.u32(1));
}

// environ_sizes_get(count_out: i32, buf_size_out: i32) -> errno
Errno environ_sizes_get(const Call& c) {
  return store_string_list_sizes(c.mem, c.ctx.config().env, c.u32(0), c.u32(1));
}

// clock_res_get(id: i32, resolution_out: i32) -> errno
Errno clock_res_get(const Call& c) {
  clockid_t id;
  if (!host_clock(c.u32(0), id)) return Errno::Inval;
  ZW_WASI_TRY(c.mem.check(c.u32(1), 8, 8));
  struct timespec ts;
  if (clock_getres(id, &ts) != 0) return errno_from_host(errno);
  c.mem.store<uint64_t>(c.u32(1), to_ns(ts));
  return Errno::Success;
}

// clock_time_get(id: i32, precision: i64, time_out: i32) -> errno. The precision is a hint;
// the host clocks are read at their full resolution.
Errno clock_time_get(const Call& c) {
  clockid_t id;
  if (!host_clock(c.u32(0), id)) return Errno::Inval;
  ZW_WASI_TRY(c.mem.check(c.u32(2), 8, 8));
  struct timespec ts;
  if (clock_gettime(id, &ts) != 0) return errno_from_host(errno);
  c.mem.store<uint64_t>(c.u32(2), to_ns(ts));
  return Errno::Success;
}

// random_get(buf: i32, buf_len: i32) -> errno: the kernel's CSPRNG (getrandom(2)).
Errno random_get(const Call& c) {
  uint32_t buf = c.u32(0), len = c.u32(1);
  ZW_WASI_TRY(c.mem.check(buf, len));
  uint8_t* p = c.mem.at(buf);
  size_t left = len;
  while (left > 0) {
    ssize_t n = getrandom(p, std::min<size_t>(left, 1u << 25), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    p += n;
    left -= size_t(n);
  }
  return Errno::Success;
}

// proc_raise(sig: i32) -> errno. Unsupported, as in wasmtime: a guest cannot signal the host
// process. Signal numbers outside $signal (0..30) are inval, as wiggle's enum check answers.
Errno proc_raise(const Call& c) {
  if (c.u32(0) > 30) return Errno::Inval;
  return Errno::NotSup;
}

// sched_yield() -> errno
Errno sched_yield(const Call&) {
  ::sched_yield();
  return Errno::Success;
}

}  // namespace zwasm::wasi
