//! The base's own page (`GET /bases/{id}/own` with the base's key) and the secretariat's
//! replacement of that key (`POST /admin/registry/{id}/key`).

use alloc::string::String;
use alloc::vec::Vec;

use crate::registry::RegistryEntry;
use crate::{FormKind, Status};

/// `GET /bases/{id}/own`: everything the responsible unit sees of its base.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BasePage {
    /// The server's date (Beijing) the page is relative to, `YYYY-MM-DD`.
    pub as_of: String,
    /// The registry entry: names, units, directions, officers and their terms, filings,
    /// published results.
    pub base: RegistryEntry,
    /// Its certificate (Art. 12), when one was issued here.
    pub certificate: Option<CertificateLinks>,
    /// Every submission about the base (its application included), oldest first.
    pub submissions: Vec<BaseSubmission>,
    /// What is due, by date.
    pub due: Vec<DueItem>,
}

/// A certificate's number and pages.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateLinks {
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// The printable certificate: `/certificate/{number}`.
    pub print_page: String,
    /// The public verification page (its QR code's target): `{public URL}/verify/{number}`.
    pub verify_page: String,
}

/// One submission of the base.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseSubmission {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: FormKind,
    pub status: Status,
    /// The year (annual assessment, training plan), the first year of the period (evaluation)
    /// or the selection year (application).
    pub year: Option<i64>,
    /// RFC 3339, UTC.
    pub submitted_at: String,
    pub updated_at: String,
}

/// What a due item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DueKind {
    /// Art. 22: last year's annual assessment.
    AnnualAssessment,
    /// Art. 23: the three-yearly evaluation of a period.
    Evaluation,
    /// Art. 16: this year's training plan.
    TrainingPlan,
    /// Art. 15: a director's or deputy's term ending within 90 days.
    TermEnding,
}

impl DueKind {
    /// The name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::AnnualAssessment => "annual_assessment",
            DueKind::Evaluation => "evaluation",
            DueKind::TrainingPlan => "training_plan",
            DueKind::TermEnding => "term_ending",
        }
    }

    pub fn parse(s: &str) -> Option<DueKind> {
        [DueKind::AnnualAssessment, DueKind::Evaluation, DueKind::TrainingPlan, DueKind::TermEnding].into_iter().find(|k| k.as_str() == s)
    }

    /// The form that does it, by its name in URLs (`/apply/{form}?base_id=…`).
    pub fn form(self) -> &'static str {
        match self {
            DueKind::AnnualAssessment => "annual-assessment",
            DueKind::Evaluation => "evaluation",
            DueKind::TrainingPlan => "training-plan",
            DueKind::TermEnding => "director-appointment",
        }
    }
}

/// One thing the base must file, with its date and whether it is done.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueItem {
    pub kind: DueKind,
    /// The form that does it (`annual-assessment`, `evaluation`, `training-plan`,
    /// `director-appointment`): the page's button opens `/apply/{form}?base_id={id}`.
    pub form: String,
    /// The year of an annual assessment or a training plan, the first year of an evaluation's
    /// period.
    pub year: Option<i64>,
    /// The last year of an evaluation's period.
    pub to_year: Option<i64>,
    /// `director` or `deputy_director`, and the name, of a term ending.
    pub role: Option<String>,
    pub name: Option<String>,
    /// The deadline (the term's last day for a term), `YYYY-MM-DD`.
    pub due_on: String,
    /// Filed (and not returned, withdrawn or refused), or for a term, the next term on record.
    pub done: bool,
    /// Not done and the date has passed.
    pub overdue: bool,
    /// The submission that did it, when it is one.
    pub submission_id: Option<String>,
}

/// `POST /admin/registry/{id}/key`: the base's new key, shown once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseKeyIssued {
    pub base_id: String,
    /// The base's page with the new key in its fragment: `{public URL}/base/{id}#{key}`. The
    /// key is stored only as a hash: this is the one time it is shown. The previous key no
    /// longer opens the page.
    pub link: String,
}
