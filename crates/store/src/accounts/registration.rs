//! 입주기업 회원가입 in the store: the account is made waiting for its address, the link is
//! mailed in the same transaction, and sign-ups are counted per address.

use sandan_domain::UserId;
use sandan_domain::account::registration::{REGISTRATIONS_PER_HOUR, Registration};
use sandan_domain::mail::Letter;
use sqlx::Row;

use super::AccountError;
use crate::Store;
use crate::audit::{self, Change};
use crate::mail::addresses::{VERIFY_SECONDS, send_link};
use crate::secrets::hash_password;

/// A firm's account as the filing form fills itself from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmAccount {
    pub name: String,
    pub firm: String,
    pub business_number: String,
    pub email: Option<String>,
}

impl Store {
    /// Makes a firm's account that cannot sign in until `letter` (which carries `token`) is
    /// answered. A login taken by an account is refused, unless that account is a sign-up
    /// whose link lapsed unanswered: then the new sign-up takes it over.
    pub async fn register_firm(
        &self,
        r: &Registration,
        token: &str,
        now: i64,
        letter: &Letter,
        change: &Change<'_>,
    ) -> Result<UserId, AccountError> {
        let hash = hash_password(&r.password);
        let mut tx = self.writer.begin().await?;
        let recent: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM users WHERE registered_from = $1 AND registered_at > $2")
                .bind(change.source)
                .bind(now - 3600)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if recent >= REGISTRATIONS_PER_HOUR {
            return Err(AccountError::TooManySignUps);
        }
        let existing = sqlx::query("SELECT id, pending_until FROM users WHERE login = $1")
            .bind(&r.login)
            .fetch_optional(&mut *tx)
            .await?;
        let fields = serde_json::json!({
            "login": r.login, "name": r.name, "firm": r.firm,
            "business_number": r.business_number.to_string(), "email": r.email,
        });
        let user = match existing {
            Some(row) => {
                let lapsed = row
                    .try_get::<Option<i64>, _>("pending_until")?
                    .is_some_and(|until| until <= now);
                if !lapsed {
                    return Err(AccountError::LoginTaken(r.login.clone()));
                }
                let user = UserId(row.try_get("id")?);
                sqlx::query(
                    "UPDATE users SET name = $1, password_hash = $2, firm_name = $3, business_number = $4, \
                     email = $5, email_verified_at = NULL, pending_until = $6, registered_from = $7, \
                     registered_at = $8, failed_signins = 0, locked_until = 0 WHERE id = $9",
                )
                .bind(&r.name)
                .bind(&hash)
                .bind(&r.firm)
                .bind(r.business_number.to_string())
                .bind(r.email.as_str())
                .bind(now + VERIFY_SECONDS)
                .bind(change.source)
                .bind(now)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
                user
            }
            None => UserId(
                sqlx::query(
                    "INSERT INTO users (login, name, password_hash, created_at, firm_name, business_number, email, \
                     pending_until, registered_from, registered_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                )
                .bind(&r.login)
                .bind(&r.name)
                .bind(&hash)
                .bind(change.at)
                .bind(&r.firm)
                .bind(r.business_number.to_string())
                .bind(r.email.as_str())
                .bind(now + VERIFY_SECONDS)
                .bind(change.source)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?,
            ),
        };
        send_link(&mut tx, user, &r.email, token, now, letter, change).await?;
        audit::record(
            &mut tx,
            change,
            "user.register",
            &format!("user:{}", user.0),
            None,
            Some(fields.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    /// The firm a signed-up account named, if it is one.
    pub async fn firm_account(&self, user: UserId) -> Result<Option<FirmAccount>, AccountError> {
        let row = sqlx::query(
            "SELECT name, firm_name, business_number, email, email_verified_at FROM users \
             WHERE id = $1 AND firm_name IS NOT NULL",
        )
        .bind(user.0)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        Ok(match row {
            Some(r) => Some(FirmAccount {
                name: r.try_get("name")?,
                firm: r.try_get("firm_name")?,
                business_number: r.try_get::<Option<String>, _>("business_number")?.unwrap_or_default(),
                email: r
                    .try_get::<Option<String>, _>("email_verified_at")?
                    .and(r.try_get::<Option<String>, _>("email")?),
            }),
            None => None,
        })
    }
}
