//! The repository contract: one suite, run against SQLite (always) and PostgreSQL (when
//! `TEST_DATABASE_URL` is set; a fresh database per run, dropped afterwards).

mod common;

use aii_rules::forms::Role;
use aii_rules::{CycleTaken, FormKind};
use aii_server::Repository;
use aii_server::repo::ContextSource;
use aii_server::repo::{
    Backend, BaseIdentity, Conflict, Counts, InsertOutcome, NewBase, NewIdempotency, NewOfficer, NewSubmission, PartnerUnit, Store,
};
use common::TestDb;
mod submissions {
    include!("common/submissions.rs");
}
use submissions::{application, submission};

fn base(id: &str, revoked: bool) -> NewBase {
    NewBase {
        identity: BaseIdentity {
            id: id.into(),
            short_name: "长三角智造".into(),
            full_name: "工业互联网产业联盟长三角智造实训基地（示例工业职业技术大学）".into(),
            responsible_name: "示例工业职业技术大学".into(),
            responsible_uscc: "12310104729436482D".into(),
            directions: vec!["network.implementation".into(), "security.operations".into()],
            partners: vec![PartnerUnit {
                name: "示例工业互联网研究院".into(),
                uscc: "12330106858137286E".into(),
                kind: "research_institute".into(),
            }],
        },
        officers: vec![
            NewOfficer {
                role: "director".into(), name: "刘教授".into(), term_start: "2027-01-01".into(), term_end: "2029-12-31".into()
            },
            NewOfficer {
                role: "deputy_director".into(),
                name: "黄老师".into(),
                term_start: "2027-09-01".into(),
                term_end: "2030-08-31".into(),
            },
        ],
        revoked,
        certified_on: "2026-12-20".into(),
        now_ms: 1_000,
    }
}

fn for_base(id: &str, kind: FormKind, base_id: &str) -> NewSubmission {
    NewSubmission { base_id: Some(base_id.into()), ..submission(id, kind) }
}

fn idempotency(key_hash: &str) -> NewIdempotency {
    NewIdempotency {
        key_hash: key_hash.into(),
        request_hash: "request".into(),
        receipt_salt: "salt".into(),
        status_code: 201,
        answer_head: r#"{"id":"x","receipt":""#.into(),
        answer_tail: r#""}"#.into(),
    }
}

