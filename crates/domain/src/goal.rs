//! 성과목표: a plan's goals, each with what the publication said about it and where.
//!
//! One goal can be stated twice — in the body of the press release and in the region's
//! reference sheet. The record keeps every statement with its place; the target is only
//! known when they agree. Busan's production goal (5조 원 in the body, 1.3조원 in the sheet)
//! is the case this exists for: it is shown as a discrepancy, never silently resolved.
//! A plan submitted and decided in Sandan states each goal once, as the province submitted it.

use serde::{Deserialize, Serialize};

use crate::quantity::Quantity;

/// How progress towards a goal is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// 증대·창출·육성·유치: add the target to the baseline (생산액 5조 원 증대, 고용 1만 명 창출)
    Increase,
    /// 달성: reach a level (만족도 지수 80점, 산업전환율 30%)
    ReachLevel,
    /// 상승: raise a rate by the target (청년고용 증가율 8% 상승)
    RaiseBy,
    /// ZERO화: drive a count to zero (안전사고)
    DriveToZero,
    /// 정성: no figure (디지털 레벨향상)
    Qualitative,
}

impl GoalKind {
    pub fn korean(self) -> &'static str {
        match self {
            GoalKind::Increase => "증가",
            GoalKind::ReachLevel => "수준 달성",
            GoalKind::RaiseBy => "비율 상승",
            GoalKind::DriveToZero => "제로화",
            GoalKind::Qualitative => "정성 목표",
        }
    }

    /// Whether a statement of this kind of goal must carry a figure.
    pub fn needs_target(self) -> bool {
        matches!(self, GoalKind::Increase | GoalKind::ReachLevel | GoalKind::RaiseBy)
    }
}

/// Where a statement stands: in the press release, or in the plan a province submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// 본문: the body text's summary of the region
    Body,
    /// 참고: the region's reference sheet (혁신계획 개요)
    Sheet,
    /// 제출 혁신계획: the plan the province submitted in Sandan, published with the committee's
    /// decision on it
    Submitted,
}

impl Place {
    pub fn korean(self) -> &'static str {
        match self {
            Place::Body => "보도자료 본문",
            Place::Sheet => "참고자료(혁신계획 개요)",
            Place::Submitted => "제출 혁신계획",
        }
    }
}

/// One published statement of a goal, word for word, with the figure it states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalStatement {
    pub place: Place,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Quantity>,
}

/// 성과목표
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Goal {
    /// What is measured: 생산액, 고용, 강소기업, …
    pub metric: String,
    pub kind: GoalKind,
    pub statements: Vec<GoalStatement>,
}

/// The reference sheet's statement among `candidates`, else the first.
fn preferred<'a>(candidates: impl Iterator<Item = &'a GoalStatement>) -> Option<&'a GoalStatement> {
    let all: Vec<&GoalStatement> = candidates.collect();
    all.iter().find(|s| s.place == Place::Sheet).or(all.first()).copied()
}

/// Two statements of one goal that state different figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Discrepancy {
    pub metric: String,
    pub first: GoalStatement,
    pub second: GoalStatement,
}

/// A statement whose figure is not what its own words say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("목표 문구 '{text}'에 수치 {target}이(가) 없습니다")]
    TargetNotInText { text: String, target: Quantity },
    #[error("'{metric}' 목표({kind})에는 목표 수치가 있어야 합니다: '{text}'")]
    MissingTarget {
        metric: String,
        kind: &'static str,
        text: String,
    },
    #[error("'{metric}' 목표에 게재된 문구가 하나도 없습니다")]
    NoStatement { metric: String },
}

impl Goal {
    /// The statement at a place, if the publication states the goal there.
    pub fn statement_at(&self, place: Place) -> Option<&GoalStatement> {
        self.statements.iter().find(|s| s.place == place)
    }

    /// The target all statements agree on, or the first pair that disagrees.
    pub fn target(&self) -> Result<Option<Quantity>, Box<Discrepancy>> {
        let mut stated = self.statements.iter().filter(|s| s.target.is_some());
        let Some(first) = stated.next() else { return Ok(None) };
        for other in stated {
            if !first.target.unwrap().same_amount(&other.target.unwrap()) {
                return Err(Box::new(Discrepancy {
                    metric: self.metric.clone(),
                    first: first.clone(),
                    second: other.clone(),
                }));
            }
        }
        Ok(first.target)
    }

    /// The statement an official document writes for this goal, in its body and its reference
    /// sheet alike, so the two cannot disagree: the one stating the target adopted in results
    /// tracking, if any; otherwise the reference sheet's (the plan's own summary), else the first
    /// (the body's, or the submitted plan's). When the statements disagree and nothing was
    /// adopted, the disagreement comes back with the choice so the document's maker is told.
    pub fn document_statement(&self, adopted: Option<&Quantity>) -> (Option<&GoalStatement>, Option<Box<Discrepancy>>) {
        if let Some(adopted) = adopted
            && let Some(s) = preferred(
                self.statements
                    .iter()
                    .filter(|s| s.target.is_some_and(|t| t.same_amount(adopted))),
            )
        {
            return (Some(s), None);
        }
        (preferred(self.statements.iter()), self.target().err())
    }

