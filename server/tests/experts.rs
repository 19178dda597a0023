//! Experts through the HTTP API, on SQLite and (when `TEST_DATABASE_URL` is set) PostgreSQL
//! (PROCEDURE.md "People", "Expert review", "Site check"): expert accounts (CLI and desk),
//! roles (every secretariat route answers an expert's session 403, walked over the OpenAPI
//! document's routes), assignments and `art11.expert_conflict`, opinions and `art11.opinion`
//! with every version kept, what an expert may see, `art11.expert_quorum`, the site check
//! (`art11.site_check`) and a round's ranking.

mod common;

use aii_server::config::ExpertArgs;
use aii_server::{Config, Store};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::{Value, json};

const PASSWORD: &str = "a long secretariat password";
/// The example application's first partner: an expert employed there must stand aside.
const PARTNER_USCC: &str = "913101153756893422";
/// Employers with no part in the example application.
const EMPLOYER: &str = "91310000MA1FL5QQ9P";
const OTHER_EMPLOYER: &str = "91110000100008085B";
/// A unit of a second application (the first's unit holds its cycle).
const ANOTHER_UNIVERSITY: &str = "12310000234567894P";

#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

struct Env {
    app: Router,
    store: Store,
    config: Config,
}

impl Env {
    async fn start(url: &str) -> Env {
        let mut config = config(url);
        config.expert_quorum = 3;
        let (app, store) = app_with(config.clone()).await;
        Env { app, store, config }
    }

    /// The same database served as of `day` (the server restarted with `--today`).
    fn on(&self, day: &str) -> Env {
        let mut config = self.config.clone();
        config.today = Some(date(day));
        let app = aii_server::router(aii_server::AppState::new(self.store.clone(), config.clone()));
        Env { app, store: self.store.clone(), config }
    }

    /// The desk's next step to `to` of a submission, with what it needs.
    async fn next_step(&self, s: &Session, id: &str, to: &str) -> Value {
        let detail = self.get(Some(s), &format!("/api/v1/admin/submissions/{id}")).await.json();
        detail["next_steps"].as_array().unwrap().iter().find(|n| n["to"] == to).cloned().unwrap_or(Value::Null)
    }

