# End-to-end WASI tests: C programs compiled to wasm32-wasi at build time with clang and
# wasi-libc, each run by `zwasm run` through run_wasi_test.sh (a fresh sandbox per test, stdout
# and exit status compared with expected/NAME.expected, the host outside the sandbox checked
# untouched afterwards).
#
# Needs clang with the wasm32 target, wasm-ld (lld), wasi-libc and the wasm32 compiler-rt
# builtins (Debian: clang lld wasi-libc libclang-rt-14-dev-wasm32; scripts/install-deps.sh
# installs them). Without them the tests are left out and everything else still builds.

set(ZWASM_WASI_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(ZWASM_WASI_TEST_OUT ${PROJECT_BINARY_DIR}/tests/wasi)

find_program(ZWASM_WASI_CLANG NAMES clang clang-14 clang-15 clang-16 clang-17 clang-18
             DOC "clang able to target wasm32-wasi, for the WASI test programs")
find_program(ZWASM_BASH bash)
# Debian's wasi-libc lives in the multiarch folders clang already searches; upstream wasi-sdk
# style installs use a sysroot folder.
set(ZWASM_WASI_SYSROOT "" CACHE PATH "wasi-libc sysroot for the WASI tests (empty: clang's default)")
if(NOT ZWASM_WASI_SYSROOT AND EXISTS /usr/share/wasi-sysroot/include)
  set(ZWASM_WASI_SYSROOT /usr/share/wasi-sysroot)
endif()
# Compiled to an object, then linked without -O: when optimising, clang's link step runs
# wasm-opt if one is on PATH (Debian's binaryen), which drops the name section that the trap
# tests' backtraces read. What the tests see must not depend on what else is installed.
set(ZWASM_WASI_CFLAGS --target=wasm32-wasi -O2 -Wall -Wextra)
set(ZWASM_WASI_LDFLAGS --target=wasm32-wasi)
if(ZWASM_WASI_SYSROOT)
  list(APPEND ZWASM_WASI_CFLAGS --sysroot=${ZWASM_WASI_SYSROOT})
  list(APPEND ZWASM_WASI_LDFLAGS --sysroot=${ZWASM_WASI_SYSROOT})
endif()

# Configure-time probe: can this clang build and link a wasm32-wasi program?
set(ZWASM_WASI_TESTS_ENABLED OFF)
if(ZWASM_WASI_CLANG AND ZWASM_BASH)
  set(probe_dir ${PROJECT_BINARY_DIR}/CMakeFiles/zwasm-wasi-probe)
  file(MAKE_DIRECTORY ${probe_dir})
  file(WRITE ${probe_dir}/probe.c
       "#include <stdio.h>\nint main(void) { printf(\"probe\\n\"); return 0; }\n")
  execute_process(
    COMMAND ${ZWASM_WASI_CLANG} ${ZWASM_WASI_CFLAGS} ${probe_dir}/probe.c -o ${probe_dir}/probe.wasm
    RESULT_VARIABLE probe_result OUTPUT_QUIET ERROR_VARIABLE probe_error)
  if(probe_result EQUAL 0)
    set(ZWASM_WASI_TESTS_ENABLED ON)
  else()
    string(STRIP "${probe_error}" probe_error)
    message(STATUS "WASI tests: disabled, ${ZWASM_WASI_CLANG} cannot build wasm32-wasi programs: ${probe_error}")
  endif()
else()
  message(STATUS "WASI tests: disabled (needs clang and bash)")
endif()

if(ZWASM_WASI_TESTS_ENABLED)
  message(STATUS "WASI tests: enabled (${ZWASM_WASI_CLANG} --target=wasm32-wasi)")

  set(ZWASM_WASI_PROGRAMS argsenv clocks dirlist exit fileio fsops preopens random sandbox sleep trap)
  set(ZWASM_WASI_PROGRAM_FILES)
  foreach(program ${ZWASM_WASI_PROGRAMS})
    set(out ${ZWASM_WASI_TEST_OUT}/${program}.wasm)
    add_custom_command(OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${ZWASM_WASI_TEST_OUT}
      COMMAND ${ZWASM_WASI_CLANG} ${ZWASM_WASI_CFLAGS} -c ${ZWASM_WASI_TEST_DIR}/${program}.c -o ${out}.o
      COMMAND ${ZWASM_WASI_CLANG} ${ZWASM_WASI_LDFLAGS} ${out}.o -o ${out}
      DEPENDS ${ZWASM_WASI_TEST_DIR}/${program}.c ${ZWASM_WASI_TEST_DIR}/common.h
      COMMENT "Compiling WASI test program ${program}.c to wasm32-wasi"
      VERBATIM)
    list(APPEND ZWASM_WASI_PROGRAM_FILES ${out})
  endforeach()
  add_custom_target(wasi-test-programs ALL DEPENDS ${ZWASM_WASI_PROGRAM_FILES})

  # zwasm_wasi_test(NAME PROGRAM EXPECTED [DRIVER opts...] [RUN opts...] [ARGS guest args...]
  #                 [ENV VAR=VALUE...])
  # RUN options go to `zwasm run` before the module; @SANDBOX@ is the test's fresh preopen.
  # Each program runs twice, with the same expectations: wasi-NAME on the default engine and
  # wasi-jit-NAME with --engine jit (the interpreter is the oracle for the JIT).
  function(zwasm_wasi_test name program expected)
    cmake_parse_arguments(PARSE_ARGV 3 T "" "" "DRIVER;RUN;ARGS;ENV")
    foreach(variant "" "jit")
      set(test_name wasi-${name})
      set(engine)
      if(variant)
        set(test_name wasi-${variant}-${name})
        set(engine --engine ${variant})
      endif()
      add_test(NAME ${test_name}
        COMMAND ${ZWASM_BASH} ${ZWASM_WASI_TEST_DIR}/run_wasi_test.sh ${T_DRIVER}
                ${ZWASM_FOR_TESTS} ${ZWASM_WASI_TEST_OUT}/${program}.wasm
                ${ZWASM_WASI_TEST_DIR}/expected/${expected}.expected ${engine} ${T_RUN} -- ${T_ARGS})
      set_tests_properties(${test_name} PROPERTIES TIMEOUT 60 LABELS wasi)
      if(T_ENV)
        set_tests_properties(${test_name} PROPERTIES ENVIRONMENT "${T_ENV}")
      endif()
    endforeach()
  endfunction()

  set(sandbox --dir @SANDBOX@::/sandbox)
  zwasm_wasi_test(fileio fileio fileio RUN ${sandbox})
  zwasm_wasi_test(dirlist dirlist dirlist RUN ${sandbox})
  zwasm_wasi_test(fsops fsops fsops RUN ${sandbox})
  zwasm_wasi_test(clocks clocks clocks)
  zwasm_wasi_test(random random random)
  zwasm_wasi_test(sleep sleep sleep)
  zwasm_wasi_test(argsenv argsenv argsenv
    RUN --env A=1 --env B=x=y --env EMPTY= "--env=SP=a b"
    ARGS "hello world" @EMPTY@ "ünïcödé" --dir --)
  # Nothing of the host's environment reaches the guest unless asked for.
  zwasm_wasi_test(argsenv-empty argsenv argsenv-empty
    ENV ZWASM_TEST_INHERITED=yes)
  zwasm_wasi_test(env-inherit argsenv env-inherit
    RUN --inherit-env --env ZWASM_TEST_OVERRIDE=given
    ARGS --getenv ZWASM_TEST_INHERITED ZWASM_TEST_OVERRIDE ZWASM_TEST_UNSET
    ENV ZWASM_TEST_INHERITED=yes ZWASM_TEST_OVERRIDE=host)
  zwasm_wasi_test(env-passthrough argsenv env-passthrough
    RUN --env ZWASM_TEST_INHERITED --env ZWASM_TEST_UNSET
    ARGS --getenv ZWASM_TEST_INHERITED ZWASM_TEST_OVERRIDE
    ENV ZWASM_TEST_INHERITED=yes ZWASM_TEST_OVERRIDE=host)
  zwasm_wasi_test(stdin argsenv stdin DRIVER --stdin "hello from stdin" ARGS --stdin)
  zwasm_wasi_test(preopens preopens preopens RUN --dir @SANDBOX@ --dir @OUTSIDE@::/data)
  zwasm_wasi_test(exit-42 exit exit-42)
  zwasm_wasi_test(exit-0 exit exit-0 ARGS 0)
  zwasm_wasi_test(exit-raw exit exit-raw ARGS raw)
  zwasm_wasi_test(trap-abort trap trap ARGS abort
    DRIVER --stderr-contains "zwasm: wasm trap: unreachable"
           --stderr-contains "wasm backtrace:" --stderr-contains ": abort")
  zwasm_wasi_test(trap-null-call trap trap ARGS null-call
    DRIVER --stderr-contains "zwasm: wasm trap: uninitialized element")
  zwasm_wasi_test(trap-divide trap trap ARGS divide
    DRIVER --stderr-contains "zwasm: wasm trap: integer divide by zero"
           --stderr-contains "  0: divide")
  zwasm_wasi_test(sandbox sandbox sandbox DRIVER --host-symlinks RUN ${sandbox} ARGS @TOKEN@)
endif()
