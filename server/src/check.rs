//! The check of a form document as the server runs it, for every handler that checks one
//! (validate, submit, resubmit, the desk's detail and decisions): its keys, the context the
//! context rules need (looked up through a [`ContextSource`]), then the rules crate's check.

use aii_rules::forms::{Application, DirectionChange, DirectorAppointment, Role};
use aii_rules::{
    BaseLookup, BaseRecord, Context, Date, EvaluationContext, FormKind, Locale, Options, Report, ReportIssue, UnitCycle, Uscc, Value,
};

use crate::AppState;
use crate::config::Config;
use crate::error::ApiError;
use crate::repo::cache::Cached;
use crate::repo::{Conflict, ContextSource, EvaluationFacts, StoredSubmission};

/// A check's outcome, with what it was checked against.
pub struct Checked {
    pub report: Report,
    pub keys: Keys,
    pub context: Context,
}

/// Checks `doc` with every rule, local and context. `stored`: the stored submission it is
/// (see [`Stored`]); `cached`: the look-ups may reuse kept answers (validate only,
/// `repo/cache.rs`).
pub async fn check(
    st: &AppState,
    kind: FormKind,
    doc: &Value,
    options: &Options,
    stored: Option<Stored<'_>>,
    cached: bool,
) -> Result<Checked, ApiError> {
    let keys = keys_of(kind, doc);
    let context = if cached {
        context_for(&Cached::new(&st.context_cache, &st.store), &st.config, options, kind, &keys, stored).await?
    } else {
        context_for(&st.store, &st.config, options, kind, &keys, stored).await?
    };
    let report = aii_rules::check(kind, doc, options, Some(&context));
    Ok(Checked { report, keys, context })
}

impl Checked {
    /// The 422 report when a constraint refused the write: the same check with the context
    /// that the constraint revealed, so the issue sits where the rules crate puts it. An
    /// evaluation's period is looked up again (the evaluation that won now counts as the last
    /// one).
    pub async fn refused_by(
        mut self,
        st: &AppState,
        conflict: Conflict,
        kind: FormKind,
        doc: &Value,
        options: &Options,
        stored: Option<Stored<'_>>,
    ) -> Result<Report, ApiError> {
        let ctx = &mut self.context;
        match conflict {
            Conflict::OnePerCycle => {
                if let Some(c) = ctx.unit_cycle.as_mut() {
                    c.taken = aii_rules::CycleTaken::Applied;
                }
            }
            Conflict::OnePendingDirectionChange => ctx.pending_direction_change = Some(true),
            Conflict::OnePerYear => ctx.annual_filed_for_year = Some(true),
            Conflict::OneEvaluationPerPeriod => {
                *ctx = context_for(&st.store, &st.config, options, kind, &self.keys, stored).await?;
                // Should the winner have gone again meanwhile, the period is still refused.
                if let (Some(e), Some(from)) = (ctx.evaluation.as_mut(), self.keys.cycle) {
                    e.period_starts.retain(|y| *y != from);
                }
            }
        }
        Ok(aii_rules::check(kind, doc, options, Some(ctx)))
    }
}

/// A stored submission checked again with the database as it is now, as of the day it was last
/// submitted, with the submission itself left out: the desk's fresh report, and a decision's
/// re-check ([`recheck_context`]).
pub async fn recheck(st: &AppState, kind: FormKind, doc: &Value, s: &StoredSubmission, locale: Locale) -> Result<Report, ApiError> {
    let stored = Stored { id: &s.id, first_submitted_ms: s.created_at_ms };
    Ok(check(st, kind, doc, &as_submitted(st, s, locale), Some(stored), false).await?.report)
}

/// The form's context rules as the database is now, for a move of a stored submission: their
/// errors (the move is refused with them).
pub async fn recheck_context(
    st: &AppState,
    kind: FormKind,
    doc: &Value,
    s: &StoredSubmission,
    locale: Locale,
) -> Result<Vec<ReportIssue>, ApiError> {
    let report = recheck(st, kind, doc, s, locale).await?;
    Ok(report
        .issues
        .into_iter()
        .filter(|i| i.severity == aii_rules::Severity::Error)
        .filter(|i| aii_rules::rules::all::meta(&i.rule).is_some_and(|m| m.scope == aii_rules::Scope::Context))
        .collect())
}

/// The options of a re-check: as of the day the submission was last submitted (Beijing time;
/// a configured `--today` stands for every day), so that ages, terms and dates are judged as
/// they were.
fn as_submitted(st: &AppState, s: &StoredSubmission, locale: Locale) -> Options {
    let submitted_ms = s.history.iter().rev().find(|h| h.status == "submitted").map_or(s.created_at_ms, |h| h.at_ms);
    Options { locale, today: st.config.today.unwrap_or_else(|| Date::from_unix_ms(submitted_ms, 480)) }
}

