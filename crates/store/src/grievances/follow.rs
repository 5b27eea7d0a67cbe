//! 처리 상황 조회: a filer without an account opens her report with its receipt number and
//! password. Attempts count against the address exactly as sign-ins do (one budget for guessing
//! any password), and a match gives the browser a token for an hour rather than keeping the
//! password in the page.

use sandan_domain::grievance::FOLLOW_SECONDS;
use sandan_domain::signin::source_refused;
use sqlx::Row;

use super::subject;
use crate::accounts::attempt;
use crate::audit::{self, Change};
use crate::edit::EditError;
use crate::secrets::{decoy_hash, new_token, token_hash, verify_password};
use crate::writer::Tx;
use crate::{Store, StoreError};

/// Why a receipt number and password did not open a report. A wrong password and an unknown
/// number read the same, so that nobody learns which numbers exist.
pub const NOT_FOLLOWED: &str =
    "접수번호나 비밀번호가 맞지 않습니다. 접수 때 받은 번호와 정한 비밀번호를 확인해 주십시오.";
pub const TOO_MANY_TRIES: &str = "이 주소에서 틀린 시도가 너무 많습니다. 잠시 뒤에 다시 시도하십시오.";

impl Store {
    /// The report's id and a token to follow it with, or a refusal.
    pub async fn follow_grievance(
        &self,
        receipt: &str,
        password: &str,
        now: i64,
        change: &Change<'_>,
    ) -> Result<(i64, String), EditError> {
        let receipt = receipt.trim();
        let login = format!("receipt:{}", receipt.chars().take(20).collect::<String>());
        if source_refused(self.recent_failures(change.source, now).await?) {
            return Err(EditError::TooMany(TOO_MANY_TRIES.into()));
        }
        let row = sqlx::query("SELECT id, password_hash FROM grievances WHERE receipt = $1")
            .bind(receipt)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        let (id, hash) = match &row {
            Some(r) => (
                Some(r.try_get::<i64, _>("id")?),
                r.try_get::<Option<String>, _>("password_hash")?,
            ),
            None => (None, None),
        };
        // A report filed with an account has no password: it is followed by signing in.
        let matches = verify_password(password, hash.as_deref().unwrap_or(decoy_hash())) && hash.is_some();
        let mut tx = self.writer.begin().await?;
        match id.filter(|_| matches) {
            Some(id) => {
                attempt(&mut tx, &login, true, change, now, "grievance.follow").await?;
                let token = insert_follow(&mut tx, id, now).await?;
                audit::record(&mut tx, change, "grievance.followed", &subject(id), None, None).await?;
                tx.commit().await?;
                Ok((id, token))
            }
            None => {
                attempt(&mut tx, &login, false, change, now, "grievance.follow_failed").await?;
                tx.commit().await?;
                Err(EditError::NotFound(NOT_FOLLOWED.into()))
            }
        }
    }

    /// A follow token for the filer who has just filed `id` without an account.
    pub async fn open_follow(&self, id: i64, now: i64) -> Result<(i64, String), StoreError> {
        let mut tx = self.writer.begin().await?;
        let token = insert_follow(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok((id, token))
    }

    /// The report a follow token opens, while it lasts.
    pub async fn followed_grievance(&self, token: &str, now: i64) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query("SELECT grievance FROM grievance_follows WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash(token))
                .bind(now)
                .fetch_optional(&mut *self.read().await?)
                .await?
                .map(|r| r.try_get("grievance"))
                .transpose()?,
        )
    }
}

async fn insert_follow(tx: &mut Tx, id: i64, now: i64) -> Result<String, StoreError> {
    let token = new_token();
    sqlx::query("INSERT INTO grievance_follows (token_hash, grievance, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&token))
        .bind(id)
        .bind(now + FOLLOW_SECONDS)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}
