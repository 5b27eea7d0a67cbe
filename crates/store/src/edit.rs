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
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for EditError {
    fn from(e: sqlx::Error) -> EditError {
        EditError::Store(e.into())
    }
}
