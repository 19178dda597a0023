//! # aii-api
//!
//! The wire types of the HTTP API under `/api/v1` (`shared/spec/FORMS.md`): what the server
//! answers and takes, declared once for the server (`serde`, `openapi`), the review desk's
//! bundle (`serde`) and the applicant's bundle (no feature: it fills these types with its own
//! serde-free reader, `app/src/wire.rs`, which keeps serde's generic code out of its bundle).
//!
//! Statuses and form kinds are enums here; their JSON spellings are FORMS.md's.
//! A report (`{kind, valid, issues}`) is the rules crate's own [`aii_rules::Report`].

extern crate alloc;

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

pub use aii_rules::FormKind;
use aii_rules::{ReportIssue, Value};

pub mod attachments;
pub mod base;
pub mod council;
pub mod desk;
pub mod experts;
pub mod publicity;
pub mod registry;
#[cfg(feature = "openapi")]
pub mod schema;

/// A submission's place in RULES.md's review workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    Submitted,
    UnderReview,
    SiteCheck,
    Publicity,
    Approved,
    Certified,
    Rejected,
    Returned,
    Withdrawn,
    Voided,
    /// An annual assessment on file (Art. 22).
    Filed,
    /// An evaluation's results (Arts. 23–25).
    Qualified,
    Unqualified,
    /// A training plan with the alliance's working group (Art. 16: 由联盟组织相关工作组讨论).
    WorkingGroup,
}

impl Status {
    pub const ALL: [Status; 14] = [
        Status::Submitted,
        Status::UnderReview,
        Status::SiteCheck,
        Status::Publicity,
        Status::Approved,
        Status::Certified,
        Status::Rejected,
        Status::Returned,
        Status::Withdrawn,
        Status::Voided,
        Status::Qualified,
        Status::Unqualified,
        Status::Filed,
        Status::WorkingGroup,
    ];

    /// The name in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::UnderReview => "under_review",
            Status::SiteCheck => "site_check",
            Status::Publicity => "publicity",
            Status::Approved => "approved",
            Status::Certified => "certified",
            Status::Rejected => "rejected",
            Status::Returned => "returned",
            Status::Withdrawn => "withdrawn",
            Status::Voided => "voided",
            Status::Filed => "filed",
            Status::Qualified => "qualified",
            Status::Unqualified => "unqualified",
            Status::WorkingGroup => "working_group",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "submitted" => Status::Submitted,
            "under_review" => Status::UnderReview,
            "site_check" => Status::SiteCheck,
            "publicity" => Status::Publicity,
            "approved" => Status::Approved,
            "certified" => Status::Certified,
            "rejected" => Status::Rejected,
            "returned" => Status::Returned,
            "withdrawn" => Status::Withdrawn,
            "voided" => Status::Voided,
            "filed" => Status::Filed,
            "qualified" => Status::Qualified,
            "unqualified" => Status::Unqualified,
            "working_group" => Status::WorkingGroup,
            _ => return None,
        })
    }
}

/// A status compares with its name (as the database and JSON spell it).
impl PartialEq<&str> for Status {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

/// `201` to `POST /forms/{kind}/submissions`: accepted and stored.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submitted {
    pub id: String,
    /// Always `submitted`.
    pub status: Status,
    /// The receipt token: keep it to see the submission's status
    /// (`GET /api/v1/submissions/{id}` with `X-Receipt`). The server stores only its hash.
    pub receipt: String,
    /// The warnings (with their justifications) and infos it was accepted with.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<schema::IssueDoc>))]
    pub issues: Vec<ReportIssue>,
    /// The files it carries (named by `X-Attachments`), each with its SHA-256; absent when none.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub attachments: Vec<attachments::Attachment>,
    /// With attachments: the content hash, over the document and the files' SHA-256
    /// (`GET /submissions/{id}` shows it too).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub content_hash: Option<String>,
}

/// `200` to `POST /submissions/{id}/resubmit`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resubmitted {
    pub id: String,
    /// Always `submitted`.
    pub status: Status,
    /// The warnings (with their justifications) and infos it was accepted with.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<schema::IssueDoc>))]
    pub issues: Vec<ReportIssue>,
    /// The files it carries now.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub attachments: Vec<attachments::Attachment>,
}

/// `200` to `POST /submissions/{id}/withdraw`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawn {
    pub id: String,
    /// Always `withdrawn`.
    pub status: Status,
}

/// `GET /submissions/{id}`: the applicant's view of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionStatus {
    pub id: String,
    /// `application`, `director_appointment`, `direction_change`, `annual_assessment` or
    /// `evaluation`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    /// RFC 3339, UTC.
    pub submitted_at: String,
    pub updated_at: String,
    pub ruleset_version: String,
    /// SHA-256 of the canonical document (keys sorted, compact).
    pub content_hash: String,
    /// The base the submission is about or, for a certified application, the base it created
    /// (its id is the `base_id` of appointments, direction changes and Chapter 6's forms).
    pub base: Option<BaseRef>,
    pub history: Vec<HistoryItem>,
    /// The certificate's number (`AII-TB-{year}-{NNN}`), once certified.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub certificate: Option<String>,
    /// The files it carries (download: `GET /submissions/{id}/attachments/{attachment}`).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub attachments: Vec<attachments::Attachment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseRef {
    pub id: String,
    /// The Art. 12 name: 工业互联网产业联盟＋简称＋实训基地（责任单位名称）.
    pub full_name: String,
}

/// One line of a submission's history.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryItem {
    pub status: Status,
    /// RFC 3339, UTC.
    pub at: String,
    pub note: Option<String>,
}

/// `GET /submissions/{id}/document`: the document as last sent, for its applicant to correct.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmittedDocument {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    /// The form document (FORMS.md) as the applicant last sent it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub document: Value,
}

/// `GET /healthz`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    pub ruleset_version: &'static str,
}

/// A refusal that is not a report: `{error, message}` (401, 404, 429, …).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Plain {
    /// A stable code: `not_found`, `receipt_required`, `login_required`, …
    pub error: Cow<'static, str>,
    pub message: Cow<'static, str>,
}
