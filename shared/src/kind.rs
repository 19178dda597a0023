//! The forms, declared once in [`forms!`]'s table: each kind's names, shape, form type,
//! registry and read index, and the one dispatch from a [`FormKind`] to its typed registry
//! ([`FormKind::with_rules`]).

use alloc::vec::Vec;

use crate::forms::FormType;
use crate::index::ReadIndex;
use crate::rules::Rule;
use crate::shape::Shape;

/// What to do with a form's typed registry and its read index ([`FormKind::with_rules`]).
pub(crate) trait PerForm {
    type Out;
    fn with<K: FormType>(self, rules: &'static [Rule<K>], index: &'static ReadIndex<'static>) -> Self::Out;
}

macro_rules! forms {
    ($(
        $(#[$doc:meta])*
        $kind:ident { name: $name:literal, slug: $slug:literal, form: $form:ident, shape: $shape:ident, rules: $family:ident }
    )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FormKind {
            $($(#[$doc])* $kind,)*
        }

        impl FormKind {
            pub const ALL: [FormKind; [$(FormKind::$kind),*].len()] = [$(FormKind::$kind),*];

            /// The name in reports and JSON: `application`, `director_appointment`, …
            pub fn name(self) -> &'static str {
                match self {
                    $(FormKind::$kind => $name,)*
                }
            }

            /// The name in URLs: `application`, `director-appointment`, …
            pub fn slug(self) -> &'static str {
                match self {
                    $(FormKind::$kind => $slug,)*
                }
            }

            pub fn shape(self) -> &'static Shape {
                match self {
                    $(FormKind::$kind => &crate::forms::$shape,)*
                }
            }

            /// Calls `f` with this kind's registry, typed by its form, and its read index.
            /// (Inlined: the widget's build then lays the five calls out in its caller as a
            /// hand-written `match` would, 0.7 kB smaller than five functions.)
            #[inline(always)]
            pub(crate) fn with_rules<F: PerForm>(self, f: F) -> F::Out {
                match self {
                    $(FormKind::$kind => {
                        type K = crate::forms::$form;
                        use crate::rules::$family::{RULES, SERVER_RULES};
                        const N: usize = crate::rules::registry_len(RULES, SERVER_RULES);
                        static REGISTRY: [Rule<K>; N] = crate::rules::registry(RULES, SERVER_RULES);
                        static READS: ReadIndex<'static> = crate::index::read_index!(&REGISTRY);
                        f.with(&REGISTRY, &READS)
                    })*
                }
            }
        }
    };
}

forms! {
    /// 实训基地申请书 (Arts. 7–12).
    Application { name: "application", slug: "application", form: ApplicationForm, shape: APPLICATION_SHAPE, rules: application }
    /// 基地主任任命 (Arts. 14–15).
    DirectorAppointment {
        name: "director_appointment", slug: "director-appointment", form: DirectorAppointmentForm,
        shape: DIRECTOR_APPOINTMENT_SHAPE, rules: director
    }
    /// 实训方向变更申请书 (Art. 21).
    DirectionChange {
        name: "direction_change", slug: "direction-change", form: DirectionChangeForm, shape: DIRECTION_CHANGE_SHAPE,
        rules: direction_change
    }
    /// 年度考核 (Art. 22).
    AnnualAssessment {
        name: "annual_assessment", slug: "annual-assessment", form: AnnualAssessmentForm, shape: ANNUAL_ASSESSMENT_SHAPE,
        rules: annual
    }
    /// 定期评估 (Arts. 23–24).
    Evaluation { name: "evaluation", slug: "evaluation", form: EvaluationForm, shape: EVALUATION_SHAPE, rules: evaluation }
    /// 实训计划 (Art. 16).
    TrainingPlan { name: "training_plan", slug: "training-plan", form: TrainingPlanForm, shape: TRAINING_PLAN_SHAPE, rules: plan }
}

impl FormKind {
    /// Accepts either spelling.
    pub fn parse(s: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.name() == s || k.slug() == s)
    }

    /// The field patterns a rule reads in this form (one entry per registry line using it).
    pub fn reads_of(self, rule_id: &str) -> Vec<&'static [&'static str]> {
        struct ReadsOf<'i>(&'i str);
        impl PerForm for ReadsOf<'_> {
            type Out = Vec<&'static [&'static str]>;
            fn with<K: FormType>(self, rules: &'static [Rule<K>], _: &'static ReadIndex<'static>) -> Self::Out {
                rules.iter().filter(|r| r.meta.id == self.0).map(|r| r.reads).collect()
            }
        }
        self.with_rules(ReadsOf(rule_id))
    }
}