async fn contract<R: Repository + ContextSource>(repo: R) {
    repo.ping().await.expect("ping");
    assert_eq!(repo.counts().await.unwrap(), Counts::default());

    // The registry.
    assert_eq!(repo.base("b1").await.unwrap(), None);
    repo.register_base(&base("b1", false)).await.unwrap();
    repo.register_base(&base("b-revoked", true)).await.unwrap();
    assert!(repo.register_base(&base("b1", false)).await.is_err(), "a base id is unique");
    let b = repo.base("b1").await.unwrap().expect("registered");
    assert_eq!(b.id, "b1");
    assert!(!b.revoked);
    assert_eq!(b.responsible_uscc, "12310104729436482D");
    assert_eq!(b.directions, vec!["network.implementation", "security.operations"]);
    assert_eq!(b.partner_usccs, vec!["12330106858137286E"]);
    assert_eq!(b.officers.len(), 2);
    assert_eq!(b.officers[0].role, Role::Director);
    assert_eq!(b.officers[0].start.to_string(), "2027-01-01");
    assert_eq!(b.officers[1].role, Role::DeputyDirector);
    assert_eq!(b.officers[1].end.to_string(), "2030-08-31");
    assert!(repo.base("b-revoked").await.unwrap().unwrap().revoked);

    // Art. 8: one application per unit per three-year evaluation cycle, held by the database;
    // a base the unit is responsible for, certified in the cycle, holds the cycle too.
    let unit = "91110108551385082Q";
    assert_eq!(repo.unit_cycle(unit, 2026, None).await.unwrap(), CycleTaken::Free);
    assert_eq!(repo.insert_submission(&application("a1", unit, 2027)).await.unwrap(), InsertOutcome::Inserted);
    assert_eq!(repo.unit_cycle(unit, 2026, None).await.unwrap(), CycleTaken::Applied);
    assert_eq!(repo.unit_cycle(unit, 2026, Some("a1")).await.unwrap(), CycleTaken::Free, "a re-check leaves itself out");
    assert_eq!(repo.unit_cycle(unit, 2029, None).await.unwrap(), CycleTaken::Free);
    assert_eq!(repo.unit_cycle("913101153756893422", 2026, None).await.unwrap(), CycleTaken::Free);
    let responsible = "12310104729436482D";
    assert_eq!(repo.unit_cycle(responsible, 2026, None).await.unwrap(), CycleTaken::Certified, "b1, certified 2026-12-20");
    assert_eq!(repo.unit_cycle(responsible, 2029, None).await.unwrap(), CycleTaken::Free);
    let before = repo.counts().await.unwrap();
    assert_eq!(
        repo.insert_submission(&application("a2", unit, 2028)).await.unwrap(),
        InsertOutcome::Conflict(Conflict::OnePerCycle),
        "another selection year of the same cycle"
    );
    assert_eq!(repo.counts().await.unwrap(), before, "nothing written");
    assert_eq!(repo.insert_submission(&application("a3", unit, 2029)).await.unwrap(), InsertOutcome::Inserted, "the next cycle is free");

    // Art. 21: one pending direction change per base; appointments are not limited.
    assert!(!repo.pending_direction_change("b1", None).await.unwrap());
    assert_eq!(repo.insert_submission(&for_base("d1", FormKind::DirectionChange, "b1")).await.unwrap(), InsertOutcome::Inserted);
    assert!(repo.pending_direction_change("b1", None).await.unwrap());
    assert_eq!(
        repo.insert_submission(&for_base("d2", FormKind::DirectionChange, "b1")).await.unwrap(),
        InsertOutcome::Conflict(Conflict::OnePendingDirectionChange)
    );
    for id in ["p1", "p2"] {
        assert_eq!(repo.insert_submission(&for_base(id, FormKind::DirectorAppointment, "b1")).await.unwrap(), InsertOutcome::Inserted);
    }
    // Art. 22: one annual assessment on file per base per year; Art. 23: one live evaluation
    // per period. The lookups the context rules read see them (and leave a re-checked one out).
    let yearly = |id: &str, kind: FormKind, year: i64| NewSubmission { cycle: Some(year), ..for_base(id, kind, "b1") };
    assert!(!repo.annual_filed("b1", 2027, None).await.unwrap());
    assert_eq!(repo.insert_submission(&yearly("y1", FormKind::AnnualAssessment, 2027)).await.unwrap(), InsertOutcome::Inserted);
    assert!(repo.annual_filed("b1", 2027, None).await.unwrap());
    assert!(!repo.annual_filed("b1", 2027, Some("y1")).await.unwrap(), "a re-check leaves the filing itself out");
    assert!(!repo.annual_filed("b-revoked", 2027, None).await.unwrap());
    let before = repo.counts().await.unwrap();
    assert_eq!(
        repo.insert_submission(&yearly("y2", FormKind::AnnualAssessment, 2027)).await.unwrap(),
        InsertOutcome::Conflict(Conflict::OnePerYear)
    );
    assert_eq!(repo.counts().await.unwrap(), before, "nothing written");
    assert_eq!(repo.insert_submission(&yearly("y3", FormKind::AnnualAssessment, 2028)).await.unwrap(), InsertOutcome::Inserted);
    assert_eq!(repo.insert_submission(&yearly("e1", FormKind::Evaluation, 2027)).await.unwrap(), InsertOutcome::Inserted);
    assert_eq!(
        repo.insert_submission(&yearly("e2", FormKind::Evaluation, 2027)).await.unwrap(),
        InsertOutcome::Conflict(Conflict::OneEvaluationPerPeriod)
    );
    let facts = repo.evaluation_facts("b1", None).await.unwrap();
    assert_eq!((facts.evaluated_from_years, facts.annual_years), (vec![2027], vec![2027, 2028]));
    assert_eq!(repo.evaluation_facts("b1", Some("e1")).await.unwrap().evaluated_from_years, Vec::<i64>::new());
    let registry = repo.registry(Some("b1")).await.unwrap();
    assert_eq!(registry.len(), 1);
    assert_eq!(registry[0].certified_on.as_deref(), Some("2026-12-20"));
    assert_eq!(
        registry[0].filings.iter().map(|f| (f.kind.as_str(), f.cycle)).collect::<Vec<_>>(),
        [("evaluation", 2027), ("annual_assessment", 2027), ("annual_assessment", 2028)],
        "by year, then time, then id"
    );
    assert_eq!(registry[0].officers.len(), 2);
    assert_eq!(repo.registry(None).await.unwrap().len(), 2);
    assert!(repo.registry(Some("nope")).await.unwrap().is_empty());
    assert_eq!(b.certified_on.map(|d| d.to_string()).as_deref(), Some("2026-12-20"));

    // A submission about a base that is not registered violates a foreign key: an error,
    // not a rule's conflict.
    assert!(repo.insert_submission(&for_base("p3", FormKind::DirectorAppointment, "nope")).await.is_err());

    // Idempotency: the first answer is kept; a second insert under the key writes nothing.
    assert_eq!(repo.stored_answer("k1").await.unwrap(), None);
    let first = NewSubmission { idempotency: Some(idempotency("k1")), ..application("i1", "913101153756893422", 2027) };
    assert_eq!(repo.insert_submission(&first).await.unwrap(), InsertOutcome::Inserted);
    let stored = repo.stored_answer("k1").await.unwrap().expect("stored");
    assert_eq!(stored.submission_id, "i1");
    assert_eq!(stored.status_code, 201);
    assert_eq!(stored.answer_head, r#"{"id":"x","receipt":""#);
    assert_eq!(stored.answer_tail, r#""}"#);
    assert_eq!(stored.receipt_salt, "salt");
    assert_eq!(stored.request_hash, "request");
    let before = repo.counts().await.unwrap();
    let retry = NewSubmission {
        idempotency: Some(idempotency("k1")),
        receipt_hash: "another-receipt".into(),
        ..application("i2", "913101153756893422", 2027)
    };
    assert_eq!(repo.insert_submission(&retry).await.unwrap(), InsertOutcome::Replay(stored));
    assert_eq!(repo.counts().await.unwrap(), before, "nothing written twice");

    // The applicant's view: by id and receipt hash, with the history.
    let view = repo.submission_view("a1", "receipt-hash-a1").await.unwrap().expect("found");
    assert_eq!(view.kind, "application");
    assert_eq!(view.status, "submitted");
    assert_eq!(view.content_hash, "hash-a1");
    assert_eq!(view.ruleset_version, aii_rules::RULESET_VERSION);
    assert_eq!(view.created_at_ms, 2_000);
    assert_eq!(view.history.len(), 1);
    assert_eq!(view.history[0].status, "submitted");
    assert_eq!(view.history[0].at_ms, 2_000);
    assert_eq!(view.history[0].note, None);
    assert_eq!(repo.submission_view("a1", "receipt-hash-a3").await.unwrap(), None, "another submission's receipt opens nothing");
    assert_eq!(repo.submission_view("zz", "receipt-hash-a1").await.unwrap(), None);

    let counts = repo.counts().await.unwrap();
    assert_eq!(counts, Counts { submissions: 9, events: 9, idempotency_keys: 1, bases: 2 });
}

#[tokio::test]
async fn sqlite_meets_the_contract() {
    let db = TestDb::sqlite();
    let store = Store::connect(&db.url, 4).await.unwrap();
    assert_eq!(store.backend(), "sqlite");
    contract(store.clone()).await;
    store.close().await;
    // Migrations run again on an existing database without harm.
    let again = Store::connect(&db.url, 1).await.unwrap();
    assert_eq!(again.counts().await.unwrap().submissions, 9);
    again.close().await;
}

#[tokio::test]
async fn postgres_meets_the_contract_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: the PostgreSQL contract run is skipped");
        return;
    };
    let store = Store::connect(&db.url, 4).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    contract(store.clone()).await;
    store.close().await;
    let again = Store::connect(&db.url, 1).await.unwrap();
    assert_eq!(again.counts().await.unwrap().submissions, 9);
    again.close().await;
}

