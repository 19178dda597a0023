//! The registry of bases as a page (Chapter 6): the public list of certified bases for the
//! alliance's site, every base with everything on record for the secretariat, and what is due
//! (evaluations, annual filings, officers' terms), relative to the server's date.
//!
//! ```text
//! GET /api/v1/registry                  public, cacheable for 5 minutes
//! GET /api/v1/admin/registry            login
//! GET /api/v1/admin/registry/due        login
//! GET /api/v1/admin/registry/{id}       login
//! ```

use aii_api::registry::*;
use aii_rules::{Date, Value};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::AppState;
use crate::error::{ApiError, json};
use crate::repo::{RegistryBase, Repository};
use crate::session::Admin;

/// Days ahead the secretariat is told of a deadline or a term's end.
pub const DUE_WITHIN_DAYS: i64 = 90;

fn status_of(b: &RegistryBase) -> BaseStatus {
    if b.revoked { BaseStatus::Revoked } else { BaseStatus::Certified }
}

/// Whether a filing counts as on file (the unique indexes' condition: not returned; withdrawn
/// ones are not read at all).
fn on_file(status: &str) -> bool {
    status != "returned" && status != "withdrawn"
}

fn int_at(doc: &Value, pointer: &str) -> Option<i64> {
    match doc.pointer(pointer) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    }
}

/// The registry's view of a base.
pub fn entry(b: RegistryBase) -> Result<RegistryEntry, ApiError> {
    let mut annual_filings = Vec::new();
    let mut evaluations = Vec::new();
    for f in &b.filings {
        let doc: Value = serde_json::from_str(&f.document).unwrap_or_default();
        if f.kind == "evaluation" {
            evaluations.push(EvaluationRef {
                submission_id: f.submission_id.clone(),
                from_year: f.cycle,
                // A valid evaluation covers three years; the stored period says which.
                to_year: int_at(&doc, "/period/to_year").unwrap_or(f.cycle + 2),
                status: crate::review::status_of(&f.status)?,
            });
        } else {
            annual_filings.push(AnnualFiling {
                year: f.cycle,
                submission_id: f.submission_id.clone(),
                status: crate::review::status_of(&f.status)?,
                result: doc.pointer("/result").and_then(Value::as_str).map(str::to_owned),
            });
        }
    }
    Ok(RegistryEntry {
        status: status_of(&b),
        id: b.identity.id,
        short_name: b.identity.short_name,
        full_name: b.identity.full_name,
        responsible_unit: UnitRef { name: b.identity.responsible_name, uscc: b.identity.responsible_uscc },
        partners: b.identity.partners.into_iter().map(|p| PartnerRef { name: p.name, uscc: p.uscc, kind: p.kind }).collect(),
        directions: b.identity.directions,
        officers: b
            .officers
            .into_iter()
            .map(|o| OfficerRef { role: o.role, name: o.name, term_start: o.term_start, term_end: o.term_end })
            .collect(),
        annual_filings,
        evaluations,
        certified_on: b.certified_on,
        revoked_on: b.revoked_on,
        revoked_reason: b.revoked_reason,
        certificate: None,
        results: Vec::new(),
    })
}

