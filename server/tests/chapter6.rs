//! Chapter 6 through the HTTP API, on SQLite and (when `TEST_DATABASE_URL` is set)
//! PostgreSQL: one annual assessment per base per year (a constraint), the evaluation's period,
//! deadline and annual filings as context, the evaluation workflow with revocation (Art. 25),
//! approved direction changes and appointments in the registry, and the registry endpoints.
//! Also: migration 0003 on a database populated under 0001–0002.

mod common;

use aii_server::repo::{Backend, ContextSource, Store};
use aii_server::{Config, Repository};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";
/// Base A: certified 2026-06-30; evaluated (and found unqualified) in the suite.
const BASE_A: &str = "base-a";
/// Base B: certified 2027-01-15; its first evaluation is overdue on the suite's day.
const BASE_B: &str = "base-b";
/// The suite's day: 40 days after the 2029 period's configured deadline (2030-03-31).
const TODAY: &str = "2030-05-10";

/// The spec's valid example of a Chapter 6 form (`shared/spec/examples/`) for a base.
fn fixture(name: &str, base_id: &str) -> Value {
    example_for_base(name, base_id)
}

fn annual(base_id: &str, year: i64) -> Value {
    let mut doc = fixture("annual_assessment", base_id);
    doc["year"] = year.into();
    doc
}

fn chapter6_config(url: &str, today: &str) -> Config {
    let mut c = config(url);
    c.today = Some(date(today));
    c.evaluation_deadlines = vec![aii_server::config::EvaluationDeadline { to_year: 2029, date: date("2030-03-31") }];
    c
}

async fn register(store: &Store, id: &str, certified_on: &str, officers: Vec<aii_server::repo::NewOfficer>) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let mut base = aii_server::base::read_file(&path, 0, aii_rules::Date::from_unix_ms(0, 480)).expect("the example base");
    base.identity.id = id.to_owned();
    base.certified_on = certified_on.to_owned();
    base.officers = officers;
    store.register_base(&base).await.expect("registered");
}

fn officer(role: &str, name: &str, start: &str, end: &str) -> aii_server::repo::NewOfficer {
    aii_server::repo::NewOfficer { role: role.into(), name: name.into(), term_start: start.into(), term_end: end.into() }
}

struct Env {
    app: Router,
    store: Store,
    config: Config,
    cookie: String,
    csrf: String,
}

impl Env {
    async fn start(url: &str) -> Env {
        let cfg = chapter6_config(url, TODAY);
        let (app, store) = app_with(cfg.clone()).await;
        aii_server::accounts::add_user(&cfg, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        let res = send(&app, post_json("/api/v1/admin/login", &json!({"username": "secretary.li", "password": PASSWORD}))).await;
        assert_eq!(res.status, StatusCode::OK);
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let csrf = res.json()["csrf_token"].as_str().unwrap().to_owned();
        Env { app, store, config: cfg, cookie, csrf }
    }

    async fn submit(&self, slug: &str, doc: &Value) -> Answer {
        send(&self.app, post_json(&format!("/api/v1/forms/{slug}/submissions"), doc)).await
    }

    async fn accepted(&self, slug: &str, doc: &Value) -> (String, Value) {
        let res = self.submit(slug, doc).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        let body = res.json();
        (body["id"].as_str().unwrap().to_owned(), body)
    }

    async fn validate(&self, slug: &str, doc: &Value) -> Answer {
        send(&self.app, post_json(&format!("/api/v1/forms/{slug}/validate"), doc)).await
    }

    async fn admin_get(&self, path: &str) -> Answer {
        send(&self.app, Request::get(path).header("cookie", &self.cookie).body(Body::empty()).unwrap()).await
    }

    async fn decide(&self, id: &str, to: &str, note: &str) -> Answer {
        let req = Request::post(format!("/api/v1/admin/submissions/{id}/decisions"))
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(
                match to {
                    // The council's fields (Art. 12) on an approval, a ground (Art. 24) on an unqualified result.
                    "approved" => {
                        // The council sits on this server's day (after any notice, Art. 12).
                        let day = self.config.today.expect("the tests fix the day").to_string();
                        json!({"to": to, "note": note, "council_date": day, "resolution": "常务理事会决议〔2027〕1号"})
                    }
                    "unqualified" => json!({"to": to, "note": note, "grounds": [1]}),
                    _ => json!({"to": to, "note": note}),
                }
                .to_string(),
            ))
            .unwrap();
        send(&self.app, req).await
    }

