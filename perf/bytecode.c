// A switch-dispatched stack-machine interpreter (the shape of most scripting-language VMs)
// running a bytecode program: the total Collatz stopping time of every start value below N.
// The checksum mixes that total and the number of bytecode instructions executed; the VM's
// result is checked against the same computation written directly in C.
// bench-test-n: 3000
#include "bench.h"

enum Op {
  kPush,   // imm: push imm
  kLoad,   // reg: push r[reg]
  kStore,  // reg: pop into r[reg]
  kInc,    // reg: r[reg] += 1
  kAdd,
  kMul,
  kAnd,
  kShr,    // pop b, pop a, push a >> b (logical)
  kLess,   // pop b, pop a, push a < b
  kNotEq,
  kJump,         // target
  kJumpIfZero,   // target: pop, jump if zero
  kHalt,         // pop the result
};

enum Reg { kI, kN, kX, kSteps, kRegCount };

struct Program {
  int32_t code[256];
  int length;
};

static void emit(struct Program* p, int32_t word) { p->code[p->length++] = word; }
static void emit2(struct Program* p, enum Op op, int32_t operand) {
  emit(p, op);
  emit(p, operand);
}
// Emits a jump whose target is patched later; returns the operand's index.
static int emit_jump(struct Program* p, enum Op op) {
  emit2(p, op, -1);
  return p->length - 1;
}
static void patch(struct Program* p, int operand_index) { p->code[operand_index] = p->length; }

static void build_collatz(struct Program* p) {
  p->length = 0;
  emit2(p, kPush, 1);
  emit2(p, kStore, kI);
  int loop_i = p->length;
  emit2(p, kLoad, kI);
  emit2(p, kLoad, kN);
  emit(p, kLess);
  int to_end = emit_jump(p, kJumpIfZero);
  emit2(p, kLoad, kI);
  emit2(p, kStore, kX);
  int loop_x = p->length;
  emit2(p, kLoad, kX);
  emit2(p, kPush, 1);
  emit(p, kNotEq);
  int to_next_i = emit_jump(p, kJumpIfZero);
  emit2(p, kLoad, kX);
  emit2(p, kPush, 1);
  emit(p, kAnd);
  int to_even = emit_jump(p, kJumpIfZero);
  emit2(p, kLoad, kX);  // odd: x = 3x + 1
  emit2(p, kPush, 3);
  emit(p, kMul);
  emit2(p, kPush, 1);
  emit(p, kAdd);
  emit2(p, kStore, kX);
  int to_step = emit_jump(p, kJump);
  patch(p, to_even);  // even: x = x >> 1
  emit2(p, kLoad, kX);
  emit2(p, kPush, 1);
  emit(p, kShr);
  emit2(p, kStore, kX);
  patch(p, to_step);
  emit2(p, kInc, kSteps);
  emit2(p, kJump, loop_x);
  patch(p, to_next_i);
  emit2(p, kInc, kI);
  emit2(p, kJump, loop_i);
  patch(p, to_end);
  emit2(p, kLoad, kSteps);
  emit(p, kHalt);
}

// Runs the program with r[kN] = n; returns the halted value and counts executed instructions.
static uint64_t run(const struct Program* p, uint64_t n, uint64_t* executed) {
  uint64_t reg[kRegCount] = {0};
  uint64_t stack[16];
  int sp = 0;
  int pc = 0;
  uint64_t count = 0;
  reg[kN] = n;
  for (;;) {
    count++;
    int32_t op = p->code[pc++];
    switch (op) {
      case kPush: stack[sp++] = (uint64_t)(int64_t)p->code[pc++]; break;
      case kLoad: stack[sp++] = reg[p->code[pc++]]; break;
      case kStore: reg[p->code[pc++]] = stack[--sp]; break;
      case kInc: reg[p->code[pc++]]++; break;
      case kAdd: sp--; stack[sp - 1] += stack[sp]; break;
      case kMul: sp--; stack[sp - 1] *= stack[sp]; break;
      case kAnd: sp--; stack[sp - 1] &= stack[sp]; break;
      case kShr: sp--; stack[sp - 1] >>= (stack[sp] & 63); break;
      case kLess: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case kNotEq: sp--; stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
      case kJump: pc = p->code[pc]; break;
      case kJumpIfZero:
        if (stack[--sp] == 0) pc = p->code[pc];
        else pc++;
        break;
      case kHalt: *executed = count; return stack[--sp];
      default: bench_fail("bytecode", "bad opcode");
    }
  }
}

static uint64_t collatz_total_direct(uint64_t n) {
  uint64_t steps = 0;
  for (uint64_t i = 1; i < n; i++)
    for (uint64_t x = i; x != 1; steps++) x = (x & 1) ? 3 * x + 1 : x >> 1;
  return steps;
}

int main(int argc, char** argv) {
  long n = bench_size(argc, argv, 200000);
  struct Program program;
  build_collatz(&program);
  uint64_t executed = 0;
  // Stopping times of 1..9 are 0 1 7 2 5 8 16 3 19 (OEIS A006577): 61 in total.
  if (run(&program, 10, &executed) != 61) bench_fail("bytecode", "total for 1..9 != 61");
  if (run(&program, 1000, &executed) != collatz_total_direct(1000))
    bench_fail("bytecode", "VM differs from direct C");
  uint64_t total = run(&program, (uint64_t)n, &executed);
  bench_report("bytecode", n, bench_mix(bench_mix(BENCH_HASH_SEED, total), executed));
  return 0;
}
