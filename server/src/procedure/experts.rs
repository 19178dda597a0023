//! Expert review and the site check (PROCEDURE.md "People", "Expert review", "Site check";
//! Art. 11: 联盟组织专家……进行答辩评审。根据专家评审意见，视情况开展现场核查).
//!
//! The secretariat makes expert accounts, assigns experts to a submission
//! (`art11.expert_conflict`), reads their opinions (each score, the mean and the spread),
//! records a site check (`art11.site_check`) and ranks a round's applications. An expert sees
//! only what it is assigned, masked, and files its opinion (`art11.opinion`), a new version
//! each time. [`step`] holds a decision to `art11.expert_quorum` and to the site check.
//!
//! Everything an expert or the secretariat files here runs in a transaction that takes the
//! submission's decision key (`review::decision_keys`: `submission:{id}`), so it serialises
//! with the decisions about that submission: an opinion is either in before a decision's
//! quorum count, or refused as closed after it.

use std::collections::BTreeMap;

use aii_api::experts::{
    AssignBody, AssignmentView, ConflictBody, Criterion, ExpertCreated, ExpertView, NewExpert, OpinionBody, OpinionView, OpinionsSummary,
    ReviewDetail, ReviewItem, RoundItem, RoundPage, ScoreStat, SiteCheckBody, SiteCheckView,
};
use aii_rules::rules::procedure::{FINDINGS_MIN, OPINION_MIN, SCORE_MAX};
use aii_rules::{Date, FormKind, Locale, Params, Report, ReportIssue, Severity, Value};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::moves::Need;
use crate::AppState;
use crate::error::{ApiError, json, refusal};
use crate::extract::{JsonBody, Lang, known_id};
use crate::repo::experts::{AssignmentRow, ExpertProfile, NewOpinion, OpinionRow, SiteCheckRow};
use crate::repo::{DecisionTx, NewAudit, StoredSubmission};
use crate::review::{kind_of, status_of};
use crate::session::{Admin, Expert};

/// The least a note must say when a decision approves despite a site check's discrepancies
/// (`art11.site_check`, reason `discrepancies`). PROCEDURE.md asks for "a note"; every
/// decision has one, so a note that says *how* is taken to be at least this long — 20
/// characters, a short sentence in Chinese (the objection's reason has the same floor).
pub const DISCREPANCY_NOTE_MIN: usize = 20;
/// The longest written opinion, conflict note, inspectors' list or findings kept.
pub const TEXT_MAX: usize = 5000;

/// The criteria of a kind with expert review (PROCEDURE.md, "Criteria"); none for the others.
pub fn criteria(kind: FormKind) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        FormKind::Application => &[
            ("art7_1", "第七条（一）责任单位资格", "Art. 7(1) the responsible unit's standing"),
            ("art7_2", "第七条（二）实训方向", "Art. 7(2) training directions"),
            ("art7_3", "第七条（三）实训条件", "Art. 7(3) training facilities"),
            ("art7_4", "第七条（四）管理制度", "Art. 7(4) management rules"),
            ("art7_5", "第七条（五）联盟研究成果", "Art. 7(5) the alliance's research outputs"),
            ("art7_6", "第七条（六）应用推广能力", "Art. 7(6) application and promotion capability"),
            ("art18", "第十八条 师资队伍", "Art. 18 the teaching team"),
        ],
        FormKind::DirectionChange => &[
            ("necessity", "确因发展需要", "Necessity (确因发展需要)"),
            ("capacity", "新方向的实训能力", "Capacity for the new directions"),
            ("continuity", "在训学员的连续性", "Continuity for trainees"),
        ],
        FormKind::Evaluation => &[
            ("plan", "实训计划", "Training plan"),
            ("tasks", "实训任务完成情况", "Training tasks"),
            ("assessment", "学员考核", "Trainee assessment"),
            ("team", "师资队伍", "Teaching team"),
            ("openness", "开放共享", "Openness"),
            ("operations", "运行管理", "Operations"),
        ],
        FormKind::DirectorAppointment | FormKind::AnnualAssessment | FormKind::TrainingPlan => &[],
    }
}

fn criteria_view(kind: FormKind) -> Vec<Criterion> {
    criteria(kind).iter().map(|(code, zh, en)| Criterion { code: (*code).into(), zh: (*zh).into(), en: (*en).into() }).collect()
}

/// Statuses in which experts may be assigned.
const ASSIGNABLE: &[&str] = &["submitted", "under_review"];
/// Statuses in which an opinion may be filed or revised: until the submission leaves review
/// (after a site check's findings the experts may still revise). One resubmitted after a
/// return is `submitted` again, and may be re-assessed.
const OPEN: &[&str] = &["submitted", "under_review", "site_check"];
/// Where a decision out of `under_review` or `site_check` does not carry the submission on.
const BACKWARDS: &[&str] = &["returned", "rejected", "voided"];
/// The decisions that approve (or find qualified) a submission.
const APPROVING: &[&str] = &["approved", "qualified"];

