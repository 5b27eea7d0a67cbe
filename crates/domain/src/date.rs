//! 날짜: dates as published, with the precision the source gives.
//!
//! Sources give "2021-03-24", or only "2023-04", or only "2020". A `Day` keeps exactly
//! what is known, and writes it as officials do: "2021. 3. 24.(수)".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A calendar date, or a month or year when the source gives no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}'은(는) 날짜 형식이 아닙니다 (예: 2021-03-24, 2023-04, 2020)")]
pub struct BadDay(pub String);

impl Day {
    pub fn ymd(year: i32, month: u8, day: u8) -> Self {
        Day {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// 요일 of a full date (Sakamoto's method), "월" … "일".
    pub fn weekday(&self) -> Option<&'static str> {
        let (m, d) = (self.month? as i32, self.day? as i32);
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if m < 3 { self.year - 1 } else { self.year };
        let w = (y + y / 4 - y / 100 + y / 400 + T[(m - 1) as usize] + d).rem_euclid(7);
        Some(["일", "월", "화", "수", "목", "금", "토"][w as usize])
    }

    /// "2021. 3. 24.(수)", "2023. 4.", "2020."
    /// A real calendar date with year, month and day all known.
    pub fn is_full(&self) -> bool {
        match (self.month, self.day) {
            (Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(self.year, m),
            _ => false,
        }
    }

    pub fn korean(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}. {m}. {d}.({})", self.year, self.weekday().unwrap_or("")),
            (Some(m), None) => format!("{}. {m}.", self.year),
            _ => format!("{}.", self.year),
        }
    }

    /// Days from `from` to `self`, negative when `self` is earlier; None unless both are full dates.
    pub fn days_after(&self, from: &Day) -> Option<i64> {
        Some(self.day_number()? - from.day_number()?)
    }

    /// Days since 1970-01-01 (the civil-from-days inverse of H. Hinnant's date algorithms).
    fn day_number(&self) -> Option<i64> {
        let (m, d) = (i64::from(self.month?), i64::from(self.day?));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Some(era * 146_097 + day_of_era - 719_468)
    }

    /// The calendar day after a full date; None for a month or a year.
    pub fn next_day(&self) -> Option<Day> {
        let (y, m, d) = (self.year, self.month?, self.day?);
        Some(if d < days_in_month(y, m) {
            Day::ymd(y, m, d + 1)
        } else if m < 12 {
            Day::ymd(y, m + 1, 1)
        } else {
            Day::ymd(y + 1, 1, 1)
        })
    }

    /// Whole years from `self` to `on`, counting only what both dates know.
    pub fn years_until(&self, on: &Day) -> i32 {
        let mut years = on.year - self.year;
        if let (Some(a), Some(b)) = (self.month, on.month)
            && (b, on.day.unwrap_or(1)) < (a, self.day.unwrap_or(1))
        {
            years -= 1;
        }
        years
    }
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Day {
    type Err = BadDay;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDay(s.to_string());
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, BadDay> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = num(parts.first().ok_or_else(bad)?, 4)? as i32;
        let month = parts.get(1).map(|p| num(p, 2)).transpose()?.map(|m| m as u8);
        let day = parts.get(2).map(|p| num(p, 2)).transpose()?.map(|d| d as u8);
        if parts.len() > 3 || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(bad());
        }
        if let (Some(m), Some(d)) = (month, day)
            && (d == 0 || d > days_in_month(year, m))
        {
            return Err(bad());
        }
        Ok(Day { year, month, day })
    }
}

impl fmt::Display for Day {
    /// ISO-8601 with only the known parts: "2021-03-24", "2023-04", "2020".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Day {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("날짜 (YYYY-MM-DD, 또는 출처가 주는 만큼 YYYY-MM, YYYY)"))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Day {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_across_months_leap_days_and_years() {
        let day = |y, m, d| Day::ymd(y, m, d);
        assert_eq!(day(2027, 3, 31).days_after(&day(2027, 3, 28)), Some(3));
        assert_eq!(
            day(2028, 3, 1).days_after(&day(2028, 2, 28)),
            Some(2),
            "2028 is a leap year"
        );
        assert_eq!(day(2100, 3, 1).days_after(&day(2100, 2, 28)), Some(1), "2100 is not");
        assert_eq!(day(2027, 1, 1).days_after(&day(2026, 12, 31)), Some(1));
        assert_eq!(day(2026, 12, 3).days_after(&day(2027, 1, 1)), Some(-29));
        assert_eq!(day(1970, 1, 1).days_after(&day(1970, 1, 1)), Some(0));
        assert_eq!(
            Day {
                year: 2027,
                month: Some(3),
                day: None
            }
            .days_after(&day(2027, 3, 1)),
            None
        );
    }

    #[test]
    fn writes_dates_as_the_press_release_does() {
        assert_eq!(Day::ymd(2021, 3, 24).korean(), "2021. 3. 24.(수)");
        assert_eq!(Day::ymd(2021, 3, 25).korean(), "2021. 3. 25.(목)");
        assert_eq!("2023-04".parse::<Day>().unwrap().korean(), "2023. 4.");
    }

    #[test]
    fn keeps_only_the_precision_the_source_gives() {
        for s in ["2021-03-24", "2023-04", "2020"] {
            assert_eq!(s.parse::<Day>().unwrap().to_string(), s);
        }
        for s in ["2021-02-29", "2021-13-01", "21-03-24", "2021-3-24", "", "2021-03-24-01"] {
            assert!(s.parse::<Day>().is_err(), "{s}");
        }
        assert!("2024-02-29".parse::<Day>().is_ok());
    }

    #[test]
    fn counts_whole_years_between_dates() {
        let start = Day::ymd(2001, 3, 25);
        assert_eq!(start.years_until(&Day::ymd(2021, 3, 24)), 19);
        assert_eq!(start.years_until(&Day::ymd(2021, 3, 25)), 20);
    }
}