    /// The same store served `days` after the suite's day (the server restarted with `--today`).
    fn days_later(&self, days: i64) -> Env {
        let mut config = self.config.clone();
        config.today = Some(date(TODAY).add_days(days));
        let app = aii_server::router(aii_server::AppState::new(self.store.clone(), config.clone()));
        Env { app, store: self.store.clone(), config, cookie: self.cookie.clone(), csrf: self.csrf.clone() }
    }

    /// Puts `id` on a publicity notice starting on the suite's day (Art. 12): it moves to publicity.
    async fn publish(&self, id: &str) {
        let req = Request::post("/api/v1/admin/notices")
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(json!({"start_date": TODAY, "items": [id]}).to_string()))
            .unwrap();
        let res = send(&self.app, req).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        assert_eq!(self.store.stored_submission(id).await.unwrap().unwrap().status, "publicity");
    }

    async fn walk(&self, id: &str, path: &[&str]) {
        for to in path {
            let res = self.decide(id, to, &format!("决定：{to}")).await;
            assert_eq!(res.status, StatusCode::OK, "→ {to}: {}", String::from_utf8_lossy(&res.body));
        }
    }
}

fn issue<'a>(report: &'a Value, rule: &str) -> Option<&'a Value> {
    report["issues"].as_array().unwrap().iter().find(|i| i["rule"] == rule)
}

/// Two filings for one year: the second is refused with `art22.one_per_year`, nothing stored;
/// two at once: the constraint lets exactly one in.
async fn one_filing_per_year(e: &Env) {
    e.accepted("annual-assessment", &annual(BASE_A, 2027)).await;
    let before = e.store.counts().await.unwrap();
    let res = e.submit("annual-assessment", &annual(BASE_A, 2027)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let report = res.json();
    let i = issue(&report, "art22.one_per_year").expect("art22.one_per_year");
    assert_eq!((i["path"].as_str(), i["severity"].as_str()), (Some("/year"), Some("error")));
    assert_eq!(e.store.counts().await.unwrap(), before, "nothing persisted");
    // Another base, or another year, is another filing.
    assert!(!e.validate("annual-assessment", &annual(BASE_B, 2027)).await.rules().contains(&"art22.one_per_year".to_owned()));

    // Concurrent filings for 2028: the unique index decides.
    let doc = annual(BASE_A, 2028);
    let (a, b) = tokio::join!(e.submit("annual-assessment", &doc), e.submit("annual-assessment", &doc));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY]);
    let refused = if a.status == StatusCode::CREATED { b } else { a };
    assert!(refused.rules().contains(&"art22.one_per_year".to_owned()), "{:?}", refused.rules());

    // A year before certification (2026-06-30) or in the future is refused by art22.year.
    for year in [2025, 2031] {
        let res = e.submit("annual-assessment", &annual(BASE_A, year)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.rules().contains(&"art22.year".to_owned()), "{year}: {:?}", res.rules());
    }
    // An unknown base.
    assert!(e.validate("annual-assessment", &annual("base-none", 2027)).await.rules().contains(&"art22.base_exists".to_owned()));
}

