//! Today in Korea: the one place the web layer reads the clock, for "노후" status and audit times.

use sandan_domain::Day;

const KST: jiff::tz::Offset = jiff::tz::offset(9);

pub fn today() -> Day {
    let date = KST.to_datetime(jiff::Timestamp::now()).date();
    Day::ymd(i32::from(date.year()), date.month() as u8, date.day() as u8)
}