/// A rule of the catalogue's issue (`aii_rules::rules::procedure`).
fn issue(rule: &str, path: &str, params: Params, locale: Locale) -> ReportIssue {
    aii_rules::issue(rule, path, params.clone(), locale).unwrap_or_else(|| ReportIssue {
        rule: rule.to_string().into(),
        severity: Severity::Error,
        path: path.into(),
        article: None,
        message: "".into(),
        params,
    })
}

fn refused(status: StatusCode, kind: Option<FormKind>, issues: Vec<ReportIssue>) -> ApiError {
    ApiError::Review(status, Report { kind, valid: false, issues })
}

fn one(status: StatusCode, kind: Option<FormKind>, rule: &str, path: &str, params: Params, locale: Locale) -> ApiError {
    ApiError::Review(status, refusal(kind, issue(rule, path, params, locale)))
}

/// A name for lists: its first character, the rest masked (`王**`).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

fn chars(s: &str) -> usize {
    s.trim().chars().count()
}

/// A text field: trimmed, within `max` characters, without U+0000.
fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    (t.chars().count() <= TEXT_MAX && !t.contains('\0')).then(|| t.to_owned())
}

/// A date `YYYY-MM-DD` no later than `today`.
fn past_date(s: &str, today: Date) -> Option<Date> {
    Date::parse(s.trim()).filter(|d| *d <= today)
}

async fn stored(st: &AppState, id: &str) -> Result<(StoredSubmission, FormKind), ApiError> {
    use crate::repo::Repository;
    let s = st.store.stored_submission(known_id(id)?).await?.ok_or(ApiError::NotFound)?;
    let kind = kind_of(&s.kind)?;
    Ok((s, kind))
}

async fn lock(st: &AppState, id: &str) -> Result<DecisionTx, ApiError> {
    Ok(st.store.begin_decision(&[format!("submission:{id}")]).await?)
}

fn audit(actor: &str, action: &str, id: &str, now_ms: i64) -> NewAudit {
    NewAudit {
        actor: actor.to_owned(),
        action: action.to_owned(),
        submission_id: Some(id.to_owned()),
        at_ms: now_ms,
        ..NewAudit::default()
    }
}

// --- Expert accounts (the secretariat) ---

fn desk_issue(rule: &'static str, path: &str, zh: &str, en: &str, locale: Locale) -> ReportIssue {
    ReportIssue {
        rule: rule.to_string().into(),
        severity: Severity::Error,
        path: path.into(),
        article: None,
        message: if locale == Locale::En { en.to_owned().into() } else { zh.to_owned().into() },
        params: Params::new(),
    }
}

#[utoipa::path(
    post, path = "/api/v1/admin/experts", tag = "experts",
    request_body = aii_api::experts::NewExpert,
    responses(
        (status = 201, description = "The expert's account; a generated password is in this answer only.", body = aii_api::experts::ExpertCreated),
        (status = 400), (status = 401), (status = 403, description = "Not a secretariat session (`desk.role`)."),
        (status = 422, description = "`desk.expert`: a field is missing or wrong, or the username is taken.", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn create_expert(
    State(st): State<AppState>,
    admin: Admin,
    Lang(locale): Lang,
    JsonBody(b): JsonBody<NewExpert>,
) -> Result<Response, ApiError> {
    let mut issues = Vec::new();
    let username = crate::accounts::normalise_username(&b.username);
    if username.is_none() {
        issues.push(desk_issue(
            "desk.expert",
            "/username",
            "用户名须为3至64个小写字母、数字或 . _ -",
            "A username is 3 to 64 of a-z, 0-9, `.`, `_` or `-`",
            locale,
        ));
    }
    let profile = ExpertProfile::checked(&b.name, &b.title, &b.employer, &b.employer_uscc);
    if let Err(field) = profile {
        let (zh, en) = match field {
            "employer_uscc" => ("请填写有效的工作单位统一社会信用代码", "Enter the employer's valid unified social credit code"),
            "name" => ("请填写专家姓名（1至100字）", "Enter the expert's name (1 to 100 characters)"),
            "title" => ("请填写专家职称（1至100字）", "Enter the expert's title (1 to 100 characters)"),
            _ => ("请填写工作单位（1至100字）", "Enter the employer (1 to 100 characters)"),
        };
        issues.push(desk_issue("desk.expert", &format!("/{field}"), zh, en, locale));
    }
    let given = b.password.as_deref().filter(|p| !p.is_empty());
    if let Some(p) = given
        && crate::accounts::password_weakness(p).is_some()
    {
        issues.push(desk_issue(
            "desk.expert",
            "/password",
            "密码至少12个字符，且不能全为空白或同一字符",
            "A password has at least 12 characters, not only white space nor one character repeated",
            locale,
        ));
    }
    let (Some(username), Ok(profile), true) = (username, profile, issues.is_empty()) else {
        return Err(refused(StatusCode::UNPROCESSABLE_ENTITY, None, issues));
    };
    let (password, generated) = match given {
        Some(p) => (p.to_owned(), false),
        None => (crate::crypto::random_hex(12), true),
    };
    let hash = crate::accounts::hash_password(&password).map_err(|_| ApiError::BadRequest("the password could not be hashed"))?;
    let now = crate::time::now_ms();
    if !st.store.create_expert(&username, &hash, &profile, now).await? {
        let i = desk_issue("desk.expert", "/username", "该用户名已被使用", "This username is taken", locale);
        return Err(refused(StatusCode::UNPROCESSABLE_ENTITY, None, vec![i]));
    }
    use crate::repo::Repository;
    st.store
        .append_audit(&NewAudit {
            actor: admin.user.username.clone(),
            action: "expert_account".into(),
            detail: Some(username.clone()),
            at_ms: now,
            ..NewAudit::default()
        })
        .await?;
    tracing::info!("expert account created");
    Ok(json(StatusCode::CREATED, &ExpertCreated { username, password: generated.then_some(password) }))
}

#[utoipa::path(
    get, path = "/api/v1/admin/experts", tag = "experts",
    responses((status = 200, description = "The expert accounts (names masked).", body = Vec<aii_api::experts::ExpertView>), (status = 401), (status = 403))
)]
pub async fn list_experts(State(st): State<AppState>, _admin: Admin) -> Result<Response, ApiError> {
    let experts = st.store.experts().await?;
    let out: Vec<ExpertView> = experts
        .into_iter()
        .map(|e| ExpertView {
            username: e.username,
            name: mask_name(&e.profile.name),
            title: e.profile.title,
            employer: e.profile.employer,
            employer_uscc: e.profile.employer_uscc,
            disabled: e.disabled,
        })
        .collect();
    Ok(json(StatusCode::OK, &out))
}