/// The evaluation's context: period, deadline (configured), annual filings on file.
async fn evaluation_context(e: &Env) -> String {
    let eval = fixture("evaluation", BASE_A); // 2027–2029
    // 2029 has no annual assessment on file, and the material is 40 days late: without a note
    // the missing filing is an error; lateness stays a warning (Art. 24(2): the material is
    // kept and the reviewer judges it).
    let res = e.submit("evaluation", &eval).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let report = res.json();
    let overdue = issue(&report, "art24.overdue").expect("art24.overdue");
    assert_eq!((overdue["severity"].as_str(), overdue["path"].as_str()), (Some("warning"), Some("/overdue_reason")));
    assert_eq!(overdue["params"]["days"], 40);
    assert_eq!(overdue["params"]["deadline"], "2030-03-31");
    let missing = issue(&report, "art22.annual_filed").expect("art22.annual_filed");
    assert_eq!((missing["severity"].as_str(), missing["path"].as_str()), (Some("error"), Some("/annual_note")));
    assert_eq!(missing["params"]["years"], json!(["2029"]));

    // The period must follow certification (2026 or 2027 for a first evaluation).
    let mut late_start = eval.clone();
    late_start["period"] = json!({"from_year": 2028, "to_year": 2030});
    let res = e.validate("evaluation", &late_start).await;
    let follows = issue(&res.json(), "art23.period_follows").cloned().expect("art23.period_follows");
    assert_eq!(follows["path"], "/period/from_year");
    assert_eq!(follows["params"]["expected"], 2026);

    // Late without a special reason: the material is still accepted (valid), the warning
    // carried to the reviewer; without the reason it is the ground of Art. 24(2) for them.
    let mut noted = eval.clone();
    noted["annual_note"] = json!("2029年度考核已完成，备案材料随本次评估一并提交。");
    let res = e.validate("evaluation", &noted).await.json();
    assert_eq!(res["valid"], true, "{res}");
    assert_eq!(issue(&res, "art24.overdue").expect("flagged")["severity"], "warning");

    // With a reason and a note: accepted, with the warnings and their justifications.
    let mut justified = eval.clone();
    justified["overdue_reason"] = json!("因疫情封控，评估材料的审计环节延期，经责任单位书面报告联盟秘书处。");
    justified["annual_note"] = json!("2029年度考核已完成，备案材料随本次评估一并提交。");
    let (id, body) = e.accepted("evaluation", &justified).await;
    let overdue = issue(&body, "art24.overdue").expect("the warning stays with the submission");
    assert_eq!(overdue["severity"], "warning");
    assert_eq!(issue(&body, "art22.annual_filed").unwrap()["severity"], "warning");

    // The period is taken: the next evaluation must start in 2030.
    let res = e.submit("evaluation", &justified).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let follows = issue(&res.json(), "art23.period_follows").cloned().expect("art23.period_follows");
    assert_eq!(follows["params"]["expected"], 2030);
    id
}

/// Overdue is judged by the server's day: within one calendar month after the deadline it
/// is not (another server on the same database, another day).
async fn overdue_by_the_clock(url: &str) {
    let (app, store) = app_with(chapter6_config(url, "2030-04-30")).await;
    let mut eval = fixture("evaluation", BASE_B);
    eval["period"] = json!({"from_year": 2027, "to_year": 2029});
    let res = send(&app, post_json("/api/v1/forms/evaluation/validate", &eval)).await;
    assert!(!res.rules().contains(&"art24.overdue".to_owned()), "{:?}", res.rules());
    let (app, _) = app_with(chapter6_config(url, "2030-05-01")).await;
    let res = send(&app, post_json("/api/v1/forms/evaluation/validate", &eval)).await;
    assert!(res.rules().contains(&"art24.overdue".to_owned()), "{:?}", res.rules());
    store.close().await;
}

