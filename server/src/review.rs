//! The review workflow of RULES.md ("Review workflow", Arts. 11, 12, 25) as data, and what the
//! review desk derives from a stored submission: its list columns, its personal data (masked
//! everywhere but on an audited reveal), the justifications of its warnings, and what a
//! certification writes into the registry.
//!
//! ```text
//! application:              submitted → under_review → [site_check] → publicity → approved → certified
//!                           any of these but the last → rejected | returned | voided
//! direction change:         submitted → under_review → [site_check] → publicity → approved
//!                           any of these but the last → rejected | returned
//! director appointment:     submitted → approved (the council, Art. 14) | rejected | returned
//! annual assessment:        submitted → filed | returned
//! evaluation:               submitted → under_review → [site_check] → qualified | unqualified
//!                           any of these but the last → returned
//! training plan (Art. 16):  submitted → working_group → approved (the council)
//!                           any of these but the last → rejected | returned
//! returned → submitted: only the applicant's resubmission (an application: or → voided)
//! submitted → withdrawn: only the applicant (api.rs)
//! ```
//!
//! The registry changes with the decision that makes it so (RULES.md): a certified
//! application creates a base, an approved appointment records the officer and term, an
//! approved direction change replaces the directions, an unqualified evaluation revokes the
//! base (Art. 25).

use aii_api::desk::Justified;
use aii_api::{HistoryItem, Status};
use aii_rules::forms::{Application, DirectionChange, DirectorAppointment};
use aii_rules::{FormKind, Locale, Params, Report, ReportIssue, Severity, Uscc, Value};

use crate::error::ApiError;
use crate::repo::{BaseIdentity, HistoryEntry, Listing, NewBase, NewOfficer, PartnerUnit, RegistryChange};

/// A stored submission's kind, as the wire gives it.
pub fn kind_of(name: &str) -> Result<FormKind, ApiError> {
    FormKind::parse(name).ok_or_else(|| ApiError::unreadable("kind"))
}

/// A stored status, as the wire gives it.
pub fn status_of(name: &str) -> Result<Status, ApiError> {
    Status::parse(name).ok_or_else(|| ApiError::unreadable("status"))
}

/// A stored submission's history, as the wire gives it.
pub fn history(entries: Vec<HistoryEntry>) -> Result<Vec<HistoryItem>, ApiError> {
    entries
        .into_iter()
        .map(|h| Ok(HistoryItem { status: status_of(&h.status)?, at: crate::time::rfc3339(h.at_ms), note: h.note }))
        .collect()
}

/// The secretariat's decisions on a submission of `kind` in status `from`, in the workflow's
/// order. Final statuses have none; `returned` goes back to `submitted` only through the
/// applicant's resubmission.
pub fn next_statuses(kind: FormKind, from: &str) -> &'static [&'static str] {
    match kind {
        // PROCEDURE.md: the secretariat may void an application filed without the unit's
        // authority at any step before certification, a returned one included (its filer
        // would never correct it, and it would hold the unit's cycle).
        FormKind::Application => match from {
            "submitted" => &["under_review", "rejected", "returned", "voided"],
            "under_review" => &["site_check", "publicity", "rejected", "returned", "voided"],
            "site_check" => &["publicity", "rejected", "returned", "voided"],
            "publicity" => &["approved", "rejected", "returned", "voided"],
            "approved" => &["certified", "rejected", "returned", "voided"],
            "returned" => &["voided"],
            _ => &[],
        },
        // Art. 14: 报常务理事会审议 — the council approves, with no expert review and no
        // publicity; `approved` is final and is when the registry records the officer.
        FormKind::DirectorAppointment => match from {
            "submitted" => &["approved", "rejected", "returned"],
            _ => &[],
        },
        // Art. 21: reviewed, published, approved by the standing council (no plaque):
        // `approved` is final and is when the registry changes.
        FormKind::DirectionChange => match from {
            "submitted" => &["under_review", "rejected", "returned"],
            "under_review" => &["site_check", "publicity", "rejected", "returned"],
            "site_check" => &["publicity", "rejected", "returned"],
            "publicity" => &["approved", "rejected", "returned"],
            _ => &[],
        },
        // Art. 22: filed with the alliance (备案), or returned for correction.
        FormKind::AnnualAssessment => match from {
            "submitted" => &["filed", "returned"],
            _ => &[],
        },
        // Art. 16: 由联盟组织相关工作组讨论，报常务理事会审议 — the working group discusses
        // the plan, the council approves it; `approved` is final.
        FormKind::TrainingPlan => match from {
            "submitted" => &["working_group", "rejected", "returned"],
            "working_group" => &["approved", "rejected", "returned"],
            _ => &[],
        },
        // Arts. 23–25: received, expert review, a site check if the experts ask, the result.
        FormKind::Evaluation => match from {
            "submitted" => &["under_review", "returned"],
            "under_review" => &["site_check", "qualified", "unqualified", "returned"],
            "site_check" => &["qualified", "unqualified", "returned"],
            _ => &[],
        },
    }
}

