//! The council, the certificate, revocation and published results (PROCEDURE.md; Arts. 11,
//! 12, 24, 25) through the HTTP API, on SQLite and (when `TEST_DATABASE_URL` is set)
//! PostgreSQL: each rule's pass and refusal, certificate numbers under concurrent
//! certifications (no gap, no repeat), `/verify` from certified to revoked, `/results`, the
//! direct revocation and the due list's "revocable".

mod common;

use aii_server::repo::{NewSubmission, Store, Transition};
use aii_server::{Config, Repository};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";
/// The council sits on the day after the notice of 2027-03-01 to 03-07 (Art. 12).
const COUNCIL: (&str, &str) = ("2027-03-08", "常务理事会决议〔2027〕1号");

struct Env {
    app: Router,
    store: Store,
    config: Config,
    cookie: String,
    csrf: String,
}

impl Env {
    async fn start(cfg: Config) -> Env {
        let (app, store) = app_with(cfg.clone()).await;
        aii_server::accounts::add_user(&cfg, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        let res = send(&app, post_json("/api/v1/admin/login", &json!({"username": "secretary.li", "password": PASSWORD}))).await;
        assert_eq!(res.status, StatusCode::OK);
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let csrf = res.json()["csrf_token"].as_str().unwrap().to_owned();
        Env { app, store, config: cfg, cookie, csrf }
    }

    /// The same database served as of `today` (the server restarted with `--today`).
    fn on(&self, today: &str) -> Env {
        let mut config = self.config.clone();
        config.today = Some(date(today));
        let app = aii_server::router(aii_server::AppState::new(self.store.clone(), config.clone()));
        Env { app, store: self.store.clone(), config, cookie: self.cookie.clone(), csrf: self.csrf.clone() }
    }

    async fn post(&self, path: &str, body: &Value) -> Answer {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(body.to_string()))
            .unwrap();
        send(&self.app, req).await
    }

    async fn decide(&self, id: &str, body: Value) -> Answer {
        self.post(&format!("/api/v1/admin/submissions/{id}/decisions"), &body).await
    }

    async fn admin_get(&self, path: &str) -> Answer {
        send(&self.app, Request::get(path).header("cookie", &self.cookie).body(Body::empty()).unwrap()).await
    }

    async fn submit(&self, slug: &str, doc: &Value) -> (String, String) {
        let res = send(&self.app, post_json(&format!("/api/v1/forms/{slug}/submissions"), doc)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        let b = res.json();
        (b["id"].as_str().unwrap().to_owned(), b["receipt"].as_str().unwrap().to_owned())
    }

    /// Moves a submission on without the desk (a prerequisite, not the step under test).
    async fn put(&self, id: &str, from: &str, to: &str) {
        let t = Transition {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            actor: "test".into(),
            note: "prerequisite".into(),
            public_note: None,
            registry: None,
            now_ms: 5_000,
        };
        assert_eq!(self.store.transition(&t).await.unwrap(), aii_server::repo::TransitionOutcome::Done);
    }
}

fn ok(res: &Answer) -> Value {
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    res.json()
}

fn refused(res: &Answer, status: StatusCode) -> Vec<(String, String)> {
    assert_eq!(res.status, status, "{}", String::from_utf8_lossy(&res.body));
    res.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["rule"].as_str().unwrap().to_owned(), i["path"].as_str().unwrap().to_owned()))
        .collect()
}

/// An enterprise's application for the unit `uscc`, alone (no partners).
fn application_of(uscc: &str) -> Value {
    let mut doc = example("application");
    doc["unit"]["uscc"] = json!(uscc);
    doc["unit"]["name"] = json!(format!("{}工业互联网科技有限公司", &uscc[10..14]));
    doc["unit"]["kind"] = json!("enterprise");
    doc["partners"] = json!([]);
    doc["facilities"]["simultaneous_trainees"] = json!(120);
    doc["facilities"]["capacity_note"] = json!("另有三十个移动工位在合作企业车间");
    doc["enterprise_capability"] = json!(
        "本企业长期承担工业互联网平台与网络安全运维的技术研发和工程实施，形成了成熟的实训模式与课程体系，能够为实训方向提供技术支撑。"
    );
    doc
}

