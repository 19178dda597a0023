//! What the context rules ask of the database, as one trait: [`ContextSource`]. Each backend
//! answers it once (`sqlite.rs`: plain SQLite connections on the caller's thread; `postgres.rs`:
//! batched over a connection of its own); [`Store`](super::Store) dispatches to its backend,
//! and validate reads through the kept answers of `cache.rs`, which wrap any source.
//!
//! `except` is a stored submission being checked again (a resubmission, a decision's re-check,
//! a correction's validate): it is left out of what it would otherwise count against itself.

use std::future::Future;

use aii_rules::{BaseRecord, CycleTaken, OfficerTerm};

use super::registry::EvaluationFacts;
use super::types::RepoResult;

pub trait ContextSource: Sync {
    /// Art. 8: whether the unit holds the evaluation cycle starting in `from_year` (a pending
    /// or successful application, or a base certified in it).
    fn unit_cycle(&self, uscc: &str, from_year: i64, except: Option<&str>) -> impl Future<Output = RepoResult<CycleTaken>> + Send;

    /// The registered base with this id, with its officers.
    fn base(&self, id: &str) -> impl Future<Output = RepoResult<Option<BaseRecord>>> + Send;

    /// Art. 14: the terms of the base's undecided appointments.
    fn pending_appointments(&self, base_id: &str, except: Option<&str>) -> impl Future<Output = RepoResult<Vec<OfficerTerm>>> + Send;

    /// Art. 21: whether a direction change for the base is pending.
    fn pending_direction_change(&self, base_id: &str, except: Option<&str>) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Art. 22: whether the base has an annual assessment on file (not withdrawn, not
    /// returned) for the year.
    fn annual_filed(&self, base_id: &str, year: i64, except: Option<&str>) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Art. 16: whether the base has an approved training plan for the year.
    fn plan_approved(&self, base_id: &str, year: i64, except: Option<&str>) -> impl Future<Output = RepoResult<bool>> + Send;

    /// Arts. 22, 23: the base's live evaluations and annual assessments on file.
    fn evaluation_facts(&self, base_id: &str, except: Option<&str>) -> impl Future<Output = RepoResult<EvaluationFacts>> + Send;
}
