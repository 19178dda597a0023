//! PostgreSQL's context lookups, batched: the lookups that checks ask for at the same time are
//! answered by one query each kind, over one connection of their own.
//!
//! Every check asks the database something (Art. 8: whether the unit already applied; the base
//! from the registry; Art. 21: a pending direction change; Art. 22: the year's filing). Through
//! the pool each of those was a round trip to a PostgreSQL process — three in fact: sqlx pings
//! a connection when it is taken from the pool and again when it goes back — and on a small
//! machine those round trips were most of a validate request's cost (BENCHMARKS.md).
//!
//! Here a handler queues its lookup and awaits the answer. One task takes every lookup queued
//! at that moment (and, after letting the tasks that are ready run, what they queued) and
//! answers them with one query per kind (`unnest` of the keys, duplicates asked once), then
//! takes what queued meanwhile. Nothing is cached: each lookup is answered by a query sent after
//! the lookup was queued, so it sees every write committed before the request asked — exactly
//! what a query of its own would see. The uniqueness constraints stay the final word at insert
//! time.
//!
//! A query of a batch that the database refuses (a key it cannot take: issue 22 found text
//! holding U+0000, which PostgreSQL refuses in any text parameter) fails only the lookups that
//! asked for that key: the batch's keys are then asked one by one. The lookups' connection is
//! opened at start and again after an error of the connection itself (the lookups not yet
//! answered get the error, as they would through the pool).

use std::collections::HashMap;
use std::future::Future;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot};

use super::common;
use super::types::{RepoError, RepoResult};
use aii_rules::BaseRecord;

/// The most lookups answered together.
const MAX_BATCH: usize = 512;

type Reply<T> = oneshot::Sender<RepoResult<T>>;

enum Lookup {
    UnitCycle(String, i64, Reply<aii_rules::CycleTaken>),
    Base(String, Reply<Option<BaseRecord>>),
    PendingDirectionChange(String, Reply<bool>),
    AnnualFiled(String, i64, Reply<bool>),
    /// Answers what is queued, closes the connection, ends the task.
    Close(oneshot::Sender<()>),
}

/// The handle of the lookups' task (cheap to clone).
#[derive(Clone, Debug)]
pub struct Lookups {
    tx: mpsc::UnboundedSender<Lookup>,
}

fn gone() -> RepoError {
    RepoError(sqlx::Error::PoolClosed)
}

/// An error for each of several waiters (`sqlx::Error` is not `Clone`).
fn shared(e: &sqlx::Error) -> RepoError {
    RepoError(sqlx::Error::Protocol(format!("context lookup failed: {e}")))
}

// The conditions are the one-key queries' (`common.rs`'s fragments); inside each subquery an
// unqualified column is the submission's (`s`), the keys are `k`'s.

const UNIT_CYCLE: &str = concat!(
    "SELECT k.n, EXISTS (SELECT 1 FROM submissions s WHERE ",
    common::holds_cycle!(),
    " AND s.unit_uscc = k.uscc AND s.eval_cycle = k.from_year), \
     EXISTS (SELECT 1 FROM bases b WHERE b.responsible_uscc = k.uscc \
       AND b.certified_on BETWEEN lpad(k.from_year::text, 4, '0') || '-01-01' AND lpad((k.from_year + 2)::text, 4, '0') || '-12-31') \
     FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS k(uscc, from_year, n)"
);

const PENDING_DIRECTION_CHANGE: &str = concat!(
    "SELECT k.n, EXISTS (SELECT 1 FROM submissions s WHERE ",
    common::pending_change!(),
    " AND s.base_id = k.id) FROM unnest($1::text[]) WITH ORDINALITY AS k(id, n)"
);

const ANNUAL_FILED: &str = concat!(
    "SELECT k.n, EXISTS (SELECT 1 FROM submissions s WHERE ",
    common::annual_on_file!(),
    " AND s.base_id = k.id AND s.cycle = k.year) \
     FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS k(id, year, n)"
);

const SELECT_BASES: &str = concat!("SELECT ", common::base_columns!(), " FROM bases WHERE id = ANY($1::text[])");