fn approval(extra: Value) -> Value {
    let mut b = json!({"to": "approved", "note": "常务理事会审议通过", "council_date": COUNCIL.0, "resolution": COUNCIL.1});
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

/// `art12.council`, `art11.directions_decided`, `art12.certificate`; `/verify` and its QR code;
/// the applicant's status view and the public registry carry the number.
async fn council_and_certificate(e: &Env) -> (String, String) {
    let (id, receipt) = e.submit("application", &example("application")).await;
    e.put(&id, "submitted", "under_review").await;
    // On a publicity notice from today (Art. 12); the council decides after its seven days.
    let res = e.post("/api/v1/admin/notices", &json!({"start_date": "2027-03-01", "items": [id]})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(e.store.stored_submission(&id).await.unwrap().unwrap().status, "publicity");
    let later = e.on("2027-03-08");

    // art12.council: a session date not after today and a resolution, or nothing changes.
    let res = later.decide(&id, json!({"to": "approved", "note": "审议通过"})).await;
    let issues = refused(&res, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(issues, vec![("art12.council".into(), "/council_date".into()), ("art12.council".into(), "/resolution".into())]);
    let res = later.decide(&id, approval(json!({"council_date": "2027-03-09"}))).await;
    assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY), vec![("art12.council".into(), "/council_date".into())], "after today");
    // The council sits after the notice (对公示中无异议的…经常务理事会审议): not on its last day.
    let res = later.decide(&id, approval(json!({"council_date": "2027-03-07"}))).await;
    assert_eq!(
        refused(&res, StatusCode::UNPROCESSABLE_ENTITY),
        vec![("art12.council".into(), "/council_date".into())],
        "during the notice"
    );
    assert_eq!(res.json()["issues"][0]["params"], json!({"reason": "after_publicity", "end": "2027-03-07"}));
    let res = later.decide(&id, approval(json!({"resolution": "x".repeat(61)}))).await;
    assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY), vec![("art12.council".into(), "/resolution".into())]);
    // art11.directions_decided: 1–3 catalogue codes.
    let res = later.decide(&id, approval(json!({"directions": ["no.such"]}))).await;
    assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY), vec![("art11.directions_decided".into(), "/directions/0".into())]);
    let res = later.decide(&id, approval(json!({"directions": []}))).await;
    assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY), vec![("art11.directions_decided".into(), "/directions".into())]);
    assert_eq!(e.store.stored_submission(&id).await.unwrap().unwrap().status, "publicity", "nothing changed");
    // Approved with one of the two directions applied for.
    ok(&later.decide(&id, approval(json!({"directions": ["network.implementation"]}))).await);

    // art12.certificate: the first number of the year; the registry carries the decided directions.
    let done = ok(&e.decide(&id, json!({"to": "certified", "note": "授牌"})).await);
    let number = done["certificate"].as_str().unwrap().to_owned();
    assert_eq!(number, "AII-TB-2027-001");
    let base_id = done["base_id"].as_str().unwrap().to_owned();
    let entry = ok(&e.admin_get(&format!("/api/v1/admin/registry/{base_id}")).await);
    assert_eq!((entry["directions"].clone(), entry["certificate"].as_str()), (json!(["network.implementation"]), Some(number.as_str())));
    let detail = ok(&e.admin_get(&format!("/api/v1/admin/submissions/{id}")).await);
    assert_eq!(detail["certificate"], number.as_str());

    // /verify: certified, with the Art. 12 name.
    let v = ok(&send(&e.app, get(&format!("/api/v1/verify/{number}"))).await);
    assert_eq!(
        (v["status"].as_str(), v["directions"].clone(), v["issued_on"].as_str()),
        (Some("certified"), json!(["network.implementation"]), Some("2027-03-01"))
    );
    assert!(v["name"].as_str().unwrap().starts_with("工业互联网产业联盟") && v["name"].as_str().unwrap().ends_with('）'), "{v}");
    for bad in ["AII-TB-2027-002", "AII-TB-2027-01", "nope", "AII-TB-2027-001%00", "%FF%FE", "AII-TB-2027-001'%20OR%201=1"] {
        let res = send(&e.app, get(&format!("/api/v1/verify/{bad}"))).await;
        assert!(matches!(res.status, StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST), "{bad}: {}", res.status);
    }
    let qr = send(
        &e.app,
        Request::get(format!("/api/v1/verify/{number}/qr.svg")).header("host", "plaques.example.org").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(
        (qr.headers["content-type"].to_str().unwrap(), qr.headers["x-content-type-options"].to_str().unwrap()),
        ("image/svg+xml", "nosniff")
    );
    assert!(String::from_utf8_lossy(&qr.body).contains("<svg"));
    assert_eq!(send(&e.app, get("/api/v1/verify/AII-TB-2027-009/qr.svg")).await.status, StatusCode::NOT_FOUND);

    // The applicant's status view and the public registry show the number.
    let status =
        send(&e.app, Request::get(format!("/api/v1/submissions/{id}")).header("x-receipt", &receipt).body(Body::empty()).unwrap()).await;
    assert_eq!(ok(&status)["certificate"], number.as_str());
    let public = ok(&send(&e.app, get("/api/v1/registry")).await);
    assert_eq!(public["bases"][0]["certificate"], number.as_str());
    (base_id, number)
}