#[tokio::test]
async fn sqlite_creates_its_folder_and_uses_wal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nested/deeper/aii.db");
    let store = Store::connect(&format!("sqlite://{}", file.display()), 2).await.unwrap();
    assert!(file.exists());
    let Backend::Sqlite(repo) = store.repo() else { panic!("sqlite") };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(repo.pool()).await.unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(repo.pool()).await.unwrap();
    assert_eq!(fk, 1);
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(repo.pool()).await.unwrap();
    assert!(busy >= 1000);
    store.close().await;
}

#[tokio::test]
async fn unknown_database_urls_are_refused() {
    assert!(Store::connect("mysql://localhost/x", 1).await.is_err());
}

#[tokio::test]
async fn register_base_command_registers_the_example() {
    let db = TestDb::sqlite();
    let cfg = common::config(&db.url);
    let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/base.json");
    let id = aii_server::register_base(&cfg, &file).await.expect("registered");
    let store = Store::connect(&db.url, 1).await.unwrap();
    let base = store.base(&id).await.unwrap().expect("in the registry");
    assert_eq!(base.partner_usccs, vec!["913101153756893422", "12330106858137286E"]);
    assert_eq!(base.officers.len(), 1);
    // A file that is not a base is refused and registers nothing.
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), r#"{"short_name": "x"}"#).unwrap();
    assert!(aii_server::register_base(&cfg, bad.path()).await.is_err());
    assert_eq!(store.counts().await.unwrap().bases, 1);
    store.close().await;
}

