//! Publicity notices and public objections (PROCEDURE.md, Arts. 11, 12) through the HTTP API,
//! on SQLite and (when `TEST_DATABASE_URL` is set) PostgreSQL: `art12.publicity_period` (the
//! notice and its moves, all or nothing), `art12.objection` (the public form, its limits, the
//! hourly limit per address, a closed notice), `art12.no_objection` (the approval waits), what
//! the public sees (never an objector), and a burst of objections against an approval.

mod common;

use std::net::SocketAddr;

use aii_server::{AppState, Config, Store};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";
/// The tests' day (`common::config`).
const TODAY: &str = "2027-03-01";
/// The notice's last day with the default seven days.
const END: &str = "2027-03-07";

/// An enterprise's application for the unit numbered `n`.
fn application_of(n: u32) -> Value {
    let u = uscc(n);
    let mut doc = example("application");
    doc["unit"]["uscc"] = json!(u);
    doc["unit"]["name"] = json!(format!("{}工业互联网科技有限公司", &u[8..17]));
    doc["unit"]["kind"] = json!("enterprise");
    doc["partners"] = json!([]);
    doc["facilities"]["simultaneous_trainees"] = json!(120);
    doc["facilities"]["capacity_note"] = json!("另有三十个移动工位在合作企业车间");
    doc["enterprise_capability"] = json!(
        "本企业长期承担工业互联网平台与网络安全运维的技术研发和工程实施，形成了成熟的实训模式与课程体系，能够为实训方向提供技术支撑。"
    );
    doc
}

fn from(ip: [u8; 4]) -> ConnectInfo<SocketAddr> {
    ConnectInfo(SocketAddr::from((ip, 40000)))
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
        let config = config(url);
        let (app, store) = app_with(config.clone()).await;
        aii_server::accounts::add_user(&config, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
        let res = send(&app, post_json("/api/v1/admin/login", &json!({"username": "secretary.li", "password": PASSWORD}))).await;
        assert_eq!(res.status, StatusCode::OK);
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let csrf = res.json()["csrf_token"].as_str().unwrap().to_owned();
        Env { app, store, config, cookie, csrf }
    }

    /// The same database served as of `today` (the server restarted with `--today`).
    fn on(&self, today: &str) -> Env {
        let mut config = self.config.clone();
        config.today = Some(date(today));
        let app = aii_server::router(AppState::new(self.store.clone(), config.clone()));
        Env { app, store: self.store.clone(), config, cookie: self.cookie.clone(), csrf: self.csrf.clone() }
    }

    async fn get(&self, path: &str) -> Answer {
        send(&self.app, Request::get(path).header("cookie", &self.cookie).body(Body::empty()).unwrap()).await
    }

    async fn post(&self, path: &str, body: &Value) -> Answer {
        let req = Request::post(path)
            .header("content-type", "application/json")
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::from(serde_json::to_vec(body).unwrap()))
            .unwrap();
        send(&self.app, req).await
    }

    async fn decide(&self, id: &str, to: &str) -> Answer {
        // The council's fields (Art. 12) on an approval.
        let body = match to {
            "approved" => {
                // The council sits on this server's day (after the notice, Art. 12).
                let day = self.config.today.expect("the tests fix the day").to_string();
                json!({"to": to, "note": format!("决定：{to}"), "council_date": day, "resolution": "常务理事会决议〔2027〕1号"})
            }
            _ => json!({"to": to, "note": format!("决定：{to}")}),
        };
        self.post(&format!("/api/v1/admin/submissions/{id}/decisions"), &body).await
    }

    async fn status(&self, id: &str) -> String {
        let res = self.get(&format!("/api/v1/admin/submissions/{id}")).await;
        assert_eq!(res.status, StatusCode::OK);
        res.json()["status"].as_str().unwrap().to_owned()
    }

    /// A new application of unit `n`, under review.
    async fn under_review(&self, n: u32) -> String {
        let res = send(&self.app, post_json(APPLICATIONS, &application_of(n))).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        let id = res.json()["id"].as_str().unwrap().to_owned();
        let res = self.decide(&id, "under_review").await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
        id
    }

    async fn resolve(&self, id: i64, r: &str, note: &str) -> Answer {
        self.post(&format!("/api/v1/admin/objections/{id}/resolution"), &json!({"resolution": r, "note": note})).await
    }

    async fn open(&self, body: &Value) -> Answer {
        self.post("/api/v1/admin/notices", body).await
    }

    /// Files an objection from `ip`.
    async fn object(&self, item: i64, ip: [u8; 4], body: &Value) -> Answer {
        let mut req = post_json(&format!("/api/v1/publicity/items/{item}/objections"), body);
        req.extensions_mut().insert(from(ip));
        send(&self.app, req).await
    }
}