/// The options of a check now: today's date (`--today` or Beijing's).
pub fn options(config: &Config, locale: Locale) -> Options {
    Options { locale, today: config.today() }
}

/// A stored submission a check is about (a re-check, a decision, a resubmission, a
/// correction's validate): left out of its own look-ups, and judged late or not by the day it
/// was first submitted (Arts. 10, 24(2)).
#[derive(Clone, Copy, Debug)]
pub struct Stored<'a> {
    pub id: &'a str,
    pub first_submitted_ms: i64,
}

/// The keys a submission is stored and constrained under.
#[derive(Debug, Default)]
pub struct Keys {
    pub unit_uscc: Option<String>,
    /// Application: the cycle; annual assessment: the year; evaluation: `period.from_year`.
    pub cycle: Option<i64>,
    pub base_id: Option<String>,
    /// Evaluation: `period.to_year` (its deadline).
    pub period_to: Option<i64>,
    /// Director appointment: for a director. Only then are the base's pending appointments
    /// looked up: `art14.one_director` alone reads them, and only for a director.
    pub director: bool,
}

impl Keys {
    /// Art. 8: the first year of the evaluation cycle an application holds (its constraint's
    /// key).
    pub fn eval_cycle(&self, config: &Config, kind: FormKind) -> Option<i64> {
        self.cycle.filter(|_| kind == FormKind::Application).map(|year| config.evaluation_cycle(year).0)
    }
}

/// An integer of the document at `pointer` (anything else: `None`; the rules report it).
fn int_at(doc: &Value, pointer: &str) -> Option<i64> {
    match doc.pointer(pointer) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    }
}

/// The keys of a document: the form is read only in the top-level fields that hold them
/// (the same reading as the rules', without the rest of the form).
pub fn keys_of(kind: FormKind, doc: &Value) -> Keys {
    // Text holding U+0000 is refused by the rules (`input.type`, reason `nul`) and never
    // looked up: no id holds one, and PostgreSQL cannot even be asked.
    let base = |id: Option<&str>| id.map(str::trim).filter(|s| !s.is_empty() && !s.contains('\0')).map(str::to_owned);
    let base_id_only: &dyn Fn(&str) -> bool = &|field| field == "base_id";
    match kind {
        FormKind::Application => {
            let form = Application::read_some(doc, &|field| field == "unit" || field == "cycle");
            Keys {
                unit_uscc: form.unit.uscc.get().and_then(|s| Uscc::parse(s).ok()).map(|u| u.as_str().to_owned()),
                cycle: form.cycle.get(),
                base_id: None,
                period_to: None,
                director: false,
            }
        }
        FormKind::DirectorAppointment => {
            let form = DirectorAppointment::read_some(doc, &|field| field == "base_id" || field == "role");
            Keys { base_id: base(form.base_id.get()), director: form.role.get() == Some(Role::Director), ..Keys::default() }
        }
        FormKind::DirectionChange => Keys { base_id: base(DirectionChange::read_some(doc, base_id_only).base_id.get()), ..Keys::default() },
        FormKind::AnnualAssessment => {
            Keys { base_id: base(doc.pointer("/base_id").and_then(Value::as_str)), cycle: int_at(doc, "/year"), ..Keys::default() }
        }
        FormKind::TrainingPlan => {
            Keys { base_id: base(doc.pointer("/base_id").and_then(Value::as_str)), cycle: int_at(doc, "/year"), ..Keys::default() }
        }
        FormKind::Evaluation => Keys {
            base_id: base(doc.pointer("/base_id").and_then(Value::as_str)),
            cycle: int_at(doc, "/period/from_year"),
            period_to: int_at(doc, "/period/to_year"),
            ..Keys::default()
        },
    }
}

/// What an evaluation is checked against (Arts. 22–24): the years its period may start in
/// (the certification year or the next for a first evaluation, else the year after the last
/// evaluated period; a valid evaluation's period is three years, so it ends two years after
/// it starts), the deadline of the period it states (configuration), and the annual
/// assessments on file.
fn evaluation_context(config: &Config, base: &BaseRecord, facts: &EvaluationFacts, keys: &Keys) -> EvaluationContext {
    let period_starts = match facts.evaluated_from_years.iter().max() {
        Some(last_from) => vec![last_from + 3],
        None => base.certified_on.map(|d| vec![i64::from(d.year()), i64::from(d.year()) + 1]).unwrap_or_default(),
    };
    let to_year = keys.period_to.or(keys.cycle.map(|from| from + 2));
    EvaluationContext {
        period_starts,
        deadline: to_year.and_then(|y| config.evaluation_deadline(y)),
        annual_years: facts.annual_years.clone(),
    }
}

