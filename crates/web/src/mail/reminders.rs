//! 마감 알림: each business day, everyone who wants reminders is mailed about deadlines seven
//! business days ahead, the day before and on the day, and once about each quarterly report
//! that falls due. Worked out from her tasks as the inbox shows them; each reminder carries a
//! key, so however many instances run the pass, and however often, it is queued once.

use std::time::Duration;

use sandan_domain::{Day, mail};
use sandan_store::Change;

use crate::AppState;
use crate::clock::{timestamp, today};
use crate::failure::Failure;
use crate::tasks::inbox::tasks_of;

/// How often the pass runs. Reminders are per day, so this only bounds how late in the day
/// one may come after a start or a new deadline.
const EVERY: Duration = Duration::from_secs(600);

pub(super) async fn schedule(state: AppState) {
    loop {
        match queue_reminders(&state, today()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(queued = n, "마감 알림을 발송함에 넣었습니다"),
            Err(e) => tracing::warn!(error = ?e, "마감 알림을 만들지 못했습니다"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// Queues today's reminders; returns how many were new.
pub async fn queue_reminders(state: &AppState, today: Day) -> Result<usize, Failure> {
    let calendar = state.store.calendar().await?;
    let at = timestamp();
    let change = Change {
        actor: "system",
        source: "system",
        at: &at,
    };
    let mut queued = 0;
    // Nothing goes out on a day off; a calendar without the year sends nothing rather than guess.
    if !calendar.is_business_day(&today).unwrap_or(false) {
        return Ok(0);
    }
    for reader in state.store.reminder_readers().await? {
        for task in tasks_of(state, &reader).await? {
            if let (Some(quarter), Some(letter)) = (task.quarter, mail::quarterly(&task)) {
                let key = format!("quarterly:{}:{quarter}:{}:{}", reader.user.0, task.link, task.what);
                if state.store.remind_by_mail(reader.user, &letter, &key, &change).await? {
                    queued += 1;
                }
            }
            let Some(due) = task.due else { continue };
            let Some(left) = mail::reminder_due(&calendar, &today, &due) else {
                continue;
            };
            let Some(letter) = mail::deadline(&task, left) else {
                continue;
            };
            let key = format!("deadline:{}:{due}:{left}:{}:{}", reader.user.0, task.link, task.what);
            if state.store.remind_by_mail(reader.user, &letter, &key, &change).await? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
