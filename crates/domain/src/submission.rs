//! 접수와 마감: when a province may submit its plan. The call's deadline is the 예비접수
//! milestone's day — moved to the next business day when it falls on a weekend or holiday
//! (민법 §161) — at the call's closing time, Korean time. After it, a submission is refused
//! unless the program office has reopened submissions for that province (or for all) or has
//! asked it for a revision that is not yet due.

use std::fmt;

use serde::Serialize;

use crate::calendar::{Calendar, CalendarError};
use crate::call::{Call, ClockTime};
use crate::date::Day;
use crate::round::{Round, Step};

/// A moment on the wall clock in Seoul (KST has no daylight saving, so this orders correctly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeoulTime {
    pub day: Day,
    pub time: ClockTime,
}

impl SeoulTime {
    pub fn at(day: Day, time: ClockTime) -> SeoulTime {
        SeoulTime { day, time }
    }

    /// "2021. 3. 5.(금) 18:00"
    pub fn korean(&self) -> String {
        format!("{} {}", self.day.korean(), self.time)
    }
}

impl fmt::Display for SeoulTime {
    /// "2021-03-05 18:00"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.day, self.time)
    }
}

/// The call's submission deadline, if its schedule has a full 예비접수 date.
pub fn deadline(round: &Round, call: &Call, calendar: &Calendar) -> Result<Option<SeoulTime>, CalendarError> {
    let Some(day) = round
        .milestones
        .iter()
        .find(|m| m.step == Step::PreliminaryApplication)
        .and_then(|m| m.date)
        .filter(|d| d.day.is_some())
    else {
        return Ok(None);
    };
    Ok(Some(SeoulTime::at(
        calendar.next_business_day_from(&day)?,
        call.closes_at,
    )))
}

impl SeoulTime {
    /// Reads the stored form, "2021-03-05 18:00".
    pub fn parse(text: &str) -> Option<SeoulTime> {
        let (day, time) = text.trim().split_once(' ')?;
        let day: Day = day.parse().ok()?;
        day.day?;
        Some(SeoulTime::at(day, time.parse().ok()?))
    }
}

/// Why a submission is allowed now, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Window {
    /// Before the call's deadline, or the call has no deadline yet.
    Open { until: Option<SeoulTime> },
    /// The office reopened submissions.
    Reopened { until: SeoulTime },
    /// The office asked for a revision, due at the end of `until`'s day.
    Revision { until: SeoulTime },
}

impl Window {
    /// "접수 중 — 2021. 3. 29.(월) 18:00 마감", as the office and the provinces read it.
    pub fn korean(&self) -> String {
        match self {
            Window::Open { until: Some(u) } => format!("접수 중 — {} 마감", u.korean()),
            Window::Open { until: None } => "접수 중 — 마감일 미정".to_string(),
            Window::Reopened { until } => format!("마감 후 재개됨 — {}까지", until.korean()),
            Window::Revision { until } => format!("보완 제출 기한 — {}까지", until.korean()),
        }
    }
}

/// A submission refused for lateness.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "접수 마감({})이 지나 제출할 수 없습니다. 주관부처에 접수 재개를 요청하십시오.",
    deadline.korean()
)]
pub struct Late {
    pub deadline: SeoulTime,
}

/// Whether a province may submit at `now`. A revision request's due day counts to the end of
/// that day's closing time, like the call's own deadline.
pub fn window(
    now: SeoulTime,
    deadline: Option<SeoulTime>,
    reopened_until: &[SeoulTime],
    revision_due: Option<SeoulTime>,
) -> Result<Window, Late> {
    let Some(deadline) = deadline else {
        return Ok(Window::Open { until: None });
    };
    if now <= deadline {
        return Ok(Window::Open { until: Some(deadline) });
    }
    if let Some(until) = revision_due.filter(|due| now <= *due) {
        return Ok(Window::Revision { until });
    }
    if let Some(until) = reopened_until.iter().filter(|u| now <= **u).max() {
        return Ok(Window::Reopened { until: *until });
    }
    Err(Late { deadline })
}

/// Where a province's plan stands in consulting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    /// 작성 중: never submitted.
    Drafting,
    /// 제출됨: the latest version is what the draft holds.
    Submitted { version: u32 },
    /// 수정 중: edited since the latest version.
    Revising { version: u32 },
    /// 보완 요청: the office asked for a revision of `version`, due on `due`.
    RevisionRequested { version: u32, due: Day, overdue: bool },
}