/// Every approval needs the council: a direction change's too.
async fn twenty_at_once(e: &Env) {
    let mut ids = Vec::new();
    for n in 0..20 {
        let (id, _) = e.submit("application", &application_of(&uscc(500 + n))).await;
        for (from, to) in [("submitted", "under_review"), ("under_review", "publicity"), ("publicity", "approved")] {
            e.put(&id, from, to).await;
        }
        ids.push(id);
    }
    let mut tasks = Vec::new();
    for id in ids {
        let (app, cookie, csrf) = (e.app.clone(), e.cookie.clone(), e.csrf.clone());
        tasks.push(tokio::spawn(async move {
            let req = Request::post(format!("/api/v1/admin/submissions/{id}/decisions"))
                .header("content-type", "application/json")
                .header("cookie", cookie)
                .header("x-csrf-token", csrf)
                .body(Body::from(json!({"to": "certified", "note": "授牌"}).to_string()))
                .unwrap();
            send(&app, req).await
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        let res = t.await.unwrap();
        numbers.push(ok(&res)["certificate"].as_str().unwrap().to_owned());
    }
    numbers.sort();
    let expected: Vec<String> = (2..=21).map(|n| format!("AII-TB-2027-{n:03}")).collect();
    assert_eq!(numbers, expected, "no gap, no repeat");
}

/// `art24.revocation_ground` on an unqualified evaluation; `/verify` turns to revoked and
/// `/results` publishes it (`art25.published`).
async fn unqualified_revokes(e: &Env, base_id: &str, number: &str) {
    let eval = NewSubmission {
        document: json!({"base_id": base_id, "period": {"from_year": 2027, "to_year": 2029}}).to_string(),
        base_id: Some(base_id.into()),
        cycle: Some(2027),
        ..aii_server_submission("eval-1")
    };
    assert!(matches!(e.store.insert_submission(&eval).await.unwrap(), aii_server::repo::InsertOutcome::Inserted));
    e.put("eval-1", "submitted", "under_review").await;
    let note = "上报材料中的实训人数数据存在虚假，评估不合格。";
    for (grounds, expected) in [(json!([]), "/grounds"), (json!([5]), "/grounds")] {
        let res = e.decide("eval-1", json!({"to": "unqualified", "note": note, "grounds": grounds})).await;
        assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY), vec![("art24.revocation_ground".into(), expected.into())]);
    }
    let res = e.decide("eval-1", json!({"to": "unqualified", "note": note})).await;
    assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY)[0].0, "art24.revocation_ground");
    assert_eq!(ok(&send(&e.app, get(&format!("/api/v1/verify/{number}"))).await)["status"], "certified", "not yet");
    ok(&e.decide("eval-1", json!({"to": "unqualified", "note": note, "grounds": [3]})).await);
    let v = ok(&send(&e.app, get(&format!("/api/v1/verify/{number}"))).await);
    assert_eq!((v["status"].as_str(), v["revoked_on"].as_str()), (Some("revoked"), Some("2027-03-01")));
    let results = ok(&send(&e.app, get("/api/v1/results")).await);
    let r = &results["results"][0];
    assert_eq!(
        (r["base_id"].as_str(), r["result"].as_str(), r["grounds"].clone(), r["from_year"].as_i64(), r["to_year"].as_i64()),
        (Some(base_id), Some("unqualified"), json!([3]), Some(2027), Some(2029))
    );
    assert!(!results.to_string().contains(note), "the opinion is not published, the grounds are");
    let public = ok(&send(&e.app, get("/api/v1/registry")).await);
    let b = public["bases"].as_array().unwrap().iter().find(|b| b["id"] == base_id).unwrap().clone();
    assert_eq!((b["status"].as_str(), b["results"][0]["result"].as_str()), (Some("revoked"), Some("unqualified")));
}

