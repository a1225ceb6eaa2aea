# The benchmark programs (perf/*.c), included from CMakeLists.txt. Each is built twice with
# clang -O2 from the same source, to wasm32-wasi (wasi-libc) and natively, into build/perf/.
# ctest runs each once at its tiny test size natively and under `zwasm run` (default engine and
# --engine interp) and requires the identical checksum line (perf/check_checksum.cmake).
# Timing is scripts/bench's job, never a test.
#
# Also here: zwasm-api-bench (perf/api_bench.cpp), the cost of the embedding API's call paths in
# ns per operation, built against the public API alone (it needs no clang); ctest runs it once
# with --quick (perf-api-smoke), which only checks its results.
#
# A program's header comments carry its build and test settings, also read by scripts/bench:
#   // bench-test-n: N           the problem size for these tests
#   // bench-flags: ...          extra clang flags for both builds
#   // bench-wasm-flags: ...     extra clang flags for the wasm build (-msimd128, -mbulk-memory)
#
# Needs clang with the wasm32 target, wasm-ld (lld), wasi-libc and the wasm32 compiler-rt
# builtins (Debian: clang lld wasi-libc libclang-rt-14-dev-wasm32, in scripts/install-deps.sh).
# Without them the programs and tests are left out.

set(ZWASM_PERF_DIR ${CMAKE_CURRENT_LIST_DIR})
set(ZWASM_PERF_OUT ${PROJECT_BINARY_DIR}/perf)

add_executable(zwasm-api-bench ${ZWASM_PERF_DIR}/api_bench.cpp)
target_link_libraries(zwasm-api-bench PRIVATE zwasm_api)
target_compile_definitions(zwasm-api-bench PRIVATE ZWASM_API_BENCH_BUILD_TYPE="$<CONFIG>")
add_test(NAME perf-api-smoke COMMAND zwasm-api-bench --quick)
set_tests_properties(perf-api-smoke PROPERTIES TIMEOUT 120 LABELS perf)

find_program(ZWASM_PERF_CLANG NAMES clang clang-14 clang-15 clang-16 clang-17 clang-18
             DOC "clang for the benchmark programs (wasm32-wasi and native)")
# Debian's wasi-libc sits in the multiarch folders under /usr; wasi-sdk style installs use a
# separate sysroot folder.
set(ZWASM_PERF_WASI_SYSROOT "" CACHE PATH "wasi-libc sysroot for the benchmarks (empty: detect)")
if(NOT ZWASM_PERF_WASI_SYSROOT)
  if(EXISTS /usr/lib/wasm32-wasi/libc.a)
    set(ZWASM_PERF_WASI_SYSROOT /usr)
  elseif(EXISTS /usr/share/wasi-sysroot/lib/wasm32-wasi/libc.a)
    set(ZWASM_PERF_WASI_SYSROOT /usr/share/wasi-sysroot)
  endif()
endif()

# The same flags as scripts/bench: keep the two in step. No FMA contraction, so floating-point
# results are the same bits on every target; --strip-debug drops wasi-libc's DWARF but keeps
# the name section for backtraces. The wasm programs are compiled to objects and linked without
# -O, so that clang does not run wasm-opt on them when binaryen happens to be installed.
set(ZWASM_PERF_COMMON_FLAGS -O2 -ffp-contract=off -Wall -Wextra)
set(ZWASM_PERF_WASM_FLAGS --target=wasm32-wasi ${ZWASM_PERF_COMMON_FLAGS} -Wl,--strip-debug)
set(ZWASM_PERF_WASM_CFLAGS --target=wasm32-wasi ${ZWASM_PERF_COMMON_FLAGS})
set(ZWASM_PERF_WASM_LDFLAGS --target=wasm32-wasi -Wl,--strip-debug)
if(ZWASM_PERF_WASI_SYSROOT)
  list(APPEND ZWASM_PERF_WASM_FLAGS --sysroot=${ZWASM_PERF_WASI_SYSROOT})
  list(APPEND ZWASM_PERF_WASM_CFLAGS --sysroot=${ZWASM_PERF_WASI_SYSROOT})
  list(APPEND ZWASM_PERF_WASM_LDFLAGS --sysroot=${ZWASM_PERF_WASI_SYSROOT})
endif()

