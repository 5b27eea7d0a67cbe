//! Who a message goes to: accounts in use with a verified address who have not turned that
//! class of message off. An address nobody proved is never mailed, except the link that proves
//! it (see `addresses`).

use sandan_domain::mail::Class;
use sandan_domain::{Role, UserId};
use sqlx::Row;

use crate::writer::Tx;

/// The readers of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience<'a> {
    User(UserId),
    /// Everyone holding exactly this role: a province's officers, a ministry's, the agency's.
    Holders(Role),
    /// Everyone holding a role, by its key (`provincial-officer`, `ministry-officer`, …).
    Role(&'a str),
    /// The members of a round's panel.
    Panel(i32),
}

impl Audience<'_> {
    pub fn describe(&self) -> String {
        match self {
            Audience::User(u) => format!("user:{}", u.0),
            Audience::Holders(role) => role.to_string(),
            Audience::Role(key) => (*key).to_string(),
            Audience::Panel(year) => format!("panel:{year}"),
        }
    }
}

/// The readers' query: accounts in use with a proved address, wanting the message's class
/// ($1: events, $2: reminders, each 1 when the class needs it), joined and narrowed to the
/// audience ($3).
macro_rules! readers {
    ($join:literal, $and:literal) => {
        concat!(
            "SELECT DISTINCT u.id, u.email FROM users u ",
            $join,
            " WHERE u.disabled = 0 AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL \
             AND ($1 = 0 OR u.mail_events = 1) AND ($2 = 0 OR u.mail_reminders = 1) ",
            $and,
            " ORDER BY u.id"
        )
    };
}

/// (user, address) of every reader, in user order.
pub(super) async fn of(
    tx: &mut Tx,
    audience: &Audience<'_>,
    class: Class,
) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    let (events, reminders) = match class {
        Class::Essential => (0i64, 0i64),
        Class::Event => (1, 0),
        Class::Reminder => (0, 1),
    };
    let sql = match audience {
        Audience::User(_) => readers!("", "AND u.id = $3"),
        Audience::Holders(_) => readers!(
            "JOIN grants g ON g.user_id = u.id AND g.revoked_at IS NULL",
            "AND g.role = $3"
        ),
        Audience::Role(_) => readers!(
            "JOIN grants g ON g.user_id = u.id AND g.revoked_at IS NULL",
            "AND (g.role = $3 OR g.role LIKE $3 || ':%')"
        ),
        Audience::Panel(_) => readers!("JOIN panel_members p ON p.user_id = u.id", "AND p.round = $3"),
    };
    let query = sqlx::query(sql).bind(events).bind(reminders);
    let query = match audience {
        Audience::User(user) => query.bind(user.0),
        Audience::Holders(role) => query.bind(role.to_string()),
        Audience::Role(key) => query.bind(*key),
        Audience::Panel(year) => query.bind(i64::from(*year)),
    };
    query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((UserId(r.try_get("id")?), r.try_get("email")?)))
        .collect()
}