/// Annual assessments are filed; an unqualified evaluation revokes the base in the same
/// transaction as the decision, and the base checks fail from then on.
async fn evaluation_workflow_revokes(e: &Env, eval_id: &str) {
    // The annual assessments on file for base A: filed (or returned).
    let list = e.admin_get("/api/v1/admin/submissions?kind=annual_assessment").await.json();
    let annual_ids: Vec<String> = list["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(annual_ids.len(), 2);
    let detail = e.admin_get(&format!("/api/v1/admin/submissions/{}", annual_ids[0])).await.json();
    assert_eq!(detail["next_statuses"], json!(["filed", "returned"]));
    assert_eq!(detail["masked_fields"], json!([]));
    e.walk(&annual_ids[0], &["filed"]).await;
    let res = e.decide(&annual_ids[1], "under_review", "x").await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["review.transition".to_owned()]));

    // The evaluation: received → expert review → site check → unqualified.
    let detail = e.admin_get(&format!("/api/v1/admin/submissions/{eval_id}")).await.json();
    assert_eq!(detail["next_statuses"], json!(["under_review", "returned"]));
    assert_eq!(detail["fresh_report"]["valid"], true, "{}", detail["fresh_report"]);
    assert_eq!(detail["report_changed"], false, "the re-check leaves the evaluation itself out: {}", detail["fresh_report"]);
    e.walk(eval_id, &["under_review", "site_check"]).await;
    let check = json!({"date": "2030-05-01", "inspectors": "周工", "conclusion": "confirmed",
        "findings": "现场核查实训场地、设备与师资，与评估材料所述一致，三年实训任务完成情况与统计表相符，运行记录完整可查。"});
    let req = Request::post(format!("/api/v1/admin/submissions/{eval_id}/site-check"))
        .header("content-type", "application/json")
        .header("cookie", &e.cookie)
        .header("x-csrf-token", &e.csrf)
        .body(Body::from(check.to_string()))
        .unwrap();
    assert_eq!(send(&e.app, req).await.status, StatusCode::CREATED);
    let detail = e.admin_get(&format!("/api/v1/admin/submissions/{eval_id}")).await.json();
    assert_eq!(detail["next_statuses"], json!(["qualified", "unqualified", "returned"]));
    assert!(!e.store.base(BASE_A).await.unwrap().unwrap().revoked);
    let res = e.decide(eval_id, "unqualified", "  ").await;
    assert_eq!(
        (res.status, res.rules()),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["review.note".to_owned()]),
        "the expert opinion is needed"
    );
    assert!(!e.store.base(BASE_A).await.unwrap().unwrap().revoked, "a refused decision revokes nothing");
    let opinion = "评估专家组认定：三年实训任务完成率不足，且逾期上报评估材料，评估不合格。";
    let res = e.decide(eval_id, "unqualified", opinion).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));

    let base = e.store.base(BASE_A).await.unwrap().unwrap();
    assert!(base.revoked);
    let entry = e.admin_get(&format!("/api/v1/admin/registry/{BASE_A}")).await.json();
    assert_eq!(entry["status"], "revoked");
    assert_eq!(entry["revoked_on"], TODAY);
    assert_eq!(entry["revoked_reason"], opinion);
    // The audit entry of the decision says so.
    let detail = e.admin_get(&format!("/api/v1/admin/submissions/{eval_id}")).await.json();
    let last = detail["audit"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["from_status"].as_str(), last["to_status"].as_str()), (Some("site_check"), Some("unqualified")));
    assert_eq!(last["note"], opinion);
    assert_eq!(last["detail"], format!("base {BASE_A} revoked on {TODAY}"));
    assert_eq!(detail["next_statuses"], json!([]));
    // The applicant sees the result with the opinion (Art. 25: it is published).
    assert_eq!(detail["history"].as_array().unwrap().last().unwrap()["note"], opinion);

    // From now on: no appointment, direction change, filing or evaluation for the base.
    let appointment = example_for_base("director_appointment", BASE_A);
    let res = e.submit("director-appointment", &appointment).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let report = res.json();
    assert_eq!(issue(&report, "art14.base_exists").unwrap()["params"]["reason"], "revoked");
    let res = e.validate("direction-change", &example_for_base("direction_change", BASE_A)).await;
    assert!(res.rules().contains(&"art21.base_exists".to_owned()));
    let res = e.validate("annual-assessment", &annual(BASE_A, 2029)).await;
    assert!(res.rules().contains(&"art22.base_exists".to_owned()));
}

/// A returned filing is not on file: another may be filed for its year, and then its
/// resubmission is refused with `art22.one_per_year`.
async fn returned_filings(e: &Env) {
    let (first, body) = e.accepted("annual-assessment", &annual(BASE_B, 2029)).await;
    let receipt = body["receipt"].as_str().unwrap().to_owned();
    let res = e.decide(&first, "returned", "请补充主任工作报告中的经费使用情况").await;
    assert_eq!(res.status, StatusCode::OK);
    e.accepted("annual-assessment", &annual(BASE_B, 2029)).await;
    let req = Request::post(format!("/api/v1/submissions/{first}/resubmit"))
        .header("content-type", "application/json")
        .header("x-receipt", &receipt)
        .body(Body::from(annual(BASE_B, 2029).to_string()))
        .unwrap();
    let res = send(&e.app, req).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art22.one_per_year".to_owned()), "{:?}", res.rules());
    assert_eq!(e.store.stored_submission(&first).await.unwrap().unwrap().status, "returned");
}