pub fn can_move(kind: FormKind, from: &str, to: &str) -> bool {
    next_statuses(kind, from).contains(&to)
}

/// Whether a move is made by opening a publicity notice (`procedure::notices`), not by a desk
/// decision: Art. 12's 公示 publishes a list, so a submission enters `publicity` with its
/// notice or not at all (an approval needs the notice: `art12.no_objection`).
pub fn by_notice(to: &str) -> bool {
    to == "publicity"
}

/// The moves a desk decision can make from `from`: [`next_statuses`] but those a notice makes.
pub fn decisions(kind: FormKind, from: &str) -> impl Iterator<Item = &'static str> {
    next_statuses(kind, from).iter().copied().filter(|to| !by_notice(to))
}

/// Whether a decision moving a submission to `to` re-checks the form's context rules against
/// the database first (RULES.md, "Review workflow"): every step that carries it on. Sending it
/// back, turning it down or voiding it relies on nothing the world may have changed.
pub fn rechecks(to: &str) -> bool {
    !matches!(to, "returned" | "rejected" | "voided" | "unqualified")
}

/// What a decision about a submission locks (`Store::begin_decision`): the submission itself
/// (what the procedure's steps file about it — opinions, objections — takes the same key), its
/// base, and for an application its unit (Art. 8).
pub fn decision_keys(id: &str, base_id: Option<&str>, unit_uscc: Option<&str>, kind: FormKind) -> Vec<String> {
    let mut keys = vec![format!("submission:{id}")];
    if let Some(b) = base_id {
        keys.push(format!("base:{b}"));
    }
    if let (FormKind::Application, Some(u)) = (kind, unit_uscc) {
        keys.push(format!("unit:{u}"));
    }
    keys
}

/// The status whose decision changes the registry, for each kind (see the module's doc).
pub fn registry_status(kind: FormKind) -> Option<&'static str> {
    match kind {
        FormKind::Application => Some("certified"),
        FormKind::DirectorAppointment | FormKind::DirectionChange => Some("approved"),
        FormKind::Evaluation => Some("unqualified"),
        FormKind::AnnualAssessment | FormKind::TrainingPlan => None,
    }
}

/// The statuses' names, for messages (a name that is no status: "unknown").
pub fn status_name(status: &str, locale: Locale) -> &'static str {
    let (zh, en) = match Status::parse(status) {
        Some(Status::Submitted) => ("已提交", "submitted"),
        Some(Status::UnderReview) => ("答辩评审", "under review"),
        Some(Status::SiteCheck) => ("现场核查", "site check"),
        Some(Status::Publicity) => ("公示", "publicity"),
        Some(Status::Approved) => ("常务理事会审议通过", "approved"),
        Some(Status::Certified) => ("已授牌", "certified"),
        Some(Status::Rejected) => ("未通过", "rejected"),
        Some(Status::Returned) => ("退回修改", "returned for correction"),
        Some(Status::Withdrawn) => ("已撤回", "withdrawn"),
        Some(Status::Voided) => ("已作废", "voided"),
        Some(Status::Filed) => ("已备案", "filed"),
        Some(Status::Qualified) => ("评估合格", "qualified"),
        Some(Status::Unqualified) => ("评估不合格", "unqualified"),
        Some(Status::WorkingGroup) => ("工作组讨论", "with the working group"),
        None => ("未知状态", "an unknown status"),
    };
    if locale == Locale::En { en } else { zh }
}

