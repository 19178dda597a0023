//! The secretariat's review desk through the HTTP API, on SQLite and (when
//! `TEST_DATABASE_URL` is set) PostgreSQL: sessions, 401/403, CSRF, the login rate limit,
//! every legal transition and an illegal one, the audit log, certification into the
//! registry, resubmission, the list's filters, the reveal of personal data and the exports.

mod common;
mod submissions {
    include!("common/submissions.rs");
}

use std::io::Cursor;

use aii_rules::FormKind;
use aii_server::repo::{
    Backend, BaseIdentity, Conflict, ContextSource, InsertOutcome, NewBase, NewOfficer, NewSubmission, PartnerUnit, Store,
};
use aii_server::{Config, Repository};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use calamine::{Reader, Xlsx};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";
const ANOTHER_UNIVERSITY: &str = "12310000234567894P";
const EXAMPLE_PHONE: &str = "021-64001234";
/// A valid resident ID number for the example appointee (born 1972-12-01).
const ID_NUMBER: &str = "110105197212010038";

struct Desk {
    app: Router,
    /// The same store served on the notice's day after its last (`art12.no_objection`).
    later: Router,
    store: Store,
    config: Config,
    /// The receipts of the submissions made, by id.
    receipts: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl Desk {
    async fn start(url: &str) -> Desk {
        Desk::start_with(config(url)).await
    }

    async fn start_with(config: Config) -> Desk {
        let (app, store) = app_with(config.clone()).await;
        let mut after = config.clone();
        after.today = Some(Desk::today_of(&config).add_days(i64::from(config.publicity_days)));
        let later = aii_server::router(aii_server::AppState::new(store.clone(), after));
        Desk { app, later, store, config, receipts: Default::default() }
    }

    fn today_of(config: &Config) -> aii_rules::Date {
        config.today.expect("the tests fix the day")
    }

    /// The `user add --password-stdin` command.
    async fn add_user(&self, name: &str) {
        let generated = aii_server::accounts::add_user(&self.config, name, true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        assert_eq!(generated, None);
    }

    /// A new secretariat account, logged in.
    async fn login_new(&self, name: &str) -> Session {
        self.add_user(name).await;
        self.login(name).await
    }

    async fn login_as(&self, name: &str, password: &str) -> Answer {
        send(&self.app, post_json("/api/v1/admin/login", &json!({"username": name, "password": password}))).await
    }

    async fn login(&self, name: &str) -> Session {
        let res = self.login_as(name, PASSWORD).await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
        let set_cookie = res.headers["set-cookie"].to_str().unwrap().to_owned();
        for attr in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/admin"] {
            assert!(set_cookie.contains(attr), "{set_cookie}");
        }
        assert!(!set_cookie.contains("Secure"), "not without --secure-cookies");
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        Session { cookie, csrf: res.json()["csrf_token"].as_str().unwrap().to_owned() }
    }

    async fn get(&self, s: &Session, path: &str) -> Answer {
        send(&self.app, Request::get(path).header("cookie", &s.cookie).body(Body::empty()).unwrap()).await
    }

    async fn post(&self, s: &Session, path: &str, body: &Value) -> Answer {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .header("host", "127.0.0.1:8080")
            .header("origin", "http://127.0.0.1:8080")
            .body(Body::from(serde_json::to_vec(body).unwrap()))
            .unwrap();
        send(&self.app, req).await
    }

    async fn decide(&self, s: &Session, id: &str, to: &str) -> Answer {
        // The council's fields (Art. 12) on an approval, a ground (Art. 24) on an unqualified result.
        let body = match to {
            "approved" => {
                let day = Desk::today_of(&self.config).to_string();
                json!({"to": to, "note": format!("决定：{to}"), "council_date": day, "resolution": "常务理事会决议〔2027〕1号"})
            }
            "unqualified" => json!({"to": to, "note": format!("决定：{to}"), "grounds": [1]}),
            _ => json!({"to": to, "note": format!("决定：{to}")}),
        };
        self.post(s, &format!("/api/v1/admin/submissions/{id}/decisions"), &body).await
    }

    /// Moves a submission along `path`, each step answering 200: to publicity on a notice
    /// starting today (Art. 12), approved from publicity on the day after the notice.
    async fn walk(&self, s: &Session, id: &str, path: &[&str]) {
        for to in path {
            if *to == "publicity" {
                let start = Desk::today_of(&self.config).to_string();
                let res = self.post(s, "/api/v1/admin/notices", &json!({"start_date": start, "items": [id]})).await;
                assert_eq!(res.status, StatusCode::CREATED, "→ notice: {}", String::from_utf8_lossy(&res.body));
                assert_eq!(self.detail(s, id).await["status"], "publicity");
                continue;
            }
            let res = if *to == "approved" && self.detail(s, id).await["status"] == "publicity" {
                self.decide_later(s, id, to).await
            } else {
                self.decide(s, id, to).await
            };
            assert_eq!(res.status, StatusCode::OK, "→ {to}: {}", String::from_utf8_lossy(&res.body));
            assert_eq!(res.json()["status"], *to);
        }
    }

    /// `decide` on the day after the notice.
    async fn decide_later(&self, s: &Session, id: &str, to: &str) -> Answer {
        // The council sits on that day, after the notice (Art. 12).
        let day = Desk::today_of(&self.config).add_days(self.config.publicity_days).to_string();
        let body = json!({"to": to, "note": format!("决定：{to}"), "council_date": day, "resolution": "常务理事会决议〔2027〕1号"});
        let req = Request::post(format!("/api/v1/admin/submissions/{id}/decisions"))
            .header("content-type", "application/json")
            .header("cookie", &s.cookie)
            .header("x-csrf-token", &s.csrf)
            .header("host", "127.0.0.1:8080")
            .header("origin", "http://127.0.0.1:8080")
            .body(Body::from(serde_json::to_vec(&body).unwrap()))
            .unwrap();
        send(&self.later, req).await
    }

    async fn detail(&self, s: &Session, id: &str) -> Value {
        let res = self.get(s, &format!("/api/v1/admin/submissions/{id}")).await;
        assert_eq!(res.status, StatusCode::OK);
        res.json()
    }

    async fn submit(&self, slug: &str, doc: &Value) -> (String, String) {
        let res = send(&self.app, post_json(&format!("/api/v1/forms/{slug}/submissions"), doc)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        let body = res.json();
        let (id, receipt) = (body["id"].as_str().unwrap().to_owned(), body["receipt"].as_str().unwrap().to_owned());
        self.receipts.lock().unwrap().insert(id.clone(), receipt.clone());
        (id, receipt)
    }

    async fn list(&self, s: &Session, query: &str) -> Value {
        let res = self.get(s, &format!("/api/v1/admin/submissions?{query}")).await;
        assert_eq!(res.status, StatusCode::OK, "{query}: {}", String::from_utf8_lossy(&res.body));
        res.json()
    }
}

struct Session {
    cookie: String,
    csrf: String,
}

/// The rule ids of a report's errors (warnings left out).
fn errors(res: &Answer) -> Vec<String> {
    let body = res.json();
    let issues = body["issues"].as_array().expect("issues");
    issues.iter().filter(|i| i["severity"] == "error").map(|i| i["rule"].as_str().unwrap().to_owned()).collect()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

/// A second application: another university, whose capacity rests on a justification.
fn justified_application() -> Value {
    let mut doc = example("application");
    doc["unit"]["uscc"] = json!(ANOTHER_UNIVERSITY);
    doc["unit"]["name"] = json!("另一所工业大学");
    doc["partners"] = json!([]);
    doc["facilities"]["simultaneous_trainees"] = json!(120);
    doc["facilities"]["capacity_note"] = json!("另有三十个移动工位在合作企业车间");
    doc
}

async fn no_session_no_access(d: &Desk) {
    let (id, _) = d.submit("application", &example("application")).await;
    for path in [
        "/api/v1/admin/session".to_owned(),
        "/api/v1/admin/submissions".to_owned(),
        format!("/api/v1/admin/submissions/{id}"),
        "/api/v1/admin/export.csv".to_owned(),
        "/api/v1/admin/export.xlsx".to_owned(),
        "/api/v1/admin/no-such-route".to_owned(),
    ] {
        let res = send(&d.app, get(&path)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(res.json()["error"], "login_required");
        // A forged or expired cookie is no session either.
        let res = send(&d.app, Request::get(&path).header("cookie", "aii_admin=forged").body(Body::empty()).unwrap()).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path} with a forged cookie");
    }
    for path in [
        format!("/api/v1/admin/submissions/{id}/decisions"),
        format!("/api/v1/admin/submissions/{id}/reveal"),
        "/api/v1/admin/logout".into(),
    ] {
        let res = send(&d.app, post_json(&path, &json!({"to": "under_review", "note": "x", "path": "/contact/phone"}))).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(d.store.stored_submission(&id).await.unwrap().unwrap().status, "submitted");
}

async fn accounts_and_sessions(d: &Desk) {
    d.add_user("secretary.wang").await;
    // The username is taken.
    assert!(aii_server::accounts::add_user(&d.config, "Secretary.Wang", true, &mut format!("{PASSWORD}\n").as_bytes()).await.is_err());
    assert_eq!(d.login_as("secretary.wang", "wrong password!!").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(d.login_as("nobody.here", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let s = d.login("Secretary.Wang").await;
    let res = d.get(&s, "/api/v1/admin/session").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["username"], "secretary.wang");
    assert_eq!(res.json()["csrf_token"], s.csrf.as_str());
    assert_eq!(res.headers["cache-control"], "no-store");
    // Only the token's hash is stored.
    let token = s.cookie.trim_start_matches("aii_admin=");
    assert!(d.store.session_user(token, 0).await.unwrap().is_none());
    assert!(d.store.session_user(&aii_server::accounts::session_hash(token), 0).await.unwrap().is_some());

    // Disabled (issue 22): the open session is gone, and a login with the right password
    // answers exactly as a wrong one.
    let wrong = d.login_as("secretary.wang", "wrong password!!").await;
    aii_server::accounts::set_disabled(&d.config, "secretary.wang", true).await.unwrap();
    let res = d.get(&s, "/api/v1/admin/submissions").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["error"], "login_required");
    let res = d.login_as("secretary.wang", PASSWORD).await;
    assert_eq!((res.status, &res.body), (wrong.status, &wrong.body));
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.headers.get("set-cookie").is_none());
    // Enabled again, the session from before stays gone; a new login works.
    aii_server::accounts::set_disabled(&d.config, "secretary.wang", false).await.unwrap();
    assert_eq!(d.get(&s, "/api/v1/admin/submissions").await.status, StatusCode::UNAUTHORIZED);
    assert!(aii_server::accounts::set_disabled(&d.config, "nobody.here", true).await.is_err());
    let s = d.login("secretary.wang").await;
    assert_eq!(d.get(&s, "/api/v1/admin/submissions").await.status, StatusCode::OK);

    // Logout ends the session.
    let res = d.post(&s, "/api/v1/admin/logout", &json!({})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert!(res.headers["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(d.get(&s, "/api/v1/admin/submissions").await.status, StatusCode::UNAUTHORIZED);
}

async fn rate_limited_logins(d: &Desk) {
    d.add_user("secretary.zhao").await;
    for _ in 0..5 {
        assert_eq!(d.login_as("secretary.zhao", "not the password").await.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits.
    let res = d.login_as("secretary.zhao", PASSWORD).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers["retry-after"], "900");
    // Another username from elsewhere is not affected by this username's limit.
    let req = Request::post("/api/v1/admin/login")
        .header("content-type", "application/json")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 7], 5000))))
        .body(Body::from(json!({"username": "secretary.wang", "password": PASSWORD}).to_string()))
        .unwrap();
    assert_eq!(send(&d.app, req).await.status, StatusCode::OK);
    // Thirty failures from one address block every username from it.
    for i in 0..30 {
        let req = Request::post("/api/v1/admin/login")
            .header("content-type", "application/json")
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 9], 5000))))
            .body(Body::from(json!({"username": format!("guess{i}"), "password": "x"}).to_string()))
            .unwrap();
        assert_eq!(send(&d.app, req).await.status, StatusCode::UNAUTHORIZED);
    }
    let req = Request::post("/api/v1/admin/login")
        .header("content-type", "application/json")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 9], 5000))))
        .body(Body::from(json!({"username": "secretary.wang", "password": PASSWORD}).to_string()))
        .unwrap();
    assert_eq!(send(&d.app, req).await.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn csrf_is_refused(d: &Desk, s: &Session) {
    let (id, _) = d.submit("application", &justified_application()).await;
    let path = format!("/api/v1/admin/submissions/{id}/decisions");
    let body = json!({"to": "under_review", "note": "开始评审"}).to_string();
    let base = || Request::post(&path).header("content-type", "application/json").header("cookie", &s.cookie);
    // No token, a wrong token, another origin, a cross-site fetch: 403 and nothing moves.
    for req in [
        base().body(Body::from(body.clone())).unwrap(),
        base().header("x-csrf-token", "0".repeat(64)).body(Body::from(body.clone())).unwrap(),
        base()
            .header("x-csrf-token", &s.csrf)
            .header("host", "127.0.0.1:8080")
            .header("origin", "http://evil.example")
            .body(Body::from(body.clone()))
            .unwrap(),
        base().header("x-csrf-token", &s.csrf).header("sec-fetch-site", "cross-site").body(Body::from(body.clone())).unwrap(),
    ] {
        let res = send(&d.app, req).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(res.json()["error"], "csrf");
    }
    // A login from another origin is refused too (login CSRF).
    let req = Request::post("/api/v1/admin/login")
        .header("content-type", "application/json")
        .header("host", "127.0.0.1:8080")
        .header("origin", "http://evil.example")
        .body(Body::from(json!({"username": "secretary.wang", "password": PASSWORD}).to_string()))
        .unwrap();
    assert_eq!(send(&d.app, req).await.status, StatusCode::FORBIDDEN);
    assert_eq!(d.store.stored_submission(&id).await.unwrap().unwrap().status, "submitted");
    assert!(d.store.audit_entries(&id).await.unwrap().is_empty());
}

/// The example application to certified; the base it creates admits a director appointment.
async fn certification(d: &Desk, s: &Session) -> String {
    let list = d.list(s, "kind=application&q=示例工业职业").await;
    assert_eq!(list["total"], 1);
    let id = ids(&list)[0].clone();
    let item = &list["items"][0];
    assert_eq!(item["person_masked"], "021*****1234");
    assert!(!list.to_string().contains(EXAMPLE_PHONE), "the list masks phones");

    // Before certification the registry has no such base: an appointment cannot name one.
    d.walk(s, &id, &["under_review", "site_check"]).await;
    let check = json!({"date": "2027-02-25", "inspectors": "周工", "conclusion": "confirmed",
        "findings": "现场核查实训场地、设备与师资，与申请书所述一致，同时容纳实训人数不少于二十人，管理制度上墙并有运行记录可查。"});
    assert_eq!(d.post(s, &format!("/api/v1/admin/submissions/{id}/site-check"), &check).await.status, StatusCode::CREATED);
    d.walk(s, &id, &["publicity", "approved"]).await;
    let res = d.decide(s, &id, "certified").await;
    assert_eq!(res.status, StatusCode::OK);
    let base_id = res.json()["base_id"].as_str().expect("the base created").to_owned();
    let base = d.store.base(&base_id).await.unwrap().expect("in the registry");
    assert_eq!(base.responsible_uscc, "12310104729436482D");
    assert_eq!(base.directions, vec!["network.implementation", "security.operations"]);
    assert_eq!(base.partner_usccs, vec!["913101153756893422", "12330106858137286E"]);
    let name = scalar_text(&d.store, "SELECT full_name FROM bases WHERE id = $1", &base_id).await;
    assert_eq!(name, "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）");

    // The appointment for it now passes art14.base_exists.
    let mut appointment = example_for_base("director_appointment", &base_id);
    appointment["appointee"]["id_number"] = json!(ID_NUMBER);
    let res = send(&d.app, post_json("/api/v1/forms/director-appointment/validate", &appointment)).await;
    assert!(!res.rules().iter().any(|r| r.starts_with("art14.base")), "{:?}", res.rules());
    let res =
        send(&d.app, post_json("/api/v1/forms/director-appointment/validate", &example_for_base("director_appointment", "base-none")))
            .await;
    assert!(res.rules().contains(&"art14.base_exists".to_owned()));
    d.submit("director-appointment", &appointment).await;

    // The audit log: one entry per decision, who, from → to, the note; the history too.
    let detail = d.detail(s, &id).await;
    assert_eq!(detail["status"], "certified");
    assert_eq!(detail["base_id"], base_id.as_str());
    assert_eq!(detail["next_statuses"], json!([]));
    let audit: Vec<&Value> = detail["audit"].as_array().unwrap().iter().filter(|e| e["action"] != "site_check").collect();
    let steps: Vec<(String, String)> =
        audit.iter().map(|e| (e["from_status"].as_str().unwrap().to_owned(), e["to_status"].as_str().unwrap().to_owned())).collect();
    assert_eq!(
        steps,
        [
            ("submitted", "under_review"),
            ("under_review", "site_check"),
            ("site_check", "publicity"),
            ("publicity", "approved"),
            ("approved", "certified")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert!(audit.iter().all(|e| e["actor"] == "secretary.wang" && e["action"] == "decision"));
    assert_eq!(audit[0]["note"], "决定：under_review");
    assert_eq!(audit[4]["detail"], format!("base {base_id}"));
    assert_eq!(detail["history"].as_array().unwrap().len(), 6);

    // Illegal: certified is final.
    let res = d.decide(s, &id, "under_review").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.rules(), vec!["review.transition"]);
    let issue = &res.json()["issues"][0];
    assert_eq!(issue["params"], json!({"from": "certified", "to": "under_review"}));
    assert_eq!(issue["message"], "处于“已授牌”状态的申报不能转为“答辩评审”；不能再作出审核决定");
    let res =
        d.post(s, &format!("/api/v1/admin/submissions/{id}/decisions?locale=en"), &json!({"to": "under_review", "note": "again"})).await;
    assert!(res.json()["issues"][0]["message"].as_str().unwrap().starts_with("A submission certified cannot be moved to under review"));
    assert_eq!(d.detail(s, &id).await["audit"].as_array().unwrap().len(), 6, "a refusal writes nothing (five decisions, one site check)");
    base_id
}

/// Every other legal transition of a director appointment: Art. 14's own path (PROCEDURE.md),
/// submitted → approved by the council, no expert review, no publicity; approving one records
/// the officer, and approved is final. (Applications' paths: [`application_paths`].)
async fn every_transition(d: &Desk, s: &Session, base_id: &str) {
    for end in ["rejected", "returned"] {
        let (id, _) = d.submit("director-appointment", &example_for_base("director_appointment", base_id)).await;
        d.walk(s, &id, &[end]).await;
        assert!(d.detail(s, &id).await["next_statuses"].as_array().unwrap().is_empty());
    }
    // An appointment has no expert review; a missing note and an unknown status are refused.
    let (id, _) = d.submit("director-appointment", &example_for_base("director_appointment", base_id)).await;
    for to in ["under_review", "publicity", "certified"] {
        let res = d.decide(s, &id, to).await;
        assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["review.transition".to_owned()]), "{to}");
    }
    let res = d.post(s, &format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": "approved", "note": "  "})).await;
    assert_eq!((res.status, res.rules()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["review.note".to_owned()]));
    let res = d.post(s, &format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": "done", "note": "x"})).await;
    assert_eq!((res.status, res.rules()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["review.status".to_owned()]));
    let res = d.post(s, "/api/v1/admin/submissions/nope/decisions", &json!({"to": "approved", "note": "x"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let officers = d.store.base(base_id).await.unwrap().unwrap().officers.len();
    assert_eq!(d.store.base(base_id).await.unwrap().unwrap().officers.len(), officers, "not before it is approved");
    d.walk(s, &id, &["approved"]).await;
    let base = d.store.base(base_id).await.unwrap().unwrap();
    assert_eq!(base.officers.len(), officers + 1, "the appointment is on record");
    let recorded = base.officers.last().unwrap();
    assert_eq!((recorded.start.to_string(), recorded.end.to_string()), ("2027-09-01".to_owned(), "2030-08-31".to_owned()));
    let detail = d.detail(s, &id).await;
    assert_eq!(detail["next_statuses"], json!([]), "approved is final for an appointment");
    let audit = detail["audit"].as_array().unwrap();
    assert_eq!(audit.last().unwrap()["detail"], format!("base {base_id}: deputy_director 2027-09-01–2030-08-31"));
    let res = d.decide(s, &id, "certified").await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["review.transition".to_owned()]));
}

/// Returned for correction, corrected and resubmitted through the receipt.
async fn resubmission(d: &Desk, s: &Session) {
    let list = d.list(s, &format!("q={ANOTHER_UNIVERSITY}")).await;
    let id = ids(&list)[0].clone();
    d.walk(s, &id, &["returned"]).await;
    let mut corrected = justified_application();
    corrected["facilities"]["simultaneous_trainees"] = json!(90);
    corrected["facilities"]["capacity_note"] = json!(null);

    let path = format!("/api/v1/submissions/{id}/resubmit");
    let res = send(&d.app, post_json(&path, &corrected)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "the receipt is needed");
    let res = send(
        &d.app,
        Request::post(&path)
            .header("content-type", "application/json")
            .header("x-receipt", "f".repeat(64))
            .body(Body::from(corrected.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let receipt = d.receipts.lock().unwrap().get(&id).cloned().expect("receipt kept");
    let with = |doc: &Value| {
        Request::post(&path)
            .header("content-type", "application/json")
            .header("x-receipt", &receipt)
            .body(Body::from(doc.to_string()))
            .unwrap()
    };
    // Re-checked like a submission: an invalid correction is refused and changes nothing.
    let mut invalid = corrected.clone();
    invalid["facilities"]["simultaneous_trainees"] = json!(5);
    let res = send(&d.app, with(&invalid)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.rules().contains(&"art7.3.capacity".to_owned()));
    // Checking the correction as typed: plain validate counts the submission itself (Art. 8);
    // naming it, with its receipt, leaves it out, as the resubmission will.
    let validate = |query: &str, receipt: Option<&str>| {
        let mut req = Request::post(format!("/api/v1/forms/application/validate{query}")).header("content-type", "application/json");
        if let Some(r) = receipt {
            req = req.header("x-receipt", r);
        }
        req.body(Body::from(corrected.to_string())).unwrap()
    };
    let plain = send(&d.app, validate("", None)).await;
    assert!(plain.rules().contains(&"art8.one_per_cycle".to_owned()));
    let named = send(&d.app, validate(&format!("?submission={id}"), Some(&receipt))).await;
    assert_eq!(named.status, StatusCode::OK);
    assert!(!named.rules().contains(&"art8.one_per_cycle".to_owned()), "{:?}", named.rules());
    assert_eq!(send(&d.app, validate(&format!("?submission={id}"), None)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&d.app, validate(&format!("?submission={id}"), Some(&"0".repeat(64)))).await.status, StatusCode::NOT_FOUND);

    let res = send(&d.app, with(&corrected)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json()["status"], "submitted");
    let detail = d.detail(s, &id).await;
    assert_eq!(detail["status"], "submitted");
    assert_eq!(detail["document"]["facilities"]["simultaneous_trainees"], 90);
    assert_eq!(detail["warnings"], json!([]));
    let last = detail["audit"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["actor"].as_str(), last["action"].as_str()), (Some("applicant"), Some("resubmit")));
    assert_eq!((last["from_status"].as_str(), last["to_status"].as_str()), (Some("returned"), Some("submitted")));
    // The history shows the return's note to the applicant.
    let view =
        send(&d.app, Request::get(format!("/api/v1/submissions/{id}")).header("x-receipt", &receipt).body(Body::empty()).unwrap()).await;
    let history = view.json()["history"].as_array().unwrap().clone();
    assert_eq!(history.iter().map(|h| h["status"].as_str().unwrap()).collect::<Vec<_>>(), ["submitted", "returned", "submitted"]);
    assert_eq!(history[1]["note"], "决定：returned");
    // The applicant's copy of the document is the corrected one.
    let mine =
        send(&d.app, Request::get(format!("/api/v1/submissions/{id}/document")).header("x-receipt", &receipt).body(Body::empty()).unwrap())
            .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.json()["document"], corrected);
    // Only a returned submission can be resubmitted.
    let res = send(&d.app, with(&corrected)).await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["review.resubmit".to_owned()]));
}

async fn detail_and_reveal(d: &Desk, s: &Session) {
    let list = d.list(s, "warnings=true&kind=application").await;
    assert_eq!(list["total"], 1);
    let id = ids(&list)[0].clone();
    let detail = d.detail(s, &id).await;
    assert_eq!(detail["ruleset_changed"], false);
    assert_eq!(detail["current_ruleset_version"], aii_rules::RULESET_VERSION);
    assert_eq!(detail["content_hash_ok"], true);
    assert_eq!(detail["content_hash"].as_str().unwrap().len(), 64);
    assert_eq!(detail["report_changed"], false, "{}", detail["fresh_report"]);
    assert_eq!(detail["fresh_report"]["valid"], true);
    assert!(!detail["fresh_report"].to_string().contains("art8.one_per_cycle"), "the submission itself is left out of Art. 8");
    let warnings = detail["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0]["rule"], "art7.3.capacity_unbacked");
    assert_eq!(warnings[0]["justification_path"], "/facilities/capacity_note");
    assert_eq!(warnings[0]["justification"], "另有三十个移动工位在合作企业车间");
    assert_eq!(detail["masked_fields"], json!(["/contact/phone"]));
    assert_eq!(detail["document"]["contact"]["phone"], "021*****1234");
    assert!(!detail.to_string().contains(EXAMPLE_PHONE));

    // Revealing is an audited action.
    let before = detail["audit"].as_array().unwrap().len();
    let res = d.post(s, &format!("/api/v1/admin/submissions/{id}/reveal"), &json!({"path": "/contact/phone"})).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["value"], EXAMPLE_PHONE);
    let res = d.post(s, &format!("/api/v1/admin/submissions/{id}/reveal"), &json!({"path": "/unit/name"})).await;
    assert_eq!((res.status, res.rules()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["review.personal_field".to_owned()]));
    let audit = d.detail(s, &id).await["audit"].as_array().unwrap().clone();
    assert_eq!(audit.len(), before + 1);
    assert_eq!((audit[before]["action"].as_str(), audit[before]["detail"].as_str()), (Some("reveal"), Some("/contact/phone")));
    assert_eq!(audit[before]["actor"], "secretary.wang");
}

async fn list_filters(d: &Desk, s: &Session) {
    let all = d.list(s, "").await;
    let total = all["total"].as_i64().unwrap();
    assert!(total >= 6, "enough for two pages of three");
    assert_eq!(d.list(s, "kind=application").await["total"], 2);
    assert_eq!(d.list(s, "kind=application&priority=true").await["total"], 1);
    assert_eq!(d.list(s, "kind=application&priority=false").await["total"], 1);
    assert_eq!(d.list(s, "status=certified").await["total"], 1);
    assert_eq!(d.list(s, "status=approved").await["total"], 1);
    assert_eq!(d.list(s, "cycle=2027").await["total"], 2);
    assert_eq!(d.list(s, "cycle=2026").await["total"], 0);
    assert_eq!(d.list(s, "direction=security.operations").await["total"], 2);
    assert_eq!(d.list(s, "direction=data.operations").await["total"], 0);
    assert_eq!(d.list(s, "unit_kind=university").await["total"], 2);
    assert_eq!(d.list(s, "unit_kind=enterprise").await["total"], 0);
    assert_eq!(d.list(s, "warnings=true").await["total"], 1);
    assert_eq!(d.list(s, "q=12310000").await["total"], 1, "search by USCC");
    assert_eq!(d.list(s, "q=%25").await["total"], 0, "wildcards are literal");
    // Appointments are found by their base's responsible unit.
    assert_eq!(d.list(s, "kind=director_appointment&q=示例工业职业技术大学").await["total"], total - 2);
    // Sorting and pages.
    let asc = ids(&d.list(s, "sort=submitted_at&order=asc&per_page=100").await);
    let desc = ids(&d.list(s, "sort=submitted_at&order=desc&per_page=100").await);
    assert_eq!(asc.iter().rev().cloned().collect::<Vec<_>>(), desc);
    let page2 = d.list(s, "sort=submitted_at&order=asc&per_page=3&page=2").await;
    assert_eq!((page2["page"].as_i64(), page2["per_page"].as_i64(), page2["total"].as_i64()), (Some(2), Some(3), Some(total)));
    assert_eq!(ids(&page2), asc[3..6].to_vec());
    let by_name = d.list(s, "kind=application&sort=unit_name&order=asc").await;
    assert_eq!(by_name["items"][0]["unit_name"], "另一所工业大学");
    for bad in ["status=done", "kind=x", "direction=nope", "per_page=0", "warnings=maybe", "sort=password"] {
        assert_eq!(d.get(s, &format!("/api/v1/admin/submissions?{bad}")).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

async fn exports(d: &Desk, s: &Session) {
    let res = d.get(s, "/api/v1/admin/export.csv?kind=application&sort=unit_name&order=asc").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers["content-disposition"].to_str().unwrap().contains("submissions.csv"));
    assert!(res.body.starts_with("\u{feff}".as_bytes()), "UTF-8 with BOM");
    let text = std::str::from_utf8(&res.body[3..]).unwrap();
    assert!(!text.contains(EXAMPLE_PHONE));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(headers[0], "编号");
    assert_eq!(headers[3], "单位名称");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][3], "另一所工业大学");
    assert_eq!(&rows[1][3], "示例工业职业技术大学");
    assert_eq!(&rows[1][13], "021*****1234");
    assert_eq!(&rows[1][2], "已授牌");
    // Directions by name, the Art. 12 name, the masked e-mail, resubmissions, Beijing time.
    assert_eq!(&rows[1][7], "网络互联·工程实施、安全防护·运营管理");
    assert_eq!(&rows[1][11], "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）");
    assert_eq!(&rows[1][14], "b***@example.edu.cn");
    assert_eq!((&rows[0][15], &rows[1][15]), ("是", "否"), "the other university's was resubmitted");
    assert_eq!(headers[16], "提交时间（北京时间）");
    let at = &rows[1][16];
    assert!(at.len() == 16 && at.as_bytes()[10] == b' ' && at.as_bytes()[13] == b':', "{at}");

    let res = d.get(s, "/api/v1/admin/export.xlsx?kind=director_appointment&locale=en").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(res.body.to_vec())).expect("an XLSX workbook");
    let range = book.worksheet_range("Submissions").expect("the sheet");
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][0], "Id");
    assert_eq!(rows[0][13], "Phone / ID number (masked)");
    assert_eq!(range.get((1, 6)), Some(&calamine::Data::Empty), "an appointment has no selection year");
    let appointments = d.list(s, "kind=director_appointment").await["total"].as_i64().unwrap();
    assert_eq!(rows.len() as i64, appointments + 1);
    assert!(rows[1..].iter().all(|r| r[1] == "Director appointment" && r[3] == "示例工业职业技术大学"));

    // The appointment with an ID number: masked.
    let masked: Vec<&Vec<String>> = rows.iter().filter(|r| r[13] == "1101**********0038").collect();
    assert_eq!(masked.len(), 1);
    assert!(!rows.iter().flatten().any(|c| c.contains(ID_NUMBER)));
    let res = d.get(s, "/api/v1/admin/export.xlsx?kind=application").await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(res.body.to_vec())).expect("an XLSX workbook");
    let range = book.worksheet_range("申报列表").expect("the sheet");
    assert_eq!(range.get((1, 6)), Some(&calamine::Data::Float(2027.0)), "the selection year is a number");
    // Exports are audited (no submission: the export itself).
    assert_eq!(scalar_text(&d.store, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = $1", "export").await, "3");
}

/// One text value of a query with one parameter, on either backend.
async fn scalar_text(store: &Store, sql: &'static str, param: &str) -> String {
    match store.repo() {
        Backend::Sqlite(r) => sqlx::query_scalar(sql).bind(param).fetch_one(r.pool()).await.unwrap(),
        Backend::Postgres(r) => sqlx::query_scalar(sql).bind(param).fetch_one(r.pool()).await.unwrap(),
    }
}

/// The audit log refuses every change, whatever the client.
async fn audit_is_append_only(store: &Store) {
    let (update, delete) = ("UPDATE audit_log SET note = 'x'", "DELETE FROM audit_log");
    match store.repo() {
        Backend::Sqlite(r) => {
            assert!(sqlx::query(update).execute(r.pool()).await.is_err());
            assert!(sqlx::query(delete).execute(r.pool()).await.is_err());
        }
        Backend::Postgres(r) => {
            assert!(sqlx::query(update).execute(r.pool()).await.is_err());
            assert!(sqlx::query(delete).execute(r.pool()).await.is_err());
        }
    }
}

/// Applications: every path to rejected and to returned, for a third unit; a rejected
/// application frees its unit (Art. 8 counts pending and successful ones), a returned one is
/// freed by voiding it (PROCEDURE.md).
async fn application_paths(d: &Desk, s: &Session) {
    let mut third = justified_application();
    third["unit"]["uscc"] = json!(&uscc(1));
    third["unit"]["name"] = json!("第三工业互联网科技有限公司");
    third["unit"]["kind"] = json!("enterprise");
    third["enterprise_capability"] = json!(
        "本企业长期承担工业互联网平台与网络安全运维的技术研发和工程实施，形成了成熟的实训模式与课程体系，能够为实训方向提供技术支撑。"
    );
    let paths: [&[&str]; 4] = [&[], &["under_review"], &["under_review", "site_check"], &["under_review", "publicity"]];
    for path in paths {
        for end in ["rejected", "returned"] {
            let (id, _) = d.submit("application", &third).await;
            d.walk(s, &id, path).await;
            d.walk(s, &id, &[end]).await;
            if end == "returned" {
                assert_eq!(d.detail(s, &id).await["next_statuses"], json!(["voided"]), "{path:?}");
                d.walk(s, &id, &["voided"]).await;
            }
            assert_eq!(d.detail(s, &id).await["next_statuses"], json!([]), "{path:?} → {end}");
        }
    }
}

/// An enterprise's application (the justified example) for the unit `uscc`.
fn application_of(uscc: &str) -> Value {
    let mut doc = justified_application();
    doc["unit"]["uscc"] = json!(uscc);
    doc["unit"]["name"] = json!(format!("{}工业互联网科技有限公司", &uscc[10..14]));
    doc["unit"]["kind"] = json!("enterprise");
    doc["enterprise_capability"] = json!(
        "本企业长期承担工业互联网平台与网络安全运维的技术研发和工程实施，形成了成熟的实训模式与课程体系，能够为实训方向提供技术支撑。"
    );
    doc
}

/// A registered base of `responsible`, certified on `certified_on`, with one director.
fn a_base(id: &str, responsible: &str, certified_on: &str) -> NewBase {
    NewBase {
        identity: BaseIdentity {
            id: id.into(),
            short_name: "测试".into(),
            full_name: format!("工业互联网产业联盟测试实训基地（{id}）"),
            responsible_name: "示例工业职业技术大学".into(),
            responsible_uscc: responsible.into(),
            directions: vec!["network.implementation".into(), "security.operations".into()],
            partners: vec![PartnerUnit {
                name: "示例工业互联网研究院".into(),
                uscc: "12330106858137286E".into(),
                kind: "research_institute".into(),
            }],
        },
        officers: vec![NewOfficer {
            role: "director".into(),
            name: "刘教授".into(),
            term_start: "2027-01-01".into(),
            term_end: "2029-12-31".into(),
        }],
        revoked: false,
        certified_on: certified_on.into(),
        now_ms: 1_000,
    }
}

/// Art. 8's cycle is three years (2026–2028 from the default origin): a unit that applied for
/// the 2027 selection cannot apply for 2028's, and can for 2029's; withdrawing frees it; a
/// base the unit is responsible for, certified in the cycle, holds the cycle.
async fn three_year_cycle(url: &str) {
    let at = |year: i64| {
        let mut c = config(url);
        c.cycle = Some(year);
        c.window_opens = Some(date(&format!("{year}-01-01")));
        c.window_closes = Some(date(&format!("{year}-12-31")));
        c.today = Some(date(&format!("{year}-03-01")));
        c
    };
    let unit = uscc(2);
    let d = Desk::start_with(at(2027)).await;
    let (first, receipt) = d.submit("application", &application_of(&unit)).await;
    d.store.close().await;

    let d = Desk::start_with(at(2028)).await;
    let mut doc = application_of(&unit);
    doc["cycle"] = json!(2028);
    let res = send(&d.app, post_json("/api/v1/forms/application/submissions", &doc)).await;
    assert!(res.status.is_client_error(), "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(errors(&res), vec!["art8.one_per_cycle"]);
    let message = res.json()["issues"][0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("2026–2028年评估周期"), "{message}");
    // The applicant withdraws the first (with its receipt): the unit is free in the cycle.
    let withdraw = |receipt: &str| {
        Request::post(format!("/api/v1/submissions/{first}/withdraw")).header("x-receipt", receipt).body(Body::empty()).unwrap()
    };
    assert_eq!(send(&d.app, withdraw(&"0".repeat(64))).await.status, StatusCode::NOT_FOUND, "another receipt opens nothing");
    let res = send(&d.app, withdraw(&receipt)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json()["status"], "withdrawn");
    let res = send(&d.app, withdraw(&receipt)).await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["review.withdraw".to_owned()]), "only a submitted one");
    let (second, _) = d.submit("application", &doc).await;
    let s = d.login_new("secretary.li").await;
    let history = d.detail(&s, &first).await;
    assert_eq!(history["status"], "withdrawn");
    assert!(history["audit"].to_string().contains("withdraw"), "{}", history["audit"]);
    // The secretariat voids the second (filed without the unit's authority): free again.
    d.walk(&s, &second, &["voided"]).await;
    let (third, _) = d.submit("application", &doc).await;

    // A base certified in the cycle holds it: registered meanwhile for the unit, the third
    // application cannot be certified (re-checked in the decision).
    d.walk(&s, &third, &["under_review", "publicity", "approved"]).await;
    d.store.register_base(&a_base("base-meanwhile", &unit, "2028-02-01")).await.unwrap();
    let before = d.detail(&s, &third).await["audit"].as_array().unwrap().len();
    let res = d.decide(&s, &third, "certified").await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["art8.one_per_cycle".to_owned()]), "{:?}", res.json());
    assert_eq!(res.json()["issues"][0]["params"]["reason"], "certified");
    let after = d.detail(&s, &third).await;
    assert_eq!((after["status"].as_str(), after["audit"].as_array().unwrap().len()), (Some("approved"), before), "nothing changed");
    d.store.close().await;

    // The next cycle is free.
    let d = Desk::start_with(at(2029)).await;
    let mut doc = application_of(&unit);
    doc["cycle"] = json!(2029);
    d.submit("application", &doc).await;
    d.store.close().await;
}

