// Arguments and environment: echoes argv and environ exactly (empty strings, spaces, '=',
// non-ASCII UTF-8 included). With "--getenv NAME..." as the arguments it prints just those
// variables instead, for runs whose whole environment is the host's; with "--stdin" it echoes
// what it reads from stdin.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "--getenv") == 0) {
    for (int i = 2; i < argc; ++i) {
      const char* v = getenv(argv[i]);
      printf("%s %s\n", argv[i], v ? v : "is unset");
    }
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "--stdin") == 0) {
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf, stdin);
    printf("stdin: %zu bytes: [%.*s]\n", n, (int)n, buf);
    printf("then end of file: %s\n", fread(buf, 1, 1, stdin) == 0 && feof(stdin) ? "yes" : "no");
    return 0;
  }
  printf("argc: %d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]: [%s]\n", i, argv[i]);
  int n = 0;
  for (char** e = environ; *e; ++e) printf("environ[%d]: [%s]\n", n++, *e);
  printf("environ count: %d\n", n);
  return 0;
}
