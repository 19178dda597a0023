//! The five forms of this release as typed values borrowed from the submitted document, and
//! their shapes (field order, types, limits) as FORMS.md names them.
//!
//! Reading a document into a form never fails: each field is a [`Val`] that is present,
//! missing (absent, `null` or blank), of the wrong JSON type (already reported by the shape
//! walk, so rules stay silent about it), or invalid (text outside an enumeration, reported by
//! the field's own rule).

use alloc::vec::Vec;

use crate::date::Date;
use crate::json::Value;
use crate::shape::{BOOL, DATE, Field, INT, NAME, Shape, TEXT, Ty, f};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Val<T> {
    Missing,
    WrongType,
    Invalid,
    Ok(T),
}

impl<T> Val<T> {
    pub fn ok(&self) -> Option<&T> {
        match self {
            Val::Ok(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_missing(&self) -> bool {
        matches!(self, Val::Missing)
    }
    pub fn is_present(&self) -> bool {
        !self.is_missing()
    }
}

impl<T: Copy> Val<T> {
    pub fn get(&self) -> Option<T> {
        self.ok().copied()
    }
}

/// A read-only view of one object of the document (or of its absence).
#[derive(Clone, Copy)]
pub(crate) enum O<'a> {
    Missing,
    WrongType,
    Ok(&'a Value),
    /// An object of which only some keys are read: the others read as absent.
    Partial(&'a Value, &'a dyn Fn(&str) -> bool),
}

impl<'a> O<'a> {
    pub(crate) fn root(v: &'a Value) -> O<'a> {
        O::of(Some(v))
    }

    /// This object, of which only the keys `want` names are read (partial reads).
    fn only(self, want: &'a dyn Fn(&str) -> bool) -> O<'a> {
        match self {
            O::Ok(v) => O::Partial(v, want),
            other => other,
        }
    }

    fn of(v: Option<&'a Value>) -> O<'a> {
        match v {
            None | Some(Value::Null) => O::Missing,
            Some(v @ Value::Object(_)) => O::Ok(v),
            Some(_) => O::WrongType,
        }
    }

    fn raw(self, key: &str) -> Result<Option<&'a Value>, ()> {
        match self {
            O::Missing => Ok(None),
            O::WrongType => Err(()),
            O::Ok(v) => Ok(v.get(key)),
            O::Partial(v, want) => Ok(if want(key) { v.get(key) } else { None }),
        }
    }

    pub(crate) fn obj(self, key: &str) -> O<'a> {
        match self.raw(key) {
            Ok(v) => O::of(v),
            Err(()) => O::WrongType,
        }
    }

    pub(crate) fn text(self, key: &str) -> Val<&'a str> {
        text_of(self.raw(key))
    }

    pub(crate) fn int(self, key: &str) -> Val<i64> {
        match self.raw(key) {
            Err(()) => Val::WrongType,
            Ok(None | Some(Value::Null)) => Val::Missing,
            Ok(Some(Value::Int(n))) => Val::Ok(*n),
            Ok(Some(_)) => Val::WrongType,
        }
    }

    pub(crate) fn boolean(self, key: &str) -> Val<bool> {
        match self.raw(key) {
            Err(()) => Val::WrongType,
            Ok(None | Some(Value::Null)) => Val::Missing,
            Ok(Some(Value::Bool(b))) => Val::Ok(*b),
            Ok(Some(_)) => Val::WrongType,
        }
    }

    pub(crate) fn date(self, key: &str) -> Val<Date> {
        match self.text(key) {
            Val::Ok(s) => Date::parse(s).map_or(Val::Invalid, Val::Ok),
            Val::Missing => Val::Missing,
            _ => Val::WrongType,
        }
    }

    pub(crate) fn choice<T>(self, key: &str, parse: fn(&str) -> Option<T>) -> Val<T> {
        match self.text(key) {
            Val::Ok(s) => parse(s).map_or(Val::Invalid, Val::Ok),
            Val::Missing => Val::Missing,
            _ => Val::WrongType,
        }
    }

    pub(crate) fn list<T>(self, key: &str, item: impl Fn(O<'a>) -> T) -> Val<Vec<T>> {
        self.items(key, |v| item(O::of(Some(v))))
    }

    pub(crate) fn texts(self, key: &str) -> Val<Vec<Val<&'a str>>> {
        self.items(key, |v| text_of(Ok(Some(v))))
    }

    fn items<T>(self, key: &str, item: impl Fn(&'a Value) -> T) -> Val<Vec<T>> {
        match self.raw(key) {
            Err(()) => Val::WrongType,
            Ok(None | Some(Value::Null)) => Val::Missing,
            Ok(Some(Value::Array(items))) => Val::Ok(items.iter().map(item).collect()),
            Ok(Some(_)) => Val::WrongType,
        }
    }
}

fn text_of(v: Result<Option<&Value>, ()>) -> Val<&str> {
    match v {
        Err(()) => Val::WrongType,
        Ok(None | Some(Value::Null)) => Val::Missing,
        // Text holding U+0000 is the shape walk's `input.type` (reason `nul`).
        Ok(Some(Value::Str(s))) if s.bytes().any(|b| b == 0) => Val::WrongType,
        Ok(Some(Value::Str(s))) => {
            let t = crate::util::trim(s);
            if t.is_empty() { Val::Missing } else { Val::Ok(t) }
        }
        Ok(Some(_)) => Val::WrongType,
    }
}

/// Counts characters of present text (0 for anything else).
pub fn chars(v: &Val<&str>) -> usize {
    v.ok().map_or(0, |s| crate::util::char_count(s))
}

/// Whether present text has fewer than `min` characters (`chars(v) < min`), counting them
/// only when its length in bytes cannot tell: a character is one to four bytes.
pub fn fewer_chars(v: &Val<&str>, min: usize) -> bool {
    match v.ok() {
        Some(s) if s.len() < min => true,
        Some(s) if s.len() >= min.saturating_mul(4) => false,
        _ => chars(v) < min,
    }
}

macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? } $codes:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }
        pub const $codes: &[&str] = &[$($code),+];
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }
    };
}

