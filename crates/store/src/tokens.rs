//! API 토큰: for programs that call the API on a user's behalf. A token acts with its user's
//! roles narrowed to its scope, until it expires or is revoked; it is shown once when made.
//! The office keeps a register of every token and may revoke any.

use sandan_domain::account::token::{Lifetime, TokenScope, is_expired, last_use_due};
use sandan_domain::{Actor, UserId};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::Store;
use crate::accounts::AccountError;
use crate::audit::{self, Change};
use crate::secrets::{new_token, token_hash};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub scope: TokenScope,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds, to the hour: see `last_use_due`.
    pub last_used_at: Option<i64>,
}

/// A line of the office's register: a token, whose it is, and whether it was revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredToken {
    pub token: ApiToken,
    pub owner: UserId,
    pub owner_login: String,
    pub owner_name: String,
    pub revoked_at: Option<String>,
}

/// What a presented token turns out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenLookup {
    Live {
        actor: Actor,
        scope: TokenScope,
    },
    /// Known and not revoked, but past its expiry (Unix seconds): told apart so the client's
    /// owner learns to issue a new one rather than to look for a typo.
    Expired {
        expires_at: i64,
    },
    /// Unknown, revoked, or its user disabled.
    Unknown,
}

const COLUMNS: &str = "t.id, t.name, t.created_at, t.scopes, t.expires_at, t.last_used_at";

fn token_of(row: &AnyRow) -> Result<ApiToken, AccountError> {
    let scopes: String = row.try_get("scopes")?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        // Only this module writes the column; a value it cannot read grants no writes.
        scope: scopes.parse().unwrap_or_default(),
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

impl Store {
    /// Makes a token for `user`, issued at `now` (Unix seconds); the returned secret is never
    /// stored and cannot be shown again.
    pub async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        scope: &TokenScope,
        lifetime: Lifetime,
        now: i64,
        change: &Change<'_>,
    ) -> Result<(i64, String), AccountError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AccountError::BadName);
        }
        let token = new_token();
        let expires_at = lifetime.expires_at(now);
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at, scopes, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user.0)
        .bind(name)
        .bind(token_hash(&token))
        .bind(change.at)
        .bind(scope.to_string())
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        audit::record(
            &mut tx,
            change,
            "token.create",
            &format!("user:{}", user.0),
            None,
            Some(format!("token:{id} {name} scope={scope} expires_at={expires_at}")),
        )
        .await?;
        tx.commit().await?;
        Ok((id, token))
    }

    /// Whose live (not revoked) token `id` is, for the policy to decide who may revoke it.
    pub async fn api_token_owner(&self, id: i64) -> Result<Option<UserId>, AccountError> {
        let row = sqlx::query("SELECT user_id FROM api_tokens WHERE id = $1 AND revoked_at IS NULL")
            .bind(id)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        Ok(row.map(|r| r.try_get("user_id").map(UserId)).transpose()?)
    }

    /// Revokes `owner`'s token `id`; the audit entry names who revoked it (the change's actor,
    /// the owner or the office) and whose it was.
    pub async fn revoke_api_token(&self, owner: UserId, id: i64, change: &Change<'_>) -> Result<(), AccountError> {
        let mut tx = self.writer.begin().await?;
        let revoked =
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(change.at)
                .bind(id)
                .bind(owner.0)
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
            &format!("user:{}", owner.0),
            Some(format!("token:{id}")),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `user`'s tokens not revoked, expired ones included so she sees why a client stopped.
    pub async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>, AccountError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM api_tokens t WHERE t.user_id = $1 AND t.revoked_at IS NULL ORDER BY t.id"
        )))
        .bind(user.0)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(token_of).collect()
    }

    /// The office's register: every token of every user, newest first, revoked ones too.
    pub async fn token_register(&self) -> Result<Vec<RegisteredToken>, AccountError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS}, t.revoked_at, u.id AS owner, u.login, u.name AS owner_name \
             FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC"
        )))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RegisteredToken {
                    token: token_of(r)?,
                    owner: UserId(r.try_get("owner")?),
                    owner_login: r.try_get("login")?,
                    owner_name: r.try_get("owner_name")?,
                    revoked_at: r.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Who a presented token acts for at `now` (Unix seconds), and within what scope. Notes
    /// the use at most once an hour, so calls are not each a write.
    pub async fn api_actor(&self, token: &str, now: i64) -> Result<TokenLookup, AccountError> {
        let row = sqlx::query(
            "SELECT t.id, t.scopes, t.expires_at, t.last_used_at, u.id AS user_id, u.login \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(token_hash(token))
        .fetch_optional(&mut *self.read().await?)
        .await?;
        let Some(row) = row else {
            return Ok(TokenLookup::Unknown);
        };
        let expires_at: i64 = row.try_get("expires_at")?;
        if is_expired(expires_at, now) {
            return Ok(TokenLookup::Expired { expires_at });
        }
        let id: i64 = row.try_get("id")?;
        if last_use_due(row.try_get("last_used_at")?, now) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(self.writer.pool())
                .await?;
        }
        let scopes: String = row.try_get("scopes")?;
        let actor = self
            .actor(UserId(row.try_get("user_id")?), row.try_get("login")?)
            .await?;
        Ok(TokenLookup::Live {
            actor,
            scope: scopes.parse().unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use sandan_domain::account::token::{Area, Need};

    use super::*;
    use crate::migrate::migrate_until;
    use crate::testing::TestDb;

    #[tokio::test]
    async fn tokens_made_before_scopes_keep_writing_for_ninety_days_from_the_upgrade() {
        for db in TestDb::all_empty().await {
            migrate_until(&db.store, 15).await.unwrap();
            let secret = new_token();
            db.execute_raw(&format!(
                "INSERT INTO users (login, name, password_hash, created_at) VALUES ('client', '연계', 'x', '2025-01-01T00:00:00Z'); \
                 INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
                 SELECT id, '예전 토큰', '{}', '2025-01-01T00:00:00Z' FROM users WHERE login = 'client'",
                token_hash(&secret)
            ))
            .await;
            db.store.migrate().await.unwrap();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64;
            let TokenLookup::Live { scope, .. } = db.store.api_actor(&secret, now).await.unwrap() else {
                panic!("the old token still opens");
            };
            assert!(Area::ALL.into_iter().all(|a| scope.permits(Need::Write(a))));
            let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = 'client'")
                .fetch_one(&mut *db.store.read().await.unwrap())
                .await
                .unwrap();
            let user = UserId(user);
            let expires_at = db.store.api_tokens(user).await.unwrap()[0].expires_at;
            assert!((expires_at - (now + 90 * 86_400)).abs() < 120, "{expires_at}");
            assert!(matches!(
                db.store.api_actor(&secret, expires_at).await.unwrap(),
                TokenLookup::Expired { .. }
            ));
        }
    }
}
