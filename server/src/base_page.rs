//! The base's own page, for its responsible unit, without accounts: a capability key per base
//! (256 random bits, stored only as a hash), made at certification in the decision's
//! transaction ([`issue_key`]) and replaceable by the secretariat ([`replace_key`]: the old
//! key then opens nothing; audited). The page's link is `{public URL}/base/{id}#{key}`: the
//! key travels in the fragment, which browsers never send, and reaches the API in a header.
//!
//! ```text
//! GET  /api/v1/bases/{id}/own           X-Base-Key: {key}    the page's data; 404 otherwise
//! POST /api/v1/admin/registry/{id}/key  login, CSRF          a new key, its link shown once
//! ```
//!
//! What is due ([`due`]) is one pure function of the base's facts and the day, so the page and
//! the reminders (30 and 7 days before each date: [`reminder_stage`]) agree. Where the Measures
//! give no date, the alliance's usual first-quarter call is taken: last year's annual
//! assessment (Art. 22) by 31 March, this year's training plan (Art. 16) by 31 March, each at
//! least 90 days after certification; the evaluation (Art. 23) by `--evaluation-deadline`; a
//! director's or deputy's term (Art. 15) on its last day, listed from 90 days before.

use aii_api::base::{BaseKeyIssued, BasePage, BaseSubmission, CertificateLinks, DueItem, DueKind};
use aii_api::{FormKind, Plain};
use aii_rules::Date;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::{ApiError, json};
use crate::repo::base_keys::BaseSubmissionRow;
use crate::repo::{DecisionTx, NewOfficer, Repository};
use crate::session::Admin;

/// The header the page sends its key in.
pub const KEY_HEADER: &str = "x-base-key";

/// Days ahead a term's end is listed (as the secretariat's registry lists it).
pub const TERM_WITHIN_DAYS: i64 = crate::registry::DUE_WITHIN_DAYS;

/// Days after certification before a first-quarter date can fall due.
pub const GRACE_DAYS: i64 = 90;

/// A new key: 256 random bits, 64 hex digits.
pub fn new_key() -> String {
    crate::crypto::random_hex(32)
}

/// How a key is stored and looked up (its own domain: a receipt's hash is never a key's).
pub fn key_hash(key: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"aii-base-key\0");
    h.update(key.as_bytes());
    hex::encode(h.finalize())
}

/// The page's link for a key.
pub fn link(public_base: &str, base_id: &str, key: &str) -> String {
    format!("{public_base}/base/{base_id}#{key}")
}

/// Makes the base's key and stores its hash in the certification's transaction; returns the
/// key, which is not kept anywhere (the caller sends it to the responsible unit, or the
/// secretariat replaces it from the registry desk to hand out a link).
pub async fn issue_key(st: &AppState, tx: &mut DecisionTx, base_id: &str, actor: &str, now_ms: i64) -> Result<String, ApiError> {
    let key = new_key();
    st.store.put_base_key(tx, base_id, &key_hash(&key), actor, now_ms, false).await?;
    Ok(key)
}

/// A filing of the base as [`due`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filed {
    pub kind: FormKind,
    /// The year (annual assessment, training plan) or the period's first year (evaluation).
    pub year: i64,
    pub status: String,
    pub submission_id: String,
}

/// What [`due`] knows of a base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub certified_on: Date,
    pub revoked: bool,
    pub filings: Vec<Filed>,
    pub officers: Vec<NewOfficer>,
}

impl Facts {
    /// From what the registry holds and the base's submissions; `None` for a base without a
    /// certification date.
    pub fn of(base: &crate::repo::RegistryBase, submissions: &[BaseSubmissionRow]) -> Option<Facts> {
        let certified_on = base.certified_on.as_deref().and_then(Date::parse)?;
        let filings = submissions
            .iter()
            .filter_map(|s| {
                let kind = FormKind::parse(&s.kind)
                    .filter(|k| matches!(k, FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan))?;
                Some(Filed { kind, year: s.cycle?, status: s.status.clone(), submission_id: s.id.clone() })
            })
            .collect();
        Some(Facts { certified_on, revoked: base.revoked, filings, officers: base.officers.clone() })
    }