choice_enum!(
    /// Art. 4: the kinds of unit a base is built on.
    UnitKind { Enterprise = "enterprise", University = "university", VocationalCollege = "vocational_college", ResearchInstitute = "research_institute" }
    UNIT_KINDS
);
choice_enum!(
    /// Art. 7(5): the unit's part in an alliance research output.
    OutputRole { Lead = "lead", Deep = "deep", Participant = "participant" }
    OUTPUT_ROLES
);
choice_enum!(
    /// Art. 14.
    Role { Director = "director", DeputyDirector = "deputy_director" }
    ROLES
);
choice_enum!(
    /// Art. 14: who recommends the appointee.
    Relation { Responsible = "responsible", Partner = "partner" }
    RELATIONS
);

// ---------------------------------------------------------------------------------------------
// application

#[derive(Clone, Debug, PartialEq)]
pub struct Application<'a> {
    pub cycle: Val<i64>,
    pub unit: Unit<'a>,
    pub partners: Val<Vec<Partner<'a>>>,
    pub contact: Contact<'a>,
    pub base_short_name: Val<&'a str>,
    pub directions: Val<Vec<Val<&'a str>>>,
    pub positioning: Val<&'a str>,
    pub construction_plan: Val<&'a str>,
    pub local_demand: Val<&'a str>,
    pub facilities: Facilities<'a>,
    pub lead_teacher: LeadTeacher<'a>,
    pub instructors: Val<Vec<Instructor<'a>>>,
    pub team_note: Val<&'a str>,
    pub research_outputs: Val<Vec<ResearchOutput<'a>>>,
    pub related_majors: Val<Vec<Val<&'a str>>>,
    pub enterprise_capability: Val<&'a str>,
    pub promotion_capability: Val<&'a str>,
    pub employment_guidance: Val<&'a str>,
    pub declaration: Val<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Unit<'a> {
    pub name: Val<&'a str>,
    pub uscc: Val<&'a str>,
    pub kind: Val<UnitKind>,
    pub kind_note: Val<&'a str>,
    pub address: Val<&'a str>,
    pub postal_code: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Partner<'a> {
    pub name: Val<&'a str>,
    pub uscc: Val<&'a str>,
    pub kind: Val<UnitKind>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Contact<'a> {
    pub name: Val<&'a str>,
    pub phone: Val<&'a str>,
    pub email: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Facilities<'a> {
    pub site_area_m2: Val<i64>,
    pub simultaneous_trainees: Val<i64>,
    pub equipment: Val<Vec<Equipment<'a>>>,
    pub annual_funding_cny: Val<i64>,
    pub funding_source: Val<&'a str>,
    pub management_rules: Val<Vec<Val<&'a str>>>,
    pub capacity_note: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Equipment<'a> {
    pub name: Val<&'a str>,
    pub model: Val<&'a str>,
    pub quantity: Val<i64>,
    pub stations: Val<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadTeacher<'a> {
    pub name: Val<&'a str>,
    pub title: Val<&'a str>,
    pub experience: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Instructor<'a> {
    pub name: Val<&'a str>,
    pub birth_date: Val<Date>,
    pub title: Val<&'a str>,
    pub field: Val<&'a str>,
    pub fixed: Val<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResearchOutput<'a> {
    pub title: Val<&'a str>,
    pub year: Val<i64>,
    pub role: Val<OutputRole>,
    pub direction: Val<&'a str>,
}

