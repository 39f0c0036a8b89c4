//! Comparing secrets without leaking where they differ through timing.

/// Whether `a == b`, taking the same time wherever the first difference is. The length is not
/// secret: a different length answers early.
pub(super) fn matches(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // black_box keeps the optimiser from turning the fold into an early-exit comparison.
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn equal_only_when_every_byte_is() {
        assert!(matches(b"s3cret", b"s3cret"));
        assert!(!matches(b"s3cret", b"s3creT"));
        assert!(!matches(b"s3cret", b"S3cret"));
        assert!(!matches(b"s3cret", b"s3cre"));
        assert!(!matches(b"", b"x"));
        assert!(matches(b"", b""));
    }
}