// --- Assignments (the secretariat) ---

/// Every USCC a document names (the responsible unit's, the partners'), upper-cased.
fn usccs(doc: &serde_json::Value, out: &mut Vec<String>) {
    match doc {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("uscc", serde_json::Value::String(u)) => out.push(u.trim().to_ascii_uppercase()),
                    _ => usccs(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| usccs(v, out)),
        _ => {}
    }
}

/// `art11.expert_conflict`: 联盟组织专家……进行答辩评审 — an expert is not assigned to a
/// submission whose responsible unit or any partner has its employer's USCC (the expert would
/// judge its own employer), nor to one it declared a conflict for; only an enabled expert's
/// account can be assigned (reason `unknown`), and only while the submission awaits or is in
/// expert review (reason `closed`).
#[utoipa::path(
    post, path = "/api/v1/admin/submissions/{id}/assignments", tag = "experts",
    params(("id" = String, Path)), request_body = aii_api::experts::AssignBody,
    responses(
        (status = 200, description = "Assigned (or already so): the submission's review.", body = aii_api::experts::OpinionsSummary),
        (status = 401), (status = 403), (status = 404),
        (status = 409, description = "`art11.expert_conflict` (`employer`, `declared`, `closed`).", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`art11.expert_conflict` (`unknown`).", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn assign(
    State(st): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Lang(locale): Lang,
    JsonBody(b): JsonBody<AssignBody>,
) -> Result<Response, ApiError> {
    let (s, kind) = stored(&st, &id).await?;
    let rule = "art11.expert_conflict";
    let name = crate::accounts::normalise_username(&b.expert);
    let expert = match &name {
        Some(n) => st.store.expert(n).await?.filter(|e| !e.disabled),
        None => None,
    };
    // Params never carry raw input: a name that cannot be an account's is not repeated.
    let shown = name.clone().unwrap_or_else(|| "—".to_owned());
    let Some(expert) = expert else {
        let p = Params::new().with("reason", "unknown").with("expert", shown);
        return Err(one(StatusCode::UNPROCESSABLE_ENTITY, Some(kind), rule, "/expert", p, locale));
    };
    let mut tx = lock(&st, &s.id).await?;
    let status = tx.status(&s.id).await?.ok_or(ApiError::NotFound)?;
    if criteria(kind).is_empty() || !ASSIGNABLE.contains(&status.as_str()) {
        let p = Params::new().with("reason", "closed").with("expert", expert.username.clone());
        return Err(one(StatusCode::CONFLICT, Some(kind), rule, "/expert", p, locale));
    }
    let doc: serde_json::Value = serde_json::from_str(&s.document).map_err(|_| ApiError::unreadable("document"))?;
    let mut units = Vec::new();
    usccs(&doc, &mut units);
    units.extend(s.unit_uscc.iter().map(|u| u.to_ascii_uppercase()));
    if units.contains(&expert.profile.employer_uscc) {
        let p = Params::new()
            .with("reason", "employer")
            .with("expert", expert.username.clone())
            .with("uscc", expert.profile.employer_uscc.clone());
        return Err(one(StatusCode::CONFLICT, Some(kind), rule, "/expert", p, locale));
    }
    if tx.declared(expert.id, &s.id).await? {
        let p = Params::new().with("reason", "declared").with("expert", expert.username.clone());
        return Err(one(StatusCode::CONFLICT, Some(kind), rule, "/expert", p, locale));
    }
    let mut a = audit(&admin.user.username, "assign", &s.id, crate::time::now_ms());
    a.detail = Some(expert.username.clone());
    if tx.assign(&s.id, expert.id, &a).await? {
        tx.commit().await?;
        tracing::info!(id = %s.id, "expert assigned");
    } else {
        drop(tx);
    }
    summary(&st, &s.id).await
}

// --- The secretariat's view of the opinions ---

fn opinion_view(o: &OpinionRow) -> Result<OpinionView, ApiError> {
    let scores: BTreeMap<String, i64> = serde_json::from_str(&o.scores).map_err(|_| ApiError::unreadable("opinion"))?;
    Ok(OpinionView {
        expert: o.expert.clone(),
        version: o.version,
        scores,
        recommendation: o.recommendation.clone(),
        text: o.text.clone(),
        defence_date: o.defence_date.clone(),
        filed_at: crate::time::rfc3339(o.filed_at_ms),
    })
}

/// Each assigned expert's latest version (opinions of experts no longer assigned, or of a
/// declared conflict, do not count), in the order they were first filed.
fn latest(all: &[OpinionRow]) -> Vec<&OpinionRow> {
    let mut out: Vec<&OpinionRow> = Vec::new();
    for o in all.iter().filter(|o| o.assigned) {
        match out.iter_mut().find(|l| l.expert_id == o.expert_id) {
            Some(l) if l.version < o.version => *l = o,
            Some(_) => {}
            None => out.push(o),
        }
    }
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn stat(code: &str, values: &[f64]) -> ScoreStat {
    let count = i64::try_from(values.len()).unwrap_or(i64::MAX);
    if values.is_empty() {
        return ScoreStat { code: code.into(), count, mean: None, spread: None };
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let max = values.iter().copied().fold(f64::MIN, f64::max);
    let min = values.iter().copied().fold(f64::MAX, f64::min);
    ScoreStat { code: code.into(), count, mean: Some(round2(mean)), spread: Some(round2(max - min)) }
}

/// An opinion's mean over the kind's criteria.
fn opinion_mean(kind: FormKind, o: &OpinionView) -> Option<f64> {
    let c = criteria(kind);
    let scores: Vec<f64> = c.iter().filter_map(|(code, ..)| o.scores.get(*code)).map(|s| *s as f64).collect();
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

/// Per criterion the mean and spread (highest minus lowest) of the latest opinions, then
/// `overall`: the mean and spread of each expert's own mean.
fn stats(kind: FormKind, latest: &[OpinionView]) -> Vec<ScoreStat> {
    let mut out: Vec<ScoreStat> = criteria(kind)
        .iter()
        .map(|(code, ..)| {
            let v: Vec<f64> = latest.iter().filter_map(|o| o.scores.get(*code)).map(|s| *s as f64).collect();
            stat(code, &v)
        })
        .collect();
    let means: Vec<f64> = latest.iter().filter_map(|o| opinion_mean(kind, o)).collect();
    out.push(stat("overall", &means));
    out
}

fn site_check_view(c: SiteCheckRow) -> SiteCheckView {
    SiteCheckView {
        date: c.date,
        inspectors: c.inspectors,
        findings: c.findings,
        conclusion: c.conclusion,
        recorded_by: c.recorded_by,
        at: crate::time::rfc3339(c.at_ms),
    }
}

fn assignment_view(a: AssignmentRow) -> AssignmentView {
    AssignmentView {
        expert: a.expert.username,
        name: mask_name(&a.expert.profile.name),
        title: a.expert.profile.title,
        employer: a.expert.profile.employer,
        assigned_by: a.assigned_by,
        at: crate::time::rfc3339(a.at_ms),
        declared_conflict: a.declared,
    }
}

async fn summary(st: &AppState, id: &str) -> Result<Response, ApiError> {
    let (s, kind) = stored(st, id).await?;
    let all = st.store.opinions(&s.id).await?;
    let latest: Vec<OpinionView> = latest(&all).into_iter().map(opinion_view).collect::<Result<_, _>>()?;
    let out = OpinionsSummary {
        id: s.id.clone(),
        kind,
        status: status_of(&s.status)?,
        reviewed: !criteria(kind).is_empty(),
        criteria: criteria_view(kind),
        quorum: i64::from(st.config.expert_quorum),
        assignments: st.store.assignments(&s.id).await?.into_iter().map(assignment_view).collect(),
        stats: stats(kind, &latest),
        latest,
        history: all.iter().map(opinion_view).collect::<Result<_, _>>()?,
        site_checks: st.store.site_checks(&s.id).await?.into_iter().map(site_check_view).collect(),
    };
    Ok(json(StatusCode::OK, &out))
}

#[utoipa::path(
    get, path = "/api/v1/admin/submissions/{id}/opinions", tag = "experts",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Assigned experts, each one's latest opinion, mean and spread per criterion and overall, every version, the site checks.", body = aii_api::experts::OpinionsSummary),
        (status = 401), (status = 403), (status = 404),
    )
)]
pub async fn opinions(State(st): State<AppState>, _admin: Admin, Path(id): Path<String>) -> Result<Response, ApiError> {
    summary(&st, &id).await
}

/// PROCEDURE.md, "Selection round": 每年集中遴选一次 — a round's applications as one list,
/// ranked by the experts' mean score, joint applications (`art9.joint_priority`) marked
/// 优先推荐 and placed first among equal scores; those without opinions last.
#[utoipa::path(
    get, path = "/api/v1/admin/rounds/{year}", tag = "experts",
    params(("year" = i64, Path)),
    responses((status = 200, body = aii_api::experts::RoundPage), (status = 400), (status = 401), (status = 403))
)]
pub async fn round(State(st): State<AppState>, _admin: Admin, Path(year): Path<String>) -> Result<Response, ApiError> {
    let year: i64 = year.parse().ok().filter(|y| (2000..=9999).contains(y)).ok_or(ApiError::BadRequest("year: a year such as 2027"))?;
    let (rows, opinions) = st.store.round(year).await?;
    let mut items: Vec<(RoundItem, i64)> = Vec::with_capacity(rows.len());
    for r in rows {
        let mine: Vec<OpinionRow> = opinions.iter().filter(|o| o.submission_id == r.id).cloned().collect();
        let latest: Vec<OpinionView> = latest(&mine).into_iter().map(opinion_view).collect::<Result<_, _>>()?;
        let means: Vec<f64> = latest.iter().filter_map(|o| opinion_mean(FormKind::Application, o)).collect();
        let mean = stat("overall", &means).mean;
        let item = RoundItem {
            rank: 0,
            id: r.id,
            status: status_of(&r.status)?,
            unit_name: r.unit_name,
            priority: r.priority,
            mean,
            opinions: i64::try_from(latest.len()).unwrap_or(0),
        };
        items.push((item, r.created_at_ms));
    }
    items.sort_by(|(a, at), (b, bt)| {
        let score = |m: Option<f64>| m.unwrap_or(-1.0);
        score(b.mean).total_cmp(&score(a.mean)).then(b.priority.cmp(&a.priority)).then(at.cmp(bt)).then(a.id.cmp(&b.id))
    });
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, (mut item, _))| {
            item.rank = i64::try_from(i + 1).unwrap_or(0);
            item
        })
        .collect();
    Ok(json(StatusCode::OK, &RoundPage { year, items }))
}