    /// The filing of `kind` and `year` on file (not returned, withdrawn, rejected or voided).
    fn on_file(&self, kind: FormKind, year: i64) -> Option<&Filed> {
        self.filings.iter().find(|f| f.kind == kind && f.year == year && on_file(&f.status))
    }
}

fn on_file(status: &str) -> bool {
    !matches!(status, "returned" | "withdrawn" | "rejected" | "voided")
}

fn item(kind: DueKind, due_on: Date, done: Option<&Filed>, today: Date) -> DueItem {
    DueItem {
        kind,
        form: kind.form().to_owned(),
        year: None,
        to_year: None,
        role: None,
        name: None,
        due_on: due_on.to_string(),
        done: done.is_some(),
        overdue: done.is_none() && today > due_on,
        submission_id: done.map(|f| f.submission_id.clone()),
    }
}

/// What the base must file, with dates, on `today` (see the module's doc): last year's annual
/// assessment (once the base was certified by then), this year's training plan, the
/// evaluation of the latest period on file (done) while its deadline's year lasts and the
/// next period's (not done), and the terms ending within 90 days (done when the next term is
/// on record). A revoked base owes nothing. By date, then kind.
pub fn due(f: &Facts, today: Date, evaluation_deadline: impl Fn(i64) -> Option<Date>) -> Vec<DueItem> {
    let mut out = Vec::new();
    if f.revoked {
        return out;
    }
    let year = i64::from(today.year());
    let certified_year = i64::from(f.certified_on.year());
    let grace = f.certified_on.add_days(GRACE_DAYS);
    let first_quarter = |y: i64| i32::try_from(y).ok().and_then(|y| Date::new(y, 3, 31)).map(|d| d.max(grace));
    // Art. 22: last year's annual assessment.
    if certified_year < year
        && let Some(due_on) = first_quarter(year)
    {
        let mut i = item(DueKind::AnnualAssessment, due_on, f.on_file(FormKind::AnnualAssessment, year - 1), today);
        i.year = Some(year - 1);
        out.push(i);
    }
    // Art. 16: this year's training plan.
    if let Some(due_on) = first_quarter(year) {
        let mut i = item(DueKind::TrainingPlan, due_on, f.on_file(FormKind::TrainingPlan, year), today);
        i.year = Some(year);
        out.push(i);
    }
    // Art. 23: the evaluations.
    let last = f.filings.iter().filter(|e| e.kind == FormKind::Evaluation && on_file(&e.status)).max_by_key(|e| e.year);
    if let Some(e) = last
        && let Some(deadline) = evaluation_deadline(e.year + 2)
        && i64::from(deadline.year()) >= year
    {
        let mut i = item(DueKind::Evaluation, deadline, Some(e), today);
        (i.year, i.to_year) = (Some(e.year), Some(e.year + 2));
        out.push(i);
    }
    let from_year = last.map_or(certified_year, |e| e.year + 3);
    if let Some(deadline) = evaluation_deadline(from_year + 2) {
        let mut i = item(DueKind::Evaluation, deadline, None, today);
        (i.year, i.to_year) = (Some(from_year), Some(from_year + 2));
        out.push(i);
    }
    // Art. 15: terms ending within 90 days; done once the next term is on record (the same
    // person's, or for a director a successor's).
    let horizon = today.add_days(TERM_WITHIN_DAYS);
    for o in &f.officers {
        let Some(end) = Date::parse(&o.term_end) else { continue };
        if end < today || end > horizon {
            continue;
        }
        let followed = f
            .officers
            .iter()
            .any(|n| n.role == o.role && Date::parse(&n.term_start).is_some_and(|s| s > end) && (n.name == o.name || o.role == "director"));
        let mut i = item(DueKind::TermEnding, end, None, today);
        (i.done, i.role, i.name) = (followed, Some(o.role.clone()), Some(o.name.clone()));
        out.push(i);
    }
    out.sort_by(|a, b| (&a.due_on, a.kind).cmp(&(&b.due_on, b.kind)));
    out
}