/// 100 concurrent applications of one unit in one cycle, across its three selection years:
/// exactly one is kept (a database constraint, not check-then-insert).
async fn one_per_cycle_under_concurrency(url: &str) {
    let d = Desk::start(url).await;
    let unit = uscc(3);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..100_u32 {
        let store = d.store.clone();
        let unit = unit.clone();
        tasks.spawn(async move {
            let year = 2026 + i64::from(i % 3);
            let mut new = submissions::application(&format!("race-{i}"), &unit, year);
            new.receipt_hash = format!("receipt-{i}");
            store.insert_submission(&new).await.unwrap()
        });
    }
    let mut kept = 0;
    while let Some(outcome) = tasks.join_next().await {
        match outcome.unwrap() {
            InsertOutcome::Inserted => kept += 1,
            InsertOutcome::Conflict(Conflict::OnePerCycle) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(kept, 1);
    d.store.close().await;
}

/// Decisions re-run the form's context rules against the database as it is: approval after
/// revocation, two overlapping directors approved concurrently, a direction change whose
/// current directions no longer match the registry.
async fn decisions_recheck(url: &str) {
    let d = Desk::start(url).await;
    d.add_user("secretary.zhao").await;
    let s = d.login("secretary.zhao").await;
    // Art. 14 / Art. 21: the base revoked meanwhile.
    d.store.register_base(&a_base("b-revoked", "12310104729436482D", "2026-12-20")).await.unwrap();
    let (appointment, _) = d.submit("director-appointment", &example_for_base("director_appointment", "b-revoked")).await;
    let (change, _) = d.submit("direction-change", &example_for_base("direction_change", "b-revoked")).await;
    execute(&d.store, "UPDATE bases SET revoked = TRUE, revoked_on = '2027-02-01', revoked_reason = 'test' WHERE id = $1", "b-revoked")
        .await;
    let res = d.decide(&s, &appointment, "approved").await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["art14.base_exists".to_owned()]));
    let res = d.decide(&s, &change, "under_review").await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["art21.base_exists".to_owned()]));
    assert_eq!(d.detail(&s, &appointment).await["status"], "submitted", "nothing changed");
    // A refusal leaves the way to say no open.
    d.walk(&s, &appointment, &["rejected"]).await;

    // Art. 21: the registry's directions changed after the request was filed.
    d.store.register_base(&a_base("b-moved", "12310104729436482D", "2026-12-20")).await.unwrap();
    let (change, _) = d.submit("direction-change", &example_for_base("direction_change", "b-moved")).await;
    d.walk(&s, &change, &["under_review"]).await;
    execute(&d.store, r#"UPDATE bases SET directions = '["network.implementation","platform.operations"]' WHERE id = $1"#, "b-moved").await;
    // Opening a notice moves it as a decision would: the context rules are re-run first.
    let start = Desk::today_of(&d.config).to_string();
    let res = d.post(&s, "/api/v1/admin/notices", &json!({"start_date": start, "items": [change]})).await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["art21.current_matches".to_owned()]));
    assert_eq!(d.detail(&s, &change).await["status"], "under_review", "nothing changed");

    // Art. 14: two pending director appointments with overlapping terms (filed before the
    // rule counted pending ones: written straight to the store), approved at once: one.
    d.store.register_base(&a_base("b-two", "12310104729436482D", "2026-12-20")).await.unwrap();
    execute(&d.store, "DELETE FROM base_officers WHERE base_id = $1", "b-two").await;
    let mut director = example_for_base("director_appointment", "b-two");
    director["role"] = json!("director");
    director["recommenders"] = json!([director["recommenders"][0].clone()]);
    let mut ids = Vec::new();
    for n in 0..2 {
        let id = format!("director-{n}");
        let new = NewSubmission {
            base_id: Some("b-two".into()),
            document: director.to_string(),
            receipt_hash: format!("r-{n}"),
            ..submissions::submission(&id, FormKind::DirectorAppointment)
        };
        assert_eq!(d.store.insert_submission(&new).await.unwrap(), InsertOutcome::Inserted);
        ids.push(id);
    }
    // Each sees the other pending (RULES.md: pending appointments count): both refused, at
    // once, whatever the order; nothing recorded.
    let (a, b) = tokio::join!(d.decide(&s, &ids[0], "approved"), d.decide(&s, &ids[1], "approved"));
    for refused in [&a, &b] {
        assert_eq!((refused.status, refused.rules()), (StatusCode::CONFLICT, vec!["art14.one_director".to_owned()]));
        assert_eq!(refused.json()["issues"][0]["params"]["reason"], "pending");
    }
    assert!(d.store.base("b-two").await.unwrap().unwrap().officers.is_empty());
    // The secretariat rejects one; the other is approved and recorded.
    d.walk(&s, &ids[1], &["rejected"]).await;
    d.walk(&s, &ids[0], &["approved"]).await;
    // And the officers' table itself holds no second overlapping director.
    let overlapping = "INSERT INTO base_officers (base_id, role, name, term_start, term_end) \
         VALUES ($1, 'director', '另一位', '2028-01-01', '2030-12-31')";
    let refused = match d.store.repo() {
        Backend::Sqlite(r) => sqlx::query(overlapping).bind("b-two").execute(r.pool()).await.is_err(),
        Backend::Postgres(r) => sqlx::query(overlapping).bind("b-two").execute(r.pool()).await.is_err(),
    };
    assert!(refused, "the trigger refuses a second overlapping director");
    assert_eq!(d.store.base("b-two").await.unwrap().unwrap().officers.len(), 1);
    d.store.close().await;
}

