//! Parsers and checkers for what Route 53 accepts: domain names, record values of every
//! simulated type, IP addresses and geolocation codes. Each returns the reason a value is
//! refused, never panics.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A name in canonical form: lower case, `\ddd` escapes decoded, with the trailing dot.
/// Accepts letters, digits, `-`, `_`, and `*` as the whole leftmost label (a wildcard).
pub fn canonical_name(input: &str) -> Result<String, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("the name is empty".into());
    }
    // Fast path: plain names (the common case) need no escape decoding.
    if !text.contains('\\') {
        let mut name = String::with_capacity(text.len() + 1);
        name.push_str(text);
        name.make_ascii_lowercase();
        return finish_name(name);
    }
    let mut out = String::with_capacity(text.len() + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' {
            let digits = bytes.get(i + 1..i + 4).filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)));
            if let Some(d) = digits {
                let code = (d[0] - b'0') as u32 * 64 + (d[1] - b'0') as u32 * 8 + (d[2] - b'0') as u32;
                out.push(char::from_u32(code).unwrap_or('\u{0}'));
                i += 4;
            } else if let Some(&next) = bytes.get(i + 1) {
                out.push(next as char);
                i += 2;
            } else {
                return Err("the name ends with a lone backslash".into());
            }
            continue;
        }
        out.push(b as char);
        i += 1;
    }
    out.make_ascii_lowercase();
    finish_name(out)
}

/// Checks a lower-cased, decoded name and adds the trailing dot.
fn finish_name(mut name: String) -> Result<String, String> {
    if name == "." {
        return Err("the root name '.' cannot hold records".into());
    }
    if !name.ends_with('.') {
        name.push('.');
    }
    if name.len() > 255 {
        return Err("the name is longer than 255 characters".into());
    }
    // One pass over the bytes: labels of 1–63 allowed characters; `*` only as the whole
    // leftmost label.
    let bytes = &name.as_bytes()[..name.len() - 1];
    let mut start = 0;
    for i in 0..=bytes.len() {
        if i < bytes.len() && bytes[i] != b'.' {
            let b = bytes[i];
            if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'*') {
                return Err(format!("the character '{}' is not allowed in a name", (b as char).escape_default()));
            }
            continue;
        }
        let label = &bytes[start..i];
        if label.is_empty() {
            return Err("the name has an empty label".into());
        }
        if label.len() > 63 {
            return Err(format!("the label '{}' is longer than 63 characters", String::from_utf8_lossy(label)));
        }
        if label.contains(&b'*') && (label != b"*" || start != 0) {
            return Err("'*' is allowed only as the whole leftmost label (a wildcard)".into());
        }
        start = i + 1;
    }
    Ok(name)
}

/// A canonical name as Route 53 lists it: `*` is shown as `\052`.
pub fn display_name(canonical: &str) -> String {
    canonical.replace('*', "\\052")
}

/// True when `name` is `zone` or lies below it (both canonical).
pub fn is_within(name: &str, zone: &str) -> bool {
    name == zone
        || (name.len() > zone.len() && name.ends_with(zone) && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

/// The parent of a canonical name (`a.b.c.` → `b.c.`), none for a single label.
pub fn parent(canonical: &str) -> Option<&str> {
    let (_, rest) = canonical.split_once('.')?;
    (!rest.is_empty()).then_some(rest)
}

/// A host name inside record data (CNAME, NS, PTR, MX and SRV targets): letters, digits, `-`
/// and `_`, labels of 1–63 characters, an optional trailing dot.
pub fn check_host(value: &str) -> Result<(), String> {
    let v = value.strip_suffix('.').unwrap_or(value);
    if v.is_empty() || v.len() > 254 {
        return Err(format!("'{value}' is not a valid domain name"));
    }
    for label in v.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err(format!("'{value}' is not a valid domain name"));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '*') {
            return Err(format!("'{value}' is not a valid domain name"));
        }
    }
    Ok(())
}

pub fn parse_ipv4(value: &str) -> Option<Ipv4Addr> {
    value.parse::<Ipv4Addr>().ok()
}

pub fn parse_ipv6(value: &str) -> Option<Ipv6Addr> {
    value.parse::<Ipv6Addr>().ok()
}

pub fn is_ip(value: &str) -> bool {
    parse_ipv4(value).is_some() || parse_ipv6(value).is_some()
}

