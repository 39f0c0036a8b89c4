#!/usr/bin/env bash
# The official SDKs' Configuration API classes against the emulator (wire fidelity check):
# lc-sdk-python 0.4.2 (API 3.5, 3.6, 3.7) and, when node and npm exist, @livechat/lc-sdk-js
# 4.0.2 (API 3.4). Every method is called and must answer 2xx; what each sent is compared with
# the docs' request sample (tests/official/README.md). Exits non-zero on any unexpected outcome.
# Network: only pip (bench/requirements-sdk.txt) and npm (package-lock.json) installs.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '==> %s\n' "$*"; }
target="${CARGO_TARGET_DIR:-target}"

# Not .venv: the official SDK runs as its users install it, with its own pinned dependencies
# (tests/python_coexist checks it also installs next to our package).
if [ ! -x .venv-official/bin/python ]; then
  say "Creating .venv-official"
  python3 -m venv .venv-official
fi
# Keeps the venv out of git without touching the repository's .gitignore.
[ -f .venv-official/.gitignore ] || printf '*\n' > .venv-official/.gitignore
.venv-official/bin/python -m pip install --quiet -r bench/requirements-sdk.txt

say "Building the emulator"
cargo build --locked --quiet -p livechat-emulator --bin livechat-emulator

workdir=$(mktemp -d)
emu_pid=""
cleanup() {
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# --tls: both SDKs put https:// before the host they are given; the harnesses trust the CA.
"$target/debug/livechat-emulator" --tls --port 0 >"$workdir/emulator.out" 2>"$workdir/emulator.err" &
emu_pid=$!
for _ in $(seq 1 200); do
  [ -s "$workdir/emulator.out" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$workdir/emulator.err" >&2; exit 1; }
  sleep 0.05
done
EMULATOR_INFO=$(head -n 1 "$workdir/emulator.out")
export EMULATOR_INFO
ca_file=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ca_file"])' "$EMULATOR_INFO")
say "Emulator (pid $emu_pid): $EMULATOR_INFO"

status=0
say "lc-sdk-python 0.4.2: ConfigurationApi 3.5, 3.6, 3.7"
(cd tests/official && ../../.venv-official/bin/python lc_sdk_python_configuration.py) || status=1

say "The docs' 3.7 samples for the actions no official SDK has, sent directly"
(cd tests/official && ../../.venv-official/bin/python docs_direct.py) || status=1

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  say "@livechat/lc-sdk-js 4.0.2: Configuration.Web (API 3.4)"
  installed=tests/official/node_modules/@livechat/lc-sdk-js/package.json
  if ! grep -q '"version": "4.0.2"' "$installed" 2>/dev/null; then
    (cd tests/official && npm ci --no-audit --no-fund --silent)
  fi
  (cd tests/official && NODE_EXTRA_CA_CERTS="$ca_file" \
    ../../.venv-official/bin/python lc_sdk_js_configuration.py) || status=1
else
  say "node or npm not found: the JS SDK part is skipped"
fi

[ "$status" = 0 ] && say "Official SDKs: no unexpected outcome" || say "Official SDKs: unexpected outcomes above"
exit "$status"
