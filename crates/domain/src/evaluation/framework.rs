//! 평가틀: how a round's plans are scored — the indicators and their sub-items with points, the
//! bonus points and their caps, the cut-off, the aggregation rule, the tie-break order and the
//! quota. The program office sets it before scoring starts; it is frozen from then on.

use serde::{Deserialize, Serialize};

use super::points::Points;
use crate::date::Day;

/// 평가지표 with its 세부항목. An indicator without sub-items is scored as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Named apart from the round's published `round::Indicator`: the API document keys schemas by
// name, and two types of one name silently overwrite each other there.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = EvaluationIndicator))]
pub struct Indicator {
    pub name: String,
    /// 배점 of an indicator scored as a whole; unset until the office sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<Points>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<SubItem>,
}

/// 세부항목
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubItem {
    pub name: String,
    pub max_points: Option<Points>,
}

/// 가점: e.g. 한국판 뉴딜 연계 in 2021.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bonus {
    pub name: String,
    pub max_points: Points,
}

/// 집계 방식
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// 산술평균
    Mean,
    /// 최고·최저점 제외 평균: one highest and one lowest total left out.
    TrimmedMean,
}

impl Aggregation {
    pub const ALL: [Aggregation; 2] = [Aggregation::TrimmedMean, Aggregation::Mean];

    pub fn key(self) -> &'static str {
        match self {
            Aggregation::Mean => "mean",
            Aggregation::TrimmedMean => "trimmed_mean",
        }
    }

    pub fn from_key(key: &str) -> Option<Aggregation> {
        Aggregation::ALL.into_iter().find(|a| a.key() == key)
    }

    pub fn korean(self) -> &'static str {
        match self {
            Aggregation::Mean => "산술평균",
            Aggregation::TrimmedMean => "최고·최저점 제외 평균",
        }
    }

    /// The formula, as the results page shows it.
    pub fn formula(self) -> &'static str {
        match self {
            Aggregation::Mean => "평균 = (평가위원별 총점의 합) ÷ (평가표 수)",
            Aggregation::TrimmedMean => {
                "평균 = (평가위원별 총점의 합 − 최고 총점 1개 − 최저 총점 1개) ÷ (평가표 수 − 2). 같은 총점이 여럿이면 먼저 위촉된 평가위원의 평가표를 뺍니다. 평가표가 3장 이상이어야 합니다."
            }
        }
    }
}

/// 평가틀
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Framework {
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonuses: Vec<Bonus>,
    /// 가점 합계 상한
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus_cap: Option<Points>,
    /// 과락 기준: a plan whose aggregated total is below it cannot be selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_off: Option<Points>,
    pub aggregation: Aggregation,
    /// 동점 처리 순서: indicator positions (0-based) compared in this order.
    pub tie_break: Vec<usize>,
    /// 선정 규모
    pub quota: u32,
    /// 평가위원 수
    pub panel_size: u32,
    /// 평가 마감일
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_due: Option<Day>,
}

/// The four indicators the 2021 call published, without points: the seed gives none.
pub const SEED_INDICATORS: [&str; 4] = [
    "지역진단 전략성",
    "거점·연계지역 적절성",
    "혁신계획 타당성",
    "성과목표 실현가능성",
];

/// One scored line of a sheet: an indicator scored as a whole, or one of its sub-items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    pub indicator: usize,
    pub sub_item: Option<usize>,
    pub label: String,
    pub max_points: Option<Points>,
}

impl Framework {
    /// The seed's four indicators with points unset, 9 evaluators, the trimmed mean, and ties
    /// broken in indicator order: the office sets points before scoring can start.
    pub fn seed_default(quota: u32) -> Framework {
        Framework {
            indicators: SEED_INDICATORS
                .iter()
                .map(|name| Indicator {
                    name: name.to_string(),
                    max_points: None,
                    sub_items: vec![],
                })
                .collect(),
            bonuses: vec![],
            bonus_cap: None,
            cut_off: None,
            aggregation: Aggregation::TrimmedMean,
            tie_break: (0..SEED_INDICATORS.len()).collect(),
            quota,
            panel_size: 9,
            scoring_due: None,
        }
    }

