//! Why a change to the program's working records was not made. Every such change is one
//! transaction: when it is refused, nothing was written.

use crate::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Someone saved after the version the form was based on.
    #[error(
        "다른 사용자({by})가 {at}에 먼저 저장하여 저장하지 않았습니다. 최신 내용을 확인한 뒤 다시 입력해 주십시오."
    )]
    Stale { by: String, at: String },
    /// The program's rules refuse it; the message says why in the official's words.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    NotFound(String),
    /// Too many requests from one address in a while; the message says when to come back.
    #[error("{0}")]
    TooMany(String),
    /// A batch refused whole: every row's problem, and nothing written.
    #[error("보낸 행에 고칠 점이 {}건 있어 아무것도 기록하지 않았습니다. 행마다 고친 뒤 전체를 다시 보내 주십시오.", .0.len())]
    Rows(Vec<RowRefusal>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One row's problem in a batch refused whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRefusal {
    /// The row's position in what was sent, from 0.
    pub row: usize,
    /// The member of the row at fault, where one is.
    pub field: Option<&'static str>,
    pub message: String,
}

impl From<sqlx::Error> for EditError {
    fn from(e: sqlx::Error) -> EditError {
        EditError::Store(e.into())
    }
}
