//! 단지 현황: what a published registry says about a complex beyond its name, kind and region —
//! its 시·군·구, 지정일, 착공일, 준공일, 지정면적 and 관리기관 — each kept with where it was read
//! and as of when, because registries disagree and are corrected quarter by quarter.
//!
//! Registries write dates only as far as they know them ("1973. 12.", "1973년"), so a date here
//! is a [`PartialDay`], and the 노후 rule (법 §2: 착공 후 20년) answers "unknown" rather than
//! guess when the unknown part decides it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::AGED_AFTER_YEARS;
use crate::date::{Day, days_in_month};

/// 일자 (부분): a date written to the year, the month or the day, as the source gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDay {
    pub year: i32,
    pub month: Option<u8>,
    /// Only ever set together with `month`.
    pub day: Option<u8>,
}

/// Why a cell could not be read as a date, in the form the office sees it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}'은(는) 날짜로 읽을 수 없습니다 (예: 1973-12-24, 1973.12.24, 1973. 12., 1973년)")]
pub struct BadPartialDay(pub String);

/// The years a registry date may fall in: the first complexes were designated in the 1960s.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

impl PartialDay {
    /// A checked date: the month within 1–12, the day within its month, a day only with a month.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<PartialDay> {
        let valid = YEARS.contains(&year)
            && match (month, day) {
                (None, None) => true,
                (Some(m), None) => (1..=12).contains(&m),
                (Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(year, m),
                (None, Some(_)) => false,
            };
        valid.then_some(PartialDay { year, month, day })
    }

    /// The first day the date can mean: 1973 → 1973-01-01, 1973-12 → 1973-12-01.
    pub fn earliest_day(&self) -> Day {
        Day::ymd(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date can mean: 1973 → 1973-12-31, 2024-02 → 2024-02-29.
    pub fn latest_day(&self) -> Day {
        let month = self.month.unwrap_or(12);
        Day::ymd(
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// 노후 (법 §2: 착공 후 20년 이상) on `on`, taking `self` as the construction start:
    /// `Some(true)` only when even the latest day the start can mean is 20 years before, and
    /// `Some(false)` only when even the earliest is not; `None` when the unknown part decides.
    /// A partial `on` is read the same way, at its least favourable end.
    pub fn is_aged_on(&self, on: &Day) -> Option<bool> {
        let on = PartialDay::from_day(on)?;
        let aged = |start: Day, day: Day| start.years_until(&day) >= AGED_AFTER_YEARS;
        if aged(self.latest_day(), on.earliest_day()) {
            Some(true)
        } else if !aged(self.earliest_day(), on.latest_day()) {
            Some(false)
        } else {
            None
        }
    }

    /// The same date as a [`Day`], which keeps partial dates the same way.
    pub fn to_day(&self) -> Day {
        Day {
            year: self.year,
            month: self.month,
            day: self.day,
        }
    }

    /// A [`Day`] as a partial date; `None` when it is not a date at all (month 13, day 0).
    pub fn from_day(day: &Day) -> Option<PartialDay> {
        PartialDay::new(day.year, day.month, day.month.and(day.day))
    }

    /// "1973. 12. 24.", "1973. 12.", "1973." as official documents write them.
    pub fn korean(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}. {m}. {d}.", self.year),
            (Some(m), None) => format!("{}. {m}.", self.year),
            _ => format!("{}.", self.year),
        }
    }
}

impl FromStr for PartialDay {
    type Err = BadPartialDay;

    /// Reads "1973-12-24", "1973.12.24", "1973. 12. 24.", "1973/12/24", "19731224",
    /// "1973년 12월 24일", "1973. 12.", "1973-12", "1973년", "1973" and the two-digit "'73.12.24"
    /// (’60–’99 as 19xx, ’00–’59 as 20xx: no complex is older than the 1960s).
    fn from_str(text: &str) -> Result<PartialDay, BadPartialDay> {
        let bad = || BadPartialDay(text.trim().to_string());
        let trimmed = text.trim();
        let (two_digit_year, body) = match trimmed.strip_prefix(['\'', '’', '‘']) {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut groups: Vec<&str> = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return Err(bad());
            }
            groups.push(&rest[..digits]);
            rest = &rest[digits..];
            let sep = rest.len() - rest.trim_start_matches(is_date_separator).len();
            if sep == 0 && !rest.is_empty() {
                return Err(bad());
            }
            rest = &rest[sep..];
        }
        // "19731224" is one group of eight digits.
        if groups.len() == 1 && groups[0].len() == 8 && !two_digit_year {
            let g = groups[0];
            groups = vec![&g[..4], &g[4..6], &g[6..]];
        }
        let year_len = if two_digit_year { 2 } else { 4 };
        if groups.is_empty()
            || groups.len() > 3
            || groups[0].len() != year_len
            || groups[1..].iter().any(|g| g.len() > 2)
        {
            return Err(bad());
        }
        let number = |g: &str| g.parse::<i32>().map_err(|_| bad());
        let mut year = number(groups[0])?;
        if two_digit_year {
            year += if year >= 60 { 1900 } else { 2000 };
        }
        let month = groups.get(1).map(|g| number(g)).transpose()?;
        let day = groups.get(2).map(|g| number(g)).transpose()?;
        let small = |n: Option<i32>| n.map(|n| u8::try_from(n).map_err(|_| bad())).transpose();
        PartialDay::new(year, small(month)?, small(day)?).ok_or_else(bad)
    }
}

/// What may stand between the parts of a date: dots, dashes, slashes, spaces and 년·월·일.
fn is_date_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '/' | '년' | '월' | '일') || c.is_whitespace()
}