/// TXT/SPF data: one or more `"…"` strings separated by spaces; inside, `\"`, `\\` and `\ddd`
/// escapes; each string at most 255 characters. Returns the decoded strings.
pub fn parse_character_strings(value: &str) -> Result<Vec<String>, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] != b'"' {
            return Err("InvalidCharacterString (Value should be enclosed in quotation marks)".into());
        }
        i += 1;
        let mut s: Vec<u8> = Vec::new();
        let mut closed = false;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    closed = true;
                    i += 1;
                    break;
                }
                b'\\' => {
                    let digits = bytes.get(i + 1..i + 4).filter(|d| d.iter().all(u8::is_ascii_digit));
                    if let Some(d) = digits {
                        let code = (d[0] - b'0') as u32 * 100 + (d[1] - b'0') as u32 * 10 + (d[2] - b'0') as u32;
                        if code > 255 {
                            return Err("InvalidCharacterString (Value contains an invalid escape)".into());
                        }
                        s.push(code as u8);
                        i += 4;
                    } else if let Some(&next) = bytes.get(i + 1) {
                        s.push(next);
                        i += 2;
                    } else {
                        return Err("InvalidCharacterString (Value ends with a lone backslash)".into());
                    }
                }
                other => {
                    s.push(other);
                    i += 1;
                }
            }
        }
        if !closed {
            return Err("InvalidCharacterString (Value should be enclosed in quotation marks)".into());
        }
        if s.len() > 255 {
            return Err("CharacterStringTooLong (Value is too long)".into());
        }
        if i < bytes.len() && bytes[i] != b' ' {
            return Err("InvalidCharacterString (Strings must be separated by a space)".into());
        }
        out.push(String::from_utf8_lossy(&s).into_owned());
    }
    if out.is_empty() {
        return Err("InvalidCharacterString (Value should be enclosed in quotation marks)".into());
    }
    Ok(out)
}

fn number(field: &str, text: &str, max: u64) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if n <= max && !text.starts_with('+') => Ok(n),
        _ => Err(format!("{field} must be a number from 0 to {max}")),
    }
}

/// Checks one value of a record of type `record_type`; the error is the reason, as the
/// `FATAL problem: …` part of Route 53's InvalidChangeBatch message.
pub fn check_value(record_type: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("Value is empty".into());
    }
    if value.len() > 4000 {
        return Err("Value is longer than 4000 characters".into());
    }
    match record_type {
        "A" => parse_ipv4(value)
            .map(|_| ())
            .ok_or_else(|| "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)".to_string()),
        "AAAA" => parse_ipv6(value)
            .map(|_| ())
            .ok_or_else(|| "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)".to_string()),
        "CNAME" | "NS" | "PTR" => check_host(value).map_err(|e| format!("DomainNameInvalid ({e})")),
        "MX" => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            if parts.len() != 2 {
                return Err("MXRRDATANotTwoFields (MX value must be a priority and a mail server)".into());
            }
            number("the MX priority", parts[0], 65_535).map_err(|e| format!("MXRRDATAIllegalPriority ({e})"))?;
            check_host(parts[1]).map_err(|e| format!("DomainNameInvalid ({e})"))
        }
        "SRV" => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            if parts.len() != 4 {
                return Err("SRVRRDATANotFourFields (SRV value must be priority, weight, port and target)".into());
            }
            for (field, p) in ["the SRV priority", "the SRV weight", "the SRV port"].iter().zip(&parts) {
                number(field, p, 65_535).map_err(|e| format!("SRVRRDATAIllegalNumber ({e})"))?;
            }
            if parts[3] == "." {
                return Ok(());
            }
            check_host(parts[3]).map_err(|e| format!("DomainNameInvalid ({e})"))
        }
        "TXT" | "SPF" => parse_character_strings(value).map(|_| ()),
        "CAA" => {
            let mut it = value.splitn(3, ' ');
            let (flags, tag, rest) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""));
            number("the CAA flags", flags, 255).map_err(|e| format!("CAARRDATAIllegalFlags ({e})"))?;
            if !["issue", "issuewild", "iodef", "issuemail"].contains(&tag) {
                return Err("CAARRDATAIllegalTag (the tag must be issue, issuewild, iodef or issuemail)".into());
            }
            let strings = parse_character_strings(rest)?;
            if strings.len() != 1 {
                return Err("CAARRDATAIllegalValue (the CAA value must be one quoted string)".into());
            }
            Ok(())
        }
        "SOA" => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            if parts.len() != 7 {
                return Err(
                    "SOARRDATANotSevenFields (SOA value must be mname rname serial refresh retry expire minimum)"
                        .into(),
                );
            }
            check_host(parts[0]).map_err(|e| format!("DomainNameInvalid ({e})"))?;
            check_host(parts[1]).map_err(|e| format!("DomainNameInvalid ({e})"))?;
            for p in &parts[2..] {
                number("SOA timers", p, u32::MAX as u64).map_err(|e| format!("SOARRDATAIllegalNumber ({e})"))?;
            }
            Ok(())
        }
        other => Err(format!("{other} records are not simulated by Nimbus Lab")),
    }
}