// --- The site check (the secretariat) ---

/// `art11.site_check`: 根据专家评审意见，视情况开展现场核查 — recorded while the submission is
/// at the site check, with its date (not after today), the inspectors, findings of at least
/// 50 characters and a conclusion (`confirmed`, `discrepancies`).
#[utoipa::path(
    post, path = "/api/v1/admin/submissions/{id}/site-check", tag = "experts",
    params(("id" = String, Path)), request_body = aii_api::experts::SiteCheckBody,
    responses(
        (status = 201, description = "Recorded: the submission's review.", body = aii_api::experts::OpinionsSummary),
        (status = 401), (status = 403), (status = 404),
        (status = 409, description = "`art11.site_check` (`status`): not at the site check.", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`art11.site_check`: a field is missing or wrong.", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn site_check(
    State(st): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Lang(locale): Lang,
    JsonBody(b): JsonBody<SiteCheckBody>,
) -> Result<Response, ApiError> {
    let (s, kind) = stored(&st, &id).await?;
    let rule = "art11.site_check";
    let mut issues = Vec::new();
    let date = past_date(&b.date, st.config.today());
    if date.is_none() {
        issues.push(issue(rule, "/date", Params::new().with("reason", "date"), locale));
    }
    let inspectors = clean(&b.inspectors).filter(|t| !t.is_empty());
    if inspectors.is_none() {
        issues.push(issue(rule, "/inspectors", Params::new().with("reason", "inspectors"), locale));
    }
    let findings = clean(&b.findings).filter(|t| chars(t) >= FINDINGS_MIN);
    if findings.is_none() {
        let p = Params::new().with("reason", "findings").with("min", FINDINGS_MIN).with("actual", chars(&b.findings));
        issues.push(issue(rule, "/findings", p, locale));
    }
    let conclusion = b.conclusion.trim();
    if !matches!(conclusion, "confirmed" | "discrepancies") {
        issues.push(issue(rule, "/conclusion", Params::new().with("reason", "conclusion"), locale));
    }
    let (Some(date), Some(inspectors), Some(findings), true) = (date, inspectors, findings, issues.is_empty()) else {
        return Err(refused(StatusCode::UNPROCESSABLE_ENTITY, Some(kind), issues));
    };
    let mut tx = lock(&st, &s.id).await?;
    if tx.status(&s.id).await?.as_deref() != Some("site_check") {
        return Err(one(StatusCode::CONFLICT, Some(kind), rule, "", Params::new().with("reason", "status"), locale));
    }
    let now = crate::time::now_ms();
    let row = SiteCheckRow {
        submission_id: s.id.clone(),
        date: date.to_string(),
        inspectors,
        findings,
        conclusion: conclusion.to_owned(),
        recorded_by: admin.user.username.clone(),
        at_ms: now,
    };
    let mut a = audit(&admin.user.username, "site_check", &s.id, now);
    a.detail = Some(conclusion.to_owned());
    tx.record_site_check(&row, &a).await?;
    tx.commit().await?;
    tracing::info!(id = %s.id, "site check recorded");
    let mut res = summary(&st, &s.id).await?;
    *res.status_mut() = StatusCode::CREATED;
    Ok(res)
}

// --- The expert's desk ---

#[utoipa::path(
    get, path = "/api/v1/admin/reviews", tag = "experts",
    responses((status = 200, description = "The submissions assigned to the logged-in expert.", body = Vec<aii_api::experts::ReviewItem>), (status = 401), (status = 403, description = "Not an expert's session (`desk.role`)."))
)]
pub async fn reviews(State(st): State<AppState>, expert: Expert) -> Result<Response, ApiError> {
    let rows = st.store.reviews_of(expert.user.id).await?;
    let out: Vec<ReviewItem> = rows
        .into_iter()
        .map(|r| {
            Ok(ReviewItem {
                kind: kind_of(&r.kind)?,
                status: status_of(&r.status)?,
                id: r.id,
                unit_name: r.unit_name,
                cycle: r.cycle,
                assigned_at: crate::time::rfc3339(r.assigned_at_ms),
                versions: r.versions,
                declared_conflict: r.declared,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(json(StatusCode::OK, &out))
}

/// The submission, when this expert is assigned to it: 404 when there is none, 403
/// (`art11.opinion`, `not_assigned`) when it is someone else's.
async fn assigned(st: &AppState, expert: &Expert, id: &str, locale: Locale) -> Result<(StoredSubmission, FormKind), ApiError> {
    let (s, kind) = stored(st, id).await?;
    let mine = st.store.reviews_of(expert.user.id).await?.iter().any(|r| r.id == s.id);
    if !mine {
        return Err(one(StatusCode::FORBIDDEN, Some(kind), "art11.opinion", "", Params::new().with("reason", "not_assigned"), locale));
    }
    Ok((s, kind))
}

/// What an expert sees of a document: the desk's masking (ID numbers, phones) and the
/// contact's name and e-mail.
fn masked_for_expert(kind: FormKind, doc: &Value) -> (Value, Vec<String>) {
    let (mut out, mut masked) = crate::review::masked_document(kind, doc);
    for (ptr, email) in [("/contact/name", false), ("/contact/email", true)] {
        if let Some(Value::Str(v)) = doc.pointer(ptr)
            && !v.trim().is_empty()
        {
            let m = if email { crate::review::mask_email(v) } else { mask_name(v) };
            out.set_pointer(ptr, Value::Str(m));
            masked.push(ptr.to_owned());
        }
    }
    (out, masked)
}

#[utoipa::path(
    get, path = "/api/v1/admin/reviews/{id}", tag = "experts",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The document (personal data masked), the criteria, its own versions, and the others' latest opinions once it filed its own.", body = aii_api::experts::ReviewDetail),
        (status = 401), (status = 403, description = "Not assigned (`art11.opinion`, `not_assigned`), or not an expert."), (status = 404),
    )
)]
pub async fn review(State(st): State<AppState>, expert: Expert, Path(id): Path<String>, Lang(locale): Lang) -> Result<Response, ApiError> {
    let (s, kind) = assigned(&st, &expert, &id, locale).await?;
    let doc: Value = serde_json::from_str(&s.document).map_err(|_| ApiError::unreadable("document"))?;
    let (document, masked_fields) = masked_for_expert(kind, &doc);
    let all = st.store.opinions(&s.id).await?;
    let mine: Vec<OpinionView> = all.iter().filter(|o| o.expert_id == expert.user.id).map(opinion_view).collect::<Result<_, _>>()?;
    // Experts never see one another's opinions before they have filed their own.
    let others = if mine.is_empty() {
        Vec::new()
    } else {
        latest(&all).into_iter().filter(|o| o.expert_id != expert.user.id).map(opinion_view).collect::<Result<_, _>>()?
    };
    let declared = st.store.reviews_of(expert.user.id).await?.iter().any(|r| r.id == s.id && r.declared);
    let out = ReviewDetail {
        open: OPEN.contains(&s.status.as_str()) && !declared,
        status: status_of(&s.status)?,
        id: s.id,
        kind,
        unit_name: s.unit_name,
        document,
        masked_fields,
        criteria: criteria_view(kind),
        declared_conflict: declared,
        mine,
        others,
        attachments: crate::attachments::views(&st.store.attachments_of(id.as_str()).await?),
    };
    Ok(json(StatusCode::OK, &out))
}

/// `art11.opinion`: 联盟组织专家……进行答辩评审 — a whole score 0–10 for every criterion of the
/// kind (and none other), a recommendation, a written opinion of at least 50 characters and
/// the defence's date (not after today); every filing is a new version, until the
/// submission leaves review (reason `closed`).
pub fn check_opinion(
    kind: FormKind,
    b: &OpinionBody,
    today: Date,
    locale: Locale,
) -> Result<(BTreeMap<String, i64>, String), Vec<ReportIssue>> {
    let rule = "art11.opinion";
    let mut issues = Vec::new();
    let mut scores = BTreeMap::new();
    let c = criteria(kind);
    for (code, zh, en) in c {
        let label = if locale == Locale::En { *en } else { *zh };
        match b.scores.get(*code) {
            Some(v) if v.fract() == 0.0 && (0.0..=SCORE_MAX as f64).contains(v) => {
                scores.insert((*code).to_owned(), *v as i64);
            }
            _ => {
                issues.push(issue(rule, &format!("/scores/{code}"), Params::new().with("reason", "score").with("criterion", label), locale))
            }
        }
    }
    for key in b.scores.keys().filter(|k| !c.iter().any(|(code, ..)| code == k)) {
        let shown: String = key.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
        issues.push(issue(rule, "/scores", Params::new().with("reason", "score").with("criterion", shown), locale));
    }
    if !matches!(b.recommendation.as_str(), "recommend" | "recommend_with_changes" | "not_recommend") {
        issues.push(issue(rule, "/recommendation", Params::new().with("reason", "recommendation"), locale));
    }
    let text = clean(&b.text).filter(|t| chars(t) >= OPINION_MIN);
    if text.is_none() {
        let p = Params::new().with("reason", "text").with("min", OPINION_MIN).with("actual", chars(&b.text));
        issues.push(issue(rule, "/text", p, locale));
    }
    if past_date(&b.defence_date, today).is_none() {
        issues.push(issue(rule, "/defence_date", Params::new().with("reason", "defence_date"), locale));
    }
    match text {
        Some(t) if issues.is_empty() => Ok((scores, t)),
        _ => Err(issues),
    }
}

#[utoipa::path(
    post, path = "/api/v1/admin/reviews/{id}/opinion", tag = "experts",
    params(("id" = String, Path)), request_body = aii_api::experts::OpinionBody,
    responses(
        (status = 201, description = "Filed: the new version.", body = aii_api::experts::OpinionView),
        (status = 401), (status = 403, description = "Not assigned, or not an expert."), (status = 404),
        (status = 409, description = "`art11.opinion` (`closed`), or `art11.expert_conflict` (`declared`).", body = aii_api::schema::ReportDoc),
        (status = 422, description = "`art11.opinion`: scores, recommendation, text or date.", body = aii_api::schema::ReportDoc),
    )
)]
pub async fn file_opinion(
    State(st): State<AppState>,
    expert: Expert,
    Path(id): Path<String>,
    Lang(locale): Lang,
    JsonBody(b): JsonBody<OpinionBody>,
) -> Result<Response, ApiError> {
    let (s, kind) = assigned(&st, &expert, &id, locale).await?;
    let (scores, text) =
        check_opinion(kind, &b, st.config.today(), locale).map_err(|i| refused(StatusCode::UNPROCESSABLE_ENTITY, Some(kind), i))?;
    let mut tx = lock(&st, &s.id).await?;
    let status = tx.status(&s.id).await?.unwrap_or_default();
    if !OPEN.contains(&status.as_str()) {
        return Err(one(StatusCode::CONFLICT, Some(kind), "art11.opinion", "", Params::new().with("reason", "closed"), locale));
    }
    if tx.declared(expert.user.id, &s.id).await? {
        let p = Params::new().with("reason", "declared").with("expert", expert.user.username.clone());
        return Err(one(StatusCode::CONFLICT, Some(kind), "art11.expert_conflict", "", p, locale));
    }
    let now = crate::time::now_ms();
    let o = NewOpinion {
        submission_id: s.id.clone(),
        expert_id: expert.user.id,
        scores: serde_json::to_string(&scores).map_err(|_| ApiError::unreadable("scores"))?,
        recommendation: b.recommendation.clone(),
        text,
        defence_date: b.defence_date.trim().to_owned(),
        now_ms: now,
    };
    let version = tx.file_opinion(&o, &audit(&expert.user.username, "opinion", &s.id, now)).await?;
    tx.commit().await?;
    tracing::info!(id = %s.id, version, "expert opinion filed");
    let out = OpinionView {
        expert: expert.user.username.clone(),
        version,
        scores,
        recommendation: o.recommendation,
        text: o.text,
        defence_date: o.defence_date,
        filed_at: crate::time::rfc3339(now),
    };
    Ok(json(StatusCode::CREATED, &out))
}