/// What is due on `today` (see [`DueList`]). The first evaluation period is taken to start in
/// the certification year (the earliest Art. 23 allows), each later one the year after the
/// last evaluated period; its deadline is the configured one (`--evaluation-deadline`).
pub fn due(bases: &[RegistryBase], today: Date, deadline_of: impl Fn(i64) -> Option<Date>) -> DueList {
    let horizon = today.add_days(DUE_WITHIN_DAYS);
    let mut out = DueList { as_of: today.to_string(), evaluations_due: Vec::new(), annual_missing: Vec::new(), terms_ending: Vec::new() };
    for b in bases.iter().filter(|b| !b.revoked) {
        let Some(certified) = b.certified_on.as_deref().and_then(Date::parse) else { continue };
        let certified_year = i64::from(certified.year());
        let live = |kind: &'static str| b.filings.iter().filter(move |f| f.kind == kind && on_file(&f.status)).map(|f| f.cycle);
        // The next evaluation.
        let from_year = live("evaluation").max().map_or(certified_year, |last| last + 3);
        let to_year = from_year + 2;
        if let Some(deadline) = deadline_of(to_year)
            && deadline <= horizon
        {
            out.evaluations_due.push(EvaluationDue {
                base_id: b.identity.id.clone(),
                full_name: b.identity.full_name.clone(),
                from_year,
                to_year,
                deadline: deadline.to_string(),
                revocable: today > deadline.add_months(1),
            });
        }
        // Annual assessments of the past years.
        let filed: Vec<i64> = live("annual_assessment").collect();
        for year in certified_year..i64::from(today.year()) {
            if !filed.contains(&year) {
                out.annual_missing.push(AnnualMissing { base_id: b.identity.id.clone(), full_name: b.identity.full_name.clone(), year });
            }
        }
        // Terms ending soon, unless the officer (or, for a director, a successor) already has
        // the next term on record.
        for o in &b.officers {
            let Some(end) = Date::parse(&o.term_end) else { continue };
            if end < today || end > horizon {
                continue;
            }
            let followed = b.officers.iter().any(|n| {
                n.role == o.role && Date::parse(&n.term_start).is_some_and(|s| s > end) && (n.name == o.name || o.role == "director")
            });
            if !followed {
                out.terms_ending.push(TermEnding {
                    base_id: b.identity.id.clone(),
                    full_name: b.identity.full_name.clone(),
                    role: o.role.clone(),
                    name: o.name.clone(),
                    term_end: o.term_end.clone(),
                });
            }
        }
    }
    out.evaluations_due.sort_by(|a, b| (&a.deadline, &a.base_id).cmp(&(&b.deadline, &b.base_id)));
    out.terms_ending.sort_by(|a, b| (&a.term_end, &a.base_id).cmp(&(&b.term_end, &b.base_id)));
    out
}

