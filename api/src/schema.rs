//! The schemas of what the rules crate writes (a report, its issues, the catalogue): the rules
//! crate stays free of HTTP concerns, so their wire shape is described here for the OpenAPI
//! document; a test in the server checks the two agree.

use alloc::string::String;
use alloc::vec::Vec;

/// Every check's answer (FORMS.md, "Issue report").
#[derive(serde::Serialize, utoipa::ToSchema)]
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

#[derive(serde::Serialize, utoipa::ToSchema)]
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

/// `GET /catalog`.
#[derive(serde::Serialize, utoipa::ToSchema)]
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
