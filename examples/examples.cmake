# The embedding example (examples/embed.cpp) and its ctest test. Included from CMakeLists.txt.
#
# The example is compiled against the public header only: zwasm_api exports include/ and
# nothing else, so an internal header slipping into <zwasm/zwasm.h> fails this build.

add_executable(zwasm-embed ${PROJECT_SOURCE_DIR}/examples/embed.cpp)
target_link_libraries(zwasm-embed PRIVATE zwasm_api)

if(WAT2WASM)
  # fib.wasm and embed.wasm come from the examples/*.wat rule in CMakeLists.txt.
  add_dependencies(zwasm-embed examples)
  add_test(NAME example-embed COMMAND zwasm-embed ${PROJECT_BINARY_DIR}/examples)
  # The whole expected output: ctest ignores the exit status when a pass regex is set, so the
  # final "done" line (printed only on success) is part of the match.
  set(ZWASM_EMBED_EXPECTED
    "^fib\\.wasm exports fib: func \\[i32\\] -> \\[i32\\]\n"
    "fib\\(35\\) = 9227465\n"
    "fib\\(20\\) = 6765\n"
    "guest says: hello from wasm\n"
    "greet\\(\\) = 1\n"
    "counter = 1\n"
    "guest says: hello from wasm\n"
    "after counter = 41, greet\\(\\) = 42\n"
    "memory: 1 page\\(s\\), 65536 bytes\n"
    "sum_bytes\\(1024, 5\\) = 15\n"
    "load<uint32_t>\\(2048\\) = 0xc0ffee\n"
    "load<uint64_t>\\(size - 4\\): out of bounds memory access: 8 bytes at offset 65532, "
    "memory size 65536\n"
    "done\n$")
  string(CONCAT ZWASM_EMBED_EXPECTED ${ZWASM_EMBED_EXPECTED})
  set_tests_properties(example-embed PROPERTIES PASS_REGULAR_EXPRESSION "${ZWASM_EMBED_EXPECTED}")
endif()
