#!/usr/bin/env bash
# The C test suite under AddressSanitizer + UndefinedBehaviorSanitizer: every tests/c/test_*.c is
# compiled with -fsanitize=address,undefined (the C side; liblivechat is the normal debug build,
# whose allocations ASan still sees through its malloc interception, so a double free, a use after
# free or a leak of a string the library handed out is caught) and run natively against a fresh
# emulator, with leak detection on. tests/c/run.sh calls it after the valgrind pass (LC_ASAN=0
# there skips it); it also runs on its own.
#
# Sizes here (the sanitizers cost little, valgrind much): test_hostile_input runs
# LC_ASAN_HOSTILE_ITERATIONS (default 20,000) inputs, test_soak LC_ASAN_SOAK_CALLS (default
# 10,000) calls, test_concurrency 1,000 calls.
set -euo pipefail
started=$(date +%s)
# shellcheck source=tests/c/common.sh
. "$(dirname "$0")/common.sh"

step "Compiling the C tests with -fsanitize=address,undefined"
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -fno-omit-frame-pointer
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -Iinclude -Itests/c)
ldflags=(-fsanitize=address,undefined -L"$libdir" -llivechat -lpthread -Wl,-rpath,"$libdir")
compile_tests

start_emulator

# Leaks and every sanitizer report fail the test; reports name the file and line.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=23:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

step "Running the C tests under AddressSanitizer and UBSan"
passed=0
failed=0
for name in "${tests[@]}"; do
  t0=$(date +%s)
  extra=()
  case "$name" in
    test_concurrency) extra=(LC_TEST_CONCURRENCY=1000) ;;
    test_hostile_input) extra=(LC_HOSTILE_ITERATIONS="${LC_ASAN_HOSTILE_ITERATIONS:-20000}") ;;
    # ASan keeps freed memory in quarantine: RSS is not the client's here.
    test_soak) extra=(LC_SOAK_CALLS="${LC_ASAN_SOAK_CALLS:-10000}" LC_SOAK_RSS=0) ;;
  esac
  if env ${extra[@]+"${extra[@]}"} "$work/$name" >"$work/$name.out" 2>&1; then
    passed=$((passed + 1)); echo "    ok   $name (asan, $(( $(date +%s) - t0 )) s)"
    grep -E '^(soak|[0-9]+ hostile)' "$work/$name.out" | sed 's/^/         /' || true
  else
    failed=$((failed + 1)); echo "    FAIL $name (asan)"; tail -n 60 "$work/$name.out"
  fi
done

printf '\nC tests under ASan/UBSan: %d s\n' "$(( $(date +%s) - started ))"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
