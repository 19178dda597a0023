//! The five forms as one enum: each kind's names, shape and registry.

use alloc::vec::Vec;

use crate::forms::FormType;
use crate::forms::{ANNUAL_ASSESSMENT_SHAPE, APPLICATION_SHAPE, DIRECTION_CHANGE_SHAPE, DIRECTOR_APPOINTMENT_SHAPE, EVALUATION_SHAPE};
use crate::rules::Rule;
use crate::shape::Shape;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormKind {
    Application,
    DirectorAppointment,
    DirectionChange,
    AnnualAssessment,
    Evaluation,
}

impl FormKind {
    pub const ALL: [FormKind; 5] =
        [FormKind::Application, FormKind::DirectorAppointment, FormKind::DirectionChange, FormKind::AnnualAssessment, FormKind::Evaluation];

    /// The name in reports and JSON: `application`, `director_appointment`, `direction_change`.
    pub fn name(self) -> &'static str {
        match self {
            FormKind::Application => "application",
            FormKind::DirectorAppointment => "director_appointment",
            FormKind::DirectionChange => "direction_change",
            FormKind::AnnualAssessment => "annual_assessment",
            FormKind::Evaluation => "evaluation",
        }
    }

    /// The name in URLs: `application`, `director-appointment`, `direction-change`.
    pub fn slug(self) -> &'static str {
        match self {
            FormKind::Application => "application",
            FormKind::DirectorAppointment => "director-appointment",
            FormKind::DirectionChange => "direction-change",
            FormKind::AnnualAssessment => "annual-assessment",
            FormKind::Evaluation => "evaluation",
        }
    }

    /// Accepts either spelling.
    pub fn parse(s: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.name() == s || k.slug() == s)
    }

    pub fn shape(self) -> &'static Shape {
        match self {
            FormKind::Application => &APPLICATION_SHAPE,
            FormKind::DirectorAppointment => &DIRECTOR_APPOINTMENT_SHAPE,
            FormKind::DirectionChange => &DIRECTION_CHANGE_SHAPE,
            FormKind::AnnualAssessment => &ANNUAL_ASSESSMENT_SHAPE,
            FormKind::Evaluation => &EVALUATION_SHAPE,
        }
    }

    /// The field patterns a rule reads in this form (one entry per registry line using it).
    pub fn reads_of(self, rule_id: &str) -> Vec<&'static [&'static str]> {
        fn of<K: FormType>(rules: &'static [Rule<K>], id: &str) -> Vec<&'static [&'static str]> {
            rules.iter().filter(|r| r.meta.id == id).map(|r| r.reads).collect()
        }
        match self {
            FormKind::Application => of(crate::rules::registry::APPLICATION, rule_id),
            FormKind::DirectorAppointment => of(crate::rules::registry::DIRECTOR_APPOINTMENT, rule_id),
            FormKind::DirectionChange => of(crate::rules::registry::DIRECTION_CHANGE, rule_id),
            FormKind::AnnualAssessment => of(crate::rules::registry::ANNUAL_ASSESSMENT, rule_id),
            FormKind::Evaluation => of(crate::rules::registry::EVALUATION, rule_id),
        }
    }
}
