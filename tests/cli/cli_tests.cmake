# Command-line tests of `zwasm`: every command, its --help, and bad input (missing and
# malformed files, unknown imports, traps, --invoke arguments, unknown options). Inputs are the
# small modules in tests/cli/wat, compiled by wabt's wat2wasm at build time, and byte strings
# written by the driver. Each case is one ctest test (`ctest -L cli`) run by expect.sh.
#
# Expected texts come from the documented CLI contract (README, `zwasm run --help`), wasmtime's
# conventions (exit status 134 on a trap) and, for byte offsets of bad modules, wabt's
# wasm-validate on the same bytes.

if(NOT WAT2WASM)
  message(STATUS "CLI tests: disabled (needs wabt's wat2wasm)")
  return()
endif()
find_program(ZWASM_BASH bash)
find_program(ZWASM_PYTHON3 python3)
if(NOT ZWASM_BASH)
  message(STATUS "CLI tests: disabled (needs bash)")
  return()
endif()

set(ZWASM_CLI_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(W ${PROJECT_BINARY_DIR}/tests/cli)  # the compiled inputs

set(ZWASM_CLI_WASMS)
foreach(name invoke trap start_trap unknown_import bad_wasi_type exit reactor no_start invalid hello
             spin grow deep)
  set(flags --debug-names)  # a name section, so backtraces show function names
  if(name STREQUAL "invalid")
    set(flags --no-check)  # deliberately invalid: wat2wasm must not reject it
  endif()
  add_custom_command(OUTPUT ${W}/${name}.wasm
    COMMAND ${CMAKE_COMMAND} -E make_directory ${W}
    COMMAND ${WAT2WASM} ${flags} ${ZWASM_CLI_TEST_DIR}/wat/${name}.wat -o ${W}/${name}.wasm
    DEPENDS ${ZWASM_CLI_TEST_DIR}/wat/${name}.wat VERBATIM)
  list(APPEND ZWASM_CLI_WASMS ${W}/${name}.wasm)
endforeach()
add_custom_target(cli-test-modules ALL DEPENDS ${ZWASM_CLI_WASMS})

# zwasm_cli_test(NAME [EXPECT checks...] ARGS zwasm arguments...)
# Each case runs twice with the same expectations: cli-NAME on the default engine, and
# cli-jit-NAME with ZWASM_ENGINE=jit (every function compiled; an explicit --engine wins).
function(zwasm_cli_test name)
  cmake_parse_arguments(PARSE_ARGV 1 T "" "" "EXPECT;ARGS")
  foreach(variant "" "jit")
    set(test_name cli-${name})
    if(variant)
      set(test_name cli-${variant}-${name})
    endif()
    add_test(NAME ${test_name}
      COMMAND ${ZWASM_BASH} ${ZWASM_CLI_TEST_DIR}/expect.sh ${T_EXPECT} -- ${ZWASM_FOR_TESTS} ${T_ARGS})
    set_tests_properties(${test_name} PROPERTIES TIMEOUT 60 LABELS cli)
    if(variant)
      set_tests_properties(${test_name} PROPERTIES ENVIRONMENT "ZWASM_ENGINE=${variant}")
    endif()
  endforeach()
endfunction()

# A module with one custom section "hello" holding 3 bytes ("abc"), written by the driver.
set(custom_module 0061736d01000000 00 09 05 68656c6c6f 616263)
string(REPLACE ";" "" custom_module "${custom_module}")
# ... and one whose custom section name needs escaping: a"b<newline>c<e-acute>, no data.
set(odd_name_module 0061736d01000000 00 08 07 6122620a63c3a9)
string(REPLACE ";" "" odd_name_module "${odd_name_module}")

# --- help and usage errors ---------------------------------------------------------------
zwasm_cli_test(help EXPECT --stdout-contains "usage: zwasm" --stdout-contains "inspect" --stderr-empty
               ARGS --help)
zwasm_cli_test(help-run EXPECT --stdout-contains "usage: zwasm run [options] module.wasm"
               --stdout-contains "--dir HOST[::GUEST]" --stdout-contains "134" --stderr-empty
               ARGS run --help)
zwasm_cli_test(help-validate EXPECT --stdout-contains "usage: zwasm validate" --stderr-empty
               ARGS validate --help)
zwasm_cli_test(help-inspect EXPECT --stdout-contains "usage: zwasm inspect [--json]" --stderr-empty
               ARGS inspect -h)
zwasm_cli_test(help-topic EXPECT --stdout-contains "usage: zwasm inspect" ARGS help inspect)
zwasm_cli_test(help-lists-version EXPECT --stdout-contains "  version " --stdout-contains "--version"
               ARGS --help)
# The version is the CMake project version, printed as one line.
zwasm_cli_test(version-option EXPECT --stdout "zwasm ${PROJECT_VERSION}\n" --stderr-empty ARGS --version)
zwasm_cli_test(version-command EXPECT --stdout "zwasm ${PROJECT_VERSION}\n" --stderr-empty ARGS version)
zwasm_cli_test(version-extra-argument EXPECT --status 1 --stdout-empty --stderr-lines 1
               --stderr "zwasm: version: unexpected argument 'now' (see zwasm version --help)\n"
               ARGS version now)
zwasm_cli_test(help-version EXPECT --stdout-contains "usage: zwasm version" --stderr-empty
               ARGS help version)
zwasm_cli_test(no-arguments EXPECT --status 1 --stdout-empty
               --stderr "zwasm: missing command (see zwasm --help)\n")
zwasm_cli_test(unknown-command EXPECT --status 1 --stderr-lines 1
               --stderr-contains "'frobnicate' is neither a command nor a module file" ARGS frobnicate)
zwasm_cli_test(implicit-run-missing-file EXPECT --status 1 --stderr-lines 1
               --stderr-contains "nothere.wasm: cannot open file: No such file or directory"
               ARGS nothere.wasm)
zwasm_cli_test(unknown-option EXPECT --status 1 --stderr-lines 1
               --stderr "zwasm: unknown option '--frob' (see zwasm --help)\n" ARGS --frob)
zwasm_cli_test(run-unknown-option EXPECT --status 1 --stderr-lines 1
               --stderr "zwasm: run: unknown option '--frob' (see zwasm run --help)\n"
               ARGS run --frob ${W}/hello.wasm)
zwasm_cli_test(inspect-unknown-option EXPECT --status 1 --stderr-lines 1
               --stderr-contains "inspect: unknown option '-x'" ARGS inspect -x ${W}/hello.wasm)
zwasm_cli_test(validate-extra-argument EXPECT --status 1 --stderr-lines 1
               --stderr-contains "unexpected argument 'more'" ARGS validate ${W}/hello.wasm more)
zwasm_cli_test(run-missing-module EXPECT --status 1
               --stderr "zwasm: run: missing module file (see zwasm run --help)\n" ARGS run)
zwasm_cli_test(run-missing-option-value EXPECT --status 1 --stderr-lines 1
               --stderr-contains "--invoke needs a function name" ARGS run --invoke)

# --- unreadable, malformed and invalid modules --------------------------------------------
foreach(cmd run validate inspect)
  zwasm_cli_test(${cmd}-missing-file EXPECT --status 1 --stdout-empty --stderr-lines 1
                 --stderr-contains "missing.wasm: cannot open file: No such file or directory"
                 ARGS ${cmd} @TMP@/missing.wasm)
endforeach()
zwasm_cli_test(run-directory EXPECT --status 1 --stderr-lines 1
               --stderr-contains ": cannot read module: is a directory" ARGS run ${W})
zwasm_cli_test(validate-empty-file EXPECT --file empty.wasm EMPTY --status 1 --stderr-lines 1
               --stderr-contains "(at byte offset 0)" ARGS validate @TMP@/empty.wasm)
zwasm_cli_test(validate-bad-magic EXPECT --file bad.wasm 0061736e01000000 --status 1 --stderr-lines 1
               --stderr-contains "magic header not detected" ARGS validate @TMP@/bad.wasm)
zwasm_cli_test(validate-bad-version EXPECT --file bad.wasm 0061736d02000000 --status 1
               --stderr-lines 1 --stderr-contains "unknown binary version" ARGS validate @TMP@/bad.wasm)
# A type section claiming 5 bytes where the file ends: wasm-validate reports offset 0xa too.
zwasm_cli_test(validate-truncated EXPECT --file cut.wasm 0061736d010000000105 --status 1
               --stderr-lines 1 --stderr-contains "(at byte offset 10)" ARGS validate @TMP@/cut.wasm)
# An i64 returned where the type says i32: wasm-validate reports offset 0x21 too.
zwasm_cli_test(validate-invalid EXPECT --status 1 --stdout-empty --stderr-lines 1
               --stderr-contains "type mismatch" --stderr-contains "(at byte offset 33)"
               ARGS validate ${W}/invalid.wasm)
zwasm_cli_test(run-invalid EXPECT --status 1 --stderr-lines 1 --stderr-contains "(at byte offset 33)"
               ARGS run ${W}/invalid.wasm)
zwasm_cli_test(inspect-invalid EXPECT --status 1 --stderr-lines 1 --stderr-contains "(at byte offset 33)"
               ARGS inspect ${W}/invalid.wasm)
# The text format, read by zwasm itself: "(module)\n"; "(module (func (i32.const)))" is an
# error at the ")" where the constant should be (line 1, column 25).
zwasm_cli_test(validate-text-format EXPECT --file m.wat 286d6f64756c65290a --stderr-empty
               --stdout-contains "m.wat: valid" ARGS validate @TMP@/m.wat)
zwasm_cli_test(validate-text-error EXPECT
               --file m.wat 286d6f64756c65202866756e6320286933322e636f6e73742929290a --status 1 --stderr-lines 1
               --stderr-contains "m.wat:1:25: " ARGS validate @TMP@/m.wat)
zwasm_cli_test(run-text EXPECT --stdout "5\n" --stderr-empty
               ARGS run --invoke add ${ZWASM_CLI_TEST_DIR}/wat/invoke.wat 2 3)
zwasm_cli_test(inspect-text-source EXPECT --stderr-empty --stdout-contains "name: calc"
               ARGS inspect ${ZWASM_CLI_TEST_DIR}/wat/invoke.wat)
zwasm_cli_test(wat2wasm-writes-a-module EXPECT --stderr-empty --stdout-empty
               ARGS wat2wasm ${ZWASM_CLI_TEST_DIR}/wat/invoke.wat -o @TMP@/invoke.wasm)
zwasm_cli_test(wat2wasm-refuses-an-invalid-module EXPECT --status 1 --stderr-lines 1
               --stderr-contains "type mismatch"
               ARGS wat2wasm ${ZWASM_CLI_TEST_DIR}/wat/invalid.wat -o @TMP@/invalid.wasm)
zwasm_cli_test(wat2wasm-no-check-writes-it-anyway EXPECT --stderr-empty
               ARGS wat2wasm --no-check ${ZWASM_CLI_TEST_DIR}/wat/invalid.wat -o @TMP@/invalid.wasm)
zwasm_cli_test(wast-passes EXPECT --stdout "10 passed, 0 failed, 0 skipped\n" --stderr-empty
               ARGS wast ${ZWASM_CLI_TEST_DIR}/wat/script.wast)
zwasm_cli_test(wast-reports-a-failing-command EXPECT --status 1
               --stdout-contains "script_fails.wast:4: assert_return: "
               --stdout-contains "2 passed, 1 failed, 0 skipped"
               ARGS wast ${ZWASM_CLI_TEST_DIR}/wat/script_fails.wast)
zwasm_cli_test(wast-missing-script EXPECT --status 1 --stderr-contains "wast: missing script file"
               ARGS wast)
zwasm_cli_test(help-wast EXPECT --stdout-contains "usage: zwasm wast" --stderr-empty
               ARGS wast --help)
zwasm_cli_test(help-wat2wasm EXPECT --stdout-contains "usage: zwasm wat2wasm" --stderr-empty
               ARGS wat2wasm --help)
zwasm_cli_test(validate-ok EXPECT --stdout "${W}/invoke.wasm: valid\n" --stderr-empty
               ARGS validate ${W}/invoke.wasm)

# --- inspect ------------------------------------------------------------------------------
zwasm_cli_test(inspect-text EXPECT --stderr-empty
               --stdout-contains "name: calc"
               --stdout-contains "types 8, functions 8 (0 imported), tables 1, memories 1, globals 2"
               --stdout-contains "exports (12):"
               --stdout-contains "[i32 i32] -> [i32]"
               --stdout-contains "[i32] -> [i32 i64]"
               --stdout-contains "pages min 1, max 2"
               --stdout-contains "funcref, min 2, no max"
               --stdout-contains "i32.const 7"
               --stdout-contains "f64.const 3.5"
               --stdout-contains "imports (0): none"
               ARGS inspect ${W}/invoke.wasm)
zwasm_cli_test(inspect-imports-text EXPECT
               --stdout-contains "wasi_snapshot_preview1  fd_write  [i32 i32 i32 i32] -> [i32]"
               ARGS inspect ${W}/hello.wasm)
zwasm_cli_test(inspect-escaped-name EXPECT --file odd.wasm ${odd_name_module}
               --stdout-contains "a\"b\\\\x0acé  0" ARGS inspect @TMP@/odd.wasm)
zwasm_cli_test(inspect-custom-section EXPECT --file custom.wasm ${custom_module}
               --stdout-contains "custom sections (1):" --stdout-contains "hello  3"
               ARGS inspect @TMP@/custom.wasm)
if(ZWASM_PYTHON3)
  zwasm_cli_test(inspect-json EXPECT --stderr-empty
    --json "d['module'].endswith('invoke.wasm') and d['name'] == 'calc'"
    --json "d['counts'] == {'types': 8, 'functions': 8, 'imported_functions': 0, 'tables': 1, 'memories': 1, 'globals': 2, 'element_segments': 0, 'data_segments': 0, 'custom_sections': 1}"
    --json "[e['name'] for e in d['exports']] == ['mem', 'tab', 'counter', 'pi', 'add', 'add64', 'half', 'fdiv', 'pair', 'nothing', 'takes_v128', 'null_ref']"
    --json "d['exports'][4] == {'name': 'add', 'kind': 'func', 'index': 0, 'type': {'params': ['i32', 'i32'], 'results': ['i32']}}"
    --json "d['exports'][8]['type'] == {'params': ['i32'], 'results': ['i32', 'i64']}"
    --json "d['exports'][0] == {'name': 'mem', 'kind': 'memory', 'index': 0, 'type': {'min': 1, 'max': 2}}"
    --json "d['exports'][1]['type'] == {'element': 'funcref', 'min': 2, 'max': None}"
    --json "d['exports'][2]['type'] == {'type': 'i32', 'mutable': True}"
    --json "d['memories'] == [{'index': 0, 'min': 1, 'max': 2, 'import': None}]"
    --json "d['globals'][0] == {'index': 0, 'type': 'i32', 'mutable': True, 'init': 'i32.const 7', 'import': None}"
    --json "d['globals'][1]['init'] == 'f64.const 3.5' and d['globals'][1]['mutable'] is False"
    --json "d['imports'] == [] and d['start'] is None and d['custom_sections'] == [{'name': 'name', 'size': d['custom_sections'][0]['size']}]"
    ARGS inspect --json ${W}/invoke.wasm)
  zwasm_cli_test(inspect-json-imports EXPECT
    --json "d['imports'] == [{'module': 'wasi_snapshot_preview1', 'name': 'fd_write', 'kind': 'func', 'index': 0, 'type': {'params': ['i32', 'i32', 'i32', 'i32'], 'results': ['i32']}}]"
    --json "d['counts']['imported_functions'] == 1 and d['counts']['functions'] == 2 and d['counts']['data_segments'] == 1"
    ARGS inspect ${W}/hello.wasm --json)
  zwasm_cli_test(inspect-json-start EXPECT
    --json "d['start'] == {'index': 0, 'name': 'init'}"
    ARGS inspect --json ${W}/start_trap.wasm)
  zwasm_cli_test(inspect-json-escaped-name EXPECT --file odd.wasm ${odd_name_module}
    --json "d['custom_sections'] == [{'name': 'a\"b\\nc\\u00e9', 'size': 0}]"
    ARGS inspect --json @TMP@/odd.wasm)
  zwasm_cli_test(inspect-json-custom-section EXPECT --file custom.wasm ${custom_module}
    --json "d['custom_sections'] == [{'name': 'hello', 'size': 3}] and d['name'] is None"
    ARGS inspect --json @TMP@/custom.wasm)
endif()

# --- run: WASI commands, exit statuses, traps, link errors ------------------------------------
zwasm_cli_test(run-hello EXPECT --stdout "hello\n" --stderr-empty ARGS run ${W}/hello.wasm)
zwasm_cli_test(run-implicit EXPECT --stdout "hello\n" --stderr-empty ARGS ${W}/hello.wasm)
zwasm_cli_test(run-implicit-with-options EXPECT --stdout "hello\n"
               ARGS --env A=1 --dir=${W}::/w ${W}/hello.wasm extra args)
zwasm_cli_test(run-exit-status EXPECT --status 5 --stdout-empty --stderr-empty ARGS run ${W}/exit.wasm)
zwasm_cli_test(run-exit-status-invalid EXPECT --status 134
               --stderr-contains "zwasm: wasm trap: exit with invalid exit status outside of [0..126)"
               ARGS run --invoke exit_big ${W}/exit.wasm)
zwasm_cli_test(run-trap EXPECT --status 134 --stdout-empty
               --stderr "zwasm: wasm trap: unreachable\nwasm backtrace:\n  0: inner\n  1: middle\n  2: _start\n"
               ARGS run ${W}/trap.wasm)
zwasm_cli_test(run-start-function-trap EXPECT --status 134
               --stderr "zwasm: wasm trap: unreachable\nwasm backtrace:\n  0: init\n"
               ARGS run ${W}/start_trap.wasm)
zwasm_cli_test(run-trap-divide EXPECT --status 134
               --stderr "zwasm: wasm trap: integer divide by zero\nwasm backtrace:\n  0: div\n"
               ARGS run --invoke div ${W}/trap.wasm 1 0)
zwasm_cli_test(run-trap-overflow EXPECT --status 134 --stderr-contains "zwasm: wasm trap: integer overflow"
               ARGS run --invoke div ${W}/trap.wasm -2147483648 -1)
# Deep recursion: the backtrace keeps its first 20 and last 10 frames (1 + 1 + 20 + 1 + 10 lines).
zwasm_cli_test(run-stack-exhausted EXPECT --status 134 --stderr-lines 33
               --stderr-contains "zwasm: wasm trap: call stack exhausted"
               --stderr-contains "  0: recurse\n" --stderr-contains "more frames ..."
               ARGS run --invoke recurse ${W}/trap.wasm)
zwasm_cli_test(run-unknown-import EXPECT --status 1 --stdout-empty
               --stderr "zwasm: ${W}/unknown_import.wasm: unknown import env.missing (func [i32] -> [i64])\n"
               ARGS run ${W}/unknown_import.wasm)
zwasm_cli_test(run-incompatible-import EXPECT --status 1 --stderr-lines 1
               --stderr-contains "wasi_snapshot_preview1.fd_write" ARGS run ${W}/bad_wasi_type.wasm)
zwasm_cli_test(run-no-start EXPECT --status 1 --stderr-lines 1
               --stderr-contains "no `_start` function export; use --invoke NAME" ARGS run ${W}/no_start.wasm)
zwasm_cli_test(run-reactor-initialize EXPECT --stdout "42\n" ARGS run --invoke get ${W}/reactor.wasm)
zwasm_cli_test(run-dir-missing EXPECT --status 1 --stderr-lines 1 --stderr-contains "no-such-dir"
               ARGS run --dir @TMP@/no-such-dir ${W}/hello.wasm)
zwasm_cli_test(run-dir-bad-spec EXPECT --status 1 --stderr-lines 1
               --stderr-contains "--dir '::guest' is not HOST or HOST::GUEST"
               ARGS run --dir ::guest ${W}/hello.wasm)
zwasm_cli_test(run-env-bad EXPECT --status 1 --stderr-lines 1 --stderr-contains "--env '=x' is not NAME=VALUE"
               ARGS run --env =x ${W}/hello.wasm)
zwasm_cli_test(run-engine-interp EXPECT --stdout "5\n" --stderr-empty
               ARGS run --engine interp --invoke add ${W}/invoke.wasm 2 3)
zwasm_cli_test(run-engine-jit EXPECT --stdout "5\n" --stderr-lines 0
               ARGS run --engine=jit --invoke add ${W}/invoke.wasm 2 3)
zwasm_cli_test(run-engine-auto-threshold EXPECT --stdout "5\n" --stderr-lines 0
               ARGS run --engine auto --jit-threshold 1 --invoke add ${W}/invoke.wasm 2 3)
zwasm_cli_test(run-jit-threshold-bad EXPECT --status 1 --stderr-lines 1
               --stderr-contains "--jit-threshold takes a positive number"
               ARGS run --jit-threshold 0 ${W}/hello.wasm)
if(ZWASM_JIT_BACKEND)
  set(compiled "1 compiled, 0 interpreted")
else()  # no JIT backend for this machine yet: the function falls back to the interpreter
  set(compiled "0 compiled, 1 interpreted")
endif()
zwasm_cli_test(run-stats EXPECT --stdout "5\n" --stderr-lines 1
               --stderr-contains "zwasm stats: engine jit; 1 functions run, ${compiled}"
               ARGS run --engine jit --stats --invoke add ${W}/invoke.wasm 2 3)
# --- limits: fuel and time (spin.wat loops forever, with and without calls) ----------------
zwasm_cli_test(run-fuel-ends-a-loop EXPECT --status 134 --stderr-contains "wasm trap: all fuel consumed"
               ARGS run --fuel 100000 --invoke spin ${W}/spin.wasm)
zwasm_cli_test(run-fuel-ends-calls EXPECT --status 134 --stderr-contains "wasm trap: all fuel consumed"
               ARGS run --fuel 100000 --invoke calls ${W}/spin.wasm)
zwasm_cli_test(run-fuel-enough EXPECT --stdout "5\n" --stderr-empty
               ARGS run --fuel 1000 --invoke add ${W}/invoke.wasm 2 3)
zwasm_cli_test(run-fuel-bad EXPECT --status 1 --stderr-lines 1 --stderr-contains "--fuel takes a number"
               ARGS run --fuel -5 ${W}/hello.wasm)
zwasm_cli_test(run-timeout-ends-a-loop EXPECT --status 134 --stderr-contains "wasm trap: interrupted"
               ARGS run --timeout 100 --invoke spin ${W}/spin.wasm)
zwasm_cli_test(run-timeout-ends-calls EXPECT --status 134 --stderr-contains "wasm trap: interrupted"
               ARGS run --timeout 100 --invoke calls ${W}/spin.wasm)
zwasm_cli_test(run-timeout-not-reached EXPECT --stdout "5\n" --stderr-empty
               ARGS run --timeout 60000 --invoke add ${W}/invoke.wasm 2 3)
zwasm_cli_test(run-timeout-bad EXPECT --status 1 --stderr-lines 1
               --stderr-contains "--timeout takes a positive number of milliseconds"
               ARGS run --timeout 0 ${W}/hello.wasm)
zwasm_cli_test(run-max-memory-allows EXPECT --stdout "1\n" --stderr-empty
               ARGS run --max-memory 196608 --invoke grow_memory ${W}/grow.wasm 2)
zwasm_cli_test(run-max-memory-refuses EXPECT --stdout "-1\n" --stderr-empty
               ARGS run --max-memory 196608 --invoke grow_memory ${W}/grow.wasm 3)
zwasm_cli_test(run-max-memory-below-start EXPECT --status 1 --stderr-lines 1
               --stderr-contains "a memory of 1 pages is beyond the limit of 1000 bytes"
               ARGS run --max-memory 1000 --invoke grow_memory ${W}/grow.wasm 0)
zwasm_cli_test(run-max-table-refuses EXPECT --stdout "-1\n" --stderr-empty
               ARGS run --max-table-elements 5 --invoke grow_table ${W}/grow.wasm 4)
zwasm_cli_test(run-max-table-allows EXPECT --stdout "2\n" --stderr-empty
               ARGS run --max-table-elements 5 --invoke grow_table ${W}/grow.wasm 3)
zwasm_cli_test(run-max-stack-ends-recursion EXPECT --status 134
               --stderr-contains "wasm trap: call stack exhausted"
               ARGS run --max-stack 65536 --invoke down ${W}/deep.wasm)
zwasm_cli_test(run-max-stack-bad EXPECT --status 1 --stderr-lines 1
               --stderr-contains "--max-stack takes a positive number of bytes"
               ARGS run --max-stack 1k ${W}/hello.wasm)
zwasm_cli_test(run-engine-bad EXPECT --status 1 --stderr-lines 1
               --stderr-contains "--engine takes interp, jit or auto" ARGS run --engine fast ${W}/hello.wasm)
zwasm_cli_test(verbose-info EXPECT --stdout "hello\n" --stderr-contains "[zwasm info]"
               ARGS -v run ${W}/hello.wasm)
zwasm_cli_test(verbose-debug EXPECT --stdout "hello\n" --stderr-contains "[zwasm debug]"
               ARGS run -vv ${W}/hello.wasm)
zwasm_cli_test(log-environment EXPECT --env ZWASM_LOG=debug --stdout "hello\n"
               --stderr-contains "[zwasm debug]" ARGS run ${W}/hello.wasm)

# --- --invoke: argument parsing and result printing -----------------------------------------
set(inv run --invoke)
zwasm_cli_test(invoke-add EXPECT --stdout "5\n" --stderr-empty ARGS ${inv} add ${W}/invoke.wasm 2 3)
zwasm_cli_test(invoke-hex-and-negative EXPECT --stdout "15\n" ARGS ${inv} add ${W}/invoke.wasm 0x10 -1)
zwasm_cli_test(invoke-i32-wraps EXPECT --stdout "-2147483648\n" ARGS ${inv} add ${W}/invoke.wasm 2147483647 1)
zwasm_cli_test(invoke-unsigned-i32 EXPECT --stdout "-1\n" ARGS ${inv} add ${W}/invoke.wasm 4294967295 0)
zwasm_cli_test(invoke-i64 EXPECT --stdout "9007199254740994\n" ARGS ${inv} add64 ${W}/invoke.wasm 9007199254740993 1)
zwasm_cli_test(invoke-f64 EXPECT --stdout "2.5\n" ARGS ${inv} half ${W}/invoke.wasm 5)
zwasm_cli_test(invoke-f32 EXPECT --stdout "0.333333343\n" ARGS ${inv} fdiv ${W}/invoke.wasm 1 3)
zwasm_cli_test(invoke-multiple-results EXPECT --stdout "21\n40\n" ARGS ${inv} pair ${W}/invoke.wasm 20)
zwasm_cli_test(invoke-no-results EXPECT --stdout-empty --stderr-empty ARGS ${inv} nothing ${W}/invoke.wasm)
zwasm_cli_test(invoke-null-externref EXPECT --stdout "1\n" ARGS ${inv} null_ref ${W}/invoke.wasm null)
zwasm_cli_test(invoke-dashdash EXPECT --stdout "3\n" ARGS ${inv} add ${W}/invoke.wasm -- 1 2)
zwasm_cli_test(invoke-negative-after-module EXPECT --stdout "-3\n" ARGS ${inv} add ${W}/invoke.wasm -5 2)
zwasm_cli_test(invoke-too-few-arguments EXPECT --status 1 --stdout-empty --stderr-lines 1
               --stderr-contains "takes 2 arguments ([i32 i32] -> [i32]), got 1"
               ARGS ${inv} add ${W}/invoke.wasm 1)
zwasm_cli_test(invoke-not-a-number EXPECT --status 1 --stderr-lines 1
               --stderr-contains "argument 1 'abc' is not a valid i32" ARGS ${inv} add ${W}/invoke.wasm 1 abc)
zwasm_cli_test(invoke-out-of-range EXPECT --status 1 --stderr-lines 1
               --stderr-contains "argument 0 '4294967296' is not a valid i32"
               ARGS ${inv} add ${W}/invoke.wasm 4294967296 1)
zwasm_cli_test(invoke-bad-float EXPECT --status 1 --stderr-lines 1
               --stderr-contains "argument 0 '1.5x' is not a valid f64" ARGS ${inv} half ${W}/invoke.wasm 1.5x)
zwasm_cli_test(invoke-v128-argument EXPECT --status 1 --stderr-lines 1
               --stderr-contains "v128, which cannot be given on the command line"
               ARGS ${inv} takes_v128 ${W}/invoke.wasm 0)
zwasm_cli_test(invoke-missing-export EXPECT --status 1 --stderr-lines 1
               --stderr-contains "no exported function 'nope'" ARGS ${inv} nope ${W}/invoke.wasm)
zwasm_cli_test(invoke-not-a-function EXPECT --status 1 --stderr-lines 1
               --stderr-contains "no exported function 'mem'" ARGS ${inv} mem ${W}/invoke.wasm)