fn objection(name: &str) -> Value {
    json!({
        "name": name,
        "contact": "13912345678",
        "reason": "该基地所列实训指导人员中有两人并非本单位在职人员，与申报材料不符，请核查。",
        "evidence": ["2027年1月该单位官网公布的教职工名单", "社保缴纳记录可证"]
    })
}

fn issue<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["issues"].as_array().unwrap().iter().find(|i| i["rule"] == rule).unwrap_or_else(|| panic!("no {rule} in {report}"))
}

/// The item of `submission` on the public page.
async fn item_of(e: &Env, full_name_part: &str) -> i64 {
    let res = send(&e.app, get("/api/v1/publicity")).await;
    assert_eq!(res.status, StatusCode::OK);
    let body = res.json();
    for n in body["notices"].as_array().unwrap() {
        for i in n["items"].as_array().unwrap() {
            if i["full_name"].as_str().unwrap().contains(full_name_part) {
                return i["id"].as_i64().unwrap();
            }
        }
    }
    panic!("{full_name_part} is not on the public page: {body}")
}

async fn suite(url: &str) {
    let e = Env::start(url).await;
    let a = e.under_review(1).await;
    let b = e.under_review(2).await;
    let c = e.under_review(3).await;
    // A submitted one, not yet reviewed.
    let res = send(&e.app, post_json(APPLICATIONS, &application_of(4))).await;
    let fresh = res.json()["id"].as_str().unwrap().to_owned();

    // `art12.publicity_period`: refusals, nothing written.
    let res = e.open(&json!({"start_date": "2027-02-28", "items": [a]})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(issue(&res.json(), "art12.publicity_period")["params"]["reason"], "start");
    let res = e.open(&json!({"start_date": TODAY, "items": []})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(issue(&res.json(), "art12.publicity_period")["params"]["reason"], "items");
    let res = e.open(&json!({"start_date": TODAY, "items": [a, fresh]})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(issue(&res.json(), "art12.publicity_period")["params"]["id"], fresh.as_str());
    let res = e.open(&json!({"start_date": TODAY, "items": [a, "no-such-submission"]})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let res = e.open(&json!({"start_date": TODAY, "items": [a], "directions": {a.clone(): ["no.such", "x", "y", "z"]}})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(issue(&res.json(), "art11.directions_decided")["params"]["reason"], "count");
    assert_eq!(e.status(&a).await, "under_review", "nothing half-saved");
    assert_eq!(e.get("/api/v1/admin/notices").await.json()["notices"], json!([]));

    // Opened: both move to publicity in one go, each with its history line and audit entry.
    let res = e.open(&json!({"start_date": TODAY, "items": [a, b], "directions": {b.clone(): ["network.implementation"]}})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let notice = res.json();
    assert_eq!((notice["start_date"].as_str(), notice["end_date"].as_str(), notice["days"].as_i64()), (Some(TODAY), Some(END), Some(7)));
    assert_eq!(notice["open"], true);
    assert_eq!(notice["items"][1]["directions"], json!(["network.implementation"]));
    assert!(notice["items"][0]["full_name"].as_str().unwrap().starts_with("工业互联网产业联盟长三角智造实训基地（"));
    for id in [&a, &b] {
        let detail = e.get(&format!("/api/v1/admin/submissions/{id}")).await.json();
        assert_eq!(detail["status"], "publicity");
        let audit = detail["audit"].as_array().unwrap();
        assert_eq!(
            (audit.last().unwrap()["from_status"].as_str(), audit.last().unwrap()["to_status"].as_str()),
            (Some("under_review"), Some("publicity"))
        );
    }
    // On a running notice, a submission cannot be listed again.
    let res = e.open(&json!({"start_date": TODAY, "items": [a]})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);

    // `art12.no_objection`: while the notice runs; never published.
    let res = e.decide(&a, "approved").await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", String::from_utf8_lossy(&res.body));
    let refused = issue(&res.json(), "art12.no_objection").clone();
    assert_eq!((refused["params"]["reason"].as_str(), refused["params"]["end"].as_str()), (Some("running"), Some(END)));
    assert!(refused["message"].as_str().unwrap().contains(END));
    // A notice is the one way into publicity: a decision is refused.
    let res = e.decide(&c, "publicity").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(issue(&res.json(), "art12.publicity_period")["params"]["reason"], "notice");
    assert_eq!(e.status(&c).await, "under_review");
    // A row in publicity with no notice (written before notices existed): never approved.
    execute(&e.store, "UPDATE submissions SET status = 'publicity' WHERE id = $1", &c).await;
    let res = e.decide(&c, "approved").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(issue(&res.json(), "art12.no_objection")["params"]["reason"], "not_published");
    assert_eq!(e.status(&c).await, "publicity");

    // The public page: the notice, its items with names; nothing about objections.
    let item_a = item_of(&e, &uscc(1)[8..17]).await;
    let item_b = item_of(&e, &uscc(2)[8..17]).await;
    let public = send(&e.app, get("/api/v1/publicity")).await.json();
    let first = &public["notices"][0];
    assert_eq!((first["open"].as_bool(), first["end_date"].as_str()), (Some(true), Some(END)));
    let it = &first["items"][0];
    assert_eq!(it["kind"], "application");
    assert_eq!(it["directions"][0]["code"], "network.implementation");
    assert!(!it["directions"][0]["name_zh"].as_str().unwrap().is_empty());

    // `art12.objection`: the form's refusals, 422 each, nothing filed.
    let long = |n: usize| "异".repeat(n);
    let bad: Vec<(Value, &str)> = vec![
        (json!({"name": "", "contact": "13912345678", "reason": long(30)}), "/name"),
        (json!({"name": long(41), "contact": "13912345678", "reason": long(30)}), "/name"),
        (json!({"name": "王\u{0}五", "contact": "13912345678", "reason": long(30)}), "/name"),
        (json!({"name": "王五", "contact": "12345", "reason": long(30)}), "/contact"),
        (json!({"name": "王五", "contact": "wang@", "reason": long(30)}), "/contact"),
        (json!({"name": "王五", "contact": "13912345678", "reason": long(19)}), "/reason"),
        (json!({"name": "王五", "contact": "13912345678", "reason": long(2001)}), "/reason"),
        (json!({"name": "王五", "contact": "13912345678", "reason": format!("{}\u{0}", long(30))}), "/reason"),
        (json!({"name": "王五", "contact": "13912345678", "reason": format!("{}\u{7}", long(30))}), "/reason"),
        (json!({"name": "王五", "contact": "a@b.cn", "reason": long(30), "evidence": vec!["线索"; 11]}), "/evidence"),
        (json!({"name": "王五", "contact": "a@b.cn", "reason": long(30), "evidence": [long(501)]}), "/evidence"),
    ];
    for (body, path) in &bad {
        let res = e.object(item_a, [10, 0, 0, 9], body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", String::from_utf8_lossy(&res.body));
        assert_eq!(issue(&res.json(), "art12.objection")["path"], *path);
    }
    let res = e.object(999_999, [10, 0, 0, 9], &objection("王五")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(issue(&res.json(), "art12.objection")["params"]["reason"], "item");
    let res = e.object(item_a, [10, 0, 0, 9], &json!({"name": 5})).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);

    // Filed: a reference number and nothing else.
    let res = e.object(item_a, [10, 0, 0, 1], &objection("张异议")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let filed = res.json();
    assert_eq!(filed.as_object().unwrap().keys().collect::<Vec<_>>(), vec!["reference"]);
    assert!(filed["reference"].as_str().unwrap().starts_with("YY-20270301-"));
    // Five an hour from one address (another address is not held back).
    for n in 0..5 {
        let res = e.object(item_b, [10, 0, 0, 2], &objection(&format!("李{n}"))).await;
        assert_eq!(res.status, StatusCode::CREATED, "{n}");
    }
    let res = e.object(item_b, [10, 0, 0, 2], &objection("李六")).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers.contains_key("retry-after"));
    assert_eq!(issue(&res.json(), "art12.objection")["params"]["reason"], "rate");
    assert_eq!(e.object(item_b, [10, 0, 0, 3], &objection("赵七")).await.status, StatusCode::CREATED);

    // Nothing public leaks an objector, a contact or a reason.
    let public = String::from_utf8(send(&e.app, get("/api/v1/publicity")).await.body.to_vec()).unwrap();
    for secret in ["张异议", "13912345678", "社保缴纳", "实训指导人员中有两人"] {
        assert!(!public.contains(secret), "{secret} is public");
    }
    // No raw client address is stored.
    let stored = e.get("/api/v1/admin/notices").await;
    assert!(!String::from_utf8_lossy(&stored.body).contains("10.0.0."));

    // The secretariat: counts, the objections in full, resolutions.
    let notices = e.get("/api/v1/admin/notices").await.json();
    let n = &notices["notices"][0];
    assert_eq!((n["items"][0]["objections_open"].as_i64(), n["items"][1]["objections_open"].as_i64()), (Some(1), Some(6)));
    let notice_id = n["id"].as_i64().unwrap();
    let list = e.get(&format!("/api/v1/admin/notices/{notice_id}/objections")).await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    let all = list["objections"].as_array().unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!((all[0]["objector_name"].as_str(), all[0]["contact"].as_str()), (Some("张异议"), Some("13912345678")));
    assert_eq!(all[0]["evidence"].as_array().unwrap().len(), 2);
    let on_a = all[0]["id"].as_i64().unwrap();
    let on_b: Vec<i64> = all[1..].iter().map(|o| o["id"].as_i64().unwrap()).collect();
    let res = e.resolve(on_a, "maybe", "说明").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(issue(&res.json(), "art12.objection")["params"]["reason"], "resolution");
    assert_eq!(e.resolve(on_a, "dismissed", "  ").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e.resolve(on_a, "dismissed", "a\u{0}b").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e.resolve(999_999, "dismissed", "说明").await.status, StatusCode::NOT_FOUND);
    let res = e.resolve(on_a, "dismissed", "经核查，两人为本单位在职人员，异议不成立。").await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!((res.json()["status"].as_str(), res.json()["resolved_by"].as_str()), (Some("dismissed"), Some("secretary.li")));
    assert_eq!(e.resolve(on_a, "upheld", "再改").await.status, StatusCode::CONFLICT, "resolved once");
    let audit = e.get(&format!("/api/v1/admin/submissions/{a}")).await.json()["audit"].as_array().unwrap().clone();
    assert!(audit.iter().any(|x| x["action"] == "objection" && x["detail"].as_str().unwrap().ends_with("dismissed")));

    // After the notice: objections are closed; the approval waits only on open or upheld ones.
    let later = e.on("2027-03-08");
    let res = later.object(item_a, [10, 0, 0, 4], &objection("钱八")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(issue(&res.json(), "art12.objection")["params"]["reason"], "closed");
    let closed = send(&later.app, get("/api/v1/publicity")).await.json();
    assert_eq!(closed["notices"][0]["open"], false, "a closed notice stays listed");
    let res = later.decide(&b, "approved").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let refused = issue(&res.json(), "art12.no_objection").clone();
    assert_eq!((refused["params"]["reason"].as_str(), refused["params"]["count"].as_i64()), (Some("unresolved"), Some(6)));
    for (i, id) in on_b.iter().enumerate() {
        let r = if i == 0 { "upheld" } else { "dismissed" };
        assert_eq!(e.resolve(*id, r, "核查结论").await.status, StatusCode::OK);
    }
    let res = later.decide(&b, "approved").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(issue(&res.json(), "art12.no_objection")["params"]["reason"], "upheld");
    let res = later.decide(&a, "approved").await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    // 30 days after it closed, the notice leaves the public page.
    let gone = send(&e.on("2027-04-07").app, get("/api/v1/publicity")).await.json();
    assert_eq!(gone["notices"], json!([]));
    let still = send(&e.on("2027-04-06").app, get("/api/v1/publicity")).await.json();
    assert_eq!(still["notices"].as_array().unwrap().len(), 1);

    burst(&e).await;
}

/// Objections from many addresses at once against an approval: each is filed or refused
/// whole, and the approval is refused while they stand (the decision and the objections
/// take the submission's key in turn).
async fn burst(e: &Env) {
    let d = e.under_review(9).await;
    let res = e.open(&json!({"start_date": TODAY, "items": [d]})).await;
    assert_eq!(res.status, StatusCode::CREATED);
    let item = res.json()["items"][0]["id"].as_i64().unwrap();
    let mut tasks = Vec::new();
    for n in 0..8u8 {
        let app = e.app.clone();
        tasks.push(tokio::spawn(async move {
            let mut req = post_json(&format!("/api/v1/publicity/items/{item}/objections"), &objection(&format!("孙{n}")));
            req.extensions_mut().insert(from([10, 1, 0, n]));
            send(&app, req).await.status
        }));
    }
    let approval = e.decide(&d, "approved").await;
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED), "{statuses:?}");
    assert_eq!(approval.status, StatusCode::CONFLICT);
    let later = e.on("2027-03-08");
    let res = later.decide(&d, "approved").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(issue(&res.json(), "art12.no_objection")["params"]["count"], 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn publicity_on_sqlite() {
    let db = TestDb::sqlite();
    suite(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn publicity_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    suite(&db.url).await;
}

#[tokio::test]
async fn openapi_covers_publicity() {
    let db = TestDb::sqlite();
    let (app, _) = app_with(config(&db.url)).await;
    let doc = send(&app, get("/api/v1/openapi.json")).await.json();
    for path in [
        "/api/v1/publicity",
        "/api/v1/publicity/items/{item}/objections",
        "/api/v1/admin/notices",
        "/api/v1/admin/notices/{id}/objections",
        "/api/v1/admin/objections/{id}/resolution",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}
