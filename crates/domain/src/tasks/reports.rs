//! 분기 보고와 사업단의 후속 일: what the runners of a package's projects and the provinces owe
//! for the quarter that has just ended, and where a package or a round's decisions wait on the
//! office. The program publishes no reporting deadline, so these tasks carry none: they stand
//! until the report is in. Only the quarter just ended is asked for; older gaps show on the
//! results board, not as tasks.

use super::Task;
use crate::package::{PackagePeriod, ProjectBudget, Quarter};
use crate::{Day, Region};

/// The quarter reported on now: the last one that has ended.
pub fn reporting_quarter(today: &Day) -> Quarter {
    let now = Quarter::of(today);
    match now.quarter {
        1 => Quarter {
            year: now.year - 1,
            quarter: 4,
        },
        q => Quarter {
            year: now.year,
            quarter: q - 1,
        },
    }
}

/// The rounds whose packages run in the reporting quarter's year: only their reports are owed.
pub fn reporting_rounds(today: &Day) -> std::ops::RangeInclusive<i32> {
    let year = reporting_quarter(today).year;
    (year - PackagePeriod::YEARS)..=(year - 1)
}

/// The rounds whose packages have not ended: only their budgets may still be planned.
pub fn planning_rounds(today: &Day) -> std::ops::RangeFrom<i32> {
    (today.year - PackagePeriod::YEARS)..
}

/// One project of a funded package, as its runner sees it.
pub struct ProjectReport<'a> {
    pub round: i32,
    pub region: Region,
    pub name: &'a str,
    pub budget: &'a ProjectBudget,
    /// Where its runner records execution.
    pub link: String,
}

/// 집행 실적: a project whose package runs in the reporting quarter's year, with money planned
/// in that year and nothing recorded for the quarter.
pub fn execution(p: &ProjectReport, today: Day) -> Option<Task> {
    let quarter = reporting_quarter(&today);
    if !PackagePeriod::of_round(p.round).contains(quarter.year) {
        return None;
    }
    let planned = p.budget.lines.iter().any(|l| l.year == quarter.year && l.planned > 0);
    let reported = p.budget.executions.iter().any(|e| e.quarter == quarter);
    (planned && !reported).then(|| {
        let what = format!(
            "{} '{}'의 {} 집행 실적을 입력하십시오",
            p.region.short_name(),
            p.name,
            quarter.korean()
        );
        Task {
            quarter: Some(quarter),
            ..Task::new(p.round, what, None, today, p.link.clone())
        }
    })
}

/// 성과 측정: a funded plan whose package runs in the reporting quarter's year, with
/// `unmeasured` of its tracked goals not measured for the quarter.
pub fn measurements(round: i32, region: Region, unmeasured: usize, today: Day) -> Option<Task> {
    let quarter = reporting_quarter(&today);
    (unmeasured > 0 && PackagePeriod::of_round(round).contains(quarter.year)).then(|| Task {
        quarter: Some(quarter),
        ..Task::new(
            round,
            format!("{} 성과목표 {unmeasured}개의 측정값을 입력하십시오", quarter.korean()),
            None,
            today,
            format!("/rounds/{round}/plans/{}/results", region.slug()),
        )
    })
}

/// 예산 편성: `unplanned` projects of a funded package with no yearly budget, while its period
/// has not ended.
pub fn unplanned(round: i32, region: Region, unplanned: usize, today: Day) -> Option<Task> {
    (unplanned > 0 && today.year <= PackagePeriod::of_round(round).last_year()).then(|| {
        Task::new(
            round,
            format!(
                "{} 패키지 사업 {unplanned}개의 연도별 예산을 편성하십시오",
                region.short_name()
            ),
            None,
            today,
            format!("/rounds/{round}/plans/{}/package", region.slug()),
        )
    })
}

/// 심의 결과: once a round's panel has closed and nothing of the committee is published yet,
/// the decisions are to be recorded (none recorded) or published (`recorded` meetings).
pub fn decisions(round: i32, recorded: usize, published: bool, today: Day) -> Option<Task> {
    let what = match recorded {
        _ if published => return None,
        0 => "평가가 끝났습니다. 경쟁력강화추진위원회 심의 결과를 기록하십시오".to_string(),
        n => format!("기록한 심의 {n}건의 결과를 확인하고 공개하십시오"),
    };
    Some(Task::new(
        round,
        what,
        None,
        today,
        format!("/rounds/{round}/decisions"),
    ))
}
