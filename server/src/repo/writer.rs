//! SQLite's submission writer: one thread that owns a plain SQLite connection (rusqlite, the
//! same library as the inline reader in `sqlite.rs`) and writes whole submissions.
//!
//! Through sqlx every statement of a submission (`BEGIN IMMEDIATE`, the idempotency row, the
//! submission, its first history line, `COMMIT`) was a round trip over the channels of
//! sqlx-sqlite's connection thread. Here a handler sends the whole submission in one message
//! and awaits one answer. The thread takes every submission queued at that moment (up to
//! [`MAX_BATCH`]) and writes them in one transaction — one commit, one WAL append — each inside
//! a `SAVEPOINT` of its own: a submission that a constraint refuses (or that fails otherwise) is
//! rolled back to its savepoint alone, and gets its own outcome, exactly as if it had been
//! written alone; the others are kept. Answers are sent only after the `COMMIT` succeeded;
//! should the `COMMIT` fail, the batch is rolled back and each submission is written again
//! alone, so one submission's failure can never become another's.
//!
//! The other writes (registering a base, the review desk's transitions, resubmissions) still
//! go through sqlx's one writer connection; the two take SQLite's write lock in turn (busy
//! handlers), as two processes would.

use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, named_params};
use tokio::sync::oneshot;

use super::attachments;
use super::cache::Writes;
use super::common;
use super::review;
use super::types::{InsertOutcome, NewSubmission, RepoError, RepoResult, StoredAnswer};

/// The most submissions written in one transaction.
pub const MAX_BATCH: usize = 64;

enum Message {
    Insert(Box<NewSubmission>, oneshot::Sender<RepoResult<InsertOutcome>>),
    /// Stop after the submissions already queued; answered when the connection is closed.
    Close(oneshot::Sender<()>),
}

/// The handle of the writer thread (cheap to clone; the thread ends when it is closed or
/// when the last handle is dropped).
#[derive(Clone, Debug)]
pub struct Writer {
    tx: mpsc::Sender<Message>,
}

pub(super) fn sqlite_error(e: rusqlite::Error) -> RepoError {
    RepoError(sqlx::Error::Io(std::io::Error::other(e)))
}

fn closed() -> RepoError {
    RepoError(sqlx::Error::PoolClosed)
}

/// A uniqueness violation (as sqlx-sqlite classifies them: a UNIQUE index or a primary key).
fn is_unique_violation(e: &rusqlite::Error) -> bool {
    e.sqlite_error().is_some_and(|f| {
        f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    })
}

