#!/usr/bin/env bash
# Runs one WASI test program under `zwasm run` in a fresh sandbox and checks what it did.
#
#   run_wasi_test.sh [driver options] ZWASM PROGRAM.wasm EXPECTED [run options] [-- guest args]
#
# Driver options:
#   --host-symlinks         before the run, make host symlinks inside the sandbox that lead out
#                           of it: host_root_link -> /, host_outside_link -> ../outside,
#                           host_abs_outside_link -> <absolute path of outside>
#   --stdin TEXT            feed TEXT to the guest's stdin (default: empty stdin)
#   --stderr-contains TEXT  stderr must contain TEXT (repeatable)
#
# Each run gets a new work folder holding `sandbox/` (empty unless --host-symlinks) and
# `outside/secret.txt`. In run options and guest args, @SANDBOX@ and @OUTSIDE@ stand for those
# two host paths and @TOKEN@ for a random word (guests name escape attempts with it, so the
# driver can look for files it must not find). The guest's stdout, with those host paths and
# the program's path written back as @SANDBOX@, @OUTSIDE@ and @PROGRAM@, followed by a line
# "exit status: N" must equal EXPECTED exactly. Afterwards everything outside the sandbox must
# be as it was: same entries, same file contents, no file named after the token.
#
# ZWASM_WASI_RUNNER replaces "ZWASM run" with another runner taking the same options, e.g.
# "node tests/wasi/node_wasi_run.mjs" to check a program against node's WASI.
set -uo pipefail

host_symlinks=0
stdin_text=""
stderr_patterns=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host-symlinks) host_symlinks=1; shift ;;
    --stdin) stdin_text="$2"; shift 2 ;;
    --stderr-contains) stderr_patterns+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 3 ]; then
  echo "usage: $0 [driver options] ZWASM PROGRAM.wasm EXPECTED [run options] [-- guest args]" >&2
  exit 2
fi
zwasm="$1" program="$2" expected="$3"
shift 3

work="$(mktemp -d "${TMPDIR:-/tmp}/zwasm-wasi.XXXXXX")" || exit 2
cleanup() { [ "${ZWASM_KEEP_WORK:-0}" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
sandbox="$work/sandbox"
outside="$work/outside"
token="zwasm-escape-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$sandbox" "$outside"
echo "the guest must never read or change this" > "$outside/secret.txt"
if [ "$host_symlinks" = 1 ]; then
  ln -s / "$sandbox/host_root_link"
  ln -s ../outside "$sandbox/host_outside_link"
  ln -s "$outside" "$sandbox/host_abs_outside_link"
fi

substitute() {
  local s="$1"
  [ "$s" = "@EMPTY@" ] && s=""  # an empty argument, which CMake lists cannot carry
  s="${s//@SANDBOX@/$sandbox}"
  s="${s//@OUTSIDE@/$outside}"
  s="${s//@TOKEN@/$token}"
  printf '%s' "$s"
}

run_options=()
guest_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do run_options+=("$(substitute "$1")"); shift; done
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do guest_args+=("$(substitute "$1")"); shift; done

# Everything under the work folder except the sandbox: paths, types, link targets, checksums.
# (captured/ holds the driver's own files.)
snapshot_outside() {
  local skip=(\( -path ./sandbox -o -path ./captured \) -prune -o)
  (cd "$work" && find . "${skip[@]}" -printf '%p %y %l\n' | sort
   find . "${skip[@]}" -type f -exec md5sum {} + | sort)
}
before="$(snapshot_outside)"

if [ -n "${ZWASM_WASI_RUNNER:-}" ]; then
  read -r -a runner <<< "$ZWASM_WASI_RUNNER"
else
  runner=("$zwasm" run)
fi
mkdir "$work/captured"
stdout_file="$work/captured/stdout" stderr_file="$work/captured/stderr"
printf '%s' "$stdin_text" | (cd "$work" && "${runner[@]}" "${run_options[@]}" "$program" -- \
  "${guest_args[@]}" > "$stdout_file" 2> "$stderr_file")
status=$?
# Host paths vary from run to run: the expected files name them @PROGRAM@, @SANDBOX@ and
# @OUTSIDE@ (bash's ${var//"$literal"/...} replaces literally).
while IFS= read -r line || [ -n "$line" ]; do
  line="${line//"$program"/@PROGRAM@}"
  line="${line//"$sandbox"/@SANDBOX@}"
  line="${line//"$outside"/@OUTSIDE@}"
  printf '%s\n' "$line"
done < "$stdout_file" > "$stdout_file.generic"
echo "exit status: $status" >> "$stdout_file.generic"
stdout_file="$stdout_file.generic"

failed=0
if ! diff -u "$expected" "$stdout_file" > "$work/captured/diff"; then
  echo "FAIL: stdout + exit status differ from $expected:"
  cat "$work/captured/diff"
  failed=1
fi
for pattern in "${stderr_patterns[@]}"; do
  if ! grep -qF -- "$pattern" "$stderr_file"; then
    echo "FAIL: stderr does not contain: $pattern"
    failed=1
  fi
done
after="$(snapshot_outside)"
if [ "$before" != "$after" ]; then
  echo "FAIL: the host tree outside the sandbox changed:"
  diff <(printf '%s\n' "$before") <(printf '%s\n' "$after")
  failed=1
fi
escaped="$(find "$(dirname "$work")" /tmp -maxdepth 3 -name "*$token*" 2>/dev/null | sort -u)"
if [ -n "$escaped" ]; then
  echo "FAIL: the guest created files outside the sandbox:"
  echo "$escaped"
  failed=1
  # They carry this run's random token, so removing them touches nothing else.
  while IFS= read -r path; do rm -rf -- "$path"; done <<< "$escaped"
fi
if [ "$failed" = 1 ] || [ -s "$stderr_file" ]; then
  echo "--- stderr:"
  cat "$stderr_file"
fi
if [ "$failed" = 1 ] && [ -z "${ZWASM_WASI_RUNNER:-}" ]; then
  echo "--- command: ${runner[*]} ${run_options[*]} $program -- ${guest_args[*]}"
fi
exit "$failed"