/// Approved direction changes replace the registry's directions; approved appointments put the
/// officer on record (base B, which stays certified).
async fn approved_changes_reach_the_registry(e: &Env) {
    let (id, _) = e.accepted("direction-change", &example_for_base("direction_change", BASE_B)).await;
    e.walk(&id, &["under_review"]).await;
    e.publish(&id).await;
    assert_eq!(e.store.base(BASE_B).await.unwrap().unwrap().directions, vec!["network.implementation", "security.operations"]);
    // Approved once the notice's period has ended without objection (`art12.no_objection`).
    e.days_later(i64::from(e.config.publicity_days)).walk(&id, &["approved"]).await;
    assert_eq!(e.store.base(BASE_B).await.unwrap().unwrap().directions, vec!["network.implementation", "data.operations"]);

    let mut appointment = example_for_base("director_appointment", BASE_B);
    appointment["term_start"] = json!("2030-09-01");
    appointment["term_end"] = json!("2033-08-31");
    let (id, _) = e.accepted("director-appointment", &appointment).await;
    e.walk(&id, &["approved"]).await;
    let entry = e.admin_get(&format!("/api/v1/admin/registry/{BASE_B}")).await.json();
    assert_eq!(entry["directions"], json!(["network.implementation", "data.operations"]));
    let officers = entry["officers"].as_array().unwrap();
    let recorded = officers.iter().find(|o| o["term_start"] == "2030-09-01").expect("the appointment on record");
    assert_eq!(recorded["role"], "deputy_director");
    assert_eq!(recorded["term_end"], "2033-08-31");
    assert_eq!(recorded["name"], appointment["appointee"]["name"]);
}

