// Sandbox escape attempts. The preopen is /sandbox (a fresh host folder); its host parent also
// holds outside/secret.txt, and the driver made three host symlinks inside the sandbox that
// lead out: host_root_link -> /, host_outside_link -> ../outside and host_abs_outside_link ->
// the absolute path of outside. argv[1] is a random token: every file this program tries to
// create outside is named after it, so the driver can check none appeared.
//
// Each attempt prints the errno it got. Expected (as wasmtime, whose cap-std resolution
// reports any path that leaves the preopen as EPERM): every escape fails with EPERM, except
// an absolute path under no preopen, which wasi-libc itself rejects before any WASI call
// (with ENOTCAPABLE in Debian's wasi-libc). Moving around inside the sandbox with `..` stays
// allowed, and so does creating a symlink whose relative target leads out (it is only text:
// wasmtime refuses only absolute targets); following it out is refused.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "common.h"

static const char* token = "token";

static int open_read(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  return fd;
}

static int create(const char* path) {
  int fd = open(path, O_CREAT | O_WRONLY, 0644);
  if (fd >= 0) close(fd);
  return fd;
}

static int stat_path(const char* path) {
  struct stat st;
  return stat(path, &st);
}

static int open_dir(const char* path) {
  DIR* d = opendir(path);
  if (!d) return -1;
  closedir(d);
  return 0;
}

