//! 계정: users, role grants, sign-in with lockout and rate limiting, sessions. Every change and
//! every sign-in attempt is audited in the same transaction.

use sandan_domain::account::is_valid_login;
use sandan_domain::signin::{
    AfterFailure, LOCK_AFTER, LOCK_SECONDS, SOURCE_WINDOW, SessionTimes, after_failure, is_locked, source_refused,
};
use sandan_domain::{Actor, Grant, PasswordProblem, Role, UserId, check_password};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{self, Change};
use crate::secrets::{decoy_hash, hash_password, new_token, token_hash, verify_password};
use crate::writer::Tx;
use crate::{Store, StoreError};

mod registration;

pub use registration::FirmAccount;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("아이디는 영문 소문자로 시작하고 영문 소문자·숫자·'.'·'-'·'_'로 3~32자여야 합니다.")]
    BadLogin,
    #[error("아이디 '{0}'은(는) 이미 쓰이고 있습니다.")]
    LoginTaken(String),
    #[error("이름을 입력해 주십시오 (100자 이내).")]
    BadName,
    #[error("{0}")]
    Password(#[from] PasswordProblem),
    #[error("사용자를 찾을 수 없습니다.")]
    UnknownUser,
    #[error("API 토큰을 찾을 수 없습니다.")]
    UnknownToken,
    #[error("이 사용자는 이미 그 역할을 가지고 있습니다.")]
    AlreadyGranted,
    /// A wrong password, an unknown login, a locked or disabled account: one answer for all, so
    /// that the sign-in form never tells a stranger which logins exist.
    #[error(
        "아이디 또는 비밀번호가 맞지 않습니다. 로그인에 연속 {LOCK_AFTER}회 실패한 계정은 {}분 동안 로그인할 수 없습니다.",
        LOCK_SECONDS / 60
    )]
    SignInRefused,
    #[error("이 주소에서 로그인 실패가 너무 많습니다. 잠시 뒤에 다시 시도하십시오.")]
    RateLimited,
    #[error("현재 비밀번호가 맞지 않습니다.")]
    WrongCurrentPassword,
    /// Told only to whoever gave the right password, so it tells a stranger nothing.
    #[error(
        "가입할 때 받은 메일의 링크를 열어 이메일 주소를 확인한 뒤에 로그인할 수 있습니다. 링크는 24시간 동안 쓸 수 있고, 지났으면 가입을 다시 신청하십시오."
    )]
    AddressUnproved,
    #[error("{}", sandan_domain::account::registration::RegistrationProblem::TooMany)]
    TooManySignUps,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> AccountError {
        AccountError::Store(e.into())
    }
}

/// A user as the user pages show her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserSummary {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub created_at: String,
    pub locked: bool,
    pub grants: Vec<Grant>,
}

/// A signed-in session: the token goes to the browser once; only its hash is kept.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub actor: Actor,
    /// Locks of her account since she was last told, oldest first: hers to see now, and told
    /// once (the next sign-in brings only newer ones).
    pub locks: Vec<LockNotice>,
}

/// 계정 잠김 알림: her account was locked by failed sign-ins. The sign-in form never says so to
/// whoever is trying (see `AccountError::SignInRefused`); she learns it once she is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockNotice {
    /// When it locked: the failed attempt's time, RFC 3339 as the audit trail keeps it.
    pub locked_at: String,
    /// Failed sign-ins in a row that locked it.
    pub failures: i64,
}

/// A session found by its token.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub actor: Actor,
    pub csrf: String,
    pub expires_at: i64,
}

/// A granted role as stored. One that no longer parses is skipped, never widened into another
/// role.
fn granted_role(stored: &str) -> Option<Role> {
    stored.parse().ok()
}