async fn registry_endpoints(e: &Env) {
    // Public: no login, briefly cacheable, status of every base, no people.
    let res = send(&e.app, get("/api/v1/registry")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["cache-control"], "public, max-age=300");
    let public = res.json();
    let bases = public["bases"].as_array().unwrap();
    assert_eq!(bases.len(), 2);
    let a = bases.iter().find(|b| b["id"] == BASE_A).unwrap();
    assert_eq!(a["status"], "revoked");
    assert_eq!(a["certified_on"], "2026-06-30");
    assert_eq!(a["full_name"], "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）");
    assert_eq!(a["responsible_name"], "示例工业职业技术大学");
    let b = bases.iter().find(|b| b["id"] == BASE_B).unwrap();
    assert_eq!(b["status"], "certified");
    assert_eq!(b["directions"], json!(["network.implementation", "data.operations"]));
    let keys: Vec<&String> = b.as_object().unwrap().keys().collect();
    // With the certificate's number and the published results (Arts. 12, 25).
    assert_eq!(keys.len(), 8, "{keys:?}");
    assert!(!public.to_string().contains("刘教授"), "no officers in the public list");

    // The secretariat's views need a session.
    for path in ["/api/v1/admin/registry", "/api/v1/admin/registry/due", &format!("/api/v1/admin/registry/{BASE_A}")] {
        let res = send(&e.app, get(path)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(e.admin_get("/api/v1/admin/registry/base-none").await.status, StatusCode::NOT_FOUND);

    let all = e.admin_get("/api/v1/admin/registry").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.headers["cache-control"], "no-store");
    let all = all.json();
    let a = all["bases"].as_array().unwrap().iter().find(|b| b["id"] == BASE_A).unwrap().clone();
    assert_eq!(a["responsible_unit"], json!({"name": "示例工业职业技术大学", "uscc": "12310104729436482D"}));
    assert_eq!(a["partners"].as_array().unwrap().len(), 2);
    let filings = a["annual_filings"].as_array().unwrap();
    assert_eq!(filings.iter().map(|f| f["year"].as_i64().unwrap()).collect::<Vec<_>>(), [2027, 2028]);
    assert_eq!(filings[0]["result"], "good");
    assert!(filings.iter().any(|f| f["status"] == "filed"));
    let evaluations = a["evaluations"].as_array().unwrap();
    assert_eq!(evaluations.len(), 1);
    assert_eq!((evaluations[0]["from_year"].as_i64(), evaluations[0]["to_year"].as_i64()), (Some(2027), Some(2029)));
    assert_eq!(evaluations[0]["status"], "unqualified");

    // What is due on 2030-05-10: base B's first evaluation (2027–2029, deadline 2030-03-31,
    // passed), its annual filings 2027 and 2028 (2029 is on file), and its director's term
    // ending on 2030-06-30.
    // Base A is revoked: nothing is due from it.
    let due = e.admin_get("/api/v1/admin/registry/due").await.json();
    assert_eq!(due["as_of"], TODAY);
    assert_eq!(
        due["evaluations_due"],
        json!([{"base_id": BASE_B, "full_name": "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）",
                "from_year": 2027, "to_year": 2029, "deadline": "2030-03-31",
                // Art. 24 (2): a month past the deadline with nothing on file.
                "revocable": true}])
    );
    let missing: Vec<(String, i64)> = due["annual_missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["base_id"].as_str().unwrap().to_owned(), m["year"].as_i64().unwrap()))
        .collect();
    assert_eq!(missing, [(BASE_B.to_owned(), 2027), (BASE_B.to_owned(), 2028)]);
    let terms = due["terms_ending"].as_array().unwrap();
    assert_eq!(terms.len(), 1, "{terms:?}");
    assert_eq!(
        (terms[0]["name"].as_str(), terms[0]["role"].as_str(), terms[0]["term_end"].as_str()),
        (Some("王主任"), Some("director"), Some("2030-06-30"))
    );
}

async fn suite(url: &str) {
    let e = Env::start(url).await;
    register(&e.store, BASE_A, "2026-06-30", vec![officer("director", "刘教授", "2027-01-01", "2029-12-31")]).await;
    register(
        &e.store,
        BASE_B,
        "2027-01-15",
        vec![officer("director", "王主任", "2027-07-01", "2030-06-30"), officer("deputy_director", "赵老师", "2027-07-01", "2030-12-31")],
    )
    .await;
    one_filing_per_year(&e).await;
    let eval_id = evaluation_context(&e).await;
    overdue_by_the_clock(url).await;
    evaluation_workflow_revokes(&e, &eval_id).await;
    approved_changes_reach_the_registry(&e).await;
    returned_filings(&e).await;
    registry_endpoints(&e).await;
    e.store.close().await;
}

#[tokio::test]
async fn chapter6_on_sqlite() {
    let db = TestDb::sqlite();
    suite(&db.url).await;
}

#[tokio::test]
async fn chapter6_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    suite(&db.url).await;
}

#[tokio::test]
async fn openapi_covers_chapter6() {
    let db = TestDb::sqlite();
    let (app, _store) = app_with(config(&db.url)).await;
    let doc = send(&app, get("/api/v1/openapi.json")).await.json();
    let paths = doc["paths"].as_object().unwrap();
    for p in ["/api/v1/registry", "/api/v1/admin/registry", "/api/v1/admin/registry/due", "/api/v1/admin/registry/{id}"] {
        assert!(paths.contains_key(p), "{p} missing from openapi.json");
    }
    let kind = &paths["/api/v1/forms/{kind}/submissions"]["post"]["parameters"][0]["description"];
    assert!(kind.as_str().unwrap().contains("annual-assessment") && kind.as_str().unwrap().contains("evaluation"));
    for schema in ["PublicRegistry", "RegistryEntry", "DueList"] {
        assert!(doc["components"]["schemas"].get(schema).is_some(), "{schema}");
    }
}

/// Rows as 0001–0002 left them: a base, submissions of each kind then known (with history,
/// an idempotency answer and audit entries), an appointment and a direction change approved
/// under 0002's workflow (which waited for a `certified` step).
const POPULATED_0002: &[&str] = &[
    "INSERT INTO bases (id, short_name, full_name, responsible_name, responsible_uscc, directions, partners, revoked, created_at) \
     VALUES ('old-base', '长三角智造', '工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）', '示例工业职业技术大学', \
     '12310104729436482D', '[\"network.implementation\"]', '[]', FALSE, 1798732800000)",
    "INSERT INTO base_officers (base_id, role, name, term_start, term_end) VALUES ('old-base', 'director', '刘教授', '2027-01-01', '2029-12-31')",
    "INSERT INTO submissions (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle, \
     base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority) VALUES \
     ('s-app', 'application', 'certified', '{}', '{}', 'v', 'h1', 'r1', '12310104729436482D', 2027, 'old-base', 1, 2, '示例', 'university', '|network.implementation|', TRUE, FALSE), \
     ('s-appt', 'director_appointment', 'under_review', '{}', '{}', 'v', 'h2', 'r2', NULL, NULL, 'old-base', 3, 4, NULL, NULL, NULL, FALSE, FALSE), \
     ('s-dc', 'direction_change', 'submitted', '{}', '{}', 'v', 'h3', 'r3', NULL, NULL, 'old-base', 5, 6, NULL, NULL, '|data.operations|', FALSE, FALSE), \
     ('s-appt2', 'director_appointment', 'approved', \
      '{\"base_id\":\"old-base\",\"role\":\"deputy_director\",\"appointee\":{\"name\":\" 黄老师 \"},\"term_start\":\"2027-09-01\",\"term_end\":\"2030-08-31\"}', \
      '{}', 'v', 'h4', 'r4', NULL, NULL, 'old-base', 7, 8, NULL, NULL, NULL, FALSE, FALSE), \
     ('s-dc2', 'direction_change', 'approved', \
      '{\"base_id\":\"old-base\",\"requested_directions\":[\"network.implementation\",\"security.operations\"]}', \
      '{}', 'v', 'h5', 'r5', NULL, NULL, 'old-base', 9, 10, NULL, NULL, '|network.implementation|security.operations|', FALSE, FALSE)",
    "INSERT INTO submission_events (submission_id, status, note, at) VALUES ('s-app', 'submitted', NULL, 1), ('s-app', 'certified', NULL, 2), ('s-dc', 'submitted', NULL, 5)",
    "INSERT INTO idempotency_keys (key_hash, request_hash, submission_id, receipt_salt, status_code, answer_head, answer_tail, created_at) \
     VALUES ('k1', 'q1', 's-dc', 'salt', 201, '{', '}', 5)",
    "INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail) \
     VALUES (2, 'secretary.wang', 'decision', 's-app', 'approved', 'certified', '授牌', 'base old-base')",
];

/// After 0003 (and 0004) the rows are all there, linked as before, and the new rules hold.
async fn check_migrated(store: &Store) {
    let base = store.base("old-base").await.unwrap().expect("the base survives");
    assert_eq!(base.certified_on.map(|d| d.to_string()).as_deref(), Some("2027-01-01"), "backfilled from created_at (Beijing)");
    // The approved appointment and direction change reached the registry, with an audit entry.
    assert_eq!(base.officers.len(), 2);
    assert_eq!((base.officers[1].start.to_string(), base.officers[1].end.to_string()), ("2027-09-01".into(), "2030-08-31".into()));
    assert_eq!(base.directions, vec!["network.implementation", "security.operations"]);
    let entry = &store.registry(Some("old-base")).await.unwrap()[0];
    assert_eq!(entry.officers[1].name, "黄老师");
    for id in ["s-appt2", "s-dc2"] {
        let audit = store.audit_entries(id).await.unwrap();
        assert_eq!(audit.len(), 1, "{id}");
        assert_eq!((audit[0].entry.actor.as_str(), audit[0].entry.action.as_str()), ("migration 0003", "registry"));
    }
    // 0005: an appointment under expert review goes back to the council's queue (Art. 14),
    // with its history line and audit entry; 0003 wrote nothing about it.
    let appt = store.audit_entries("s-appt").await.unwrap();
    assert_eq!(appt.len(), 1, "only approved ones reach the registry");
    assert_eq!((appt[0].entry.actor.as_str(), appt[0].entry.to_status.as_deref()), ("migration 0005", Some("submitted")));
    assert_eq!(store.stored_submission("s-appt").await.unwrap().unwrap().status, "submitted");
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.submissions, counts.events, counts.idempotency_keys, counts.bases), (5, 4, 1, 1));
    let app = store.stored_submission("s-app").await.unwrap().unwrap();
    assert_eq!((app.status.as_str(), app.history.len(), app.unit_name.as_deref()), ("certified", 2, Some("示例")));
    assert_eq!(store.audit_entries("s-app").await.unwrap().len(), 1);
    assert!(store.pending_direction_change("old-base", None).await.unwrap());
    let listed = store.list_submissions(&aii_server::repo::ListQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(listed.0, 5);
    assert!(listed.1.iter().any(|r| r.has_warnings));

    // The old constraints still refuse, the new ones too; the new kinds are admitted.
    let exec = |sql: &'static str| async move {
        match store.repo() {
            Backend::Sqlite(r) => sqlx::query(sql).execute(r.pool()).await.map(|_| ()),
            Backend::Postgres(r) => sqlx::query(sql).execute(r.pool()).await.map(|_| ()),
        }
    };
    let row = |id: &str, kind: &str, status: &str, cycle: &str, base: &str| {
        format!(
            "INSERT INTO submissions (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, cycle, base_id, created_at, updated_at) \
             VALUES ('{id}', '{kind}', '{status}', '{{}}', '{{}}', 'v', 'h', 'r-{id}', {cycle}, {base}, 7, 7)"
        )
    };
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    exec(leak(row("n1", "annual_assessment", "filed", "2027", "'old-base'"))).await.expect("a new kind and status");
    exec(leak(row("n2", "evaluation", "unqualified", "2027", "'old-base'"))).await.expect("a new kind and status");
    assert!(exec(leak(row("n3", "annual_assessment", "submitted", "2027", "'old-base'"))).await.is_err(), "one per year");
    exec(leak(row("n4", "annual_assessment", "returned", "2027", "'old-base'"))).await.expect("a returned one does not count");
    assert!(exec(leak(row("n5", "evaluation", "submitted", "2027", "'old-base'"))).await.is_err(), "one per period");
    assert!(exec(leak(row("n6", "annual_assessment", "submitted", "NULL", "'old-base'"))).await.is_err(), "the year is needed");
    assert!(exec(leak(row("n7", "director_appointment", "submitted", "NULL", "NULL"))).await.is_err(), "the base is needed");
    assert!(exec(leak(row("n8", "report", "submitted", "NULL", "'old-base'"))).await.is_err(), "no such kind");
    assert!(exec(leak(row("n9", "application", "qualified", "2027", "'old-base'"))).await.is_err(), "an application needs its unit");
    assert!(exec(leak(row("n10", "evaluation", "done", "2030", "'old-base'"))).await.is_err(), "no such status");
    assert!(exec(leak(row("n11", "evaluation", "submitted", "2030", "'no-base'"))).await.is_err(), "the foreign key holds");
    assert!(
        exec("INSERT INTO submission_events (submission_id, status, note, at) VALUES ('nobody', 'x', NULL, 1)").await.is_err(),
        "events keep their foreign key"
    );
    assert!(exec("UPDATE audit_log SET note = 'x'").await.is_err(), "the audit log is still append-only");
    // 0004: the receipt hash is no longer a unique index (it is only looked up with the id).
    exec("INSERT INTO submissions (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, cycle, base_id, created_at, updated_at) \
          VALUES ('n12', 'director_appointment', 'submitted', '{}', '{}', 'v', 'h', 'r-n1', NULL, 'old-base', 7, 7)")
        .await
        .expect("a receipt hash is not an index");
    assert!(exec("DELETE FROM submissions WHERE id = 's-app'").await.is_err(), "the audit log still holds its submission");
}

