// N-queens: counts every placement of N non-attacking queens by backtracking over arrays of
// occupied columns and diagonals (branchy code, small array loads and stores).
// bench-test-n: 10
#include "bench.h"

enum { kMaxN = 20 };

struct Board {
  int n;
  uint8_t column[kMaxN];
  uint8_t rising[2 * kMaxN];   // row + col
  uint8_t falling[2 * kMaxN];  // row - col + n
};

static uint64_t place(struct Board* board, int row) {
  if (row == board->n) return 1;
  uint64_t solutions = 0;
  for (int col = 0; col < board->n; col++) {
    int up = row + col, down = row - col + board->n;
    if (board->column[col] || board->rising[up] || board->falling[down]) continue;
    board->column[col] = board->rising[up] = board->falling[down] = 1;
    solutions += place(board, row + 1);
    board->column[col] = board->rising[up] = board->falling[down] = 0;
  }
  return solutions;
}

static uint64_t count_solutions(int n) {
  struct Board board;
  memset(&board, 0, sizeof board);
  board.n = n;
  return place(&board, 0);
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 13);
  if (n > kMaxN) bench_fail("nqueens", "N is at most 20");
  // OEIS A000170.
  static const uint64_t known[] = {1, 1, 0, 0, 2, 10, 4, 40, 92, 352, 724, 2680, 14200, 73712};
  if (count_solutions(8) != 92) bench_fail("nqueens", "8 queens != 92");
  uint64_t solutions = count_solutions((int)n);
  if (n < 14 && solutions != known[n]) bench_fail("nqueens", "count differs from OEIS A000170");
  bench_report("nqueens", n, solutions);
  return 0;
}
