//! 합성 계정: the dataset's accounts brought into `users` inside the load's transaction.
//!
//! Accounts are matched by login among those marked `synthetic`, so generating again neither
//! duplicates nor deletes one. An account the dataset still has keeps its id, its password and
//! whatever refers to it (sessions, panel seats, the audit trail) and is left holding exactly the
//! dataset's roles; one it no longer has (a smaller scale) is disabled with its roles revoked.
//! Real accounts are never touched: one holding a login the dataset wants stops the load.

use std::collections::{HashMap, HashSet};

use sandan_domain::synthetic::SyntheticUser;
use sqlx::Row;

use super::{Cell, bulk_insert};
use crate::audit::Change;
use crate::edit::EditError;
use crate::secrets::{hash_password, new_token};
use crate::writer::Tx;

/// A stored account the load may have to change.
struct Existing {
    id: i64,
    synthetic: bool,
    disabled: bool,
}

pub(super) async fn sync(tx: &mut Tx, users: &[SyntheticUser], change: &Change<'_>) -> Result<(), EditError> {
    let mut existing = HashMap::new();
    for r in sqlx::query("SELECT id, login, synthetic, disabled FROM users")
        .fetch_all(&mut **tx)
        .await?
    {
        let account = Existing {
            id: r.try_get("id")?,
            synthetic: r.try_get::<i64, _>("synthetic")? != 0,
            disabled: r.try_get::<i64, _>("disabled")? != 0,
        };
        existing.insert(r.try_get::<String, _>("login")?, account);
    }
    if let Some(taken) = users
        .iter()
        .find(|u| existing.get(&u.login).is_some_and(|a| !a.synthetic))
    {
        return Err(EditError::Refused(format!(
            "아이디 '{}'을(를) 실제 계정이 쓰고 있어 합성 자료를 적재하지 않았습니다. 실제 계정은 바꾸지 않습니다.",
            taken.login
        )));
    }
    let new: Vec<&SyntheticUser> = users.iter().filter(|u| !existing.contains_key(&u.login)).collect();
    if !new.is_empty() {
        // One secret for the lot, hashed once and never shown: argon2 is slow on purpose, and a
        // separate secret each would only cost time, since nobody is told any of them.
        let hash = hash_password(&new_token());
        bulk_insert(
            tx,
            "users",
            &["login", "name", "password_hash", "created_at", "synthetic"],
            new.iter().map(|u| {
                vec![
                    u.login.as_str().into(),
                    u.name.as_str().into(),
                    hash.as_str().into(),
                    change.at.into(),
                    1i64.into(),
                ]
            }),
        )
        .await?;
    }
    let wanted: HashMap<&str, &SyntheticUser> = users.iter().map(|u| (u.login.as_str(), u)).collect();
    for (login, account) in existing.iter().filter(|(_, a)| a.synthetic) {
        let disable = !wanted.contains_key(login.as_str());
        if disable != account.disabled {
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(i64::from(disable))
                .bind(account.id)
                .execute(&mut **tx)
                .await?;
        }
    }
    sync_grants(tx, &wanted, change).await
}

/// Leaves every synthetic account holding exactly its wanted roles: grants no longer wanted are
/// revoked (kept, dated, as a revocation by hand is), missing ones granted.
async fn sync_grants(
    tx: &mut Tx,
    wanted: &HashMap<&str, &SyntheticUser>,
    change: &Change<'_>,
) -> Result<(), EditError> {
    let mut should_hold = HashSet::new();
    for r in sqlx::query("SELECT id, login FROM users WHERE synthetic = 1")
        .fetch_all(&mut **tx)
        .await?
    {
        let id: i64 = r.try_get("id")?;
        if let Some(user) = wanted.get(r.try_get::<String, _>("login")?.as_str()) {
            should_hold.extend(user.roles.iter().map(|role| (id, role.to_string())));
        }
    }
    let held = sqlx::query(
        "SELECT g.id, g.user_id, g.role FROM grants g JOIN users u ON u.id = g.user_id \
         WHERE u.synthetic = 1 AND g.revoked_at IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for r in held {
        let grant = (r.try_get::<i64, _>("user_id")?, r.try_get::<String, _>("role")?);
        if !should_hold.remove(&grant) {
            sqlx::query("UPDATE grants SET revoked_at = $1 WHERE id = $2")
                .bind(change.at)
                .bind(r.try_get::<i64, _>("id")?)
                .execute(&mut **tx)
                .await?;
        }
    }
    // What is left is wanted and not yet held.
    let mut missing: Vec<(i64, String)> = should_hold.into_iter().collect();
    missing.sort();
    bulk_insert(
        tx,
        "grants",
        &["user_id", "role", "granted_at"],
        missing
            .into_iter()
            .map(|(user, role)| vec![Cell::Int(user), role.into(), change.at.into()]),
    )
    .await?;
    Ok(())
}
