#!/usr/bin/env bash
# Installs liblivechat (shared + static), include/livechat.h and livechat.pc under a prefix.
#
#   ffi-c/install.sh [--prefix DIR] [--profile release|debug] [--no-build]
#
# Defaults: --prefix /usr/local, --profile release. Then:
#   cc app.c $(pkg-config --cflags --libs livechat)                                # shared
#   cc app.c $(pkg-config --cflags livechat) DIR/lib/liblivechat.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
#                                                                                  # static
# With a prefix outside the linker's search path, set PKG_CONFIG_PATH=DIR/lib/pkgconfig and
# run with LD_LIBRARY_PATH=DIR/lib (or run ldconfig after installing under /usr/local).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/usr/local
profile=release
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --profile) profile="$2"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release) flag=(--release) ;;
  debug) flag=() ;;
  *) echo "install.sh: --profile is release or debug" >&2; exit 2 ;;
esac
if [ "$build" = 1 ]; then
  (cd "$root" && cargo build -p livechat-c --locked "${flag[@]}")
fi
target="${CARGO_TARGET_DIR:-$root/target}/$profile"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0755 "$target/liblivechat.so" "$prefix/lib/liblivechat.so"
install -m 0644 "$target/liblivechat.a" "$prefix/lib/liblivechat.a"
install -m 0644 "$root/include/livechat.h" "$prefix/include/livechat.h"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" "$root/ffi-c/livechat.pc.in" \
  > "$prefix/lib/pkgconfig/livechat.pc"
echo "installed liblivechat $version into $prefix"
