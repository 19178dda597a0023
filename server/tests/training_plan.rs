//! Art. 16's training plans through the HTTP API, on SQLite and (when `TEST_DATABASE_URL` is
//! set) PostgreSQL: the form's context rules (the base, its directions, the year), the
//! workflow submitted → working_group → approved, and one approved plan a base a year, also
//! when two plans for one year are approved at once.

mod common;

use aii_server::Repository;
use aii_server::repo::Store;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";

struct Env {
    app: Router,
    store: Store,
    base: String,
    cookie: String,
    csrf: String,
}

impl Env {
    async fn start(url: &str) -> Env {
        let cfg = config(url);
        let (app, store) = app_with(cfg.clone()).await;
        let base = register_example_base(&store).await;
        aii_server::accounts::add_user(&cfg, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        let res = send(&app, post_json("/api/v1/admin/login", &json!({"username": "secretary.li", "password": PASSWORD}))).await;
        assert_eq!(res.status, StatusCode::OK);
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let csrf = res.json()["csrf_token"].as_str().unwrap().to_owned();
        Env { app, store, base, cookie, csrf }
    }

    fn plan(&self, year: i64) -> Value {
        let mut doc = example_for_base("training_plan", &self.base);
        doc["year"] = year.into();
        doc
    }

    async fn submit(&self, doc: &Value) -> Answer {
        send(&self.app, post_json("/api/v1/forms/training-plan/submissions", doc)).await
    }

    async fn accepted(&self, doc: &Value) -> String {
        let res = self.submit(doc).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        res.json()["id"].as_str().unwrap().to_owned()
    }

    async fn detail(&self, id: &str) -> Value {
        let req = Request::get(format!("/api/v1/admin/submissions/{id}")).header("cookie", &self.cookie).body(Body::empty()).unwrap();
        send(&self.app, req).await.json()
    }

    async fn decide(&self, id: &str, to: &str) -> Answer {
        // What every approval carries (Art. 12: the council's session and resolution).
        let body = json!({"to": to, "note": format!("决定：{to}"), "council_date": "2027-02-20", "resolution": "AII常理〔2027〕3号"});
        let req = Request::post(format!("/api/v1/admin/submissions/{id}/decisions"))
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(body.to_string()))
            .unwrap();
        send(&self.app, req).await
    }
}

async fn suite(url: &str) {
    let e = Env::start(url).await;

    // The form's context: a course outside the base's registered directions, a year neither
    // this one nor the next, a base not in the registry. Nothing is stored.
    let before = e.store.counts().await.unwrap();
    let mut doc = e.plan(2027);
    doc["courses"][1]["direction"] = "data.operations".into();
    let res = e.submit(&doc).await;
    assert_eq!((res.status, res.rules()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["art16.plan_directions".to_owned()]));
    let report = res.json();
    assert_eq!(report["issues"][0]["path"], "/courses/1/direction");
    // Named, not coded: the direction and the base's own, in the message's language.
    let message = report["issues"][0]["message"].as_str().unwrap();
    let data_ops = aii_rules::catalog::direction("data.operations").unwrap();
    assert!(message.contains(data_ops.name_zh) && !message.contains("data.operations"), "{message}");
    for year in [2026, 2029] {
        let res = e.submit(&e.plan(year)).await;
        assert_eq!((res.status, res.rules()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["art16.plan_year".to_owned()]), "{year}");
    }
    let res = e.submit(&example_for_base("training_plan", "no-such-base")).await;
    assert!(res.rules().contains(&"art22.base_exists".to_owned()), "{:?}", res.rules());
    let mut doc = e.plan(2027);
    doc["courses"] = json!([]);
    assert_eq!(e.submit(&doc).await.rules(), vec!["art16.plan".to_owned()]);
    assert_eq!(e.store.counts().await.unwrap(), before, "nothing persisted");

    // The workflow: the working group discusses, the council approves (Art. 16).
    let id = e.accepted(&e.plan(2027)).await;
    assert_eq!(e.detail(&id).await["next_statuses"], json!(["working_group", "rejected", "returned"]));
    let res = e.decide(&id, "approved").await;
    assert_eq!((res.status, res.rules()), (StatusCode::CONFLICT, vec!["review.transition".to_owned()]), "not before the working group");
    assert_eq!(e.decide(&id, "working_group").await.status, StatusCode::OK);
    assert_eq!(e.detail(&id).await["next_statuses"], json!(["approved", "rejected", "returned"]));
    let res = e.decide(&id, "approved").await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(e.detail(&id).await["next_statuses"], json!([]), "approved is final");

    // One approved plan a base a year: another for 2027 is refused; 2028 is free.
    let res = e.submit(&e.plan(2027)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let report = res.json();
    assert_eq!(report["issues"][0]["rule"], "art16.plan_year");
    assert_eq!(report["issues"][0]["params"]["reason"], "approved");

    // Two plans for 2028, both with the working group, approved at once: one is approved, the
    // other refused by the decision's re-check (the index is the last word).
    let (a, b) = (e.accepted(&e.plan(2028)).await, e.accepted(&e.plan(2028)).await);
    for id in [&a, &b] {
        assert_eq!(e.decide(id, "working_group").await.status, StatusCode::OK);
    }
    let (ra, rb) = tokio::join!(e.decide(&a, "approved"), e.decide(&b, "approved"));
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let refused = if ra.status == StatusCode::OK { rb } else { ra };
    assert_eq!(refused.rules(), vec!["art16.plan_year".to_owned()]);
    e.store.close().await;
}

#[tokio::test]
async fn training_plans_on_sqlite() {
    let db = TestDb::sqlite();
    suite(&db.url).await;
}

#[tokio::test]
async fn training_plans_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    suite(&db.url).await;
}
