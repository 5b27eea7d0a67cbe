//! 애로사항: the difficulties firms in the complexes and local governments raise, routed to the
//! body that can act, answered within a processing deadline counted in business days, rated by
//! the filer, and counted in statistics — the program's promise to "지자체 및 입주기업의
//! 애로사항을 지속적으로 수렴".
//!
//! Modelled on 국민신문고 (receipt number, a password for filers without an account, deadlines,
//! extension once with a reason, satisfaction) and FixMyStreet (route to the responsible body,
//! public status), without their weaknesses: a report transferred between bodies keeps one
//! history and a new deadline, and nothing leaves the handling body without a trace.

mod attachment;
mod filing;
mod handler;
mod privacy;
mod progress;
mod statistics;
mod visit;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use attachment::{AttachmentProblem, MAX_ATTACHMENT_MB, MAX_ATTACHMENTS, Sent, check_attachments};
pub use filing::{
    FILINGS_PER_HOUR, FOLLOW_SECONDS, Filer, Filing, FilingError, MAX_BODY, MAX_TITLE, check_follow_password,
    receipt_number,
};
pub use handler::Handler;
pub use privacy::{DEFAULT_RETENTION_YEARS, MAX_RETENTION_YEARS, mask_email, mask_name, mask_phone, retention_cutoff};
pub use progress::{Deadlines, MAX_DEADLINE_DAYS, Progress, Step, StepError};
pub use statistics::{Outcome, RegionalStatistics, Statistics, Tally};
pub use visit::{
    FieldVisit, MAX_LINKED_REPORTS, MAX_PARTICIPANTS, Participant, VisitError, VisitKind, linked_receipts, participants,
};

/// 애로사항 분류
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GrievanceCategory))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 규제·인허가
    Regulation,
    /// 기반시설
    Infrastructure,
    /// 인력
    Workforce,
    /// 자금
    Finance,
    /// 환경·안전
    EnvironmentSafety,
    /// 기술
    Technology,
    /// 기타
    Other,
}

impl Category {
    /// In the order the form lists them.
    pub const ALL: [Category; 7] = [
        Category::Regulation,
        Category::Infrastructure,
        Category::Workforce,
        Category::Finance,
        Category::EnvironmentSafety,
        Category::Technology,
        Category::Other,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            Category::Regulation => "규제·인허가",
            Category::Infrastructure => "기반시설",
            Category::Workforce => "인력",
            Category::Finance => "자금",
            Category::EnvironmentSafety => "환경·안전",
            Category::Technology => "기술",
            Category::Other => "기타",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Category::Regulation => "Regulation and permits",
            Category::Infrastructure => "Infrastructure",
            Category::Workforce => "Workforce",
            Category::Finance => "Finance",
            Category::EnvironmentSafety => "Environment and safety",
            Category::Technology => "Technology",
            Category::Other => "Other",
        }
    }

    /// The key in forms, URLs and the database.
    pub fn key(self) -> &'static str {
        match self {
            Category::Regulation => "regulation",
            Category::Infrastructure => "infrastructure",
            Category::Workforce => "workforce",
            Category::Finance => "finance",
            Category::EnvironmentSafety => "environment_safety",
            Category::Technology => "technology",
            Category::Other => "other",
        }
    }
}

impl FromStr for Category {
    type Err = FilingError;

    fn from_str(text: &str) -> Result<Category, FilingError> {
        Category::ALL
            .into_iter()
            .find(|c| c.key() == text.trim() || c.korean() == text.trim())
            .ok_or(FilingError::UnknownCategory)
    }
}

/// 처리 상태: 접수 → 배정 → 처리 중 → 답변 완료 → 종결.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = GrievanceStatus))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 접수: filed (or transferred) and waiting for the handling body to take it.
    Received,
    /// 배정: an official of the handling body has taken it.
    Assigned,
    /// 처리 중
    InProgress,
    /// 답변 완료: answered; the filer may rate it.
    Answered,
    /// 종결
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Received,
        Status::Assigned,
        Status::InProgress,
        Status::Answered,
        Status::Closed,
    ];

    pub fn korean(self) -> &'static str {
        match self {
            Status::Received => "접수",
            Status::Assigned => "배정",
            Status::InProgress => "처리 중",
            Status::Answered => "답변 완료",
            Status::Closed => "종결",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Status::Received => "Received",
            Status::Assigned => "Assigned",
            Status::InProgress => "In progress",
            Status::Answered => "Answered",
            Status::Closed => "Closed",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    /// Still waiting for an answer, so its deadline runs.
    pub fn open(self) -> bool {
        matches!(self, Status::Received | Status::Assigned | Status::InProgress)
    }
}

impl FromStr for Status {
    type Err = StepError;

    fn from_str(text: &str) -> Result<Status, StepError> {
        Status::ALL
            .into_iter()
            .find(|s| s.key() == text)
            .ok_or_else(|| StepError::UnknownStatus(text.to_string()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.korean())
    }
}
