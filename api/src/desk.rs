//! The review desk's wire types (`/api/v1/admin/…`). What the desk does not show may be absent
//! when it reads them (`serde(default)`).

use alloc::string::String;
use alloc::vec::Vec;

use aii_rules::{FormKind, Report, Value};

use crate::{HistoryItem, Status};

/// `POST /admin/login`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

/// The session: who is logged in, and the token to send as `X-CSRF-Token`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub username: String,
    pub csrf_token: String,
    /// `secretariat` or `expert`: which desk the account sees.
    #[cfg_attr(feature = "serde", serde(default))]
    pub role: String,
}

/// One submission in the list (personal data masked).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListItem {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    /// The applying unit, or the base's responsible unit.
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub unit_kind: Option<String>,
    pub cycle: Option<i64>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub directions: Vec<String>,
    pub has_warnings: bool,
    /// Art. 9 priority.
    pub priority: bool,
    pub base_id: Option<String>,
    /// The contact (application) or the appointee (appointment).
    pub person: Option<String>,
    /// Their phone or ID number, masked (`138****5678`, `1101**********002X`).
    pub person_masked: Option<String>,
    /// The contact's e-mail (application), masked (`z***@example.com`).
    pub email_masked: Option<String>,
    /// The Art. 12 name of the base: the registered one, or for an application the name it
    /// asks for.
    pub base_name: Option<String>,
    /// Resubmitted by the applicant after a return at least once.
    #[cfg_attr(feature = "serde", serde(default))]
    pub resubmitted: bool,
    /// RFC 3339, UTC.
    pub submitted_at: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub updated_at: String,
    /// The same moments in milliseconds (UTC), for the exports; not sent.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub submitted_ms: i64,
    #[cfg_attr(feature = "serde", serde(skip))]
    pub updated_ms: i64,
}

/// `GET /admin/submissions`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListPage {
    /// Rows matching the filters (all pages).
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<ListItem>,
}

/// A warning of the fresh re-check with the applicant's justification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Justified {
    pub rule: String,
    pub path: String,
    /// `null` for a rule that cites no article (the generic ones).
    pub article: Option<String>,
    pub message: String,
    /// Where the justification is (`params.note` of the warning).
    pub justification_path: Option<String>,
    pub justification: Option<String>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    #[cfg_attr(feature = "serde", serde(default))]
    pub id: i64,
    /// Milliseconds since the epoch (UTC).
    #[cfg_attr(feature = "serde", serde(default))]
    pub at_ms: i64,
    /// The secretariat user, or `applicant`.
    pub actor: String,
    /// `decision`, `resubmit`, `withdraw`, `reveal` or `export`.
    pub action: String,
    pub submission_id: Option<String>,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub note: Option<String>,
    /// For `reveal`: the JSON Pointer revealed; for a certification: the base id.
    pub detail: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
}

/// `GET /admin/submissions/{id}`: everything the secretariat sees of one submission.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Detail {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    /// The decisions that can be taken now (`POST …/decisions`).
    pub next_statuses: Vec<Status>,
    /// Every legal next step — the decisions and a move made by opening a notice — with what
    /// each needs.
    #[cfg_attr(feature = "serde", serde(default))]
    pub next_steps: Vec<NextStep>,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub cycle: Option<i64>,
    /// The base it concerns, or (a certified application) the base it created.
    pub base_id: Option<String>,
    pub submitted_at: String,
    #[cfg_attr(feature = "serde", serde(default))]
    pub updated_at: String,
    /// The document, ID numbers and phone numbers masked.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub document: Value,
    /// JSON Pointers of the masked fields (reveal them with `…/reveal`).
    pub masked_fields: Vec<String>,
    /// SHA-256 of the canonical stored document, and whether the document still hashes to it.
    pub content_hash: String,
    pub content_hash_ok: bool,
    /// The report it was accepted with (in the locale of the submission).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ReportDoc))]
    pub stored_report: Report,
    pub stored_ruleset_version: String,
    /// A re-check now, by the server, with the context (the submission itself left out), as of
    /// the day it was submitted.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ReportDoc))]
    pub fresh_report: Report,
    pub current_ruleset_version: String,
    /// The rules changed since it was submitted.
    pub ruleset_changed: bool,
    /// The fresh re-check finds other issues (rule, severity or place) than the stored report.
    pub report_changed: bool,
    /// The warnings of the fresh re-check with the applicant's justifications.
    pub warnings: Vec<Justified>,
    pub history: Vec<HistoryItem>,
    pub audit: Vec<AuditView>,
    /// On a publicity notice: the directions it published (the council's default, Art. 11).
    #[cfg_attr(feature = "serde", serde(default))]
    pub published_directions: Option<Vec<String>>,
    /// A certified application: its certificate's number.
    #[cfg_attr(feature = "serde", serde(default))]
    pub certificate: Option<String>,
    /// The files it carries (`GET /admin/submissions/{id}/attachments/{attachment}`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub attachments: Vec<crate::attachments::Attachment>,
}

/// A legal next step of a submission (PROCEDURE.md's workflow of its kind).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextStep {
    pub to: Status,
    /// `decision` (the desk's decision form) or `notice` (opening a publicity notice).
    pub via: String,
    pub needs: Vec<StepNeed>,
}

/// One thing a step needs: a rule of the procedure, its message (with the facts now), and
/// whether it holds — `null` when the decision form supplies it (a note, the council's date).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepNeed {
    pub rule: String,
    /// The decision's field it concerns (`/to` for the state of the procedure).
    pub path: String,
    pub message: String,
    pub met: Option<bool>,
}

/// `POST /admin/submissions/{id}/decisions`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionBody {
    /// The new status (one of the detail's `next_statuses`).
    pub to: String,
    /// Why (1–2000 characters); returns and rejections show it to the applicant.
    pub note: String,
    /// Art. 12: the standing council's session date (`YYYY-MM-DD`), for every `approved`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub council_date: Option<String>,
    /// Art. 12: the council's resolution number (1–60 characters), for every `approved`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub resolution: Option<String>,
    /// Art. 11: the directions decided at an application's approval (default: those applied for).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub directions: Option<Vec<String>>,
    /// Art. 24: the grounds (1–4) of an `unqualified` evaluation.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub grounds: Option<Vec<i64>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionDone {
    pub id: String,
    pub status: Status,
    /// A certified application: the base created in the registry.
    pub base_id: Option<String>,
    /// A certified application: its certificate's number.
    #[cfg_attr(feature = "serde", serde(default))]
    pub certificate: Option<String>,
}

/// `POST /admin/submissions/{id}/reveal`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealBody {
    /// The JSON Pointer of a masked field (the detail's `masked_fields`).
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revealed {
    pub path: String,
    pub value: Option<String>,
}