impl Writer {
    /// Opens the database file (already migrated: WAL mode is the file's) and starts the thread.
    /// `writes` is counted after each `COMMIT`, before any answer is sent (so also for a
    /// submission whose handler has gone meanwhile: what is written stays written).
    pub fn start(path: &Path, writes: Arc<Writes>) -> RepoResult<Writer> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite_error)?;
        // The write lock is waited for in short steps (see `writer_busy`), not SQLite's default
        // 1, 2, 5, 10… ms sleeps: the checkpoint thread holds it for a few milliseconds when it
        // restarts the WAL, and the writer should take it back as soon as it is free.
        conn.busy_handler(Some(writer_busy)).map_err(sqlite_error)?;
        // Per connection: the same settings as sqlx's connections (`sqlite.rs`: `synchronous =
        // FULL`, so a batch's `COMMIT` returns once its WAL frames are on the disk and a power
        // loss loses no acknowledged submission; issue 22, RELIABILITY.md), a page cache
        // of 32 MiB instead of 2 (every submission inserts into several indexes; with the
        // default cache their pages were read again from the file for each insert), and the
        // savepoints' journal in memory (it outgrew its 64 KiB in a batch and was written to a
        // temporary file).
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;")
            .map_err(sqlite_error)?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).map_err(sqlite_error)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(RepoError(sqlx::Error::Configuration(format!("the SQLite file is in {mode} mode, not WAL").into())));
        }
        // Checkpoints (copying the WAL into the database file, with an fsync of each) are made
        // by a thread of their own, so that the writer waits for the disk only for its WAL (see
        // `checkpoint_round`); the writer checkpoints itself only should the WAL grow past
        // 32,000 frames (125 MiB) all the same (a reader that holds an old snapshot for long
        // keeps the thread from restarting the WAL).
        conn.execute_batch("PRAGMA wal_autocheckpoint = 32000;").map_err(sqlite_error)?;
        let checkpoints = Connection::open_with_flags(path, flags).map_err(sqlite_error)?;
        checkpoints.busy_handler(Some(restart_busy)).map_err(sqlite_error)?;
        checkpoints.execute_batch("PRAGMA synchronous = FULL;").map_err(sqlite_error)?;
        let (wrote, written) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint(&checkpoints, &written))
            .map_err(|e| RepoError(sqlx::Error::Io(e)))?;
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(conn, &rx, &wrote, &writes))
            .map_err(|e| RepoError(sqlx::Error::Io(e)))?;
        Ok(Writer { tx })
    }

    /// Writes the submission, its first history line and its idempotency answer in one
    /// transaction (see `Repository::insert_submission`).
    pub async fn insert_submission(&self, new: &NewSubmission) -> RepoResult<InsertOutcome> {
        let (answer, answered) = oneshot::channel();
        self.tx.send(Message::Insert(Box::new(new.clone()), answer)).map_err(|_| closed())?;
        answered.await.map_err(|_| closed())?
    }

    /// Writes what is queued, then closes the connection and ends the thread.
    pub async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.tx.send(Message::Close(done)).is_ok() {
            let _ = closed.await;
        }
    }
}

type Job = (Box<NewSubmission>, oneshot::Sender<RepoResult<InsertOutcome>>);

/// After a write, at most every 100 ms: a checkpoint round (`checkpoint_round`). Ends with
/// the writer thread (which holds the sender).
fn checkpoint(conn: &Connection, written: &mpsc::Receiver<()>) {
    while written.recv().is_ok() {
        std::thread::sleep(Duration::from_millis(100));
        while written.try_recv().is_ok() {}
        if let Err(e) = checkpoint_round(conn, RESTART_FRAMES) {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}

/// From this many frames in the WAL (32 MiB), a checkpoint round also restarts it.
pub(super) const RESTART_FRAMES: i64 = 8192;
/// Catch-up passes end when the last one had at most this many frames to copy.
const RESTART_LAG: i64 = 256;
/// At most this many catch-up passes before a restart.
const CATCH_UP_PASSES: usize = 4;

/// What a checkpoint round did.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Round {
    /// Copied the WAL (of `frames` frames) into the database file; it had fewer than the
    /// round's restart threshold.
    Copied { frames: i64 },
    /// Copied it all and restarted it: the writer's next transaction writes from its start.
    Restarted { frames: i64 },
    /// Copied, but a reader's snapshot holds more than the catch-up lag of frames in the WAL
    /// (a long read, e.g. an export): no restart is tried (it would hold the write lock while
    /// waiting for that reader); the next round looks again.
    Pinned { frames: i64 },
    /// Copied, but the restart gave up waiting (`restart_busy`: ~10 ms) for a reader whose
    /// snapshot was still in the WAL, or for the write lock: the next round tries again.
    Busy { frames: i64 },
}

/// One checkpoint round on the checkpoint thread's connection.
///
/// A passive checkpoint copies the WAL's frames into the database file without ever blocking
/// the writer or the readers. But the WAL only starts again from its beginning when the writer
/// begins a transaction while every frame has been copied, which under a steady stream of
/// submissions never happens by itself: the WAL then grew until the writer's own
/// autocheckpoint took over, inside its `COMMIT`s, and those commits (copy and fsyncs: 15–45 ms)
/// were the submissions' p99 (BENCHMARKS.md, "the SQLite tail"). So once the WAL holds
/// `restart_frames` frames, the round makes passive passes until the last one had little to
/// copy (what the writer appended during the one before), then a `RESTART` checkpoint: it takes
/// the write lock, copies that small rest, syncs, and waits for the readers still reading
/// frames (`restart_busy`: at most ~10 ms in all; they are microseconds long). The writer waits
/// for the lock meanwhile, and its next commit rewrites and syncs the WAL's header: a few
/// milliseconds every 8,192 frames instead of a checkpoint in every commit. A reader that holds
/// an old snapshot (more than the catch-up lag behind) makes the round skip the restart, so a
/// long read does not stall the writer in every round; while it lasts the WAL grows, up to the
/// writer's own autocheckpoint.
pub(super) fn checkpoint_round(conn: &Connection, restart_frames: i64) -> rusqlite::Result<Round> {
    // (frames in the WAL, frames copied into the database file)
    let pass = || conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)));
    let (mut log, mut copied) = pass()?;
    if log < restart_frames {
        return Ok(Round::Copied { frames: log });
    }
    for _ in 0..CATCH_UP_PASSES {
        let (now_log, now_copied) = pass()?;
        // What this pass had to copy: the frames appended since the previous one (negative when
        // the WAL restarted meanwhile).
        let lag = now_log - copied;
        (log, copied) = (now_log, now_copied);
        if lag <= RESTART_LAG {
            break;
        }
    }
    // A pass copies every frame it saw unless a reader's snapshot is older: then that reader
    // would hold up the restart, with the write lock taken.
    if log - copied > RESTART_LAG {
        return Ok(Round::Pinned { frames: log });
    }
    let (busy, frames): (i64, i64) = conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(if busy == 0 { Round::Restarted { frames } } else { Round::Busy { frames } })
}