    /// Each statement's figure must be written in its own text, and goals with a figure
    /// must state one.
    pub fn check_statements(&self) -> Vec<StatementError> {
        let mut errors = Vec::new();
        if self.statements.is_empty() {
            errors.push(StatementError::NoStatement {
                metric: self.metric.clone(),
            });
        }
        for s in &self.statements {
            match s.target {
                Some(target) if !Quantity::find_all(&s.text).iter().any(|q| q.same_amount(&target)) => {
                    errors.push(StatementError::TargetNotInText {
                        text: s.text.clone(),
                        target,
                    })
                }
                None if self.kind.needs_target() => errors.push(StatementError::MissingTarget {
                    metric: self.metric.clone(),
                    kind: self.kind.korean(),
                    text: s.text.clone(),
                }),
                _ => {}
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stmt(place: Place, text: &str, target: Option<&str>) -> GoalStatement {
        GoalStatement {
            place,
            text: text.into(),
            target: target.map(|t| t.parse().unwrap()),
        }
    }

    fn busan_production() -> Goal {
        Goal {
            metric: "생산액".into(),
            kind: GoalKind::Increase,
            statements: vec![
                stmt(Place::Sheet, "생산 1.3조원 증대", Some("1.3조원")),
                stmt(Place::Body, "생산액 5조 원 증대", Some("5조원")),
            ],
        }
    }

    #[test]
    fn a_document_writes_the_sheet_statement_and_reports_an_unresolved_discrepancy() {
        let goal = busan_production();
        let (statement, unresolved) = goal.document_statement(None);
        assert_eq!(statement.unwrap().text, "생산 1.3조원 증대");
        assert_eq!(unresolved.unwrap().second.text, "생산액 5조 원 증대");
    }

    #[test]
    fn a_document_writes_the_statement_of_the_adopted_target() {
        let goal = busan_production();
        let adopted: Quantity = "5조 원".parse().unwrap();
        let (statement, unresolved) = goal.document_statement(Some(&adopted));
        assert_eq!(statement.unwrap().text, "생산액 5조 원 증대");
        assert!(unresolved.is_none());
    }

    #[test]
    fn a_goal_stated_only_in_the_body_is_written_from_the_body() {
        let goal = Goal {
            metric: "강소기업".into(),
            kind: GoalKind::Increase,
            statements: vec![stmt(Place::Body, "소부장 강소기업 120개 육성", Some("120개"))],
        };
        let (statement, unresolved) = goal.document_statement(None);
        assert_eq!(statement.unwrap().place, Place::Body);
        assert!(unresolved.is_none());
    }

    #[test]
    fn statements_that_state_different_figures_are_a_discrepancy() {
        let d = busan_production().target().unwrap_err();
        assert_eq!(d.first.text, "생산 1.3조원 증대");
        assert_eq!(d.second.text, "생산액 5조 원 증대");
    }

    #[test]
    fn jobs_written_as_jobs_and_as_people_agree() {
        let goal = Goal {
            metric: "고용".into(),
            kind: GoalKind::Increase,
            statements: vec![
                stmt(Place::Sheet, "고용 1만명 창출", Some("1만명")),
                stmt(Place::Body, "일자리 1만 개 창출", Some("1만 개")),
            ],
        };
        assert_eq!(goal.target().unwrap().unwrap().value, 10_000);
        assert!(goal.check_statements().is_empty());
    }

    #[test]
    fn a_figure_missing_from_its_own_text_is_refused() {
        let goal = Goal {
            metric: "생산액".into(),
            kind: GoalKind::Increase,
            statements: vec![stmt(Place::Sheet, "생산액 5조원 증대", Some("5.1조원"))],
        };
        assert!(matches!(
            goal.check_statements()[..],
            [StatementError::TargetNotInText { .. }]
        ));
    }

    #[test]
    fn qualitative_and_zero_goals_need_no_figure_but_increases_do() {
        let qualitative = Goal {
            metric: "디지털 레벨".into(),
            kind: GoalKind::Qualitative,
            statements: vec![stmt(Place::Sheet, "디지털 레벨향상", None)],
        };
        assert!(qualitative.check_statements().is_empty());
        let increase = Goal {
            metric: "생산액".into(),
            kind: GoalKind::Increase,
            statements: vec![stmt(Place::Sheet, "생산액 증대", None)],
        };
        assert!(matches!(
            increase.check_statements()[..],
            [StatementError::MissingTarget { .. }]
        ));
    }
}
