//! 할 일: what each person must do next, worked out from the record each time it is asked —
//! never a stored list that could drift from it — with the deadline and the page where it is
//! done. A province is told to submit, revise and answer consultants; an evaluator to declare
//! conflicts and score; the office where a round waits on it.

mod reports;

use serde::Serialize;

use crate::evaluation::Stage;
use crate::package::Quarter;
use crate::submission::{Late, Standing, Window};
use crate::{Day, Region};

pub use reports::{
    ProjectReport, decisions, execution, measurements, planning_rounds, reporting_quarter, reporting_rounds, unplanned,
};

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    /// The round it belongs to; none for an 애로사항's answer, which belongs to no round.
    pub round: Option<i32>,
    /// What to do, in Korean.
    pub what: String,
    /// The last day it can be done, when there is one.
    pub due: Option<Day>,
    /// Whether that day has passed.
    pub overdue: bool,
    /// The page where it is done.
    pub link: String,
    /// The quarter a quarterly report is owed for; none for other tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quarter: Option<Quarter>,
}

impl Task {
    fn new(round: i32, what: String, due: Option<Day>, today: Day, link: String) -> Task {
        Task {
            round: Some(round),
            what,
            overdue: due.is_some_and(|d| d < today),
            due,
            link,
            quarter: None,
        }
    }

    /// "D-3", "D-day" or "2일 지남", as Korean offices count to a deadline.
    pub fn d_day(&self, today: Day) -> Option<String> {
        let days = self.due?.days_after(&today)?;
        Some(match days {
            0 => "D-day".to_string(),
            d if d > 0 => format!("D-{d}"),
            d => format!("{}일 지남", -d),
        })
    }
}

/// 애로사항 처리: a report routed to her body and not yet answered, due by its deadline.
pub fn grievance(id: i64, receipt: &str, status: crate::grievance::Status, due: Day, today: Day) -> Task {
    let what = match status {
        crate::grievance::Status::Received => format!("애로사항 {receipt} 배정·답변"),
        _ => format!("애로사항 {receipt} 답변"),
    };
    Task {
        round: None,
        what,
        overdue: due < today,
        due: Some(due),
        link: format!("/grievances/{id}"),
        quarter: None,
    }
}

/// The most pressing first: overdue, then by deadline, then those without one.
pub fn in_order(mut tasks: Vec<Task>) -> Vec<Task> {
    tasks.sort_by_key(|t| (t.due.is_none(), t.due, t.round));
    tasks
}

/// Where a province stands in one round run in Sandan.
pub struct ProvinceRound<'a> {
    pub year: i32,
    pub region: Region,
    pub stage: Stage,
    pub standing: &'a Standing,
    /// Whether, and until when, it may submit now.
    pub window: &'a Result<Window, Late>,
    /// Consultants' comments on its plan that it has not answered.
    pub unanswered_comments: usize,
}

pub fn province(r: &ProvinceRound, today: Day) -> Vec<Task> {
    let link = format!("/rounds/{}/proposals/{}", r.year, r.region.slug());
    let mut tasks = Vec::new();
    // Once scoring starts the submitted version is the one evaluated; nothing more to send.
    if r.stage == Stage::Setup {
        let until = match r.window {
            Ok(Window::Open { until }) => until.map(|u| u.day),
            Ok(Window::Reopened { until } | Window::Revision { until }) => Some(until.day),
            Err(_) => None,
        };
        let open = r.window.is_ok();
        let what = match r.standing {
            Standing::Drafting if open => Some("혁신계획안을 작성하여 제출하십시오".to_string()),
            Standing::Revising { version } if open => Some(format!("제{version}판 제출 후 수정한 내용을 제출하십시오")),
            Standing::RevisionRequested { version, .. } => {
                Some(format!("제{version}판에 대한 보완 요청에 따라 보완본을 제출하십시오"))
            }
            _ => None,
        };
        let due = match r.standing {
            Standing::RevisionRequested { due, .. } => Some(*due),
            _ => until,
        };
        if let Some(what) = what {
            tasks.push(Task::new(r.year, what, due, today, link.clone()));
        }
    }
    if r.unanswered_comments > 0 {
        let what = format!("컨설팅 의견 {}건에 답하십시오", r.unanswered_comments);
        tasks.push(Task::new(r.year, what, None, today, link));
    }
    tasks
}