    /// Every line an evaluator scores, in sheet order.
    pub fn items(&self) -> Vec<Item> {
        self.indicators
            .iter()
            .enumerate()
            .flat_map(|(i, indicator)| {
                if indicator.sub_items.is_empty() {
                    vec![Item {
                        indicator: i,
                        sub_item: None,
                        label: indicator.name.clone(),
                        max_points: indicator.max_points,
                    }]
                } else {
                    indicator
                        .sub_items
                        .iter()
                        .enumerate()
                        .map(|(j, sub)| Item {
                            indicator: i,
                            sub_item: Some(j),
                            label: format!("{} — {}", indicator.name, sub.name),
                            max_points: sub.max_points,
                        })
                        .collect()
                }
            })
            .collect()
    }

    /// An indicator's points: its own, or the sum of its sub-items' (None while any is unset).
    pub fn indicator_points(&self, i: usize) -> Option<Points> {
        let indicator = &self.indicators[i];
        if indicator.sub_items.is_empty() {
            indicator.max_points
        } else {
            indicator
                .sub_items
                .iter()
                .map(|s| s.max_points.map(|p| p.0))
                .sum::<Option<i64>>()
                .map(Points)
        }
    }

    /// 배점 합계 without bonuses.
    pub fn total_points(&self) -> Option<Points> {
        (0..self.indicators.len())
            .map(|i| self.indicator_points(i).map(|p| p.0))
            .sum::<Option<i64>>()
            .map(Points)
    }

    /// The most bonus a sheet can add: the cap, or else the sum of the bonuses.
    pub fn bonus_limit(&self) -> Points {
        let sum = Points(self.bonuses.iter().map(|b| b.max_points.0).sum());
        self.bonus_cap.map_or(sum, |cap| cap.min(sum))
    }

