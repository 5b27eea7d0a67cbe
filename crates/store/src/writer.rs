//! 쓰기 차례: every change goes through one connection, one at a time, and the changes that
//! queue while one runs are committed together — group commit. With `synchronous = FULL` each
//! SQLite commit waits for the disk's flush; paid once per group instead of once per change, it
//! stops being what 29 officials saving at once wait for.
//!
//! Each change runs in a savepoint of its group's transaction, so a change that fails or is
//! abandoned is undone alone and the others in its group go on. Savepoints are never released:
//! `ROLLBACK TO` takes the most recent one of its name, which is always the failing change's,
//! and the group's COMMIT ends them all — one statement per change where `BEGIN` and `COMMIT`
//! were two, each a hand-off to the database's thread. A change is acknowledged only once its
//! group's COMMIT has succeeded; if that COMMIT fails, every change in the group is told so,
//! and none of them is kept.
//!
//! Where a group ends: the first change to finish asks for a flush, and the flush queues for
//! the connection behind the changes already waiting (the lock serves in arrival order). The
//! changes that arrive after it form the next group. A change alone is committed at once.
//!
//! The audit chain's head is kept here for the group's length (see [`audit::Head`]) and
//! written back once before its COMMIT; a change undone takes the head back with it. A group
//! committed forgets the remembered versions its entries moved, and only those (see
//! [`crate::remembered_versions`]).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

use crate::Backend;
use crate::audit;
use crate::remembered_versions::{Moved, Versions};

/// The line changes queue in, on the pool's one connection for changes.
#[derive(Clone, Debug)]
pub(crate) struct Writer {
    pool: AnyPool,
    backend: Backend,
    line: Arc<Mutex<Line>>,
    groups: Arc<AtomicU64>,
}

#[derive(Debug)]
struct Line {
    /// The group's transaction, open from its first change's start to its flush.
    group: Option<Transaction<'static, Any>>,
    /// The last change ended without committing: its savepoint is rolled back before anything
    /// else runs on the connection.
    undo: bool,
    /// The audit chain's head as the group has moved it; read at its first entry.
    head: Option<audit::Head>,
    /// The head as it was when the running change began: what an undo takes it back to.
    head_at_change: Option<audit::Head>,
    /// Changes kept, waiting for the group's COMMIT.
    members: Vec<oneshot::Sender<Result<(), String>>>,
    flush_asked: bool,
    /// A change replaced `audit_head` itself: what the group did to the versions is unknown.
    head_replaced: bool,
    versions: Arc<Versions>,
    groups: Arc<AtomicU64>,
}

impl Writer {
    pub(crate) fn new(pool: AnyPool, backend: Backend, versions: Arc<Versions>) -> Writer {
        let groups = Arc::new(AtomicU64::new(0));
        let line = Line {
            group: None,
            undo: false,
            head: None,
            head_at_change: None,
            members: Vec::new(),
            flush_asked: false,
            head_replaced: false,
            versions,
            groups: groups.clone(),
        };
        Writer {
            pool,
            backend,
            line: Arc::new(Mutex::new(line)),
            groups,
        }
    }

    /// The pool under the line, for what runs outside any change: the schema's migrations and
    /// the pool's gauges.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// How many groups have been committed since the store was opened.
    pub(crate) fn groups_committed(&self) -> u64 {
        self.groups.load(Ordering::Relaxed)
    }

    /// Begins a change once the changes before it have run. The group holds the write lock from
    /// its start — SQLite's one lock, taken by `BEGIN IMMEDIATE`, or the audit chain's head row
    /// on PostgreSQL — so a change's checks see everything the changes before it wrote, and
    /// several instances on one PostgreSQL database take turns group by group.
    pub(crate) async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let mut tx = Tx {
            line: self.line.clone().lock_owned().await,
            open: false,
        };
        tx.line.settle().await;
        if tx.line.group.is_none() {
            tx.line.group = Some(self.open_group().await?);
        }
        sqlx::raw_sql("SAVEPOINT change").execute(&mut *tx).await?;
        tx.line.head_at_change = tx.line.head.clone();
        tx.open = true;
        Ok(tx)
    }

    async fn open_group(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut group = self.pool.begin().await?;
                sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
                    .execute(&mut *group)
                    .await?;
                Ok(group)
            }
        }
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

impl Line {
    /// Rolls back the savepoint of a change that ended without committing. When even that
    /// fails the group's transaction is gone — SQLite rolls back the whole of it on a full disk
    /// or an I/O error — and the changes that were in it are told they were not kept.
    ///
    /// The mark is cleared only once the rollback has run: a change that begins, settles and is
    /// abandoned mid-way leaves it for the next, rather than the failed change's writes being
    /// committed with the group. Rolling back to the same savepoint twice undoes nothing more.
    async fn settle(&mut self) {
        if !self.undo {
            return;
        }
        let Some(group) = self.group.as_mut() else {
            self.undo = false;
            return;
        };
        let undone = sqlx::raw_sql("ROLLBACK TO SAVEPOINT change")
            .execute(&mut **group)
            .await;
        self.undo = false;
        match undone {
            Ok(_) => self.head = self.head_at_change.take(),
            Err(e) => {
                tracing::error!(error = %e, "a change could not be undone alone; its group is rolled back");
                self.abandon(format!(
                    "같은 차례에 저장하던 다른 변경에서 데이터베이스 오류가 나 이 변경도 저장하지 못했습니다: {e}"
                ))
                .await;
            }
        }
    }