impl Store {
    /// Creates a user with her first roles. `change.actor` is who creates her.
    pub async fn create_user(
        &self,
        login: &str,
        name: &str,
        password: &str,
        roles: &[Role],
        granted_by: Option<UserId>,
        change: &Change<'_>,
    ) -> Result<UserId, AccountError> {
        if !is_valid_login(login) {
            return Err(AccountError::BadLogin);
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AccountError::BadName);
        }
        check_password(password, login)?;
        let hash = hash_password(password);
        let mut tx = self.writer.begin().await?;
        let taken: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE login = $1")
            .bind(login)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if taken > 0 {
            return Err(AccountError::LoginTaken(login.to_string()));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO users (login, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(login)
        .bind(name)
        .bind(&hash)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let after = serde_json::json!({ "login": login, "name": name, "roles": roles.iter().map(Role::to_string).collect::<Vec<_>>() });
        audit::record(
            &mut tx,
            change,
            "user.create",
            &format!("user:{id}"),
            None,
            Some(after.to_string()),
        )
        .await?;
        for role in roles {
            insert_grant(&mut tx, UserId(id), role, granted_by, change).await?;
        }
        tx.commit().await?;
        Ok(UserId(id))
    }

    pub async fn grant_role(
        &self,
        user: UserId,
        role: &Role,
        granted_by: Option<UserId>,
        change: &Change<'_>,
    ) -> Result<(), AccountError> {
        let mut tx = self.writer.begin().await?;
        let exists: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if exists == 0 {
            return Err(AccountError::UnknownUser);
        }
        let held: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM grants WHERE user_id = $1 AND role = $2 AND revoked_at IS NULL")
                .bind(user.0)
                .bind(role.to_string())
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if held > 0 {
            return Err(AccountError::AlreadyGranted);
        }
        insert_grant(&mut tx, user, role, granted_by, change).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn revoke_role(&self, user: UserId, role: &Role, change: &Change<'_>) -> Result<(), AccountError> {
        let mut tx = self.writer.begin().await?;
        let revoked =
            sqlx::query("UPDATE grants SET revoked_at = $1 WHERE user_id = $2 AND role = $3 AND revoked_at IS NULL")
                .bind(change.at)
                .bind(user.0)
                .bind(role.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if revoked == 0 {
            return Err(AccountError::UnknownUser);
        }
        audit::record(
            &mut tx,
            change,
            "role.revoke",
            &format!("user:{}", user.0),
            Some(role.to_string()),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn users(&self, now: i64) -> Result<Vec<UserSummary>, AccountError> {
        let rows = sqlx::query("SELECT id, login, name, created_at, locked_until FROM users ORDER BY login")
            .fetch_all(&mut *self.read().await?)
            .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            let id = UserId(row.try_get("id")?);
            users.push(UserSummary {
                id,
                login: row.try_get("login")?,
                name: row.try_get("name")?,
                created_at: row.try_get("created_at")?,
                locked: is_locked(row.try_get("locked_until")?, now),
                grants: self.grants(id).await?,
            });
        }
        Ok(users)
    }

    async fn grants(&self, user: UserId) -> Result<Vec<Grant>, AccountError> {
        let rows = sqlx::query(
            "SELECT role, granted_at, granted_by FROM grants WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut grants = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(role) = granted_role(&row.try_get::<String, _>("role")?) {
                grants.push(Grant {
                    role,
                    granted_at: row.try_get("granted_at")?,
                    granted_by: row.try_get::<Option<i64>, _>("granted_by")?.map(UserId),
                });
            }
        }
        Ok(grants)
    }

    pub(crate) async fn actor(&self, user: UserId, login: String) -> Result<Actor, AccountError> {
        Ok(Actor {
            user,
            login,
            roles: self.grants(user).await?.into_iter().map(|g| g.role).collect(),
        })
    }

    /// Failed sign-ins from `source` within the rate-limit window.
    pub async fn recent_failures(&self, source: &str, now: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query("SELECT COUNT(*) AS n FROM signin_attempts WHERE source = $1 AND at > $2 AND succeeded = 0")
                .bind(source)
                .bind(now - SOURCE_WINDOW)
                .fetch_one(&mut *self.read().await?)
                .await?
                .try_get("n")?,
        )
    }

    /// Checks a password and opens a session. Every attempt, good or bad, is recorded and audited.
    /// Whether the login is unknown, the password wrong or the account locked or disabled, the
    /// answer is the same `SignInRefused` after the same password-hash work, so neither the
    /// answer nor its time tells a stranger that a login exists.
    pub async fn sign_in(
        &self,
        login: &str,
        password: &str,
        change: &Change<'_>,
        now: i64,
    ) -> Result<NewSession, AccountError> {
        if source_refused(self.recent_failures(change.source, now).await?) {
            self.record_attempt(login, false, change, now, "auth.rate_limited")
                .await?;
            return Err(AccountError::RateLimited);
        }
        let row =
            sqlx::query("SELECT id, password_hash, locked_until, failed_signins, disabled, pending_until FROM users WHERE login = $1")
                .bind(login)
                .fetch_optional(&mut *self.read().await?)
                .await?;
        let hash = match &row {
            Some(r) => r.try_get::<String, _>("password_hash")?,
            None => decoy_hash().to_string(),
        };
        let password_matches = verify_password(password, &hash);
        let Some(row) = row else {
            self.record_attempt(login, false, change, now, "auth.sign_in_failed")
                .await?;
            return Err(AccountError::SignInRefused);
        };
        let user = UserId(row.try_get("id")?);
        let locked_until: i64 = row.try_get("locked_until")?;
        if is_locked(locked_until, now) {
            self.record_attempt(login, false, change, now, "auth.sign_in_locked")
                .await?;
            return Err(AccountError::SignInRefused);
        }
        let disabled: i64 = row.try_get("disabled")?;
        if disabled != 0 || !password_matches {
            let (failed, until, lock) = match after_failure(row.try_get("failed_signins")?, now) {
                AfterFailure::Counted { failed } => (failed, locked_until, None),
                AfterFailure::Locked { until, failed } => (0, until, Some(failed)),
            };
            let mut tx = self.writer.begin().await?;
            sqlx::query("UPDATE users SET failed_signins = $1, locked_until = $2 WHERE id = $3")
                .bind(failed)
                .bind(until)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            if let Some(failures) = lock {
                sqlx::query("INSERT INTO account_locks (user_id, locked_at, failures) VALUES ($1, $2, $3)")
                    .bind(user.0)
                    .bind(change.at)
                    .bind(failures)
                    .execute(&mut *tx)
                    .await?;
            }
            let action = if lock.is_some() {
                "auth.account_locked"
            } else {
                "auth.sign_in_failed"
            };
            attempt(&mut tx, login, false, change, now, action).await?;
            tx.commit().await?;
            return Err(AccountError::SignInRefused);
        }
        if row.try_get::<Option<i64>, _>("pending_until")?.is_some() {
            self.record_attempt(login, false, change, now, "auth.sign_in_unproved")
                .await?;
            return Err(AccountError::AddressUnproved);
        }
        let (token, csrf, times) = (new_token(), new_token(), SessionTimes::open(now));
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE users SET failed_signins = 0 WHERE id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $4, $5)")
            .bind(token_hash(&token))
            .bind(user.0)
            .bind(&csrf)
            .bind(times.created)
            .bind(times.expires_at)
            .execute(&mut *tx)
            .await?;
        let locks = sqlx::query(
            "SELECT locked_at, failures FROM account_locks WHERE user_id = $1 AND told_at IS NULL ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(LockNotice {
                locked_at: r.try_get("locked_at")?,
                failures: r.try_get("failures")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        sqlx::query("UPDATE account_locks SET told_at = $1 WHERE user_id = $2 AND told_at IS NULL")
            .bind(change.at)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        attempt(&mut tx, login, true, change, now, "auth.sign_in").await?;
        tx.commit().await?;
        Ok(NewSession {
            token,
            csrf,
            actor: self.actor(user, login.to_string()).await?,
            locks,
        })
    }

    async fn record_attempt(
        &self,
        login: &str,
        ok: bool,
        change: &Change<'_>,
        now: i64,
        action: &str,
    ) -> Result<(), AccountError> {
        let mut tx = self.writer.begin().await?;
        attempt(&mut tx, login, ok, change, now, action).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session a token opens, if it has not expired. With `extend`, its idle timer restarts.
    pub async fn session(&self, token: &str, now: i64, extend: bool) -> Result<Option<ActiveSession>, AccountError> {
        let hash = token_hash(token);
        // The session with its user's roles, one row a role: one query on every signed-in request.
        let rows = sqlx::query(
            "SELECT s.user_id, s.csrf_token, s.created_at, s.expires_at, u.login, g.role FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             LEFT JOIN grants g ON g.user_id = s.user_id AND g.revoked_at IS NULL \
             WHERE s.token_hash = $1 AND u.disabled = 0 ORDER BY g.id",
        )
        .bind(&hash)
        .fetch_all(&mut *self.read().await?)
        .await?;
        let Some(row) = rows.first() else { return Ok(None) };
        let mut times = SessionTimes {
            created: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
        };
        if !times.is_alive(now) {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&hash)
                .execute(self.writer.pool())
                .await?;
            return Ok(None);
        }
        if extend && times.worth_extending(now) {
            times = times.used(now);
            sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE token_hash = $3")
                .bind(now)
                .bind(times.expires_at)
                .bind(&hash)
                .execute(self.writer.pool())
                .await?;
        }
        let mut roles = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(role) = r
                .try_get::<Option<String>, _>("role")?
                .as_deref()
                .and_then(granted_role)
            {
                roles.push(role);
            }
        }
        Ok(Some(ActiveSession {
            actor: Actor {
                user: UserId(row.try_get("user_id")?),
                login: row.try_get("login")?,
                roles,
            },
            csrf: row.try_get("csrf_token")?,
            expires_at: times.expires_at,
        }))
    }

    /// Ends one session, or with `everywhere` every session of its user.
    pub async fn sign_out(&self, token: &str, everywhere: bool, change: &Change<'_>) -> Result<(), AccountError> {
        let hash = token_hash(token);
        let mut tx = self.writer.begin().await?;
        let user: Option<i64> = sqlx::query("SELECT user_id FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("user_id"))
            .transpose()?;
        let Some(user) = user else { return Ok(()) };
        if everywhere {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
        }
        let action = if everywhere {
            "auth.sign_out_everywhere"
        } else {
            "auth.sign_out"
        };
        audit::record(&mut tx, change, action, &format!("user:{user}"), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes one's own password; every other session of the user ends.
    pub async fn change_password(
        &self,
        user: UserId,
        current: &str,
        new: &str,
        keep_token: &str,
        change: &Change<'_>,
    ) -> Result<(), AccountError> {
        let row = sqlx::query("SELECT login, password_hash FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(&mut *self.read().await?)
            .await?
            .ok_or(AccountError::UnknownUser)?;
        if !verify_password(current, &row.try_get::<String, _>("password_hash")?) {
            return Err(AccountError::WrongCurrentPassword);
        }
        check_password(new, &row.try_get::<String, _>("login")?)?;
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1, version = version + 1 WHERE id = $2")
            .bind(hash_password(new))
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.0)
            .bind(token_hash(keep_token))
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change,
            "user.password_change",
            &format!("user:{}", user.0),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The operator's reset from the command line: no current password is asked, since whoever
    /// runs `sandan` holds the database anyway. Clears a lockout and ends every session of the
    /// user. The way into an account nobody knows the password of, such as a synthetic one.
    pub async fn reset_password(&self, login: &str, new: &str, change: &Change<'_>) -> Result<(), AccountError> {
        check_password(new, login)?;
        let mut tx = self.writer.begin().await?;
        let user: i64 = sqlx::query("SELECT id FROM users WHERE login = $1")
            .bind(login)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AccountError::UnknownUser)?
            .try_get("id")?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, failed_signins = 0, locked_until = 0, version = version + 1 \
             WHERE id = $2",
        )
        .bind(hash_password(new))
        .bind(user)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            change,
            "user.password_reset",
            &format!("user:{user}"),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_grant(
    tx: &mut Tx,
    user: UserId,
    role: &Role,
    by: Option<UserId>,
    change: &Change<'_>,
) -> Result<(), AccountError> {
    sqlx::query("INSERT INTO grants (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4)")
        .bind(user.0)
        .bind(role.to_string())
        .bind(change.at)
        .bind(by.map(|u| u.0))
        .execute(&mut **tx)
        .await?;
    audit::record(
        tx,
        change,
        "role.grant",
        &format!("user:{}", user.0),
        None,
        Some(role.to_string()),
    )
    .await?;
    Ok(())
}

/// One attempt at a password — signing in, or following an 애로사항 by its receipt — counted
/// against the address it came from.
pub(crate) async fn attempt(
    tx: &mut Tx,
    login: &str,
    ok: bool,
    change: &Change<'_>,
    now: i64,
    action: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO signin_attempts (at, login, source, succeeded) VALUES ($1, $2, $3, $4)")
        .bind(now)
        .bind(login)
        .bind(change.source)
        .bind(i64::from(ok))
        .execute(&mut **tx)
        .await?;
    audit::record(tx, change, action, &format!("login:{login}"), None, None).await?;
    Ok(())
}
