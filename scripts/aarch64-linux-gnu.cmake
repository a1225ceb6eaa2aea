# CMake toolchain for an aarch64 (ARM64) Linux build on an x86-64 Debian machine: Debian's cross
# compiler (g++-aarch64-linux-gnu) and the arm64 multiarch -dev packages (libasmjit-dev:arm64,
# libspdlog-dev:arm64). scripts/install-deps.sh --arm64 installs them; scripts/test-arm64.sh
# uses this file and runs what it built under qemu-aarch64 (CMAKE_CROSSCOMPILING_EMULATOR, so
# ctest starts every test binary through it).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Libraries and their CMake packages come from the arm64 multiarch folders only; programs (the
# host's clang and wat2wasm, which make the test inputs) from the host.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu/cmake)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
# No `-L /usr/aarch64-linux-gnu`: the programs then find the arm64 dynamic loader and libc of
# the multiarch libc6:arm64, a matching pair. With -L, qemu loads the cross sysroot's ld.so
# while that ld.so still finds the multiarch libc.so.6, two different builds of glibc whose
# private structures disagree: forked children looped forever in glibc's fork and threads never
# woke (the spec runner's job pool and `zwasm run --timeout` hung).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
