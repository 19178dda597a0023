//! The rules, one module per family, each declaring its [`RuleMeta`] next to its check and its
//! table tests. A form's registry lists its rules with the fields each reads (JSON Pointer
//! patterns, `*` for any index): the incremental re-check runs only those that read a field.

use alloc::string::String;
use alloc::vec::Vec;

use crate::context::Context;
use crate::date::Date;
use crate::forms::{FormType, Val};
use crate::report::{Issue, Params};
use crate::rule::{RuleMeta, Severity};

pub mod annual;
pub mod application;
pub mod common;
pub mod cycle;
pub mod direction_change;
pub mod director;
pub mod evaluation;

/// What a rule may consult besides the form: today's date (ID numbers, ages) and, on the
/// server only, the context.
pub struct Env<'c> {
    pub today: Date,
    pub context: Option<&'c Context>,
}

/// One rule as a form uses it.
pub struct Rule<K: FormType> {
    pub meta: &'static RuleMeta,
    /// The fields the rule reads, as JSON Pointer patterns (`*` = any index).
    pub reads: &'static [&'static str],
    pub run: for<'a, 'b> fn(&'b K::Form<'a>, &Env, &mut Sink),
}

impl<K: FormType> Clone for Rule<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: FormType> Copy for Rule<K> {}

/// Each form's registry: its local rules, then the server's (`Scope::Context`, which need what
/// only the server knows). The widget's build has no context, so it leaves the server's rules
/// out here, in one place: none of their checks, reads or messages ship to browsers.
pub mod registry {
    use crate::forms::{AnnualAssessmentForm, ApplicationForm, DirectionChangeForm, DirectorAppointmentForm, EvaluationForm, FormType};
    use crate::rules::Rule;

    /// `local`, then `server` outside the widget's build, as one array of `N` rules.
    const fn join<K: FormType, const N: usize>(local: &[Rule<K>], server: &[Rule<K>]) -> [Rule<K>; N] {
        assert!(N == if cfg!(widget) { local.len() } else { local.len() + server.len() }, "N is the registry's length");
        let mut out = [local[0]; N];
        let mut i = 0;
        while i < N {
            out[i] = if i < local.len() { local[i] } else { server[i - local.len()] };
            i += 1;
        }
        out
    }

    macro_rules! registry {
        ($($name:ident: $form:ty = $family:ident;)*) => {$(
            pub static $name: &[Rule<$form>] = &{
                use crate::rules::$family::{RULES, SERVER_RULES};
                const N: usize = if cfg!(widget) { RULES.len() } else { RULES.len() + SERVER_RULES.len() };
                join::<$form, N>(RULES, SERVER_RULES)
            };
        )*};
    }

    registry! {
        APPLICATION: ApplicationForm = application;
        DIRECTOR_APPOINTMENT: DirectorAppointmentForm = director;
        DIRECTION_CHANGE: DirectionChangeForm = direction_change;
        ANNUAL_ASSESSMENT: AnnualAssessmentForm = annual;
        EVALUATION: EvaluationForm = evaluation;
    }
}

/// A rule's metadata citing a whole article (`art`, no clause), as [`RuleMeta::new`] keeps it.
pub(crate) const fn article_meta(
    id: &'static str,
    severity: Severity,
    scope: crate::rule::Scope,
    art: u8,
    summary: &'static str,
    messages: crate::rule::Messages,
) -> RuleMeta {
    RuleMeta::new(id, Some(crate::rule::Article::new(art, 0)), severity, scope, summary, messages)
}

/// Where a rule writes its issues.
pub struct Sink<'o> {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) out: &'o mut Vec<Issue>,
}

impl Sink<'_> {
    fn push(&mut self, severity: Severity, path: String, params: Params) {
        self.out.push(Issue { rule: self.meta, severity, path, params });
    }

    pub fn error(&mut self, path: impl Into<String>, params: Params) {
        self.push(Severity::Error, path.into(), params);
    }

    /// An error whose only param is the `reason` that picks its message.
    pub fn error_for(&mut self, path: impl Into<String>, reason: &'static str) {
        self.error(path, Params::new().with("reason", reason));
    }

    /// A warning that stays one whatever the form says (`art24.overdue`: the reviewer decides).
    pub fn warning(&mut self, path: impl Into<String>, params: Params) {
        self.push(Severity::Warning, path.into(), params);
    }

    pub fn info(&mut self, path: impl Into<String>, params: Params) {
        self.push(Severity::Info, path.into(), params);
    }

    /// A 一般 rule: a warning when the justification at `note_ptr` is written, otherwise an
    /// error with the same rule id (its message then asks for the justification).
    pub fn warn(&mut self, path: impl Into<String>, params: Params, note: &Val<&str>, note_ptr: &'static str) {
        let severity = if matches!(note, Val::Ok(_)) { Severity::Warning } else { Severity::Error };
        self.push(severity, path.into(), params.with("note", note_ptr));
    }
}

/// A field's pointer, written out only when an issue is reported there: rules pass one for
/// every item of a list, and most items have no issue. It is `head`, then `/<index>` when
/// there is one, then `/field` when `field` is not empty.
#[derive(Clone, Copy)]
pub(crate) struct Ptr<'a> {
    head: &'a str,
    index: Option<usize>,
    field: &'a str,
}

