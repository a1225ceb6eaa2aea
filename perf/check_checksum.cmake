# ctest driver for one benchmark (see perf.cmake): runs NATIVE N, then `ZWASM run --stats WASM N`
# with the default engine, --engine interp, --engine jit and --engine auto --jit-threshold 50, and
# fails unless each prints the native run's checksum line, exits with status 0, and reports no
# slow-path fault (an access that faulted without trapping: a JIT performance cliff,
# codegen/README.md "Address folds").
#
#   cmake -DZWASM=... -DWASM=... -DNATIVE=... -DN=... -P check_checksum.cmake

foreach(var ZWASM WASM NATIVE N)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_checksum.cmake: -D${var}=... is missing")
  endif()
endforeach()

function(run_program label out)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 100)
  set(run_stderr "${stderr}" PARENT_SCOPE)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "${label}: exit status ${status}\n  command: ${ARGN}\n  stdout: ${stdout}\n  stderr: ${stderr}")
  endif()
  if(NOT stdout MATCHES "^[a-z0-9_]+ n=${N} checksum=[0-9a-f]+\n$")
    message(FATAL_ERROR "${label}: expected one checksum line, got:\n${stdout}\n  stderr: ${stderr}")
  endif()
  set(${out} "${stdout}" PARENT_SCOPE)
endfunction()

run_program(native expected ${NATIVE} ${N})
string(STRIP "${expected}" line)
message(STATUS "native:       ${line}")
# auto-50: tiered with a budget small enough that hot loops enter compiled code mid-run (OSR).
foreach(engine auto interp jit auto-50)
  set(flags --engine ${engine})
  if(engine STREQUAL "auto-50")
    set(flags --engine auto --jit-threshold 50)
  endif()
  run_program("zwasm ${flags}" actual ${ZWASM} run --stats ${flags} ${WASM} ${N})
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "zwasm --engine ${engine} printed\n  ${actual}but the native build printed\n  ${expected}")
  endif()
  if(NOT run_stderr MATCHES "; 0 slow-path faults, address folds switched off in 0 functions\n")
    message(FATAL_ERROR "zwasm --engine ${engine}: slow-path faults (or no stats line):\n  ${run_stderr}")
  endif()
  string(STRIP "${actual}" line)
  message(STATUS "zwasm ${engine}: ${line}")
endforeach()