const SELECT_OFFICERS: &str = "SELECT base_id, role, term_start, term_end FROM base_officers \
     WHERE base_id = ANY($1::text[]) ORDER BY base_id, term_start, id";

// A test asks both these and the one-key queries on the same rows (`tests/repository.rs`).

impl Lookups {
    /// Opens the lookups' connection and starts its task.
    pub async fn start(options: PgConnectOptions) -> anyhow::Result<Lookups> {
        let conn = connect(&options).await?;
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(options, Some(conn), rx));
        Ok(Lookups { tx })
    }

    async fn ask<T>(&self, make: impl FnOnce(Reply<T>) -> Lookup) -> RepoResult<T> {
        let (reply, answer) = oneshot::channel();
        self.tx.send(make(reply)).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Art. 8 without a submission left out (a re-check goes through the pool).
    pub async fn unit_cycle(&self, uscc: &str, from_year: i64) -> RepoResult<aii_rules::CycleTaken> {
        self.ask(|r| Lookup::UnitCycle(uscc.to_owned(), from_year, r)).await
    }

    pub async fn base(&self, id: &str) -> RepoResult<Option<BaseRecord>> {
        self.ask(|r| Lookup::Base(id.to_owned(), r)).await
    }

    pub async fn pending_direction_change(&self, base_id: &str) -> RepoResult<bool> {
        self.ask(|r| Lookup::PendingDirectionChange(base_id.to_owned(), r)).await
    }

    /// Answers what is queued, then closes the connection.
    pub async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.tx.send(Lookup::Close(done)).is_ok() {
            let _ = closed.await;
        }
    }

    /// Art. 22 without a submission left out (a re-check goes through the pool).
    pub async fn annual_filed(&self, base_id: &str, year: i64) -> RepoResult<bool> {
        self.ask(|r| Lookup::AnnualFiled(base_id.to_owned(), year, r)).await
    }
}

/// Waiters grouped by key, in the order the keys first came.
struct Group<K, T> {
    keys: Vec<K>,
    waiters: HashMap<K, Vec<Reply<T>>>,
}

impl<K: std::hash::Hash + Eq + Clone, T: Clone> Group<K, T> {
    fn new() -> Self {
        Group { keys: Vec::new(), waiters: HashMap::new() }
    }