thread_local! {
    /// When the current wait for a lock began (set at a busy handler's first call).
    static WAITING_SINCE: std::cell::Cell<std::time::Instant> = std::cell::Cell::new(std::time::Instant::now());
}

/// How long the current wait for a lock has lasted (`attempts` is SQLite's count of the busy
/// handler's earlier calls for this wait).
fn waited(attempts: i32) -> Duration {
    WAITING_SINCE.with(|since| {
        if attempts == 0 {
            since.set(std::time::Instant::now());
        }
        since.get().elapsed()
    })
}

/// The writer's busy handler: waits of 50 µs for the first 10 ms (what a WAL restart takes),
/// then of 1 ms; gives up after 10 s (the busy timeout of the other connections).
fn writer_busy(attempts: i32) -> bool {
    let waited = waited(attempts);
    if waited >= Duration::from_secs(10) {
        return false;
    }
    std::thread::sleep(if waited < Duration::from_millis(10) { Duration::from_micros(50) } else { Duration::from_millis(1) });
    true
}

/// The checkpoint connection's busy handler: while it restarts the WAL it holds the write
/// lock, so it waits (for the lock, then for the readers: one budget for the whole restart) in
/// steps of 50 µs and gives up after 10 ms.
fn restart_busy(attempts: i32) -> bool {
    if waited(attempts) >= Duration::from_millis(10) {
        return false;
    }
    std::thread::sleep(Duration::from_micros(50));
    true
}

fn run(mut conn: Connection, rx: &mpsc::Receiver<Message>, wrote: &mpsc::SyncSender<()>, writes: &Writes) {
    let mut close = None;
    while close.is_none() {
        let Ok(first) = rx.recv() else { return };
        let mut batch: Vec<Job> = Vec::new();
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                // A handler gone meanwhile (its request timed out, its client went away) has had
                // its answer: what it asked is not written.
                Message::Insert(_, answer) if answer.is_closed() => {}
                Message::Insert(new, answer) => batch.push((new, answer)),
                Message::Close(done) => {
                    close = Some(done);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                next = rx.try_recv().ok();
            }
        }
        if batch.is_empty() {
            continue;
        }
        let news: Vec<&NewSubmission> = batch.iter().map(|(new, _)| &**new).collect();
        let outcomes = write_batch(&mut conn, &news);
        // Before the answers: validate's kept look-ups (`cache.rs`) are stale from here on.
        writes.wrote();
        // Full: a checkpoint is due already.
        let _ = wrote.try_send(());
        for ((_, answer), outcome) in batch.into_iter().zip(outcomes) {
            // The handler may have gone (client away, timeout): what is written stays written.
            let _ = answer.send(outcome);
        }
    }
    drop(conn);
    if let Some(done) = close {
        let _ = done.send(());
    }
}

