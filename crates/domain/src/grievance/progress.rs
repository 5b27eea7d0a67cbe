//! 처리 경과: where a report stands and the steps that move it, each checked against its status
//! and its processing deadline (처리기한), counted in business days per category.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Category, Handler, MAX_BODY, Status};
use crate::calendar::{Calendar, CalendarError};
use crate::date::Day;

/// The longest processing period the office may set, in business days.
pub const MAX_DEADLINE_DAYS: u32 = 60;

/// 처리기한: business days from receipt per category, set by the program office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines(BTreeMap<Category, u32>);

impl Default for Deadlines {
    /// 14 business days where another authority or a site survey is usually needed
    /// (인허가, 기반시설, 환경·안전), 7 elsewhere — 민원 처리에 관한 법률 시행령's 7-day rule
    /// for questions and its longer periods for permits.
    fn default() -> Deadlines {
        Deadlines(
            Category::ALL
                .into_iter()
                .map(|c| {
                    let days = match c {
                        Category::Regulation | Category::Infrastructure | Category::EnvironmentSafety => 14,
                        _ => 7,
                    };
                    (c, days)
                })
                .collect(),
        )
    }
}

impl Deadlines {
    pub fn days(&self, category: Category) -> u32 {
        self.0.get(&category).copied().unwrap_or(7)
    }

    /// The office's change of one category's period.
    pub fn with(mut self, category: Category, days: u32) -> Result<Deadlines, StepError> {
        if !(1..=MAX_DEADLINE_DAYS).contains(&days) {
            return Err(StepError::DeadlineDays);
        }
        self.0.insert(category, days);
        Ok(self)
    }
}

/// 처리 단계: what a handler (or, for the rating, the filer) does to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// 배정: an official of the handling body takes the report.
    Take,
    /// 처리 시작
    Start,
    /// 이송: to another body, with the reason; the new body's deadline runs from the transfer.
    Transfer { to: Handler, reason: String },
    /// 기한 연장: once, before the deadline, by at most the category's period, with the reason.
    Extend { days: u32, reason: String },
    /// 답변
    Answer { text: String },
    /// 종결 by the handler once answered (the filer may still rate it).
    Close,
    /// 만족도 평가 (1–5): by the filer, once; it closes an answered report.
    Rate { score: u8 },
}