/// `art11.expert_conflict` (`declared`): an expert declares on its own desk that it must stand
/// aside; it can no longer file an opinion there, nor be assigned again.
#[utoipa::path(
    post, path = "/api/v1/admin/reviews/{id}/conflict", tag = "experts",
    params(("id" = String, Path)), request_body = aii_api::experts::ConflictBody,
    responses((status = 204, description = "Declared (audited)."), (status = 401), (status = 403), (status = 404), (status = 422))
)]
pub async fn declare_conflict(
    State(st): State<AppState>,
    expert: Expert,
    Path(id): Path<String>,
    Lang(locale): Lang,
    JsonBody(b): JsonBody<ConflictBody>,
) -> Result<Response, ApiError> {
    let (s, kind) = assigned(&st, &expert, &id, locale).await?;
    let Some(note) = clean(&b.note) else {
        let p = Params::new().with("reason", "declared").with("expert", expert.user.username.clone());
        return Err(one(StatusCode::UNPROCESSABLE_ENTITY, Some(kind), "art11.expert_conflict", "/note", p, locale));
    };
    let mut tx = lock(&st, &s.id).await?;
    let now = crate::time::now_ms();
    tx.declare(expert.user.id, &s.id, &note, &audit(&expert.user.username, "conflict_declared", &s.id, now)).await?;
    tx.commit().await?;
    tracing::info!(id = %s.id, "expert declared a conflict");
    Ok(StatusCode::NO_CONTENT.into_response())
}

