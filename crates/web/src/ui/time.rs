//! Times as officials read them: in Korean time, to the minute. The store keeps RFC 3339 in
//! UTC (with nanoseconds); no page shows that.

use crate::clock::KST;

/// `2026. 12. 3. 14:05` for an RFC 3339 instant; any other text (a Seoul wall-clock time the
/// store already keeps as it is read) unchanged.
pub fn kst(text: &str) -> String {
    match text.parse::<jiff::Timestamp>() {
        Ok(at) => minute(at),
        Err(_) => text.to_string(),
    }
}

/// The same for a time kept in Unix seconds (token expiry and last use, sessions).
pub fn expiry(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map_or_else(|_| seconds.to_string(), minute)
}

fn minute(at: jiff::Timestamp) -> String {
    let local = KST.to_datetime(at);
    format!(
        "{}. {}. {}. {:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::kst;

    #[test]
    fn an_instant_is_shown_in_korean_time_to_the_minute() {
        assert_eq!(kst("2026-12-03T05:05:59.123456789Z"), "2026. 12. 3. 14:05");
        assert_eq!(kst("2026-12-31T15:00:00+00:00"), "2027. 1. 1. 00:00");
    }

    #[test]
    fn unix_seconds_are_shown_alike() {
        assert_eq!(super::expiry(1_798_729_200), "2027. 1. 1. 00:00");
    }

    #[test]
    fn other_text_is_left_as_it_is() {
        assert_eq!(kst("2027-03-29 18:00"), "2027-03-29 18:00");
        assert_eq!(kst(""), "");
    }
}
