//! How simulated time reads on screen.

use nimbus_sim::SimTime;

/// `2026-01-01 00:00:00 UTC`: the header clock and notices.
pub fn format_time(t: SimTime) -> String {
    let c = t.civil();
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

/// `2026-01-01 00:00`: table cells, where seconds are noise.
pub fn format_short(t: SimTime) -> String {
    let c = t.civil();
    format!("{:04}-{:02}-{:02} {:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_default_start() {
        assert_eq!(format_time(SimTime::DEFAULT_START), "2026-01-01 00:00:00 UTC");
        assert_eq!(format_short(SimTime::DEFAULT_START), "2026-01-01 00:00");
    }
}
