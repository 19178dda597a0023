//! Attachments' wire types (issue 25, item 3): a file uploaded first (`POST /uploads`), named
//! by its token in the submit that binds it, then listed with the submission for its applicant,
//! the secretariat and its experts.

use alloc::string::String;

/// `201` to `POST /uploads`: the file is stored, not yet part of any submission.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Uploaded {
    /// Send it in the submit's (or resubmit's) `X-Attachments` header to attach the file; the
    /// server keeps only its hash. Unused, the upload is deleted after `expires_at`.
    pub token: String,
    /// The attachment's id once bound (and in resubmissions' `X-Attachments`, to keep it).
    pub id: String,
    pub name: String,
    /// From the file's content: `application/pdf`, `image/jpeg` or `image/png`.
    pub media_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
}

/// An attachment of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: String,
    pub name: String,
    /// `application/pdf`, `image/jpeg` or `image/png` (from the content).
    pub media_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex; part of the submission's content hash.
    pub sha256: String,
    /// RFC 3339, UTC: when it was uploaded.
    pub uploaded_at: String,
}
