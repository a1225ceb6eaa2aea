// poll_oneoff with clock subscriptions, through nanosleep, clock_nanosleep (relative and
// absolute) and a direct poll_oneoff call: a sleep lasts at least what was asked.
#include <time.h>
#include <wasi/api.h>

#include "common.h"

static long long now_ns(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  const long long ms = 1000000LL;

  long long t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec req = {0, 50 * ms};
  CHECK("nanosleep 50 ms", nanosleep(&req, NULL) == 0);
  CHECK("at least 50 ms passed", now_ns(CLOCK_MONOTONIC) - t0 >= 50 * ms);

  t0 = now_ns(CLOCK_MONOTONIC);
  req.tv_nsec = 30 * ms;
  CHECK("clock_nanosleep(MONOTONIC, relative 30 ms)",
        clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
  CHECK("at least 30 ms passed", now_ns(CLOCK_MONOTONIC) - t0 >= 30 * ms);

  long long deadline = now_ns(CLOCK_MONOTONIC) + 40 * ms;
  struct timespec abs_req = {(time_t)(deadline / 1000000000LL), (long)(deadline % 1000000000LL)};
  CHECK("clock_nanosleep(MONOTONIC, TIMER_ABSTIME now+40 ms)",
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs_req, NULL) == 0);
  CHECK("the deadline has passed", now_ns(CLOCK_MONOTONIC) >= deadline);

  t0 = now_ns(CLOCK_REALTIME);
  req.tv_nsec = 20 * ms;
  CHECK("clock_nanosleep(REALTIME, relative 20 ms)",
        clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL) == 0);
  CHECK("at least 20 ms of realtime passed", now_ns(CLOCK_REALTIME) - t0 >= 20 * ms - 1 * ms);

  // Two timers in one poll: only the 10 ms one fires, the 10 s one is still pending.
  __wasi_subscription_t subs[2];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 1111;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 10000 * ms;
  subs[1].userdata = 2222;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = 10 * ms;
  __wasi_event_t events[2];
  __wasi_size_t nevents = 0;
  t0 = now_ns(CLOCK_MONOTONIC);
  __wasi_errno_t err = __wasi_poll_oneoff(subs, events, 2, &nevents);
  long long elapsed = now_ns(CLOCK_MONOTONIC) - t0;
  printf("poll_oneoff two timers: %s\n", errno_name(err));
  printf("events: %u\n", (unsigned)nevents);
  printf("first event userdata: %llu, type clock: %s, error: %s\n",
         (unsigned long long)events[0].userdata,
         events[0].type == __WASI_EVENTTYPE_CLOCK ? "yes" : "no", errno_name(events[0].error));
  CHECK("at least 10 ms and well under 10 s passed", elapsed >= 10 * ms && elapsed < 5000 * ms);

  // No subscriptions at all is invalid.
  printf("poll_oneoff with no subscriptions: %s\n",
         errno_name(__wasi_poll_oneoff(subs, events, 0, &nevents)));

  printf("failures: %d\n", zw_failures);
  return zw_failures == 0 ? 0 : 1;
}