/// An evaluator's sheet for one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    NotStarted,
    Saved,
    Submitted,
}

/// Where one member of a round's panel stands.
pub struct EvaluatorRound {
    pub year: i32,
    pub stage: Stage,
    /// 평가 마감일, if the office set one.
    pub due: Option<Day>,
    /// The plans assigned to her and her sheet for each.
    pub sheets: Vec<(Region, Sheet)>,
}

pub fn evaluator(r: &EvaluatorRound, today: Day) -> Vec<Task> {
    let mine = format!("/rounds/{}/evaluation/mine", r.year);
    match r.stage {
        Stage::Setup => vec![Task::new(
            r.year,
            "평가 개시 전에 이해충돌 여부를 확인하고, 있으면 신고하십시오".into(),
            None,
            today,
            mine,
        )],
        Stage::Scoring => r
            .sheets
            .iter()
            .filter(|(_, sheet)| *sheet != Sheet::Submitted)
            .map(|(region, sheet)| {
                let verb = match sheet {
                    Sheet::Saved => "마저 작성하여 제출하십시오",
                    _ => "작성하여 제출하십시오",
                };
                Task::new(
                    r.year,
                    format!("{} 혁신계획 평가표를 {verb}", region.short_name()),
                    r.due,
                    today,
                    format!("/rounds/{}/evaluation/sheets/{}", r.year, region.slug()),
                )
            })
            .collect(),
        Stage::Closed => Vec::new(),
    }
}

/// Where a round run in Sandan waits on the office.
pub struct OfficeRound {
    pub year: i32,
    pub stage: Stage,
    /// Provinces whose latest version is in, while the panel is being set up.
    pub submitted: usize,
    /// Whether submissions are still open.
    pub accepting: bool,
    /// Revision requests past their due day: the province and the day.
    pub overdue_revisions: Vec<(Region, Day)>,
    /// While scoring: sheets submitted and sheets assigned, and the panel's due day.
    pub sheets: (usize, usize),
    pub scoring_due: Option<Day>,
}

pub fn office(r: &OfficeRound, today: Day) -> Vec<Task> {
    let panel = format!("/rounds/{}/evaluation", r.year);
    let mut tasks: Vec<Task> = r
        .overdue_revisions
        .iter()
        .map(|(region, due)| {
            Task::new(
                r.year,
                format!(
                    "{}의 보완 기한이 지났습니다. 보완본을 독촉하거나 접수를 다시 열지 정하십시오",
                    region.short_name()
                ),
                Some(*due),
                today,
                format!("/rounds/{}/proposals/{}", r.year, region.slug()),
            )
        })
        .collect();
    match r.stage {
        Stage::Setup if !r.accepting && r.submitted > 0 => tasks.push(Task::new(
            r.year,
            format!(
                "접수가 끝났습니다. 제출된 계획안 {}건의 평가를 개시하십시오",
                r.submitted
            ),
            None,
            today,
            panel,
        )),
        Stage::Scoring => {
            let (done, all) = r.sheets;
            let what = if done < all {
                format!("평가표 {all}건 중 {done}건이 제출되었습니다. 남은 평가위원에게 독촉하십시오")
            } else {
                format!("평가표 {all}건이 모두 제출되었습니다. 평가를 종료하십시오")
            };
            tasks.push(Task::new(r.year, what, r.scoring_due, today, panel));
        }
        _ => {}
    }
    tasks
}

#[cfg(test)]
mod tests;