impl fmt::Display for PartialDay {
    /// ISO-8601 with only the known parts, as [`Day`] writes them: "1973-12-24", "1973-12", "1973".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_day().fmt(f)
    }
}

impl Serialize for PartialDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let day: Day = text.parse().map_err(serde::de::Error::custom)?;
        PartialDay::from_day(&day).ok_or_else(|| serde::de::Error::custom(BadPartialDay(text)))
    }
}

/// One fact and where it was read: the value, the 출처, the 기준일 of the table and the cell as
/// written, so an official can check a figure against the page it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    /// 출처, e.g. "한국산업단지공단 전국산업단지현황통계 2024년 4분기".
    pub source: String,
    /// 기준일 of the table the value was read from.
    pub as_of: Day,
    /// The cell as the source wrote it ("1,234.5", "1973. 12.").
    pub as_written: String,
}

impl<T> Sourced<T> {
    /// The same provenance around another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sourced<U> {
        Sourced {
            value: f(self.value),
            source: self.source,
            as_of: self.as_of,
            as_written: self.as_written,
        }
    }
}

/// 단지 현황: the registry facts of one complex. Every fact is optional: registries leave cells
/// blank, and a blank never erases what an earlier source said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplexFacts {
    /// 시·군·구 ("안산시", "창원시 성산구").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<Sourced<String>>,
    /// 지정일
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated: Option<Sourced<PartialDay>>,
    /// 착공일: the start the 노후 rule counts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub construction_started: Option<Sourced<PartialDay>>,
    /// 준공일
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Sourced<PartialDay>>,
    /// 지정면적 (㎡). Registries publish 천㎡; whole square metres hold that without loss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<Sourced<i64>>,
    /// 관리기관 ("한국산업단지공단 경기지역본부", "안산시").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<Sourced<String>>,
}

/// Which fact of [`ComplexFacts`] a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactField {
    District,
    Designated,
    ConstructionStarted,
    Completed,
    Area,
    ManagedBy,
}

impl FactField {
    pub const ALL: [FactField; 6] = [
        FactField::District,
        FactField::Designated,
        FactField::ConstructionStarted,
        FactField::Completed,
        FactField::Area,
        FactField::ManagedBy,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            FactField::District => "시·군·구",
            FactField::Designated => "지정일",
            FactField::ConstructionStarted => "착공일",
            FactField::Completed => "준공일",
            FactField::Area => "지정면적",
            FactField::ManagedBy => "관리기관",
        }
    }
}

