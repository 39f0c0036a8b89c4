#!/usr/bin/env bash
# The C test suite: builds liblivechat and the emulator, checks the header compiles as C and
# C++, compiles every tests/c/test_*.c with -std=c11 -Wall -Wextra -Werror -pedantic, runs each
# against a fresh emulator (under valgrind when it is installed, or LC_VALGRIND=1; LC_VALGRIND=0
# turns it off), then installs the library into temporary prefixes with ffi-c/install.sh (stripped,
# and with split debug info), checks the SONAME, the versioned file and its symlinks, and builds
# and runs examples/quickstart.c through pkg-config, linked shared and static. Exits non-zero on any failure.
#
# test_concurrency (1,000 concurrent async calls) runs natively at full size and, under
# valgrind, with LC_TEST_CONCURRENCY=${LC_VALGRIND_CONCURRENCY:-1000} to keep the run short.
# test_soak (50,000 async calls, 256 in flight; RSS must stay flat) runs natively only: its
# leak check is the AddressSanitizer pass (LC_VALGRIND_SOAK_CALLS=N adds N calls under valgrind).
# test_hostile_input runs 1,500 inputs under valgrind, 3,000 natively. test_fork runs natively
# only (valgrind misreads a forked child's inherited runtime memory as lost).
# test_callback_frees_context runs 5,000 calls per target natively and
# LC_VALGRIND_CALLBACK_CALLS (default 300) under valgrind. test_sigpipe (50 MB and 9 MB bodies
# written to servers that close; SIGPIPE at its default action) runs 20 rounds natively, and
# under valgrind only its 9 MB uploads, LC_VALGRIND_SIGPIPE_ROUNDS (default 2) rounds (a 50 MB
# body takes minutes there).
# Then tests/c/asan.sh runs the whole suite again under AddressSanitizer + UBSan (LC_ASAN=0
# skips that pass).
set -euo pipefail
started=$(date +%s)
# shellcheck source=tests/c/common.sh
. "$(dirname "$0")/common.sh"

valgrind_on=0
case "${LC_VALGRIND:-auto}" in
  0) ;;
  1)
    if ! command -v valgrind >/dev/null; then
      (apt-get install -y valgrind >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && apt-get install -y valgrind >/dev/null 2>&1; }) || true
    fi
    command -v valgrind >/dev/null || { echo "LC_VALGRIND=1 but valgrind is missing" >&2; exit 1; }
    valgrind_on=1 ;;
  *) command -v valgrind >/dev/null && valgrind_on=1 ;;
esac

step "Header compiles as C11 and as C++"
cc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c include/livechat.h
g++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ include/livechat.h

step "Compiling the C tests"
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -g -Iinclude -Itests/c)
ldflags=(-L"$libdir" -llivechat -lpthread -Wl,-rpath,"$libdir")
compile_tests

start_emulator

passed=0
failed=0
run_test() { # name, then extra env assignments
  local name=$1; shift
  local t0; t0=$(date +%s)
  local -a cmd=("$work/$name")
  local how=native
  if [ "$valgrind_on" = 1 ] && [ "${LC_TEST_NO_VALGRIND:-}" != 1 ]; then
    cmd=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
         --show-leak-kinds=definite --num-callers=30 "${cmd[@]}")
    how=valgrind
  fi
  if env "$@" "${cmd[@]}"; then
    passed=$((passed + 1)); echo "    ok   $name ($how, $(( $(date +%s) - t0 )) s)"
  else
    failed=$((failed + 1)); echo "    FAIL $name ($how)"
  fi
}

step "Running the C tests"
for name in "${tests[@]}"; do
  if [ "$name" = test_concurrency ]; then
    LC_TEST_NO_VALGRIND=1 run_test "$name" LC_TEST_CONCURRENCY=1000
    if [ "$valgrind_on" = 1 ]; then
      run_test "$name" LC_TEST_CONCURRENCY="${LC_VALGRIND_CONCURRENCY:-1000}"
    fi
  elif [ "$name" = test_soak ]; then
    LC_TEST_NO_VALGRIND=1 run_test "$name" LC_SOAK_CALLS="${LC_SOAK_CALLS:-50000}"
    if [ "$valgrind_on" = 1 ] && [ "${LC_VALGRIND_SOAK_CALLS:-0}" -gt 0 ]; then
      run_test "$name" LC_SOAK_CALLS="$LC_VALGRIND_SOAK_CALLS" LC_SOAK_INFLIGHT=64 LC_SOAK_RSS=0
    fi
  elif [ "$name" = test_fork ]; then
    # Natively only: in a forked child valgrind counts the memory of the parent's runtime threads
    # (which do not exist in the child) as definitely lost and turns the child's exit code into
    # an error. The ASan pass runs it too.
    LC_TEST_NO_VALGRIND=1 run_test "$name"
  elif [ "$name" = test_callback_frees_context ]; then
    if [ "$valgrind_on" = 1 ]; then
      run_test "$name" LC_CALLBACK_CALLS="${LC_VALGRIND_CALLBACK_CALLS:-300}"
    else
      run_test "$name"
    fi
  elif [ "$name" = test_sigpipe ]; then
    LC_TEST_NO_VALGRIND=1 run_test "$name"
    if [ "$valgrind_on" = 1 ]; then
      run_test "$name" LC_SIGPIPE_ROUNDS="${LC_VALGRIND_SIGPIPE_ROUNDS:-2}" \
        LC_SIGPIPE_ONLY="9 MB upload"
    fi
  elif [ "$name" = test_hostile_input ]; then
    if [ "$valgrind_on" = 1 ]; then
      run_test "$name" LC_HOSTILE_ITERATIONS=1500
    else
      run_test "$name" LC_HOSTILE_ITERATIONS=3000
    fi
  else
    run_test "$name"
  fi
