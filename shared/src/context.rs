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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfficerTerm {
    pub role: Role,
    pub start: Date,
    pub end: Date,
}
