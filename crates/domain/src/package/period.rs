//! 사업기간: the three budget years of a package and the quarters money is executed in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::date::Day;

/// 분기: a quarter of a budget year (the Korean fiscal year is the calendar year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quarter {
    pub year: i32,
    /// 1–4
    pub quarter: u8,
}

impl Quarter {
    pub fn new(year: i32, quarter: u8) -> Result<Quarter, String> {
        if !(1..=4).contains(&quarter) {
            return Err(format!("분기는 1~4 중 하나여야 합니다 (입력: {quarter})."));
        }
        if !(2000..=2100).contains(&year) {
            return Err(format!("연도 {year}은(는) 사용할 수 없습니다."));
        }
        Ok(Quarter { year, quarter })
    }

    /// The quarter a day falls in; a day known only to its year is in its first quarter.
    pub fn of(day: &Day) -> Quarter {
        let month = day.month.unwrap_or(1);
        Quarter {
            year: day.year,
            quarter: (month - 1) / 3 + 1,
        }
    }

    /// The last day of the quarter: 3-31, 6-30, 9-30, 12-31.
    pub fn last_day(&self) -> Day {
        let month = self.quarter * 3;
        let day = if matches!(month, 3 | 12) { 31 } else { 30 };
        Day::ymd(self.year, month, day)
    }

    /// "2022년 3분기"
    pub fn korean(&self) -> String {
        format!("{}년 {}분기", self.year, self.quarter)
    }

    /// Quarters counted from the first quarter of year 0, so spans are a subtraction.
    fn ordinal(&self) -> i32 {
        self.year * 4 + i32::from(self.quarter) - 1
    }

    /// The quarter `quarters` after this one (before it when negative).
    pub fn offset(&self, quarters: i32) -> Quarter {
        let ordinal = self.ordinal() + quarters;
        Quarter {
            year: ordinal.div_euclid(4),
            quarter: ordinal.rem_euclid(4) as u8 + 1,
        }
    }

    /// How many quarters this one comes after `earlier` (negative when it comes before).
    pub fn since(&self, earlier: Quarter) -> i32 {
        self.ordinal() - earlier.ordinal()
    }
}

/// "2022-Q3"
impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

impl FromStr for Quarter {
    type Err = String;

    fn from_str(text: &str) -> Result<Quarter, String> {
        let bad = || format!("'{text}'은(는) 분기 형식이 아닙니다 (예: 2022-Q3).");
        let (year, q) = text.trim().split_once("-Q").ok_or_else(bad)?;
        let year = year.parse().map_err(|_| bad())?;
        let q = q.parse().map_err(|_| bad())?;
        Quarter::new(year, q)
    }
}

/// The three budget years of a round's package. A plan selected in one year is confirmed by its
/// end and funded from the next: the 2020 regions' package ran 2021–2023, the 2021 regions'
/// 2022–2024 (their 3-year targets are stated for those years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PackagePeriod {
    pub first_year: i32,
}

impl PackagePeriod {
    pub const YEARS: i32 = 3;

    pub fn of_round(round: i32) -> PackagePeriod {
        PackagePeriod { first_year: round + 1 }
    }

    pub fn last_year(&self) -> i32 {
        self.first_year + Self::YEARS - 1
    }

    pub fn years(&self) -> impl Iterator<Item = i32> {
        self.first_year..=self.last_year()
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.first_year..=self.last_year()).contains(&year)
    }

    /// "2022~2024년"
    pub fn korean(&self) -> String {
        format!("{}~{}년", self.first_year, self.last_year())
    }

    /// How much of the period has passed at the end of `quarter`, in thousandths (0–1000).
    pub fn elapsed_permille(&self, quarter: Quarter) -> i64 {
        let start = Quarter {
            year: self.first_year,
            quarter: 1,
        }
        .ordinal();
        let total = i64::from(Self::YEARS * 4);
        let done = i64::from(quarter.ordinal() - start + 1).clamp(0, total);
        done * 1000 / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_count_across_years_both_ways() {
        let q = Quarter { year: 2020, quarter: 3 };
        assert_eq!(q.offset(2), Quarter { year: 2021, quarter: 1 });
        assert_eq!(q.offset(-3), Quarter { year: 2019, quarter: 4 });
        assert_eq!(q.offset(0), q);
        assert_eq!(Quarter { year: 2021, quarter: 1 }.since(q), 2);
        assert_eq!(Quarter { year: 2019, quarter: 4 }.since(q), -3);
    }

    #[test]
    fn a_round_is_funded_for_the_three_years_after_it() {
        let p = PackagePeriod::of_round(2021);
        assert_eq!(p.years().collect::<Vec<_>>(), [2022, 2023, 2024]);
        assert_eq!(p.korean(), "2022~2024년");
        assert!(!p.contains(2021) && p.contains(2024) && !p.contains(2025));
    }

    #[test]
    fn elapsed_time_counts_whole_quarters_and_stays_within_the_period() {
        let p = PackagePeriod::of_round(2021);
        let q = |y, n| Quarter::new(y, n).unwrap();
        assert_eq!(p.elapsed_permille(q(2021, 4)), 0);
        assert_eq!(p.elapsed_permille(q(2022, 1)), 83);
        assert_eq!(p.elapsed_permille(q(2023, 2)), 500);
        assert_eq!(p.elapsed_permille(q(2024, 4)), 1000);
        assert_eq!(p.elapsed_permille(q(2026, 1)), 1000);
    }

    #[test]
    fn quarters_are_read_written_and_bounded() {
        let q: Quarter = "2022-Q3".parse().unwrap();
        assert_eq!(q.korean(), "2022년 3분기");
        assert_eq!(q.to_string(), "2022-Q3");
        assert_eq!(q.last_day(), Day::ymd(2022, 9, 30));
        assert_eq!(Quarter::of(&Day::ymd(2022, 12, 1)).quarter, 4);
        assert!("2022-Q5".parse::<Quarter>().unwrap_err().contains("1~4"));
        assert!("2022/3".parse::<Quarter>().unwrap_err().contains("예: 2022-Q3"));
    }
}