const UNIT_SHAPE: &[Field] = &[
    f("name", NAME),
    f("uscc", NAME),
    f("kind", Shape::Leaf(Ty::Enum(UNIT_KINDS))),
    f("kind_note", TEXT),
    f("address", TEXT),
    f("postal_code", NAME),
];
const PARTNER_SHAPE: &[Field] = &[f("name", NAME), f("uscc", NAME), f("kind", Shape::Leaf(Ty::Enum(UNIT_KINDS)))];
const CONTACT_SHAPE: &[Field] = &[f("name", NAME), f("phone", NAME), f("email", NAME)];
const EQUIPMENT_SHAPE: &[Field] = &[f("name", NAME), f("model", NAME), f("quantity", INT), f("stations", INT)];
const FACILITIES_SHAPE: &[Field] = &[
    f("site_area_m2", INT),
    f("simultaneous_trainees", INT),
    f("equipment", Shape::List(&Shape::Obj(EQUIPMENT_SHAPE))),
    f("annual_funding_cny", INT),
    f("funding_source", TEXT),
    f("management_rules", Shape::List(&NAME)),
    f("capacity_note", TEXT),
];
const LEAD_SHAPE: &[Field] = &[f("name", NAME), f("title", NAME), f("experience", TEXT)];
const INSTRUCTOR_SHAPE: &[Field] = &[f("name", NAME), f("birth_date", DATE), f("title", NAME), f("field", NAME), f("fixed", BOOL)];
const OUTPUT_SHAPE: &[Field] = &[f("title", NAME), f("year", INT), f("role", Shape::Leaf(Ty::Enum(OUTPUT_ROLES))), f("direction", NAME)];

pub static APPLICATION_SHAPE: Shape = Shape::Obj(&[
    f("cycle", INT),
    f("unit", Shape::Obj(UNIT_SHAPE)),
    f("partners", Shape::List(&Shape::Obj(PARTNER_SHAPE))),
    f("contact", Shape::Obj(CONTACT_SHAPE)),
    f("base_short_name", NAME),
    f("directions", Shape::List(&NAME)),
    f("positioning", TEXT),
    f("construction_plan", TEXT),
    f("local_demand", TEXT),
    f("facilities", Shape::Obj(FACILITIES_SHAPE)),
    f("lead_teacher", Shape::Obj(LEAD_SHAPE)),
    f("instructors", Shape::List(&Shape::Obj(INSTRUCTOR_SHAPE))),
    f("team_note", TEXT),
    f("research_outputs", Shape::List(&Shape::Obj(OUTPUT_SHAPE))),
    f("related_majors", Shape::List(&NAME)),
    f("enterprise_capability", TEXT),
    f("promotion_capability", TEXT),
    f("employment_guidance", TEXT),
    f("declaration", BOOL),
]);

impl<'a> Application<'a> {
    pub fn read(doc: &'a Value) -> Self {
        Self::read_some(doc, &|_| true)
    }