// path_open relative to the preopen's fd (3) with the raw WASI call, bypassing wasi-libc's
// own path handling: the runtime alone must refuse.
static void raw_open(const char* label, const char* path, __wasi_lookupflags_t lookup) {
  __wasi_fd_t fd;
  __wasi_errno_t err = __wasi_path_open(3, lookup, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  if (err == 0) (void)__wasi_fd_close(fd);
  printf("%s: %s\n", label, err == 0 ? "succeeded" : errno_name(err));
}

int main(int argc, char** argv) {
  if (argc > 1) token = argv[1];
  char path[256];

  // The preopen itself is what we think it is.
  __wasi_prestat_t prestat;
  char name[64] = {0};
  CHECK("fd 3 is a preopened directory",
        __wasi_fd_prestat_get(3, &prestat) == 0 && prestat.tag == __WASI_PREOPENTYPE_DIR);
  CHECK("named /sandbox", prestat.u.dir.pr_name_len == 8 &&
                              __wasi_fd_prestat_dir_name(3, (uint8_t*)name, 8) == 0 &&
                              memcmp(name, "/sandbox", 8) == 0);
  printf("fd 4 has no prestat: %s\n", errno_name(__wasi_fd_prestat_get(4, &prestat)));

  // `..` past the preopen root.
  EXPECT_FAIL("open /sandbox/../outside/secret.txt", open_read("/sandbox/../outside/secret.txt"));
  CHECK("chdir /sandbox", chdir("/sandbox") == 0);
  EXPECT_FAIL("open ../outside/secret.txt (cwd /sandbox)", open_read("../outside/secret.txt"));
  EXPECT_FAIL("stat /sandbox/..", stat_path("/sandbox/.."));
  EXPECT_FAIL("opendir /sandbox/..", open_dir("/sandbox/.."));
  EXPECT_FAIL("open /sandbox/./../outside/secret.txt",
              open_read("/sandbox/./../outside/secret.txt"));
  CHECK("mkdir /sandbox/a", mkdir("/sandbox/a", 0755) == 0);
  CHECK("mkdir /sandbox/a/b", mkdir("/sandbox/a/b", 0755) == 0);
  CHECK("create /sandbox/inside.txt", create("/sandbox/inside.txt") >= 0);
  EXPECT_FAIL("open a/b/../../../outside/secret.txt", open_read("a/b/../../../outside/secret.txt"));
  EXPECT_FAIL("open a/../a/../../outside/secret.txt", open_read("a/../a/../../outside/secret.txt"));
  CHECK("open a/b/../../inside.txt (stays inside)", open_read("a/b/../../inside.txt") >= 0);
  CHECK("open a/../a/b/.. as a directory (stays inside)", open_dir("a/../a/b/..") == 0);

  // Absolute paths: wasi-libc finds no preopen for them (ENOENT); given straight to
  // path_open they must be refused by the runtime.
  EXPECT_FAIL("open /etc/passwd", open_read("/etc/passwd"));
  raw_open("path_open(3, \"/etc/passwd\")", "/etc/passwd", 0);
  raw_open("path_open(3, \"/\")", "/", 0);
  raw_open("path_open(3, \"..\")", "..", 0);
  raw_open("path_open(3, \"a/../..\")", "a/../..", 0);
  raw_open("path_open(3, \".\") (the preopen itself)", ".", 0);

  // Symlinks made on the host, leading out.
  EXPECT_FAIL("open host_root_link/etc/passwd", open_read("/sandbox/host_root_link/etc/passwd"));
  EXPECT_FAIL("opendir host_root_link", open_dir("/sandbox/host_root_link"));
  EXPECT_FAIL("stat host_root_link/etc", stat_path("/sandbox/host_root_link/etc"));
  EXPECT_FAIL("open host_outside_link/secret.txt",
              open_read("/sandbox/host_outside_link/secret.txt"));
  EXPECT_FAIL("open host_abs_outside_link/secret.txt",
              open_read("/sandbox/host_abs_outside_link/secret.txt"));
  raw_open("path_open(3, \"host_root_link\", follow)", "host_root_link",
           __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW);
  struct stat st;
  CHECK("lstat host_root_link sees the link itself",
        lstat("/sandbox/host_root_link", &st) == 0 && S_ISLNK(st.st_mode));

  // Symlinks the guest makes: an absolute target is refused outright; a relative one that
  // leads out may be created (it is only text) but never followed out.
  EXPECT_FAIL("symlink /etc -> guest_abs_link", symlink("/etc", "/sandbox/guest_abs_link"));
  CHECK("symlink ../outside -> guest_link", symlink("../outside", "/sandbox/guest_link") == 0);
  char target[64] = {0};
  CHECK("readlink guest_link gives ../outside",
        readlink("/sandbox/guest_link", target, sizeof target - 1) == 10 &&
            strcmp(target, "../outside") == 0);
  EXPECT_FAIL("open guest_link/secret.txt", open_read("/sandbox/guest_link/secret.txt"));
  CHECK("symlink b/../../.. -> a/chain_link", symlink("b/../../..", "/sandbox/a/chain_link") == 0);
  EXPECT_FAIL("open a/chain_link/outside/secret.txt",
              open_read("/sandbox/a/chain_link/outside/secret.txt"));
  CHECK("symlink inside.txt -> ok_link (stays inside)",
        symlink("inside.txt", "/sandbox/ok_link") == 0);
  CHECK("open ok_link", open_read("/sandbox/ok_link") >= 0);

  // Writes that would land outside.
  snprintf(path, sizeof path, "/sandbox/../%s-created", token);
  EXPECT_FAIL("create /sandbox/../TOKEN-created", create(path));
  snprintf(path, sizeof path, "/sandbox/../outside/%s-created", token);
  EXPECT_FAIL("create /sandbox/../outside/TOKEN-created", create(path));
  snprintf(path, sizeof path, "/sandbox/host_root_link/tmp/%s-created", token);
  EXPECT_FAIL("create host_root_link/tmp/TOKEN-created", create(path));
  snprintf(path, sizeof path, "/sandbox/guest_link/%s-created", token);
  EXPECT_FAIL("create guest_link/TOKEN-created", create(path));
  snprintf(path, sizeof path, "/sandbox/../%s-dir", token);
  EXPECT_FAIL("mkdir /sandbox/../TOKEN-dir", mkdir(path, 0755));
  snprintf(path, sizeof path, "/sandbox/host_outside_link/%s-dir", token);
  EXPECT_FAIL("mkdir host_outside_link/TOKEN-dir", mkdir(path, 0755));
  snprintf(path, sizeof path, "/sandbox/../%s-moved", token);
  EXPECT_FAIL("rename inside.txt -> /sandbox/../TOKEN-moved", rename("/sandbox/inside.txt", path));
  EXPECT_FAIL("rename ../outside/secret.txt -> inside",
              rename("/sandbox/../outside/secret.txt", "/sandbox/stolen.txt"));
  EXPECT_FAIL("unlink ../outside/secret.txt", unlink("/sandbox/../outside/secret.txt"));
  EXPECT_FAIL("unlink host_outside_link/secret.txt",
              unlink("/sandbox/host_outside_link/secret.txt"));
  EXPECT_FAIL("rmdir /sandbox/../outside", rmdir("/sandbox/../outside"));
  snprintf(path, sizeof path, "/sandbox/../%s-link", token);
  EXPECT_FAIL("symlink inside.txt -> /sandbox/../TOKEN-link", symlink("inside.txt", path));

  // Removing the host's links only removes the links.
  CHECK("unlink host_root_link (the link)", unlink("/sandbox/host_root_link") == 0);
  CHECK("unlink host_outside_link (the link)", unlink("/sandbox/host_outside_link") == 0);

  printf("failures: %d\n", zw_failures);
  return zw_failures == 0 ? 0 : 1;
}