// --- The decision's seam ---

/// What [`needs`] reads of a move (`procedure::Move`'s parts: this module does not import its
/// parent). `note` is `None` for the desk's preview, before a note is written.
pub struct StepMove<'a> {
    pub s: &'a StoredSubmission,
    pub kind: FormKind,
    pub to: &'a str,
    pub note: Option<&'a str>,
    pub locale: Locale,
}

/// What a move needs of this step, read in `tx` (the decision's, or the desk's preview):
///
/// - `art11.expert_quorum`: 联盟组织专家……进行答辩评审 — a submission leaves expert review (to a
///   site check, publicity or a result) only with at least `--expert-quorum` opinions from
///   assigned experts; returning, rejecting or voiding it needs none.
/// - `art11.site_check`: 根据专家评审意见，视情况开展现场核查 — a submission at the site check
///   moves on only once the check is recorded (reason `missing`); after a check that found
///   discrepancies, the decision that approves (the council's approval, qualified) must say how
///   they were resolved in a note of at least [`DISCREPANCY_NOTE_MIN`] characters (reason
///   `discrepancies`). Publicity is opened by a notice, which carries no note of its own: the
///   explanation goes with the approval.
pub async fn needs(st: &AppState, tx: &mut DecisionTx, m: &StepMove<'_>) -> Result<Vec<Need>, ApiError> {
    let mut out = Vec::new();
    if BACKWARDS.contains(&m.to) {
        return Ok(out);
    }
    if m.s.status == "under_review" && !criteria(m.kind).is_empty() {
        let quorum = i64::from(st.config.expert_quorum);
        let count = tx.opinion_count(&m.s.id).await?;
        let p = Params::new().with("quorum", quorum).with("count", count);
        out.push(Need { issue: issue("art11.expert_quorum", "/to", p, m.locale), met: Some(count >= quorum) });
    }
    let checks = if m.s.status == "site_check" || APPROVING.contains(&m.to) { tx.site_checks(&m.s.id).await? } else { Vec::new() };
    if m.s.status == "site_check" {
        let p = Params::new().with("reason", "missing");
        out.push(Need { issue: issue("art11.site_check", "/to", p, m.locale), met: Some(!checks.is_empty()) });
    }
    if APPROVING.contains(&m.to) && checks.last().is_some_and(|c| c.conclusion == "discrepancies") {
        let p = Params::new().with("reason", "discrepancies").with("min", DISCREPANCY_NOTE_MIN);
        out.push(Need { issue: issue("art11.site_check", "/note", p, m.locale), met: m.note.map(|n| chars(n) >= DISCREPANCY_NOTE_MIN) });
    }
    Ok(out)
}

