// Lists the preopened directories (fd 3 onwards) with the names the guest sees, then checks
// that fd_prestat_dir_name refuses a buffer too small for the name.
#include <wasi/api.h>

#include "common.h"

int main(void) {
  __wasi_fd_t fd = 3;
  for (;; ++fd) {
    __wasi_prestat_t prestat;
    __wasi_errno_t err = __wasi_fd_prestat_get(fd, &prestat);
    if (err != 0) {
      printf("fd %u: no prestat (%s)\n", (unsigned)fd, errno_name(err));
      break;
    }
    char name[512] = {0};
    size_t len = prestat.u.dir.pr_name_len;
    if (len >= sizeof name) return 1;
    err = __wasi_fd_prestat_dir_name(fd, (uint8_t*)name, len);
    printf("fd %u: directory [%s] (%s)\n", (unsigned)fd, name, errno_name(err));
  }
  if (fd > 3) {
    __wasi_prestat_t prestat;
    char small[1];
    (void)__wasi_fd_prestat_get(3, &prestat);
    if (prestat.u.dir.pr_name_len > 1)
      printf("name into a 1-byte buffer: %s\n",
             errno_name(__wasi_fd_prestat_dir_name(3, (uint8_t*)small, 1)));
  }
  return 0;
}
