//! Whole-form check and one-field re-check, native. Numbers go in BENCHMARKS.md.
//! Run: `cargo bench -p aii-rules --bench check`

use aii_rules::{Date, FormKind, Locale, Options, Value, check, check_field};
use criterion::{Criterion, black_box, criterion_group, criterion_main};

fn example(kind: FormKind) -> Value {
    let text = match kind {
        FormKind::Application => include_str!("../spec/examples/application.valid.json"),
        FormKind::DirectorAppointment => include_str!("../spec/examples/director_appointment.valid.json"),
        FormKind::DirectionChange => include_str!("../spec/examples/direction_change.valid.json"),
        FormKind::AnnualAssessment => include_str!("../spec/examples/annual_assessment.valid.json"),
        FormKind::TrainingPlan => include_str!("../spec/examples/training_plan.valid.json"),
        FormKind::Evaluation => include_str!("../spec/examples/evaluation.valid.json"),
    };
    serde_json::from_str(text).unwrap()
}

fn benches(c: &mut Criterion) {
    let opts = Options { locale: Locale::Zh, today: Date::parse("2027-03-01").unwrap() };
    let app = example(FormKind::Application);
    let text = include_str!("../spec/examples/application.valid.json");
    let mut invalid = app.clone();
    invalid.set_pointer("/facilities/simultaneous_trainees", Value::Int(12));
    invalid.set_pointer("/unit/uscc", Value::Str("12310104729436482E".into()));
    invalid.set_pointer("/declaration", Value::Bool(false));

    c.bench_function("application/parse_json", |b| b.iter(|| serde_json::from_str::<Value>(black_box(text)).unwrap()));
    c.bench_function("application/check_valid", |b| b.iter(|| check(FormKind::Application, black_box(&app), &opts, None)));
    c.bench_function("application/check_invalid", |b| b.iter(|| check(FormKind::Application, black_box(&invalid), &opts, None)));
    c.bench_function("application/check_field_capacity", |b| {
        b.iter(|| check_field(FormKind::Application, black_box(&invalid), "/facilities/simultaneous_trainees", &opts, None))
    });
    c.bench_function("application/check_field_unit_name", |b| {
        b.iter(|| check_field(FormKind::Application, black_box(&app), "/unit/name", &opts, None))
    });
    let da = example(FormKind::DirectorAppointment);
    c.bench_function("director_appointment/check_valid", |b| b.iter(|| check(FormKind::DirectorAppointment, black_box(&da), &opts, None)));
    let dc = example(FormKind::DirectionChange);
    c.bench_function("direction_change/check_valid", |b| b.iter(|| check(FormKind::DirectionChange, black_box(&dc), &opts, None)));
}

criterion_group!(name = check_benches; config = Criterion::default().sample_size(50); targets = benches);
criterion_main!(check_benches);
