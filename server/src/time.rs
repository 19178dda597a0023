//! Clock helpers: milliseconds since the epoch, and their RFC 3339 text for the API.

use std::time::{SystemTime, UNIX_EPOCH};

use aii_rules::Date;

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)).unwrap_or(0)
}

/// `2027-03-01T08:30:00.123Z`.
pub fn rfc3339(ms: i64) -> String {
    let day = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let date = Date::from_day_number(day);
    let (h, rest) = (in_day / 3_600_000, in_day % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, milli) = (rest / 1000, rest % 1000);
    format!("{date}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// `2027-03-01 16:30`: the moment in Beijing time (UTC+8), as people read it.
pub fn beijing(ms: i64) -> String {
    let text = rfc3339(ms + 8 * 3_600_000);
    format!("{} {}", &text[..10], &text[11..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        // 2027-03-01T08:30:05.042Z
        assert_eq!(rfc3339(1_803_889_805_042), "2027-03-01T08:30:05.042Z");
        assert_eq!(beijing(1_803_889_805_042), "2027-03-01 16:30");
        assert_eq!(beijing(0), "1970-01-01 08:00");
    }
}
