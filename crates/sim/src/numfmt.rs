//! Numbers as text with integer arithmetic. Formatting a float with `{}` or `{:.1}` links the
//! standard float printer (Grisu and Dragon with their tables) into the browser build; sizes,
//! distances and diagram coordinates need only a fixed number of decimals.

/// `value` with `places` decimals (at most 6), rounded half away from zero: `decimal(1.25, 1)`
/// is `"1.3"`, `decimal(3.0, 0)` is `"3"`. Not-a-number and infinities print as `"0"`.
pub fn decimal(value: f64, places: u32) -> String {
    let places = places.min(6);
    if !value.is_finite() {
        return "0".into();
    }
    let scale = 10u64.pow(places);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, fraction) = (scaled / scale, scaled % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
    }
}

/// A diagram coordinate: one decimal at most, and none when it is a whole number (`12`, `12.5`).
pub fn coordinate(value: f32) -> String {
    let text = decimal(value as f64, 1);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// A byte count as people read it: `512 B`, `1.5 KB`, `2.0 MB`.
pub fn human_size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    match bytes as f64 {
        b if b < KIB => format!("{bytes} B"),
        b if b < KIB * KIB => format!("{} KB", decimal(b / KIB, 1)),
        b => format!("{} MB", decimal(b / (KIB * KIB), 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fixed_decimals() {
        assert_eq!(decimal(1.25, 1), "1.3");
        assert_eq!(decimal(3.0, 0), "3");
        assert_eq!(decimal(0.04, 1), "0.0");
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(-2.5, 2), "-2.50");
        assert_eq!(decimal(f64::NAN, 1), "0");
        assert_eq!(coordinate(12.0), "12");
        assert_eq!(coordinate(12.46), "12.5");
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(2 * 1024 * 1024), "2.0 MB");
    }

    proptest! {
        #[test]
        fn agrees_with_the_float_printer(cents in -10_000_000i64..10_000_000, places in 0u32..4) {
            // Values exactly representable at two decimals, printed at no more precision than that
            // or with padding, so rounding ties cannot differ.
            let value = cents as f64 / 100.0;
            let ours = decimal(value, places);
            let std = format!("{value:.prec$}", prec = places as usize);
            if places >= 2 {
                prop_assert_eq!(ours, std);
            } else {
                let parsed: f64 = ours.parse().unwrap();
                prop_assert!((parsed - value).abs() <= 0.5 / 10f64.powi(places as i32) + 1e-9);
            }
        }
    }
}