#[utoipa::path(
    get,
    path = "/api/v1/registry",
    tag = "registry",
    responses((status = 200, description = "Every base of the registry, certified or revoked (for the alliance's site). Cacheable for 5 minutes.",
               body = PublicRegistry))
)]
pub async fn public_registry(State(st): State<AppState>) -> Result<Response, ApiError> {
    let bases = st.store.registry(None).await?;
    let out = PublicRegistry {
        bases: bases
            .into_iter()
            .map(|b| PublicBase {
                status: status_of(&b),
                id: b.identity.id,
                full_name: b.identity.full_name,
                responsible_name: b.identity.responsible_name,
                directions: b.identity.directions,
                certified_on: b.certified_on,
                certificate: None,
                results: Vec::new(),
            })
            .collect(),
    };
    let mut out = out;
    crate::certificate::annotate_public(&st, &mut out.bases).await?;
    let mut res = json(StatusCode::OK, &out);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(res)
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/registry",
    tag = "registry",
    responses((status = 200, description = "Every base with everything on record.", body = RegistryList),
              (status = 401, description = "Not logged in."), (status = 403, description = "Disabled."))
)]
pub async fn admin_registry(State(st): State<AppState>, _admin: Admin) -> Result<Response, ApiError> {
    let bases = st.store.registry(None).await?;
    let mut bases: Vec<RegistryEntry> = bases.into_iter().map(entry).collect::<Result<_, _>>()?;
    crate::certificate::annotate(&st, &mut bases).await?;
    Ok(json(StatusCode::OK, &RegistryList { bases }))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/registry/{id}",
    tag = "registry",
    params(("id" = String, Path, description = "The base's id.")),
    responses((status = 200, description = "The base with everything on record.", body = RegistryEntry),
              (status = 401, description = "Not logged in."), (status = 403, description = "Disabled."),
              (status = 404, description = "No base with this id."))
)]
pub async fn admin_registry_base(State(st): State<AppState>, _admin: Admin, Path(id): Path<String>) -> Result<Response, ApiError> {
    let found = if crate::edge::plausible_id(&id) { st.store.registry(Some(&id)).await?.into_iter().next() } else { None };
    let Some(base) = found else {
        return Ok(json(StatusCode::NOT_FOUND, &aii_api::Plain { error: "not_found".into(), message: "no base with this id".into() }));
    };
    let mut one = [entry(base)?];
    crate::certificate::annotate(&st, &mut one).await?;
    Ok(json(StatusCode::OK, &one[0]))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/registry/due",
    tag = "registry",
    responses((status = 200, description = "Evaluations due within 90 days or overdue, annual filings missing, terms ending within 90 days.",
               body = DueList),
              (status = 401, description = "Not logged in."), (status = 403, description = "Disabled."))
)]
pub async fn admin_registry_due(State(st): State<AppState>, _admin: Admin) -> Result<Response, ApiError> {
    let bases = st.store.registry(None).await?;
    let config = st.config.clone();
    Ok(json(StatusCode::OK, &due(&bases, config.today(), |y| config.evaluation_deadline(y))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::{BaseIdentity, Filing, NewOfficer};

    fn base(certified_on: &str) -> RegistryBase {
        RegistryBase {
            identity: BaseIdentity {
                id: "b".into(),
                short_name: "s".into(),
                full_name: "f".into(),
                responsible_name: "u".into(),
                responsible_uscc: "x".into(),
                directions: vec![],
                partners: vec![],
            },
            revoked: false,
            certified_on: Some(certified_on.into()),
            revoked_on: None,
            revoked_reason: None,
            officers: vec![],
            filings: vec![],
        }
    }

    fn filing(kind: &str, cycle: i64, status: &str) -> Filing {
        Filing { submission_id: format!("{kind}-{cycle}"), kind: kind.into(), cycle, status: status.into(), document: "{}".into() }
    }

    fn officer(role: &str, name: &str, start: &str, end: &str) -> NewOfficer {
        NewOfficer { role: role.into(), name: name.into(), term_start: start.into(), term_end: end.into() }
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn march_31(to_year: i64) -> Option<Date> {
        Date::new(i32::try_from(to_year + 1).unwrap(), 3, 31)
    }

    #[test]
    fn evaluations_come_due_90_days_ahead() {
        let b = base("2026-06-30");
        // First period 2026–2028, deadline 2029-03-31: 90 days ahead is 2028-12-31.
        assert!(due(std::slice::from_ref(&b), d("2028-12-30"), march_31).evaluations_due.is_empty());
        let list = due(std::slice::from_ref(&b), d("2028-12-31"), march_31);
        assert_eq!(list.evaluations_due.len(), 1);
        assert_eq!((list.evaluations_due[0].from_year, list.evaluations_due[0].to_year), (2026, 2028));
        assert_eq!(list.evaluations_due[0].deadline, "2029-03-31");
        // Overdue stays on the list; filed, it goes, and the next period follows.
        assert_eq!(due(std::slice::from_ref(&b), d("2029-06-01"), march_31).evaluations_due.len(), 1);
        let mut filed = b.clone();
        filed.filings.push(filing("evaluation", 2026, "under_review"));
        assert!(due(&[filed.clone()], d("2029-06-01"), march_31).evaluations_due.is_empty());
        let later = due(&[filed.clone()], d("2032-02-01"), march_31);
        assert_eq!((later.evaluations_due[0].from_year, later.evaluations_due[0].deadline.as_str()), (2029, "2032-03-31"));
        // A returned evaluation is not on file.
        let mut returned = b.clone();
        returned.filings.push(filing("evaluation", 2026, "returned"));
        assert_eq!(due(&[returned], d("2029-06-01"), march_31).evaluations_due.len(), 1);
        // Revoked bases owe nothing.
        let mut revoked = b;
        revoked.revoked = true;
        let list = due(&[revoked], d("2035-01-01"), march_31);
        assert!(list.evaluations_due.is_empty() && list.annual_missing.is_empty());
    }

    #[test]
    fn annual_filings_missing_since_certification() {
        let mut b = base("2026-06-30");
        b.filings = vec![filing("annual_assessment", 2026, "filed"), filing("annual_assessment", 2027, "returned")];
        let years: Vec<i64> = due(&[b], d("2029-05-01"), march_31).annual_missing.iter().map(|m| m.year).collect();
        assert_eq!(years, vec![2027, 2028], "the current year is not yet due; a returned filing is not on file");
    }

    #[test]
    fn terms_ending_within_90_days() {
        let mut b = base("2026-06-30");
        b.officers = vec![
            officer("director", "甲", "2027-01-01", "2029-12-31"),
            officer("deputy_director", "乙", "2027-03-01", "2030-02-28"),
            officer("deputy_director", "丙", "2027-01-01", "2029-12-31"),
            officer("deputy_director", "丙", "2030-01-01", "2032-12-31"),
        ];
        let list = due(std::slice::from_ref(&b), d("2029-11-01"), march_31);
        let names: Vec<&str> = list.terms_ending.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["甲"], "乙 ends later than 90 days; 丙 is reappointed");
        b.officers.push(officer("director", "丁", "2030-01-01", "2032-12-31"));
        assert!(due(std::slice::from_ref(&b), d("2029-11-01"), march_31).terms_ending.is_empty(), "a successor is on record");
        assert!(due(&[b], d("2030-01-05"), march_31).terms_ending.iter().all(|t| t.name == "乙"));
    }
}
