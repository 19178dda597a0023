//! Calendar dates without a date library: ISO 8601 `YYYY-MM-DD`, day arithmetic through a day
//! number (Howard Hinnant's `days_from_civil`), ages in full years and terms in whole years
//! per the Civil Code convention (a period ending on a day the month lacks ends on its last day).

use alloc::string::String;
use core::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A real calendar date in years 1..=9999, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Strict `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(digits(&b[0..4])? as i32, digits(&b[5..7])? as u8, digits(&b[8..10])? as u8)
    }

    /// `YYYYMMDD` (as embedded in a resident ID number).
    pub fn parse_compact(b: &[u8]) -> Option<Date> {
        if b.len() != 8 {
            return None;
        }
        Date::new(digits(&b[0..4])? as i32, digits(&b[4..6])? as u8, digits(&b[6..8])? as u8)
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_day_number(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The calendar date at `unix_ms` milliseconds in a time zone `offset_minutes` east of UTC.
    pub fn from_unix_ms(unix_ms: i64, offset_minutes: i64) -> Date {
        let local = unix_ms + offset_minutes * 60_000;
        Date::from_day_number(local.div_euclid(86_400_000))
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_day_number(self.day_number() + days)
    }

    /// Same month and day `years` later; a day the target month lacks (29 Feb) becomes the
    /// month's last day (Civil Code Art. 203).
    pub fn add_years(self, years: i32) -> Date {
        let year = self.year + years;
        let day = self.day.min(days_in_month(year, self.month));
        Date { year, month: self.month, day }
    }

    /// Same day `months` calendar months later, clamped to the target month's last day
    /// (31 Jan + 1 month = 28/29 Feb), as a deadline "one month later" is counted.
    pub fn add_months(self, months: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }

    /// Full years of a person born on `self`, on `on` (Civil Code: one turns N on the
    /// birthday; someone born on 29 Feb has the birthday on 1 Mar in a common year).
    pub fn age_on(self, on: Date) -> i32 {
        let (bm, bd) = if self.month == 2 && self.day == 29 && !is_leap(on.year) { (3, 1) } else { (self.month, self.day) };
        let had_birthday = (on.month, on.day) >= (bm, bd);
        on.year - self.year - i32::from(!had_birthday)
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

impl Date {
    /// `YYYY-MM-DD` (what `Display` writes), without `core::fmt`: the widget's build has none.
    pub fn to_text(self) -> String {
        let mut out = String::with_capacity(10);
        let year = i64::from(self.year);
        if year < 0 {
            out.push('-');
        }
        // `{:04}` counts the sign in the width.
        let width = if year < 0 { 3 } else { 4 };
        pad(&mut out, year.unsigned_abs(), width);
        out.push('-');
        pad(&mut out, u64::from(self.month), 2);
        out.push('-');
        pad(&mut out, u64::from(self.day), 2);
        out
    }
}

fn pad(out: &mut String, n: u64, width: usize) {
    let len = n.checked_ilog10().map_or(1, |l| l as usize + 1);
    for _ in len..width {
        out.push('0');
    }
    crate::json::write_int(out, n as i64);
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn text_is_what_the_format_macro_writes() {
        for date in [d("0001-01-01"), d("0999-12-31"), d("2027-03-01"), d("9999-12-31").add_years(1), Date { year: -5, month: 1, day: 2 }] {
            let want = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
            assert_eq!(date.to_text(), want);
        }
    }

    #[test]
    fn parse_is_strict() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-32", "０２４-01-01", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(d("1970-01-01").day_number(), 0);
        assert_eq!(d("2000-03-01").day_number(), 11_017);
        for n in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_day_number(n).day_number(), n);
        }
        assert_eq!(d("2027-12-31").add_days(1), d("2028-01-01"));
        assert_eq!(d("2028-03-01").add_days(-1), d("2028-02-29"));
    }

    #[test]
    fn unix_ms_in_beijing_time() {
        // 2026-11-28T16:30:00Z is 00:30 on 29 Nov in Beijing.
        assert_eq!(Date::from_unix_ms(1_795_883_400_000, 480), d("2026-11-29"));
        assert_eq!(Date::from_unix_ms(1_795_883_400_000, 0), d("2026-11-28"));
    }

    #[test]
    fn ages_in_full_years() {
        assert_eq!(d("1966-06-15").age_on(d("2026-06-14")), 59);
        assert_eq!(d("1966-06-15").age_on(d("2026-06-15")), 60);
        // Born on 29 Feb: in a common year the birthday is 1 Mar.
        assert_eq!(d("1964-02-29").age_on(d("2025-02-28")), 60);
        assert_eq!(d("1964-02-29").age_on(d("2025-03-01")), 61);
        assert_eq!(d("1964-02-29").age_on(d("2024-02-29")), 60);
    }

    #[test]
    fn add_months_counts_calendar_months() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2030-03-31").add_months(1), d("2030-04-30"));
        assert_eq!(d("2030-01-31").add_months(1), d("2030-02-28"));
        assert_eq!(d("2028-01-31").add_months(1), d("2028-02-29"));
        assert_eq!(d("2030-12-15").add_months(1), d("2031-01-15"));
        assert_eq!(d("2030-01-15").add_months(-1), d("2029-12-15"));
        assert_eq!(d("2030-05-20").add_months(0), d("2030-05-20"));
    }

    #[test]
    fn add_years_clamps_to_month_end() {
        assert_eq!(d("2028-02-29").add_years(3), d("2031-02-28"));
        assert_eq!(d("2027-09-01").add_years(3), d("2030-09-01"));
    }
}
