//! The registry of bases (Chapter 6): `GET /registry` (public), `GET /admin/registry`,
//! `/admin/registry/due`, `/admin/registry/{id}`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::Status;

/// `GET /registry`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicRegistry {
    pub bases: Vec<PublicBase>,
}

/// A base as the public sees it: no people, no filings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicBase {
    pub id: String,
    /// The Art. 12 name: 工业互联网产业联盟XXXXX实训基地（责任单位）.
    pub full_name: String,
    /// The responsible unit.
    pub responsible_name: String,
    /// Direction codes of the position catalog.
    pub directions: Vec<String>,
    /// `certified` or `revoked` (Art. 25).
    pub status: BaseStatus,
    /// `YYYY-MM-DD`.
    pub certified_on: Option<String>,
    /// Its certificate's number (Art. 12), when one was issued here.
    #[cfg_attr(feature = "serde", serde(default))]
    pub certificate: Option<String>,
    /// Its published results (Art. 25), newest first.
    #[cfg_attr(feature = "serde", serde(default))]
    pub results: Vec<PublishedResult>,
}

/// A base's standing in the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BaseStatus {
    Certified,
    /// Art. 25: after an unqualified evaluation.
    Revoked,
}

impl BaseStatus {
    /// The name in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            BaseStatus::Certified => "certified",
            BaseStatus::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<BaseStatus> {
        [BaseStatus::Certified, BaseStatus::Revoked].into_iter().find(|b| b.as_str() == s)
    }
}

/// `GET /admin/registry`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistryList {
    pub bases: Vec<RegistryEntry>,
}

/// A base with everything on record about it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistryEntry {
    pub id: String,
    /// The XXXXX of the Art. 12 name.
    pub short_name: String,
    pub full_name: String,
    pub responsible_unit: UnitRef,
    pub partners: Vec<PartnerRef>,
    pub directions: Vec<String>,
    /// Directors and deputies on record, by the start of their term.
    pub officers: Vec<OfficerRef>,
    /// Annual assessments (Art. 22) by year (withdrawn ones left out).
    pub annual_filings: Vec<AnnualFiling>,
    /// Three-yearly evaluations (Art. 23) by period (withdrawn ones left out).
    pub evaluations: Vec<EvaluationRef>,
    /// `certified` or `revoked`.
    pub status: BaseStatus,
    /// `YYYY-MM-DD`.
    pub certified_on: Option<String>,
    /// `YYYY-MM-DD`, when revoked.
    pub revoked_on: Option<String>,
    /// Why (the expert opinion of the unqualified evaluation).
    pub revoked_reason: Option<String>,
    /// Its certificate's number (Art. 12), when one was issued here.
    #[cfg_attr(feature = "serde", serde(default))]
    pub certificate: Option<String>,
    /// Its published results (Art. 25), newest first.
    #[cfg_attr(feature = "serde", serde(default))]
    pub results: Vec<PublishedResult>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub name: String,
    pub uscc: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRef {
    pub name: String,
    pub uscc: String,
    /// One of the four kinds of Art. 4.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerRef {
    /// `director` or `deputy_director`.
    pub role: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub term_start: String,
    pub term_end: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnualFiling {
    pub year: i64,
    pub submission_id: String,
    /// `submitted`, `filed` or `returned`.
    pub status: Status,
    /// The responsible unit's result: `excellent`, `good`, `pass` or `fail`.
    pub result: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationRef {
    pub submission_id: String,
    pub from_year: i64,
    pub to_year: i64,
    /// `submitted`, `under_review`, `site_check`, `qualified`, `unqualified` or `returned`.
    pub status: Status,
}

/// `GET /admin/registry/due`: what the secretariat should chase, as of `as_of`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueList {
    /// The server's date (Beijing) the list is relative to, `YYYY-MM-DD`.
    pub as_of: String,
    /// The next evaluation of each certified base, not yet filed, whose deadline is within 90
    /// days or passed.
    pub evaluations_due: Vec<EvaluationDue>,
    /// Past years since certification without an annual assessment on file.
    pub annual_missing: Vec<AnnualMissing>,
    /// Directors' and deputies' terms ending within 90 days (no later term of theirs, or for a
    /// director no successor, on record).
    pub terms_ending: Vec<TermEnding>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationDue {
    pub base_id: String,
    pub full_name: String,
    pub from_year: i64,
    pub to_year: i64,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    /// Art. 24 (2): the deadline plus one calendar month has passed with nothing on file, so
    /// the base may be revoked directly (可撤销).
    #[cfg_attr(feature = "serde", serde(default))]
    pub revocable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnualMissing {
    pub base_id: String,
    pub full_name: String,
    pub year: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermEnding {
    pub base_id: String,
    pub full_name: String,
    /// `director` or `deputy_director`.
    pub role: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub term_end: String,
}

/// One published result (Art. 25): an evaluation's, or a direct revocation's (Art. 24).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedResult {
    pub base_id: String,
    /// The Art. 12 full name.
    pub base_name: String,
    /// The evaluation period, when there is one.
    pub from_year: Option<i64>,
    pub to_year: Option<i64>,
    /// `qualified`, `unqualified` or `revoked` (a direct revocation).
    pub result: String,
    /// `YYYY-MM-DD`.
    pub decided_on: String,
    /// Art. 24's grounds (1–4); empty when qualified.
    #[cfg_attr(feature = "serde", serde(default))]
    pub grounds: Vec<i64>,
}
