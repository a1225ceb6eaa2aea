#!/usr/bin/env bash
# Installs zwasm's build and test dependencies from Debian packages. Idempotent: packages already
# present are skipped, so re-running costs one dpkg query.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libasmjit-dev libspdlog-dev doctest-dev   # build
  wabt clang lld wasi-libc libclang-rt-14-dev-wasm32   # test inputs (wat2wasm, C -> wasm32-wasi)
  python3                                   # CLI tests: checks `zwasm inspect --json` output
  time                                      # scripts/bench-wat: peak memory (GNU time -f %M)
)

# --arm64: also what the aarch64 cross build and its tests need (scripts/test-arm64.sh): Debian's
# cross compiler, qemu's user-mode emulator, and the arm64 builds of the libraries we link.
arm64=0
[ "${1:-}" = --arm64 ] && arm64=1
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ "$arm64" = 1 ]; then
  packages+=(g++-aarch64-linux-gnu qemu-user libc6:arm64 libasmjit-dev:arm64 libspdlog-dev:arm64)
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
    $SUDO apt-get update -qq
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