impl Standing {
    /// `latest` is the newest version's number and whether the draft still equals it;
    /// `requested` an open revision request's due day.
    pub fn of(latest: Option<(u32, bool)>, requested: Option<Day>, today: &Day) -> Standing {
        match (latest, requested) {
            (None, _) => Standing::Drafting,
            (Some((version, _)), Some(due)) => Standing::RevisionRequested {
                version,
                due,
                overdue: *today > due,
            },
            (Some((version, true)), None) => Standing::Submitted { version },
            (Some((version, false)), None) => Standing::Revising { version },
        }
    }

    pub fn korean(&self) -> String {
        match self {
            Standing::Drafting => "작성 중".into(),
            Standing::Submitted { version } => format!("제{version}판 제출됨"),
            Standing::Revising { version } => format!("제{version}판 제출 후 수정 중"),
            Standing::RevisionRequested { version, due, overdue } => format!(
                "제{version}판 보완 요청 (기한 {}){}",
                due.korean(),
                if *overdue { " — 기한 지남" } else { "" }
            ),
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, Standing::RevisionRequested { overdue: true, .. })
    }
}

/// How the office sets a revision's due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueBy {
    /// A date; a weekend or holiday moves to the next business day.
    Date(Day),
    /// So many business days after today.
    BusinessDays(u32),
}

/// Longest revision period the office may give, in business days.
pub const MAX_REVISION_DAYS: u32 = 60;

/// Why a revision's due day was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DueProblem {
    #[error("영업일 수는 1~{MAX_REVISION_DAYS} 사이로 적어 주십시오.")]
    DaysOutOfRange,
    #[error("보완 기한({})이 오늘보다 앞설 수 없습니다.", .0.korean())]
    InThePast(Day),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
}

/// 보완 기한: the business day a revision is due, counted from `today`.
pub fn revision_due(calendar: &Calendar, today: &Day, by: DueBy) -> Result<Day, DueProblem> {
    let due = match by {
        DueBy::BusinessDays(n) if !(1..=MAX_REVISION_DAYS).contains(&n) => return Err(DueProblem::DaysOutOfRange),
        DueBy::BusinessDays(n) => calendar.add_business_days(today, n)?,
        DueBy::Date(day) if day < *today => return Err(DueProblem::InThePast(day)),
        DueBy::Date(day) => calendar.next_business_day_from(&day)?,
    };
    Ok(due)
}

