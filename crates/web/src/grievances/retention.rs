//! 개인정보 파기 (worker): once a day, every instance asks the store to destroy the filer data of
//! reports answered longer ago than the retention period. The store's pass is one transaction
//! that skips what is already destroyed, so instances running it together do it once.

use std::time::Duration;

use sandan_domain::grievance::{DEFAULT_RETENTION_YEARS, retention_cutoff};
use sandan_store::Change;

use crate::AppState;
use crate::clock::{timestamp, today};

/// How often the pass runs: the period is counted in days, so hourly is early enough.
const EVERY: Duration = Duration::from_secs(3_600);

pub async fn schedule(state: AppState) {
    let years = state.deployment.retention_years.unwrap_or(DEFAULT_RETENTION_YEARS);
    loop {
        let at = timestamp();
        let change = Change {
            actor: "system",
            source: "system",
            at: &at,
        };
        let today = today();
        match state
            .store
            .purge_grievance_filers(&retention_cutoff(&today, years), &today, &change)
            .await
        {
            Ok(ids) if ids.is_empty() => {}
            Ok(ids) => tracing::info!(
                reports = ids.len(),
                years,
                "보존기간이 지난 애로사항 신청인 정보를 파기했습니다"
            ),
            Err(e) => tracing::warn!(error = ?e, "애로사항 신청인 정보를 파기하지 못했습니다"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