# Configure-time probe: can this clang build and link both kinds of program?
set(ZWASM_PERF_ENABLED OFF)
if(ZWASM_PERF_CLANG)
  set(probe_dir ${PROJECT_BINARY_DIR}/CMakeFiles/zwasm-perf-probe)
  file(MAKE_DIRECTORY ${probe_dir})
  file(WRITE ${probe_dir}/probe.c "#include <stdio.h>\nint main(void) { puts(\"probe\"); return 0; }\n")
  execute_process(
    COMMAND ${ZWASM_PERF_CLANG} ${ZWASM_PERF_WASM_FLAGS} ${probe_dir}/probe.c -o ${probe_dir}/probe.wasm
    RESULT_VARIABLE wasm_probe ERROR_VARIABLE probe_error OUTPUT_QUIET)
  execute_process(
    COMMAND ${ZWASM_PERF_CLANG} ${ZWASM_PERF_COMMON_FLAGS} ${probe_dir}/probe.c -o ${probe_dir}/probe
    RESULT_VARIABLE native_probe ERROR_VARIABLE native_error OUTPUT_QUIET)
  if(wasm_probe EQUAL 0 AND native_probe EQUAL 0)
    set(ZWASM_PERF_ENABLED ON)
  else()
    string(STRIP "${probe_error}${native_error}" probe_error)
    message(STATUS "Benchmarks: disabled, ${ZWASM_PERF_CLANG} cannot build wasm32-wasi and native programs: ${probe_error}")
  endif()
else()
  message(STATUS "Benchmarks: disabled (needs clang)")
endif()
if(NOT ZWASM_PERF_ENABLED)
  return()
endif()
message(STATUS "Benchmarks: enabled (${ZWASM_PERF_CLANG}, wasi sysroot: ${ZWASM_PERF_WASI_SYSROOT})")

# Reads `// KEY: value` from a program's header comments into OUT (empty when absent).
function(zwasm_perf_setting source key out)
  file(STRINGS ${source} lines REGEX "^// ${key}:")
  set(value "")
  if(lines)
    list(GET lines 0 line)
    string(REGEX REPLACE "^// ${key}:[ ]*" "" value "${line}")
    separate_arguments(value UNIX_COMMAND "${value}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

file(GLOB ZWASM_PERF_SOURCES CONFIGURE_DEPENDS ${ZWASM_PERF_DIR}/*.c)
set(ZWASM_PERF_OUTPUTS)
foreach(source ${ZWASM_PERF_SOURCES})
  get_filename_component(name ${source} NAME_WE)
  zwasm_perf_setting(${source} bench-test-n test_n)
  zwasm_perf_setting(${source} bench-flags flags)
  zwasm_perf_setting(${source} bench-wasm-flags wasm_flags)
  if(NOT test_n)
    message(FATAL_ERROR "perf/${name}.c: no `// bench-test-n: N` line")
  endif()
  set(wasm ${ZWASM_PERF_OUT}/${name}.wasm)
  set(native ${ZWASM_PERF_OUT}/${name}.native)
  add_custom_command(OUTPUT ${wasm}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ZWASM_PERF_OUT}
    COMMAND ${ZWASM_PERF_CLANG} ${ZWASM_PERF_WASM_CFLAGS} ${flags} ${wasm_flags} -c ${source} -o ${wasm}.o
    COMMAND ${ZWASM_PERF_CLANG} ${ZWASM_PERF_WASM_LDFLAGS} ${wasm}.o -o ${wasm} -lm
    DEPENDS ${source} ${ZWASM_PERF_DIR}/bench.h
    COMMENT "Compiling benchmark ${name}.c to wasm32-wasi"
    VERBATIM)
  add_custom_command(OUTPUT ${native}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ZWASM_PERF_OUT}
    COMMAND ${ZWASM_PERF_CLANG} ${ZWASM_PERF_COMMON_FLAGS} ${flags} ${source} -o ${native} -lm
    DEPENDS ${source} ${ZWASM_PERF_DIR}/bench.h
    COMMENT "Compiling benchmark ${name}.c natively"
    VERBATIM)
  list(APPEND ZWASM_PERF_OUTPUTS ${wasm} ${native})

  add_test(NAME perf-${name}
    COMMAND ${CMAKE_COMMAND} -DZWASM=${ZWASM_FOR_TESTS} -DWASM=${wasm} -DNATIVE=${native}
            -DN=${test_n} -P ${ZWASM_PERF_DIR}/check_checksum.cmake)
  set_tests_properties(perf-${name} PROPERTIES TIMEOUT 120 LABELS perf)
endforeach()
add_custom_target(perf-programs ALL DEPENDS ${ZWASM_PERF_OUTPUTS})

# The text format's round trip over the programs: wabt's wasm2wat, `zwasm wat2wasm`, and
# wasm2wat again must print the same module (scripts/wat-roundtrip).
find_program(WASM2WAT wasm2wat)
if(WASM2WAT)
  set(perf_wasms)
  foreach(source ${ZWASM_PERF_SOURCES})
    get_filename_component(name ${source} NAME_WE)
    list(APPEND perf_wasms ${ZWASM_PERF_OUT}/${name}.wasm)
  endforeach()
  add_test(NAME wat-roundtrip-perf
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/wat-roundtrip ${ZWASM_FOR_TESTS} ${perf_wasms})
  set_tests_properties(wat-roundtrip-perf PROPERTIES LABELS perf PASS_REGULAR_EXPRESSION
                       "wat round trip: [1-9][0-9]* same, 0 differ")
endif()
