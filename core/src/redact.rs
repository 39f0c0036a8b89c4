//! Hiding secrets that may sit inside values echoed in messages.

/// `raw` with anything before an `@` in its authority replaced by `***`, for messages: a URL
/// may carry credentials (`https://user:secret@host`), which must never be echoed.
pub(crate) fn redact_userinfo(raw: &str) -> String {
    let (scheme, rest) = match raw.find("://") {
        Some(i) => raw.split_at(i + 3),
        None => ("", raw),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}***@{}", &rest[at + 1..]),
        None => raw.to_owned(),
    }
}
