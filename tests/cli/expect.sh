#!/usr/bin/env bash
# Runs one command and checks its exit status and output: the driver of the CLI tests.
#
#   expect.sh [checks...] -- COMMAND [ARGS...]
#
# Checks (any number, all must hold; TEXT may use printf %b escapes: \n, \t, \\, \xHH):
#   --status N               the exit status is N (default: 0)
#   --stdout TEXT            stdout is exactly TEXT
#   --stderr TEXT            stderr is exactly TEXT
#   --stdout-contains TEXT   stdout contains TEXT (literally)
#   --stderr-contains TEXT   stderr contains TEXT (literally)
#   --stdout-empty, --stderr-empty
#   --stderr-lines N         stderr has exactly N lines (errors are one clear line)
#   --json PYTHON_EXPR       stdout parses as JSON (Python's json module, RFC 8259) and the
#                            expression (taken as is), with the document bound to `d`, is true
# Setup:
#   --file NAME HEX          before running, write the bytes HEX (EMPTY: none) to NAME in a
#                            scratch folder; @TMP@ in COMMAND and ARGS is that folder
#   --stdin TEXT             feed TEXT to stdin (default: empty)
#   --env NAME=VALUE         set an environment variable for the command
set -uo pipefail

expected_status=0
checks=()
files=()
stdin_text=""
envs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --status) expected_status="$2"; shift 2 ;;
    --stdout|--stderr|--stdout-contains|--stderr-contains|--stderr-lines|--json)
      checks+=("$1" "$2"); shift 2 ;;
    --stdout-empty|--stderr-empty) checks+=("$1" ""); shift ;;
    --file) files+=("$2" "$3"); shift 3 ;;
    --stdin) stdin_text="$2"; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    *) echo "expect.sh: unknown check $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
  echo "usage: $0 [checks...] -- COMMAND [ARGS...]" >&2
  exit 2
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/zwasm-cli.XXXXXX")" || exit 2
trap 'rm -rf "$scratch"' EXIT
for ((i = 0; i < ${#files[@]}; i += 2)); do
  hex="${files[i + 1]}"
  [ "$hex" = EMPTY ] && hex=""
  bytes=""
  for ((k = 0; k < ${#hex}; k += 2)); do bytes+="\\x${hex:k:2}"; done
  printf "$bytes" > "$scratch/${files[i]}"
done
command=()
for word in "$@"; do command+=("${word//@TMP@/$scratch}"); done

printf '%b' "$stdin_text" |
  env "${envs[@]}" "${command[@]}" > "$scratch/.stdout" 2> "$scratch/.stderr"
status=$?

failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
[ "$status" = "$expected_status" ] || fail "exit status $status, expected $expected_status"
stdout="$(cat "$scratch/.stdout"; printf x)"; stdout="${stdout%x}"
stderr="$(cat "$scratch/.stderr"; printf x)"; stderr="${stderr%x}"
for ((i = 0; i < ${#checks[@]}; i += 2)); do
  check="${checks[i]}"
  raw="${checks[i + 1]}"
  text="$(printf '%b' "$raw"; printf x)"; text="${text%x}"
  case "$check" in
    --stdout) [ "$stdout" = "$text" ] || fail "stdout is not exactly: $text" ;;
    --stderr) [ "$stderr" = "$text" ] || fail "stderr is not exactly: $text" ;;
    --stdout-contains) [[ "$stdout" == *"$text"* ]] || fail "stdout does not contain: $text" ;;
    --stderr-contains) [[ "$stderr" == *"$text"* ]] || fail "stderr does not contain: $text" ;;
    --stdout-empty) [ -z "$stdout" ] || fail "stdout is not empty" ;;
    --stderr-empty) [ -z "$stderr" ] || fail "stderr is not empty" ;;
    --stderr-lines)
      lines="$(printf '%s' "$stderr" | grep -c '')"
      [ "$lines" = "$text" ] || fail "stderr has $lines lines, expected $text" ;;
    --json)
      if ! python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$scratch/.stdout" "$raw"; then
        fail "stdout is not JSON satisfying: $text"
      fi ;;
  esac
done

if [ "$failed" = 1 ]; then
  echo "--- command: ${command[*]}"
  echo "--- exit status: $status"
  echo "--- stdout:"; head -c 4000 "$scratch/.stdout"
  echo "--- stderr:"; head -c 4000 "$scratch/.stderr"
fi
exit "$failed"