    fn push(&mut self, key: K, reply: Reply<T>) {
        self.waiters
            .entry(key)
            .or_insert_with_key(|k| {
                self.keys.push(k.clone());
                Vec::new()
            })
            .push(reply);
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Each key with its waiters, in the keys' order.
    fn into_each(mut self) -> Vec<(K, Vec<Reply<T>>)> {
        let keys = std::mem::take(&mut self.keys);
        keys.into_iter()
            .map(|k| {
                let replies = self.waiters.remove(&k).unwrap_or_default();
                (k, replies)
            })
            .collect()
    }

    /// Answers every waiter: `answers[i]` is the answer for `keys[i]`.
    fn answer(mut self, answers: Result<Vec<T>, sqlx::Error>) -> Result<(), sqlx::Error> {
        match answers {
            Ok(answers) if answers.len() == self.keys.len() => {
                for (key, answer) in self.keys.iter().zip(answers) {
                    for reply in self.waiters.remove(key).unwrap_or_default() {
                        let _ = reply.send(Ok(answer.clone()));
                    }
                }
                Ok(())
            }
            Ok(_) => self.answer(Err(sqlx::Error::Protocol("a context lookup lost an answer".into()))),
            Err(e) => {
                for reply in self.waiters.into_values().flatten() {
                    let _ = reply.send(Err(shared(&e)));
                }
                Err(e)
            }
        }
    }
}

async fn run(options: PgConnectOptions, mut conn: Option<PgConnection>, mut rx: mpsc::UnboundedReceiver<Lookup>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut close = None;
    while close.is_none() && rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Let the tasks that are ready run first (handlers on this worker, about to ask): their
        // lookups join this batch instead of making the next query. On two cores this made the
        // batches three times larger (5.8 → 17 lookups) and PostgreSQL's share of the CPU
        // smaller (BENCHMARKS.md).
        tokio::task::yield_now().await;
        while batch.len() < MAX_BATCH
            && let Ok(lookup) = rx.try_recv()
        {
            batch.push(lookup);
        }
        let mut applied = Group::new();
        let mut bases = Group::new();
        let mut pending = Group::new();
        let mut filed = Group::new();
        for lookup in batch.drain(..) {
            match lookup {
                Lookup::UnitCycle(uscc, from_year, r) => applied.push((uscc, from_year), r),
                Lookup::Base(id, r) => bases.push(id, r),
                Lookup::PendingDirectionChange(id, r) => pending.push(id, r),
                Lookup::AnnualFiled(id, year, r) => filed.push((id, year), r),
                Lookup::Close(done) => close = Some(done),
            }
        }
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match connect(&options).await {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    tracing::warn!(error = %e, "context lookups: cannot connect");
                    let _ = (applied.answer(Err(shared(&e).0)), bases.answer(Err(shared(&e).0)));
                    let _ = (pending.answer(Err(shared(&e).0)), filed.answer(Err(shared(&e).0)));
                    continue;
                }
            },
        };
        let mut result = answer::<UnitCycleQuery>(c, applied).await;
        if result.is_ok() {
            result = answer::<PendingQuery>(c, pending).await;
        }
        if result.is_ok() {
            result = answer::<FiledQuery>(c, filed).await;
        }
        if result.is_ok() {
            result = answer::<BasesQuery>(c, bases).await;
        }
        if let Err(e) = result {
            // Whatever was not answered yet goes down with the connection (its waiters' replies
            // are dropped: they get an error); the next batch opens another.
            tracing::warn!(error = %e, "context lookups failed; reconnecting");
            conn = None;
        }
    }
    if let Some(c) = conn {
        let _ = c.close().await;
    }
    if let Some(done) = close {
        let _ = done.send(());
    }
}

/// One kind of lookup, asked for many keys by one query.
trait Batch {
    type Key: std::hash::Hash + Eq + Clone + Send + Sync;
    type Answer: Clone + Send;
    /// The answers for `keys`, in their order.
    fn fetch<'c>(
        c: &'c mut PgConnection,
        keys: &'c [Self::Key],
    ) -> impl Future<Output = Result<Vec<Self::Answer>, sqlx::Error>> + Send + 'c;
}

struct UnitCycleQuery;
impl Batch for UnitCycleQuery {
    type Key = (String, i64);
    type Answer = aii_rules::CycleTaken;
    async fn fetch(c: &mut PgConnection, keys: &[(String, i64)]) -> Result<Vec<Self::Answer>, sqlx::Error> {
        let (usccs, cycles): (Vec<String>, Vec<i64>) = keys.iter().cloned().unzip();
        let mut rows: Vec<(i64, bool, bool)> = sqlx::query_as(UNIT_CYCLE).bind(usccs).bind(cycles).fetch_all(&mut *c).await?;
        rows.sort_unstable_by_key(|(n, _, _)| *n);
        Ok(rows.into_iter().map(|(_, applied, certified)| common::cycle_taken(applied.into(), certified.into())).collect())
    }
}

struct PendingQuery;
impl Batch for PendingQuery {
    type Key = String;
    type Answer = bool;
    async fn fetch(c: &mut PgConnection, keys: &[String]) -> Result<Vec<bool>, sqlx::Error> {
        flags(sqlx::query_as(PENDING_DIRECTION_CHANGE).bind(keys).fetch_all(&mut *c).await)
    }
}

struct FiledQuery;
impl Batch for FiledQuery {
    type Key = (String, i64);
    type Answer = bool;
    async fn fetch(c: &mut PgConnection, keys: &[(String, i64)]) -> Result<Vec<bool>, sqlx::Error> {
        let (ids, years): (Vec<String>, Vec<i64>) = keys.iter().cloned().unzip();
        flags(sqlx::query_as(ANNUAL_FILED).bind(ids).bind(years).fetch_all(&mut *c).await)
    }
}

