// proc_exit: the status given to exit() becomes zwasm's exit status, and stdio buffers are
// flushed first (wasi-libc's exit runs atexit handlers, then calls proc_exit).
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

static void at_exit(void) { printf("atexit handler ran\n"); }

int main(int argc, char** argv) {
  atexit(at_exit);
  printf("before exit\n");  // still buffered when exit() is called
  if (argc > 1 && argv[1][0] == 'r') {
    // The raw call: no atexit handlers, no flush.
    fflush(stdout);
    __wasi_proc_exit(3);
  }
  exit(argc > 1 ? atoi(argv[1]) : 42);
}
