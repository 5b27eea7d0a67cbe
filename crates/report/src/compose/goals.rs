//! The goals a document states for a plan: one statement per goal, written identically in the
//! body and the reference sheet (see [`sandan_domain::Goal::document_statement`]).

use sandan_domain::hangul::particle;
use sandan_domain::{Goal, Plan, Quantity};

/// A plan's goals as every part of a document writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentGoals {
    /// The statements' texts, in the plan's goal order.
    pub written: Vec<String>,
    /// Goals whose published statements disagree with nothing adopted to settle them.
    pub unresolved: Vec<String>,
}

impl DocumentGoals {
    /// `adopted(i)` gives the target results tracking adopted for goal `i`, if any.
    pub fn of(plan: &Plan, adopted: impl Fn(usize) -> Option<Quantity>) -> DocumentGoals {
        let mut goals = DocumentGoals {
            written: Vec::new(),
            unresolved: Vec::new(),
        };
        for (i, goal) in plan.goals.iter().enumerate() {
            let adopted = adopted(i);
            let (statement, discrepancy) = goal.document_statement(adopted.as_ref());
            if let Some(s) = statement {
                goals.written.push(s.text.clone());
            }
            if let (Some(d), Some(s)) = (discrepancy, statement) {
                goals
                    .unresolved
                    .push(warning(plan, goal, &d.first.text, &d.second.text, &s.text));
            }
        }
        goals
    }

    /// "3년간 생산액 5조원 증대, 고용 1만명 창출을 목표로 한다."
    pub fn sentence(&self) -> Option<String> {
        let last = self.written.last()?;
        Some(format!(
            "3년간 {}{} 목표로 한다.",
            self.written.join(", "),
            particle(last, "을", "를", "을(를)")
        ))
    }
}

fn warning(plan: &Plan, goal: &Goal, first: &str, second: &str, chosen: &str) -> String {
    let quoted = |t: &str| format!("'{t}'");
    format!(
        "{}년 {} '{}' 목표: 게재된 문구 {}{} {}의 수치가 다릅니다. 문서에는 {}{} 썼습니다. \
         성과관리에서 목표치를 확정하면 그 수치의 문구로 씁니다.",
        plan.round,
        plan.region.short_name(),
        goal.metric,
        quoted(first),
        particle(first, "과", "와", "와(과)"),
        quoted(second),
        quoted(chosen),
        particle(chosen, "을", "를", "을(를)"),
    )
}
