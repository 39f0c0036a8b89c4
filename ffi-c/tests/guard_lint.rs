//! Every exported function (`#[unsafe(no_mangle)]`) must be `extern "C"` and consist of exactly
//! one call to a panic guard from `src/guard.rs` (`status_guard`, `value_guard`, `void_guard`),
//! so no panic can unwind into C. Parses `src/**/*.rs` with syn.

// Test helpers outside #[test] fns: failing loudly is the point.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use syn::visit::Visit;

const GUARDS: [&str; 3] = ["status_guard", "value_guard", "void_guard"];

struct Exports {
    file: PathBuf,
    found: Vec<String>,
    problems: Vec<String>,
}

fn is_exported(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        if path.is_ident("no_mangle") || path.is_ident("export_name") {
            return true;
        }
        // `#[unsafe(no_mangle)]` / `#[unsafe(export_name = "…")]`
        path.is_ident("unsafe")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("no_mangle") || m.path().is_ident("export_name"))
    })
}

/// Whether `expr` is a call to one of the guards (by the last segment of its path).
fn is_guard_call(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Call(call) => match &*call.func {
            syn::Expr::Path(p) => p
                .path
                .segments
                .last()
                .is_some_and(|s| GUARDS.contains(&s.ident.to_string().as_str())),
            _ => false,
        },
        _ => false,
    }
}

fn check(func: &syn::ItemFn) -> Result<(), String> {
    let abi_ok = func
        .sig
        .abi
        .as_ref()
        .and_then(|abi| abi.name.as_ref())
        .is_some_and(|n| n.value() == "C");
    if !abi_ok {
        return Err("is not extern \"C\"".into());
    }
    match func.block.stmts.as_slice() {
        [syn::Stmt::Expr(expr, _)] if is_guard_call(expr) => Ok(()),
        _ => Err(format!(
            "must consist of exactly one call to a panic guard ({})",
            GUARDS.join(", ")
        )),
    }
}

impl<'ast> Visit<'ast> for Exports {
    fn visit_item_fn(&mut self, func: &'ast syn::ItemFn) {
        if is_exported(&func.attrs) {
            let name = func.sig.ident.to_string();
            if let Err(why) = check(func) {
                self.problems
                    .push(format!("{}: `{name}` {why}", self.file.display()));
            }
            self.found.push(name);
        }
        syn::visit::visit_item_fn(self, func);
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn scan() -> Exports {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut exports = Exports {
        file: PathBuf::new(),
        found: Vec::new(),
        problems: Vec::new(),
    };
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let ast = syn::parse_file(&text).expect("the source parses");
        exports.file = file.strip_prefix(&src).unwrap_or(&file).to_path_buf();
        exports.visit_file(&ast);
    }
    exports
}

#[test]
fn every_exported_function_goes_through_the_panic_guard() {
    let exports = scan();
    assert!(
        exports.problems.is_empty(),
        "unguarded exports:\n{}",
        exports.problems.join("\n")
    );
    // The scan really saw the API (a broken walk would pass vacuously).
    for name in [
        "lc_version",
        "lc_status_name",
        "lc_client_new",
        "lc_client_free",
        "lc_client_call",
        "lc_client_call_async",
        "lc_client_send",
        "lc_client_send_async",
        "lc_client_info",
        "lc_client_upload",
        "lc_client_upload_async",
        "lc_client_pages",
        "lc_pager_next",
        "lc_pager_next_async",
        "lc_pager_free",
        "lc_token_request_complete",
        "lc_op_cancel",
        "lc_op_free",
        "lc_methods",
        "lc_string_free",
        "lc_test_panic",
    ] {
        assert!(exports.found.iter().any(|f| f == name), "{name} not found");
    }
}

#[test]
fn the_lint_rejects_an_unguarded_export() {
    let bad: syn::ItemFn = syn::parse_quote! {
        #[unsafe(no_mangle)]
        pub extern "C" fn lc_bad() -> i32 { let x = 1; x }
    };
    assert!(is_exported(&bad.attrs));
    assert!(check(&bad).is_err());
    let not_c: syn::ItemFn = syn::parse_quote! {
        #[unsafe(no_mangle)]
        pub fn lc_rust() { crate::guard::void_guard(|| {}) }
    };
    assert!(check(&not_c).is_err());
    let good: syn::ItemFn = syn::parse_quote! {
        #[unsafe(no_mangle)]
        pub extern "C" fn lc_good() { crate::guard::void_guard(|| {}) }
    };
    assert!(check(&good).is_ok());
}
