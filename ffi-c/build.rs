//! Gives the shared library its SONAME, `liblivechat.so.0`: programs linked against it record
//! that name, so `ffi-c/install.sh` can install `liblivechat.so.0.<minor>.<patch>` with the
//! usual `.so.0` and `.so` symlinks and an incompatible major version can sit beside it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Only ELF linkers take -soname; macOS has install names, Windows neither.
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos"
    ) {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,liblivechat.so.0");
    }
}