fn aii_server_submission(id: &str) -> NewSubmission {
    NewSubmission {
        id: id.into(),
        kind: aii_rules::FormKind::Evaluation,
        document: "{}".into(),
        report: r#"{"kind":"evaluation","valid":true,"issues":[]}"#.into(),
        ruleset_version: aii_rules::RULESET_VERSION.into(),
        content_hash: format!("hash-{id}"),
        receipt_hash: format!("receipt-hash-{id}"),
        unit_uscc: None,
        cycle: None,
        eval_cycle: None,
        base_id: None,
        now_ms: 2_000,
        idempotency: None,
        listing: Default::default(),
        mail: Default::default(),
        attachments: None,
    }
}

/// Every approval records the council: a director appointment's too (Art. 14).
async fn appointment_needs_the_council(e: &Env, base_id: &str) {
    let _ = base_id;
    let base = register_example_base(&e.store).await;
    let mut doc = example_for_base("director_appointment", &base);
    doc["base_id"] = json!(base);
    let res = send(&e.app, post_json("/api/v1/forms/director-appointment/submissions", &doc)).await;
    if res.status != StatusCode::CREATED {
        return; // the example's context (terms, ages) is another suite's concern
    }
    let id = res.json()["id"].as_str().unwrap().to_owned();
    let res = e.decide(&id, json!({"to": "approved", "note": "审议通过"})).await;
    assert_eq!(refused(&res, StatusCode::UNPROCESSABLE_ENTITY).len(), 2);
    ok(&e.decide(&id, approval(json!({"council_date": "2027-03-01"}))).await);
}

