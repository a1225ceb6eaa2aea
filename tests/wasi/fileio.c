// File I/O inside a preopen (guest path /sandbox): create, write, read back, seek, stat,
// truncate, append, pread/pwrite, and the errors of misuse (EBADF, EISDIR, EEXIST, ENOENT).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common.h"

static const char kText[] = "hello, sandbox\n";  // 15 bytes

int main(void) {
  char buf[64];

  int fd = open("/sandbox/data.txt", O_CREAT | O_EXCL | O_RDWR, 0644);
  CHECK("create", fd >= 0);
  CHECK("write 15 bytes", write(fd, kText, 15) == 15);
  CHECK("offset after write is 15", lseek(fd, 0, SEEK_CUR) == 15);
  CHECK("seek to start", lseek(fd, 0, SEEK_SET) == 0);
  memset(buf, 0, sizeof buf);
  CHECK("read back 15 bytes", read(fd, buf, sizeof buf) == 15);
  CHECK("content matches", memcmp(buf, kText, 15) == 0);
  CHECK("read at end returns 0", read(fd, buf, sizeof buf) == 0);

  // Seek relative to the end and the current position.
  CHECK("seek end-6", lseek(fd, -6, SEEK_END) == 9);
  memset(buf, 0, sizeof buf);
  CHECK("read after seek", read(fd, buf, 5) == 5 && memcmp(buf, "ndbox", 5) == 0);
  CHECK("seek cur-3", lseek(fd, -3, SEEK_CUR) == 11);
  errno = 0;
  CHECK("seek before start fails with EINVAL", lseek(fd, -100, SEEK_SET) < 0 && errno == EINVAL);

  struct stat st;
  CHECK("fstat", fstat(fd, &st) == 0);
  CHECK("fstat: regular file", S_ISREG(st.st_mode));
  CHECK("fstat: size 15", st.st_size == 15);
  CHECK("fstat: one link", st.st_nlink == 1);

  // Truncate down and up: growing fills with zeros (POSIX ftruncate).
  CHECK("ftruncate to 5", ftruncate(fd, 5) == 0);
  CHECK("size now 5", fstat(fd, &st) == 0 && st.st_size == 5);
  CHECK("ftruncate to 10", ftruncate(fd, 10) == 0);
  memset(buf, 'x', sizeof buf);
  CHECK("pread 10 bytes", pread(fd, buf, 10, 0) == 10);
  CHECK("grown part reads as zeros", memcmp(buf, "hello\0\0\0\0\0", 10) == 0);

  // pwrite does not move the file offset.
  off_t before = lseek(fd, 0, SEEK_CUR);
  CHECK("pwrite at 7", pwrite(fd, "XY", 2, 7) == 2);
  CHECK("pwrite keeps the offset", lseek(fd, 0, SEEK_CUR) == before);
  CHECK("pread sees pwrite", pread(fd, buf, 2, 7) == 2 && memcmp(buf, "XY", 2) == 0);

  // Scatter/gather.
  struct iovec iov[2] = {{(void*)"ab", 2}, {(void*)"cde", 3}};
  CHECK("seek to 0 for writev", lseek(fd, 0, SEEK_SET) == 0);
  CHECK("writev 5 bytes", writev(fd, iov, 2) == 5);
  char a[2], b[3];
  struct iovec riov[2] = {{a, 2}, {b, 3}};
  CHECK("readv 5 bytes", lseek(fd, 0, SEEK_SET) == 0 && readv(fd, riov, 2) == 5);
  CHECK("readv content", memcmp(a, "ab", 2) == 0 && memcmp(b, "cde", 3) == 0);
  CHECK("close", close(fd) == 0);
  errno = 0;
  CHECK("read on closed fd fails with EBADF", read(fd, buf, 1) < 0 && errno == EBADF);

  // Append mode writes at the end whatever the offset.
  fd = open("/sandbox/data.txt", O_WRONLY | O_APPEND);
  CHECK("open for append", fd >= 0);
  CHECK("append 3 bytes", write(fd, "END", 3) == 3);
  CHECK("close appended", close(fd) == 0);
  CHECK("stat by path", stat("/sandbox/data.txt", &st) == 0 && st.st_size == 13);

  // O_TRUNC empties an existing file.
  fd = open("/sandbox/data.txt", O_RDWR | O_TRUNC);
  CHECK("open with O_TRUNC", fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
  close(fd);

  errno = 0;
  CHECK("O_EXCL on an existing file fails with EEXIST",
        open("/sandbox/data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 && errno == EEXIST);
  errno = 0;
  CHECK("opening a missing file fails with ENOENT",
        open("/sandbox/missing.txt", O_RDONLY) < 0 && errno == ENOENT);
  errno = 0;
  CHECK("opening a directory for writing fails with EISDIR",
        open("/sandbox", O_WRONLY) < 0 && errno == EISDIR);

  // stdio on top of it all.
  FILE* f = fopen("/sandbox/lines.txt", "w");
  CHECK("fopen for writing", f != NULL);
  for (int i = 0; i < 100; ++i) fprintf(f, "line %d\n", i);
  CHECK("fclose", fclose(f) == 0);
  f = fopen("/sandbox/lines.txt", "r");
  int count = 0, last = -1;
  char line[32];
  while (f && fgets(line, sizeof line, f)) {
    ++count;
    sscanf(line, "line %d", &last);
  }
  CHECK("read 100 lines back", count == 100 && last == 99);
  if (f) fclose(f);

  printf("failures: %d\n", zw_failures);
  return zw_failures == 0 ? 0 : 1;
}