/// Lateness is judged by the first submission's date: a returned application resubmitted after
/// the window closed is accepted; a new one then is refused (Art. 10).
async fn resubmission_keeps_its_first_date(url: &str) {
    let d = Desk::start(url).await;
    d.add_user("secretary.sun").await;
    let s = d.login("secretary.sun").await;
    let (id, receipt) = d.submit("application", &application_of(&uscc(4))).await;
    d.walk(&s, &id, &["returned"]).await;
    d.store.close().await;
    // Months later, after the window: the server's day moves on; the submission was made then.
    let mut late = config(url);
    late.today = Some(date("2028-01-15"));
    let d = Desk::start_with(late).await;
    let ms_per_day = 86_400_000_i64;
    let back = format!("{}", aii_server::time::now_ms() - 200 * ms_per_day);
    execute(&d.store, "UPDATE submissions SET created_at = CAST($1 AS BIGINT) WHERE kind = 'application'", &back).await;
    let req = Request::post(format!("/api/v1/submissions/{id}/resubmit"))
        .header("content-type", "application/json")
        .header("x-receipt", &receipt)
        .body(Body::from(application_of(&uscc(4)).to_string()))
        .unwrap();
    let res = send(&d.app, req).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    let res = send(&d.app, post_json("/api/v1/forms/application/submissions", &application_of(&uscc(5)))).await;
    assert!(res.rules().contains(&"art10.selection_window".to_owned()), "{:?}", res.rules());
    d.store.close().await;
}

