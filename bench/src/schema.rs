//! The JSON Schema (draft-07) of each form, for the peers (jsonschema-rs, ajv) to do the same
//! structural work as our check.
//!
//! Generated from the rules crate's own shapes (`FormKind::shape()`: fields, JSON types, length
//! limits, list limits, enumerations, unknown fields refused), then a small overlay of what the
//! shapes do not hold but FORMS.md and RULES.md state plainly: which fields are required, minimum
//! lengths and list sizes, numeric minimums, and the patterns of identifiers and dates. Required
//! only where the rules require a field unconditionally (conditional requirements such as "kind =
//! university → related majors" need `if/then` and are left out), so the schema is never
//! stricter than the rules: a test runs every generated document the rules find valid through
//! it.
//!
//! What the schema cannot say and the rules check (the reason our check does more work): check
//! characters of USCCs and ID numbers, calendar dates, ages, terms, sums, cross-field
//! consistency, justifications of warnings, the catalogue's codes against each other.
//!
//! Lengths: JSON Schema counts characters of the untrimmed string, the rules after trimming; the
//! corpus has no surrounding blanks, so both count the same.

use aii_rules::FormKind;
use aii_rules::shape::{LIST_MAX, Shape, Ty};
use serde_json::{Map, Value, json};

/// A constraint the shapes do not carry, at a pointer pattern (`*` = any index).
enum Extra {
    /// Present and not `null` (and, for text, not empty).
    Required,
    MinLength(u32),
    MinItems(u32),
    MaxItems(u32),
    /// A maximum below the shape's (the base's own name: 2–20 characters, Art. 12).
    MaxLength(u32),
    Minimum(i64),
    Maximum(i64),
    ExclusiveMinimum(i64),
    Pattern(&'static str),
    /// Strings drawn from the position catalogue's codes.
    CatalogCode,
}

use Extra::*;

// Identifiers: surrounding blanks are trimmed and lower case is accepted by the rules, so the
// patterns allow both. An empty string is "absent" for the rules: optional fields allow it.
const USCC: &str = r"^\s*[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{18}\s*$";
const RESIDENT: &str = r"^\s*([0-9]{17}[0-9Xx])?\s*$";
const DATE: &str = r"^\s*([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?\s*$";
const POSTAL: &str = r"^\s*[0-9]{6}\s*$";
const PHONE: &str = r"^\s*(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)\s*$";
const EMAIL: &str = r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$";

const APPLICATION: &[(&str, &[Extra])] = &[
    ("/cycle", &[Required, Minimum(2000)]),
    ("/unit", &[Required]),
    ("/unit/name", &[Required]),
    ("/unit/uscc", &[Required, Pattern(USCC)]),
    ("/unit/kind", &[Required]),
    ("/unit/address", &[Required]),
    ("/unit/postal_code", &[Required, Pattern(POSTAL)]),
    ("/partners/*/name", &[Required]),
    ("/partners/*/uscc", &[Required, Pattern(USCC)]),
    ("/partners/*/kind", &[Required]),
    ("/contact", &[Required]),
    ("/contact/name", &[Required]),
    ("/contact/phone", &[Required, Pattern(PHONE)]),
    ("/contact/email", &[Required, Pattern(EMAIL)]),
    ("/base_short_name", &[Required, MinLength(2), MaxLength(20)]),
    ("/directions", &[Required, MinItems(1), MaxItems(3)]),
    ("/directions/*", &[CatalogCode]),
    ("/positioning", &[Required, MinLength(50)]),
    ("/construction_plan", &[Required, MinLength(50)]),
    ("/local_demand", &[Required, MinLength(50)]),
    ("/facilities", &[Required]),
    ("/facilities/site_area_m2", &[Required, Minimum(0)]),
    ("/facilities/simultaneous_trainees", &[Required, Minimum(20)]),
    ("/facilities/equipment", &[Required, MinItems(1)]),
    ("/facilities/equipment/*/name", &[Required]),
    ("/facilities/equipment/*/quantity", &[Required, Minimum(1)]),
    ("/facilities/equipment/*/stations", &[Minimum(0)]),
    ("/facilities/annual_funding_cny", &[Required, ExclusiveMinimum(0)]),
    ("/facilities/funding_source", &[Required]),
    ("/facilities/management_rules", &[Required, MinItems(1)]),
    ("/lead_teacher", &[Required]),
    ("/lead_teacher/name", &[Required]),
    ("/lead_teacher/title", &[Required]),
    ("/lead_teacher/experience", &[Required, MinLength(30)]),
    ("/instructors", &[Required, MinItems(3)]),
    ("/instructors/*/name", &[Required]),
    ("/instructors/*/birth_date", &[Required, Pattern(DATE)]),
    ("/instructors/*/title", &[Required]),
    ("/instructors/*/field", &[Required]),
    ("/instructors/*/fixed", &[Required]),
    ("/research_outputs", &[Required, MinItems(1)]),
    ("/research_outputs/*/title", &[Required]),
    ("/research_outputs/*/year", &[Required]),
    ("/research_outputs/*/direction", &[Required, CatalogCode]),
    ("/promotion_capability", &[Required, MinLength(50)]),
    ("/employment_guidance", &[Required, MinLength(50)]),
    ("/declaration", &[Required]),
];

const DIRECTOR_APPOINTMENT: &[(&str, &[Extra])] = &[
    ("/base_id", &[Required]),
    ("/role", &[Required]),
    ("/appointee", &[Required]),
    ("/appointee/name", &[Required]),
    ("/appointee/id_number", &[Pattern(RESIDENT)]),
    ("/appointee/birth_date", &[Required, Pattern(DATE)]),
    ("/appointee/title", &[Required]),
    ("/appointee/employer", &[Required]),
    ("/appointee/teaching_level", &[Required, MinLength(30)]),
    ("/appointee/management_ability", &[Required, MinLength(30)]),
    ("/recommenders", &[Required, MinItems(1)]),
    ("/recommenders/*/name", &[Required]),
    ("/recommenders/*/uscc", &[Required, Pattern(USCC)]),
    ("/recommenders/*/relation", &[Required]),
    ("/term_start", &[Required, Pattern(DATE)]),
    ("/term_end", &[Required, Pattern(DATE)]),
    ("/on_site_months_per_year", &[Required, Minimum(0), Maximum(12)]),
];

const DIRECTION_CHANGE: &[(&str, &[Extra])] = &[
    ("/base_id", &[Required]),
    ("/current_directions", &[Required, MinItems(1)]),
    ("/requested_directions", &[Required, MinItems(1), MaxItems(3)]),
    ("/requested_directions/*", &[CatalogCode]),
    ("/reason", &[Required, MinLength(100)]),
    ("/evidence", &[Required, MinItems(1)]),
    ("/effective_date", &[Pattern(DATE)]),
];

const ANNUAL_ASSESSMENT: &[(&str, &[Extra])] = &[
    ("/base_id", &[Required]),
    ("/year", &[Required]),
    ("/director_report", &[Required, MinLength(200)]),
    ("/director_on_site_months", &[Required, Minimum(0), Maximum(12)]),
    ("/courses_delivered", &[Required, Minimum(0)]),
    ("/trainees_enrolled", &[Required, Minimum(0)]),
    ("/trainees_assessed", &[Required, Minimum(0)]),
    ("/trainees_passed", &[Required, Minimum(0)]),
    ("/instructors", &[Required, Minimum(0)]),
    ("/fixed_instructors", &[Required, Minimum(0)]),
    ("/equipment_utilisation_pct", &[Required, Minimum(0), Maximum(100)]),
    ("/open_activities", &[Required, Minimum(0)]),
    ("/funding_spent_cny", &[Required, Minimum(0)]),
    ("/result", &[Required]),
    ("/assessing_unit", &[Required]),
    ("/declaration", &[Required]),
];

// `year` is art16.plan_year's, a server rule: the local rules accept a plan without it.
const TRAINING_PLAN: &[(&str, &[Extra])] = &[
    ("/base_id", &[Required]),
    ("/goals", &[Required, MinLength(50)]),
    ("/tasks", &[Required, MinLength(50)]),
    ("/teaching_scheme", &[Required, MinLength(100)]),
    ("/courses", &[Required, MinItems(1)]),
    ("/courses/*/title", &[Required]),
    ("/courses/*/direction", &[Required, CatalogCode]),
    ("/courses/*/hours", &[Required, Minimum(1), Maximum(2000)]),
    ("/courses/*/trainees_planned", &[Required, Minimum(1), Maximum(10000)]),
];

const FIGURE: &[Extra] = &[Required, Minimum(0)];
const EVALUATION: &[(&str, &[Extra])] = &[
    ("/base_id", &[Required]),
    ("/period", &[Required]),
    ("/period/from_year", &[Required]),
    ("/period/to_year", &[Required]),
    ("/years", &[Required, MinItems(1)]),
    ("/years/*/year", &[Required]),
    ("/years/*/planned_tasks", FIGURE),
    ("/years/*/completed_tasks", FIGURE),
    ("/years/*/planned_courses", FIGURE),
    ("/years/*/completed_courses", FIGURE),
    ("/years/*/trainees_enrolled", FIGURE),
    ("/years/*/trainees_assessed", FIGURE),
    ("/years/*/trainees_passed", FIGURE),
    ("/totals", &[Required]),
    ("/totals/planned_tasks", FIGURE),
    ("/totals/completed_tasks", FIGURE),
    ("/totals/planned_courses", FIGURE),
    ("/totals/completed_courses", FIGURE),
    ("/totals/trainees_enrolled", FIGURE),
    ("/totals/trainees_assessed", FIGURE),
    ("/totals/trainees_passed", FIGURE),
    ("/plan_completion", &[Required, MinLength(50)]),
    ("/team_building", &[Required]),
    ("/team_building/instructors_start", FIGURE),
    ("/team_building/instructors_end", FIGURE),
    ("/team_building/summary", &[Required, MinLength(50)]),
    ("/openness", &[Required]),
    ("/openness/exchanges", FIGURE),
    ("/openness/international_exchanges", FIGURE),
    ("/openness/summary", &[Required, MinLength(50)]),
    ("/management", &[Required]),
    ("/management/equipment_utilisation_pct", &[Required, Minimum(0), Maximum(100)]),
    ("/management/summary", &[Required, MinLength(50)]),
    ("/declaration", &[Required]),
];

fn extras(kind: FormKind) -> &'static [(&'static str, &'static [Extra])] {
    match kind {
        FormKind::Application => APPLICATION,
        FormKind::DirectorAppointment => DIRECTOR_APPOINTMENT,
        FormKind::DirectionChange => DIRECTION_CHANGE,
        FormKind::AnnualAssessment => ANNUAL_ASSESSMENT,
        FormKind::Evaluation => EVALUATION,
        FormKind::TrainingPlan => TRAINING_PLAN,
    }
}

