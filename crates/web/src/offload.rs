//! Work that would hold a request thread for long — reading an uploaded spreadsheet, writing a
//! PDF — runs on the blocking pool, one at a time. On two cores, two such jobs on the async
//! threads left every page unanswered until they finished; here they queue for their own lane
//! and pages keep the threads.

use tokio::sync::Semaphore;

use crate::failure::Failure;

/// One heavy job at a time: the other core stays with the pages.
static LANE: Semaphore = Semaphore::const_new(1);

/// `job`'s result, computed off the request threads once the lane is free.
pub async fn offload<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T, Failure> {
    let _turn = LANE.acquire().await.map_err(|e| Failure::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| Failure::Internal(e.to_string()))
}