/// The value of one fact, whatever its type, so changes to different facts can be listed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactValue {
    Text(String),
    Day(PartialDay),
    AreaM2(i64),
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Text(text) => f.write_str(text),
            FactValue::Day(day) => f.write_str(&day.korean()),
            FactValue::AreaM2(m2) => write!(f, "{}㎡", group_thousands(*m2)),
        }
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

impl ComplexFacts {
    /// The value of one fact, with its provenance.
    pub fn get(&self, field: FactField) -> Option<Sourced<FactValue>> {
        match field {
            FactField::District => self.district.clone().map(|s| s.map(FactValue::Text)),
            FactField::Designated => self.designated.clone().map(|s| s.map(FactValue::Day)),
            FactField::ConstructionStarted => self.construction_started.clone().map(|s| s.map(FactValue::Day)),
            FactField::Completed => self.completed.clone().map(|s| s.map(FactValue::Day)),
            FactField::Area => self.area_m2.clone().map(|s| s.map(FactValue::AreaM2)),
            FactField::ManagedBy => self.managed_by.clone().map(|s| s.map(FactValue::Text)),
        }
    }

    /// Sets one fact; `false` (and nothing set) when the value is not of the fact's type.
    pub fn set(&mut self, field: FactField, fact: Sourced<FactValue>) -> bool {
        let provenance = Sourced {
            value: (),
            source: fact.source,
            as_of: fact.as_of,
            as_written: fact.as_written,
        };
        match (field, fact.value) {
            (FactField::District, FactValue::Text(t)) => self.district = Some(provenance.map(|()| t)),
            (FactField::ManagedBy, FactValue::Text(t)) => self.managed_by = Some(provenance.map(|()| t)),
            (FactField::Designated, FactValue::Day(d)) => self.designated = Some(provenance.map(|()| d)),
            (FactField::ConstructionStarted, FactValue::Day(d)) => {
                self.construction_started = Some(provenance.map(|()| d))
            }
            (FactField::Completed, FactValue::Day(d)) => self.completed = Some(provenance.map(|()| d)),
            (FactField::Area, FactValue::AreaM2(a)) => self.area_m2 = Some(provenance.map(|()| a)),
            _ => return false,
        }
        true
    }