async fn measures(url: &str) {
    let d = Desk::start(url).await;
    d.add_user("secretary.wang").await;
    let s = d.login("secretary.wang").await;
    application_paths(&d, &s).await;
    d.store.close().await;
}

async fn suite(url: &str) {
    let d = Desk::start(url).await;
    no_session_no_access(&d).await;
    accounts_and_sessions(&d).await;
    let s = d.login("secretary.wang").await;
    csrf_is_refused(&d, &s).await;
    let base_id = certification(&d, &s).await;
    every_transition(&d, &s, &base_id).await;
    detail_and_reveal(&d, &s).await;
    list_filters(&d, &s).await;
    resubmission(&d, &s).await;
    exports(&d, &s).await;
    audit_is_append_only(&d.store).await;
    rate_limited_logins(&d).await;
    d.store.close().await;
}

#[tokio::test]
async fn review_desk_on_sqlite() {
    let db = TestDb::sqlite();
    suite(&db.url).await;
}

#[tokio::test]
async fn review_desk_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    suite(&db.url).await;
}

/// Behind a trusted reverse proxy the login limit counts the address the proxy saw, so one
/// guesser cannot lock out every colleague behind the same proxy; without the option the
/// header is the client's own claim and is ignored.
#[tokio::test]
async fn login_limit_per_address_behind_a_trusted_proxy() {
    let db = TestDb::sqlite();
    let mut cfg = config(&db.url);
    cfg.trusted_proxies = vec![aii_server::config::IpNet { addr: [127, 0, 0, 1].into(), prefix: 32 }];
    let (app, store) = app_with(cfg).await;
    let fail = |forwarded: &'static str| {
        Request::post("/api/v1/admin/login")
            .header("content-type", "application/json")
            .header("x-forwarded-for", forwarded)
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))))
            .body(Body::from(json!({"username": "guess", "password": "x"}).to_string()))
            .unwrap()
    };
    assert_eq!(send(&app, fail("198.51.100.1, 203.0.113.7")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app, fail("203.0.113.8")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(store.login_failures("guess", "203.0.113.7", 0).await.unwrap(), (2, 1));
    assert_eq!(store.login_failures("guess", "203.0.113.8", 0).await.unwrap(), (2, 1));
    assert_eq!(store.login_failures("guess", "127.0.0.1", 0).await.unwrap(), (2, 0));

    // The same header from a peer that is not a trusted proxy counts against the peer.
    let db2 = TestDb::sqlite();
    let (app, store) = app_with(config(&db2.url)).await;
    assert_eq!(send(&app, fail("203.0.113.7")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(store.login_failures("guess", "127.0.0.1", 0).await.unwrap(), (1, 1));
    assert_eq!(store.login_failures("guess", "203.0.113.7", 0).await.unwrap(), (1, 0));
}

#[tokio::test]
async fn openapi_covers_the_review_desk() {
    let db = TestDb::sqlite();
    let d = Desk::start(&db.url).await;
    let doc = send(&d.app, get("/api/v1/openapi.json")).await.json();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/admin/login",
        "/api/v1/admin/logout",
        "/api/v1/admin/session",
        "/api/v1/admin/submissions",
        "/api/v1/admin/submissions/{id}",
        "/api/v1/admin/submissions/{id}/decisions",
        "/api/v1/admin/submissions/{id}/reveal",
        "/api/v1/admin/export.csv",
        "/api/v1/admin/export.xlsx",
        "/api/v1/submissions/{id}/resubmit",
    ] {
        assert!(paths.contains_key(p), "{p} missing from openapi.json");
    }
    assert!(paths["/api/v1/admin/submissions"]["get"]["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "warnings"));
}

/// The corrections of issue 20 (RULES.md read against the Measures), on SQLite.
#[tokio::test]
async fn measures_on_sqlite() {
    for scenario in 0..5 {
        let db = TestDb::sqlite();
        run_measures(scenario, &db.url).await;
    }
}

#[tokio::test]
async fn measures_on_postgres_when_configured() {
    for scenario in 0..5 {
        let Some(db) = TestDb::postgres().await else {
            eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
            return;
        };
        run_measures(scenario, &db.url).await;
    }
}

async fn run_measures(scenario: u32, url: &str) {
    match scenario {
        0 => measures(url).await,
        1 => one_per_cycle_under_concurrency(url).await,
        2 => decisions_recheck(url).await,
        3 => resubmission_keeps_its_first_date(url).await,
        _ => three_year_cycle(url).await,
    }
}
