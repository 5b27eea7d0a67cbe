//! 분기별 산업단지 동향: 한국산업단지공단's quarterly 전국산업단지 현황통계 — for each complex and
//! quarter, its 입주업체, 가동업체, 고용, 생산 and 수출. Figures are kept in the units the survey
//! publishes them (개사, 명, 억 원, 백만 달러), so a row is a transcription of the table and no
//! conversion can add precision the source never had.
//!
//! This is the survey's whole time series; the yearly [`HubStatistic`](crate::feasibility::HubStatistic)
//! figures the office enters for the feasibility panel are single cited figures and stay apart.

use serde::{Deserialize, Serialize};

use crate::complex::ComplexId;
use crate::package::Quarter;
use crate::quantity::{Quantity, Unit};

/// 분기별 산업단지 동향: one complex's row of one quarter's survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterlySurvey {
    pub complex: ComplexId,
    pub quarter: Quarter,
    /// 입주업체 수 (개사)
    pub tenants: i64,
    /// 가동업체 수 (개사): tenants that are producing, never more than the tenants.
    pub operating: i64,
    /// 고용 (명)
    pub employment: i64,
    /// 생산 (억 원), the quarter's output.
    pub production_eok: i64,
    /// 수출 (백만 달러), the quarter's exports.
    pub exports_musd: i64,
    /// 출처 (e.g. "한국산업단지공단 전국산업단지 현황통계 2023년 4분기").
    pub source: String,
}

/// Why a survey row cannot be kept, in the survey's own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurveyProblem {
    #[error("{0}")]
    Quarter(String),
    #[error("{quarter}의 {what}은(는) 0 이상이어야 합니다 (입력: {value}).")]
    Negative {
        quarter: String,
        what: &'static str,
        value: i64,
    },
    #[error("{quarter}의 가동업체 수({operating})가 입주업체 수({tenants})보다 많습니다.")]
    MoreOperatingThanTenants {
        quarter: String,
        operating: i64,
        tenants: i64,
    },
    #[error("{quarter}의 출처가 비어 있습니다.")]
    NoSource { quarter: String },
}

impl QuarterlySurvey {
    /// Everything wrong with the row; empty when it may be kept.
    pub fn problems(&self) -> Vec<SurveyProblem> {
        let mut problems = Vec::new();
        // The fields are public, so a row read from elsewhere may name a quarter `Quarter::new`
        // would refuse.
        if let Err(e) = Quarter::new(self.quarter.year, self.quarter.quarter) {
            problems.push(SurveyProblem::Quarter(e));
        }
        let quarter = self.quarter.korean();
        for (what, value) in self.figures() {
            if value < 0 {
                problems.push(SurveyProblem::Negative {
                    quarter: quarter.clone(),
                    what,
                    value,
                });
            }
        }
        if self.operating > self.tenants {
            problems.push(SurveyProblem::MoreOperatingThanTenants {
                quarter: quarter.clone(),
                operating: self.operating,
                tenants: self.tenants,
            });
        }
        if self.source.trim().is_empty() {
            problems.push(SurveyProblem::NoSource { quarter });
        }
        problems
    }

    /// (name, figure) in the order the survey's table prints them.
    fn figures(&self) -> [(&'static str, i64); 5] {
        [
            ("입주업체 수", self.tenants),
            ("가동업체 수", self.operating),
            ("고용", self.employment),
            ("생산", self.production_eok),
            ("수출", self.exports_musd),
        ]
    }
}

/// 전년 동기 대비: the latest quarter's figures against the same quarter a year before, each a
/// percentage (hundredths, rounded half away from zero); `None` where the year-earlier figure is
/// 0 and no rate exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearOnYear {
    pub quarter: Quarter,
    pub tenants: Option<Quantity>,
    pub operating: Option<Quantity>,
    pub employment: Option<Quantity>,
    pub production: Option<Quantity>,
    pub exports: Option<Quantity>,
}

/// The year-on-year change of the latest of `rows` (one complex's survey, in any order), or
/// `None` when the survey lacks the same quarter of the year before.
pub fn year_on_year(rows: &[QuarterlySurvey]) -> Option<YearOnYear> {
    let latest = rows.iter().max_by_key(|r| r.quarter)?;
    let year_before = Quarter {
        year: latest.quarter.year - 1,
        quarter: latest.quarter.quarter,
    };
    let before = rows.iter().find(|r| r.quarter == year_before)?;
    let [tenants, operating, employment, production, exports] =
        std::array::from_fn(|i| change(latest.figures()[i].1, before.figures()[i].1));
    Some(YearOnYear {
        quarter: latest.quarter,
        tenants,
        operating,
        employment,
        production,
        exports,
    })
}

