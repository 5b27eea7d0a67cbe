//! API 토큰: for programs that call the API on a user's behalf. A token acts with its user's
//! roles, is shown once when made, and can be revoked.

use sandan_domain::{Actor, UserId};
use serde::Serialize;
use sqlx::Row;

use crate::Store;
use crate::accounts::AccountError;
use crate::audit::{self, Change};
use crate::secrets::{new_token, token_hash};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

impl Store {
    /// Makes a token for `user`; the returned secret is never stored and cannot be shown again.
    pub async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        change: &Change<'_>,
    ) -> Result<(i64, String), AccountError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AccountError::BadName);
        }
        let token = new_token();
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user.0)
        .bind(name)
        .bind(token_hash(&token))
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        audit::record(
            &mut tx,
            change,
            "token.create",
            &format!("user:{}", user.0),
            None,
            Some(format!("token:{id} {name}")),
        )
        .await?;
        tx.commit().await?;
        Ok((id, token))
    }

    /// Revokes one of `user`'s own tokens.
    pub async fn revoke_api_token(&self, user: UserId, id: i64, change: &Change<'_>) -> Result<(), AccountError> {
        let mut tx = self.writer.begin().await?;
        let revoked =
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(change.at)
                .bind(id)
                .bind(user.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if revoked == 0 {
            return Err(AccountError::UnknownToken);
        }
        audit::record(
            &mut tx,
            change,
            "token.revoke",
            &format!("user:{}", user.0),
            Some(format!("token:{id}")),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, AccountError> {
        let rows = sqlx::query(
            "SELECT id, name, created_at FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The user a live token acts for.
    pub async fn api_actor(&self, token: &str) -> Result<Option<Actor>, AccountError> {
        let row = sqlx::query(
            "SELECT u.id, u.login FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(self.actor(UserId(r.try_get("id")?), r.try_get("login")?).await?)),
            None => Ok(None),
        }
    }
}
