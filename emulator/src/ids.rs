//! Server-generated identifiers, shaped like the real API's.

const UPPER_ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A chat or thread id: ten uppercase letters and digits starting with a letter (`PJ0MRSHTDG`).
pub(crate) fn chat_like(taken: impl Fn(&str) -> bool) -> String {
    loop {
        let mut id = String::with_capacity(10);
        id.push(char::from(
            UPPER_ALNUM[fastrand::usize(10..UPPER_ALNUM.len())],
        ));
        for _ in 1..10 {
            id.push(char::from(
                UPPER_ALNUM[fastrand::usize(..UPPER_ALNUM.len())],
            ));
        }
        if !taken(&id) {
            return id;
        }
    }
}

/// An event id: `<THREAD_ID>_<n>`, `n` counting from 1 within the thread.
pub(crate) fn event(thread_id: &str, seq: u64) -> String {
    format!("{thread_id}_{seq}")
}

/// A random UUID v4 (customer ids).
pub(crate) fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    fastrand::fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether `text` is a UUID in the canonical 8-4-4-4-12 hex form.
pub(crate) fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// 32 lowercase hex characters (uploaded file ids).
pub(crate) fn hex32() -> String {
    let mut bytes = [0u8; 16];
    fastrand::fill(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_documented_shapes() {
        let id = chat_like(|_| false);
        assert_eq!(id.len(), 10);
        assert!(
            id.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert!(id.as_bytes()[0].is_ascii_uppercase());
        assert!(is_uuid(&uuid_v4()));
        assert!(!is_uuid("agent@emulator.test"));
        assert_eq!(event("QA37PVJ75B", 3), "QA37PVJ75B_3");
    }
}
