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
cd "$(dirname "$0")/../.."
root=$PWD
started=$(date +%s)
ulimit -n 8192 2>/dev/null || true
step() { printf '\n==> %s\n' "$*"; }

cargo build -p livechat-c --locked --quiet
cargo build -p livechat-emulator --locked --quiet
libdir="${CARGO_TARGET_DIR:-$root/target}/debug"

work=$(mktemp -d)
emu_pid=""
cleanup() {
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step "Compiling the C tests with -fsanitize=address,undefined"
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -fno-omit-frame-pointer
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -Iinclude -Itests/c)
ldflags=(-fsanitize=address,undefined -L"$libdir" -llivechat -lpthread -Wl,-rpath,"$libdir")
tests=()
for src in tests/c/test_*.c; do
  name=$(basename "$src" .c)
  cc "${cflags[@]}" "$src" -o "$work/$name" "${ldflags[@]}"
  tests+=("$name")
done

step "Starting the emulator"
"${CARGO_TARGET_DIR:-$root/target}/debug/livechat-emulator" --port 0 \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emu_pid=$!
for _ in $(seq 1 200); do
  [ -s "$work/emulator.out" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.err" >&2; exit 1; }
  sleep 0.05
done
line=$(head -n 1 "$work/emulator.out")
field() { printf '%s' "$line" | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
export LC_TEST_URL; LC_TEST_URL=$(field url)
export LC_TEST_TOKEN; LC_TEST_TOKEN=$(field token)
[ -n "$LC_TEST_URL" ] && [ -n "$LC_TEST_TOKEN" ] || { echo "cannot read the emulator line: $line" >&2; exit 1; }
echo "    emulator at $LC_TEST_URL (pid $emu_pid)"

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
