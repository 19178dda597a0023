//! The base's own page (`GET /api/v1/bases/{id}/own` with its key) and the key's replacement
//! by the secretariat (`POST /api/v1/admin/registry/{id}/key`), on SQLite and (when
//! `TEST_DATABASE_URL` is set) PostgreSQL: certification makes a key (stored hashed); a
//! replaced key opens nothing and the replacement is audited; a wrong, missing or malformed key
//! and an unknown base are one 404; what is due on chosen days.

mod common;

use aii_server::repo::{Backend, InsertOutcome, NewSubmission, Store, Transition};
use aii_server::{Config, Repository};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";

struct Env {
    app: Router,
    store: Store,
    config: Config,
    cookie: String,
    csrf: String,
}

impl Env {
    async fn start(mut cfg: Config) -> Env {
        cfg.public_url = Some("https://tb.example.org".into());
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

    async fn desk_post(&self, path: &str, body: &Value) -> Answer {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(body.to_string()))
            .unwrap();
        send(&self.app, req).await
    }

    /// A new key from the registry desk: its link, and the key from its fragment.
    async fn new_key(&self, base_id: &str) -> String {
        let res = self.desk_post(&format!("/api/v1/admin/registry/{base_id}/key"), &json!({})).await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
        assert_eq!(res.headers["cache-control"], "no-store");
        let b = res.json();
        assert_eq!(b["base_id"], base_id);
        let link = b["link"].as_str().unwrap();
        let key = link.strip_prefix(&format!("https://tb.example.org/base/{base_id}#")).unwrap_or_else(|| panic!("{link}"));
        assert_eq!(key.len(), 64);
        key.to_owned()
    }

    async fn own(&self, base_id: &str, key: Option<&str>) -> Answer {
        let mut req = Request::get(format!("/api/v1/bases/{base_id}/own"));
        if let Some(k) = key {
            req = req.header("x-base-key", k);
        }
        send(&self.app, req.body(Body::empty()).unwrap()).await
    }

