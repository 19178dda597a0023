//! The council, the certificate and published results (PROCEDURE.md, Arts. 11, 12, 24, 25):
//! `GET /verify/{number}` and `GET /results` (public), `POST /admin/registry/{id}/revocation`.

use alloc::string::String;
use alloc::vec::Vec;

use crate::registry::{BaseStatus, PublishedResult};

/// `GET /verify/{number}`: a certificate (证牌) and whether its base is certified or revoked now.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verified {
    /// `AII-TB-{year}-{NNN}`.
    pub number: String,
    /// `certified` or `revoked`.
    pub status: BaseStatus,
    /// The Art. 12 full name.
    pub name: String,
    /// The responsible unit.
    pub unit: String,
    /// The decided directions (catalogue codes).
    pub directions: Vec<String>,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// `YYYY-MM-DD`, once revoked.
    pub revoked_on: Option<String>,
    pub base_id: String,
}

/// `GET /results`: every result, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Results {
    pub results: Vec<PublishedResult>,
}

/// `POST /admin/registry/{id}/revocation`: a direct revocation (Art. 24 (2) or (4)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationBody {
    /// Art. 24's grounds: only 2 and 4 here.
    pub grounds: Vec<i64>,
    /// Why (1–2000 characters).
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationDone {
    pub base_id: String,
    /// `YYYY-MM-DD`.
    pub revoked_on: String,
}