/// Writes `news` in one transaction, each in a savepoint of its own; one outcome per
/// submission, in order. A failed `COMMIT` is retried one submission per transaction.
pub(super) fn write_batch(conn: &mut Connection, news: &[&NewSubmission]) -> Vec<RepoResult<InsertOutcome>> {
    // No write lock before the busy handler gave up (`writer_busy`: ~10 s): every submission
    // of the batch gets the error (retrying them one by one would wait that long again for each).
    if let Err(e) = conn.prepare_cached("BEGIN IMMEDIATE").and_then(|mut s| s.execute([])) {
        let e = std::sync::Arc::new(e);
        return news.iter().map(|_| Err(RepoError(sqlx::Error::Io(std::io::Error::other(e.clone()))))).collect();
    }
    match try_batch(conn, news) {
        Ok(outcomes) => outcomes,
        Err(e) => {
            // Nothing of the batch is kept (the transaction is rolled back).
            let _ = conn.execute_batch("ROLLBACK");
            if news.len() == 1 {
                vec![Err(sqlite_error(e))]
            } else {
                tracing::warn!(error = %e, submissions = news.len(), "batch commit failed; writing its submissions one by one");
                news.iter().map(|new| write_batch(conn, std::slice::from_ref(new)).pop().unwrap_or_else(|| Err(closed()))).collect()
            }
        }
    }
}

/// In the transaction `write_batch` began. `Err` only when the transaction itself failed (a
/// savepoint, `COMMIT`): then no outcome holds, and the caller rolls back.
fn try_batch(conn: &mut Connection, news: &[&NewSubmission]) -> rusqlite::Result<Vec<RepoResult<InsertOutcome>>> {
    let mut outcomes = Vec::with_capacity(news.len());
    for new in news {
        conn.prepare_cached("SAVEPOINT submission")?.execute([])?;
        let outcome = insert_one(conn, new);
        if !matches!(outcome, Ok(InsertOutcome::Inserted)) {
            conn.prepare_cached("ROLLBACK TO submission")?.execute([])?;
        }
        conn.prepare_cached("RELEASE submission")?.execute([])?;
        outcomes.push(outcome);
    }
    conn.prepare_cached("COMMIT")?.execute([])?;
    Ok(outcomes)
}

/// One submission, inside its savepoint: the same statements and the same outcomes as the
/// sqlx path (`common.rs`, `insert_submission`).
fn insert_one(conn: &Connection, new: &NewSubmission) -> RepoResult<InsertOutcome> {
    // The idempotency row first: a key already used (committed, or earlier in this batch)
    // answers with its first answer.
    if let Some(idem) = &new.idempotency {
        let inserted = conn.prepare_cached(common::INSERT_ANSWER).and_then(|mut s| {
            s.execute(named_params! {
                "$1": idem.key_hash,
                "$2": idem.request_hash,
                "$3": new.id,
                "$4": idem.receipt_salt,
                "$5": i32::from(idem.status_code),
                "$6": idem.answer_head,
                "$7": idem.answer_tail,
                "$8": new.now_ms,
            })
        });
        if let Err(e) = inserted {
            if is_unique_violation(&e)
                && let Some(answer) = stored_answer(conn, &idem.key_hash).map_err(sqlite_error)?
            {
                return Ok(InsertOutcome::Replay(answer));
            }
            return Err(sqlite_error(e));
        }
    }
    let inserted = conn.prepare_cached(common::INSERT_SUBMISSION).and_then(|mut s| {
        s.execute(named_params! {
            "$1": new.id,
            "$2": new.kind.name(),
            "$3": new.document,
            "$4": new.report,
            "$5": new.ruleset_version,
            "$6": new.content_hash,
            "$7": new.receipt_hash,
            "$8": new.unit_uscc,
            "$9": new.cycle,
            "$10": new.base_id,
            "$11": new.now_ms,
            "$12": new.listing.unit_name,
            "$13": new.listing.unit_kind,
            "$14": review::encode_directions(&new.listing.directions),
            "$15": new.listing.has_warnings,
            "$16": new.listing.priority,
            "$17": new.eval_cycle,
        })
    });
    if let Err(e) = inserted {
        if is_unique_violation(&e)
            && let Some(conflict) = common::conflict_of(new.kind)
        {
            return Ok(InsertOutcome::Conflict(conflict));
        }
        return Err(sqlite_error(e));
    }
    conn.prepare_cached(common::INSERT_EVENT)
        .and_then(|mut s| s.execute(named_params! { "$1": new.id, "$2": new.now_ms }))
        .map_err(sqlite_error)?;
    if !bind_attachments(conn, new).map_err(sqlite_error)? {
        return Ok(InsertOutcome::AttachmentGone);
    }
    // Its locale and receipt e-mail, in its savepoint: kept exactly when it is.
    super::outbox::queue_in(conn, new).map_err(sqlite_error)?;
    Ok(InsertOutcome::Inserted)
}

