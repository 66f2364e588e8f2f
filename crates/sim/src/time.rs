//! Simulated time. Nothing in the engine reads the real clock: a [`SimTime`] moves only when
//! the World is advanced. Times are milliseconds since the Unix epoch, in UTC.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Add, Sub};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub i64);

/// A span of simulated time in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct SimDuration(pub i64);

impl SimDuration {
    pub const fn millis(ms: i64) -> Self {
        SimDuration(ms)
    }
    pub const fn seconds(s: i64) -> Self {
        SimDuration(s * 1000)
    }
    pub const fn minutes(m: i64) -> Self {
        SimDuration(m * 60_000)
    }
    pub const fn hours(h: i64) -> Self {
        SimDuration(h * 3_600_000)
    }
    pub const fn days(d: i64) -> Self {
        SimDuration(d * 86_400_000)
    }
    pub fn as_millis(self) -> i64 {
        self.0
    }
    pub fn as_seconds(self) -> i64 {
        self.0 / 1000
    }

    /// Parses a human span as the terminal takes it: `90s`, `15m`, `1h`, `30d`, `1y` (365 days),
    /// or several joined, like `1d12h`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty duration".into());
        }
        let mut total: i64 = 0;
        let mut digits = String::new();
        for ch in text.chars() {
            if ch.is_ascii_digit() {
                digits.push(ch);
                continue;
            }
            let n: i64 =
                digits.parse().map_err(|_| format!("invalid duration '{text}': expected a number before '{ch}'"))?;
            digits.clear();
            let unit = match ch {
                's' => 1_000,
                'm' => 60_000,
                'h' => 3_600_000,
                'd' => 86_400_000,
                'w' => 7 * 86_400_000,
                'y' => 365 * 86_400_000,
                _ => return Err(format!("invalid duration '{text}': unknown unit '{ch}' (use s, m, h, d, w, y)")),
            };
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .filter(|v| *v <= 1000 * 365 * 86_400_000)
                .ok_or_else(|| format!("duration '{text}' is too long"))?;
        }
        if !digits.is_empty() {
            return Err(format!("invalid duration '{text}': add a unit (s, m, h, d, w, y)"));
        }
        Ok(SimDuration(total))
    }
}