/// The review desk's own refusals, in the report shape of every other refusal. They are not
/// rules of a form (the rules crate knows none of the workflow), so their texts live here.
pub fn review_issue(kind: FormKind, rule: &str, path: &str, params: Params, locale: Locale) -> ReportIssue {
    let from = params.text("from").unwrap_or("");
    let to = params.text("to").unwrap_or("");
    let en = locale == Locale::En;
    let (article, message) = match rule {
        "review.transition" => {
            let allowed: Vec<&str> = next_statuses(kind, from).iter().map(|s| status_name(s, locale)).collect();
            let message = if en {
                let then = if allowed.is_empty() {
                    "no further decision can be taken".to_owned()
                } else {
                    format!("it can go to: {}", allowed.join(", "))
                };
                format!("A submission {} cannot be moved to {}; {then}", status_name(from, locale), status_name(to, locale))
            } else {
                let then = if allowed.is_empty() {
                    "不能再作出审核决定".to_owned()
                } else {
                    format!("可转为：{}", allowed.join("、"))
                };
                format!("处于“{}”状态的申报不能转为“{}”；{then}", status_name(from, locale), status_name(to, locale))
            };
            // Each kind's workflow is its article's: selection (Arts. 11, 12), the council's
            // appointment (Art. 14), a change (Art. 21), Chapter 6's filings (Arts. 22–25).
            let article = match (kind, en) {
                (FormKind::Application, false) => "第十一条、第十二条",
                (FormKind::Application, true) => "Arts. 11, 12",
                (FormKind::DirectorAppointment, false) => "第十四条",
                (FormKind::DirectorAppointment, true) => "Art. 14",
                (FormKind::DirectionChange, false) => "第二十一条",
                (FormKind::DirectionChange, true) => "Art. 21",
                (FormKind::AnnualAssessment, false) => "第二十二条",
                (FormKind::AnnualAssessment, true) => "Art. 22",
                (FormKind::Evaluation, false) => "第二十三条至第二十五条",
                (FormKind::Evaluation, true) => "Arts. 23–25",
                (FormKind::TrainingPlan, false) => "第十六条",
                (FormKind::TrainingPlan, true) => "Art. 16",
            };
            (article, message)
        }
        "review.note" => (
            if en { "Art. 11" } else { "第十一条" },
            if en {
                "Every decision needs a note (1 to 2000 characters)".to_owned()
            } else {
                "每项审核决定都须填写说明（1至2000字）".to_owned()
            },
        ),
        "review.status" => {
            // The value is the request's own: quoted shortened, without control characters.
            let mut shown: String = to.chars().filter(|c| !c.is_control()).take(40).collect();
            if to.chars().count() > 40 {
                shown.push('…');
            }
            (
                if en { "Art. 11" } else { "第十一条" },
                if en {
                    format!("`{shown}` is not a status of the workflow")
                } else {
                    format!("“{shown}”不是审核流程中的状态")
                },
            )
        }
        "review.resubmit" => (
            if en { "Art. 11" } else { "第十一条" },
            if en {
                format!("Only a submission returned for correction can be resubmitted; this one is {}", status_name(from, locale))
            } else {
                format!("只有被退回修改的申报才能重新提交；该申报当前为“{}”", status_name(from, locale))
            },
        ),
        // Withdrawing and revealing are the procedure's plumbing, not an article's obligation.
        "review.withdraw" => (
            "",
            if en {
                format!("Only a submission not yet taken up (submitted) can be withdrawn; this one is {}", status_name(from, locale))
            } else {
                format!("只有尚未受理（已提交）的申报才能撤回；该申报当前为“{}”", status_name(from, locale))
            },
        ),
        "review.personal_field" => (
            "",
            if en {
                "Only an ID number or a phone number of the document can be revealed".to_owned()
            } else {
                "只能查看文档中的身份证号码或电话号码".to_owned()
            },
        ),
        _ => ("", String::new()),
    };
    ReportIssue {
        rule: rule.to_string().into(),
        severity: Severity::Error,
        path: path.into(),
        article: (!article.is_empty()).then(|| article.into()),
        message: message.into(),
        params,
    }
}

