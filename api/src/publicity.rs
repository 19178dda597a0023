//! Publicity notices and public objections (PROCEDURE.md "Publicity and objections", Arts. 11,
//! 12): `GET /publicity` and `POST /publicity/items/{item}/objections` (public), and the
//! secretariat's `GET|POST /admin/notices`, `GET /admin/notices/{id}/objections`,
//! `POST /admin/objections/{id}/resolution`.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use aii_rules::FormKind;

/// `GET /publicity`: open notices and those closed in the last 30 days, newest first. Never an
/// objection or an objector.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicNotices {
    /// The server's date (Beijing), `YYYY-MM-DD`.
    pub today: String,
    pub notices: Vec<PublicNotice>,
}

/// A notice as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicNotice {
    pub id: i64,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day (start + `--publicity-days` − 1), `YYYY-MM-DD`.
    pub end_date: String,
    /// Calendar days.
    pub days: i64,
    /// Whether objections are accepted today (start ≤ today ≤ end).
    pub open: bool,
    pub items: Vec<PublicItem>,
}

/// One item of a notice (Art. 12: the base's full name, the units, the directions, the kind).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicItem {
    /// The item's id (the objection form's path).
    pub id: i64,
    /// `application` (a new base) or `direction_change`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    /// 工业互联网产业联盟XXXXX实训基地（责任单位）.
    pub full_name: String,
    pub responsible_unit: String,
    pub partners: Vec<String>,
    pub directions: Vec<DirectionName>,
}

/// A direction with its catalogue names.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectionName {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// `POST /publicity/items/{item}/objections`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewObjection {
    /// The objector's name, 1–40 characters.
    pub name: String,
    /// A mobile number or an e-mail address.
    pub contact: String,
    /// 20–2000 characters.
    pub reason: String,
    /// At most 10 lines of at most 500 characters.
    #[cfg_attr(feature = "serde", serde(default))]
    pub evidence: Vec<String>,
}

/// The answer to a filed objection: its reference number, nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectionFiled {
    pub reference: String,
}

/// `POST /admin/notices`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenNotice {
    /// `YYYY-MM-DD`, today or later.
    pub start_date: String,
    /// Submission ids: applications or direction changes under review or after a site check.
    pub items: Vec<String>,
    /// Per submission id, the directions published (1–3 catalogue codes); by default those
    /// applied for (requested).
    #[cfg_attr(feature = "serde", serde(default))]
    pub directions: BTreeMap<String, Vec<String>>,
}

/// `GET /admin/notices`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeList {
    pub today: String,
    pub notices: Vec<Notice>,
}

/// A notice as the secretariat sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i64,
    pub start_date: String,
    pub end_date: String,
    pub days: i64,
    pub open: bool,
    pub opened_by: String,
    /// RFC 3339.
    pub opened_at: String,
    pub items: Vec<NoticeItem>,
}

/// An item with its submission and its objections counted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeItem {
    pub id: i64,
    pub submission_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub full_name: String,
    pub responsible_unit: String,
    pub partners: Vec<String>,
    pub directions: Vec<String>,
    pub objections_open: i64,
    pub objections_upheld: i64,
    pub objections_dismissed: i64,
}

/// `GET /admin/notices/{id}/objections`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectionList {
    pub objections: Vec<Objection>,
}

/// An objection in full (the secretariat only).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Objection {
    pub id: i64,
    pub reference: String,
    pub item_id: i64,
    pub submission_id: String,
    pub full_name: String,
    pub objector_name: String,
    pub contact: String,
    pub reason: String,
    pub evidence: Vec<String>,
    /// RFC 3339.
    pub filed_at: String,
    /// `open`, `upheld` or `dismissed`.
    pub status: String,
    pub resolution_note: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
}

/// `POST /admin/objections/{id}/resolution`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resolution {
    /// `upheld` or `dismissed`.
    pub resolution: String,
    /// 1–2000 characters.
    pub note: String,
}