impl<'a> Ptr<'a> {
    /// `/list/<i>/field` (`/list/<i>` for `""`), as [`at`] writes it.
    pub(crate) fn at(list: &'a str, i: usize, field: &'a str) -> Ptr<'a> {
        Ptr { head: list, index: Some(i), field }
    }

    /// `/object/field`.
    pub(crate) fn child(object: &'a str, field: &'a str) -> Ptr<'a> {
        Ptr { head: object, index: None, field }
    }
}

impl From<Ptr<'_>> for String {
    fn from(p: Ptr<'_>) -> String {
        let mut out = String::with_capacity(p.head.len() + p.field.len() + 6);
        out.push_str(p.head);
        if let Some(i) = p.index {
            out.push('/');
            crate::shape::push_index(&mut out, i);
        }
        if !p.field.is_empty() {
            out.push('/');
            out.push_str(p.field);
        }
        out
    }
}

impl<'a> From<&'a str> for Ptr<'a> {
    fn from(head: &'a str) -> Ptr<'a> {
        Ptr { head, index: None, field: "" }
    }
}

/// `/list/<i>/field` without allocation churn at call sites.
pub(crate) fn at(list: &str, i: usize, field: &str) -> String {
    String::from(Ptr::at(list, i, field))
}

/// Every rule id this crate implements (the rule catalogue's order).
pub fn all_rules() -> &'static [&'static RuleMeta] {
    ALL
}

static ALL: &[&RuleMeta] = &[
    common::INPUT_TYPE,
    common::INPUT_UNKNOWN_FIELD,
    common::INPUT_DATE,
    common::INPUT_MALFORMED_JSON,
    common::INPUT_CONTENT_TYPE,
    common::INPUT_TOO_LARGE,
    common::INPUT_TOO_DEEP,
    common::INPUT_UNKNOWN_KIND,
    common::INPUT_IDEMPOTENCY_KEY,
    common::INPUT_IDEMPOTENCY_KEY_REUSED,
    common::TEXT_REQUIRED,
    common::TEXT_TOO_LONG,
    common::ID_USCC,
    common::ID_USCC_NOT_LEGAL_PERSON,
    common::ID_RESIDENT,
    common::ID_RESIDENT_BIRTH_MISMATCH,
    common::CONTACT_PHONE,
    common::CONTACT_EMAIL,
    common::CONTACT_POSTAL_CODE,
    application::ART4_UNIT_KIND,
    application::ART7_1_LEGAL_PERSON,
    application::ART7_1_KIND_MISMATCH,
    application::ART7_2_DIRECTION_REQUIRED,
    application::ART7_2_DIRECTION_CATALOG,
    application::ART7_2_POSITIONING,
    application::ART7_2_LOCAL_DEMAND,
    application::ART7_3_CAPACITY,
    application::ART7_3_EQUIPMENT,
    application::ART7_3_CAPACITY_UNBACKED,
    application::ART7_3_FUNDING,
    application::ART7_3_MANAGEMENT_RULES,
    application::ART7_4_LEAD_TEACHER,
    application::ART7_4_TEAM_SIZE,
    application::ART7_4_TEAM_STRUCTURE,
    application::ART18_FIXED_INSTRUCTORS,
    application::ART7_5_RESEARCH_OUTPUT,
    application::ART7_5_UNIVERSITY_MAJOR,
    application::ART7_5_ENTERPRISE_CAPABILITY,
    application::ART7_6_PROMOTION,
    application::ART7_6_EMPLOYMENT,
    application::ART12_BASE_NAME,
    application::ART9_PARTNER_VALID,
    application::ART9_JOINT_PRIORITY,
    application::ART24_DECLARATION,
    cycle::ART8_ONE_PER_CYCLE,
    cycle::ART10_SELECTION_WINDOW,
    director::ART14_ROLE,
    director::ART14_RECOMMENDER,
    director::ART14_AGE,
    director::ART14_QUALIFICATION,
    director::ART15_TERM,
    director::ART15_ON_SITE,
    director::ART15_REAPPOINTMENT,
    director::ART14_BASE_EXISTS,
    director::ART14_ONE_DIRECTOR,
    director::ART14_PARTNER_OF_BASE,
    director::ART14_RESPONSIBLE_OF_BASE,
    direction_change::ART21_REQUESTED_CATALOG,
    direction_change::ART21_DIFFERS,
    direction_change::ART21_REASON,
    direction_change::ART21_BASE_EXISTS,
    direction_change::ART21_CURRENT_MATCHES,
    direction_change::ART21_ONE_PENDING,
    annual::ART22_YEAR,
    annual::ART16_DIRECTOR_REPORT,
    annual::ART15_DIRECTOR_ON_SITE,
    annual::ART22_FIGURES,
    annual::ART22_RESULT,
    annual::ART22_BASE_EXISTS,
    annual::ART22_ONE_PER_YEAR,
    evaluation::ART23_PERIOD,
    evaluation::ART23_INDICATORS,
    evaluation::ART24_FIGURES_CONSISTENT,
    evaluation::ART24_VIOLATION_DECLARED,
    evaluation::ART23_PERIOD_FOLLOWS,
    evaluation::ART24_OVERDUE,
    evaluation::ART22_ANNUAL_FILED,
];

/// Looks a rule up by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|m| m.id == id)
}