/// The direct revocation (Art. 24 (2), (4)) and the due list's "revocable" (Chapter 6's day).
async fn direct_revocation(url: &str) {
    let mut cfg = config(url);
    cfg.today = Some(date("2030-05-10"));
    cfg.evaluation_deadlines = vec![aii_server::config::EvaluationDeadline { to_year: 2029, date: date("2030-03-31") }];
    let e = Env::start(cfg).await;
    // Certified 2027-01-15: the first period 2027–2029 was due 2030-03-31, revocable after 2030-04-30.
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let mut base = aii_server::base::read_file(&path, 0, aii_rules::Date::from_unix_ms(0, 480)).unwrap();
    base.identity.id = "base-b".into();
    base.certified_on = "2027-01-15".into();
    e.store.register_base(&base).await.unwrap();
    // Certified 2029-06-01: its first period ends 2031, nothing is overdue.
    base.identity.id = "base-c".into();
    base.identity.responsible_uscc = uscc(900);
    base.certified_on = "2029-06-01".into();
    e.store.register_base(&base).await.unwrap();

    let due = ok(&e.admin_get("/api/v1/admin/registry/due").await);
    let b = due["evaluations_due"].as_array().unwrap().iter().find(|d| d["base_id"] == "base-b").unwrap().clone();
    assert_eq!(b["revocable"], true);
    let path = |b: &str| format!("/api/v1/admin/registry/{b}/revocation");
    let note = "逾期一个月以上未上报2027—2029年度评估材料，无特殊原因。";
    for (body, rule, status) in [
        (json!({"grounds": [], "note": note}), "art24.revocation_ground", StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"grounds": [1], "note": note}), "art24.revocation_ground", StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"grounds": [3, 4], "note": note}), "art24.revocation_ground", StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"grounds": [2], "note": " "}), "review.note", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        assert_eq!(refused(&e.post(&path("base-b"), &body).await, status)[0].0, rule, "{body}");
    }
    let res = e.post(&path("base-c"), &json!({"grounds": [2], "note": note})).await;
    assert_eq!(refused(&res, StatusCode::CONFLICT)[0].0, "art24.revocation_ground", "not overdue");
    assert_eq!(e.post(&path("no-such-base"), &json!({"grounds": [4], "note": note})).await.status, StatusCode::NOT_FOUND);
    // Without a session: 401.
    assert_eq!(send(&e.app, post_json(&path("base-b"), &json!({"grounds": [4], "note": note}))).await.status, StatusCode::UNAUTHORIZED);

    let done = ok(&e.post(&path("base-b"), &json!({"grounds": [2], "note": note})).await);
    assert_eq!(done["revoked_on"], "2030-05-10");
    let res = e.post(&path("base-b"), &json!({"grounds": [4], "note": note})).await;
    assert_eq!(refused(&res, StatusCode::CONFLICT)[0].0, "art24.revocation_ground", "revoked already");
    // (4) any time.
    ok(&e.post(&path("base-c"), &json!({"grounds": [4], "note": "重大违规：伪造实训记录。"})).await);
    let results = ok(&send(&e.app, get("/api/v1/results")).await);
    let list = results["results"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let b = list.iter().find(|r| r["base_id"] == "base-b").unwrap();
    assert_eq!((b["result"].as_str(), b["grounds"].clone(), b["from_year"].as_i64()), (Some("revoked"), json!([2]), Some(2027)));
    let entry = ok(&e.admin_get("/api/v1/admin/registry/base-b").await);
    assert_eq!((entry["status"].as_str(), entry["results"][0]["grounds"].clone()), (Some("revoked"), json!([2])));
    e.store.close().await;
}

/// `url2`: a second fresh database, for Chapter 6's later day.
async fn suite(url: &str, url2: &str) {
    let mut cfg = config(url);
    // Twenty decisions at once each hold a connection for their transaction (PostgreSQL's
    // advisory locks wait on it) and their re-checks read on others: room for all of them.
    cfg.db_max_connections = 48;
    let e = Env::start(cfg).await;
    let (base_id, number) = council_and_certificate(&e).await;
    twenty_at_once(&e).await;
    appointment_needs_the_council(&e, &base_id).await;
    unqualified_revokes(&e, &base_id, &number).await;
    e.store.close().await;
    direct_revocation(url2).await;
}

#[tokio::test]
async fn council_on_sqlite() {
    let (db, db2) = (TestDb::sqlite(), TestDb::sqlite());
    suite(&db.url, &db2.url).await;
}

#[tokio::test]
async fn council_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    let db2 = TestDb::postgres().await.unwrap();
    suite(&db.url, &db2.url).await;
}