struct BasesQuery;
impl Batch for BasesQuery {
    type Key = String;
    type Answer = Option<BaseRecord>;
    async fn fetch(c: &mut PgConnection, keys: &[String]) -> Result<Vec<Option<BaseRecord>>, sqlx::Error> {
        fetch_bases(c, keys).await
    }
}

/// Answers a group's waiters with one query. When the database refuses the query (an error
/// it answers, not a broken connection) and it asked for several keys, each key is asked
/// alone: only the waiters of a key the database refuses get the error. `Err`: the
/// connection failed (the waiters not answered get an error).
async fn answer<B: Batch>(c: &mut PgConnection, group: Group<B::Key, B::Answer>) -> Result<(), sqlx::Error> {
    if group.is_empty() {
        return Ok(());
    }
    match B::fetch(c, &group.keys).await {
        Err(sqlx::Error::Database(e)) if group.keys.len() > 1 => {
            tracing::warn!(error = %e, keys = group.keys.len(), "a batched context lookup was refused; asking its keys one by one");
            for (key, replies) in group.into_each() {
                let mut one = Group::new();
                for reply in replies {
                    one.push(key.clone(), reply);
                }
                match B::fetch(c, std::slice::from_ref(&key)).await {
                    Err(e @ sqlx::Error::Database(_)) => drop(one.answer(Err(e))),
                    answers => one.answer(answers)?,
                }
            }
            Ok(())
        }
        Err(e @ sqlx::Error::Database(_)) => {
            let _ = group.answer(Err(e));
            Ok(())
        }
        answers => group.answer(answers),
    }
}

/// Opens the lookups' connection.
///
/// The queries are prepared once per connection (sqlx caches them), but with array parameters
/// PostgreSQL planned each execution anew (a custom plan): a tenth of a validate request's cost
/// on a small machine (BENCHMARKS.md). Their generic plans are the same index scans (the
/// partial unique indexes for the `EXISTS` lookups), made again when the tables' statistics
/// change. A `SET` rather than a startup option, so that a server without the setting
/// (before PostgreSQL 12) or a pooler that refuses startup options still connects. It lasts
/// for the session: behind a transaction-pooling proxy it may not hold, and the lookups are
/// then planned each time, as before (the answers are the same either way).
async fn connect(options: &PgConnectOptions) -> Result<PgConnection, sqlx::Error> {
    let mut conn = options.connect().await?;
    if let Err(e) = sqlx::query("SET plan_cache_mode = force_generic_plan").execute(&mut conn).await {
        tracing::warn!(error = %e, "context lookups: plan_cache_mode not set; each lookup is planned anew");
    }
    Ok(conn)
}

/// `(position, flag)` rows in key order.
fn flags(rows: Result<Vec<(i64, bool)>, sqlx::Error>) -> Result<Vec<bool>, sqlx::Error> {
    let mut rows = rows?;
    rows.sort_unstable_by_key(|(n, _)| *n);
    Ok(rows.into_iter().map(|(_, flag)| flag).collect())
}

async fn fetch_bases(c: &mut PgConnection, ids: &[String]) -> Result<Vec<Option<BaseRecord>>, sqlx::Error> {
    type BaseRow = (String, String, String, String, bool, Option<String>);
    let rows: Vec<BaseRow> = sqlx::query_as(SELECT_BASES).bind(ids).fetch_all(&mut *c).await?;
    let officers: Vec<(String, String, String, String)> = sqlx::query_as(SELECT_OFFICERS).bind(ids).fetch_all(&mut *c).await?;
    let mut by_base: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
    for (base_id, role, start, end) in officers {
        by_base.entry(base_id).or_default().push((role, start, end));
    }
    let mut found: HashMap<String, BaseRecord> = HashMap::new();
    for (id, uscc, directions, partners, revoked, certified_on) in rows {
        let officers = by_base.remove(&id).unwrap_or_default();
        let record =
            common::base_record(id.clone(), uscc, &directions, &partners, revoked, certified_on.as_deref(), officers).map_err(|e| e.0)?;
        found.insert(id, record);
    }
    Ok(ids.iter().map(|id| found.remove(id)).collect())
}