/// PostgreSQL answers the context lookups in batches (`pg_lookups.rs`): asked all at once,
/// with repeated and unknown keys, they agree with the one-key queries through the pool, and
/// see a write committed before they were asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_batched_lookups_agree_with_single_queries_when_configured() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipped");
        return;
    };
    let store = Store::connect(&db.url, 4).await.unwrap();
    let Backend::Postgres(pooled) = store.repo() else { panic!("postgres") };
    let pooled = pooled.pool().clone();
    store.register_base(&base("b1", false)).await.unwrap();
    store.register_base(&base("b2", true)).await.unwrap();
    let unit = "12310104729436482D";
    store.insert_submission(&application("a1", unit, 2027)).await.unwrap();
    store.insert_submission(&for_base("d1", FormKind::DirectionChange, "b1")).await.unwrap();
    store.insert_submission(&NewSubmission { cycle: Some(2027), ..for_base("y1", FormKind::AnnualAssessment, "b2") }).await.unwrap();

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..300_i64 {
        let (store, pooled) = (store.clone(), pooled.clone());
        tasks.spawn(async move {
            let base_id = ["b1", "b2", "nope"][(i % 3) as usize];
            let cycle = 2026 + i % 3;
            let uscc = if i % 2 == 0 { unit } else { "913101153756893422" };
            let batched = (
                store.unit_cycle(uscc, aii_rules::evaluation_cycle(2026, cycle).0, None).await.unwrap() != CycleTaken::Free,
                store.base(base_id).await.unwrap(),
                store.pending_direction_change(base_id, None).await.unwrap(),
                store.annual_filed(base_id, cycle, None).await.unwrap(),
            );
            let single = (
                pooled.unit_cycle(uscc, aii_rules::evaluation_cycle(2026, cycle).0, None).await.unwrap() != CycleTaken::Free,
                pooled.base(base_id).await.unwrap(),
                pooled.pending_direction_change(base_id, None).await.unwrap(),
                pooled.annual_filed(base_id, cycle, None).await.unwrap(),
            );
            assert_eq!(batched, single, "lookup {i}");
            batched
        });
    }
    let mut seen = std::collections::HashSet::new();
    while let Some(done) = tasks.join_next().await {
        let (applied, base, pending, filed) = done.unwrap();
        seen.insert((applied, base.is_some(), pending, filed));
    }
    assert!(seen.contains(&(true, true, false, true)) && seen.contains(&(false, true, true, false)), "{seen:?}");
    assert!(seen.iter().any(|(_, found, ..)| !found), "an unknown base is none");

    // A write committed before the lookup is seen by it.
    let other = "913101153756893422";
    assert_eq!(store.unit_cycle(other, 2029, None).await.unwrap(), CycleTaken::Free);
    store.insert_submission(&application("a2", other, 2030)).await.unwrap();
    assert_eq!(store.unit_cycle(other, 2029, None).await.unwrap(), CycleTaken::Applied);
    store.close().await;
}

/// Every write that can change a context look-up's answer is counted (validate's kept answers,
/// `repo/cache.rs`), on SQLite through the writer thread too; reads are not.
#[tokio::test]
async fn the_store_counts_the_writes_that_can_change_a_lookup() {
    let db = TestDb::sqlite();
    let store = Store::connect(&db.url, 2).await.unwrap();
    let count = || store.writes().count();
    let mut before = count();
    let mut grew = |what: &str, now: u64| {
        assert!(now > before, "{what} was not counted");
        before = now;
    };
    store.register_base(&base("b1", false)).await.unwrap();
    grew("register_base", count());
    assert_eq!(store.insert_submission(&for_base("d1", FormKind::DirectionChange, "b1")).await.unwrap(), InsertOutcome::Inserted);
    grew("insert_submission", count());
    let moved = aii_server::repo::Transition {
        id: "d1".into(),
        from: "submitted".into(),
        to: "withdrawn".into(),
        actor: "test".into(),
        note: String::new(),
        public_note: None,
        registry: None,
        now_ms: 1,
    };
    store.transition(&moved).await.unwrap();
    grew("transition", count());
    // Reads leave it alone.
    store.base("b1").await.unwrap();
    store.pending_direction_change("b1", None).await.unwrap();
    assert_eq!(count(), before);
    store.close().await;
}