    /// Everything that must be right before scoring may start; empty when it is ready.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.indicators.is_empty() {
            problems.push("평가지표를 하나 이상 정하십시오.".to_string());
        }
        let mut names: Vec<&str> = self.indicators.iter().map(|i| i.name.trim()).collect();
        if names.iter().any(|n| n.is_empty()) {
            problems.push("이름이 비어 있는 평가지표가 있습니다.".to_string());
        }
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            problems.push("같은 이름의 평가지표가 두 번 있습니다.".to_string());
        }
        for item in self.items() {
            match item.max_points {
                None => problems.push(format!("'{}'의 배점을 정하십시오.", item.label)),
                Some(p) if p.0 <= 0 => problems.push(format!("'{}'의 배점은 0보다 커야 합니다.", item.label)),
                Some(_) => {}
            }
        }
        for bonus in &self.bonuses {
            if bonus.name.trim().is_empty() || bonus.max_points.0 <= 0 {
                problems.push("가점은 이름과 0보다 큰 상한이 있어야 합니다.".to_string());
            }
        }
        // A negative cap would take points off every sheet that has a bonus line.
        if self.bonus_cap.is_some_and(|cap| cap.0 < 0) {
            problems.push("가점 합계 상한은 0점 이상이어야 합니다.".to_string());
        }
        if self.cut_off.is_some_and(|cut| cut.0 < 0) {
            problems.push("과락 기준은 0점 이상이어야 합니다.".to_string());
        }
        // What the form's six digits and a tenth can say; beyond it, sums could overflow.
        let too_big = self
            .items()
            .iter()
            .filter_map(|i| i.max_points)
            .chain(self.bonuses.iter().map(|b| b.max_points))
            .chain(self.bonus_cap)
            .chain(self.cut_off)
            .any(|p| p.0 > 9_999_999);
        if too_big {
            problems.push("배점·가점·과락 기준은 999,999.9점 이하로 정하십시오.".to_string());
        }
        if !too_big
            && let (Some(cut), Some(total)) = (self.cut_off, self.total_points())
            && cut > total
        {
            problems.push(format!("과락 기준 {cut}점이 배점 합계 {total}점보다 큽니다."));
        }
        let mut order = self.tie_break.clone();
        order.sort_unstable();
        order.dedup();
        if order.len() != self.tie_break.len() || self.tie_break.iter().any(|&i| i >= self.indicators.len()) {
            problems.push("동점 처리 순서에는 평가지표 번호를 한 번씩만 쓰십시오.".to_string());
        }
        if self.quota == 0 {
            problems.push("선정 규모는 1곳 이상이어야 합니다.".to_string());
        }
        if self.panel_size == 0 || self.panel_size > 50 {
            problems.push("평가위원 수는 1명에서 50명 사이여야 합니다.".to_string());
        }
        if self.aggregation == Aggregation::TrimmedMean && self.panel_size < 3 {
            problems.push("최고·최저점 제외 평균에는 평가위원이 3명 이상 있어야 합니다.".to_string());
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready() -> Framework {
        let mut f = Framework::seed_default(5);
        f.indicators[0].sub_items = vec![
            SubItem {
                name: "현황 진단".into(),
                max_points: Some(Points::whole(10)),
            },
            SubItem {
                name: "전략".into(),
                max_points: Some(Points::whole(15)),
            },
        ];
        for i in 1..4 {
            f.indicators[i].max_points = Some(Points::whole(25));
        }
        f
    }

    #[test]
    fn the_seed_default_has_the_four_indicators_and_no_invented_points() {
        let f = Framework::seed_default(5);
        assert_eq!(f.indicators.len(), 4);
        assert_eq!(f.panel_size, 9);
        assert_eq!(f.total_points(), None);
        let problems = f.problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("지역진단 전략성"));
    }

    #[test]
    fn points_beyond_what_the_form_can_write_are_a_problem_and_never_overflow_the_total() {
        let mut f = ready();
        f.indicators[1].max_points = Some(Points(i64::MAX));
        f.indicators[2].max_points = Some(Points(i64::MAX));
        f.cut_off = Some(Points::whole(10));
        let problems = f.problems();
        assert_eq!(problems, ["배점·가점·과락 기준은 999,999.9점 이하로 정하십시오."]);
    }

    #[test]
    fn sub_items_make_up_their_indicator_and_the_sheet_lists_them() {
        let f = ready();
        assert!(f.problems().is_empty(), "{:?}", f.problems());
        assert_eq!(f.indicator_points(0), Some(Points::whole(25)));
        assert_eq!(f.total_points(), Some(Points::whole(100)));
        let labels: Vec<String> = f.items().into_iter().map(|i| i.label).collect();
        assert_eq!(labels[0], "지역진단 전략성 — 현황 진단");
        assert_eq!(labels.len(), 5);
    }

    #[test]
    fn bonuses_are_limited_by_their_cap() {
        let mut f = ready();
        f.bonuses = vec![
            Bonus {
                name: "한국판 뉴딜 연계".into(),
                max_points: Points::whole(3),
            },
            Bonus {
                name: "지역 일자리".into(),
                max_points: Points::whole(2),
            },
        ];
        assert_eq!(f.bonus_limit(), Points::whole(5));
        f.bonus_cap = Some(Points::whole(3));
        assert_eq!(f.bonus_limit(), Points::whole(3));
    }

    #[test]
    fn a_negative_bonus_cap_or_cut_off_is_refused() {
        let mut f = ready();
        f.bonuses = vec![Bonus {
            name: "한국판 뉴딜 연계".into(),
            max_points: Points::whole(3),
        }];
        f.bonus_cap = Some(Points::whole(-5));
        f.cut_off = Some(Points::whole(-1));
        assert_eq!(
            f.problems(),
            [
                "가점 합계 상한은 0점 이상이어야 합니다.",
                "과락 기준은 0점 이상이어야 합니다."
            ]
        );
        f.bonus_cap = Some(Points(0));
        f.cut_off = Some(Points(0));
        assert!(f.problems().is_empty(), "{:?}", f.problems());
    }

    #[test]
    fn a_cut_off_above_the_total_a_repeated_tie_break_or_no_quota_are_refused() {
        let mut f = ready();
        f.cut_off = Some(Points::whole(101));
        f.tie_break = vec![0, 0, 1];
        f.quota = 0;
        let problems = f.problems().join(" / ");
        assert!(problems.contains("과락 기준 101점"), "{problems}");
        assert!(problems.contains("동점 처리 순서"), "{problems}");
        assert!(problems.contains("선정 규모"), "{problems}");
    }
}
