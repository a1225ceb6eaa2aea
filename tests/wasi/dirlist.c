// Directory listing: create N files (and a subdirectory) in the preopen, list them with
// readdir, sort, and check every name appears exactly once with the right type. The count is
// large enough that fd_readdir needs several calls (wasi-libc reads 4 KiB at a time), so the
// cookie protocol is exercised, and listing twice (rewinddir) gives the same names.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

enum { kFiles = 300 };

static int compare_names(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// Reads every entry but "." and ".." into names (sorted); returns the count or -1.
static int list(DIR* dir, char** names, int capacity, int* saw_dot, int* saw_dotdot,
                int* subdir_is_dir) {
  int n = 0;
  struct dirent* e;
  errno = 0;
  while ((e = readdir(dir)) != NULL) {
    if (strcmp(e->d_name, ".") == 0) { ++*saw_dot; continue; }
    if (strcmp(e->d_name, "..") == 0) { ++*saw_dotdot; continue; }
    if (strcmp(e->d_name, "subdir") == 0) *subdir_is_dir = e->d_type == DT_DIR;
    if (n == capacity) return -1;
    names[n++] = strdup(e->d_name);
  }
  if (errno != 0) return -1;
  qsort(names, n, sizeof names[0], compare_names);
  return n;
}

int main(void) {
  char path[64];
  int created = 0;
  for (int i = 0; i < kFiles; ++i) {
    snprintf(path, sizeof path, "/sandbox/file-%03d.txt", i);
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
    if (fd >= 0 && write(fd, path, 5) == 5 && close(fd) == 0) ++created;
  }
  printf("created %d files\n", created);
  CHECK("mkdir subdir", mkdir("/sandbox/subdir", 0755) == 0);
  CHECK("file inside subdir", close(open("/sandbox/subdir/inner", O_CREAT | O_WRONLY, 0644)) == 0);

  DIR* dir = opendir("/sandbox");
  CHECK("opendir", dir != NULL);
  if (!dir) return 1;
  static char* names[kFiles + 10];
  int dot = 0, dotdot = 0, subdir_is_dir = 0;
  int n = list(dir, names, kFiles + 10, &dot, &dotdot, &subdir_is_dir);
  printf("entries besides . and ..: %d\n", n);
  CHECK("\".\" listed once", dot == 1);
  CHECK("\"..\" listed once", dotdot == 1);
  CHECK("subdir has type DT_DIR", subdir_is_dir);

  // Sorted, so duplicates are neighbours and file-000..file-299 come first, in order.
  int in_order = 1;
  for (int i = 0; i < kFiles && i < n; ++i) {
    snprintf(path, sizeof path, "file-%03d.txt", i);
    if (strcmp(names[i], path) != 0) in_order = 0;
  }
  CHECK("each file listed exactly once", n == kFiles + 1 && in_order);
  CHECK("then subdir", n == kFiles + 1 && strcmp(names[kFiles], "subdir") == 0);

  // A second pass after rewinddir sees the same entries.
  rewinddir(dir);
  static char* again[kFiles + 10];
  int dot2 = 0, dotdot2 = 0, sub2 = 0;
  int n2 = list(dir, again, kFiles + 10, &dot2, &dotdot2, &sub2);
  int same = n2 == n;
  for (int i = 0; same && i < n; ++i) same = strcmp(names[i], again[i]) == 0;
  CHECK("rewinddir lists the same entries", same);
  CHECK("closedir", closedir(dir) == 0);

  // The subdirectory lists its own file only.
  dir = opendir("/sandbox/subdir");
  int sub_dot = 0, sub_dotdot = 0, unused = 0;
  n = dir ? list(dir, names, kFiles + 10, &sub_dot, &sub_dotdot, &unused) : -1;
  CHECK("subdir lists one entry", n == 1 && strcmp(names[0], "inner") == 0);
  if (dir) closedir(dir);

  errno = 0;
  CHECK("opendir on a file fails with ENOTDIR",
        opendir("/sandbox/file-000.txt") == NULL && errno == ENOTDIR);
  errno = 0;
  CHECK("opendir on a missing path fails with ENOENT",
        opendir("/sandbox/nope") == NULL && errno == ENOENT);

  printf("failures: %d\n", zw_failures);
  return zw_failures == 0 ? 0 : 1;
}
