#!/usr/bin/env bash
# Configures and builds a separate build tree of the project (the
# CMakeLists.txt beside this script) with the given compilers and flags,
# then runs a command in it. CTest runs it for the sanitizer build of the
# C ABI test program and for the libFuzzer target.
#
#   build_and_run.sh --build DIR --cc CC --cxx CXX --flags FLAGS
#       [--link-flags FLAGS] [--cmake CMAKE] [--generator NAME] [--define NAME=VALUE]...
#       [--target TARGET]... [--skip-without-compiler] -- COMMAND [ARG]...
#
# --flags go to the C and C++ compiler, --link-flags to the linker of
# executables and shared libraries. The tree is reused between runs, so a second run rebuilds only what
# changed. Builds run with 2 jobs at most. COMMAND runs in DIR.
#
# Exit status: that of COMMAND; 1 when configuring or building fails, 2
# for wrong arguments, and 77 when --skip-without-compiler is given and
# CC or CXX is not installed (CTest reports the test as skipped).
set -euo pipefail

build_dir=""
cc=""
cxx=""
flags=""
link_flags=""
cmake_program="cmake"
generator=""
skip_without_compiler=0
defines=()
targets=()

usage() {
  echo "usage: $0 --build DIR --cc CC --cxx CXX --flags FLAGS [--link-flags FLAGS] [--cmake CMAKE] [--generator NAME]" \
       "[--define NAME=VALUE]... [--target TARGET]... [--skip-without-compiler] -- COMMAND [ARG]..." >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build_dir="$2"; shift 2 ;;
    --cc) cc="$2"; shift 2 ;;
    --cxx) cxx="$2"; shift 2 ;;
    --flags) flags="$2"; shift 2 ;;
    --link-flags) link_flags="$2"; shift 2 ;;
    --cmake) cmake_program="$2"; shift 2 ;;
    --generator) generator="$2"; shift 2 ;;
    --define) defines+=("-D$2"); shift 2 ;;
    --target) targets+=(--target "$2"); shift 2 ;;
    --skip-without-compiler) skip_without_compiler=1; shift ;;
    --) shift; break ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
if [[ -z "$build_dir" || -z "$cc" || -z "$cxx" || $# -eq 0 ]]; then
  usage
fi

for compiler in "$cc" "$cxx"; do
  if ! command -v "$compiler" > /dev/null; then
    if [[ $skip_without_compiler -eq 1 ]]; then
      echo "skipped: the compiler $compiler is not installed (Debian package clang)"
      exit 77
    fi
    echo "the compiler $compiler is not installed" >&2
    exit 1
  fi
done

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
generator_arguments=()
if [[ -n "$generator" ]]; then
  generator_arguments=(-G "$generator")
fi

mkdir -p "$build_dir"
configure_log="$build_dir/configure.log"
build_log="$build_dir/build.log"
start=$SECONDS
echo "configuring $build_dir with $cc / $cxx, flags: $flags"
"$cmake_program" -S "$source_dir" -B "$build_dir" "${generator_arguments[@]}" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE= -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$link_flags" -DCMAKE_SHARED_LINKER_FLAGS="$link_flags" \
  "${defines[@]}" > "$configure_log" 2>&1 || {
    cat "$configure_log" >&2
    echo "configuring $build_dir failed" >&2
    exit 1
  }
"$cmake_program" --build "$build_dir" -j 2 "${targets[@]}" > "$build_log" 2>&1 || {
  tail -n 80 "$build_log" >&2
  echo "building $build_dir failed; the whole log is $build_log" >&2
  exit 1
}
echo "configured and built in $((SECONDS - start)) s"

cd "$build_dir"
start=$SECONDS
status=0
"$@" || status=$?
echo "ran in $((SECONDS - start)) s, exit status $status"
exit $status
