#!/usr/bin/env bash
# Installs the Debian packages needed to build jishiban and run its tests and
# benchmarks. Runs apt-get only when a package is missing, so a second run
# changes nothing. Needs root when it installs.
set -euo pipefail

packages=(
  cmake
  g++
  make
  libboost-date-time-dev
  nlohmann-json3-dev
  libgtest-dev
  libgmock-dev
  libbenchmark-dev
  libsqlite3-dev
  # The Python package: pybind11, Debian's Python headers, pytest, and numpy
  # for the batch calendar functions over datetime64 arrays.
  pybind11-dev
  python3-pybind11
  python3-dev
  python3-pytest
  python3-numpy
  # The fuzz target of the C ABI: clang with libFuzzer and the sanitizers.
  clang
  libclang-rt-14-dev
  # The rendering test of the HTML report: a headless browser, and a small
  # font with the Chinese characters. Debian 12 lists it at 5 MB installed,
  # fonts-wqy-zenhei at 16 MB and fonts-noto-cjk at 91 MB.
  chromium
  fonts-wqy-microhei
)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)"
  if [[ "$status" != ii* ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: missing packages: ${missing[*]}"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-deps: error: installing packages needs root. Run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
