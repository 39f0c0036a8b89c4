#!/usr/bin/env bash
# Installs liblivechat (shared + static), include/livechat.h and livechat.pc under a prefix.
#
#   ffi-c/install.sh [--prefix DIR] [--profile release|debug] [--no-build]
#                    [--debuginfo strip|keep|split]
#
# Defaults: --prefix /usr/local, --profile release, --debuginfo strip. The shared library is
# installed as lib/liblivechat.so.0.<minor>.<patch> with the symlinks liblivechat.so.0 (its
# SONAME, what programs load) and liblivechat.so (what -llivechat links); lib/liblivechat.a
# beside it. --debuginfo: strip (default) removes symbols and debug info; keep installs the
# libraries as built; split strips them and keeps the debug info in lib/debug/ files named by a
# .gnu_debuglink in each library (gdb finds them with `set debug-file-directory DIR/lib/debug`
# or next to the library). Then:
#   cc app.c $(pkg-config --cflags --libs livechat)                  # shared
#   cc app.c -static-libgcc $(pkg-config --cflags livechat) DIR/lib/liblivechat.a \
#      $(pkg-config --static --libs-only-l livechat | sed 's/-llivechat//')   # static
# With a prefix outside the linker's search path, set PKG_CONFIG_PATH=DIR/lib/pkgconfig and
# run with LD_LIBRARY_PATH=DIR/lib (or run ldconfig after installing under /usr/local).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix=/usr/local
profile=release
build=1
debuginfo=strip
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --profile) profile="$2"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --debuginfo) debuginfo="$2"; shift 2 ;;
    --debuginfo=*) debuginfo="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release) flag=(--release) ;;
  debug) flag=() ;;
  *) echo "install.sh: --profile is release or debug, not $profile" >&2; exit 2 ;;
esac
case "$debuginfo" in
  strip|keep|split) ;;
  *) echo "install.sh: --debuginfo is strip, keep or split, not $debuginfo" >&2; exit 2 ;;
esac
if [ "$build" = 1 ]; then
  (cd "$root" && cargo build -p livechat-c --locked "${flag[@]}")
fi
target="${CARGO_TARGET_DIR:-$root/target}/$profile"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
major=${version%%.*}
minor_patch=${version#*.}
minor_patch=${minor_patch%%[-+]*}
lib="$prefix/lib"
real="liblivechat.so.$major.$minor_patch"
mkdir -p "$lib/pkgconfig" "$prefix/include"
install -m 0755 "$target/liblivechat.so" "$lib/$real"
install -m 0644 "$target/liblivechat.a" "$lib/liblivechat.a"
# Relative links, so the prefix can be moved or packaged.
ln -sfn "$real" "$lib/liblivechat.so.$major"
ln -sfn "liblivechat.so.$major" "$lib/liblivechat.so"

# The shared library loses its symbol table (exports stay: they are dynamic symbols); the static
# one only its debug info, since a linker needs its symbols.
case "$debuginfo" in
  strip)
    strip --strip-unneeded "$lib/$real"
    strip --strip-debug "$lib/liblivechat.a" ;;
  split)
    mkdir -p "$lib/debug"
    objcopy --only-keep-debug "$lib/$real" "$lib/debug/$real.debug"
    strip --strip-unneeded "$lib/$real"
    # The debuglink names the file; objcopy must find it by that name, hence the cd.
    (cd "$lib/debug" && objcopy --add-gnu-debuglink="$real.debug" "../$real")
    cp "$lib/liblivechat.a" "$lib/debug/liblivechat.a.debug"
    strip --strip-debug "$lib/liblivechat.a" ;;
  keep) ;;
esac

install -m 0644 "$root/include/livechat.h" "$prefix/include/livechat.h"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" "$root/ffi-c/livechat.pc.in" \
  > "$lib/pkgconfig/livechat.pc"
echo "installed liblivechat $version into $prefix ($real, debug info: $debuginfo)"
