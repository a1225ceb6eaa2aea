// Shared helpers for the WASI test programs (compiled to wasm32-wasi, run by `zwasm run`).
//
// Each program prints one line per check, in a fixed order, so its whole stdout can be compared
// with an expected file: values that vary between runs (times, random bytes, inode numbers)
// are never printed, only what the check concluded about them.
#pragma once

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The symbolic name of a (WASI) errno value, so outputs read "EPERM" rather than "63".
static inline const char* errno_name(int e) {
  switch (e) {
    case 0: return "0";
#define ZW_E(name) \
  case name:       \
    return #name;
    ZW_E(EACCES) ZW_E(EAGAIN) ZW_E(EBADF) ZW_E(EBUSY) ZW_E(EEXIST) ZW_E(EFAULT) ZW_E(EFBIG)
    ZW_E(EINVAL) ZW_E(EIO) ZW_E(EISDIR) ZW_E(ELOOP) ZW_E(EMFILE) ZW_E(ENAMETOOLONG)
    ZW_E(ENOENT) ZW_E(ENOSPC) ZW_E(ENOSYS) ZW_E(ENOTDIR) ZW_E(ENOTEMPTY) ZW_E(ENOTSUP)
    ZW_E(EPERM) ZW_E(EROFS) ZW_E(ESPIPE) ZW_E(EXDEV) ZW_E(ENOTCAPABLE) ZW_E(EOVERFLOW)
    ZW_E(ERANGE) ZW_E(ENXIO) ZW_E(ENOTTY) ZW_E(EMLINK)
#undef ZW_E
  }
  static char buf[32];
  snprintf(buf, sizeof buf, "errno %d", e);
  return buf;
}

// Prints "label: ok" when `cond` holds, else "label: FAILED (errno NAME)" with the current
// errno, and counts failures so main can return non-zero.
static int zw_failures = 0;
#define CHECK(label, cond)                                                      \
  do {                                                                          \
    int zw_saved_errno_ = errno;                                                \
    if (cond) {                                                                 \
      printf("%s: ok\n", label);                                                \
    } else {                                                                    \
      printf("%s: FAILED (errno %s)\n", label, errno_name(zw_saved_errno_));    \
      ++zw_failures;                                                            \
    }                                                                           \
  } while (0)

// For calls expected to fail: prints "label: ERRNO_NAME" (or "label: succeeded").
#define EXPECT_FAIL(label, call_returns_negative_on_error)                     \
  do {                                                                          \
    errno = 0;                                                                  \
    if ((call_returns_negative_on_error) < 0) {                                 \
      printf("%s: %s\n", label, errno_name(errno));                             \
    } else {                                                                    \
      printf("%s: succeeded\n", label);                                         \
    }                                                                           \
  } while (0)