/// Looks up what the context rules need; `stored` is the submission being checked again,
/// if any (see [`Stored`]).
async fn context_for(
    source: &impl ContextSource,
    config: &Config,
    options: &Options,
    kind: FormKind,
    keys: &Keys,
    stored: Option<Stored<'_>>,
) -> Result<Context, ApiError> {
    let except = stored.map(|s| s.id);
    let mut ctx = Context { first_submitted_on: stored.map(|s| config.date_of(s.first_submitted_ms)), ..Context::default() };
    if kind == FormKind::Application {
        ctx.selection_window = Some(config.selection_window(options.today));
        if let (Some(uscc), Some(cycle)) = (&keys.unit_uscc, keys.cycle) {
            let (from_year, to_year) = config.evaluation_cycle(cycle);
            let taken = source.unit_cycle(uscc, from_year, except).await?;
            ctx.unit_cycle = Some(UnitCycle { from_year, to_year, taken });
        }
        return Ok(ctx);
    }
    // Every other form is about a registered base.
    let Some(id) = &keys.base_id else { return Ok(ctx) };
    let Some(base) = source.base(id).await? else {
        ctx.base = Some(BaseLookup::NotFound);
        return Ok(ctx);
    };
    match kind {
        FormKind::Application => {}
        FormKind::DirectorAppointment if keys.director => {
            ctx.pending_appointments = Some(source.pending_appointments(id, except).await?);
        }
        FormKind::DirectorAppointment => {}
        FormKind::DirectionChange => ctx.pending_direction_change = Some(source.pending_direction_change(id, except).await?),
        FormKind::AnnualAssessment => {
            if let Some(year) = keys.cycle {
                ctx.annual_filed_for_year = Some(source.annual_filed(id, year, except).await?);
            }
        }
        FormKind::TrainingPlan => {
            if let Some(year) = keys.cycle {
                ctx.plan_approved_for_year = Some(source.plan_approved(id, year, except).await?);
            }
        }
        FormKind::Evaluation => {
            let facts = source.evaluation_facts(id, except).await?;
            ctx.evaluation = Some(evaluation_context(config, &base, &facts, keys));
        }
    }
    ctx.base = Some(BaseLookup::Found(base));
    Ok(ctx)
}

#[cfg(test)]
mod tests {
    use aii_rules::FormKind;
    use aii_rules::forms::{Application, DirectionChange, DirectorAppointment};

    use super::keys_of;
    use aii_rules::Value;

    /// Reading only the key fields gives the keys the whole form's reading gives.
    #[test]
    fn keys_read_from_the_key_fields_alone_match_the_whole_reading() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/examples");
        let example = |name: &str| -> serde_json::Value {
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{name}.valid.json")).unwrap()).unwrap()
        };
        let app = example("application");
        let mut apps = vec![app.clone()];
        for (pointer, v) in [
            ("/unit/uscc", serde_json::json!("  ")),
            ("/unit/uscc", serde_json::json!(7)),
            ("/unit/uscc", serde_json::json!("91310115 3756893422")),
            ("/unit", serde_json::json!("x")),
            ("/cycle", serde_json::json!("2027")),
            ("/cycle", serde_json::Value::Null),
        ] {
            let mut d = app.clone();
            *d.pointer_mut(pointer).unwrap() = v;
            apps.push(d);
        }
        for doc in &apps {
            let doc: Value = serde_json::from_value(doc.clone()).unwrap();
            let keys = keys_of(FormKind::Application, &doc);
            let whole = Application::read(&doc);
            let uscc = whole.unit.uscc.get().and_then(|s| aii_rules::Uscc::parse(s).ok()).map(|u| u.as_str().to_owned());
            assert_eq!((keys.unit_uscc, keys.cycle), (uscc, whole.cycle.get()));
        }
        for (name, kind) in [("director_appointment", FormKind::DirectorAppointment), ("direction_change", FormKind::DirectionChange)] {
            for base_id in [serde_json::json!(" b-1 "), serde_json::json!(""), serde_json::json!(3), serde_json::Value::Null] {
                let mut d = example(name);
                d["base_id"] = base_id;
                let doc: Value = serde_json::from_value(d).unwrap();
                let whole = match kind {
                    FormKind::DirectorAppointment => DirectorAppointment::read(&doc).base_id.get(),
                    _ => DirectionChange::read(&doc).base_id.get(),
                };
                let expected = whole.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
                assert_eq!(keys_of(kind, &doc).base_id, expected);
            }
        }
        // A base's pending appointments are looked up for a director's appointment only, as the
        // whole form reads its role (spaces trimmed), and not for a deputy's or an unreadable one.
        for (role, director) in [("director", true), (" director ", true), ("deputy_director", false), ("", false), ("chair", false)] {
            let mut d = example("director_appointment");
            d["role"] = serde_json::json!(role);
            let doc: Value = serde_json::from_value(d).unwrap();
            assert_eq!(keys_of(FormKind::DirectorAppointment, &doc).director, director, "{role:?}");
            let whole = DirectorAppointment::read(&doc).role.get() == Some(aii_rules::forms::Role::Director);
            assert_eq!(whole, director, "{role:?}");
        }
    }
}
