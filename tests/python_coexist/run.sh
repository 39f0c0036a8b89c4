#!/usr/bin/env bash
# Our wheel and lc-sdk-python (whose import name is `livechat`) installed into one throwaway venv:
# both import and work in one process (check.py). Builds the wheel once (`pip wheel .`, reusing
# the cargo target dir); the venv lives in a temporary directory removed on exit.
# Network: pip installs bench/requirements-sdk.txt (and maturin for the build).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

say() { printf '==> %s\n' "$*"; }
python=${PYTHON:-python3}
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

say "Building our wheel (pip wheel .)"
"$python" -m pip wheel --quiet --no-deps . -w "$workdir/dist"

say "Installing it and lc-sdk-python into a throwaway venv"
"$python" -m venv "$workdir/venv"
"$workdir/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "$workdir"/dist/livechat_client-*.whl -r bench/requirements-sdk.txt

say "Importing and using both in one process"
# From the venv's own directory, so the source tree's py/python cannot be what gets imported.
(cd "$workdir" && "$workdir/venv/bin/python" "$root/tests/python_coexist/check.py")