impl Step {
    pub fn korean(&self) -> &'static str {
        match self {
            Step::Take => "배정",
            Step::Start => "처리 시작",
            Step::Transfer { .. } => "이송",
            Step::Extend { .. } => "기한 연장",
            Step::Answer { .. } => "답변",
            Step::Close => "종결",
            Step::Rate { .. } => "만족도 평가",
        }
    }

    /// The step's key in the audit trail and the API.
    pub fn key(&self) -> &'static str {
        match self {
            Step::Take => "take",
            Step::Start => "start",
            Step::Transfer { .. } => "transfer",
            Step::Extend { .. } => "extend",
            Step::Answer { .. } => "answer",
            Step::Close => "close",
            Step::Rate { .. } => "rate",
        }
    }

    /// The rating is the filer's; every other step is the handling body's.
    pub fn by_filer(&self) -> bool {
        matches!(self, Step::Rate { .. })
    }

    /// The text a step carries for the history: the reason or the answer.
    pub fn note(&self) -> Option<&str> {
        match self {
            Step::Transfer { reason, .. } | Step::Extend { reason, .. } => Some(reason),
            Step::Answer { text } => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("'{status}' 상태에서는 {step}을(를) 할 수 없습니다.")]
    NotNow { step: &'static str, status: &'static str },
    #[error("{0}의 사유나 내용을 입력해 주십시오.")]
    MissingText(&'static str),
    #[error("사유와 답변은 {MAX_BODY}자 이내로 적어 주십시오.")]
    TooLong,
    #[error("이미 이 기관에서 처리하고 있습니다. 다른 처리기관을 고르십시오.")]
    SameHandler,
    #[error("처리기한은 한 번만 연장할 수 있습니다.")]
    AlreadyExtended,
    #[error("처리기한({0})이 지난 뒤에는 연장할 수 없습니다.")]
    PastDue(Day),
    #[error("연장 기간은 1일부터 {0}일(이 분류의 처리기한)까지입니다.")]
    ExtensionDays(u32),
    #[error("만족도는 1점부터 5점까지로 평가해 주십시오.")]
    Rating,
    #[error("이미 만족도를 평가했습니다.")]
    AlreadyRated,
    #[error("처리기한은 1일부터 {MAX_DEADLINE_DAYS}일까지로 정하십시오.")]
    DeadlineDays,
    #[error("처리기관 '{0}'을(를) 알 수 없습니다.")]
    UnknownHandler(String),
    #[error("처리 상태 '{0}'을(를) 알 수 없습니다.")]
    UnknownStatus(String),
    #[error("신청인이 공개에 동의하지 않은 애로사항은 공개할 수 없습니다.")]
    NotConsented,
    #[error("답변한 뒤에 공개할 수 있습니다.")]
    NotAnswered,
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// 처리 경과
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub status: Status,
    pub handler: Handler,
    pub category: Category,
    /// 처리기한
    pub due: Day,
    pub extended: bool,
    /// The day it was answered.
    pub answered: Option<Day>,
    /// 만족도 (1–5)
    pub rating: Option<u8>,
}

fn text(value: &str, step: &'static str) -> Result<(), StepError> {
    if value.trim().is_empty() {
        return Err(StepError::MissingText(step));
    }
    if value.trim().chars().count() > MAX_BODY {
        return Err(StepError::TooLong);
    }
    Ok(())
}

impl Progress {
    /// A report received on `on`, at its first body, with its category's deadline.
    pub fn filed(
        category: Category,
        handler: Handler,
        on: &Day,
        deadlines: &Deadlines,
        calendar: &Calendar,
    ) -> Result<Progress, StepError> {
        Ok(Progress {
            status: Status::Received,
            handler,
            category,
            due: calendar.add_business_days(on, deadlines.days(category))?,
            extended: false,
            answered: None,
            rating: None,
        })
    }

    /// Where the report stands after `step` taken on `on`, or why the step is refused.
    pub fn apply(
        &self,
        step: &Step,
        on: &Day,
        deadlines: &Deadlines,
        calendar: &Calendar,
    ) -> Result<Progress, StepError> {
        use Status::*;
        let not_now = || StepError::NotNow {
            step: step.korean(),
            status: self.status.korean(),
        };
        let mut next = self.clone();
        match step {
            Step::Take if self.status == Received => next.status = Assigned,
            Step::Start if self.status == Assigned => next.status = InProgress,
            Step::Transfer { to, reason } if self.status.open() => {
                text(reason, "이송")?;
                if *to == self.handler {
                    return Err(StepError::SameHandler);
                }
                next = Progress::filed(self.category, to.clone(), on, deadlines, calendar)?;
            }
            Step::Extend { days, reason } if self.status.open() => {
                text(reason, "기한 연장")?;
                if self.extended {
                    return Err(StepError::AlreadyExtended);
                }
                if on > &self.due {
                    return Err(StepError::PastDue(self.due));
                }
                let most = deadlines.days(self.category);
                if !(1..=most).contains(days) {
                    return Err(StepError::ExtensionDays(most));
                }
                next.due = calendar.add_business_days(&self.due, *days)?;
                next.extended = true;
            }
            Step::Answer { text: answer } if matches!(self.status, Assigned | InProgress) => {
                text(answer, "답변")?;
                next.status = Answered;
                next.answered = Some(*on);
            }
            Step::Close if self.status == Answered => next.status = Closed,
            Step::Rate { score } if matches!(self.status, Answered | Closed) => {
                if self.rating.is_some() {
                    return Err(StepError::AlreadyRated);
                }
                if !(1..=5).contains(score) {
                    return Err(StepError::Rating);
                }
                next.rating = Some(*score);
                next.status = Closed;
            }
            _ => return Err(not_now()),
        }
        Ok(next)
    }

    /// 공개 승인: the handler's public text of a report whose filer agreed, once answered. The
    /// text is the handler's rewrite, so that nothing identifying slips through unread.
    pub fn may_publish(&self, wants_public: bool, title: &str, body: &str, answer: &str) -> Result<(), StepError> {
        if !wants_public {
            return Err(StepError::NotConsented);
        }
        if self.status.open() {
            return Err(StepError::NotAnswered);
        }
        text(title, "공개 제목")?;
        text(body, "공개 내용")?;
        text(answer, "공개 답변")
    }

    /// Open past its deadline on `today`.
    pub fn overdue(&self, today: &Day) -> bool {
        self.status.open() && today > &self.due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;

    fn calendar() -> Calendar {
        Calendar::bundled()
    }

    fn filed(on: Day) -> Progress {
        Progress::filed(
            Category::Workforce,
            Handler::Province(Region::Gyeongnam),
            &on,
            &Deadlines::default(),
            &calendar(),
        )
        .unwrap()
    }

    fn step(p: &Progress, step: Step, on: Day) -> Result<Progress, StepError> {
        p.apply(&step, &on, &Deadlines::default(), &calendar())
    }

    #[test]
    fn the_deadline_is_counted_in_business_days_past_weekends_and_holidays() {
        // Filed on Friday 2026-09-18: 21, 22, 23, then 추석 (24–26) and a Sunday, then 28, 29,
        // 30 and October 1st.
        let p = filed(Day::ymd(2026, 9, 18));
        assert_eq!(p.due, Day::ymd(2026, 10, 1));
        let permits = Progress::filed(
            Category::Regulation,
            Handler::ProgramOffice,
            &Day::ymd(2026, 3, 2),
            &Deadlines::default(),
            &calendar(),
        )
        .unwrap();
        assert_eq!(
            permits.due,
            Day::ymd(2026, 3, 20),
            "14 business days after 3-2, itself a 대체공휴일"
        );
    }

    #[test]
    fn a_report_moves_from_receipt_to_closing_in_order() {
        let on = Day::ymd(2026, 3, 2);
        let p = filed(on);
        assert_eq!(p.status, Status::Received);
        assert!(matches!(
            step(&p, Step::Answer { text: "답".into() }, on),
            Err(StepError::NotNow { status: "접수", .. })
        ));
        let p = step(&p, Step::Take, on).unwrap();
        let p = step(&p, Step::Start, on).unwrap();
        assert_eq!(p.status, Status::InProgress);
        assert!(step(&p, Step::Close, on).is_err(), "not answered yet");
        let p = step(
            &p,
            Step::Answer {
                text: " 인력 지원사업을 안내합니다. ".into(),
            },
            Day::ymd(2026, 3, 5),
        )
        .unwrap();
        assert_eq!((p.status, p.answered), (Status::Answered, Some(Day::ymd(2026, 3, 5))));
        let p = step(&p, Step::Rate { score: 4 }, Day::ymd(2026, 3, 6)).unwrap();
        assert_eq!((p.status, p.rating), (Status::Closed, Some(4)));
        assert_eq!(
            step(&p, Step::Rate { score: 5 }, Day::ymd(2026, 3, 6)),
            Err(StepError::AlreadyRated)
        );
    }

    #[test]
    fn a_closed_report_may_still_be_rated_once_and_only_from_one_to_five() {
        let on = Day::ymd(2026, 3, 2);
        let mut p = filed(on);
        for s in [Step::Take, Step::Answer { text: "답".into() }, Step::Close] {
            p = step(&p, s, on).unwrap();
        }
        assert_eq!(step(&p, Step::Rate { score: 0 }, on), Err(StepError::Rating));
        assert_eq!(step(&p, Step::Rate { score: 6 }, on), Err(StepError::Rating));
        assert_eq!(step(&p, Step::Rate { score: 1 }, on).unwrap().rating, Some(1));
    }

    #[test]
    fn a_transfer_needs_a_reason_another_body_and_restarts_the_deadline_there() {
        let p = step(&filed(Day::ymd(2026, 3, 2)), Step::Take, Day::ymd(2026, 3, 3)).unwrap();
        let to = Handler::Ministry("고용노동부".into());
        assert_eq!(
            step(
                &p,
                Step::Transfer {
                    to: to.clone(),
                    reason: " ".into()
                },
                Day::ymd(2026, 3, 4)
            ),
            Err(StepError::MissingText("이송"))
        );
        assert_eq!(
            step(
                &p,
                Step::Transfer {
                    to: p.handler.clone(),
                    reason: "재배정".into()
                },
                Day::ymd(2026, 3, 4)
            ),
            Err(StepError::SameHandler)
        );
        let moved = step(
            &p,
            Step::Transfer {
                to: to.clone(),
                reason: "고용 지원은 부처 소관".into(),
            },
            Day::ymd(2026, 3, 4),
        )
        .unwrap();
        assert_eq!((moved.status, moved.handler.clone()), (Status::Received, to));
        assert_eq!(moved.due, Day::ymd(2026, 3, 13), "7 business days from the transfer");
    }

    #[test]
    fn the_deadline_is_extended_once_before_it_passes_by_at_most_the_period() {
        let p = filed(Day::ymd(2026, 3, 2));
        assert_eq!(p.due, Day::ymd(2026, 3, 11));
        let extend = |days| Step::Extend {
            days,
            reason: "현장 확인 필요".into(),
        };
        assert_eq!(
            step(&p, extend(8), Day::ymd(2026, 3, 5)),
            Err(StepError::ExtensionDays(7))
        );
        assert_eq!(
            step(&p, extend(3), Day::ymd(2026, 3, 12)),
            Err(StepError::PastDue(Day::ymd(2026, 3, 11)))
        );
        let longer = step(&p, extend(3), Day::ymd(2026, 3, 11)).unwrap();
        assert_eq!(longer.due, Day::ymd(2026, 3, 16));
        assert_eq!(
            step(&longer, extend(1), Day::ymd(2026, 3, 12)),
            Err(StepError::AlreadyExtended)
        );
    }

    #[test]
    fn an_open_report_past_its_deadline_is_overdue_and_an_answered_one_is_not() {
        let p = filed(Day::ymd(2026, 3, 2));
        assert!(!p.overdue(&Day::ymd(2026, 3, 11)));
        assert!(p.overdue(&Day::ymd(2026, 3, 12)));
        let p = step(&p, Step::Take, Day::ymd(2026, 3, 12)).unwrap();
        let p = step(&p, Step::Answer { text: "답".into() }, Day::ymd(2026, 3, 13)).unwrap();
        assert!(!p.overdue(&Day::ymd(2026, 4, 1)));
    }

    #[test]
    fn only_an_answered_report_whose_filer_agreed_is_published_with_every_text() {
        let on = Day::ymd(2026, 3, 3);
        let open = filed(on);
        assert_eq!(
            open.may_publish(true, "제목", "내용", "답변"),
            Err(StepError::NotAnswered)
        );
        let mut done = open.clone();
        for s in [Step::Take, Step::Answer { text: "답".into() }] {
            done = step(&done, s, on).unwrap();
        }
        assert_eq!(
            done.may_publish(false, "제목", "내용", "답변"),
            Err(StepError::NotConsented)
        );
        assert_eq!(
            done.may_publish(true, "제목", " ", "답변"),
            Err(StepError::MissingText("공개 내용"))
        );
        assert_eq!(done.may_publish(true, "제목", "내용", "답변"), Ok(()));
    }

    #[test]
    fn the_office_sets_each_categorys_period_within_bounds() {
        let d = Deadlines::default();
        assert_eq!((d.days(Category::Regulation), d.days(Category::Finance)), (14, 7));
        assert_eq!(d.clone().with(Category::Finance, 0), Err(StepError::DeadlineDays));
        assert_eq!(
            d.clone().with(Category::Finance, MAX_DEADLINE_DAYS + 1),
            Err(StepError::DeadlineDays)
        );
        assert_eq!(d.with(Category::Finance, 10).unwrap().days(Category::Finance), 10);
    }
}
