//! 알림 주소: her address, proved by a one-time link sent to it, and what she wants mailed.

use sandan_domain::UserId;
use sandan_domain::mail::{Email, Letter};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::secrets::token_hash;
use crate::writer::Tx;
use crate::{EditError, Store, StoreError};

/// How long a verification link works.
pub const VERIFY_SECONDS: i64 = 24 * 3600;

/// Her mail settings as her account page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailSettings {
    pub email: Option<String>,
    /// When she proved the address; none while the link is unanswered.
    pub verified_at: Option<String>,
    /// Mail when something happens (보완 요청, 위촉, 결과 공개 …).
    pub events: bool,
    /// Mail ahead of deadlines (D-7, D-1, the day).
    pub reminders: bool,
}

/// Mails `letter`, carrying the one-time `token`, to `email` and keeps the token's hash for
/// [`Store::verify_email`]. A newer link replaces older ones, so only the address last asked
/// for can be proved.
pub(crate) async fn send_link(
    tx: &mut Tx,
    user: UserId,
    email: &Email,
    token: &str,
    now: i64,
    letter: &Letter,
    change: &Change<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM email_verifications WHERE user_id = $1 AND used_at IS NULL")
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO email_verifications (token_hash, user_id, address, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(token))
        .bind(user.0)
        .bind(email.as_str())
        .bind(now + VERIFY_SECONDS)
        .execute(&mut **tx)
        .await?;
    super::insert(tx, user, email.as_str(), letter, None, change).await?;
    Ok(())
}

/// An address proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub user: UserId,
    pub address: String,
    /// The link completed a firm's sign-up: she may sign in from now on.
    pub signed_up: bool,
}

impl Store {
    pub async fn mail_settings(&self, user: UserId) -> Result<MailSettings, StoreError> {
        let row = sqlx::query("SELECT email, email_verified_at, mail_events, mail_reminders FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(&mut *self.read().await?)
            .await?
            .ok_or_else(|| StoreError::BadValue("사용자".into()))?;
        Ok(MailSettings {
            email: row.try_get("email")?,
            verified_at: row.try_get("email_verified_at")?,
            events: row.try_get::<i64, _>("mail_events")? != 0,
            reminders: row.try_get::<i64, _>("mail_reminders")? != 0,
        })
    }

    /// Sets her address, unverified until she opens the link in `letter`, which goes to that
    /// address in the same transaction. `token` is what the link carries; only its hash is kept.
    pub async fn set_email(
        &self,
        user: UserId,
        email: &Email,
        token: &str,
        now: i64,
        letter: &Letter,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let before: Option<String> = sqlx::query("SELECT email FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| EditError::NotFound("사용자를 찾을 수 없습니다.".into()))?
            .try_get("email")?;
        sqlx::query("UPDATE users SET email = $1, email_verified_at = NULL WHERE id = $2")
            .bind(email.as_str())
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        send_link(&mut tx, user, email, token, now, letter, change).await?;
        audit::record(
            &mut tx,
            change,
            "account.email",
            &format!("user:{}", user.0),
            before.map(|e| serde_json::json!({ "email": e }).to_string()),
            Some(serde_json::json!({ "email": email, "verified": false }).to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Proves an address with the link's token, and so completes a firm's sign-up. Refused when
    /// the link is unknown, used, expired, or for an address she has since replaced.
    pub async fn verify_email(&self, token: &str, now: i64, change: &Change<'_>) -> Result<Verified, EditError> {
        let refused = || {
            EditError::Refused(
                "확인 링크가 맞지 않거나 기한(24시간)이 지났거나 이미 쓰였습니다. '내 계정'에서 주소를 다시 등록하여 새 링크를 받으십시오. 회원가입 중이었다면 가입을 다시 신청하십시오."
                    .into(),
            )
        };
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(
            "SELECT v.user_id, v.address, u.pending_until FROM email_verifications v JOIN users u ON u.id = v.user_id \
             WHERE v.token_hash = $1 AND v.used_at IS NULL AND v.expires_at > $2 AND u.email = v.address",
        )
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(refused)?;
        let user = UserId(row.try_get("user_id")?);
        let address: String = row.try_get("address")?;
        let signed_up = row.try_get::<Option<i64>, _>("pending_until")?.is_some();
        sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE token_hash = $2")
            .bind(change.at)
            .bind(token_hash(token))
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET email_verified_at = $1, pending_until = NULL WHERE id = $2")
            .bind(change.at)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change,
            "account.email_verified",
            &format!("user:{}", user.0),
            None,
            Some(serde_json::json!({ "email": address, "signed_up": signed_up }).to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(Verified {
            user,
            address,
            signed_up,
        })
    }

    pub async fn set_mail_preferences(
        &self,
        user: UserId,
        events: bool,
        reminders: bool,
        change: &Change<'_>,
    ) -> Result<(), EditError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE users SET mail_events = $1, mail_reminders = $2 WHERE id = $3")
            .bind(i64::from(events))
            .bind(i64::from(reminders))
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(EditError::NotFound("사용자를 찾을 수 없습니다.".into()));
        }
        audit::record(
            &mut tx,
            change,
            "account.mail_preferences",
            &format!("user:{}", user.0),
            None,
            Some(serde_json::json!({ "events": events, "reminders": reminders }).to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