    async fn page(&self, base_id: &str, key: &str) -> Value {
        let res = self.own(base_id, Some(key)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
        assert_eq!(res.headers["cache-control"], "no-store");
        res.json()
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

    /// A filing of the base stored as it is (its rules are other suites' concern).
    async fn file(&self, id: &str, kind: aii_rules::FormKind, base_id: &str, year: i64) {
        let s = NewSubmission {
            id: id.into(),
            kind,
            document: json!({"base_id": base_id, "year": year}).to_string(),
            report: format!(r#"{{"kind":"{}","valid":true,"issues":[]}}"#, kind.name()),
            ruleset_version: aii_rules::RULESET_VERSION.into(),
            content_hash: format!("hash-{id}"),
            receipt_hash: format!("receipt-hash-{id}"),
            unit_uscc: None,
            cycle: Some(year),
            eval_cycle: None,
            base_id: Some(base_id.into()),
            now_ms: 2_000,
            idempotency: None,
            listing: Default::default(),
            mail: Default::default(),
            attachments: None,
        };
        assert!(matches!(self.store.insert_submission(&s).await.unwrap(), InsertOutcome::Inserted));
    }

    /// `SELECT COUNT(*)` of a query with one text parameter.
    async fn count(&self, sql: &'static str, arg: &str) -> i64 {
        match self.store.repo() {
            Backend::Sqlite(r) => sqlx::query_scalar(sql).bind(arg).fetch_one(r.pool()).await.unwrap(),
            Backend::Postgres(r) => sqlx::query_scalar(sql).bind(arg).fetch_one(r.pool()).await.unwrap(),
        }
    }
}

/// `kind year due_on done` of the page's due list.
fn due(page: &Value) -> Vec<String> {
    page["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let year = match (i["year"].as_i64(), i["to_year"].as_i64()) {
                (Some(y), Some(t)) => format!("{y}-{t}"),
                (Some(y), None) => y.to_string(),
                _ => i["name"].as_str().unwrap_or("").to_owned(),
            };
            format!(
                "{} {year} {} {}",
                i["kind"].as_str().unwrap(),
                i["due_on"].as_str().unwrap(),
                if i["done"] == true { "done" } else { "open" }
            )
        })
        .collect()
}

/// An application certified through the desk: the key is made in its transaction.
async fn certified_base(e: &Env) -> (String, String) {
    let res = send(&e.app, post_json("/api/v1/forms/application/submissions", &example("application"))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let id = res.json()["id"].as_str().unwrap().to_owned();
    for (from, to) in [("submitted", "under_review"), ("under_review", "publicity"), ("publicity", "approved")] {
        e.put(&id, from, to).await;
    }
    let res = e.desk_post(&format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": "certified", "note": "授牌"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    let b = res.json();
    (b["base_id"].as_str().unwrap().to_owned(), id)
}

async fn the_key_opens_the_page_and_nothing_else_does(e: &Env) {
    let (base_id, application) = certified_base(e).await;
    assert_eq!(e.count("SELECT COUNT(*) FROM base_keys WHERE base_id = $1", &base_id).await, 1, "certification made a key");
    let stored: String = match e.store.repo() {
        Backend::Sqlite(r) => {
            sqlx::query_scalar("SELECT key_hash FROM base_keys WHERE base_id = $1").bind(&base_id).fetch_one(r.pool()).await.unwrap()
        }
        Backend::Postgres(r) => {
            sqlx::query_scalar("SELECT key_hash FROM base_keys WHERE base_id = $1").bind(&base_id).fetch_one(r.pool()).await.unwrap()
        }
    };
    assert_eq!(stored.len(), 64, "a hash is stored");

    // The secretariat hands out a link: a new key, shown once.
    let key = e.new_key(&base_id).await;
    assert_ne!(aii_server::base_page::key_hash(&key), stored, "the certification's key is replaced");
    let page = e.page(&base_id, &key).await;
    assert_eq!(page["as_of"], "2027-03-01");
    assert_eq!(page["base"]["id"], base_id.as_str());
    assert_eq!(page["base"]["status"], "certified");
    assert_eq!(page["base"]["responsible_unit"]["name"], example("application")["unit"]["name"]);
    let c = &page["certificate"];
    assert_eq!(
        (c["number"].as_str(), c["issued_on"].as_str(), c["print_page"].as_str(), c["verify_page"].as_str()),
        (
            Some("AII-TB-2027-001"),
            Some("2027-03-01"),
            Some("/certificate/AII-TB-2027-001"),
            Some("https://tb.example.org/verify/AII-TB-2027-001")
        )
    );
    let subs = page["submissions"].as_array().unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(
        (subs[0]["id"].as_str(), subs[0]["kind"].as_str(), subs[0]["status"].as_str()),
        (Some(application.as_str()), Some("application"), Some("certified"))
    );
    // Certified today: this year's plan 90 days on, the first evaluation (2027–2029) by the
    // default deadline; no annual assessment yet.
    assert_eq!(due(&page), vec!["training_plan 2027 2027-05-30 open", "evaluation 2027-2029 2030-03-31 open"]);
    assert_eq!(page["due"][0]["form"], "training-plan");

    // One answer for everything else: no key, a wrong one, a malformed one, another base's id.
    let wrong = "0".repeat(64);
    for (id, k) in [
        (base_id.as_str(), None),
        (base_id.as_str(), Some(wrong.as_str())),
        (base_id.as_str(), Some("short")),
        (base_id.as_str(), Some(&key[..63])),
        ("base-unknown", Some(key.as_str())),
        ("base%00", Some(key.as_str())),
    ] {
        let res = e.own(id, k).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{id} {k:?}");
    }
    // The key does not open the page by query either (only the header).
    let res = send(&e.app, get(&format!("/api/v1/bases/{base_id}/own?key={key}"))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // Replaced again: the old key opens nothing; the new one does; both replacements audited.
    let newer = e.new_key(&base_id).await;
    assert_eq!(e.own(&base_id, Some(&key)).await.status, StatusCode::NOT_FOUND, "the old key stops working");
    assert_eq!(e.page(&base_id, &newer).await["base"]["id"], base_id.as_str());
    let audited =
        e.count("SELECT COUNT(*) FROM audit_log WHERE action = 'base_key' AND detail = $1", &format!("base {base_id}: key replaced")).await;
    assert_eq!(audited, 2);
    assert_eq!(
        e.count("SELECT COUNT(*) FROM audit_log WHERE detail LIKE $1", &format!("%{newer}%")).await,
        0,
        "the key is never written down"
    );

    // Only the secretariat replaces a key: without a session, or for no such base.
    let res = send(&e.app, post_json(&format!("/api/v1/admin/registry/{base_id}/key"), &json!({}))).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = e.desk_post("/api/v1/admin/registry/base-unknown/key", &json!({})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(e.page(&base_id, &newer).await["base"]["id"], base_id.as_str(), "refusals change nothing");
}

async fn what_is_due_on_chosen_days(e: &Env) {
    // A base registered as certified on 2026-06-30, its director's term ending 2029-12-31.
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let mut base = aii_server::base::read_file(&path, 0, date("2026-06-30")).unwrap();
    base.identity.id = "base-due".into();
    e.store.register_base(&base).await.unwrap();
    let key = e.new_key("base-due").await;

    let april = e.on("2027-04-02");
    let page = april.page("base-due", &key).await;
    assert_eq!(page["certificate"], Value::Null, "registered, not certified here");
    assert_eq!(
        due(&page),
        vec!["annual_assessment 2026 2027-03-31 open", "training_plan 2027 2027-03-31 open", "evaluation 2026-2028 2029-03-31 open"]
    );
    assert!(page["due"][0]["overdue"] == true && page["due"][2]["overdue"] == false);

    // Filed (a returned plan is not on file until it comes back).
    e.file("annual-2026", aii_rules::FormKind::AnnualAssessment, "base-due", 2026).await;
    e.file("plan-2027", aii_rules::FormKind::TrainingPlan, "base-due", 2027).await;
    e.put("plan-2027", "submitted", "returned").await;
    let page = april.page("base-due", &key).await;
    assert_eq!(
        due(&page),
        vec!["annual_assessment 2026 2027-03-31 done", "training_plan 2027 2027-03-31 open", "evaluation 2026-2028 2029-03-31 open"]
    );
    assert_eq!(page["due"][0]["submission_id"], "annual-2026");
    let kinds: Vec<(&str, &str)> =
        page["submissions"].as_array().unwrap().iter().map(|s| (s["kind"].as_str().unwrap(), s["status"].as_str().unwrap())).collect();
    assert_eq!(kinds, vec![("annual_assessment", "submitted"), ("training_plan", "returned")]);

    // Late in 2029: the director's term ends within 90 days; the evaluation is overdue.
    let page = e.on("2029-10-02").page("base-due", &key).await;
    assert_eq!(
        due(&page),
        vec![
            "annual_assessment 2028 2029-03-31 open",
            "evaluation 2026-2028 2029-03-31 open",
            "training_plan 2029 2029-03-31 open",
            "term_ending 刘教授 2029-12-31 open"
        ]
    );
    let term = &page["due"][3];
    assert_eq!((term["role"].as_str(), term["form"].as_str()), (Some("director"), Some("director-appointment")));
    assert_eq!(page["base"]["officers"][0]["name"], "刘教授");
}

/// The key from a message body's link `https://tb.example.org/base/{id}#{key}`.
fn key_in(body: &str, base_id: &str) -> String {
    let link = format!("https://tb.example.org/base/{base_id}#");
    let at = body.find(&link).expect("the base page's link") + link.len();
    body[at..].chars().take_while(char::is_ascii_hexdigit).collect()
}

/// Issue 25: the base page's link goes to the application's contact at certification and at
/// each replacement (queued with it); reminders 30 and 7 days before each due date, once each.
async fn e_mails_carry_the_key_and_remind_once(e: &Env) {
    // The base certified by `the_key_opens_the_page_and_nothing_else_does`, whose key the
    // secretariat has replaced since: one message per key, the first at certification.
    let mail = e.store.outbox().await.unwrap();
    let links: Vec<_> = mail.iter().filter(|m| m.dedupe_key.starts_with("base_key:")).collect();
    assert!(links.len() >= 2, "certification and a replacement: {}", links.len());
    let base_id = links[0].dedupe_key.split(':').nth(1).unwrap().to_owned();
    assert!(links.iter().all(|m| m.dedupe_key.starts_with(&format!("base_key:{base_id}:"))));
    assert_eq!(links[0].recipient, example("application")["contact"]["email"].as_str().unwrap());
    let first = key_in(&links[0].body, &base_id);
    assert_eq!(e.own(&base_id, Some(&first)).await.status, StatusCode::NOT_FOUND, "replaced since");
    let newer = e.new_key(&base_id).await;
    let mail = e.store.outbox().await.unwrap();
    let last = mail.iter().rev().find(|m| m.dedupe_key.starts_with("base_key:")).unwrap();
    assert_eq!(key_in(&last.body, &base_id), newer, "the replacement's link, e-mailed");
    assert_eq!(e.page(&base_id, &newer).await["base"]["id"], base_id.as_str(), "the e-mailed key opens the page");

    // Reminders: on a day, one for each open item due within 30 days; never twice.
    let remind = |day: &str| {
        let st = aii_server::AppState::new(e.store.clone(), e.on(day).config);
        async move { aii_server::outbox::remind(&st).await.unwrap() }
    };
    let within = |page: &Value, day: &str, days: i64| {
        let today = date(day);
        page["due"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["done"] == false)
            .filter(|i| (0..=days).contains(&(date(i["due_on"].as_str().unwrap()).day_number() - today.day_number())))
            .count()
    };
    let month_before = "2030-03-01";
    let expected = within(&e.on(month_before).page(&base_id, &newer).await, month_before, 30);
    assert!(expected >= 1, "the evaluation of 2027–2029 is due by 2030-03-31");
    assert_eq!(remind(month_before).await, expected);
    assert_eq!(remind("2030-03-02").await, 0, "once for the 30 days");
    let week_before = "2030-03-26";
    let expected = within(&e.on(week_before).page(&base_id, &newer).await, week_before, 7);
    assert_eq!(remind(week_before).await, expected);
    assert_eq!(remind(week_before).await, 0, "once for the 7 days");
    let reminders: Vec<_> = e.store.outbox().await.unwrap().into_iter().filter(|m| m.dedupe_key.starts_with("reminder:")).collect();
    let evaluation = reminders.iter().find(|m| m.dedupe_key.contains(":evaluation:")).expect("an evaluation reminder");
    assert!(evaluation.body.contains(&format!("https://tb.example.org/apply/evaluation?base_id={base_id}")), "{}", evaluation.body);
    assert!(evaluation.body.contains("2030-03-31"));
}

async fn run(db: TestDb) {
    let e = Env::start(config(&db.url)).await;
    the_key_opens_the_page_and_nothing_else_does(&e).await;
    what_is_due_on_chosen_days(&e).await;
    e_mails_carry_the_key_and_remind_once(&e).await;
}

#[tokio::test]
async fn base_page_on_sqlite() {
    run(TestDb::sqlite()).await;
}

#[tokio::test]
async fn base_page_on_postgres() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipped");
        return;
    };
    run(db).await;
}
