//! The answers of `validate`'s context look-ups, kept for reuse (issue 7).
//!
//! A validate request reads the database for its context rules (Art. 8's earlier application,
//! the base from the registry, …). The read itself is an indexed look-up, but on a loaded
//! server it was the largest part of what validate costs above reading the body: SQLite's
//! code and pages are cold by the time each request reaches them (BENCHMARKS.md, "Validate's
//! context look-ups kept"). Requests about one unit, cycle or base come in bursts (the app asks
//! after each change of a field a context rule reads, on restoring a draft, on a change of
//! language), so the answers are kept here.
//!
//! An answer is reused only while both hold:
//! - **no write since**: [`Store`](super::Store) counts every write that can change a look-up's
//!   answer (a submission stored, moved, resubmitted; a base registered, certified, changed or
//!   revoked) once it is over: SQLite's submissions in their writer thread after the `COMMIT`
//!   and before anyone is answered, the other writes when their call returns or is dropped (a
//!   request timed out or its client gone). An answer read before a write is not used after
//!   it: the count is taken *before* the read, so a write that lands during the read makes the
//!   answer stale at once. The next validate after one of this server's writes has been
//!   answered reads the database. (A write whose request is dropped while its `COMMIT` is in
//!   flight may land just after it is counted: that answer is then late by at most the time to
//!   live, as for other processes.)
//! - **younger than the time to live**: writes this process does not make (another server on
//!   the same PostgreSQL database, `aii-server register-base` on the same SQLite file) are seen
//!   once the answer is older than `--context-cache-ms` (default 1 s), counted from before its
//!   read.
//!
//! Only validate reads through the cache. A submission, a resubmission and the secretariat's
//! re-check read the database every time, and the uniqueness rules are held by constraints
//! in any case; so the cache can make an advisory answer up to one time-to-live late for other
//! processes' writes, never a stored decision.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aii_rules::{BaseRecord, CycleTaken, OfficerTerm};

use super::context::ContextSource;
use super::registry::EvaluationFacts;
use super::types::RepoResult;

/// At most this many answers of each kind are kept; when full, the stale ones go, and if none
/// is stale, all (the next requests read the database again).
const CAPACITY: usize = 4096;

/// Longer keys (a base id or a USCC as the request wrote them, up to the body limit) are read
/// through without being kept, so the maps hold at most `CAPACITY` short keys each.
const MAX_KEY_BYTES: usize = 128;

/// The count of writes that can change a context look-up's answer (shared by every clone of a
/// [`Store`](super::Store)).
#[derive(Debug, Default)]
pub struct Writes(AtomicU64);

