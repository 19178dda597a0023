//! The council and the certificate, revocation and published results (PROCEDURE.md; Arts. 11,
//! 12, 24, 25), in the decision's transaction: the council's session and resolution on every
//! approval, the directions it decided for an application, the certificate's number at
//! certification, and an evaluation's result with its grounds.

use aii_rules::forms::Application;
use aii_rules::{Date, FormKind, Locale, Params, Report, ReportIssue, Value};
use axum::http::StatusCode;

use super::moves::{Move, Need};
use crate::AppState;
use crate::error::ApiError;
use crate::repo::council::{CouncilRecord, NewCertificate, NewResult};
use crate::repo::{DecisionTx, RegistryBase, RegistryChange};

/// A resolution number's length at most.
pub const RESOLUTION_MAX: usize = 60;

fn refuse(kind: FormKind, status: StatusCode, issues: Vec<ReportIssue>) -> ApiError {
    ApiError::Review(status, Report { kind: Some(kind), valid: false, issues })
}

/// Text shown back in a message: printable, at most 40 characters (params never carry raw
/// input).
fn shown(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(40).collect()
}

/// `art12.council` — Art. 12: 对公示中无异议的实训基地，经联盟常务理事会审议，正式通过为联盟实训基地.
/// Every approval records the standing council's session date (a date not after today) and
/// its resolution number (1–60 characters).
pub fn council_fields<'b>(
    date: Option<&'b str>,
    resolution: Option<&'b str>,
    today: Date,
    locale: Locale,
) -> Result<(Date, &'b str), Vec<ReportIssue>> {
    let mut issues = Vec::new();
    let date = date.map(str::trim).and_then(Date::parse).filter(|d| *d <= today);
    if date.is_none() {
        issues.extend(aii_rules::issue("art12.council", "/council_date", Params::new().with("reason", "date"), locale));
    }
    let resolution =
        resolution.map(str::trim).filter(|r| (1..=RESOLUTION_MAX).contains(&r.chars().count()) && !r.chars().any(char::is_control));
    if resolution.is_none() {
        issues.extend(aii_rules::issue("art12.council", "/resolution", Params::new().with("reason", "resolution"), locale));
    }
    match (date, resolution) {
        (Some(d), Some(r)) if issues.is_empty() => Ok((d, r)),
        _ => Err(issues),
    }
}

/// `art11.directions_decided` — Art. 11: 研究确定实训基地名单和实训方向. The directions decided at
/// an application's approval: one to three catalogue codes, by default those applied for.
pub fn decided_directions(given: Option<&[String]>, applied: Vec<String>, locale: Locale) -> Result<Vec<String>, Vec<ReportIssue>> {
    let mut codes: Vec<String> = Vec::new();
    for d in given.map_or(applied, <[String]>::to_vec) {
        let d = d.trim().to_owned();
        if !codes.contains(&d) {
            codes.push(d);
        }
    }
    let mut issues = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        if aii_rules::catalog::direction(code).is_none() {
            issues.extend(aii_rules::issue(
                "art11.directions_decided",
                &format!("/directions/{i}"),
                Params::new().with("reason", "unknown").with("code", shown(code)),
                locale,
            ));
        }
    }
    if !(1..=3).contains(&codes.len()) {
        let actual = i64::try_from(codes.len()).unwrap_or(i64::MAX);
        issues.extend(aii_rules::issue(
            "art11.directions_decided",
            "/directions",
            Params::new().with("reason", "count").with("actual", actual),
            locale,
        ));
    }
    if issues.is_empty() { Ok(codes) } else { Err(issues) }
}

/// `art24.revocation_ground` — Art. 24: 实训基地评估结果有以下情况之一的为不合格：（一）…（四）.
/// The grounds of an unqualified result or a revocation: at least one, each of (1)–(4), no
/// repeats; `direct` (from the registry, not an evaluation): only (2) and (4).
#[allow(clippy::result_large_err)] // one issue, built once per request
pub fn grounds(given: &[i64], direct: bool, locale: Locale) -> Result<Vec<i64>, ReportIssue> {
    let mut out: Vec<i64> = Vec::new();
    for g in given {
        if !(1..=4).contains(g) {
            let i = aii_rules::issue("art24.revocation_ground", "/grounds", Params::new().with("reason", "ground"), locale);
            return Err(i.unwrap_or_else(missing_rule));
        }
        if !out.contains(g) {
            out.push(*g);
        }
    }
    out.sort_unstable();
    let reason = if out.is_empty() {
        Some("ground")
    } else if direct && out.iter().any(|g| !matches!(g, 2 | 4)) {
        Some("direct")
    } else {
        None
    };
    match reason {
        None => Ok(out),
        Some(r) => {
            Err(aii_rules::issue("art24.revocation_ground", "/grounds", Params::new().with("reason", r), locale)
                .unwrap_or_else(missing_rule))
        }
    }
}

