//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` attributes and the wire
//! types of `aii-api` (the report's shape there too: `aii_api::schema`).

use utoipa::OpenApi;

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
        crate::certificate::verify,
        crate::certificate::qr,
        crate::certificate::results,
        crate::certificate::revoke,
    ),
    components(schemas(
        aii_api::schema::ReportDoc,
        aii_api::schema::IssueDoc,
        aii_api::schema::CatalogDoc,
        aii_api::Status,
        aii_api::Submitted,
        aii_api::SubmissionStatus,
        aii_api::BaseRef,
        aii_api::HistoryItem,
        aii_api::SubmittedDocument,
        aii_api::Health,
        aii_api::Resubmitted,
        aii_api::Withdrawn,
        aii_api::desk::LoginBody,
        aii_api::desk::SessionInfo,
        aii_api::desk::ListPage,
        aii_api::desk::ListItem,
        aii_api::desk::Detail,
        aii_api::desk::AuditView,
        aii_api::desk::DecisionBody,
        aii_api::desk::DecisionDone,
        aii_api::desk::RevealBody,
        aii_api::desk::Revealed,
        aii_api::desk::Justified,
        aii_api::registry::PublicRegistry,
        aii_api::registry::PublicBase,
        aii_api::registry::BaseStatus,
        aii_api::registry::RegistryList,
        aii_api::registry::RegistryEntry,
        aii_api::registry::UnitRef,
        aii_api::registry::PartnerRef,
        aii_api::registry::OfficerRef,
        aii_api::registry::AnnualFiling,
        aii_api::registry::EvaluationRef,
        aii_api::registry::DueList,
        aii_api::registry::EvaluationDue,
        aii_api::registry::AnnualMissing,
        aii_api::registry::TermEnding,
        aii_api::council::Verified,
        aii_api::registry::PublishedResult,
        aii_api::council::Results,
        aii_api::council::RevocationBody,
        aii_api::council::RevocationDone,
    ))
)]
pub struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}