    /// Reads only the top-level fields `want` names; the others read as missing (a field
    /// re-check runs only rules that read none of them).
    pub fn read_some(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Self {
        let o = O::root(doc).only(want);
        let u = o.obj("unit");
        let c = o.obj("contact");
        let fa = o.obj("facilities");
        let l = o.obj("lead_teacher");
        Application {
            cycle: o.int("cycle"),
            unit: Unit {
                name: u.text("name"),
                uscc: u.text("uscc"),
                kind: u.choice("kind", UnitKind::parse),
                kind_note: u.text("kind_note"),
                address: u.text("address"),
                postal_code: u.text("postal_code"),
            },
            partners: o.list("partners", |p| Partner {
                name: p.text("name"),
                uscc: p.text("uscc"),
                kind: p.choice("kind", UnitKind::parse),
            }),
            contact: Contact { name: c.text("name"), phone: c.text("phone"), email: c.text("email") },
            base_short_name: o.text("base_short_name"),
            directions: o.texts("directions"),
            positioning: o.text("positioning"),
            construction_plan: o.text("construction_plan"),
            local_demand: o.text("local_demand"),
            facilities: Facilities {
                site_area_m2: fa.int("site_area_m2"),
                simultaneous_trainees: fa.int("simultaneous_trainees"),
                equipment: fa.list("equipment", |e| Equipment {
                    name: e.text("name"),
                    model: e.text("model"),
                    quantity: e.int("quantity"),
                    stations: e.int("stations"),
                }),
                annual_funding_cny: fa.int("annual_funding_cny"),
                funding_source: fa.text("funding_source"),
                management_rules: fa.texts("management_rules"),
                capacity_note: fa.text("capacity_note"),
            },
            lead_teacher: LeadTeacher { name: l.text("name"), title: l.text("title"), experience: l.text("experience") },
            instructors: o.list("instructors", |i| Instructor {
                name: i.text("name"),
                birth_date: i.date("birth_date"),
                title: i.text("title"),
                field: i.text("field"),
                fixed: i.boolean("fixed"),
            }),
            team_note: o.text("team_note"),
            research_outputs: o.list("research_outputs", |r| ResearchOutput {
                title: r.text("title"),
                year: r.int("year"),
                role: r.choice("role", OutputRole::parse),
                direction: r.text("direction"),
            }),
            related_majors: o.texts("related_majors"),
            enterprise_capability: o.text("enterprise_capability"),
            promotion_capability: o.text("promotion_capability"),
            employment_guidance: o.text("employment_guidance"),
            declaration: o.boolean("declaration"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// director_appointment

#[derive(Clone, Debug, PartialEq)]
pub struct DirectorAppointment<'a> {
    pub base_id: Val<&'a str>,
    pub role: Val<Role>,
    pub appointee: Appointee<'a>,
    pub recommenders: Val<Vec<Recommender<'a>>>,
    pub term_start: Val<Date>,
    pub term_end: Val<Date>,
    pub on_site_months_per_year: Val<i64>,
    pub reappointment: Val<bool>,
    pub age_note: Val<&'a str>,
    pub on_site_note: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Appointee<'a> {
    pub name: Val<&'a str>,
    pub id_number: Val<&'a str>,
    pub birth_date: Val<Date>,
    pub title: Val<&'a str>,
    pub employer: Val<&'a str>,
    pub teaching_level: Val<&'a str>,
    pub management_ability: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recommender<'a> {
    pub name: Val<&'a str>,
    pub uscc: Val<&'a str>,
    pub relation: Val<Relation>,
}

const APPOINTEE_SHAPE: &[Field] = &[
    f("name", NAME),
    f("id_number", NAME),
    f("birth_date", DATE),
    f("title", NAME),
    f("employer", NAME),
    f("teaching_level", TEXT),
    f("management_ability", TEXT),
];
const RECOMMENDER_SHAPE: &[Field] = &[f("name", NAME), f("uscc", NAME), f("relation", Shape::Leaf(Ty::Enum(RELATIONS)))];

pub static DIRECTOR_APPOINTMENT_SHAPE: Shape = Shape::Obj(&[
    f("base_id", NAME),
    f("role", Shape::Leaf(Ty::Enum(ROLES))),
    f("appointee", Shape::Obj(APPOINTEE_SHAPE)),
    f("recommenders", Shape::List(&Shape::Obj(RECOMMENDER_SHAPE))),
    f("term_start", DATE),
    f("term_end", DATE),
    f("on_site_months_per_year", INT),
    f("reappointment", BOOL),
    f("age_note", TEXT),
    f("on_site_note", TEXT),
]);

impl<'a> DirectorAppointment<'a> {
    pub fn read(doc: &'a Value) -> Self {
        Self::read_some(doc, &|_| true)
    }

    /// Reads only the top-level fields `want` names (see [`Application::read_some`]).
    pub fn read_some(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Self {
        let o = O::root(doc).only(want);
        let a = o.obj("appointee");
        DirectorAppointment {
            base_id: o.text("base_id"),
            role: o.choice("role", Role::parse),
            appointee: Appointee {
                name: a.text("name"),
                id_number: a.text("id_number"),
                birth_date: a.date("birth_date"),
                title: a.text("title"),
                employer: a.text("employer"),
                teaching_level: a.text("teaching_level"),
                management_ability: a.text("management_ability"),
            },
            recommenders: o.list("recommenders", |r| Recommender {
                name: r.text("name"),
                uscc: r.text("uscc"),
                relation: r.choice("relation", Relation::parse),
            }),
            term_start: o.date("term_start"),
            term_end: o.date("term_end"),
            on_site_months_per_year: o.int("on_site_months_per_year"),
            reappointment: o.boolean("reappointment"),
            age_note: o.text("age_note"),
            on_site_note: o.text("on_site_note"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// direction_change

#[derive(Clone, Debug, PartialEq)]
pub struct DirectionChange<'a> {
    pub base_id: Val<&'a str>,
    pub current_directions: Val<Vec<Val<&'a str>>>,
    pub requested_directions: Val<Vec<Val<&'a str>>>,
    pub reason: Val<&'a str>,
    pub evidence: Val<Vec<Val<&'a str>>>,
    pub effective_date: Val<Date>,
}

pub static DIRECTION_CHANGE_SHAPE: Shape = Shape::Obj(&[
    f("base_id", NAME),
    f("current_directions", Shape::List(&NAME)),
    f("requested_directions", Shape::List(&NAME)),
    f("reason", TEXT),
    f("evidence", Shape::List(&TEXT)),
    f("effective_date", DATE),
]);

impl<'a> DirectionChange<'a> {
    pub fn read(doc: &'a Value) -> Self {
        Self::read_some(doc, &|_| true)
    }

    /// Reads only the top-level fields `want` names (see [`Application::read_some`]).
    pub fn read_some(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Self {
        let o = O::root(doc).only(want);
        DirectionChange {
            base_id: o.text("base_id"),
            current_directions: o.texts("current_directions"),
            requested_directions: o.texts("requested_directions"),
            reason: o.text("reason"),
            evidence: o.texts("evidence"),
            effective_date: o.date("effective_date"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// annual_assessment

choice_enum!(
    /// Art. 22: the responsible unit's result of its annual assessment.
    AssessmentResult { Excellent = "excellent", Good = "good", Pass = "pass", Fail = "fail" }
    ASSESSMENT_RESULTS
);

#[derive(Clone, Debug, PartialEq)]
pub struct AnnualAssessment<'a> {
    pub base_id: Val<&'a str>,
    pub year: Val<i64>,
    pub director_report: Val<&'a str>,
    pub director_on_site_months: Val<i64>,
    pub director_on_site_note: Val<&'a str>,
    pub courses_delivered: Val<i64>,
    pub trainees_enrolled: Val<i64>,
    pub trainees_assessed: Val<i64>,
    pub trainees_passed: Val<i64>,
    pub instructors: Val<i64>,
    pub fixed_instructors: Val<i64>,
    pub equipment_utilisation_pct: Val<i64>,
    pub open_activities: Val<i64>,
    pub funding_spent_cny: Val<i64>,
    pub result: Val<AssessmentResult>,
    pub assessing_unit: Val<&'a str>,
    pub remediation_plan: Val<&'a str>,
    pub declaration: Val<bool>,
}

pub static ANNUAL_ASSESSMENT_SHAPE: Shape = Shape::Obj(&[
    f("base_id", NAME),
    f("year", INT),
    f("director_report", TEXT),
    f("director_on_site_months", INT),
    f("director_on_site_note", TEXT),
    f("courses_delivered", INT),
    f("trainees_enrolled", INT),
    f("trainees_assessed", INT),
    f("trainees_passed", INT),
    f("instructors", INT),
    f("fixed_instructors", INT),
    f("equipment_utilisation_pct", INT),
    f("open_activities", INT),
    f("funding_spent_cny", INT),
    f("result", Shape::Leaf(Ty::Enum(ASSESSMENT_RESULTS))),
    f("assessing_unit", NAME),
    f("remediation_plan", TEXT),
    f("declaration", BOOL),
]);

impl<'a> AnnualAssessment<'a> {
    pub fn read(doc: &'a Value) -> Self {
        Self::read_some(doc, &|_| true)
    }

    /// Reads only the top-level fields `want` names (see [`Application::read_some`]).
    pub fn read_some(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Self {
        let o = O::root(doc).only(want);
        AnnualAssessment {
            base_id: o.text("base_id"),
            year: o.int("year"),
            director_report: o.text("director_report"),
            director_on_site_months: o.int("director_on_site_months"),
            director_on_site_note: o.text("director_on_site_note"),
            courses_delivered: o.int("courses_delivered"),
            trainees_enrolled: o.int("trainees_enrolled"),
            trainees_assessed: o.int("trainees_assessed"),
            trainees_passed: o.int("trainees_passed"),
            instructors: o.int("instructors"),
            fixed_instructors: o.int("fixed_instructors"),
            equipment_utilisation_pct: o.int("equipment_utilisation_pct"),
            open_activities: o.int("open_activities"),
            funding_spent_cny: o.int("funding_spent_cny"),
            result: o.choice("result", AssessmentResult::parse),
            assessing_unit: o.text("assessing_unit"),
            remediation_plan: o.text("remediation_plan"),
            declaration: o.boolean("declaration"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// evaluation

/// The figures an evaluation reports for each year of its period and in total (Art. 23).
pub const FIGURES: [&str; 7] = [
    "planned_tasks",
    "completed_tasks",
    "planned_courses",
    "completed_courses",
    "trainees_enrolled",
    "trainees_assessed",
    "trainees_passed",
];

/// One row of figures, in the order of [`FIGURES`].
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub values: [Val<i64>; 7],
}

impl Figures {
    fn read(o: O<'_>) -> Figures {
        // A loop rather than `FIGURES.map`: the widget's build then carries no array-map instance.
        let mut values = [Val::Missing; 7];
        for k in 0..7 {
            values[k] = o.int(FIGURES[k]);
        }
        Figures { values }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvaluationYear {
    pub year: Val<i64>,
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub from_year: Val<i64>,
    pub to_year: Val<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TeamBuilding<'a> {
    pub instructors_start: Val<i64>,
    pub instructors_end: Val<i64>,
    pub summary: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Openness<'a> {
    pub exchanges: Val<i64>,
    pub international_exchanges: Val<i64>,
    pub summary: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Management<'a> {
    pub equipment_utilisation_pct: Val<i64>,
    pub summary: Val<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation<'a> {
    pub base_id: Val<&'a str>,
    pub period: Period,
    pub years: Val<Vec<EvaluationYear>>,
    pub totals: Figures,
    /// Whether `totals` is present at all (an object), for the indicator rule.
    pub totals_present: bool,
    pub plan_completion: Val<&'a str>,
    pub team_building: TeamBuilding<'a>,
    pub openness: Openness<'a>,
    pub management: Management<'a>,
    pub violations: Val<Vec<Val<&'a str>>>,
    pub overdue_reason: Val<&'a str>,
    pub annual_note: Val<&'a str>,
    pub declaration: Val<bool>,
}

const FIGURE_FIELDS: [Field; 7] = [
    f("planned_tasks", INT),
    f("completed_tasks", INT),
    f("planned_courses", INT),
    f("completed_courses", INT),
    f("trainees_enrolled", INT),
    f("trainees_assessed", INT),
    f("trainees_passed", INT),
];
const YEAR_SHAPE: &[Field] = &[
    f("year", INT),
    FIGURE_FIELDS[0],
    FIGURE_FIELDS[1],
    FIGURE_FIELDS[2],
    FIGURE_FIELDS[3],
    FIGURE_FIELDS[4],
    FIGURE_FIELDS[5],
    FIGURE_FIELDS[6],
];

pub static EVALUATION_SHAPE: Shape = Shape::Obj(&[
    f("base_id", NAME),
    f("period", Shape::Obj(&[f("from_year", INT), f("to_year", INT)])),
    f("years", Shape::List(&Shape::Obj(YEAR_SHAPE))),
    f("totals", Shape::Obj(&FIGURE_FIELDS)),
    f("plan_completion", TEXT),
    f("team_building", Shape::Obj(&[f("instructors_start", INT), f("instructors_end", INT), f("summary", TEXT)])),
    f("openness", Shape::Obj(&[f("exchanges", INT), f("international_exchanges", INT), f("summary", TEXT)])),
    f("management", Shape::Obj(&[f("equipment_utilisation_pct", INT), f("summary", TEXT)])),
    f("violations", Shape::List(&TEXT)),
    f("overdue_reason", TEXT),
    f("annual_note", TEXT),
    f("declaration", BOOL),
]);

impl<'a> Evaluation<'a> {
    pub fn read(doc: &'a Value) -> Self {
        Self::read_some(doc, &|_| true)
    }

    /// Reads only the top-level fields `want` names (see [`Application::read_some`]).
    pub fn read_some(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Self {
        let o = O::root(doc).only(want);
        let p = o.obj("period");
        let t = o.obj("totals");
        let tb = o.obj("team_building");
        let op = o.obj("openness");
        let m = o.obj("management");
        Evaluation {
            base_id: o.text("base_id"),
            period: Period { from_year: p.int("from_year"), to_year: p.int("to_year") },
            years: o.list("years", |y| EvaluationYear { year: y.int("year"), figures: Figures::read(y) }),
            totals: Figures::read(t),
            totals_present: !matches!(t, O::Missing),
            plan_completion: o.text("plan_completion"),
            team_building: TeamBuilding {
                instructors_start: tb.int("instructors_start"),
                instructors_end: tb.int("instructors_end"),
                summary: tb.text("summary"),
            },
            openness: Openness {
                exchanges: op.int("exchanges"),
                international_exchanges: op.int("international_exchanges"),
                summary: op.text("summary"),
            },
            management: Management { equipment_utilisation_pct: m.int("equipment_utilisation_pct"), summary: m.text("summary") },
            violations: o.texts("violations"),
            overdue_reason: o.text("overdue_reason"),
            annual_note: o.text("annual_note"),
            declaration: o.boolean("declaration"),
        }
    }
}

/// A form type family: `Form<'a>` borrows from the document it was read from.
pub trait FormType: 'static {
    type Form<'a>;
    /// Reads the form, only the top-level fields `want` names (the rest as missing).
    fn read_some<'a>(doc: &'a crate::json::Value, want: &'a dyn Fn(&str) -> bool) -> Self::Form<'a>;
}

/// Type-family markers for the rule registries.
pub struct ApplicationForm;
pub struct DirectorAppointmentForm;
pub struct DirectionChangeForm;
pub struct AnnualAssessmentForm;
pub struct EvaluationForm;
impl FormType for ApplicationForm {
    type Form<'a> = Application<'a>;
    fn read_some<'a>(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Application<'a> {
        Application::read_some(doc, want)
    }
}
impl FormType for DirectorAppointmentForm {
    type Form<'a> = DirectorAppointment<'a>;
    fn read_some<'a>(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> DirectorAppointment<'a> {
        DirectorAppointment::read_some(doc, want)
    }
}
impl FormType for DirectionChangeForm {
    type Form<'a> = DirectionChange<'a>;
    fn read_some<'a>(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> DirectionChange<'a> {
        DirectionChange::read_some(doc, want)
    }
}
impl FormType for AnnualAssessmentForm {
    type Form<'a> = AnnualAssessment<'a>;
    fn read_some<'a>(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> AnnualAssessment<'a> {
        AnnualAssessment::read_some(doc, want)
    }
}
impl FormType for EvaluationForm {
    type Form<'a> = Evaluation<'a>;
    fn read_some<'a>(doc: &'a Value, want: &'a dyn Fn(&str) -> bool) -> Evaluation<'a> {
        Evaluation::read_some(doc, want)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_chars_counts_like_chars() {
        for text in ["", "a", "ab", "实训", "实训基地", "a实b训c", "𝄞𝄞", "abcdefgh", "实训基地实训基地"] {
            for v in [Val::Ok(text), Val::Missing, Val::WrongType, Val::Invalid] {
                for min in 0..12 {
                    assert_eq!(fewer_chars(&v, min), chars(&v) < min, "{v:?} {min}");
                }
            }
        }
    }
}