/// The reminder an item is due on `today`: `Some(30)` from 30 days before its date, `Some(7)`
/// from 7 days before, `None` when done, passed or further away. A sender keeps one message
/// per item and stage, so each goes once even when a day is missed.
pub fn reminder_stage(item: &DueItem, today: Date) -> Option<u8> {
    let due_on = Date::parse(&item.due_on)?;
    let days_left = due_on.day_number() - today.day_number();
    match days_left {
        _ if item.done => None,
        0..=7 => Some(7),
        8..=30 => Some(30),
        _ => None,
    }
}

/// The key of a request (`X-Base-Key`): 64 hex digits, or nothing.
fn key_of(headers: &HeaderMap) -> Option<&str> {
    let key = headers.get(KEY_HEADER)?.to_str().ok()?.trim();
    (key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit())).then_some(key)
}

#[utoipa::path(
    get,
    path = "/api/v1/bases/{id}/own",
    tag = "registry",
    params(("id" = String, Path, description = "The base's id."),
           ("X-Base-Key" = String, Header, description = "The base's key (the fragment of the link sent at certification).")),
    responses((status = 200, description = "The base's registry entry, certificate, submissions and what is due. Never cached.", body = BasePage),
              (status = 404, description = "No base with this id and key (a wrong, replaced or missing key alike)."))
)]
pub async fn own(State(st): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Result<Response, ApiError> {
    let Some(key) = key_of(&headers) else { return Err(ApiError::NotFound) };
    if !crate::edge::plausible_id(&id) || !st.store.base_key_matches(&id, &key_hash(key)).await? {
        return Err(ApiError::NotFound);
    }
    let Some(base) = st.store.registry(Some(&id)).await?.into_iter().next() else { return Err(ApiError::NotFound) };
    let submissions = st.store.base_submissions(&id).await?;
    let today = st.config.today();
    let due = Facts::of(&base, &submissions).map(|f| due(&f, today, |y| st.config.evaluation_deadline(y))).unwrap_or_default();
    let mut entry = [crate::registry::entry(base)?];
    crate::certificate::annotate(&st, &mut entry).await?;
    let [entry] = entry;
    let public = st.config.public_base();
    let certificate = st.store.certificates(Some(&id)).await?.into_iter().next().map(|c| CertificateLinks {
        print_page: format!("/certificate/{}", c.number),
        verify_page: format!("{public}/verify/{}", c.number),
        number: c.number,
        issued_on: c.issued_on,
    });
    let submissions = submissions
        .into_iter()
        .map(|s| {
            Ok(BaseSubmission {
                kind: crate::review::kind_of(&s.kind)?,
                status: crate::review::status_of(&s.status)?,
                year: s.cycle,
                submitted_at: crate::time::rfc3339(s.created_at_ms),
                updated_at: crate::time::rfc3339(s.updated_at_ms),
                id: s.id,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let page = BasePage { as_of: today.to_string(), base: entry, certificate, submissions, due };
    let mut res = json(StatusCode::OK, &page);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/registry/{id}/key",
    tag = "registry",
    params(("id" = String, Path, description = "The base's id."), ("X-CSRF-Token" = String, Header)),
    responses((status = 200, description = "A new key: its link, shown this once. The previous key no longer opens the page; audited.", body = BaseKeyIssued),
              (status = 401), (status = 403),
              (status = 404, description = "No base with this id."))
)]
pub async fn replace_key(State(st): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Response, ApiError> {
    if !crate::edge::plausible_id(&id) || st.store.registry(Some(&id)).await?.is_empty() {
        return Ok(json(StatusCode::NOT_FOUND, &Plain { error: "not_found".into(), message: "no base with this id".into() }));
    }
    let key = new_key();
    let mut tx = st.store.begin_decision(&[format!("base:{id}")]).await?;
    let now = crate::time::now_ms();
    st.store.put_base_key(&mut tx, &id, &key_hash(&key), &admin.user.username, now, true).await?;
    // The new link also goes to the base's contact, with the replacement.
    let recipient = crate::outbox::base_contact(&st, Some(&mut tx), &id).await?;
    let full_name = st.store.registry(Some(&id)).await?.into_iter().next().map(|b| b.identity.full_name).unwrap_or_default();
    crate::outbox::base_page(&st, &mut tx, recipient, &id, &full_name, &key, now).await?;
    st.store.commit(tx).await?;
    tracing::info!(base = %id, "base key replaced");
    let out = BaseKeyIssued { link: link(&st.config.public_base(), &id, &key), base_id: id };
    let mut res = json(StatusCode::OK, &out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn march_31(to_year: i64) -> Option<Date> {
        Date::new(i32::try_from(to_year + 1).unwrap(), 3, 31)
    }

    fn facts(certified_on: &str) -> Facts {
        Facts { certified_on: d(certified_on), revoked: false, filings: Vec::new(), officers: Vec::new() }
    }

    fn filed(kind: FormKind, year: i64, status: &str) -> Filed {
        Filed { kind, year, status: status.into(), submission_id: format!("{}-{year}", kind.name()) }
    }

    fn officer(role: &str, name: &str, start: &str, end: &str) -> NewOfficer {
        NewOfficer { role: role.into(), name: name.into(), term_start: start.into(), term_end: end.into() }
    }

    /// `kind year due_on done overdue` of each item, for reading the lists at a glance.
    fn lines(items: &[DueItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| {
                let year = i.year.map_or(String::new(), |y| i.to_year.map_or(y.to_string(), |t| format!("{y}-{t}")));
                format!(
                    "{} {year} {} {}{}",
                    i.kind.as_str(),
                    i.due_on,
                    if i.done { "done" } else { "open" },
                    if i.overdue { " overdue" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn a_base_certified_this_year_owes_its_plan_and_its_first_evaluation() {
        let items = due(&facts("2027-03-01"), d("2027-03-01"), march_31);
        // The plan's first-quarter date falls within 90 days of certification: 90 days after.
        assert_eq!(lines(&items), vec!["training_plan 2027 2027-05-30 open", "evaluation 2027-2029 2030-03-31 open"]);
        assert!(items.iter().all(|i| i.form == i.kind.form()));
    }

    #[test]
    fn last_years_annual_assessment_and_this_years_plan() {
        let mut f = facts("2026-06-30");
        let items = due(&f, d("2027-04-02"), march_31);
        assert_eq!(
            lines(&items),
            vec![
                "annual_assessment 2026 2027-03-31 open overdue",
                "training_plan 2027 2027-03-31 open overdue",
                "evaluation 2026-2028 2029-03-31 open",
            ]
        );
        // Filed (a returned one is not on file; a submitted one is).
        f.filings = vec![
            filed(FormKind::AnnualAssessment, 2026, "returned"),
            filed(FormKind::AnnualAssessment, 2026, "submitted"),
            filed(FormKind::TrainingPlan, 2027, "working_group"),
            filed(FormKind::TrainingPlan, 2028, "submitted"),
        ];
        let items = due(&f, d("2027-04-02"), march_31);
        assert_eq!(
            lines(&items),
            vec!["annual_assessment 2026 2027-03-31 done", "training_plan 2027 2027-03-31 done", "evaluation 2026-2028 2029-03-31 open"]
        );
        assert_eq!(items[0].submission_id.as_deref(), Some("annual_assessment-2026"));
        // A refused plan is not on file.
        f.filings[2].status = "rejected".into();
        assert!(!due(&f, d("2027-04-02"), march_31)[1].done);
    }

    #[test]
    fn the_evaluation_follows_the_deadline_of_its_period() {
        let mut f = facts("2026-06-30");
        let deadline = |to_year: i64| if to_year == 2028 { Date::new(2029, 1, 15) } else { march_31(to_year) };
        let items = due(&f, d("2029-01-20"), deadline);
        assert_eq!(lines(&items)[0], "evaluation 2026-2028 2029-01-15 open overdue", "the earliest date first");
        // Filed: done while 2029 lasts, and the next period is listed.
        f.filings.push(filed(FormKind::Evaluation, 2026, "under_review"));
        let ev: Vec<String> = lines(&due(&f, d("2029-01-20"), deadline)).into_iter().filter(|l| l.starts_with("evaluation")).collect();
        assert_eq!(ev, vec!["evaluation 2026-2028 2029-01-15 done", "evaluation 2029-2031 2032-03-31 open"]);
        let ev: Vec<String> = lines(&due(&f, d("2030-02-01"), deadline)).into_iter().filter(|l| l.starts_with("evaluation")).collect();
        assert_eq!(ev, vec!["evaluation 2029-2031 2032-03-31 open"], "last cycle's is gone the year after");
    }

    #[test]
    fn terms_ending_within_90_days() {
        let mut f = facts("2026-06-30");
        f.officers = vec![
            officer("director", "甲", "2027-01-01", "2029-12-31"),
            officer("deputy_director", "乙", "2027-03-01", "2030-02-28"),
            officer("deputy_director", "丙", "2027-01-01", "2029-12-31"),
            officer("deputy_director", "丙", "2030-01-01", "2032-12-31"),
        ];
        let terms = |f: &Facts, today: &str| -> Vec<String> {
            due(f, d(today), march_31)
                .into_iter()
                .filter(|i| i.kind == DueKind::TermEnding)
                .map(|i| format!("{} {} {}", i.name.unwrap(), i.due_on, i.done))
                .collect()
        };
        assert_eq!(terms(&f, "2029-10-01"), Vec::<String>::new(), "91 days ahead");
        assert_eq!(terms(&f, "2029-10-02"), vec!["甲 2029-12-31 false", "丙 2029-12-31 true"], "90 days ahead; 丙 is reappointed");
        f.officers.push(officer("director", "丁", "2030-01-01", "2032-12-31"));
        assert_eq!(
            terms(&f, "2029-12-31"),
            vec!["甲 2029-12-31 true", "丙 2029-12-31 true", "乙 2030-02-28 false"],
            "a successor is on record; 乙's end is now within 90 days"
        );
        assert_eq!(terms(&f, "2030-01-01"), vec!["乙 2030-02-28 false"], "a term past its end is not listed");
        let the_director = due(&f, d("2029-11-01"), march_31).into_iter().find(|i| i.kind == DueKind::TermEnding).unwrap();
        assert_eq!((the_director.form.as_str(), the_director.role.as_deref()), ("director-appointment", Some("director")));
    }

    #[test]
    fn a_revoked_base_owes_nothing() {
        let mut f = facts("2026-06-30");
        f.revoked = true;
        assert!(due(&f, d("2029-06-01"), march_31).is_empty());
    }

    #[test]
    fn reminders_come_30_and_7_days_before() {
        let f = facts("2026-06-30");
        let plan = |today: &str| {
            let items = due(&f, d(today), march_31);
            let plan = items.into_iter().find(|i| i.kind == DueKind::TrainingPlan).unwrap();
            reminder_stage(&plan, d(today))
        };
        assert_eq!(plan("2027-02-28"), None, "31 days before");
        assert_eq!(plan("2027-03-01"), Some(30));
        assert_eq!(plan("2027-03-23"), Some(30));
        assert_eq!(plan("2027-03-24"), Some(7));
        assert_eq!(plan("2027-03-31"), Some(7), "the day itself");
        assert_eq!(plan("2027-04-01"), None, "passed");
        let mut done = due(&f, d("2027-03-24"), march_31).remove(0);
        done.done = true;
        assert_eq!(reminder_stage(&done, d("2027-03-24")), None);
    }

    #[test]
    fn keys_are_random_and_stored_apart_from_receipts() {
        let (a, b) = (new_key(), new_key());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(key_hash(&a), crate::crypto::receipt_hash(&a));
        assert_eq!(key_hash(&a), key_hash(&a));
        assert_eq!(link("https://tb.example.org", "base-1", "ab"), "https://tb.example.org/base/base-1#ab");
        let mut h = HeaderMap::new();
        h.insert(KEY_HEADER, HeaderValue::from_str(&a).unwrap());
        assert_eq!(key_of(&h), Some(a.as_str()));
        h.insert(KEY_HEADER, HeaderValue::from_static("short"));
        assert_eq!(key_of(&h), None);
    }
}