impl fmt::Display for SimDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ms = self.0;
        if ms == 0 {
            return write!(f, "0s");
        }
        if ms < 0 {
            write!(f, "-")?;
            ms = -ms;
        }
        let parts = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s")];
        let mut wrote = false;
        for (unit, name) in parts {
            if ms >= unit {
                write!(f, "{}{}", ms / unit, name)?;
                ms %= unit;
                wrote = true;
            }
        }
        if ms > 0 || !wrote {
            write!(f, "{ms}ms")?;
        }
        Ok(())
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Sub<SimTime> for SimTime {
    type Output = SimDuration;
    fn sub(self, other: SimTime) -> SimDuration {
        SimDuration(self.0 - other.0)
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

/// A broken-down UTC date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millis: u32,
}

impl SimTime {
    /// 2026-01-01T00:00:00Z, where every new World starts unless told otherwise.
    pub const DEFAULT_START: SimTime = SimTime(1_767_225_600_000);

    pub fn from_civil(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Self {
        let days = days_from_civil(year, month, day);
        SimTime(((days * 24 + hour as i64) * 60 + minute as i64) * 60_000 + second as i64 * 1000)
    }

    pub fn civil(self) -> Civil {
        let days = self.0.div_euclid(86_400_000);
        let ms = self.0.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (ms / 3_600_000) as u32,
            minute: (ms / 60_000 % 60) as u32,
            second: (ms / 1000 % 60) as u32,
            millis: (ms % 1000) as u32,
        }
    }

    /// ISO 8601 as the AWS CLI prints timestamps: `2026-01-01T00:00:00+00:00`, with
    /// milliseconds only when there are some.
    pub fn iso8601(self) -> String {
        let c = self.civil();
        let mut s = format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
        if c.millis != 0 {
            s.push_str(&format!(".{:03}", c.millis));
        }
        s.push_str("+00:00");
        s
    }

    /// `Thu, 01 Jan 2026 00:00:00 GMT`, as HTTP headers carry dates.
    pub fn http_date(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let c = self.civil();
        let weekday = DAYS[self.0.div_euclid(86_400_000).rem_euclid(7) as usize];
        format!(
            "{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            c.day,
            MONTHS[(c.month - 1) as usize],
            c.year,
            c.hour,
            c.minute,
            c.second
        )
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|+00:00)` and plain `YYYY-MM-DD`.
    pub fn parse_iso8601(text: &str) -> Result<Self, String> {
        let bad = || format!("invalid timestamp '{text}': expected YYYY-MM-DDTHH:MM:SSZ");
        let t = text.trim();
        let (date, rest) = match t.find(['T', 't', ' ']) {
            Some(i) => (&t[..i], &t[i + 1..]),
            None => (t, ""),
        };
        let mut dp = date.splitn(3, '-');
        let year: i64 = dp.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
        let month: u32 = dp.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
        let day: u32 = dp.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) || !(0..=9999).contains(&year) {
            return Err(bad());
        }
        let mut ms_of_day: i64 = 0;
        if !rest.is_empty() {
            let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            };
            if !matches!(offset, "" | "Z" | "z" | "+00:00" | "-00:00" | "+0000") {
                return Err(format!("invalid timestamp '{text}': only UTC offsets are supported"));
            }
            let (hms, frac) = match clock.split_once('.') {
                Some((a, b)) => (a, b),
                None => (clock, ""),
            };
            let mut cp = hms.split(':');
            let h: i64 = cp.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
            let m: i64 = cp.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
            let s: i64 = cp.next().map(|v| v.parse().ok()).unwrap_or(Some(0)).ok_or_else(bad)?;
            if cp.next().is_some() || h > 23 || m > 59 || s > 60 || h < 0 || m < 0 || s < 0 {
                return Err(bad());
            }
            let millis: i64 = if frac.is_empty() {
                0
            } else if frac.chars().all(|c| c.is_ascii_digit()) {
                let f3: String = frac.chars().chain("000".chars()).take(3).collect();
                f3.parse().map_err(|_| bad())?
            } else {
                return Err(bad());
            };
            ms_of_day = ((h * 60 + m) * 60 + s) * 1000 + millis;
        }
        Ok(SimTime(days_from_civil(year, month, day) * 86_400_000 + ms_of_day))
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso8601())
    }
}

impl Serialize for SimTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso8601())
    }
}

impl<'de> Deserialize<'de> for SimTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        SimTime::parse_iso8601(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_start_is_new_year_2026() {
        assert_eq!(SimTime::DEFAULT_START.iso8601(), "2026-01-01T00:00:00+00:00");
        assert_eq!(SimTime::DEFAULT_START.http_date(), "Thu, 01 Jan 2026 00:00:00 GMT");
        assert_eq!(SimTime::from_civil(2026, 1, 1, 0, 0, 0), SimTime::DEFAULT_START);
    }

    #[test]
    fn leap_day_and_millis_print() {
        let t = SimTime::from_civil(2028, 2, 29, 23, 59, 59) + SimDuration::millis(5);
        assert_eq!(t.iso8601(), "2028-02-29T23:59:59.005+00:00");
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(SimDuration::parse("30d").unwrap(), SimDuration::days(30));
        assert_eq!(SimDuration::parse("1d12h").unwrap(), SimDuration::hours(36));
        assert_eq!(SimDuration::parse("1y").unwrap(), SimDuration::days(365));
        assert!(SimDuration::parse("10").is_err());
        assert!(SimDuration::parse("5q").is_err());
        assert!(SimDuration::parse("").is_err());
        assert!(SimDuration::parse("99999999999999999999d").is_err());
        assert_eq!(SimDuration::hours(36).to_string(), "1d12h");
    }

    #[test]
    fn bad_timestamps_are_rejected() {
        for bad in ["", "2026-13-01", "2026-02-30", "2026-01-01T25:00:00Z", "x", "2026-01-01T00:00:00+05:00"] {
            assert!(SimTime::parse_iso8601(bad).is_err(), "{bad}");
        }
        assert_eq!(SimTime::parse_iso8601("2026-01-01").unwrap(), SimTime::DEFAULT_START);
        assert_eq!(SimTime::parse_iso8601("2026-01-01T00:00:00Z").unwrap(), SimTime::DEFAULT_START);
    }

    proptest! {
        #[test]
        fn iso8601_round_trips(ms in 0i64..253_402_300_799_000) {
            let t = SimTime(ms);
            prop_assert_eq!(SimTime::parse_iso8601(&t.iso8601()).unwrap(), t);
        }

        #[test]
        fn parsers_never_panic(s in ".{0,40}") {
            let _ = SimTime::parse_iso8601(&s);
            let _ = SimDuration::parse(&s);
        }

        #[test]
        fn durations_round_trip_through_display(secs in 0i64..10_000_000) {
            let d = SimDuration::seconds(secs);
            prop_assert_eq!(SimDuration::parse(&d.to_string()).unwrap(), d);
        }
    }
}