/// `now` against `then` as a percentage in hundredths.
fn change(now: i64, then: i64) -> Option<Quantity> {
    if then == 0 {
        return None;
    }
    let (diff, base) = (i128::from(now - then) * 10_000, i128::from(then));
    let half = base.abs() / 2;
    let rounded = (diff + diff.signum() * half) / base;
    i64::try_from(rounded).ok().map(|h| Quantity::new(h, Unit::Percent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: i32, quarter: u8, tenants: i64, operating: i64) -> QuarterlySurvey {
        QuarterlySurvey {
            complex: ComplexId("banwol-sihwa".into()),
            quarter: Quarter { year, quarter },
            tenants,
            operating,
            employment: 250_000,
            production_eok: 160_000,
            exports_musd: 3_000,
            source: "시험 자료".into(),
        }
    }

    #[test]
    fn a_plausible_row_has_no_problems() {
        assert_eq!(row(2023, 4, 20_000, 18_500).problems(), vec![]);
        assert_eq!(row(2023, 4, 0, 0).problems(), vec![], "a complex still being built");
    }

    #[test]
    fn more_operating_firms_than_tenants_is_refused() {
        assert_eq!(
            row(2023, 4, 100, 101).problems(),
            vec![SurveyProblem::MoreOperatingThanTenants {
                quarter: "2023년 4분기".into(),
                operating: 101,
                tenants: 100
            }]
        );
    }

    #[test]
    fn every_negative_figure_is_named() {
        let mut r = row(2023, 4, 10, 5);
        r.employment = -1;
        r.exports_musd = -7;
        let messages: Vec<String> = r.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "2023년 4분기의 고용은(는) 0 이상이어야 합니다 (입력: -1).",
                "2023년 4분기의 수출은(는) 0 이상이어야 합니다 (입력: -7).",
            ]
        );
    }

    #[test]
    fn a_quarter_out_of_range_and_a_missing_source_are_refused() {
        let mut r = row(2023, 5, 10, 5);
        r.source = " ".into();
        let problems = r.problems();
        assert!(
            matches!(&problems[0], SurveyProblem::Quarter(m) if m.contains("1~4")),
            "{problems:?}"
        );
        assert!(matches!(problems[1], SurveyProblem::NoSource { .. }));
        assert!(matches!(row(1999, 4, 1, 1).problems()[0], SurveyProblem::Quarter(_)));
    }

    #[test]
    fn the_latest_quarter_is_weighed_against_the_same_quarter_a_year_before() {
        let mut latest = row(2023, 4, 1_050, 990);
        latest.production_eok = 100;
        let mut earlier = row(2022, 4, 1_000, 1_000);
        earlier.production_eok = 0;
        earlier.exports_musd = 4_000;
        let rows = [row(2023, 3, 1, 1), latest, row(2023, 1, 1, 1), earlier];
        let change = year_on_year(&rows).unwrap();
        assert_eq!(change.quarter, Quarter { year: 2023, quarter: 4 });
        assert_eq!(change.tenants.unwrap().to_string(), "5%");
        assert_eq!(change.operating.unwrap().to_string(), "-1%");
        assert_eq!(change.employment.unwrap().to_string(), "0%");
        assert_eq!(change.production, None, "no rate from nothing");
        assert_eq!(change.exports.unwrap().to_string(), "-25%");
    }

    #[test]
    fn a_rate_rounds_half_away_from_zero() {
        assert_eq!(change(2, 3), Some(Quantity::new(-3_333, Unit::Percent)));
        assert_eq!(change(5, 3), Some(Quantity::new(6_667, Unit::Percent)));
        assert_eq!(change(20_001, 20_000), Some(Quantity::new(1, Unit::Percent)));
    }

    #[test]
    fn without_the_year_before_there_is_no_change() {
        assert_eq!(year_on_year(&[row(2023, 4, 1, 1), row(2023, 3, 1, 1)]), None);
        assert_eq!(year_on_year(&[]), None);
    }
}