/// The list columns of an accepted document.
pub fn listing(kind: FormKind, doc: &Value, report: &Report) -> Listing {
    let has_warnings = report.issues.iter().any(|i| i.severity == Severity::Warning);
    let priority = report.issues.iter().any(|i| i.rule == "art9.joint_priority");
    let texts = |v: &aii_rules::Val<Vec<aii_rules::Val<&str>>>| -> Vec<String> {
        v.ok().map(|items| items.iter().filter_map(|d| d.get()).map(str::to_owned).collect()).unwrap_or_default()
    };
    match kind {
        FormKind::Application => {
            let f = Application::read(doc);
            Listing {
                unit_name: f.unit.name.get().map(str::to_owned),
                unit_kind: f.unit.kind.get().map(|k| k.code().to_owned()),
                directions: texts(&f.directions),
                has_warnings,
                priority,
            }
        }
        FormKind::DirectionChange => {
            Listing { directions: texts(&DirectionChange::read(doc).requested_directions), has_warnings, priority, ..Listing::default() }
        }
        FormKind::DirectorAppointment | FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan => {
            Listing { has_warnings, priority, ..Listing::default() }
        }
    }
}

/// Which personal datum a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Personal {
    Phone,
    IdNumber,
}

/// The personal data fields of a form kind (JSON Pointers).
pub fn personal_fields(kind: FormKind) -> &'static [(&'static str, Personal)] {
    match kind {
        FormKind::Application => &[("/contact/phone", Personal::Phone)],
        FormKind::DirectorAppointment => &[("/appointee/id_number", Personal::IdNumber)],
        // Chapter 6's forms carry no ID numbers or phones.
        FormKind::DirectionChange | FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan => &[],
    }
}

/// The document with every personal datum masked (`1101**********002X`, `138****5678`), and
/// the pointers that were masked.
pub fn masked_document(kind: FormKind, doc: &Value) -> (Value, Vec<String>) {
    let mut out = doc.clone();
    let mut masked = Vec::new();
    for (ptr, _) in personal_fields(kind) {
        if let Some(Value::Str(s)) = doc.pointer(ptr)
            && !s.trim().is_empty()
        {
            out.set_pointer(ptr, Value::Str(aii_rules::mask(s)));
            masked.push((*ptr).to_owned());
        }
    }
    (out, masked)
}

/// The masked personal data of a document, for lists and exports: (contact, masked phone or
/// ID number).
pub fn masked_person(kind: FormKind, doc: &Value) -> (Option<String>, Option<String>) {
    match kind {
        FormKind::Application => {
            let f = Application::read(doc);
            (f.contact.name.get().map(str::to_owned), f.contact.phone.get().map(aii_rules::mask))
        }
        FormKind::DirectorAppointment => {
            let f = DirectorAppointment::read(doc);
            (f.appointee.name.get().map(str::to_owned), f.appointee.id_number.get().map(aii_rules::mask))
        }
        FormKind::DirectionChange | FormKind::AnnualAssessment | FormKind::Evaluation | FormKind::TrainingPlan => (None, None),
    }
}

/// An e-mail address with its local part hidden but its first character: `z***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.trim().split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().map(String::from).unwrap_or_default()),
        None => aii_rules::mask(email),
    }
}

/// The warnings of a report with the justifications the applicant wrote for them.
pub fn justified_warnings(report: &Report, doc: &Value) -> Vec<Justified> {
    report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| {
            let note_ptr = i.params.text("note").map(str::to_owned);
            let justification = note_ptr.as_deref().and_then(|p| doc.pointer(p)).and_then(Value::as_str).map(|s| s.trim().to_owned());
            Justified {
                rule: i.rule.to_string(),
                path: i.path.clone(),
                article: i.article.as_deref().map(str::to_owned),
                message: i.message.to_string(),
                justification_path: note_ptr,
                justification,
            }
        })
        .collect()
}

