//! 평가표: one evaluator's scores for one plan, a line per sub-item with its written reason,
//! and the bonus points. Saved as a draft as often as she likes; once submitted it is locked.

use serde::{Deserialize, Serialize};

use super::framework::Framework;
use super::points::Points;

/// One scored line: the points and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mark {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Points>,
    #[serde(default)]
    pub reason: String,
}

/// 평가표 contents, aligned with the frozen framework: `items[k]` scores `framework.items()[k]`,
/// `bonuses[k]` scores `framework.bonuses[k]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreSheet {
    pub items: Vec<Mark>,
    #[serde(default)]
    pub bonuses: Vec<Mark>,
    /// 종합 의견
    #[serde(default)]
    pub opinion: String,
}

/// What is wrong with a line, pointing at its form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetProblem {
    /// "item-3", "bonus-0", "opinion"
    pub field: String,
    pub message: String,
}

/// Longest reason or opinion kept, in characters.
pub const REASON_LIMIT: usize = 2_000;

impl ScoreSheet {
    /// An empty sheet for `framework`.
    pub fn blank(framework: &Framework) -> ScoreSheet {
        ScoreSheet {
            items: vec![Mark::default(); framework.items().len()],
            bonuses: vec![Mark::default(); framework.bonuses.len()],
            opinion: String::new(),
        }
    }

    /// Problems that stop even a draft from being saved: a score out of range, a line that
    /// does not exist, a reason too long. A draft may leave lines empty.
    pub fn draft_problems(&self, framework: &Framework) -> Vec<SheetProblem> {
        let mut problems = Vec::new();
        let items = framework.items();
        if self.items.len() != items.len() || self.bonuses.len() != framework.bonuses.len() {
            problems.push(SheetProblem {
                field: "items".into(),
                message: format!(
                    "평가표의 항목 수가 평가틀과 다릅니다 (평가항목 {}개, 가점 {}개여야 합니다).",
                    items.len(),
                    framework.bonuses.len()
                ),
            });
            return problems;
        }
        for (k, (mark, item)) in self.items.iter().zip(&items).enumerate() {
            let what = format!("'{}'", item.label);
            out_of_range(&mut problems, &format!("item-{k}"), mark.points, item.max_points, &what);
            long_reason(&mut problems, &format!("item-{k}"), &mark.reason, &item.label);
        }
        for (k, (mark, bonus)) in self.bonuses.iter().zip(&framework.bonuses).enumerate() {
            let what = format!("가점 '{}'", bonus.name);
            out_of_range(
                &mut problems,
                &format!("bonus-{k}"),
                mark.points,
                Some(bonus.max_points),
                &what,
            );
            long_reason(&mut problems, &format!("bonus-{k}"), &mark.reason, &bonus.name);
        }
        long_reason(&mut problems, "opinion", &self.opinion, "종합 의견");
        problems
    }

    /// Problems that stop a submission: the draft's, and every line scored with a reason.
    pub fn submit_problems(&self, framework: &Framework) -> Vec<SheetProblem> {
        let mut problems = self.draft_problems(framework);
        if !problems.is_empty() {
            return problems;
        }
        for (k, (mark, item)) in self.items.iter().zip(framework.items()).enumerate() {
            if mark.points.is_none() {
                problems.push(SheetProblem {
                    field: format!("item-{k}"),
                    message: format!("'{}'의 점수를 입력하십시오.", item.label),
                });
            } else if mark.reason.trim().is_empty() {
                problems.push(SheetProblem {
                    field: format!("item-{k}"),
                    message: format!("'{}'의 평가 사유를 쓰십시오.", item.label),
                });
            }
        }
        for (k, (mark, bonus)) in self.bonuses.iter().zip(&framework.bonuses).enumerate() {
            if mark.points.is_some_and(|p| p.0 > 0) && mark.reason.trim().is_empty() {
                problems.push(SheetProblem {
                    field: format!("bonus-{k}"),
                    message: format!("가점 '{}'을(를) 준 사유를 쓰십시오.", bonus.name),
                });
            }
        }
        problems
    }

    /// Points per indicator (tenths), unscored lines counting as zero.
    pub fn indicator_points(&self, framework: &Framework) -> Vec<i64> {
        let mut sums = vec![0; framework.indicators.len()];
        for (mark, item) in self.items.iter().zip(framework.items()) {
            sums[item.indicator] += mark.points.map_or(0, |p| p.0);
        }
        sums
    }

    /// Bonus points as counted: their sum, no more than the framework's limit.
    pub fn bonus_points(&self, framework: &Framework) -> Points {
        let sum = self.bonuses.iter().map(|m| m.points.map_or(0, |p| p.0)).sum();
        Points(sum).min(framework.bonus_limit())
    }

    /// 총점: the indicators plus the bonus as counted.
    pub fn total(&self, framework: &Framework) -> Points {
        Points(self.indicator_points(framework).iter().sum::<i64>() + self.bonus_points(framework).0)
    }
}