done

step "Installing into temporary prefixes; building examples/quickstart.c with pkg-config"
# Packaging checks, each counted as a test: the SONAME, the versioned file and its symlinks, the
# stripped and split installs, and the quickstart linked shared and static through pkg-config.
pkg_check() { # name, then a command that succeeds when the check holds
  local name=$1; shift
  if "$@"; then
    passed=$((passed + 1)); echo "    ok   $name"
  else
    failed=$((failed + 1)); echo "    FAIL $name"
  fi
}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
real="liblivechat.so.${version%%[-+]*}"
prefix="$work/prefix"
split="$work/prefix-split"
ffi-c/install.sh --prefix "$prefix" --profile debug --no-build >/dev/null
ffi-c/install.sh --prefix "$split" --profile debug --no-build --debuginfo split >/dev/null
soname_is() { readelf -d "$1" | grep -q 'SONAME.*\[liblivechat\.so\.0\]'; }
symlinks() {
  [ -f "$prefix/lib/$real" ] && [ ! -L "$prefix/lib/$real" ] &&
    [ "$(readlink "$prefix/lib/liblivechat.so.0")" = "$real" ] &&
    [ "$(readlink "$prefix/lib/liblivechat.so")" = liblivechat.so.0 ]
}
stripped() { ! readelf -S "$1" | grep -qE '\.symtab|\.debug_info'; }
no_debug_in_archive() { ! readelf -S "$1" 2>/dev/null | grep -q '\.debug_info'; }
split_ok() {
  stripped "$split/lib/$real" && readelf -S "$split/lib/$real" | grep -q '\.gnu_debuglink' &&
    readelf -S "$split/lib/debug/$real.debug" | grep -q '\.debug_info'
}
pkg_check "SONAME of the built library" soname_is "$libdir/liblivechat.so"
pkg_check "SONAME of the installed library" soname_is "$prefix/lib/$real"
pkg_check "$real with the .so.0 and .so symlinks" symlinks
pkg_check "installed shared library is stripped" stripped "$prefix/lib/$real"
pkg_check "installed static library has no debug info" no_debug_in_archive "$prefix/lib/liblivechat.a"
pkg_check "--debuginfo split: stripped, .gnu_debuglink, debug file" split_ok

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
static_libs=$(pkg-config --static --libs livechat)
has_private() { local l; for l in -lpthread -ldl -lm -lrt; do [[ " $static_libs " == *" $l "* ]] || return 1; done; }
pkg_check "pkg-config --static --libs has Libs.private ($static_libs)" has_private
run_quickstart() { # binary
  LD_LIBRARY_PATH="$prefix/lib" LIVECHAT_API_URL="$LC_TEST_URL" LIVECHAT_TOKEN="$LC_TEST_TOKEN" \
    "$1" >"$1.out" 2>&1 || { cat "$1.out"; return 1; }
}
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -pedantic examples/quickstart.c -o "$work/quickstart" \
  $(pkg-config --cflags --libs livechat)
needs_so0() { readelf -d "$work/quickstart" | grep -q 'NEEDED.*\[liblivechat\.so\.0\]'; }
pkg_check "quickstart (shared) records liblivechat.so.0" needs_so0
pkg_check "quickstart (shared) runs" run_quickstart "$work/quickstart"
# Static: the archive itself, and the system libraries pkg-config --static adds for it.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -pedantic examples/quickstart.c -o "$work/quickstart-static" \
  $(pkg-config --cflags livechat) "$(pkg-config --variable=libdir livechat)/liblivechat.a" \
  $(pkg-config --static --libs-only-l livechat | sed 's/-llivechat//')
no_so() { ! readelf -d "$work/quickstart-static" | grep -q 'NEEDED.*liblivechat'; }
pkg_check "quickstart (static) does not load liblivechat.so" no_so
pkg_check "quickstart (static) runs" run_quickstart "$work/quickstart-static"

printf '\nC tests: %d s, valgrind %s\n' "$(( $(date +%s) - started ))" \
  "$([ "$valgrind_on" = 1 ] && echo on || echo off)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

if [ "${LC_ASAN:-1}" != 0 ]; then
  step "The same tests under AddressSanitizer + UBSan (tests/c/asan.sh)"
  tests/c/asan.sh
fi
