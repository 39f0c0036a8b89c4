# Sourced by tests/c/run.sh and tests/c/asan.sh (not run on its own): the debug builds of
# liblivechat and the emulator, a scratch directory removed on exit, compiling every
# tests/c/test_*.c, and the emulator started on a free port and stopped by PID.
# Defines: root, libdir, work, step, compile_tests, start_emulator; start_emulator exports
# LC_TEST_URL and LC_TEST_TOKEN for the tests.

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
ulimit -n 8192 2>/dev/null || true # test_concurrency holds 1,000 connections
step() { printf '\n==> %s\n' "$*"; }

step "Building liblivechat and the emulator (debug)"
cargo build -p livechat-c --locked --quiet
cargo build -p livechat-emulator --locked --quiet
libdir="${CARGO_TARGET_DIR:-$root/target}/debug"
# Programs linked with -llivechat record the SONAME, liblivechat.so.0, which cargo does not
# create: the link that ffi-c/install.sh makes under a prefix, made here for the build tree.
ln -sfn liblivechat.so "$libdir/liblivechat.so.0"

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

# Compiles each tests/c/test_*.c into $work with the caller's `cflags` and `ldflags` arrays;
# fills the array `tests` with their names.
compile_tests() {
  tests=()
  local src name
  for src in tests/c/test_*.c; do
    name=$(basename "$src" .c)
    cc "${cflags[@]}" "$src" -o "$work/$name" "${ldflags[@]}"
    tests+=("$name")
  done
}

start_emulator() {
  step "Starting the emulator"
  "${CARGO_TARGET_DIR:-$root/target}/debug/livechat-emulator" --port 0 \
    >"$work/emulator.out" 2>"$work/emulator.err" &
  emu_pid=$!
  local _
  for _ in $(seq 1 200); do
    [ -s "$work/emulator.out" ] && break
    kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.err" >&2; exit 1; }
    sleep 0.05
  done
  local line
  line=$(head -n 1 "$work/emulator.out")
  field() { printf '%s' "$line" | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
  export LC_TEST_URL; LC_TEST_URL=$(field url)
  export LC_TEST_TOKEN; LC_TEST_TOKEN=$(field token)
  export LC_TEST_CLIENT_ID; LC_TEST_CLIENT_ID=$(field client_id)
  export LC_TEST_ORG; LC_TEST_ORG=$(field organization_id)
  [ -n "$LC_TEST_URL" ] && [ -n "$LC_TEST_TOKEN" ] ||
    { echo "cannot read the emulator line: $line" >&2; exit 1; }
  echo "    emulator at $LC_TEST_URL (pid $emu_pid)"
}