fn missing_rule() -> ReportIssue {
    ReportIssue {
        rule: "art24.revocation_ground".to_owned().into(),
        severity: aii_rules::Severity::Error,
        path: "/grounds".into(),
        article: None,
        message: String::new().into(),
        params: Params::new(),
    }
}

/// Whether a filing is on file (not returned, not withdrawn).
fn on_file(status: &str) -> bool {
    status != "returned" && status != "withdrawn"
}

/// Art. 24 (二)：无特殊原因，逾期一个月不上报评估材料. The base's next evaluation with nothing on
/// file (as `registry::due` counts it: the first period from the certification year, each later
/// one after the last on file) and the day after which (2) applies: its deadline plus one
/// calendar month. `None` for a base without a certification date or a deadline.
pub fn overdue_evaluation(b: &RegistryBase, deadline_of: impl Fn(i64) -> Option<Date>) -> Option<(i64, i64, Date)> {
    let certified = b.certified_on.as_deref().and_then(Date::parse)?;
    let from_year = b
        .filings
        .iter()
        .filter(|f| f.kind == "evaluation" && on_file(&f.status))
        .map(|f| f.cycle)
        .max()
        .map_or(i64::from(certified.year()), |last| last + 3);
    let to_year = from_year + 2;
    Some((from_year, to_year, deadline_of(to_year)?.add_months(1)))
}

/// The council's record of an approval (and, for an application, its decided directions).
async fn approve(st: &AppState, tx: &mut DecisionTx, m: &Move<'_>) -> Result<(), ApiError> {
    let today = st.config.today();
    let mut issues = Vec::new();
    // What the notice published (an application or a direction change: `publicity::step`
    // has made sure there was one, ended, with no objection standing).
    let published = st.store.approval_facts(tx, &m.s.id).await?;
    let council =
        council_fields(m.body.council_date.as_deref(), m.body.resolution.as_deref(), today, m.locale).map_err(|i| issues.extend(i));
    // Art. 12: 对公示中无异议的实训基地，经联盟常务理事会审议 — the council sits after the notice.
    if let (Ok((date, _)), Some(p)) = (&council, &published)
        && Date::parse(&p.end_date).is_some_and(|end| *date <= end)
    {
        let params = Params::new().with("reason", "after_publicity").with("end", p.end_date.clone());
        issues.extend(aii_rules::issue("art12.council", "/council_date", params, m.locale));
    }
    let directions = if m.kind == FormKind::Application {
        // By default the directions the notice published, else those applied for.
        let applied = match published.as_ref().filter(|p| !p.directions.is_empty()) {
            Some(p) => p.directions.clone(),
            None => {
                let doc: Value = serde_json::from_str(&m.s.document).map_err(|_| ApiError::unreadable("document"))?;
                Application::read(&doc)
                    .directions
                    .ok()
                    .map(|ds| ds.iter().filter_map(|d| d.get()).map(str::to_owned).collect())
                    .unwrap_or_default()
            }
        };
        decided_directions(m.body.directions.as_deref(), applied, m.locale).map(Some).map_err(|i| issues.extend(i)).ok().flatten()
    } else {
        None
    };
    let Ok((date, resolution)) = council else { return Err(refuse(m.kind, StatusCode::UNPROCESSABLE_ENTITY, issues)) };
    if !issues.is_empty() {
        return Err(refuse(m.kind, StatusCode::UNPROCESSABLE_ENTITY, issues));
    }
    let date = date.to_string();
    let record = CouncilRecord {
        submission_id: &m.s.id,
        council_date: &date,
        resolution,
        directions: directions.as_deref(),
        actor: m.actor,
        now_ms: m.now_ms,
    };
    st.store.record_council(tx, &record).await?;
    Ok(())
}

/// `art12.certificate` — Art. 12: 正式通过为联盟实训基地，并颁发证牌. Certification issues the
/// certificate: the next number of the year (`AII-TB-{year}-{NNN}`), the base's Art. 12 name,
/// its responsible unit, the decided directions and today's date.
async fn certify(st: &AppState, tx: &mut DecisionTx, m: &Move<'_>) -> Result<(), ApiError> {
    let Some(RegistryChange::NewBase(base)) = m.registry else { return Err(ApiError::unreadable("document for the registry")) };
    let today = st.config.today();
    let issued_on = today.to_string();
    let b = &base.identity;
    let c = NewCertificate {
        year: i64::from(today.year()),
        issued_on: &issued_on,
        base_id: &b.id,
        submission_id: &m.s.id,
        name: &b.full_name,
        unit: &b.responsible_name,
        directions: &b.directions,
    };
    match st.store.issue_certificate(tx, &c).await? {
        Some(number) => {
            tracing::info!(id = %m.s.id, certificate = %number, "certificate issued");
            // The base's own page opens with a key made here, so that a certified base always
            // has one (stored hashed, committed with the certificate); its link goes to the
            // application's contact by e-mail, queued in the same transaction.
            let key = crate::base_page::issue_key(st, tx, &b.id, m.actor, m.now_ms).await?;
            let doc: Value = serde_json::from_str(&m.s.document).map_err(|_| ApiError::unreadable("document"))?;
            crate::outbox::base_page(st, tx, crate::outbox::contact_email(&doc), &b.id, &b.full_name, &key, m.now_ms).await?;
            Ok(())
        }
        // The year's lock makes this unreachable; the constraint is the last word.
        None => Err(ApiError::Busy { retry_after_secs: 1 }),
    }
}

