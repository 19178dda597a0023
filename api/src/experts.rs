//! Experts' wire types (PROCEDURE.md "People", "Expert review", "Site check"): the
//! secretariat's expert accounts, assignments, the opinions' summary, site checks and a
//! round's ranking (`/api/v1/admin/…`), and the expert's own desk (`/api/v1/admin/reviews…`).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use aii_rules::{FormKind, Value};

use crate::Status;

/// `POST /admin/experts`: a new expert account.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewExpert {
    /// 3 to 64 of a-z, 0-9, `.`, `_`, `-`.
    pub username: String,
    /// At least 12 characters; absent or empty: one is generated and shown once.
    #[cfg_attr(feature = "serde", serde(default))]
    pub password: Option<String>,
    pub name: String,
    pub title: String,
    pub employer: String,
    /// The employer's unified social credit code (GB 32100).
    pub employer_uscc: String,
}

/// The account made: the generated password is in the answer only (shown once).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpertCreated {
    pub username: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub password: Option<String>,
}

/// An expert account as the secretariat sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpertView {
    pub username: String,
    pub name: String,
    pub title: String,
    pub employer: String,
    pub employer_uscc: String,
    pub disabled: bool,
}

/// `POST /admin/submissions/{id}/assignments`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignBody {
    /// The expert's username.
    pub expert: String,
}

/// One criterion an expert scores (PROCEDURE.md, "Expert review").
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// `POST /admin/reviews/{id}/opinion`: scores by criterion code (whole numbers 0–10), a
/// recommendation (`recommend`, `recommend_with_changes`, `not_recommend`), the written
/// opinion (≥ 50 characters) and the defence's date (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpinionBody {
    #[cfg_attr(feature = "serde", serde(default))]
    pub scores: BTreeMap<String, f64>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub recommendation: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub text: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub defence_date: String,
}

/// One version of an expert's opinion.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpinionView {
    /// The expert's username.
    pub expert: String,
    pub version: i64,
    pub scores: BTreeMap<String, i64>,
    pub recommendation: String,
    pub text: String,
    pub defence_date: String,
    /// RFC 3339 (UTC).
    pub filed_at: String,
}

/// `POST /admin/reviews/{id}/conflict`: the expert declares a conflict of interest.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictBody {
    #[cfg_attr(feature = "serde", serde(default))]
    pub note: String,
}

/// One submission on an expert's desk.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    pub unit_name: Option<String>,
    pub cycle: Option<i64>,
    /// RFC 3339 (UTC).
    pub assigned_at: String,
    /// The versions of its own opinion filed so far.
    pub versions: i64,
    pub declared_conflict: bool,
}

/// `GET /admin/reviews/{id}`: what an assigned expert sees.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewDetail {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    pub unit_name: Option<String>,
    /// The document with personal data masked.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub document: Value,
    pub masked_fields: Vec<String>,
    pub criteria: Vec<Criterion>,
    /// Whether an opinion can be filed or revised now.
    pub open: bool,
    pub declared_conflict: bool,
    /// Its own versions, oldest first.
    pub mine: Vec<OpinionView>,
    /// The other experts' latest opinions: only once it filed its own (else empty).
    pub others: Vec<OpinionView>,
    /// The files it carries (`GET /admin/reviews/{id}/attachments/{attachment}`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub attachments: Vec<crate::attachments::Attachment>,
}

/// The mean and spread (highest minus lowest) of a set of scores.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreStat {
    /// The criterion's code, or `overall`.
    pub code: String,
    pub count: i64,
    pub mean: Option<f64>,
    pub spread: Option<f64>,
}

/// An expert assigned to a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentView {
    pub expert: String,
    pub name: String,
    pub title: String,
    pub employer: String,
    pub assigned_by: String,
    /// RFC 3339 (UTC).
    pub at: String,
    pub declared_conflict: bool,
}

/// A recorded site check (现场核查).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteCheckView {
    pub date: String,
    pub inspectors: String,
    pub findings: String,
    /// `confirmed` or `discrepancies`.
    pub conclusion: String,
    pub recorded_by: String,
    /// RFC 3339 (UTC).
    pub at: String,
}

/// `POST /admin/submissions/{id}/site-check`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteCheckBody {
    #[cfg_attr(feature = "serde", serde(default))]
    pub date: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub inspectors: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub findings: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub conclusion: String,
}

/// `GET /admin/submissions/{id}/opinions`: the secretariat's view of a submission's review.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpinionsSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    /// Whether the kind has expert review at all.
    pub reviewed: bool,
    pub criteria: Vec<Criterion>,
    pub quorum: i64,
    pub assignments: Vec<AssignmentView>,
    /// Each assigned expert's latest version.
    pub latest: Vec<OpinionView>,
    /// Per criterion, then `overall` (over each expert's mean).
    pub stats: Vec<ScoreStat>,
    /// Every version of every opinion, oldest first.
    pub history: Vec<OpinionView>,
    pub site_checks: Vec<SiteCheckView>,
}

/// One application of a round, ranked.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundItem {
    pub rank: i64,
    pub id: String,
    pub status: Status,
    pub unit_name: Option<String>,
    /// Art. 9 (`art9.joint_priority`): 优先推荐.
    pub priority: bool,
    /// The mean over the assigned experts' latest opinions; absent with none.
    pub mean: Option<f64>,
    pub opinions: i64,
}

/// `GET /admin/rounds/{year}`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundPage {
    pub year: i64,
    pub items: Vec<RoundItem>,
}
