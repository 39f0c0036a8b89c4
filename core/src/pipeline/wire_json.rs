//! Checks of JSON text that crosses the wire as bytes, without rewriting it: response bodies
//! handed to the bindings as received, and raw request bodies sent as the caller wrote them
//! (so `18446744073709551616` and `-0` keep their spelling).
//!
//! A body that passes is UTF-8, nests at most [`MAX_DEPTH`] levels (what serde_json and every
//! binding can then parse without recursion errors) and is one JSON value.

use serde::de::IgnoredAny;

/// Deepest nesting accepted, as serde_json's own parser.
pub(crate) const MAX_DEPTH: usize = 128;

/// Why a body is not acceptable JSON.
pub(crate) fn check(body: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(body).map_err(|e| {
        format!(
            "it is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let depth = max_depth(text.as_bytes());
    if depth > MAX_DEPTH {
        return Err(format!(
            "it nests deeper than {MAX_DEPTH} levels (at least {depth})"
        ));
    }
    serde_json::from_str::<IgnoredAny>(text).map_err(|e| e.to_string())?;
    Ok(())
}

/// Like [`check`], and the value must be a JSON object.
pub(crate) fn check_object(body: &[u8]) -> Result<(), String> {
    check(body)?;
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(()),
        _ => Err("it is not a JSON object".to_owned()),
    }
}

/// The deepest `[`/`{` nesting outside strings; stops counting past `MAX_DEPTH + 1`.
fn max_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    max = depth;
                    if max > MAX_DEPTH {
                        return max;
                    }
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_bodies_pass_unchanged() {
        for ok in [
            &b"{}"[..],
            b"[]",
            b"{\"x\":18446744073709551616,\"y\":-0}",
            b"{\"s\":\"[[[[\\\"\"}",
            "{\"é\":\"✓\"}".as_bytes(),
        ] {
            assert!(check(ok).is_ok(), "{}", String::from_utf8_lossy(ok));
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(check(deep.as_bytes()).is_ok());
    }

    #[test]
    fn invalid_utf8_deep_nesting_and_garbage_are_refused() {
        let err = check(b"{\"a\":\"\xff\xfe\"}").unwrap_err();
        assert!(err.contains("UTF-8"), "{err}");
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = check(deep.as_bytes()).unwrap_err();
        assert!(err.contains("deeper"), "{err}");
        assert!(check(b"<html>").is_err());
        assert!(check(b"").is_err());
        assert!(check(b"{} {}").is_err());
    }

    #[test]
    fn only_objects_are_objects() {
        assert!(check_object(b" {\"a\":1}").is_ok());
        assert!(check_object(b"[1]").is_err());
        assert!(check_object(b"null").is_err());
        assert!(check_object(b"\"{\"").is_err());
    }
}
