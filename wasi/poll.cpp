// poll_oneoff: waits for clock deadlines and fd readiness.
//
// Clock subscriptions become deadlines on CLOCK_MONOTONIC (realtime ones are converted once,
// at the call); fd subscriptions on regular files and directories are ready at once (as
// poll(2) says of regular files); others are handed to ppoll(2). The call returns when at least
// one subscription is ready, with an event for every ready one, in subscription order.
//
// Errors that concern the call as a whole (no subscriptions, an unknown tag or clock, a bad or
// unpollable fd) fail the call, as in wasmtime; readiness errors of an fd (POLLERR, POLLNVAL)
// are reported in its event.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/store/exec_stack.h"
#include "wasi/functions.h"

namespace zwasm::wasi {

namespace {

constexpr uint64_t kNsPerSec = 1'000'000'000ull;
// The subscription and event arrays may not exceed wasmtime's per-call "hostcall fuel"
// (128 MiB): a hostile count then fails with nomem, as there, instead of making the host
// allocate gigabytes for its own copy of the subscriptions.
constexpr uint64_t kMaxArrayBytes = 128ull << 20;

uint64_t now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return uint64_t(ts.tv_sec) * kNsPerSec + uint64_t(ts.tv_nsec);
}

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

struct Subscription {
  uint64_t userdata = 0;
  uint8_t type = 0;
  uint64_t deadline = 0;  // clocks: CLOCK_MONOTONIC ns
  FdEntry* fd = nullptr;  // fd_read / fd_write
  int poll_index = -1;    // into the pollfd array, or -1 when ready without polling
  bool ready = false;
  Errno error = Errno::Success;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

Errno parse(const Call& c, uint32_t at, Subscription& s) {
  const GuestMemory& mem = c.mem;
  s.userdata = mem.load<uint64_t>(at);
  s.type = mem.load<uint8_t>(at + 8);
  switch (s.type) {
    case kEventClock: {
      uint32_t id = mem.load<uint32_t>(at + 16);
      uint64_t timeout = mem.load<uint64_t>(at + 24);
      uint16_t flags = mem.load<uint16_t>(at + 40);
      if (flags & ~kSubclockAbstime) return Errno::Inval;
      bool absolute = flags & kSubclockAbstime;
      uint64_t mono = now_ns(CLOCK_MONOTONIC);
      if (id == kClockMonotonic) {
        s.deadline = absolute ? timeout : saturating_add(mono, timeout);
      } else if (id == kClockRealtime) {
        if (absolute) {
          uint64_t real = now_ns(CLOCK_REALTIME);
          s.deadline = timeout > real ? saturating_add(mono, timeout - real) : mono;
        } else {
          s.deadline = saturating_add(mono, timeout);
        }
      } else {
        return Errno::Inval;  // CPU-time clocks cannot be waited on (wasmtime: inval)
      }
      return Errno::Success;
    }
    case kEventFdRead:
    case kEventFdWrite: {
      uint32_t fd = mem.load<uint32_t>(at + 16);
      ZW_WASI_TRY(c.ctx.get(fd, s.fd));
      // witx $rights: poll_fd_readwrite together with fd_read (resp. fd_write).
      uint64_t needed =
          right::kPollFdReadwrite | (s.type == kEventFdRead ? right::kFdRead : right::kFdWrite);
      if (!s.fd->has(needed)) return Errno::NotCapable;
      return Errno::Success;
    }
    default:
      return Errno::Inval;
  }
}

// For fds that are always ready: regular files report the bytes left to read (0 at the end,
// with the hangup flag as wasmtime sets it); writes report no byte count.
void fill_file_event(Subscription& s) {
  s.ready = true;
  if (s.type != kEventFdRead) return;
  struct stat st;
  off_t pos = lseek(s.fd->host_fd, 0, SEEK_CUR);
  if (fstat(s.fd->host_fd, &st) == 0 && pos >= 0 && st.st_size > pos) {
    s.nbytes = uint64_t(st.st_size - pos);
  } else {
    s.flags |= kEventFdReadwriteHangup;
  }
}

void fill_polled_event(Subscription& s, short revents) {
  if (revents == 0) return;
  s.ready = true;
  if (revents & POLLNVAL) s.error = Errno::Badf;
  else if (revents & POLLERR) s.error = Errno::Io;
  if (revents & POLLHUP) s.flags |= kEventFdReadwriteHangup;
  if (s.type == kEventFdRead) {
    int avail = 0;
    if (ioctl(s.fd->host_fd, FIONREAD, &avail) == 0 && avail > 0) s.nbytes = uint64_t(avail);
  }
}

}  // namespace

// poll_oneoff(in: i32, out: i32, nsubscriptions: i32, nevents_out: i32) -> errno
Errno poll_oneoff(const Call& c) {
  uint32_t in = c.u32(0), out = c.u32(1), n = c.u32(2), nevents_out = c.u32(3);
  if (n == 0) return Errno::Inval;  // would block forever (wasmtime: inval)
  if (uint64_t(n) * (layout::kSubscriptionSize + layout::kEventSize) > kMaxArrayBytes)
    return Errno::NoMem;
  ZW_WASI_TRY(c.mem.check(in, uint64_t(n) * layout::kSubscriptionSize, layout::kSubscriptionAlign));
  ZW_WASI_TRY(c.mem.check(out, uint64_t(n) * layout::kEventSize, layout::kEventAlign));
  ZW_WASI_TRY(c.mem.check(nevents_out, 4, 4));

  std::vector<Subscription> subs(n);
  std::vector<struct pollfd> pollfds;
  bool any_ready = false, any_clock = false;
  for (uint32_t i = 0; i < n; ++i) {
    Subscription& s = subs[i];
    ZW_WASI_TRY(parse(c, in + i * layout::kSubscriptionSize, s));
    if (s.type == kEventClock) {
      any_clock = true;
      continue;
    }
    if (s.fd->type == Filetype::RegularFile || s.fd->type == Filetype::Directory) {
      fill_file_event(s);
      any_ready = true;
      continue;
    }
    s.poll_index = int(pollfds.size());
    pollfds.push_back({s.fd->host_fd, short(s.type == kEventFdRead ? POLLIN : POLLOUT), 0});
  }

  for (;;) {
    // Woken by an interrupt (runtime/store/exec_stack.h): the call ends with its trap.
    if (interrupt_requested()) return Errno::Intr;
    uint64_t now = now_ns(CLOCK_MONOTONIC);
    uint64_t earliest = UINT64_MAX;
    for (Subscription& s : subs) {
      if (s.type != kEventClock) continue;
      if (s.deadline <= now) {
        s.ready = true;
        any_ready = true;
      }
      earliest = std::min(earliest, s.deadline);
    }
    if (pollfds.empty() && any_ready) break;
    if (pollfds.empty()) {
      // Only clocks: sleep to the earliest deadline, on the clock it is measured in.
      struct timespec ts{time_t(earliest / kNsPerSec), long(earliest % kNsPerSec)};
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
      continue;
    }
    struct timespec timeout{}, *timeout_ptr = &timeout;
    if (!any_ready) {
      if (any_clock) {
        uint64_t wait = earliest - now;
        timeout = {time_t(wait / kNsPerSec), long(wait % kNsPerSec)};
      } else {
        timeout_ptr = nullptr;  // fds only: wait until one is ready
      }
    }
    for (auto& p : pollfds) p.revents = 0;
    int rc = ppoll(pollfds.data(), pollfds.size(), timeout_ptr, nullptr);
    if (rc < 0 && errno != EINTR) return errno_from_host(errno);
    if (rc > 0) {
      for (Subscription& s : subs) {
        if (s.poll_index >= 0) fill_polled_event(s, pollfds[size_t(s.poll_index)].revents);
        any_ready = any_ready || s.ready;
      }
    }
    if (any_ready) {
      // Clocks that expired while polling are reported too.
      now = now_ns(CLOCK_MONOTONIC);
      for (Subscription& s : subs)
        if (s.type == kEventClock && s.deadline <= now) s.ready = true;
      break;
    }
  }

  uint32_t count = 0;
  for (const Subscription& s : subs) {
    if (!s.ready) continue;
    uint32_t at = out + count * layout::kEventSize;
    std::memset(c.mem.at(at), 0, layout::kEventSize);
    c.mem.store<uint64_t>(at + 0, s.userdata);
    c.mem.store<uint16_t>(at + 8, uint16_t(s.error));
    c.mem.store<uint8_t>(at + 10, s.type);
    c.mem.store<uint64_t>(at + 16, s.nbytes);
    c.mem.store<uint16_t>(at + 24, s.flags);
    ++count;
  }
  c.mem.store<uint32_t>(nevents_out, count);
  return Errno::Success;
}

}  // namespace zwasm::wasi
