# libFuzzer targets (issue 10): built only with -DZWASM_FUZZ=ON by clang, which
# scripts/fuzz.sh configures (every library with -fsanitize=fuzzer-no-link,address,undefined;
# the targets linked with -fsanitize=fuzzer). Each is one file here, fuzz-NAME.
option(ZWASM_FUZZ "build the libFuzzer targets of tests/fuzz (clang; see scripts/fuzz.sh)" OFF)
if(NOT ZWASM_FUZZ)
  return()
endif()
file(GLOB ZWASM_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
foreach(source ${ZWASM_FUZZ_SOURCES})
  get_filename_component(name ${source} NAME_WE)
  add_executable(fuzz-${name} ${source})
  target_link_libraries(fuzz-${name} PRIVATE zwasm_api)
  target_include_directories(fuzz-${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_options(fuzz-${name} PRIVATE -fsanitize=fuzzer)
endforeach()
