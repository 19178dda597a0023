//! Chapter 6's part of the repository: the context lookups of annual assessments and
//! evaluations (Arts. 22, 23), and the registry as the secretariat and the public see it: their
//! types and SQL, shared by both backends like `common.rs`'s and run by `sql.rs`.

use super::common;
use super::types::{BaseIdentity, NewOfficer};

/// What an evaluation's context is made from (Arts. 22, 23).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvaluationFacts {
    /// `period.from_year` of the base's live evaluations (not withdrawn, not returned),
    /// ascending.
    pub evaluated_from_years: Vec<i64>,
    /// The years of its annual assessments on file (not withdrawn, not returned), ascending.
    pub annual_years: Vec<i64>,
}

/// An annual assessment or an evaluation of a base, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filing {
    pub submission_id: String,
    /// `annual_assessment` or `evaluation`.
    pub kind: String,
    /// The year (annual assessment) or `period.from_year` (evaluation).
    pub cycle: i64,
    pub status: String,
    /// The document (JSON text): the result and the period's end are read from it.
    pub document: String,
}

/// A base of the registry with everything on record about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryBase {
    pub identity: BaseIdentity,
    pub revoked: bool,
    /// `YYYY-MM-DD`.
    pub certified_on: Option<String>,
    pub revoked_on: Option<String>,
    pub revoked_reason: Option<String>,
    /// Directors and deputies on record, by term start.
    pub officers: Vec<NewOfficer>,
    /// Annual assessments and evaluations (not withdrawn), by year.
    pub filings: Vec<Filing>,
}

pub(super) const ANNUAL_FILED: &str = concat!(
    "SELECT COUNT(*) FROM submissions WHERE ",
    common::annual_on_file!(),
    " AND base_id = $1 AND cycle = $2 AND id <> COALESCE($3, '')"
);

/// Art. 16: the base's approved training plans for a year (at most one: migration 0009's index).
pub(super) const PLAN_APPROVED: &str = "SELECT COUNT(*) FROM submissions WHERE kind = 'training_plan' AND status = 'approved' \
     AND base_id = $1 AND cycle = $2 AND id <> COALESCE($3, '')";

pub(super) const FILED_YEARS: &str = concat!(
    "SELECT kind, cycle FROM submissions WHERE kind IN ('annual_assessment', 'evaluation') AND ",
    common::on_file!(),
    " AND base_id = $1 AND cycle IS NOT NULL AND id <> COALESCE($2, '') ORDER BY cycle"
);

pub(super) const REGISTRY_BASES: &str = "SELECT id, short_name, full_name, responsible_name, responsible_uscc, \
     directions, partners, revoked, certified_on, revoked_on, revoked_reason \
     FROM bases WHERE id = COALESCE($1, id) ORDER BY COALESCE(certified_on, ''), id";

pub(super) const REGISTRY_OFFICERS: &str = "SELECT base_id, role, name, term_start, term_end FROM base_officers \
     WHERE base_id = COALESCE($1, base_id) ORDER BY base_id, term_start, id";

pub(super) const REGISTRY_FILINGS: &str = "SELECT base_id, id, kind, cycle, status, document FROM submissions \
     WHERE kind IN ('annual_assessment', 'evaluation') AND cycle IS NOT NULL AND status <> 'withdrawn' \
       AND base_id = COALESCE($1, base_id) ORDER BY base_id, cycle, created_at, id";

pub(super) const REVOKE_BASE: &str = "UPDATE bases SET revoked = $2, revoked_on = $3, revoked_reason = $4 WHERE id = $1";

/// Splits `(kind, cycle)` rows into the evaluation's facts.
pub(super) fn facts(rows: Vec<(String, i64)>) -> EvaluationFacts {
    let mut f = EvaluationFacts::default();
    for (kind, cycle) in rows {
        match kind.as_str() {
            "evaluation" => f.evaluated_from_years.push(cycle),
            _ => f.annual_years.push(cycle),
        }
    }
    f.evaluated_from_years.dedup();
    f.annual_years.dedup();
    f
}

pub(super) type BaseRow = (String, String, String, String, String, String, String, bool, Option<String>, Option<String>, Option<String>);

/// Puts the registry together from its three queries' rows.
pub(super) fn assemble(
    bases: Vec<BaseRow>,
    officers: Vec<(String, String, String, String, String)>,
    filings: Vec<(String, String, String, i64, String, String)>,
) -> Result<Vec<RegistryBase>, super::types::RepoError> {
    let decode = |what: &str| super::types::RepoError(sqlx::Error::Decode(format!("unreadable stored {what}").into()));
    let mut out = Vec::with_capacity(bases.len());
    for (id, short_name, full_name, responsible_name, responsible_uscc, directions, partners, revoked, certified_on, revoked_on, reason) in
        bases
    {
        out.push(RegistryBase {
            officers: officers
                .iter()
                .filter(|o| o.0 == id)
                .map(|(_, role, name, term_start, term_end)| NewOfficer {
                    role: role.clone(),
                    name: name.clone(),
                    term_start: term_start.clone(),
                    term_end: term_end.clone(),
                })
                .collect(),
            filings: filings
                .iter()
                .filter(|f| f.0 == id)
                .map(|(_, submission_id, kind, cycle, status, document)| Filing {
                    submission_id: submission_id.clone(),
                    kind: kind.clone(),
                    cycle: *cycle,
                    status: status.clone(),
                    document: document.clone(),
                })
                .collect(),
            identity: BaseIdentity {
                directions: serde_json::from_str(&directions).map_err(|_| decode("directions"))?,
                partners: serde_json::from_str(&partners).map_err(|_| decode("partners"))?,
                id,
                short_name,
                full_name,
                responsible_name,
                responsible_uscc,
            },
            revoked,
            certified_on,
            revoked_on,
            revoked_reason: reason,
        });
    }
    Ok(out)
}