#[tokio::test]
async fn migration_0003_on_a_populated_sqlite_database() {
    let db = TestDb::sqlite();
    {
        use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
        use std::str::FromStr;
        let options = SqliteConnectOptions::from_str(&db.url).unwrap().create_if_missing(true).foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
        let mut old = sqlx::migrate!("migrations/sqlite");
        old.migrations = old.migrations.iter().filter(|m| m.version <= 2).cloned().collect::<Vec<_>>().into();
        old.run(&pool).await.unwrap();
        for sql in POPULATED_0002 {
            sqlx::query(*sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    let store = Store::connect(&db.url, 2).await.expect("0003 runs on the populated database");
    check_migrated(&store).await;
    if let Backend::Sqlite(r) = store.repo() {
        let problems: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(r.pool()).await.unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(r.pool()).await.unwrap();
        assert_eq!(integrity, "ok");
        let leftovers: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE sql LIKE '%submissions_0002%' OR sql LIKE '%submissions_0003%'")
                .fetch_one(r.pool())
                .await
                .unwrap();
        assert_eq!(leftovers, 0, "nothing refers to the old tables");
    }
    store.close().await;
}

#[tokio::test]
async fn migration_0003_on_a_populated_postgres_database_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    {
        let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&db.url).await.unwrap();
        let mut old = sqlx::migrate!("migrations/postgres");
        old.migrations = old.migrations.iter().filter(|m| m.version <= 2).cloned().collect::<Vec<_>>().into();
        old.run(&pool).await.unwrap();
        for sql in POPULATED_0002 {
            sqlx::query(*sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    let store = Store::connect(&db.url, 2).await.expect("0003 runs on the populated database");
    check_migrated(&store).await;
    store.close().await;
}
