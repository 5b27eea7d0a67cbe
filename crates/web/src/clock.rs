//! The one place the web layer reads the clock: today in Korea for "노후" status and
//! deadlines, audit times, session times.

use sandan_domain::Day;
use sandan_domain::call::ClockTime;
use sandan_domain::submission::SeoulTime;

/// Korean Standard Time: no daylight saving, so a fixed offset.
pub const KST: jiff::tz::Offset = jiff::tz::offset(9);

pub fn today() -> Day {
    let date = KST.to_datetime(jiff::Timestamp::now()).date();
    Day::ymd(i32::from(date.year()), date.month() as u8, date.day() as u8)
}

/// Now on the wall clock in Seoul, to the minute: deadlines are set and shown in it.
pub fn now_seoul() -> SeoulTime {
    let now = KST.to_datetime(jiff::Timestamp::now());
    let date = now.date();
    SeoulTime::at(
        Day::ymd(i32::from(date.year()), date.month() as u8, date.day() as u8),
        ClockTime {
            hour: now.hour() as u8,
            minute: now.minute() as u8,
        },
    )
}

/// An audit entry's time.
pub fn timestamp() -> String {
    jiff::Timestamp::now().to_string()
}

/// Session times are kept in Unix seconds.
pub fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}