/// What the decision of [`registry_status`] writes into the registry: a certified application
/// becomes a base (Art. 12 name, directions, partners, responsible unit, certified today); an
/// approved appointment puts the officer's term on record; an approved direction change
/// replaces the base's directions; an unqualified evaluation revokes the base today, the
/// decision's note (the expert opinion) as the reason. `None` when the document lacks what the
/// registry needs (it passed every rule, so this does not happen for a valid document) or the
/// kind changes nothing.
pub fn registry_change(
    kind: FormKind,
    doc: &Value,
    base_id: Option<&str>,
    note: &str,
    today: aii_rules::Date,
    now_ms: i64,
    decided: Option<Vec<String>>,
) -> Option<RegistryChange> {
    match kind {
        FormKind::Application => {
            let f = Application::read(doc);
            let short = f.base_short_name.get()?;
            let unit_name = f.unit.name.get()?;
            let uscc = Uscc::parse(f.unit.uscc.get()?).ok()?.as_str().to_owned();
            // Art. 11: the directions the council decided (by default those applied for).
            let applied = || f.directions.ok().map(|ds| ds.iter().filter_map(|d| d.get()).map(str::to_owned).collect());
            let directions: Vec<String> = decided.or_else(applied)?;
            let partners = f
                .partners
                .ok()
                .map(|ps| {
                    ps.iter()
                        .filter_map(|p| {
                            Some(PartnerUnit {
                                name: p.name.get()?.to_owned(),
                                uscc: Uscc::parse(p.uscc.get()?).ok()?.as_str().to_owned(),
                                kind: p.kind.get()?.code().to_owned(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(RegistryChange::NewBase(NewBase {
                identity: BaseIdentity {
                    id: format!("base-{}", crate::crypto::random_hex(8)),
                    short_name: short.to_owned(),
                    full_name: aii_rules::full_base_name(short, unit_name),
                    responsible_name: unit_name.to_owned(),
                    responsible_uscc: uscc,
                    directions,
                    partners,
                },
                officers: Vec::new(),
                revoked: false,
                certified_on: today.to_string(),
                now_ms,
            }))
        }
        FormKind::DirectorAppointment => {
            let f = DirectorAppointment::read(doc);
            Some(RegistryChange::Officer {
                base_id: base_id?.to_owned(),
                officer: NewOfficer {
                    role: f.role.get()?.code().to_owned(),
                    name: f.appointee.name.get()?.to_owned(),
                    term_start: f.term_start.get()?.to_string(),
                    term_end: f.term_end.get()?.to_string(),
                },
            })
        }
        FormKind::DirectionChange => {
            let f = DirectionChange::read(doc);
            let directions = f.requested_directions.ok()?.iter().filter_map(|d| d.get()).map(str::to_owned).collect();
            Some(RegistryChange::Directions { base_id: base_id?.to_owned(), directions })
        }
        FormKind::Evaluation => {
            Some(RegistryChange::Revoke { base_id: base_id?.to_owned(), on: today.to_string(), reason: note.to_owned() })
        }
        FormKind::AnnualAssessment | FormKind::TrainingPlan => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_of_rules_md() {
        let app = FormKind::Application;
        let path = ["submitted", "under_review", "site_check", "publicity", "approved", "certified"];
        for w in path.windows(2) {
            assert!(can_move(app, w[0], w[1]), "{} → {}", w[0], w[1]);
        }
        assert!(can_move(app, "under_review", "publicity"), "the site check is optional");
        for from in &path[..5] {
            assert!(can_move(app, from, "rejected") && can_move(app, from, "returned") && can_move(app, from, "voided"), "{from}");
        }
        assert_eq!(next_statuses(app, "returned"), &["voided"], "a returned application can only be voided");
        // Publicity is opened by a notice, never by a decision.
        assert!(can_move(app, "under_review", "publicity"));
        assert_eq!(decisions(app, "under_review").collect::<Vec<_>>(), ["site_check", "rejected", "returned", "voided"]);
        for done in ["certified", "rejected", "withdrawn", "voided"] {
            assert!(next_statuses(app, done).is_empty(), "{done} is final for the secretariat");
        }
        assert!(!can_move(app, "submitted", "certified"));
        assert!(!can_move(app, "publicity", "site_check"));
        // Appointments and direction changes end when approved; an appointment goes straight
        // to the council (Art. 14), a change through review and publicity (Art. 21).
        let appointment = FormKind::DirectorAppointment;
        assert_eq!(next_statuses(appointment, "submitted"), &["approved", "rejected", "returned"]);
        assert!(!can_move(appointment, "submitted", "under_review") && !can_move(appointment, "submitted", "voided"));
        assert!(can_move(FormKind::DirectionChange, "publicity", "approved"));
        assert!(!can_move(FormKind::DirectionChange, "submitted", "approved"));
        for kind in [appointment, FormKind::DirectionChange] {
            assert!(next_statuses(kind, "approved").is_empty());
            assert_eq!(registry_status(kind), Some("approved"));
        }
        assert_eq!(registry_status(app), Some("certified"));
        // Annual assessments are filed or returned.
        let annual = FormKind::AnnualAssessment;
        assert_eq!(next_statuses(annual, "submitted"), &["filed", "returned"]);
        assert!(next_statuses(annual, "filed").is_empty());
        assert_eq!(registry_status(annual), None);
        // Evaluations: expert review, an optional site check, the result.
        let eval = FormKind::Evaluation;
        let path = ["submitted", "under_review", "site_check", "unqualified"];
        for w in path.windows(2) {
            assert!(can_move(eval, w[0], w[1]), "{} → {}", w[0], w[1]);
        }
        assert!(can_move(eval, "under_review", "qualified") && can_move(eval, "site_check", "qualified"));
        assert!(!can_move(eval, "submitted", "qualified"), "not without the experts");
        assert!(!can_move(eval, "under_review", "rejected") && !can_move(eval, "under_review", "approved"));
        for done in ["qualified", "unqualified"] {
            assert!(next_statuses(eval, done).is_empty());
        }
        assert_eq!(registry_status(eval), Some("unqualified"));
        for kind in FormKind::ALL {
            for s in Status::ALL {
                for n in next_statuses(kind, s.as_str()) {
                    assert!(Status::parse(n).is_some());
                }
            }
        }
    }

    #[test]
    fn refusals_speak_both_languages() {
        let p = Params::new().with("from", "submitted").with("to", "certified");
        let zh = review_issue(FormKind::Application, "review.transition", "/to", p.clone(), Locale::Zh);
        assert_eq!(zh.message, "处于“已提交”状态的申报不能转为“已授牌”；可转为：答辩评审、未通过、退回修改、已作废");
        let en = review_issue(FormKind::Application, "review.transition", "/to", p, Locale::En);
        assert!(en.message.starts_with("A submission submitted cannot be moved to certified"), "{}", en.message);
        let long = Params::new().with("to", format!("{}\n{}", "x".repeat(50), "y"));
        let m = review_issue(FormKind::Application, "review.status", "/to", long, Locale::En).message;
        assert_eq!(m, format!("`{}…` is not a status of the workflow", "x".repeat(40)));
        for id in ["review.note", "review.status", "review.resubmit", "review.withdraw", "review.personal_field"] {
            for loc in [Locale::Zh, Locale::En] {
                let i = review_issue(FormKind::Application, id, "", Params::new().with("from", "certified").with("to", "x"), loc);
                assert!(!i.message.is_empty(), "{id}");
                assert_eq!(i.article.is_none(), matches!(id, "review.withdraw" | "review.personal_field"), "{id}");
            }
        }
    }

    #[test]
    fn emails_keep_their_domain() {
        assert_eq!(mask_email("zhang.wei@example.edu.cn"), "z***@example.edu.cn");
        assert_eq!(mask_email(" a@b.cn "), "a***@b.cn");
        assert!(!mask_email("not-an-address").contains("not-an-address"));
    }

    #[test]
    fn masking_hides_the_middle() {
        let doc: Value = serde_json::from_str(r#"{"contact":{"name":"陈老师","phone":"13812345678"}}"#).unwrap();
        let (masked, paths) = masked_document(FormKind::Application, &doc);
        assert_eq!(masked.pointer("/contact/phone").and_then(Value::as_str), Some("138****5678"));
        assert_eq!(paths, vec!["/contact/phone"]);
        let doc: Value = serde_json::from_str(r#"{"appointee":{"name":"黄","id_number":"11010519491231002X"}}"#).unwrap();
        assert_eq!(masked_person(FormKind::DirectorAppointment, &doc).1.as_deref(), Some("1101**********002X"));
    }
}