    /// 노후 on `on` by the 착공일 these facts carry; `None` when it is unknown or too vague.
    pub fn is_aged_on(&self, on: &Day) -> Option<bool> {
        self.construction_started.as_ref()?.value.is_aged_on(on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> PartialDay {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn registry_dates_are_read_in_every_common_form_with_their_precision() {
        for (text, iso) in [
            ("1973-12-24", "1973-12-24"),
            ("1973.12.24", "1973-12-24"),
            ("1973. 12. 24.", "1973-12-24"),
            ("1973/12/24", "1973-12-24"),
            ("19731224", "1973-12-24"),
            ("1973년 12월 24일", "1973-12-24"),
            ("1973. 12.", "1973-12"),
            ("1973.12", "1973-12"),
            ("1973-12", "1973-12"),
            ("1973년 12월", "1973-12"),
            ("1973년", "1973"),
            ("1973", "1973"),
            (" 1973. ", "1973"),
            ("’64.04.15", "1964-04-15"),
            ("'08.12.30", "2008-12-30"),
        ] {
            assert_eq!(day(text).to_string(), iso, "{text}");
        }
    }

    #[test]
    fn impossible_or_foreign_dates_are_refused_with_the_cell_named() {
        for text in [
            "",
            "-",
            "1973-13-01",
            "1973-02-29",
            "1973.12.32",
            "73.12.24",
            "1973~1975",
            "미정",
            "1973-12-24-01",
            "26657",
            "1899",
        ] {
            assert!(text.parse::<PartialDay>().is_err(), "{text}");
        }
        assert_eq!(
            "미정".parse::<PartialDay>().unwrap_err().to_string(),
            "'미정'은(는) 날짜로 읽을 수 없습니다 (예: 1973-12-24, 1973.12.24, 1973. 12., 1973년)"
        );
        assert!("2024-02-29".parse::<PartialDay>().is_ok());
    }

    #[test]
    fn a_partial_date_spans_from_its_earliest_to_its_latest_day() {
        assert_eq!(day("1973").earliest_day(), Day::ymd(1973, 1, 1));
        assert_eq!(day("1973").latest_day(), Day::ymd(1973, 12, 31));
        assert_eq!(day("2024-02").latest_day(), Day::ymd(2024, 2, 29));
        assert_eq!(day("2023-02").latest_day(), Day::ymd(2023, 2, 28));
        assert_eq!(day("1973-12-24").earliest_day(), day("1973-12-24").latest_day());
    }

    #[test]
    fn aged_is_answered_only_when_the_unknown_part_cannot_change_it() {
        let on = Day::ymd(2021, 3, 24);
        assert_eq!(day("2001-03-24").is_aged_on(&on), Some(true));
        assert_eq!(day("2001-03-25").is_aged_on(&on), Some(false));
        assert_eq!(
            day("2000").is_aged_on(&on),
            Some(true),
            "even 2000-12-31 is 20 years before"
        );
        assert_eq!(day("2002").is_aged_on(&on), Some(false), "even 2002-01-01 is not");
        assert_eq!(
            day("2001").is_aged_on(&on),
            None,
            "January 2001 is aged, December is not"
        );
        assert_eq!(day("2001-03").is_aged_on(&on), None);
        assert_eq!(day("2001-02").is_aged_on(&on), Some(true));
        assert_eq!(day("2001-04").is_aged_on(&on), Some(false));
        let year_only = "2021".parse::<Day>().unwrap();
        assert_eq!(
            day("2001-06-30").is_aged_on(&year_only),
            None,
            "the day the status is asked for is vague"
        );
        assert_eq!(day("2001-01-01").is_aged_on(&year_only), Some(true));
        assert_eq!(day("2002-01-01").is_aged_on(&year_only), Some(false));
    }

    #[test]
    fn partial_dates_travel_as_iso_text() {
        let json = serde_json::to_string(&day("1973. 12.")).unwrap();
        assert_eq!(json, "\"1973-12\"");
        assert_eq!(serde_json::from_str::<PartialDay>(&json).unwrap(), day("1973-12"));
        assert!(serde_json::from_str::<PartialDay>("\"1973-13\"").is_err());
    }

    #[test]
    fn facts_keep_their_source_and_reference_date_through_serde() {
        let mut facts = ComplexFacts::default();
        let sourced = |value| Sourced {
            value,
            source: "시험 현황통계 2024년 4분기".to_string(),
            as_of: Day::ymd(2024, 12, 31),
            as_written: "1,234.5".to_string(),
        };
        assert!(facts.set(FactField::Area, sourced(FactValue::AreaM2(1_234_500))));
        assert!(
            !facts.set(FactField::Area, sourced(FactValue::Text("넓음".into()))),
            "wrong type"
        );
        assert!(facts.set(FactField::ConstructionStarted, sourced(FactValue::Day(day("1999")))));
        let back: ComplexFacts = serde_json::from_str(&serde_json::to_string(&facts).unwrap()).unwrap();
        assert_eq!(back, facts);
        assert_eq!(back.area_m2.unwrap().as_of, Day::ymd(2024, 12, 31));
        assert_eq!(facts.get(FactField::Area).unwrap().value.to_string(), "1,234,500㎡");
        assert_eq!(facts.get(FactField::District), None);
        assert_eq!(facts.is_aged_on(&Day::ymd(2020, 1, 1)), Some(true));
        assert_eq!(ComplexFacts::default().is_aged_on(&Day::ymd(2020, 1, 1)), None);
    }
}