/// Continent codes Route 53 geolocation accepts.
pub const CONTINENTS: &[&str] = &["AF", "AN", "AS", "EU", "OC", "NA", "SA"];

/// ISO 3166-1 alpha-2 country codes (Route 53 accepts these, and `*` for the default record).
pub const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO \
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER \
    ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN \
    IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH \
    MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN \
    PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ \
    TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// US states (and DC), the subdivisions Route 53 geolocation accepts for `US`.
pub const US_STATES: &str = "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND \
    NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY";

/// Checks a GeoLocation: a continent alone, a country (or `*`) alone, or a country with a
/// subdivision. The error is the reason; the caller answers NoSuchGeoLocation or InvalidInput.
pub fn check_geolocation(
    continent: Option<&str>,
    country: Option<&str>,
    subdivision: Option<&str>,
) -> Result<(), GeoError> {
    match (continent, country, subdivision) {
        (Some(c), None, None) => {
            if CONTINENTS.contains(&c) {
                Ok(())
            } else {
                Err(GeoError::Unsupported(format!("continent code '{c}'")))
            }
        }
        (None, Some("*"), None) => Ok(()),
        (None, Some(c), sub) => {
            if c.len() != 2 || !COUNTRIES.split_whitespace().any(|x| x == c) {
                return Err(GeoError::Unsupported(format!("country code '{c}'")));
            }
            match sub {
                None => Ok(()),
                Some(s) if c == "US" && US_STATES.split_whitespace().any(|x| x == s) => Ok(()),
                Some(s) => Err(GeoError::Unsupported(format!("subdivision code '{s}' of country '{c}'"))),
            }
        }
        (None, None, None) => Err(GeoError::Invalid("a GeoLocation needs a ContinentCode or a CountryCode".into())),
        (Some(_), Some(_), _) => {
            Err(GeoError::Invalid("a GeoLocation takes a ContinentCode or a CountryCode, not both".into()))
        }
        (_, None, Some(_)) => Err(GeoError::Invalid("a SubdivisionCode needs a CountryCode".into())),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeoError {
    /// A code Route 53 does not know: NoSuchGeoLocation.
    Unsupported(String),
    /// A combination the API refuses: InvalidInput.
    Invalid(String),
}

/// Public addresses only: health checks refuse private, loopback and reserved ranges.
pub fn is_public_ipv4(ip: Ipv4Addr) -> bool {
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.octets()[0] == 0
        || (ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1])))
}

/// A latitude or longitude as the API's `Coordinates` write it: an optional sign, up to
/// `int_digits` digits, an optional point with up to two decimals, within ±`limit`. Parsed with
/// integer arithmetic (hundredths), so no float parser is involved.
pub fn parse_coordinate(text: &str, int_digits: usize, limit: i64) -> Option<f32> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, f),
        None => (rest, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > int_digits || fraction.len() > 2 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut hundredths: i64 = whole.parse::<i64>().ok()? * 100;
    for (i, b) in fraction.bytes().enumerate() {
        hundredths += (b - b'0') as i64 * if i == 0 { 10 } else { 1 };
    }
    if hundredths > limit * 100 {
        return None;
    }
    let value = hundredths as f32 / 100.0;
    Some(if negative { -value } else { value })
}

/// The region a Local Zone group belongs to (`us-east-1-bue-1` → `us-east-1`), when Nimbus Lab
/// simulates that region. Nimbus Lab places a Local Zone group at its parent region.
pub fn local_zone_region(group: &str) -> Option<&'static crate::regions::Region> {
    crate::regions::REGIONS.iter().find(|r| {
        group.strip_prefix(r.code).and_then(|rest| rest.strip_prefix('-')).is_some_and(|rest| {
            let mut parts = rest.split('-');
            let city = parts.next().unwrap_or("");
            let n = parts.next().unwrap_or("");
            !city.is_empty()
                && city.bytes().all(|b| b.is_ascii_lowercase())
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && parts.next().is_none()
        })
    })
}