/// The step's checks of a decision (in its transaction, `procedure::step`): the first of
/// [`needs`] that does not hold refuses it.
pub async fn step(st: &AppState, tx: &mut DecisionTx, m: StepMove<'_>) -> Result<(), ApiError> {
    match needs(st, tx, &m).await?.into_iter().find(|n| n.met == Some(false)) {
        Some(n) => Err(ApiError::Review(StatusCode::CONFLICT, Report { kind: Some(m.kind), valid: false, issues: vec![n.issue] })),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_but_their_first_character() {
        assert_eq!(mask_name(" 王小明 "), "王**");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn every_kind_with_review_has_its_criteria() {
        assert_eq!(criteria(FormKind::Application).len(), 7);
        assert_eq!(criteria(FormKind::DirectionChange).len(), 3);
        assert_eq!(criteria(FormKind::Evaluation).len(), 6);
        assert!(criteria(FormKind::AnnualAssessment).is_empty());
    }

    #[test]
    fn opinions_are_checked() {
        let today = Date::parse("2027-03-01").unwrap();
        let mut b = OpinionBody {
            scores: criteria(FormKind::DirectionChange).iter().map(|(c, ..)| ((*c).to_owned(), 7.0)).collect(),
            recommendation: "recommend".into(),
            text: "方".repeat(OPINION_MIN),
            defence_date: "2027-02-20".into(),
        };
        assert!(check_opinion(FormKind::DirectionChange, &b, today, Locale::Zh).is_ok());
        b.scores.insert("necessity".into(), 7.5);
        b.scores.insert("bogus".into(), 1.0);
        b.text = "短".into();
        b.defence_date = "2027-03-02".into();
        let rules: Vec<String> = check_opinion(FormKind::DirectionChange, &b, today, Locale::Zh)
            .unwrap_err()
            .into_iter()
            .map(|i| format!("{} {}", i.path, i.params.text("reason").unwrap_or("")))
            .collect();
        assert_eq!(rules, ["/scores/necessity score", "/scores score", "/text text", "/defence_date defence_date"]);
    }

    #[test]
    fn stats_give_mean_and_spread() {
        let s = stat("x", &[6.0, 8.0, 9.0]);
        assert_eq!((s.mean, s.spread, s.count), (Some(7.67), Some(3.0), 3));
        assert_eq!(stat("x", &[]).mean, None);
    }
}
