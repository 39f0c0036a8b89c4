//! Timestamps: microseconds since the Unix epoch, printed as RFC 3339 UTC with six decimals.
//!
//! The clock is strictly increasing across the whole process so that events written in one
//! order always sort in that order, even within one microsecond.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A point in time, in microseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ts(pub(crate) i64);

static LAST: AtomicI64 = AtomicI64::new(0);

/// The current time, strictly later than any value returned before or [`observe`]d.
pub(crate) fn now() -> Ts {
    let wall = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let mut last = LAST.load(Ordering::Relaxed);
    loop {
        let next = wall.max(last + 1);
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return Ts(next),
            Err(seen) => last = seen,
        }
    }
}

/// Makes later [`now`] values exceed `ts` (used after loading a saved state).
pub(crate) fn observe(ts: Ts) {
    LAST.fetch_max(ts.0, Ordering::Relaxed);
}

impl Ts {
    /// `2026-11-25T13:12:52.123456Z`.
    pub(crate) fn to_rfc3339(self) -> String {
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}Z",
            rem / 3600,
            rem / 60 % 60,
            rem % 60
        )
    }

    /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`), any offset.
    pub(crate) fn parse(text: &str) -> Option<Ts> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<i64> {
            let s = text.get(from..to)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())
                .flatten()
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        if second > 60 {
            return None;
        }
        let mut i = 19;
        let mut micros = 0i64;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let digits = &text[start..i];
            if digits.is_empty() {
                return None;
            }
            let mut padded = String::from(&digits[..digits.len().min(6)]);
            while padded.len() < 6 {
                padded.push('0');
            }
            micros = padded.parse().ok()?;
        }
        let offset_secs = match &text[i..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
                let sign = match rest.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let h = num(i + 1, i + 3)?;
                let m = num(i + 4, i + 6)?;
                sign * (h * 3600 + m * 60)
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
        Some(Ts(secs * 1_000_000 + micros))
    }
}

// Howard Hinnant's civil-date algorithms (public domain), on the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Serialize for Ts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ts, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ts::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 timestamp: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let ts = Ts::parse("2026-11-25T13:12:52.123456Z").unwrap();
        assert_eq!(ts.to_rfc3339(), "2026-11-25T13:12:52.123456Z");
        assert_eq!(Ts(0).to_rfc3339(), "1970-01-01T00:00:00.000000Z");
    }

    #[test]
    fn parses_offsets_and_short_fractions() {
        let a = Ts::parse("2019-12-17T08:53:20.693553+01:00").unwrap();
        assert_eq!(a.to_rfc3339(), "2019-12-17T07:53:20.693553Z");
        let b = Ts::parse("2020-02-29T00:00:00Z").unwrap();
        assert_eq!(b.to_rfc3339(), "2020-02-29T00:00:00.000000Z");
        assert_eq!(
            Ts::parse("2017-10-12T15:19:21.0102Z").unwrap().to_rfc3339(),
            "2017-10-12T15:19:21.010200Z"
        );
        assert!(Ts::parse("yesterday").is_none());
        assert!(Ts::parse("2017-10-12T15:19:21").is_none());
    }

    #[test]
    fn now_is_strictly_increasing() {
        let a = now();
        let b = now();
        assert!(b > a);
    }
}
