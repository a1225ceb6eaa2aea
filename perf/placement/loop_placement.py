#!/usr/bin/env python3
"""How the speed of matmul's inner loop depends on where the loop starts in its 64-byte window.

    perf/placement/loop_placement.py [--runs N] [--step BYTES]

Builds driver.c with the loop in assembly, once per variant and start offset (0, 4, ... 60
bytes into a 64-byte-aligned window, padded with nops before the loop), runs each build --runs
times and prints the median milliseconds: one row per offset, one column per variant, and the
count of instructions from the loop's start to the end of its first window. The variants are the
x86-64 JIT's code for the loop, as `ZWASM_LOG=trace zwasm run --engine jit perf/out/matmul.wasm`
printed it, before and after the wrapping-address fold (codegen/README.md, "Loop placement").
Needs cc (gcc or clang) and objdump. Nothing here is part of the build or the tests.
"""

import argparse
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The loop bodies (the label "1:" is the loop header, the back edge jumps there). Registers as the
# JIT allocated them: r14 memory base, r8 the c pointer, rsi the b pointer, r15 the counter,
# edi n, xmm3 a_ik.
LEA = """
1:  movsd xmm4, [r14+r8]
    movsd xmm5, [r14+rsi]
    movaps xmm0, xmm3
    mulsd xmm0, xmm5
    addsd xmm4, xmm0
    movsd [r14+r8], xmm4
    lea r10d, [r8+8]
    movsd xmm4, [r14+r10]
    lea eax, [rsi+8]
    movsd xmm5, [r14+rax]
    movaps xmm0, xmm3
    mulsd xmm0, xmm5
    addsd xmm4, xmm0
    movsd [r14+r10], xmm4
    add r8d, 16
    add esi, 16
    add r15d, 2
    cmp edi, r15d
    jne 1b
"""
VARIANTS = {
    # Commit 191bb8a: both i32.add's of the second element computed by a 32-bit lea.
    "lea": LEA,
    # The fold: b[j+1]'s address in the displacement (c[j+1]'s stays a lea: a local read twice).
    "folded": LEA.replace("    lea eax, [rsi+8]\n    movsd xmm5, [r14+rax]\n",
                          "    movsd xmm5, [r14+rsi+8]\n"),
}
assert VARIANTS["folded"] != LEA

TEMPLATE = """.intel_syntax noprefix
.section .note.GNU-stack,"",@progbits
.text
.globl inner
.p2align 6
inner:
    push r14
    push r15
    mov r14, rdi
    mov r8d, esi
    mov esi, edx
    mov edi, ecx
    movaps xmm3, xmm0
    xor r15d, r15d
    jmp 1f
.p2align 6
{padding}
{body}
    pop r15
    pop r14
    ret
"""


def first_window_count(obj: Path) -> int:
    """Instructions from the loop header (the back edge's target) to the end of its window."""
    text = subprocess.run(["objdump", "-d", str(obj)], check=True, capture_output=True,
                          text=True).stdout
    starts = [int(m.group(1), 16) for m in re.finditer(r"^\s+([0-9a-f]+):\t[0-9a-f]{2} ", text, re.M)]
    target = int(re.search(r"jne\s+([0-9a-f]+)", text).group(1), 16)
    return sum(1 for s in starts if target <= s < (target // 64 + 1) * 64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("offset | " + " | ".join(f"{v} ms | {v} in window" for v in VARIANTS))
        for pad in range(0, 64, args.step):
            cells = []
            for name, body in VARIANTS.items():
                asm = tmp / f"{name}{pad}.s"
                asm.write_text(TEMPLATE.format(padding=f".skip {pad}, 0x90" if pad else "", body=body))
                obj = tmp / f"{name}{pad}.o"
                exe = tmp / f"{name}{pad}"
                subprocess.run(["cc", "-c", str(asm), "-o", str(obj)], check=True)
                subprocess.run(["cc", "-O2", str(HERE / "driver.c"), str(obj), "-o", str(exe)],
                               check=True)
                times = [float(subprocess.run([str(exe)], check=True, capture_output=True,
                                              text=True).stdout.split()[0])
                         for _ in range(args.runs)]
                cells.append(f"{statistics.median(times):.0f} | {first_window_count(obj)}")
            print(f"{pad} | " + " | ".join(cells))


if __name__ == "__main__":
    main()