/// The attachments a new submission names, bound in its savepoint (`attachments.rs`, the
/// same SQL as sqlx's path); `false` when one is gone (the savepoint is rolled back).
fn bind_attachments(conn: &Connection, new: &NewSubmission) -> rusqlite::Result<bool> {
    let Some(ids) = &new.attachments else {
        return Ok(true);
    };
    conn.prepare_cached(attachments::REMOVE_ALL)?.execute(named_params! { "$1": new.now_ms, "$2": new.id })?;
    for (position, id) in ids.iter().enumerate() {
        let bound = conn.prepare_cached(attachments::BIND)?.execute(named_params! {
            "$1": new.id,
            "$2": i64::try_from(position).unwrap_or(i64::MAX),
            "$3": new.now_ms,
            "$4": id,
        })?;
        if bound != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The first answer stored under an idempotency key.
pub(super) fn stored_answer(conn: &Connection, key_hash: &str) -> rusqlite::Result<Option<StoredAnswer>> {
    conn.prepare_cached(common::SELECT_ANSWER)?
        .query_row([key_hash], |r| {
            Ok(StoredAnswer {
                submission_id: r.get(0)?,
                request_hash: r.get(1)?,
                receipt_salt: r.get(2)?,
                status_code: u16::try_from(r.get::<_, i64>(3)?).unwrap_or(500),
                answer_head: r.get(4)?,
                answer_tail: r.get(5)?,
            })
        })
        .optional()
}

#[cfg(test)]
mod tests {
    use aii_rules::FormKind;

    use super::*;
    use crate::repo::{Conflict, Counts, NewIdempotency, Repository, Store};

    mod submissions {
        include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/submissions.rs"));
    }
    use submissions::{application, submission};

    fn keyed(new: NewSubmission, key_hash: &str) -> NewSubmission {
        let idempotency = NewIdempotency {
            key_hash: key_hash.into(),
            request_hash: format!("request-{}", new.id),
            receipt_salt: format!("salt-{}", new.id),
            status_code: 201,
            answer_head: format!(r#"{{"id":"{}","receipt":""#, new.id),
            answer_tail: r#""}"#.into(),
        };
        NewSubmission { idempotency: Some(idempotency), ..new }
    }

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("w.db").display()), 2).await.unwrap();
        (store, dir)
    }

    /// One transaction with a refused, a replayed and a failing submission among accepted ones:
    /// each gets its own outcome, and only the accepted ones are kept, whole.
    #[tokio::test]
    async fn a_batch_keeps_each_submissions_own_outcome() {
        let (store, dir) = store().await;
        let mut conn = Connection::open(dir.path().join("w.db")).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        let (x, y) = ("12310104729436482D", "913101153756893422");
        let news = [
            keyed(application("a1", x, 2027), "k1"),
            application("a2", x, 2027),              // Art. 8: a1 holds the cycle
            keyed(application("a3", y, 2027), "k1"), // the key of a1: its answer
            NewSubmission { base_id: Some("nope".into()), ..submission("p1", FormKind::DirectorAppointment) }, // no such base
            keyed(application("a4", y, 2027), "k2"),
        ];
        let refs: Vec<&NewSubmission> = news.iter().collect();
        let outcomes = write_batch(&mut conn, &refs);
        assert_eq!(outcomes.len(), 5);
        assert_eq!(outcomes[0].as_ref().unwrap(), &InsertOutcome::Inserted);
        assert_eq!(outcomes[1].as_ref().unwrap(), &InsertOutcome::Conflict(Conflict::OnePerCycle));
        match outcomes[2].as_ref().unwrap() {
            InsertOutcome::Replay(answer) => {
                assert_eq!((answer.submission_id.as_str(), answer.receipt_salt.as_str()), ("a1", "salt-a1"), "the first answer");
            }
            other => panic!("a replay expected, got {other:?}"),
        }
        assert!(outcomes[3].is_err(), "a foreign key error is an error, not a conflict");
        assert_eq!(outcomes[4].as_ref().unwrap(), &InsertOutcome::Inserted);
        drop(conn);
        // a1 and a4 with their history line and key; nothing of the others.
        assert_eq!(store.counts().await.unwrap(), Counts { submissions: 2, events: 2, idempotency_keys: 2, bases: 0 });
        assert!(store.submission_view("a1", "receipt-hash-a1").await.unwrap().is_some());
        assert!(store.submission_view("a4", "receipt-hash-a4").await.unwrap().is_some());
        assert_eq!(store.stored_answer("k1").await.unwrap().unwrap().submission_id, "a1");
        assert_eq!(store.stored_answer("k2").await.unwrap().unwrap().submission_id, "a4");
        store.close().await;
    }

    /// No write lock before the busy handler gives up (another process holds it): every submission of
    /// the batch gets an error at once, none is written, and the next batch writes normally.
    #[tokio::test]
    async fn a_batch_without_the_write_lock_fails_whole() {
        let (store, dir) = store().await;
        let path = dir.path().join("w.db");
        let holder = Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let mut conn = Connection::open(&path).unwrap();
        // Counts the attempts to take the lock, and gives up at once each time.
        static ATTEMPTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn give_up(_: i32) -> bool {
            ATTEMPTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            false
        }
        conn.busy_handler(Some(give_up)).unwrap();
        let news = [application("b1", "12310104729436482D", 2027), application("b2", "913101153756893422", 2027)];
        let refs: Vec<&NewSubmission> = news.iter().collect();
        let outcomes = write_batch(&mut conn, &refs);
        assert_eq!(outcomes.len(), 2);
        assert!(outcomes.iter().all(Result::is_err), "{outcomes:?}");
        // At once: one attempt for the batch, not one more per submission.
        assert_eq!(ATTEMPTS.load(std::sync::atomic::Ordering::SeqCst), 1);
        holder.execute_batch("ROLLBACK").unwrap();
        assert_eq!(store.counts().await.unwrap().submissions, 0);
        // The connection is usable again: no transaction was left open.
        let outcomes = write_batch(&mut conn, &refs);
        assert!(outcomes.iter().all(|o| matches!(o, Ok(InsertOutcome::Inserted))), "{outcomes:?}");
        drop(conn);
        assert_eq!(store.counts().await.unwrap().submissions, 2);
        store.close().await;
    }

    /// A submission whose handler gave up while it waited in the queue (its request timed out,
    /// its client went away) is not written: the handler already answered with an error.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_submission_whose_handler_is_gone_is_not_written() {
        let (store, dir) = store().await;
        // Another connection holds the write lock, so the thread waits on its first batch.
        let holder = Connection::open(dir.path().join("w.db")).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let first = {
            let store = store.clone();
            tokio::spawn(async move { store.insert_submission(&application("first", "12310104729436482D", 2027)).await })
        };
        // The thread has taken `first` and waits for the lock (half a second is ample for a
        // thread woken by its channel); `gone` queues behind it, and its handler stops waiting.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let gone = application("gone", "913101153756893422", 2027);
        assert!(tokio::time::timeout(Duration::from_millis(100), store.insert_submission(&gone)).await.is_err());
        holder.execute_batch("ROLLBACK").unwrap();
        assert_eq!(first.await.unwrap().unwrap(), InsertOutcome::Inserted);
        // Anything queued after `gone` is written after it was skipped.
        let after = application("after", "91310000MA1FL0X91E", 2027);
        assert_eq!(store.insert_submission(&after).await.unwrap(), InsertOutcome::Inserted);
        assert!(store.submission_view("gone", "receipt-hash-gone").await.unwrap().is_none());
        assert_eq!(store.counts().await.unwrap().submissions, 2);
        store.close().await;
    }

    /// Many submissions at once through the thread (so they are batched): of those holding the
    /// same Art. 8 key exactly one is accepted, those with the same idempotency key all get the
    /// first one's answer, and every other is accepted.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_submissions_through_the_thread() {
        let (store, _dir) = store().await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..200 {
            let store = store.clone();
            tasks.spawn(async move {
                let new = match i % 4 {
                    0 => application(&format!("same-{i}"), "12310104729436482D", 2027),
                    1 => keyed(application(&format!("keyed-{i}"), "913101153756893422", 2027), "one-key"),
                    _ => application(&format!("free-{i}"), "12310104729436482D", 3000 + 3 * i),
                };
                (i, store.insert_submission(&new).await.unwrap())
            });
        }
        let (mut same, mut keyed_ids, mut free) = (Vec::new(), Vec::new(), 0);
        while let Some(done) = tasks.join_next().await {
            let (i, outcome) = done.unwrap();
            match (i % 4, outcome) {
                (0, InsertOutcome::Inserted) => same.push(i),
                (0, InsertOutcome::Conflict(Conflict::OnePerCycle)) => {}
                (1, InsertOutcome::Inserted) => keyed_ids.push(format!("keyed-{i}")),
                (1, InsertOutcome::Replay(answer)) => keyed_ids.push(answer.submission_id),
                (2 | 3, InsertOutcome::Inserted) => free += 1,
                (_, other) => panic!("submission {i}: {other:?}"),
            }
        }
        assert_eq!(same.len(), 1, "one application per unit and cycle");
        assert_eq!(keyed_ids.len(), 50);
        assert!(keyed_ids.windows(2).all(|w| w[0] == w[1]), "every retry answered with the first answer");
        assert_eq!(free, 100);
        assert_eq!(store.counts().await.unwrap(), Counts { submissions: 102, events: 102, idempotency_keys: 1, bases: 0 });
        store.close().await;
        // Closed: the thread is gone, a submission is an error (not a hang).
        assert!(store.insert_submission(&application("late", "913101153756893422", 2030)).await.is_err());
    }

    /// One submission per transaction, `n` of them (each an application of its own cycle).
    fn write_each(conn: &mut Connection, from: i64, n: i64) {
        for i in from..from + n {
            let new = application(&format!("w{i}"), "12310104729436482D", 3000 + 3 * i);
            assert!(matches!(write_batch(conn, &[&new])[0], Ok(InsertOutcome::Inserted)));
        }
    }

    /// Frames in the WAL (a passive checkpoint's count).
    fn wal_frames(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1)).unwrap()
    }

    /// The writer and the checkpoint thread's connections with `Writer::start`'s busy handlers
    /// (not its cache and sync settings); the writer never checkpoints (only the rounds under
    /// test do).
    fn connections(path: &Path) -> (Connection, Connection) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;").unwrap();
        conn.busy_handler(Some(writer_busy)).unwrap();
        let checkpoints = Connection::open(path).unwrap();
        checkpoints.busy_handler(Some(restart_busy)).unwrap();
        (conn, checkpoints)
    }

    /// A connection in a read transaction, its snapshot taken now (it has seen `expected`
    /// submissions); `COMMIT` ends it.
    fn reader_at(path: &Path, expected: i64) -> Connection {
        let reader = Connection::open(path).unwrap();
        reader.execute_batch("BEGIN").unwrap();
        let seen: i64 = reader.query_row("SELECT COUNT(*) FROM submissions", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, expected);
        reader
    }

    /// Below its threshold a round only copies the WAL; from it, the round restarts the WAL, so
    /// that the writer's next transaction writes from its start instead of making it longer.
    #[tokio::test]
    async fn a_checkpoint_round_restarts_a_long_wal() {
        let (store, dir) = store().await;
        let (mut conn, checkpoints) = connections(&dir.path().join("w.db"));
        write_each(&mut conn, 0, 10);
        assert_eq!(checkpoint_round(&checkpoints, i64::MAX).unwrap(), Round::Copied { frames: wal_frames(&checkpoints) });
        write_each(&mut conn, 10, 10);
        let Round::Restarted { frames } = checkpoint_round(&checkpoints, 10).unwrap() else { panic!("not restarted") };
        assert!(frames >= 10, "{frames}");
        write_each(&mut conn, 20, 1);
        let after = wal_frames(&checkpoints);
        assert!(after < frames / 5, "the WAL started again: {after} frames after one more transaction, {frames} before");
        // A restart makes sure of it: it waits for every reader still in the WAL, even one
        // whose snapshot is the latest (a passive checkpoint would not, and that reader would
        // keep the writer from starting the WAL again).
        write_each(&mut conn, 21, 10);
        let reader = reader_at(&dir.path().join("w.db"), 31);
        assert!(matches!(checkpoint_round(&checkpoints, 10).unwrap(), Round::Busy { .. }));
        reader.execute_batch("COMMIT").unwrap();
        assert!(matches!(checkpoint_round(&checkpoints, 10).unwrap(), Round::Restarted { .. }));
        drop(conn);
        assert_eq!(store.counts().await.unwrap().submissions, 31);
        store.close().await;
    }

    /// A reader whose snapshot is far behind (more frames than the catch-up lag) makes the
    /// round skip the restart: waiting for it would hold the write lock in every round.
    #[tokio::test]
    async fn a_long_reader_makes_the_round_skip_the_restart() {
        let (store, dir) = store().await;
        let path = dir.path().join("w.db");
        let (mut conn, checkpoints) = connections(&path);
        write_each(&mut conn, 0, 5);
        let reader = reader_at(&path, 5);
        let mut n = 5;
        while wal_frames(&checkpoints) < 5 * RESTART_LAG {
            write_each(&mut conn, n, 10);
            n += 10;
        }
        assert!(matches!(checkpoint_round(&checkpoints, 5).unwrap(), Round::Pinned { .. }));
        reader.execute_batch("COMMIT").unwrap();
        assert!(matches!(checkpoint_round(&checkpoints, 5).unwrap(), Round::Restarted { .. }));
        drop(conn);
        assert_eq!(store.counts().await.unwrap().submissions, n);
        store.close().await;
    }

    /// A reader whose snapshot is still in the WAL makes the restart give up (after about
    /// 10 ms of waiting, not the busy timeout), and the writer writes on; once the reader is
    /// done, the next round restarts the WAL.
    #[tokio::test]
    async fn a_reader_in_the_wal_makes_the_restart_wait_for_the_next_round() {
        let (store, dir) = store().await;
        let path = dir.path().join("w.db");
        let (mut conn, checkpoints) = connections(&path);
        write_each(&mut conn, 0, 5);
        let reader = reader_at(&path, 5);
        write_each(&mut conn, 5, 5);
        assert!(matches!(checkpoint_round(&checkpoints, 5).unwrap(), Round::Busy { .. }));
        // The restart let go of the write lock.
        write_each(&mut conn, 10, 1);
        let seen: i64 = reader.query_row("SELECT COUNT(*) FROM submissions", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, 5, "the reader's snapshot held throughout");
        reader.execute_batch("COMMIT").unwrap();
        assert!(matches!(checkpoint_round(&checkpoints, 5).unwrap(), Round::Restarted { .. }));
        drop(conn);
        assert_eq!(store.counts().await.unwrap().submissions, 11);
        store.close().await;
    }
}