/// The step of the cycle a round is in on `today`: the last milestone already reached.
pub fn current_step(round: &Round, today: &Day) -> Option<Step> {
    round
        .milestones
        .iter()
        .filter(|m| m.date.is_some_and(|d| d.day.is_some() && d <= *today))
        .max_by_key(|m| m.date)
        .map(|m| m.step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::Milestone;

    fn round(application: Option<Day>) -> Round {
        Round {
            year: 2021,
            title: "2021년 산업단지 대개조 공모".into(),
            quota: Some(5),
            applicant_count: None,
            panel: None,
            indicators: vec![],
            bonus_points: vec![],
            milestones: [
                (Step::Call, Some(Day::ymd(2021, 1, 4))),
                (Step::PreliminaryApplication, application),
            ]
            .into_iter()
            .map(|(step, date)| Milestone {
                step,
                date,
                planned: true,
                note: None,
            })
            .collect(),
            sources: vec![],
        }
    }

    fn at(y: i32, m: u8, d: u8, hour: u8, minute: u8) -> SeoulTime {
        SeoulTime::at(Day::ymd(y, m, d), ClockTime { hour, minute })
    }

    #[test]
    fn a_deadline_on_a_saturday_closes_on_monday_at_the_calls_hour() {
        let calendar = Calendar::bundled();
        let deadline = deadline(&round(Some(Day::ymd(2021, 3, 27))), &Call::new(2021), &calendar).unwrap();
        assert_eq!(deadline, Some(at(2021, 3, 29, 18, 0)));
    }

    #[test]
    fn a_deadline_on_a_holiday_moves_past_the_holiday() {
        let calendar = Calendar::bundled();
        // 2021-09-21 is 추석; 9-20 and 9-22 are holidays too.
        let deadline = deadline(&round(Some(Day::ymd(2021, 9, 21))), &Call::new(2021), &calendar).unwrap();
        assert_eq!(deadline, Some(at(2021, 9, 23, 18, 0)));
    }

    #[test]
    fn no_deadline_without_a_full_application_date() {
        let calendar = Calendar::bundled();
        assert_eq!(deadline(&round(None), &Call::new(2021), &calendar).unwrap(), None);
        let month_only: Day = "2021-03".parse().unwrap();
        assert_eq!(
            deadline(&round(Some(month_only)), &Call::new(2021), &calendar).unwrap(),
            None
        );
    }

    #[test]
    fn submissions_close_at_the_deadline_minute_and_reopen_only_when_the_office_says() {
        let deadline = Some(at(2021, 3, 29, 18, 0));
        assert!(matches!(
            window(at(2021, 3, 29, 18, 0), deadline, &[], None),
            Ok(Window::Open { .. })
        ));
        let late = window(at(2021, 3, 29, 18, 1), deadline, &[], None).unwrap_err();
        assert!(late.to_string().contains("2021. 3. 29.(월) 18:00"), "{late}");
        let reopened = [at(2021, 3, 31, 18, 0), at(2021, 3, 30, 12, 0)];
        assert_eq!(
            window(at(2021, 3, 30, 13, 0), deadline, &reopened, None),
            Ok(Window::Reopened {
                until: at(2021, 3, 31, 18, 0)
            })
        );
        assert!(window(at(2021, 4, 1, 9, 0), deadline, &reopened, None).is_err());
        assert_eq!(
            window(at(2021, 4, 1, 9, 0), deadline, &reopened, Some(at(2021, 4, 2, 18, 0))),
            Ok(Window::Revision {
                until: at(2021, 4, 2, 18, 0)
            })
        );
    }

    #[test]
    fn a_plan_stands_where_its_versions_and_requests_put_it() {
        let today = Day::ymd(2021, 4, 5);
        assert_eq!(Standing::of(None, None, &today), Standing::Drafting);
        assert_eq!(
            Standing::of(Some((2, true)), None, &today),
            Standing::Submitted { version: 2 }
        );
        assert_eq!(
            Standing::of(Some((2, false)), None, &today),
            Standing::Revising { version: 2 }
        );
        let overdue = Standing::of(Some((1, true)), Some(Day::ymd(2021, 4, 2)), &today);
        assert!(overdue.is_overdue() && overdue.korean().contains("기한 지남"));
        assert!(!Standing::of(Some((1, true)), Some(today), &today).is_overdue());
    }

    #[test]
    fn the_cycle_stands_at_the_last_milestone_reached() {
        let r = round(Some(Day::ymd(2021, 3, 27)));
        assert_eq!(current_step(&r, &Day::ymd(2021, 1, 3)), None);
        assert_eq!(current_step(&r, &Day::ymd(2021, 2, 1)), Some(Step::Call));
        assert_eq!(
            current_step(&r, &Day::ymd(2021, 3, 27)),
            Some(Step::PreliminaryApplication)
        );
    }

    #[test]
    fn a_revision_is_due_on_a_business_day_counted_from_today() {
        let calendar = Calendar::bundled();
        let friday = Day::ymd(2021, 9, 17);
        // 9-20..22 are 추석: three business days end on Monday 9-27.
        assert_eq!(
            revision_due(&calendar, &friday, DueBy::BusinessDays(3)),
            Ok(Day::ymd(2021, 9, 27))
        );
        assert_eq!(
            revision_due(&calendar, &friday, DueBy::Date(Day::ymd(2021, 9, 21))),
            Ok(Day::ymd(2021, 9, 23)),
            "a holiday moves to the next business day"
        );
        assert_eq!(
            revision_due(&calendar, &friday, DueBy::Date(Day::ymd(2021, 9, 16))),
            Err(DueProblem::InThePast(Day::ymd(2021, 9, 16)))
        );
        for n in [0, MAX_REVISION_DAYS + 1] {
            assert_eq!(
                revision_due(&calendar, &friday, DueBy::BusinessDays(n)),
                Err(DueProblem::DaysOutOfRange)
            );
        }
        assert!(matches!(
            revision_due(&calendar, &Day::ymd(2027, 12, 30), DueBy::BusinessDays(5)),
            Err(DueProblem::Calendar(_))
        ));
    }

    #[test]
    fn stored_times_read_back() {
        let t = at(2021, 3, 29, 18, 0);
        assert_eq!(SeoulTime::parse(&t.to_string()), Some(t));
        assert_eq!(SeoulTime::parse("2021-03 18:00"), None);
        assert_eq!(SeoulTime::parse("garbage"), None);
    }
}
