//! 이메일 알림: what Sandan mails, to whom it may, and when it tries again.
//!
//! A message tells its reader that something needs her and links to the page where it is;
//! it never carries a plan, a score or a comment. The page checks who may read what, so a
//! message forwarded to the wrong person, or read while a panel is sealed, gives away nothing
//! that person could not already see.

mod address;
pub mod ics;
mod letters;

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::date::Day;

pub use address::{Email, EmailProblem};
pub use letters::*;

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Kind {
    /// 주소 확인: the link that proves an address is hers.
    Verification,
    /// 보완 요청 to a province.
    RevisionRequested,
    /// 컨설팅 의견 on a province's plan.
    CommentReceived,
    /// 평가위원 위촉.
    Appointed,
    /// 평가 개시: plans assigned to an evaluator.
    Assigned,
    /// 제출 독촉 from the office to an evaluator.
    Chased,
    /// 선정 결과 공개.
    SelectionPublished,
    /// 공지: the office's round-wide announcement.
    Announcement,
    /// 마감 알림: D-7, D-1 and the day.
    Deadline,
    /// 분기 보고 안내: a quarter's execution or measurements are owed.
    Report,
    /// 애로사항 배정: a report has come to her body.
    GrievanceRouted,
    /// 애로사항 답변: the answer to a report she filed with her account.
    GrievanceAnswered,
}

/// Which of her preferences a kind of message answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Always sent: she asked for it.
    Essential,
    /// Sent when something happens, unless she turned events off.
    Event,
    /// Sent ahead of a deadline, unless she turned reminders off.
    Reminder,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Verification,
        Kind::RevisionRequested,
        Kind::CommentReceived,
        Kind::Appointed,
        Kind::Assigned,
        Kind::Chased,
        Kind::SelectionPublished,
        Kind::Announcement,
        Kind::Deadline,
        Kind::Report,
        Kind::GrievanceRouted,
        Kind::GrievanceAnswered,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Verification => "verification",
            Kind::RevisionRequested => "revision_requested",
            Kind::CommentReceived => "comment_received",
            Kind::Appointed => "appointed",
            Kind::Assigned => "assigned",
            Kind::Chased => "chased",
            Kind::SelectionPublished => "selection_published",
            Kind::Announcement => "announcement",
            Kind::Deadline => "deadline",
            Kind::Report => "report",
            Kind::GrievanceRouted => "grievance_routed",
            Kind::GrievanceAnswered => "grievance_answered",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn korean(self) -> &'static str {
        match self {
            Kind::Verification => "주소 확인",
            Kind::RevisionRequested => "보완 요청",
            Kind::CommentReceived => "컨설팅 의견",
            Kind::Appointed => "평가위원 위촉",
            Kind::Assigned => "평가 개시",
            Kind::Chased => "제출 독촉",
            Kind::SelectionPublished => "선정 결과 공개",
            Kind::Announcement => "공지",
            Kind::Deadline => "마감 알림",
            Kind::Report => "분기 보고 안내",
            Kind::GrievanceRouted => "애로사항 배정",
            Kind::GrievanceAnswered => "애로사항 답변",
        }
    }

    pub fn class(self) -> Class {
        match self {
            Kind::Verification => Class::Essential,
            Kind::Deadline | Kind::Report => Class::Reminder,
            _ => Class::Event,
        }
    }
}

/// A message before it is addressed: what the outbox keeps for each reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub kind: Kind,
    pub round: Option<i32>,
    pub subject: String,
    pub body: String,
    /// The page it is about, as a path; the sender puts the site's public address before it.
    pub link: String,
}

/// Where a message stands in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
// Named apart from the goals' `results::Status`: the API document keys schemas by name, and
// two types of one name silently overwrite each other there.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MailStatus))]
pub enum Status {
    /// 대기: waiting for its first or next attempt.
    Queued,
    /// 발송 중: a worker holds it.
    Sending,
    /// 발송 완료: the relay accepted it.
    Sent,
    /// 발송 실패: refused for good, or out of attempts.
    Failed,
}

impl Status {
    pub fn slug(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sending => "sending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Status> {
        [Status::Queued, Status::Sending, Status::Sent, Status::Failed]
            .into_iter()
            .find(|s| s.slug() == slug)
    }

    pub fn korean(self) -> &'static str {
        match self {
            Status::Queued => "대기",
            Status::Sending => "발송 중",
            Status::Sent => "발송 완료",
            Status::Failed => "발송 실패",
        }
    }
}

/// Attempts before a message that the relay keeps refusing for a while is given up.
pub const MAX_ATTEMPTS: u32 = 8;

/// Seconds to wait after the `attempts`-th failed attempt: doubling from `base`, at most an hour.
/// With the default base of a minute, eight attempts span about two hours of relay outage.
pub fn retry_after(base: u64, attempts: u32) -> u64 {
    let doubled = base.saturating_mul(1u64 << attempts.saturating_sub(1).min(20));
    doubled.min(3600).max(base.min(3600))
}

/// Business days before a deadline on which she is reminded: a week ahead, the day before, and
/// the day itself.
pub const REMINDER_DAYS: [i64; 3] = [7, 1, 0];

/// Whether `today` is a day to remind of a deadline on `due`, and how many business days are
/// left then. Reminders go out on business days only; a calendar that does not cover the
/// dates sends none rather than guessing.
pub fn reminder_due(calendar: &Calendar, today: &Day, due: &Day) -> Option<i64> {
    if !calendar.is_business_day(today).ok()? {
        return None;
    }
    let left = calendar.business_days_between(today, due).ok()?;
    REMINDER_DAYS.contains(&left).then_some(left)
}

#[cfg(test)]
mod tests;