/// A score below zero or above the line's points. The page's form cannot type a negative, but
/// the API takes any integer, and a negative score would lower a plan's total.
fn out_of_range(
    problems: &mut Vec<SheetProblem>,
    field: &str,
    points: Option<Points>,
    max: Option<Points>,
    what: &str,
) {
    let Some(p) = points else { return };
    let message = if p.0 < 0 {
        format!("{what}에는 0점보다 낮은 점수를 줄 수 없습니다 ({p}점을 입력함).")
    } else if let Some(max) = max.filter(|max| p > *max) {
        format!("{what}은(는) {max}점까지 줄 수 있습니다 ({p}점을 입력함).")
    } else {
        return;
    };
    problems.push(SheetProblem {
        field: field.to_string(),
        message,
    });
}

fn long_reason(problems: &mut Vec<SheetProblem>, field: &str, text: &str, label: &str) {
    if text.chars().count() > REASON_LIMIT {
        problems.push(SheetProblem {
            field: field.to_string(),
            message: format!("'{label}'의 글은 {REASON_LIMIT}자까지 쓸 수 있습니다."),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::framework::{Bonus, SubItem};

    fn framework() -> Framework {
        let mut f = Framework::seed_default(5);
        f.indicators[0].sub_items = vec![
            SubItem {
                name: "현황".into(),
                max_points: Some(Points::whole(10)),
            },
            SubItem {
                name: "전략".into(),
                max_points: Some(Points::whole(20)),
            },
        ];
        for i in 1..4 {
            f.indicators[i].max_points = Some(Points::whole(20));
        }
        f.bonuses = vec![
            Bonus {
                name: "뉴딜 연계".into(),
                max_points: Points::whole(3),
            },
            Bonus {
                name: "일자리".into(),
                max_points: Points::whole(3),
            },
        ];
        f.bonus_cap = Some(Points::whole(4));
        f
    }

    fn mark(points: i64, reason: &str) -> Mark {
        Mark {
            points: Some(Points(points)),
            reason: reason.into(),
        }
    }

    #[test]
    fn a_sheet_adds_up_by_indicator_with_the_bonus_capped() {
        let f = framework();
        let sheet = ScoreSheet {
            items: vec![
                mark(85, "a"),
                mark(150, "b"),
                mark(180, "c"),
                mark(100, "d"),
                mark(195, "e"),
            ],
            bonuses: vec![mark(30, "뉴딜"), mark(25, "일자리")],
            opinion: String::new(),
        };
        assert!(sheet.submit_problems(&f).is_empty());
        assert_eq!(sheet.indicator_points(&f), vec![235, 180, 100, 195]);
        assert_eq!(sheet.bonus_points(&f), Points::whole(4));
        assert_eq!(sheet.total(&f), Points(710 + 40));
    }

    #[test]
    fn a_draft_may_be_incomplete_but_never_out_of_range() {
        let f = framework();
        let mut sheet = ScoreSheet::blank(&f);
        assert!(sheet.draft_problems(&f).is_empty());
        assert_eq!(sheet.submit_problems(&f).len(), 5, "every line needs a score");
        sheet.items[0] = mark(110, "over");
        sheet.bonuses[1] = mark(40, "too much");
        let problems = sheet.draft_problems(&f);
        assert_eq!(
            problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(),
            vec!["item-0", "bonus-1"]
        );
        assert!(problems[0].message.contains("10점까지"), "{}", problems[0].message);
    }

    #[test]
    fn a_negative_score_or_bonus_is_refused_even_in_a_draft() {
        let f = framework();
        let mut sheet = ScoreSheet::blank(&f);
        sheet.items[2] = mark(-10, "감점");
        sheet.bonuses[0] = mark(-5, "감점");
        let problems = sheet.draft_problems(&f);
        assert_eq!(
            problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(),
            vec!["item-2", "bonus-0"]
        );
        assert!(
            problems[0].message.contains("0점보다 낮은 점수") && problems[0].message.contains("-1점을 입력함"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[1].message.starts_with("가점 '뉴딜 연계'"),
            "{}",
            problems[1].message
        );
        sheet.items[2] = mark(0, "없음");
        sheet.bonuses[0] = mark(0, "");
        assert!(sheet.draft_problems(&f).is_empty(), "zero is a score");
    }

    #[test]
    fn a_complete_sheet_with_a_negative_line_cannot_be_submitted() {
        let f = framework();
        let sheet = ScoreSheet {
            items: vec![
                mark(85, "a"),
                mark(150, "b"),
                mark(180, "c"),
                mark(100, "d"),
                mark(195, "e"),
            ],
            bonuses: vec![mark(-30, "감점"), Mark::default()],
            opinion: String::new(),
        };
        let fields: Vec<String> = sheet.submit_problems(&f).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["bonus-0"]);
    }

    #[test]
    fn a_score_without_a_reason_cannot_be_submitted() {
        let f = framework();
        let mut sheet = ScoreSheet {
            items: vec![
                mark(85, "a"),
                mark(150, ""),
                mark(180, "c"),
                mark(100, "d"),
                mark(195, "e"),
            ],
            bonuses: vec![mark(10, ""), Mark::default()],
            opinion: String::new(),
        };
        let fields: Vec<String> = sheet.submit_problems(&f).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, vec!["item-1", "bonus-0"]);
        sheet.items.pop();
        assert!(sheet.draft_problems(&f)[0].message.contains("항목 수"));
    }
}
