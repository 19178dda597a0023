//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` attributes and the
//! schema types below. The report types live in the rules crate (which stays free of HTTP
//! concerns), so their wire shape is described here; a test checks the two agree.

use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

/// Every check's answer (FORMS.md, "Issue report").
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ReportDoc {
    /// `application`, `director_appointment`, `direction_change`, `annual_assessment` or
    /// `evaluation` (empty when the kind in the URL is unknown).
    pub kind: String,
    /// No issue of severity `error`.
    pub valid: bool,
    /// In the form's field order, then rule id.
    pub issues: Vec<IssueDoc>,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct IssueDoc {
    /// Stable rule id, e.g. `art7.3.capacity` or `input.malformed_json`.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// JSON Pointer (RFC 6901) into the document; `""` for the whole form.
    pub path: String,
    /// The article of the Measures, e.g. `第七条（三）`; `null` for the generic checks
    /// (`text.*`, `contact.*`, `input.*`, `id.*` where no article owns the field), which check
    /// the form's plumbing, not an obligation of the Measures.
    pub article: Option<String>,
    /// In the requested locale.
    pub message: String,
    /// Typed parameters of the message (counts, limits, codes; never the input's text).
    #[schema(value_type = Object)]
    pub params: serde_json::Value,
}

/// `201` answer of a submission.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct SubmittedDoc {
    pub id: String,
    /// Always `submitted` for a new submission.
    pub status: String,
    /// The receipt token: keep it to see the submission's status
    /// (`GET /api/v1/submissions/{id}` with `X-Receipt`). The server stores only its hash.
    pub receipt: String,
    /// The warnings (with their justifications) and infos it was accepted with.
    pub issues: Vec<IssueDoc>,
}

/// `GET /catalog`.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct CatalogDoc {
    pub ruleset_version: String,
    /// id, article (zh, en), severity, scope, summary, the forms and fields it reads, messages.
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<serde_json::Value>,
    /// version, source, categories and directions `{code, category, name_zh, name_en}`.
    #[schema(value_type = Object)]
    pub positions: serde_json::Value,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "AII training-base forms API",
        description = "Forms of the AII Training Base Management Measures: every submission is re-checked by the rules crate, accepted ones are stored with their report. Messages in zh-CN (default) or en.",
    ),
    paths(
        crate::api::catalog,
        crate::api::validate,
        crate::api::submit,
        crate::api::submission,
        crate::api::resubmit,
        crate::api::withdraw,
        crate::api::healthz,
        crate::api::openapi,
        crate::admin::login,
        crate::admin::logout,
        crate::admin::session,
        crate::admin::list,
        crate::admin::detail,
        crate::admin::decide,
        crate::admin::reveal,
        crate::admin::export_csv,
        crate::admin::export_xlsx,
        crate::registry::public_registry,
        crate::registry::admin_registry,
        crate::registry::admin_registry_due,
        crate::registry::admin_registry_base,
    ),
    components(schemas(
        ReportDoc,
        IssueDoc,
        SubmittedDoc,
        CatalogDoc,
        crate::api::SubmissionStatus,
        crate::api::BaseRef,
        crate::api::HistoryItem,
        crate::api::SubmittedDocument,
        crate::api::Health,
        crate::api::Resubmitted,
        crate::api::Withdrawn,
        crate::admin::LoginBody,
        crate::admin::SessionInfo,
        crate::admin::ListPage,
        crate::admin::ListItem,
        crate::admin::Detail,
        crate::admin::AuditView,
        crate::admin::DecisionBody,
        crate::admin::DecisionDone,
        crate::admin::RevealBody,
        crate::admin::Revealed,
        crate::review::Justified,
        crate::repo::AuditEntry,
        crate::registry::PublicRegistry,
        crate::registry::PublicBase,
        crate::registry::BaseStatus,
        crate::registry::RegistryList,
        crate::registry::RegistryEntry,
        crate::registry::UnitRef,
        crate::registry::PartnerRef,
        crate::registry::OfficerRef,
        crate::registry::AnnualFiling,
        crate::registry::EvaluationRef,
        crate::registry::DueList,
        crate::registry::EvaluationDue,
        crate::registry::AnnualMissing,
        crate::registry::TermEnding,
    ))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}