    /// Rolls the whole group back and tells its changes why none of them was kept.
    async fn abandon(&mut self, reason: String) {
        if let Some(group) = self.group.take() {
            let _ = group.rollback().await;
        }
        self.forget_head();
        self.tell(Err(reason));
    }

    /// Between groups the head is the database's: another instance, or the command line on the
    /// same file, may move it.
    fn forget_head(&mut self) {
        self.head = None;
        self.head_at_change = None;
        self.head_replaced = false;
    }

    /// What the group kept so far did to the remembered versions. A group without entries
    /// moved neither: the versions live only in `audit_head`, which entries alone move.
    fn versions_moved(&self) -> Moved {
        match (&self.head, self.head_replaced) {
            (_, true) => Moved::BOTH,
            (Some(head), false) => head.versions_moved(),
            (None, false) => Moved::default(),
        }
    }

    /// Writes the head the group has moved back to `audit_head`; nothing when no group is open.
    async fn write_head(&mut self) -> Result<(), sqlx::Error> {
        match (self.head.as_mut(), self.group.as_deref_mut()) {
            (Some(head), Some(conn)) => head.write(conn).await,
            _ => Ok(()),
        }
    }

    fn tell(&mut self, outcome: Result<(), String>) {
        for member in self.members.drain(..) {
            // A member whose request was abandoned no longer listens; its change stands or
            // falls with the group all the same.
            let _ = member.send(outcome.clone());
        }
    }

    /// Makes sure a flush will come: whoever ends a change calls this, so a group never stays
    /// open, holding the write lock, with nobody left to close it.
    fn ask_flush(&mut self, line: &Arc<Mutex<Line>>) {
        if self.flush_asked {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            self.flush_asked = true;
            runtime.spawn(flush(line.clone()));
        }
    }
}

/// Commits the group once the changes queued before this flush have run.
async fn flush(line: Arc<Mutex<Line>>) {
    let mut line = line.lock_owned().await;
    line.flush_asked = false;
    line.settle().await;
    if let Err(e) = line.write_head().await {
        tracing::error!(error = %e, members = line.members.len(), "the audit chain's head could not be written");
        line.abandon(format!("변경을 저장하지 못했습니다: {e}")).await;
        return;
    }
    let Some(group) = line.group.take() else {
        return;
    };
    let moved = line.versions_moved();
    line.forget_head();
    let outcome = group.commit().await.map_err(|e| {
        tracing::error!(error = %e, members = line.members.len(), "a group of changes could not be committed");
        format!("변경을 저장하지 못했습니다: {e}")
    });
    if outcome.is_ok() {
        line.groups.fetch_add(1, Ordering::Relaxed);
        line.versions.forget(moved);
    }
    line.tell(outcome);
}

/// One change in the line: the connection is its own until it commits or is dropped. Dropped
/// without committing, everything it wrote is undone.
pub(crate) struct Tx {
    line: OwnedMutexGuard<Line>,
    /// Inside its savepoint: set once the savepoint is taken, cleared once the change is kept.
    open: bool,
}

impl Tx {
    /// The audit chain's head as the changes before this one in its group have left it.
    pub(crate) async fn audit_head(&mut self) -> Result<&mut audit::Head, sqlx::Error> {
        let line = &mut *self.line;
        if line.head.is_none() {
            let conn = line.group.as_deref_mut().expect("a change runs inside its group");
            line.head = Some(audit::Head::read(conn).await?);
        }
        Ok(line.head.as_mut().expect("just read"))
    }

    /// Writes the group's audit head back now, for a change that reads `audit_head` itself.
    pub(crate) async fn write_audit_head(&mut self) -> Result<(), sqlx::Error> {
        self.line.write_head().await
    }

    /// For a change that replaces `audit_head` itself (a restore): the next entry reads it anew.
    pub(crate) fn audit_head_replaced(&mut self) {
        self.line.head = None;
        self.line.head_replaced = true;
    }

    /// Keeps the change, and returns once its group is committed.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.open = false;
        let (member, committed) = oneshot::channel();
        self.line.members.push(member);
        drop(self);
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(reason)) => Err(sqlx::Error::Io(std::io::Error::other(reason))),
            Err(_) => Err(sqlx::Error::Io(std::io::Error::other(
                "변경을 저장하던 중 서버가 멈추었습니다.",
            ))),
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.open {
            self.line.undo = true;
        }
        let line = OwnedMutexGuard::mutex(&self.line).clone();
        self.line.ask_flush(&line);
    }
}

impl Deref for Tx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.line.group.as_deref().expect("a change runs inside its group")
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.line.group.as_deref_mut().expect("a change runs inside its group")
    }
}
