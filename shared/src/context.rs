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
    /// Art. 8: the unit's standing in the three-year evaluation cycle holding the application's
    /// selection year (`cycle` field).
    pub unit_cycle: Option<UnitCycle>,
    /// The base a director appointment or direction change is about, from the registry.
    pub base: Option<BaseLookup>,
    /// Art. 21: whether another change request for the base is pending.
    pub pending_direction_change: Option<bool>,
    /// Art. 14: the terms of the base's pending appointments (submitted, not yet decided), the
    /// form's own submission left out. `None`: not looked up.
    pub pending_appointments: Option<Vec<OfficerTerm>>,
    /// Art. 22: whether the base already has an annual assessment on file for the form's year.
    pub annual_filed_for_year: Option<bool>,
    /// Art. 16: whether the base already has an approved training plan for the form's year.
    pub plan_approved_for_year: Option<bool>,
    /// Arts. 22–24: what an evaluation is checked against.
    pub evaluation: Option<EvaluationContext>,
    /// The day the submission was first submitted (a returned submission's resubmission keeps
    /// it): Arts. 10 and 24(2) judge lateness by it. `None`: `Options::today`.
    pub first_submitted_on: Option<Date>,
}

/// Art. 8: the evaluation cycle (Art. 23: three years) and whether the unit already holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitCycle {
    pub from_year: i64,
    pub to_year: i64,
    pub taken: CycleTaken,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CycleTaken {
    /// Neither an application nor a base of the unit in the cycle.
    Free,
    /// Another pending or successful application of the unit in the cycle.
    Applied,
    /// A base with the unit as responsible unit was certified in the cycle.
    Certified,
}

/// The evaluation cycle holding `year`: consecutive three-year spans counted from `origin`
/// (Art. 23's 每三年评估一次; the first year is configuration).
pub fn evaluation_cycle(origin: i64, year: i64) -> (i64, i64) {
    let from = origin + 3 * (year - origin).div_euclid(3);
    (from, from + 2)
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
