//! 일정 구독 주소: one private calendar address per user at a time. Making a new one revokes
//! the old, so a leaked address is cut off by making another.

use sandan_domain::{Actor, UserId};
use sqlx::Row;

use crate::audit::{self, Change};
use crate::secrets::{new_token, token_hash};
use crate::{EditError, Store, StoreError};

impl Store {
    /// Makes her calendar address token, revoking any earlier one; the token is shown once.
    pub async fn new_calendar_feed(&self, user: UserId, change: &Change<'_>) -> Result<String, EditError> {
        let token = new_token();
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(change.at)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)")
            .bind(user.0)
            .bind(token_hash(&token))
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change,
            "account.calendar_feed",
            &format!("user:{}", user.0),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn revoke_calendar_feed(&self, user: UserId, change: &Change<'_>) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(change.at)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(EditError::NotFound("폐기할 일정 구독 주소가 없습니다.".into()));
        }
        audit::record(
            &mut tx,
            change,
            "account.calendar_feed_revoked",
            &format!("user:{}", user.0),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When her live calendar address was made, if she has one.
    pub async fn calendar_feed_since(&self, user: UserId) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query("SELECT created_at FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL")
                .bind(user.0)
                .fetch_optional(&mut *self.read().await?)
                .await?
                .map(|r| r.try_get("created_at"))
                .transpose()?,
        )
    }

    /// Whose feed a token opens, with her roles now; none for an unknown or revoked token or
    /// a disabled account.
    pub async fn calendar_feed_reader(&self, token: &str) -> Result<Option<Actor>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.login FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .fetch_optional(&mut *self.read().await?)
        .await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some(
                self.actor(UserId(row.try_get("id")?), row.try_get("login")?)
                    .await
                    .map_err(|_| StoreError::BadValue("사용자의 역할".into()))?,
            )),
        }
    }
}
