//! What only the server knows, as plain data the context rules read. The server fills in what
//! it looked up; a part left `None` means "not looked up" and its rules stay silent.

use alloc::string::String;
use alloc::vec::Vec;

use crate::date::Date;
use crate::forms::Role;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// The open selection (Art. 10: one a year) with its window dates, from configuration.
    pub selection_window: Option<SelectionWindow>,
    /// Art. 8: whether the unit already has a (non-withdrawn) application in the form's cycle.
    pub unit_applied_in_cycle: Option<bool>,
    /// The base a director appointment or direction change is about, from the registry.
    pub base: Option<BaseLookup>,
    /// Art. 21: whether another change request for the base is pending.
    pub pending_direction_change: Option<bool>,
    /// Art. 22: whether the base already has an annual assessment on file for the form's year.
    pub annual_filed_for_year: Option<bool>,
    /// Arts. 22–24: what an evaluation is checked against.
    pub evaluation: Option<EvaluationContext>,
}

/// What the server knows about a base's three-yearly evaluation (Arts. 22–24).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvaluationContext {
    /// Art. 23: the year(s) the period may start in: for a first evaluation the year of
    /// certification or the next; otherwise the year after the last evaluated period.
    pub period_starts: Vec<i64>,
    /// The evaluation deadline of this period (configuration); `None`: not configured.
    pub deadline: Option<Date>,
    /// The years for which the base has an annual assessment on file.
    pub annual_years: Vec<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelectionWindow {
    pub cycle: i64,
    pub opens: Date,
    pub closes: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BaseLookup {
    NotFound,
    Found(BaseRecord),
}

/// A certified base as the registry holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct BaseRecord {
    pub id: String,
    pub revoked: bool,
    /// USCC of the responsible unit.
    pub responsible_uscc: String,
    /// Direction codes.
    pub directions: Vec<String>,
    /// USCCs of the registered partner units.
    pub partner_usccs: Vec<String>,
    /// Directors and deputies on record, with their terms.
    pub officers: Vec<OfficerTerm>,
    /// The day the base was certified (Art. 12), when known.
    pub certified_on: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfficerTerm {
    pub role: Role,
    pub start: Date,
    pub end: Date,
}