/// An evaluation's result, published (Art. 25: 确定实训基地评估结果并向社会公布); `unqualified`
/// names its ground(s) of Art. 24 (the registry's revocation is the decision's own change).
async fn evaluation_result(st: &AppState, tx: &mut DecisionTx, m: &Move<'_>) -> Result<(), ApiError> {
    let grounds = if m.to == "unqualified" {
        grounds(m.body.grounds.as_deref().unwrap_or(&[]), false, m.locale)
            .map_err(|i| refuse(m.kind, StatusCode::UNPROCESSABLE_ENTITY, vec![i]))?
    } else {
        Vec::new()
    };
    let Some(base_id) = m.s.base_id.as_deref() else { return Err(ApiError::unreadable("base")) };
    let doc: Value = serde_json::from_str(&m.s.document).map_err(|_| ApiError::unreadable("document"))?;
    let year = |p: &str| match doc.pointer(p) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    let decided_on = st.config.today().to_string();
    let note = m.body.note.trim();
    let r = NewResult {
        base_id,
        submission_id: Some(&m.s.id),
        result: m.to,
        grounds: &grounds,
        note,
        from_year: year("/period/from_year").or(m.s.cycle),
        to_year: year("/period/to_year"),
        decided_on: &decided_on,
        actor: m.actor,
        now_ms: m.now_ms,
    };
    st.store.record_result(tx, &r).await?;
    Ok(())
}

/// The council's part of a decision (see the module's doc).
/// What the desk's decision form must supply for a move, as the desk shows it before the
/// decision ([`step`] checks it with the decision's fields): the council's date and resolution
/// for every approval (`art12.council`), the grounds of an `unqualified` result
/// (`art24.revocation_ground`).
pub fn needs(kind: FormKind, to: &str, locale: Locale) -> Vec<Need> {
    let need = |rule: &str, path: &str, reason: &str| {
        aii_rules::issue(rule, path, Params::new().with("reason", reason.to_owned()), locale).map(|issue| Need { issue, met: None })
    };
    match (kind, to) {
        (_, "approved") => [need("art12.council", "/council_date", "date"), need("art12.council", "/resolution", "resolution")]
            .into_iter()
            .flatten()
            .collect(),
        (FormKind::Evaluation, "unqualified") => need("art24.revocation_ground", "/grounds", "ground").into_iter().collect(),
        _ => Vec::new(),
    }
}

pub async fn step(st: &AppState, tx: &mut DecisionTx, m: &Move<'_>) -> Result<(), ApiError> {
    match (m.kind, m.to) {
        (_, "approved") => approve(st, tx, m).await,
        (FormKind::Application, "certified") => certify(st, tx, m).await,
        (FormKind::Evaluation, "qualified" | "unqualified") => evaluation_result(st, tx, m).await,
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn the_council_needs_a_date_and_a_resolution() {
        let today = d("2027-03-01");
        assert!(council_fields(Some("2027-03-01"), Some("常务理事会决议〔2027〕3号"), today, Locale::Zh).is_ok());
        let e = council_fields(Some("2027-03-02"), Some(""), today, Locale::En).unwrap_err();
        assert_eq!(e.iter().map(|i| i.path.as_str()).collect::<Vec<_>>(), vec!["/council_date", "/resolution"]);
        assert!(council_fields(None, Some(&"x".repeat(61)), today, Locale::Zh).unwrap_err().len() == 2);
    }

    #[test]
    fn directions_default_to_those_applied_for() {
        let applied = vec!["network.implementation".to_owned()];
        assert_eq!(decided_directions(None, applied.clone(), Locale::Zh).unwrap(), applied);
        assert!(decided_directions(Some(&[]), applied.clone(), Locale::Zh).is_err());
        assert!(decided_directions(Some(&["no.such".to_owned()]), applied, Locale::Zh).is_err());
    }

    #[test]
    fn grounds_of_article_24() {
        assert_eq!(grounds(&[3, 1, 3], false, Locale::Zh).unwrap(), vec![1, 3]);
        assert!(grounds(&[], false, Locale::Zh).is_err());
        assert!(grounds(&[5], false, Locale::Zh).is_err());
        assert!(grounds(&[1], true, Locale::Zh).is_err());
        assert_eq!(grounds(&[4, 2], true, Locale::Zh).unwrap(), vec![2, 4]);
    }
}
