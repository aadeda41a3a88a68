//! Instants are plain Unix seconds in the engine; text only at the edges.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// RFC 3339 in UTC, e.g. `2026-06-01T00:00:00Z`. Out-of-range instants are clamped.
pub fn format_rfc3339(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(if unix < 0 {
        OffsetDateTime::UNIX_EPOCH
    } else {
        time::macros::datetime!(9999-12-31 23:59:59 UTC)
    });
    t.format(&Rfc3339).unwrap_or_else(|_| unix.to_string())
}

/// Parses RFC 3339 (`2026-06-01T00:00:00Z`, offsets allowed) or a bare date (`2026-06-01`,
/// read as midnight UTC) into Unix seconds.
pub fn parse_rfc3339(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let date_only = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(text, &date_only) {
        return Ok(d.midnight().assume_utc().unix_timestamp());
    }
    Err(format!(
        "'{text}' is not an RFC 3339 instant (expected e.g. 2026-06-01T00:00:00Z or 2026-06-01)"
    ))
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
    fn days_floor() {
        assert_eq!(days_between(0, 86_399), 0);
        assert_eq!(days_between(0, 86_400), 1);
        assert_eq!(days_between(0, -1), -1);
    }
}
