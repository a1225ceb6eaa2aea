// rename, unlink, mkdir and rmdir in the preopen, and the errnos of their misuse (POSIX
// semantics as wasmtime reports them on Linux).
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int exists(const char* path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static int make_file(const char* path, const char* text) {
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int file_is(const char* path, const char* text) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  return n == (ssize_t)strlen(text) && strcmp(buf, text) == 0;
}

int main(void) {
  CHECK("chdir into the preopen", chdir("/sandbox") == 0);

  // mkdir / rmdir
  CHECK("mkdir a", mkdir("a", 0755) == 0);
  CHECK("mkdir a/b (nested)", mkdir("a/b", 0755) == 0);
  CHECK("a/b is a directory", exists("/sandbox/a/b"));
  EXPECT_FAIL("mkdir a again", mkdir("a", 0755));
  EXPECT_FAIL("mkdir under a missing parent", mkdir("missing/x", 0755));
  EXPECT_FAIL("rmdir a (not empty)", rmdir("a"));
  CHECK("rmdir a/b", rmdir("a/b") == 0);
  CHECK("a/b is gone", !exists("a/b"));
  EXPECT_FAIL("rmdir a/b again", rmdir("a/b"));

  // unlink
  CHECK("create f.txt", make_file("f.txt", "one") == 0);
  EXPECT_FAIL("rmdir on a file", rmdir("f.txt"));
  EXPECT_FAIL("unlink a directory", unlink("a"));
  CHECK("unlink f.txt", unlink("f.txt") == 0);
  CHECK("f.txt is gone", !exists("f.txt"));
  EXPECT_FAIL("unlink f.txt again", unlink("f.txt"));
  EXPECT_FAIL("mkdir through a file", (make_file("g.txt", "g"), mkdir("g.txt/sub", 0755)));

  // rename of files
  CHECK("create src.txt", make_file("src.txt", "source") == 0);
  CHECK("rename src.txt -> dst.txt", rename("src.txt", "dst.txt") == 0);
  CHECK("src.txt is gone", !exists("src.txt"));
  CHECK("dst.txt has the content", file_is("dst.txt", "source"));
  CHECK("create other.txt", make_file("other.txt", "other") == 0);
  CHECK("rename over an existing file replaces it", rename("other.txt", "dst.txt") == 0);
  CHECK("dst.txt now has other's content", file_is("dst.txt", "other"));
  CHECK("rename into a subdirectory", rename("dst.txt", "a/moved.txt") == 0);
  CHECK("a/moved.txt has the content", file_is("/sandbox/a/moved.txt", "other"));
  EXPECT_FAIL("rename a missing file", rename("nope.txt", "x.txt"));
  EXPECT_FAIL("rename a file over a directory", rename("g.txt", "a"));

  // rename of directories
  CHECK("mkdir d1", mkdir("d1", 0755) == 0);
  CHECK("create d1/inner.txt", make_file("d1/inner.txt", "inner") == 0);
  CHECK("rename d1 -> d2", rename("d1", "d2") == 0);
  CHECK("d2/inner.txt has the content", file_is("d2/inner.txt", "inner"));
  CHECK("mkdir empty", mkdir("empty", 0755) == 0);
  CHECK("rename a directory over an empty one", rename("d2", "empty") == 0);
  CHECK("empty/inner.txt has the content", file_is("empty/inner.txt", "inner"));
  CHECK("mkdir e2", mkdir("e2", 0755) == 0);
  EXPECT_FAIL("rename a directory over a non-empty one", rename("e2", "empty"));
  EXPECT_FAIL("rename a directory over a file", rename("e2", "g.txt"));
  EXPECT_FAIL("rename a directory into itself", rename("e2", "e2/inside"));

  // Clean up, leaving only what we expect.
  CHECK("unlink empty/inner.txt", unlink("empty/inner.txt") == 0);
  CHECK("rmdir empty", rmdir("empty") == 0);
  CHECK("rmdir e2", rmdir("e2") == 0);
  CHECK("unlink a/moved.txt", unlink("a/moved.txt") == 0);
  CHECK("rmdir a", rmdir("a") == 0);
  CHECK("unlink g.txt", unlink("g.txt") == 0);

  printf("failures: %d\n", zw_failures);
  return zw_failures == 0 ? 0 : 1;
}
