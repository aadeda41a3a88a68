//! Instants are plain Unix seconds in the engine; text only at the edges.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// RFC 3339 in UTC, e.g. `2026-06-01T00:00:00Z`. Out-of-range instants are clamped.
///
/// Written with `time`'s calendar arithmetic rather than its format descriptions: those
/// cost the web page about 10 KB of gzip for two fixed layouts.
pub fn format_rfc3339(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(if unix < 0 {
        OffsetDateTime::UNIX_EPOCH
    } else {
        time::macros::datetime!(9999-12-31 23:59:59 UTC)
    });
    let (year, month, day) = t.to_calendar_date();
    let (hour, minute, second) = t.to_hms();
    format!(
        "{year:04}-{:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z",
        u8::from(month)
    )
}

/// Parses RFC 3339 (`2026-06-01T00:00:00Z`, with fractional seconds or an offset such as
/// `+02:00`; `t`/`z` and a space separator accepted) or a bare date (`2026-06-01`, read as
/// midnight UTC) into Unix seconds.
pub fn parse_rfc3339(text: &str) -> Result<i64, String> {
    let text = text.trim();
    parse_instant(text).ok_or_else(|| {
        format!(
            "'{text}' is not an RFC 3339 instant (expected e.g. 2026-06-01T00:00:00Z or 2026-06-01)"
        )
    })
}

/// A fixed-width run of ASCII digits.
fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&s[0..4])?).ok()?;
    let month = Month::try_from(u8::try_from(digits(&s[5..7])?).ok()?).ok()?;
    let day = u8::try_from(digits(&s[8..10])?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

fn parse_instant(s: &str) -> Option<i64> {
    if !s.is_ascii() {
        return None;
    }
    if s.len() == 10 {
        return Some(parse_date(s)?.midnight().assume_utc().unix_timestamp());
    }
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let date = parse_date(date)?;
    // HH:MM:SS
    let b = rest.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let hour = u8::try_from(digits(&rest[0..2])?).ok()?;
    let minute = u8::try_from(digits(&rest[3..5])?).ok()?;
    let second = u8::try_from(digits(&rest[6..8])?).ok()?;
    let mut zone = &rest[8..];
    // Fractional seconds are read and dropped (the engine counts whole seconds).
    if let Some(frac) = zone.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        zone = &frac[n..];
    }
    let offset = match zone {
        "Z" | "z" => UtcOffset::UTC,
        _ => {
            let z = zone.as_bytes();
            if z.len() != 6 || !matches!(z[0], b'+' | b'-') || z[3] != b':' {
                return None;
            }
            let hours = i8::try_from(digits(&zone[1..3])?).ok()?;
            let minutes = i8::try_from(digits(&zone[4..6])?).ok()?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let sign = if z[0] == b'-' { -1 } else { 1 };
            UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?
        }
    };
    // RFC 3339 allows a leap second (:60); it is read as the second before.
    let time = Time::from_hms(hour, minute, second.min(59)).ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_offset(offset)
            .unix_timestamp(),
    )
}

/// An X.509 time (RFC 5280 4.1.2.5) as Unix seconds: UTCTime `YYMMDDhhmm[ss]Z` (years 50-99
/// are 19xx) or GeneralizedTime `YYYYMMDDhhmm[ss[.f]]Z`; a `+hhmm`/`-hhmm` offset instead of
/// `Z`, which older encoders wrote, is applied. None when it is neither.
pub(crate) fn asn1_time(generalized: bool, text: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(text).ok()?;
    let (year, rest) = if generalized {
        (i32::try_from(digits(s.get(..4)?)?).ok()?, s.get(4..)?)
    } else {
        let yy = i32::try_from(digits(s.get(..2)?)?).ok()?;
        (if yy < 50 { 2000 + yy } else { 1900 + yy }, s.get(2..)?)
    };
    let two = |r: &str, at: usize| -> Option<u8> { u8::try_from(digits(r.get(at..at + 2)?)?).ok() };
    let (month, day, hour, minute) = (two(rest, 0)?, two(rest, 2)?, two(rest, 4)?, two(rest, 6)?);
    let mut zone = rest.get(8..)?;
    let mut second = 0;
    if zone.len() >= 2 && zone.as_bytes()[0].is_ascii_digit() {
        second = two(zone, 0)?;
        zone = &zone[2..];
    }
    if let Some(frac) = zone.strip_prefix(['.', ',']) {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        zone = &frac[n..];
    }
    let offset = match zone {
        "Z" | "" => 0,
        z if z.len() == 5 && matches!(z.as_bytes()[0], b'+' | b'-') => {
            let minutes = i64::from(two(z, 1)?) * 60 + i64::from(two(z, 3)?);
            if z.starts_with('-') {
                -minutes * 60
            } else {
                minutes * 60
            }
        }
        _ => return None,
    };
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let time = Time::from_hms(hour, minute, second.min(59)).ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp()
            - offset,
    )
}

/// Whole days from `from` to `to`, rounded towards negative infinity.
pub(crate) fn days_between(from: i64, to: i64) -> i64 {
    (to - from).div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_dates() {
        let t = parse_rfc3339("2026-06-01T00:00:00Z").unwrap();
        assert_eq!(t, 1_780_272_000);
        assert_eq!(format_rfc3339(t), "2026-06-01T00:00:00Z");
        assert_eq!(parse_rfc3339("2026-06-01").unwrap(), t);
        assert_eq!(parse_rfc3339("2026-06-01T02:00:00+02:00").unwrap(), t);
        assert!(parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn rfc3339_forms_and_refusals() {
        let t = 1_780_272_000; // 2026-06-01T00:00:00Z
        for ok in [
            "2026-06-01T00:00:00Z",
            "2026-06-01t00:00:00z",
            "2026-06-01 00:00:00Z",
            "2026-06-01T00:00:00.999Z",
            "2026-05-31T19:30:00-04:30",
            "  2026-06-01T00:00:00+00:00 ",
        ] {
            assert_eq!(parse_rfc3339(ok), Ok(t), "{ok}");
        }
        assert_eq!(parse_rfc3339("2024-02-29"), Ok(1_709_164_800));
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Ok(-1));
        for bad in [
            "",
            "2026-6-01",
            "2026-06-01T00:00",
            "2026-06-01T00:00:00",
            "2026-06-01T24:00:00Z",
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-06-01T00:00:00.Z",
            "2026-06-01T00:00:00+0200",
            "2026-06-01T00:00:00+24:00",
            "2026-06-01T00:00:00Zjunk",
            "+026-06-01",
            "２026-06-01",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn formats_every_instant_as_time_does() {
        use time::format_description::well_known::Rfc3339;
        for unix in [
            0,
            1,
            -1,
            951_782_400,
            1_780_272_000,
            4_102_444_799,
            253_402_300_799,
        ] {
            let expected = OffsetDateTime::from_unix_timestamp(unix)
                .unwrap()
                .format(&Rfc3339)
                .unwrap();
            assert_eq!(format_rfc3339(unix), expected);
            assert_eq!(parse_rfc3339(&expected), Ok(unix));
        }
        assert_eq!(format_rfc3339(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(i64::MIN), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn days_floor() {
        assert_eq!(days_between(0, 86_399), 0);
        assert_eq!(days_between(0, 86_400), 1);
        assert_eq!(days_between(0, -1), -1);
    }
}
