// Traps: abort() (wasi-libc implements it as `unreachable`), a null-function call through a
// table, and an integer division by zero. zwasm reports the trap and exits with status 134.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fn_t)(int);
volatile fn_t null_fn = 0;
volatile int zero = 0;

__attribute__((noinline)) int divide(int a, int b) { return a / b; }

int main(int argc, char** argv) {
  printf("before the trap\n");
  fflush(stdout);
  const char* kind = argc > 1 ? argv[1] : "abort";
  if (strcmp(kind, "abort") == 0) abort();
  if (strcmp(kind, "null-call") == 0) return null_fn(1);
  if (strcmp(kind, "divide") == 0) return divide(1, zero);
  printf("unknown kind\n");
  return 0;
}
