#!/usr/bin/env bash
# Builds everything in build-tests/ (Release, warnings as errors) and runs
# every test registered with CTest, including a short smoke run of the
# benchmarks. Exits non-zero when any step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

cmake -S . -B build-tests -DCMAKE_BUILD_TYPE=Release -DJISHIBAN_WERROR=ON \
  -DJISHIBAN_BUILD_TESTS=ON -DJISHIBAN_BUILD_CLI=ON \
  -DJISHIBAN_BUILD_BENCHMARKS=ON -DJISHIBAN_INSTALL=ON
cmake --build build-tests -j2
ctest --test-dir build-tests --output-on-failure --no-tests=error -j2
