#!/usr/bin/env bash
# Builds test/cross/kernels.cc for x86-64 and arm64 (Debian's cross compiler, static) and runs
# the arm64 build under qemu-user: the two must print identical hashes. Needs the Debian packages
# g++-aarch64-linux-gnu and qemu-user (npm run test:arm64 installs nothing itself).
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
flags=(-std=c++17 -O3 -ffp-contract=off -pthread -static)
g++ "${flags[@]}" kernels.cc ../../native/gradient.cc -o "$out/kernels-x64"
aarch64-linux-gnu-g++ "${flags[@]}" kernels.cc ../../native/gradient.cc -o "$out/kernels-arm64"
file "$out/kernels-arm64" | grep -q "ARM aarch64"
"$out/kernels-x64" > "$out/x64.txt"
qemu-aarch64 "$out/kernels-arm64" > "$out/arm64.txt"
if diff -u "$out/x64.txt" "$out/arm64.txt"; then
  echo "arm64 (qemu) and x86-64 kernels: $(wc -l < "$out/x64.txt") results, identical bits"
else
  echo "arm64 and x86-64 kernels differ" >&2
  exit 1
fi