impl Writes {
    pub fn count(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Called once a write has committed (or failed: counting one too many only costs a read).
    pub fn wrote(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

#[derive(Clone, Debug)]
struct Entry<V> {
    /// The write count when the read began.
    writes: u64,
    /// When the read began.
    at: Instant,
    answer: V,
}

#[derive(Debug)]
pub(crate) struct Slot<K, V>(Mutex<HashMap<K, Entry<V>>>);

impl<K: Hash + Eq, V: Clone> Slot<K, V> {
    fn new() -> Self {
        Slot(Mutex::new(HashMap::new()))
    }

    fn get<Q>(&self, key: &Q, writes: u64, ttl: Duration) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let entries = self.0.lock().ok()?;
        let e = entries.get(key)?;
        (e.writes == writes && e.at.elapsed() < ttl).then(|| e.answer.clone())
    }

    fn put(&self, key: K, entry: Entry<V>, ttl: Duration) {
        let Ok(mut entries) = self.0.lock() else { return };
        // A slower read that began before a write does not replace the answer read after it.
        if entries.get(&key).is_some_and(|e| e.writes > entry.writes) {
            return;
        }
        if entries.len() >= CAPACITY {
            let writes = entry.writes;
            entries.retain(|_, e| e.writes == writes && e.at.elapsed() < ttl);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(key, entry);
    }
}

/// A key's text (a USCC, a base id), whose length decides whether it is kept.
pub trait KeyText {
    fn text_len(&self) -> usize;
}

impl KeyText for str {
    fn text_len(&self) -> usize {
        self.len()
    }
}

impl KeyText for (String, i64) {
    fn text_len(&self) -> usize {
        self.0.len()
    }
}

/// The kept answers, one map per look-up (keys as the [`Repository`](super::Repository)
/// methods take them), and the store's count of writes they are checked against.
#[derive(Debug)]
pub struct ContextCache {
    ttl: Duration,
    writes: Arc<Writes>,
    pub(crate) unit_cycle: Slot<(String, i64), aii_rules::CycleTaken>,
    pub(crate) bases: Slot<String, Option<BaseRecord>>,
    pub(crate) pending_direction_change: Slot<String, bool>,
    pub(crate) annual_filed: Slot<(String, i64), bool>,
    pub(crate) evaluation_facts: Slot<String, EvaluationFacts>,
}

impl ContextCache {
    /// Answers checked against `writes` (the store's, [`Store::writes`](super::Store::writes));
    /// a time to live of zero keeps nothing.
    pub fn new(ttl: Duration, writes: Arc<Writes>) -> ContextCache {
        ContextCache {
            ttl,
            writes,
            unit_cycle: Slot::new(),
            bases: Slot::new(),
            pending_direction_change: Slot::new(),
            annual_filed: Slot::new(),
            evaluation_facts: Slot::new(),
        }
    }

    /// The answer `slot` keeps under `key` if it is still good, else `read`'s (kept when it
    /// succeeds).
    pub(crate) async fn through<K, Q, V>(&self, slot: &Slot<K, V>, key: &Q, read: impl Future<Output = RepoResult<V>>) -> RepoResult<V>
    where
        K: Borrow<Q> + Hash + Eq,
        Q: ToOwned<Owned = K> + KeyText + Hash + Eq + ?Sized,
        V: Clone,
    {
        if self.ttl.is_zero() || key.text_len() > MAX_KEY_BYTES {
            return read.await;
        }
        let (count, at) = (self.writes.count(), Instant::now());
        if let Some(answer) = slot.get(key, count, self.ttl) {
            return Ok(answer);
        }
        let answer = read.await?;
        slot.put(key.to_owned(), Entry { writes: count, at, answer: answer.clone() }, self.ttl);
        Ok(answer)
    }
}

/// A [`ContextSource`] read through the kept answers (validate's look-ups): the base, and the
/// look-ups without a stored submission to leave out, reuse what `cache` keeps; the others
/// read `source`.
pub struct Cached<'a, S> {
    cache: &'a ContextCache,
    source: &'a S,
}

impl<'a, S: ContextSource> Cached<'a, S> {
    pub fn new(cache: &'a ContextCache, source: &'a S) -> Self {
        Cached { cache, source }
    }

    /// `read`'s answer through `slot` under `key`; read through when a stored submission is
    /// left out (`except`: such answers are not kept).
    async fn kept<K, Q, V>(
        &self,
        except: Option<&str>,
        slot: &Slot<K, V>,
        key: &Q,
        read: impl Future<Output = RepoResult<V>>,
    ) -> RepoResult<V>
    where
        K: Borrow<Q> + Hash + Eq,
        Q: ToOwned<Owned = K> + KeyText + Hash + Eq + ?Sized,
        V: Clone,
    {
        match except {
            Some(_) => read.await,
            None => self.cache.through(slot, key, read).await,
        }
    }
}

impl<S: ContextSource> ContextSource for Cached<'_, S> {
    async fn unit_cycle(&self, uscc: &str, from_year: i64, except: Option<&str>) -> RepoResult<CycleTaken> {
        self.kept(except, &self.cache.unit_cycle, &(uscc.to_owned(), from_year), self.source.unit_cycle(uscc, from_year, except)).await
    }
    async fn base(&self, id: &str) -> RepoResult<Option<BaseRecord>> {
        self.kept(None, &self.cache.bases, id, self.source.base(id)).await
    }
    async fn pending_appointments(&self, base_id: &str, except: Option<&str>) -> RepoResult<Vec<OfficerTerm>> {
        self.source.pending_appointments(base_id, except).await
    }
    async fn pending_direction_change(&self, base_id: &str, except: Option<&str>) -> RepoResult<bool> {
        self.kept(except, &self.cache.pending_direction_change, base_id, self.source.pending_direction_change(base_id, except)).await
    }
    async fn annual_filed(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        self.kept(except, &self.cache.annual_filed, &(base_id.to_owned(), year), self.source.annual_filed(base_id, year, except)).await
    }
    async fn plan_approved(&self, base_id: &str, year: i64, except: Option<&str>) -> RepoResult<bool> {
        // Plans are few (one a base a year): asked each time, never kept.
        self.source.plan_approved(base_id, year, except).await
    }
    async fn evaluation_facts(&self, base_id: &str, except: Option<&str>) -> RepoResult<EvaluationFacts> {
        self.kept(except, &self.cache.evaluation_facts, base_id, self.source.evaluation_facts(base_id, except)).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A cache of `ttl` with its count of writes, and a count of reads.
    fn cache_of(ttl: Duration) -> (ContextCache, Arc<Writes>, AtomicUsize) {
        let writes = Arc::new(Writes::default());
        (ContextCache::new(ttl, writes.clone()), writes, AtomicUsize::new(0))
    }

    /// A read that counts how often it ran and answers `answer`.
    async fn read(reads: &AtomicUsize, answer: bool) -> RepoResult<bool> {
        reads.fetch_add(1, Ordering::SeqCst);
        Ok(answer)
    }

    #[tokio::test]
    async fn an_answer_is_reused_until_a_write_and_never_after_it() {
        let (cache, writes, reads) = cache_of(Duration::from_secs(60));
        assert!(!cache.through(&cache.annual_filed, &("U".to_owned(), 2027), read(&reads, false)).await.unwrap());
        assert!(!cache.through(&cache.annual_filed, &("U".to_owned(), 2027), read(&reads, true)).await.unwrap(), "kept");
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // Another key is read on its own.
        assert!(cache.through(&cache.annual_filed, &("U".to_owned(), 2028), read(&reads, true)).await.unwrap());
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        writes.wrote();
        assert!(
            cache.through(&cache.annual_filed, &("U".to_owned(), 2027), read(&reads, true)).await.unwrap(),
            "read again after the write"
        );
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_write_during_the_read_makes_its_answer_stale() {
        let (cache, writes, reads) = cache_of(Duration::from_secs(60));
        let during = async {
            writes.wrote(); // a submission committed while this read ran
            read(&reads, false).await
        };
        assert!(!cache.through(&cache.annual_filed, &("U".to_owned(), 2027), during).await.unwrap());
        assert!(cache.through(&cache.annual_filed, &("U".to_owned(), 2027), read(&reads, true)).await.unwrap(), "not reused");
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_answer_older_than_its_time_to_live_is_read_again() {
        let (cache, _writes, reads) = cache_of(Duration::from_millis(30));
        cache.through(&cache.pending_direction_change, "B", read(&reads, false)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert!(cache.through(&cache.pending_direction_change, "B", read(&reads, true)).await.unwrap());
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_time_to_live_of_zero_keeps_nothing_and_failures_are_not_kept() {
        let (off, _, reads) = cache_of(Duration::ZERO);
        let key = ("B".to_owned(), 2027);
        off.through(&off.annual_filed, &key, read(&reads, false)).await.unwrap();
        off.through(&off.annual_filed, &key, read(&reads, false)).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2);

        let (on, _, _) = cache_of(Duration::from_secs(60));
        let failed = async { Err(super::super::types::RepoError(sqlx::Error::PoolTimedOut)) };
        assert!(on.through(&on.annual_filed, &key, failed).await.is_err());
        assert!(on.through(&on.annual_filed, &key, read(&reads, true)).await.unwrap(), "the failure was not kept");
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn long_keys_are_read_through_and_never_kept() {
        let (cache, _writes, reads) = cache_of(Duration::from_secs(60));
        let none = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok(None)
        };
        let long = "b".repeat(MAX_KEY_BYTES + 1);
        for _ in 0..2 {
            assert_eq!(cache.through(&cache.bases, long.as_str(), none()).await.unwrap(), None);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        assert!(cache.bases.0.lock().unwrap().is_empty());
        let short = "b".repeat(MAX_KEY_BYTES);
        for _ in 0..2 {
            cache.through(&cache.bases, short.as_str(), none()).await.unwrap();
        }
        assert_eq!(reads.load(Ordering::SeqCst), 3, "a key of the limit's length is kept");
    }

    #[test]
    fn an_answer_read_before_a_write_does_not_replace_one_read_after_it() {
        let slot: Slot<String, bool> = Slot::new();
        let ttl = Duration::from_secs(60);
        let at = Instant::now();
        slot.put("B".into(), Entry { writes: 2, at, answer: true }, ttl);
        slot.put("B".into(), Entry { writes: 1, at, answer: false }, ttl);
        assert_eq!(slot.get("B", 2, ttl), Some(true));
        slot.put("B".into(), Entry { writes: 3, at, answer: false }, ttl);
        assert_eq!(slot.get("B", 3, ttl), Some(false));
        assert_eq!(slot.get("B", 2, ttl), None, "an answer is only for its own count");
    }

    #[tokio::test]
    async fn the_maps_stay_bounded() {
        let (cache, _writes, reads) = cache_of(Duration::from_secs(60));
        for i in 0..(CAPACITY as i64 + 10) {
            cache.through(&cache.annual_filed, &("U".to_owned(), i), read(&reads, false)).await.unwrap();
        }
        let len = cache.annual_filed.0.lock().unwrap().len();
        assert!(len <= CAPACITY, "{len} answers kept");
    }
}