    async fn login(&self, name: &str, password: &str) -> (Session, Value) {
        let res = send(&self.app, post_json("/api/v1/admin/login", &json!({"username": name, "password": password}))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
        let cookie = res.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let body = res.json();
        (Session { cookie, csrf: body["csrf_token"].as_str().unwrap().to_owned() }, body)
    }

    async fn get(&self, s: Option<&Session>, path: &str) -> Answer {
        let mut req = Request::get(path);
        if let Some(s) = s {
            req = req.header("cookie", &s.cookie);
        }
        send(&self.app, req.body(Body::empty()).unwrap()).await
    }

    async fn call(&self, s: Option<&Session>, method: &str, path: &str, body: &Value) -> Answer {
        let mut req = Request::builder().method(method).uri(path).header("content-type", "application/json");
        if let Some(s) = s {
            req = req.header("cookie", &s.cookie).header("x-csrf-token", &s.csrf);
        }
        send(&self.app, req.body(Body::from(body.to_string())).unwrap()).await
    }

    async fn post(&self, s: &Session, path: &str, body: &Value) -> Answer {
        self.call(Some(s), "POST", path, body).await
    }

    async fn decide(&self, s: &Session, id: &str, to: &str, note: &str) -> Answer {
        self.post(s, &format!("/api/v1/admin/submissions/{id}/decisions"), &json!({"to": to, "note": note})).await
    }

    async fn submit(&self, doc: &Value) -> String {
        let res = send(&self.app, post_json(APPLICATIONS, doc)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
        res.json()["id"].as_str().unwrap().to_owned()
    }
}

fn reasons(a: &Answer) -> Vec<(String, String, String)> {
    a.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["rule"].as_str().unwrap().to_owned(),
                i["path"].as_str().unwrap().to_owned(),
                i["params"]["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn expert_body(username: &str, password: Option<&str>, name: &str, uscc: &str) -> Value {
    json!({"username": username, "password": password, "name": name, "title": "教授级高级工程师", "employer": "示例单位", "employer_uscc": uscc})
}

/// A whole opinion of the application's seven criteria, each scored `score`.
fn opinion(score: i64) -> Value {
    let scores: serde_json::Map<String, Value> =
        ["art7_1", "art7_2", "art7_3", "art7_4", "art7_5", "art7_6", "art18"].iter().map(|c| ((*c).to_owned(), json!(score))).collect();
    json!({
        "scores": scores,
        "recommendation": "recommend",
        "text": "申报材料完整，实训条件与师资队伍符合第七条要求，答辩中对实训方向的说明清楚，建议推荐并在公示前补充设备清单。",
        "defence_date": "2027-02-20",
    })
}

async fn suite(url: &str) {
    let e = Env::start(url).await;
    aii_server::accounts::add_user(&e.config, "secretary.li", true, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
    let (sec, info) = e.login("secretary.li", PASSWORD).await;
    assert_eq!(info["role"], "secretariat");

    // --- Accounts: the CLI and the desk ---
    let args = ExpertArgs {
        name: Some("赵专家".into()),
        title: Some("研究员".into()),
        employer: Some("示例工业互联网科技有限公司".into()),
        employer_uscc: Some(PARTNER_USCC.to_ascii_lowercase()),
    };
    aii_server::accounts::add_expert(&e.config, "expert.zhao", true, &args, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap();
    let bad = ExpertArgs { employer_uscc: Some("91310000MA1FL5QQ9X".into()), ..args.clone() };
    let err =
        aii_server::accounts::add_expert(&e.config, "expert.bad", true, &bad, &mut format!("{PASSWORD}\n").as_bytes()).await.unwrap_err();
    assert!(err.to_string().contains("--employer-uscc"), "{err}");

    let res = e.post(&sec, "/api/v1/admin/experts", &expert_body("expert.a", None, "王小明", EMPLOYER)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    let generated = res.json()["password"].as_str().unwrap().to_owned();
    for (u, n) in [("expert.b", "李四"), ("expert.c", "张三"), ("expert.d", "钱五")] {
        let res = e.post(&sec, "/api/v1/admin/experts", &expert_body(u, Some(PASSWORD), n, OTHER_EMPLOYER)).await;
        assert_eq!(res.status, StatusCode::CREATED);
        assert_eq!(res.json()["password"], Value::Null, "a given password is never echoed");
    }
    // Refusals: a wrong USCC, an empty name, a weak password; a taken username.
    let res = e.post(&sec, "/api/v1/admin/experts", &expert_body("expert.x", Some("short"), "", "91310000MA1FL5QQ9X")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<String> = reasons(&res).into_iter().map(|(r, p, _)| format!("{r} {p}")).collect();
    assert_eq!(paths, ["desk.expert /name", "desk.expert /password"], "the first wrong profile field, then the password");
    let res = e.post(&sec, "/api/v1/admin/experts", &expert_body("expert.b", None, "李四", EMPLOYER)).await;
    assert_eq!((res.status, reasons(&res)[0].1.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "/username"));

    let list = e.get(Some(&sec), "/api/v1/admin/experts").await.json();
    let names: Vec<(&str, &str)> =
        list.as_array().unwrap().iter().map(|x| (x["username"].as_str().unwrap(), x["name"].as_str().unwrap())).collect();
    assert_eq!(names, [("expert.a", "王**"), ("expert.b", "李*"), ("expert.c", "张*"), ("expert.d", "钱*"), ("expert.zhao", "赵**")]);
    assert_eq!(list[4]["employer_uscc"], PARTNER_USCC, "stored normalised");

    let (a, info) = e.login("expert.a", &generated).await;
    assert_eq!(info["role"], "expert");
    assert_eq!(e.get(Some(&a), "/api/v1/admin/session").await.json()["role"], "expert");
    let (b, _) = e.login("expert.b", PASSWORD).await;
    let (c, _) = e.login("expert.c", PASSWORD).await;
    let (d, _) = e.login("expert.d", PASSWORD).await;
    let (zhao, _) = e.login("expert.zhao", PASSWORD).await;

    let id = e.submit(&example("application")).await;

    // --- Roles: every secretariat route refuses an expert, walked over the route list ---
    role_walk(&e, &sec, &a, &id).await;

    // --- Assignments ---
    let assign = |who: &str| json!({"expert": who});
    let path = format!("/api/v1/admin/submissions/{id}/assignments");
    for who in ["expert.a", "expert.b", "expert.c"] {
        let res = e.post(&sec, &path, &assign(who)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    }
    let res = e.post(&sec, &path, &assign("expert.a")).await;
    assert_eq!((res.status, res.json()["assignments"].as_array().unwrap().len()), (StatusCode::OK, 3), "assigning twice is once");
    let res = e.post(&sec, &path, &assign("Expert.Zhao")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(reasons(&res), [("art11.expert_conflict".into(), "/expert".into(), "employer".into())]);
    assert_eq!(res.json()["issues"][0]["params"]["uscc"], PARTNER_USCC);
    assert!(res.json()["issues"][0]["message"].as_str().unwrap().contains("回避"));
    for who in ["nobody.here", "secretary.li", "x\u{0}y"] {
        let res = e.post(&sec, &path, &assign(who)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{who}");
        assert_eq!(reasons(&res)[0].2, "unknown");
    }
    let audit = e.get(Some(&sec), &format!("/api/v1/admin/submissions/{id}")).await.json()["audit"].clone();
    let assigned: Vec<&str> =
        audit.as_array().unwrap().iter().filter(|x| x["action"] == "assign").map(|x| x["detail"].as_str().unwrap()).collect();
    assert_eq!(assigned, ["expert.a", "expert.b", "expert.c"]);

    // --- What an expert sees ---
    let mine = e.get(Some(&a), "/api/v1/admin/reviews").await.json();
    assert_eq!((mine.as_array().unwrap().len(), mine[0]["id"].as_str()), (1, Some(id.as_str())));
    assert_eq!(e.get(Some(&d), "/api/v1/admin/reviews").await.json(), json!([]));
    let res = e.get(Some(&d), &format!("/api/v1/admin/reviews/{id}")).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::FORBIDDEN, "not_assigned"));
    assert_eq!(e.get(Some(&d), "/api/v1/admin/reviews/no-such-id").await.status, StatusCode::NOT_FOUND);
    let res = e.post(&d, &format!("/api/v1/admin/reviews/{id}/opinion"), &opinion(8)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let detail = e.get(Some(&a), &format!("/api/v1/admin/reviews/{id}")).await.json();
    assert_eq!(detail["document"]["contact"]["phone"], "021*****1234");
    assert_eq!(detail["document"]["contact"]["name"], "陈**");
    assert_eq!(detail["document"]["contact"]["email"], "b***@example.edu.cn");
    assert_eq!((detail["criteria"].as_array().unwrap().len(), detail["open"].as_bool()), (7, Some(true)));
    assert_eq!(detail["others"], json!([]));
    assert_eq!(e.get(Some(&sec), "/api/v1/admin/reviews").await.status, StatusCode::FORBIDDEN, "the secretariat has no expert desk");

    // --- art11.opinion: refusals, then versions ---
    let op = format!("/api/v1/admin/reviews/{id}/opinion");
    let mut wrong = opinion(8);
    wrong["scores"]["art7_3"] = json!(11);
    wrong["scores"]["art7_4"] = json!(6.5);
    wrong["scores"].as_object_mut().unwrap().remove("art18");
    wrong["recommendation"] = json!("maybe");
    wrong["text"] = json!("太短");
    wrong["defence_date"] = json!("2027-13-01");
    let res = e.post(&a, &op, &wrong).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let got: Vec<String> = reasons(&res).into_iter().map(|(r, p, why)| format!("{r} {p} {why}")).collect();
    assert_eq!(
        got,
        [
            "art11.opinion /scores/art7_3 score",
            "art11.opinion /scores/art7_4 score",
            "art11.opinion /scores/art18 score",
            "art11.opinion /recommendation recommendation",
            "art11.opinion /text text",
            "art11.opinion /defence_date defence_date",
        ]
    );
    let en = e.post(&a, &format!("{op}?locale=en"), &wrong).await.json();
    assert!(en["issues"][4]["message"].as_str().unwrap().contains("at least 50"), "{en}");
    for (who, score) in [(&a, 6), (&a, 7)] {
        let res = e.post(who, &op, &opinion(score)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    }
    let detail = e.get(Some(&a), &format!("/api/v1/admin/reviews/{id}")).await.json();
    let versions: Vec<i64> = detail["mine"].as_array().unwrap().iter().map(|o| o["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [1, 2], "every version kept");

    // --- art11.expert_quorum ---
    let res = e.decide(&sec, &id, "under_review", "开始评审").await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    let res = e.decide(&sec, &id, "site_check", "专家意见要求现场核查").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(reasons(&res)[0].0, "art11.expert_quorum");
    assert_eq!(res.json()["issues"][0]["params"], json!({"quorum": 3, "count": 1}));
    // The desk shows it before the decision: the step, its rule, not met, with the count.
    let step = e.next_step(&sec, &id, "site_check").await;
    assert_eq!((step["via"].as_str(), step["needs"][0]["rule"].as_str()), (Some("decision"), Some("art11.expert_quorum")));
    assert_eq!(step["needs"][0]["met"], false);
    assert!(step["needs"][0]["message"].as_str().unwrap().contains('1'));
    assert_eq!(e.post(&b, &op, &opinion(8)).await.status, StatusCode::CREATED);
    // c has not filed: it sees no other opinion; a has, and sees b's.
    let seen = |v: &Value| v["others"].as_array().unwrap().iter().map(|o| o["expert"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(seen(&e.get(Some(&c), &format!("/api/v1/admin/reviews/{id}")).await.json()).is_empty());
    assert_eq!(seen(&e.get(Some(&a), &format!("/api/v1/admin/reviews/{id}")).await.json()), ["expert.b"]);
    assert_eq!(e.decide(&sec, &id, "site_check", "x").await.status, StatusCode::CONFLICT, "two of three");
    assert_eq!(e.post(&c, &op, &opinion(9)).await.status, StatusCode::CREATED);

    let summary = e.get(Some(&sec), &format!("/api/v1/admin/submissions/{id}/opinions")).await.json();
    assert_eq!(summary["latest"].as_array().unwrap().len(), 3);
    assert_eq!(summary["history"].as_array().unwrap().len(), 4);
    let overall = summary["stats"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(overall, json!({"code": "overall", "count": 3, "mean": 8.0, "spread": 2.0}));
    assert_eq!(summary["stats"][0], json!({"code": "art7_1", "count": 3, "mean": 8.0, "spread": 2.0}));

    // --- art11.site_check ---
    let res = e.decide(&sec, &id, "site_check", "专家意见要求现场核查").await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    // Publicity is opened by a notice, which needs the check recorded first.
    let step = e.next_step(&sec, &id, "publicity").await;
    assert_eq!((step["via"].as_str(), step["needs"][0]["rule"].as_str()), (Some("notice"), Some("art11.site_check")));
    assert_eq!(step["needs"][0]["met"], false);
    let notice = json!({"start_date": "2027-03-01", "items": [id]});
    let res = e.post(&sec, "/api/v1/admin/notices", &notice).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "missing"));
    let res = e.decide(&sec, &id, "publicity", "核查完毕，进入公示").await;
    assert_eq!((res.status, reasons(&res)[0].0.as_str()), (StatusCode::CONFLICT, "art12.publicity_period"), "a notice, not a decision");
    let sc = format!("/api/v1/admin/submissions/{id}/site-check");
    let res = e.post(&sec, &sc, &json!({"date": "2030-01-01", "inspectors": "", "findings": "短", "conclusion": "fine"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let why: Vec<String> = reasons(&res).into_iter().map(|(_, _, w)| w).collect();
    assert_eq!(why, ["date", "inspectors", "findings", "conclusion"]);
    let findings =
        "现场核查实训场地两处，设备数量与申请书基本一致，但同时容纳实训人数少于申请书所述，需说明整改计划及完成时间，其余情况属实。";
    let check = json!({"date": "2027-02-25", "inspectors": "周工、吴工", "findings": findings, "conclusion": "discrepancies"});
    let res = e.post(&sec, &sc, &check).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json()["site_checks"][0]["conclusion"], "discrepancies");
    assert_eq!(e.next_step(&sec, &id, "publicity").await["needs"][0]["met"], true);
    let res = e.post(&sec, "/api/v1/admin/notices", &notice).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    // After discrepancies the council's approval says how they were resolved.
    let later = e.on("2027-03-08");
    let step = later.next_step(&sec, &id, "approved").await;
    let need = step["needs"].as_array().unwrap().iter().find(|n| n["rule"] == "art11.site_check").unwrap().clone();
    assert_eq!((need["path"].as_str(), &need["met"]), (Some("/note"), &Value::Null), "the decision's note supplies it");
    let approve =
        |note: &str| json!({"to": "approved", "note": note, "council_date": "2027-03-08", "resolution": "常务理事会决议〔2027〕2号"});
    let decisions = format!("/api/v1/admin/submissions/{id}/decisions");
    let res = later.post(&sec, &decisions, &approve("同意")).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "discrepancies"));
    let res = later.post(&sec, &decisions, &approve("人数不符已由责任单位书面承诺于三个月内扩建实训室整改，同意通过")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", String::from_utf8_lossy(&res.body));
    // Left review: no more opinions, assignments or site checks.
    let res = e.post(&b, &op, &opinion(5)).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "closed"));
    let res = e.post(&sec, &path, &assign("expert.d")).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "closed"));
    let res = e.post(&sec, &sc, &check).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "status"));

    // --- A declared conflict ---
    let mut doc = example("application");
    doc["unit"]["uscc"] = json!(ANOTHER_UNIVERSITY);
    doc["unit"]["name"] = json!("另一所工业大学");
    doc["base_short_name"] = json!("京津冀智造");
    let second = e.submit(&doc).await;
    let path2 = format!("/api/v1/admin/submissions/{second}/assignments");
    assert_eq!(e.post(&sec, &path2, &assign("expert.d")).await.status, StatusCode::OK);
    let res = e.post(&d, &format!("/api/v1/admin/reviews/{second}/conflict"), &json!({"note": "曾参与该单位项目"})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = e.post(&d, &format!("/api/v1/admin/reviews/{second}/opinion"), &opinion(9)).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "declared"));
    let res = e.post(&sec, &path2, &assign("expert.d")).await;
    assert_eq!((res.status, reasons(&res)[0].2.as_str()), (StatusCode::CONFLICT, "declared"));
    assert_eq!(e.get(Some(&zhao), "/api/v1/admin/reviews").await.json(), json!([]));

    // --- The round ---
    let round = e.get(Some(&sec), "/api/v1/admin/rounds/2027").await.json();
    let ranked: Vec<(i64, &str, Option<f64>)> = round["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["rank"].as_i64().unwrap(), i["id"].as_str().unwrap(), i["mean"].as_f64()))
        .collect();
    assert_eq!(ranked, [(1, id.as_str(), Some(8.0)), (2, second.as_str(), None)]);
    assert_eq!(e.get(Some(&sec), "/api/v1/admin/rounds/next").await.status, StatusCode::BAD_REQUEST);
}

/// Every route of the OpenAPI document under `/api/v1/admin` but the session's own (login,
/// logout, session) and the expert's (`/reviews…`): an expert's session gets 403 `desk.role`,
/// no session 401. The expert's routes: the secretariat gets 403, no session 401.
async fn role_walk(e: &Env, sec: &Session, expert: &Session, id: &str) {
    let doc = e.get(None, "/api/v1/openapi.json").await.json();
    let mut walked = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        let Some(rest) = template.strip_prefix("/api/v1/admin") else { continue };
        if matches!(rest, "/login" | "/logout" | "/session") {
            continue;
        }
        let path = template.replace("{id}", id).replace("{year}", "2027");
        let experts_own = rest.starts_with("/reviews");
        for method in item.as_object().unwrap().keys().filter(|m| matches!(m.as_str(), "get" | "post" | "put" | "patch" | "delete")) {
            let method = method.to_ascii_uppercase();
            let (who, other) = if experts_own { (sec, "secretariat") } else { (expert, "expert") };
            let res = e.call(Some(who), &method, &path, &json!({})).await;
            assert_eq!(
                res.status,
                StatusCode::FORBIDDEN,
                "{method} {path} with the {other}'s session: {}",
                String::from_utf8_lossy(&res.body)
            );
            assert_eq!(res.rules(), ["desk.role"], "{method} {path}");
            assert!(!res.json()["issues"][0]["message"].as_str().unwrap().is_empty());
            let res = e.call(None, &method, &path, &json!({})).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {path} without a session");
            walked += 1;
        }
    }
    assert!(walked >= 19, "the walk met every desk route ({walked}): 9 of the desk, 6 of the experts' secretariat side, 4 of the expert's");
    // Nothing was written by the refused calls.
    let detail = e.get(Some(sec), &format!("/api/v1/admin/submissions/{id}")).await.json();
    assert_eq!(detail["status"], "submitted");
}

#[tokio::test]
async fn experts_on_sqlite() {
    let db = TestDb::sqlite();
    suite(&db.url).await;
}

#[tokio::test]
async fn experts_on_postgres_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL run is skipped");
        return;
    };
    suite(&db.url).await;
}
