//! The app's per-keystroke path natively, for profiling (`perf record`, BENCHMARKS.md): a valid
//! application, then N deterministic changes over its leaf fields (numbers change, boxes flip,
//! text grows a character a change up to 40), each one `set_pointer` + `check_field` +
//! `merge_into`, as `app/src/form.rs` and `bench/keystroke` do. Prints the mean per change.
//!
//! `cargo run --release -p aii-rules --example keystroke -- shared/spec/examples/application.valid.json [N]`
use aii_rules::{Date, FormKind, Locale, Options, Value, check, check_field, json};
use std::time::Instant;

fn leaves(v: &Value, path: &mut String, out: &mut Vec<(String, u8)>) {
    match v {
        Value::Object(e) => {
            for (k, c) in e {
                let l = path.len();
                path.push('/');
                path.push_str(k);
                leaves(c, path, out);
                path.truncate(l);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let l = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                leaves(c, path, out);
                path.truncate(l);
            }
        }
        Value::Int(_) => out.push((path.clone(), b'n')),
        Value::Bool(_) => out.push((path.clone(), b'b')),
        Value::Str(_) => out.push((path.clone(), b's')),
        _ => {}
    }
}

fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let mut doc = json::parse(&text, 32).unwrap();
    let opts = Options { locale: Locale::Zh, today: Date::parse("2027-03-01").unwrap() };
    let mut report = check(FormKind::Application, &doc, &opts, None);
    let mut fields = Vec::new();
    leaves(&doc, &mut String::new(), &mut fields);
    let mut seed: u64 = 7;
    let mut rand = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut state: std::collections::HashMap<String, String> = Default::default();
    let n: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(200000);
    let mut changes = Vec::new();
    for _ in 0..n {
        let (p, t) = &fields[(rand() % fields.len() as u64) as usize];
        let v = match t {
            b'n' => Value::Int((rand() % 300) as i64),
            b'b' => Value::Bool(rand() % 2 == 0),
            _ => {
                let s = state.entry(p.clone()).or_default();
                if s.chars().count() >= 40 {
                    s.clear()
                } else {
                    s.push(['a', '中', '1', ' ', 'x'][(rand() % 5) as usize])
                }
                Value::Str(s.clone())
            }
        };
        changes.push((p.clone(), v));
    }
    let t0 = Instant::now();
    let mut sink = 0;
    let mut total_issues = 0;
    let (mut tc, mut tm) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for (p, v) in changes {
        doc.set_pointer(&p, v);
        let a = Instant::now();
        let f = check_field(FormKind::Application, &doc, &p, &opts, None);
        let b = Instant::now();
        f.merge_owned(&mut report);
        let c = Instant::now();
        tc += b - a;
        tm += c - b;
        sink += report.issues.len();
        total_issues += report.issues.len();
    }
    let dt = t0.elapsed();
    println!("check_field {:.2} µs, merge {:.2} µs", tc.as_secs_f64() * 1e6 / n as f64, tm.as_secs_f64() * 1e6 / n as f64);
    println!(
        "{} fields, {:.2} µs/change, mean issues {:.1} ({sink})",
        fields.len(),
        dt.as_secs_f64() * 1e6 / n as f64,
        total_issues as f64 / n as f64
    );
}