fn extras_at(kind: FormKind, pattern: &str) -> &'static [Extra] {
    extras(kind).iter().find(|(p, _)| *p == pattern).map_or(&[], |(_, e)| *e)
}

fn is_required(kind: FormKind, pattern: &str) -> bool {
    extras_at(kind, pattern).iter().any(|e| matches!(e, Required))
}

/// The schema of one form as a JSON value.
pub fn json_schema_value(kind: FormKind) -> Value {
    let mut root = node(kind, kind.shape(), &mut String::new());
    let obj = root.as_object_mut().expect("a form is an object");
    // The root is the form itself: never null.
    obj.insert("type".into(), json!("object"));
    let mut out = Map::new();
    out.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    out.insert("$id".into(), json!(format!("https://aii.example/schemas/{}.json", kind.name())));
    out.insert("title".into(), json!(kind.name()));
    out.extend(std::mem::take(obj));
    Value::Object(out)
}

/// The schema of one form as JSON text (pretty-printed).
pub fn json_schema(kind: FormKind) -> String {
    serde_json::to_string_pretty(&json_schema_value(kind)).expect("a JSON value serialises")
}

fn node(kind: FormKind, shape: &Shape, path: &mut String) -> Value {
    let required = is_required(kind, path);
    let mut s = Map::new();
    let ty = |name: &str| if required { json!(name) } else { json!([name, "null"]) };
    match shape {
        Shape::Obj(fields) => {
            s.insert("type".into(), ty("object"));
            let mut props = Map::new();
            let mut req = Vec::new();
            for field in *fields {
                let len = path.len();
                path.push('/');
                path.push_str(field.name);
                if is_required(kind, path) {
                    req.push(json!(field.name));
                }
                props.insert(field.name.into(), node(kind, &field.shape, path));
                path.truncate(len);
            }
            s.insert("properties".into(), Value::Object(props));
            if !req.is_empty() {
                s.insert("required".into(), Value::Array(req));
            }
            s.insert("additionalProperties".into(), json!(false));
        }
        Shape::List(item) => {
            s.insert("type".into(), ty("array"));
            s.insert("maxItems".into(), json!(LIST_MAX));
            let len = path.len();
            path.push_str("/*");
            s.insert("items".into(), node(kind, item, path));
            path.truncate(len);
        }
        Shape::Leaf(leaf) => match leaf {
            Ty::Text(max) => {
                s.insert("type".into(), ty("string"));
                s.insert("maxLength".into(), json!(max));
                if required {
                    s.insert("minLength".into(), json!(1));
                }
            }
            Ty::Enum(values) => {
                let mut v: Vec<Value> = values.iter().map(|v| json!(v)).collect();
                if !required {
                    v.push(Value::Null);
                }
                s.insert("enum".into(), Value::Array(v));
            }
            Ty::Int => {
                s.insert("type".into(), ty("integer"));
            }
            Ty::Bool => {
                s.insert("type".into(), ty("boolean"));
            }
            Ty::Date => {
                s.insert("type".into(), ty("string"));
            }
        },
    }
    for extra in extras_at(kind, path) {
        match extra {
            Required => {}
            MinLength(n) => {
                s.insert("minLength".into(), json!(n));
            }
            MinItems(n) => {
                s.insert("minItems".into(), json!(n));
            }
            MaxLength(n) => {
                s.insert("maxLength".into(), json!(n));
            }
            MaxItems(n) => {
                s.insert("maxItems".into(), json!(n));
            }
            Minimum(n) => {
                s.insert("minimum".into(), json!(n));
            }
            Maximum(n) => {
                s.insert("maximum".into(), json!(n));
            }
            ExclusiveMinimum(n) => {
                s.insert("exclusiveMinimum".into(), json!(n));
            }
            Pattern(p) => {
                s.insert("pattern".into(), json!(p));
            }
            CatalogCode => {
                let mut codes: Vec<Value> = aii_rules::catalog::positions().directions.iter().map(|d| json!(d.code)).collect();
                if !required {
                    codes.push(Value::Null);
                }
                s.remove("type");
                s.remove("maxLength");
                s.remove("minLength");
                s.insert("enum".into(), Value::Array(codes));
            }
        }
    }
    Value::Object(s)
}
