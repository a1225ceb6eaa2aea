# ctest driver for one benchmark (see perf.cmake): runs NATIVE N, then `ZWASM run WASM N` with
# the default engine, --engine interp, --engine jit and --engine auto --jit-threshold 50, and
# fails unless each prints the native run's checksum line and exits with status 0.
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
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "${label}: exit status ${status}\n  command: ${ARGN}\n  stdout: ${stdout}\n  stderr: ${stderr}")
  endif()
  if(NOT stdout MATCHES "^[a-z0-9]+ n=${N} checksum=[0-9a-f]+\n$")
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
  run_program("zwasm ${flags}" actual ${ZWASM} run ${flags} ${WASM} ${N})
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "zwasm --engine ${engine} printed\n  ${actual}but the native build printed\n  ${expected}")
  endif()
  string(STRIP "${actual}" line)
  message(STATUS "zwasm ${engine}: ${line}")
endforeach()
