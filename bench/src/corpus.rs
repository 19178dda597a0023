//! A deterministic corpus of documents for each form: half valid (every rule passes, checked
//! by a test), half invalid (one to three mutations of a valid document: structural ones that
//! the JSON Schema also rejects, and rule-level ones only the rules see).
//!
//! Deterministic: a SplitMix64 generator with a fixed seed, no clock, no environment. The same
//! seed gives the same bytes on every machine, so the native and JS benchmarks validate the
//! same documents.

use aii_rules::shape::{LIST_MAX, Shape, Ty};
use aii_rules::{Date, FormKind};
use serde_json::{Value, json};

/// The seed every benchmark uses.
pub const SEED: u64 = 0x0A11_7E57_2027_0007;
/// Documents per form in the benchmarks (half valid, half invalid).
pub const DOCS_PER_FORM: usize = 1000;
/// The date the benchmarks check with (`Options::today`).
pub const TODAY: &str = "2027-03-01";

/// The day a kind's documents are checked on: [`TODAY`], or for an evaluation a day after its
/// period (2027–2029) is over (Art. 23: 前三年).
pub fn today_for(kind: FormKind) -> &'static str {
    if kind == FormKind::Evaluation { "2030-03-01" } else { TODAY }
}

/// What the generator meant a document to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Every rule passes.
    Valid,
    /// Broken on purpose. `structural`: at least one mutation the JSON Schema can see (wrong
    /// type, unknown field, too long, missing required field, value outside an enumeration, …).
    Invalid { structural: bool, mutations: Vec<&'static str> },
}

#[derive(Clone, Debug)]
pub struct Case {
    pub doc: Value,
    pub intent: Intent,
}

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `n` documents of a form: even indices valid, odd ones invalid.
pub fn generate(kind: FormKind, n: usize, seed: u64) -> Vec<Case> {
    // One stream per form, so adding documents to one form never changes another's.
    let mut rng = Rng::new(seed ^ (kind as u64 + 1).wrapping_mul(0x1000_0000_0001));
    (0..n)
        .map(|i| {
            let doc = valid(kind, &mut rng);
            if i % 2 == 0 { Case { doc, intent: Intent::Valid } } else { mutate(kind, doc, &mut rng) }
        })
        .collect()
}

/// The benchmarks' corpus of a form.
pub fn corpus(kind: FormKind) -> Vec<Case> {
    generate(kind, DOCS_PER_FORM, SEED)
}

fn valid(kind: FormKind, rng: &mut Rng) -> Value {
    match kind {
        FormKind::Application => application(rng),
        FormKind::DirectorAppointment => director_appointment(rng),
        FormKind::DirectionChange => direction_change(rng),
        FormKind::AnnualAssessment => annual_assessment(rng),
        FormKind::Evaluation => evaluation(rng),
        FormKind::TrainingPlan => training_plan(rng),
    }
}

// ---------------------------------------------------------------------------------------------
// pieces

const PHRASES: &[&str] = &[
    "依托智能制造与工业互联网专业群",
    "建设覆盖网络互联、平台运维与安全防护的综合实训中心",
    "面向区域制造企业开展岗位能力培训",
    "年培训规模八百人次以上",
    "联合龙头企业共建生产性实训环境",
    "引入真实产线数据与典型工业场景",
    "推进标识解析与边缘计算实训项目",
    "building an open training platform for industrial networks",
    "形成课程、教材、师资与认证一体化的培养体系",
    "服务中小企业数字化转型人才需求",
    "开展工业数据采集、治理与分析实训",
    "与地方人社部门合作开展职业技能等级认定",
];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"];
const TITLES: &[&str] = &["教授", "副教授", "讲师", "高级工程师", "工程师", "研究员", "副研究员", "高级技师"];
const FIELDS: &[&str] = &["网络互联", "安全防护", "平台运维", "数据治理", "边缘计算", "标识解析", "工业软件", "智能装备"];
const CITIES: &[&str] = &["上海", "苏州", "杭州", "宁波", "合肥", "武汉", "成都", "重庆", "西安", "青岛", "深圳", "广州", "天津", "沈阳"];
const WORDS: &[&str] = &["智造", "数联", "云边", "工网", "数字工厂", "长三角", "智能产线", "安全运营", "平台", "标识", "协同"];
const MAJORS: &[&str] = &["工业互联网技术", "信息安全技术应用", "智能制造工程", "计算机网络技术", "大数据技术", "物联网应用技术"];
const UNIT_KINDS: &[&str] = &["enterprise", "university", "vocational_college", "research_institute"];

/// Text of `lo..=hi` characters.
fn text(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let want = rng.range(lo as i64, hi as i64) as usize;
    let mut s = String::new();
    while s.chars().count() < want {
        s.push_str(*rng.pick(PHRASES));
        s.push('，');
    }
    let mut out: String = s.chars().take(want).collect();
    // No surrounding blanks: the rules trim, JSON Schema does not.
    while out.ends_with(' ') {
        out.pop();
        out.push('。');
    }
    out
}

fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(&["老师", "教授", "工程师", "主任", "博士"]))
}

fn unit_name(rng: &mut Rng, kind: &str) -> String {
    let suffix = match kind {
        "enterprise" => "工业互联网科技有限公司",
        "university" => "工业大学",
        "vocational_college" => "工业职业技术学院",
        _ => "工业互联网研究院",
    };
    format!("{}{}{}{}", rng.pick(CITIES), rng.pick(WORDS), rng.range(1, 999), suffix)
}

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
const AREAS: &[&str] = &["310104", "310115", "320505", "330106", "110108", "440305", "510107", "420111"];

/// A USCC (GB 32100) of a registration category (`91`, `12`, `52`), with a right GB 11714
/// organisation code and check character.
pub fn uscc(rng: &mut Rng, category: &str) -> String {
    let mut s = String::from(category);
    s.push_str(*rng.pick(AREAS));
    let body: Vec<u8> = (0..8).map(|_| b'0' + rng.range(0, 9) as u8).collect();
    let sum: u32 = ORG_WEIGHTS.iter().zip(&body).map(|(w, c)| w * u32::from(c - b'0')).sum();
    let org_check = match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    };
    s.push_str(std::str::from_utf8(&body).unwrap());
    s.push(org_check as char);
    let sum: u32 = s.bytes().zip(USCC_WEIGHTS).map(|(c, w)| w * USCC_ALPHABET.iter().position(|&a| a == c).unwrap() as u32).sum();
    s.push(USCC_ALPHABET[((31 - sum % 31) % 31) as usize] as char);
    s
}

/// A resident ID number (GB 11643) with the birth date embedded and a right check character.
pub fn resident_id(rng: &mut Rng, birth: Date) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let mut s = format!("{}{:04}{:02}{:02}{:03}", rng.pick(AREAS), birth.year(), birth.month(), birth.day(), rng.range(1, 999));
    let sum: u32 = s.bytes().zip(WEIGHTS).map(|(c, w)| w * u32::from(c - b'0')).sum();
    s.push(CHECK[(sum % 11) as usize] as char);
    s
}

fn date(d: Date) -> Value {
    json!(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

fn random_date(rng: &mut Rng, year_lo: i64, year_hi: i64) -> Date {
    let y = rng.range(year_lo, year_hi) as i32;
    let m = rng.range(1, 12) as u8;
    let d = rng.range(1, i64::from(aii_rules::date::days_in_month(y, m))) as u8;
    Date::new(y, m, d).expect("a day within its month")
}

fn phone(rng: &mut Rng) -> String {
    if rng.chance(50) {
        format!("1{}{:09}", rng.range(3, 9), rng.range(0, 999_999_999))
    } else {
        format!("0{}-{:08}", rng.pick(&["21", "10", "512", "571", "755"]), rng.range(20_000_000, 89_999_999))
    }
}

fn directions(rng: &mut Rng, lo: usize, hi: usize) -> Vec<&'static str> {
    let all: Vec<&'static str> = aii_rules::catalog::positions().directions.iter().map(|d| d.code).collect();
    let n = rng.range(lo as i64, hi as i64) as usize;
    let mut out = Vec::new();
    while out.len() < n {
        let c = *rng.pick(&all);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn category_of(kind: &str) -> &'static str {
    if kind == "enterprise" { "91" } else { "12" }
}

fn list(rng: &mut Rng, lo: usize, hi: usize, mut item: impl FnMut(&mut Rng, usize) -> Value) -> Value {
    let n = rng.range(lo as i64, hi as i64) as usize;
    Value::Array((0..n).map(|i| item(rng, i)).collect())
}

// ---------------------------------------------------------------------------------------------
// valid documents

fn application(rng: &mut Rng) -> Value {
    let kind = *rng.pick(UNIT_KINDS);
    let unit_uscc = uscc(rng, category_of(kind));
    let mut seen = vec![unit_uscc.clone()];
    let partners = list(rng, 0, 3, |rng, _| {
        let k = *rng.pick(UNIT_KINDS);
        let mut u = uscc(rng, category_of(k));
        while seen.contains(&u) {
            u = uscc(rng, category_of(k));
        }
        seen.push(u.clone());
        json!({ "name": unit_name(rng, k), "uscc": u, "kind": k })
    });
    let dirs = directions(rng, 1, 3);
    let trainees = rng.range(20, 200);
    // Stations cover the declared places (otherwise art7.3.capacity_unbacked wants a note).
    let lines = rng.range(1, 8);
    let per_line = trainees / lines + 1;
    let equipment: Vec<Value> = (0..lines)
        .map(|i| {
            json!({ "name": format!("{}实训台", rng.pick(FIELDS)), "model": format!("M-{}", rng.range(100, 9999) + i),
                    "quantity": rng.range(1, 50), "stations": per_line + rng.range(0, 10) })
        })
        .collect();
    // Ages spread over more than ten years and at least two fields (art7.4.team_structure).
    let instructors = list(rng, 3, 12, |rng, i| {
        let birth = match i {
            0 => random_date(rng, 1965, 1975),
            1 => random_date(rng, 1988, 1998),
            _ => random_date(rng, 1965, 1998),
        };
        let field = if i < 2 { FIELDS[i] } else { *rng.pick(FIELDS) };
        json!({ "name": person(rng), "birth_date": date(birth), "title": rng.pick(TITLES), "field": field,
                "fixed": i == 0 || rng.chance(50) })
    });
    let first_dir = dirs[0];
    let outputs = list(rng, 1, 4, |rng, i| {
        let (role, direction) = if i == 0 {
            (*rng.pick(&["lead", "deep"]), first_dir)
        } else {
            (*rng.pick(&["lead", "deep", "participant"]), directions(rng, 1, 1)[0])
        };
        json!({ "title": format!("{}岗位能力研究", rng.pick(FIELDS)), "year": rng.range(2018, 2026), "role": role, "direction": direction })
    });
    let short_name: String = {
        let mut s = String::new();
        for _ in 0..rng.range(1, 3) {
            s.push_str(*rng.pick(WORDS));
        }
        s.chars().take(20).collect()
    };
    let majors = if kind == "university" {
        list(rng, 1, 4, |rng, _| json!(rng.pick(MAJORS)))
    } else if rng.chance(50) {
        Value::Null
    } else {
        list(rng, 0, 2, |rng, _| json!(rng.pick(MAJORS)))
    };
    let enterprise_capability = if kind == "enterprise" { json!(text(rng, 50, 400)) } else { Value::Null };
    json!({
        "cycle": 2027,
        "unit": { "name": unit_name(rng, kind), "uscc": unit_uscc, "kind": kind, "kind_note": null,
                  "address": format!("{}市示例路{}号", rng.pick(CITIES), rng.range(1, 999)),
                  "postal_code": format!("{:06}", rng.range(100_000, 859_999)) },
        "partners": partners,
        "contact": { "name": person(rng), "phone": phone(rng), "email": format!("base{}@example.edu.cn", rng.range(1, 99_999)) },
        "base_short_name": short_name,
        "directions": dirs,
        "positioning": text(rng, 50, 800),
        "construction_plan": text(rng, 50, 800),
        "local_demand": text(rng, 50, 600),
        "facilities": { "site_area_m2": rng.range(100, 5000), "simultaneous_trainees": trainees, "equipment": equipment,
                        "annual_funding_cny": rng.range(100_000, 10_000_000), "funding_source": text(rng, 8, 60),
                        "management_rules": list(rng, 1, 6, |rng, i| json!(format!("{}管理制度（第{}号）", rng.pick(FIELDS), i + 1))),
                        "capacity_note": null },
        "lead_teacher": { "name": person(rng), "title": rng.pick(TITLES), "experience": text(rng, 30, 400) },
        "instructors": instructors,
        "team_note": null,
        "research_outputs": outputs,
        "related_majors": majors,
        "enterprise_capability": enterprise_capability,
        "promotion_capability": text(rng, 50, 600),
        "employment_guidance": text(rng, 50, 600),
        "declaration": true,
    })
}

fn director_appointment(rng: &mut Rng) -> Value {
    let start = Date::new(rng.range(2027, 2029) as i32, rng.range(1, 12) as u8, 1).unwrap();
    let end = start.add_years(3).add_days(-1);
    // 35 to 60 in full years on the term's first day (art14.age).
    let birth = start.add_years(-(rng.range(35, 60) as i32)).add_days(rng.range(1, 300));
    let deputy = rng.chance(50);
    let responsible_kind = *rng.pick(UNIT_KINDS);
    let mut recommenders = vec![json!({ "name": unit_name(rng, responsible_kind), "uscc": uscc(rng, category_of(responsible_kind)),
                                        "relation": "responsible" })];
    if deputy {
        for _ in 0..rng.range(1, 2) {
            let k = *rng.pick(UNIT_KINDS);
            recommenders.push(json!({ "name": unit_name(rng, k), "uscc": uscc(rng, category_of(k)), "relation": "partner" }));
        }
    }
    let id_number = if rng.chance(50) { json!(resident_id(rng, birth)) } else { Value::Null };
    json!({
        "base_id": format!("base-{:08x}", rng.next_u64() as u32),
        "role": if deputy { "deputy_director" } else { "director" },
        "appointee": { "name": person(rng), "id_number": id_number, "birth_date": date(birth), "title": rng.pick(TITLES),
                       "employer": unit_name(rng, responsible_kind), "teaching_level": text(rng, 30, 400),
                       "management_ability": text(rng, 30, 400) },
        "recommenders": recommenders,
        "term_start": date(start),
        "term_end": date(end),
        "on_site_months_per_year": rng.range(3, 12),
        "reappointment": rng.chance(30),
        "age_note": null,
        "on_site_note": null,
    })
}

fn direction_change(rng: &mut Rng) -> Value {
    let current = directions(rng, 1, 3);
    let mut requested = directions(rng, 1, 3);
    while sorted(&requested) == sorted(&current) {
        requested = directions(rng, 1, 3);
    }
    json!({
        "base_id": format!("base-{:08x}", rng.next_u64() as u32),
        "current_directions": current,
        "requested_directions": requested,
        "reason": text(rng, 100, 1200),
        "evidence": list(rng, 1, 4, |rng, _| json!(text(rng, 10, 80))),
        "effective_date": date(random_date(rng, 2027, 2029)),
    })
}

fn annual_assessment(rng: &mut Rng) -> Value {
    let enrolled = rng.range(50, 2000);
    let assessed = rng.range(enrolled / 2, enrolled);
    let passed = rng.range(assessed / 2, assessed);
    let instructors = rng.range(5, 40);
    let result = *rng.pick(&["excellent", "good", "pass", "fail"]);
    json!({
        "base_id": format!("base-{:08x}", rng.next_u64() as u32),
        "year": rng.range(2024, 2026),
        "director_report": text(rng, 200, 1500),
        "director_on_site_months": rng.range(3, 12),
        "director_on_site_note": Value::Null,
        "courses_delivered": rng.range(0, 80),
        "trainees_enrolled": enrolled,
        "trainees_assessed": assessed,
        "trainees_passed": passed,
        "instructors": instructors,
        "fixed_instructors": rng.range(0, instructors),
        "equipment_utilisation_pct": rng.range(0, 100),
        "open_activities": rng.range(0, 20),
        "funding_spent_cny": rng.range(0, 5_000_000),
        "result": result,
        "assessing_unit": unit_name(rng, "university"),
        "remediation_plan": if result == "fail" { json!(text(rng, 100, 600)) } else { Value::Null },
        "declaration": true,
    })
}

fn training_plan(rng: &mut Rng) -> Value {
    let courses: Vec<Value> = directions(rng, 1, 3)
        .into_iter()
        .map(|d| json!({ "title": format!("{}实训课程", rng.pick(FIELDS)), "direction": d, "hours": rng.range(8, 200), "trainees_planned": rng.range(10, 500) }))
        .collect();
    json!({
        "base_id": format!("base-{:08x}", rng.next_u64() as u32),
        "year": rng.range(2027, 2028),
        "goals": text(rng, 50, 400),
        "tasks": text(rng, 50, 400),
        "teaching_scheme": text(rng, 100, 800),
        "courses": courses,
    })
}

/// The figures of an evaluation row, consistent (completed ≤ planned, passed ≤ assessed ≤ enrolled).
fn figures(rng: &mut Rng) -> [i64; 7] {
    let (tasks, courses, enrolled) = (rng.range(1, 30), rng.range(1, 60), rng.range(50, 1500));
    let assessed = rng.range(enrolled / 2, enrolled);
    [tasks, rng.range(0, tasks), courses, rng.range(0, courses), enrolled, assessed, rng.range(assessed / 2, assessed)]
}

fn evaluation(rng: &mut Rng) -> Value {
    let from = rng.range(2021, 2024);
    let mut totals = [0i64; 7];
    let years: Vec<Value> = (from..from + 3)
        .map(|year| {
            let f = figures(rng);
            for (t, v) in totals.iter_mut().zip(f) {
                *t += v;
            }
            figures_json(Some(year), &f)
        })
        .collect();
    let exchanges = rng.range(0, 30);
    let start = rng.range(3, 30);
    json!({
        "base_id": format!("base-{:08x}", rng.next_u64() as u32),
        "period": { "from_year": from, "to_year": from + 2 },
        "years": years,
        "totals": figures_json(None, &totals),
        "plan_completion": text(rng, 50, 800),
        "team_building": { "instructors_start": start, "instructors_end": rng.range(start / 2, start * 2), "summary": text(rng, 50, 600) },
        "openness": { "exchanges": exchanges, "international_exchanges": rng.range(0, exchanges), "summary": text(rng, 50, 600) },
        "management": { "equipment_utilisation_pct": rng.range(0, 100), "summary": text(rng, 50, 600) },
        "violations": [],
        "overdue_reason": Value::Null,
        "annual_note": Value::Null,
        "declaration": true,
    })
}

fn figures_json(year: Option<i64>, f: &[i64; 7]) -> Value {
    let mut row = serde_json::Map::new();
    if let Some(y) = year {
        row.insert("year".into(), json!(y));
    }
    for (k, v) in aii_rules::forms::FIGURES.iter().zip(f) {
        row.insert((*k).into(), json!(v));
    }
    Value::Object(row)
}

fn sorted(v: &[&'static str]) -> Vec<&'static str> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v
}

// ---------------------------------------------------------------------------------------------
// invalid documents

/// One to three mutations of a valid document; about half the documents get a structural one.
fn mutate(kind: FormKind, mut doc: Value, rng: &mut Rng) -> Case {
    if rng.chance(1) {
        // Not a form at all.
        return Case { doc: json!([doc]), intent: Intent::Invalid { structural: true, mutations: vec!["not_an_object"] } };
    }
    let mut mutations = Vec::new();
    let mut structural = false;
    let n = rng.range(1, 3);
    let structural_count = (0..n).filter(|_| rng.chance(50)).count() as i64;
    // Rule-level mutations first: one applied later could overwrite a structural one.
    for i in 0..n {
        let (name, s) =
            if i >= n - structural_count { structural_mutation(kind, &mut doc, rng) } else { rule_mutation(kind, &mut doc, rng) };
        mutations.push(name);
        structural |= s;
    }
    Case { doc, intent: Intent::Invalid { structural, mutations } }
}

/// Every leaf present in `doc` with its pointer and shape.
fn leaves<'s>(doc: &Value, shape: &'s Shape, path: &mut String, out: &mut Vec<(String, &'s Ty)>) {
    match (shape, doc) {
        (Shape::Obj(fields), Value::Object(map)) => {
            for field in *fields {
                if let Some(v) = map.get(field.name) {
                    let len = path.len();
                    path.push('/');
                    path.push_str(field.name);
                    leaves(v, &field.shape, path, out);
                    path.truncate(len);
                }
            }
        }
        (Shape::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                leaves(v, item, path, out);
                path.truncate(len);
            }
        }
        (Shape::Leaf(ty), _) => out.push((path.clone(), ty)),
        _ => {}
    }
}

fn objects(doc: &Value, path: &mut String, out: &mut Vec<String>) {
    match doc {
        Value::Object(map) => {
            out.push(path.clone());
            for (k, v) in map {
                let len = path.len();
                path.push('/');
                path.push_str(k);
                objects(v, path, out);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                objects(v, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Sets a value at a pointer whose parent exists (an earlier mutation may have removed the
/// field itself).
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key.into(), value);
        }
        Some(Value::Array(items)) => items[key.parse::<usize>().expect("an index")] = value,
        _ => {}
    }
}

/// The text at a pointer, or a stand-in when an earlier mutation changed it.
fn text_at<'a>(doc: &'a Value, pointer: &str, default: &'a str) -> &'a str {
    doc.pointer(pointer).and_then(Value::as_str).unwrap_or(default)
}

fn date_at(doc: &Value, pointer: &str) -> Date {
    Date::parse(text_at(doc, pointer, "")).unwrap_or(Date::new(2027, 9, 1).unwrap())
}

fn each_item(doc: &mut Value, pointer: &str, f: impl Fn(&mut Value)) {
    if let Some(Value::Array(items)) = doc.pointer_mut(pointer) {
        items.iter_mut().for_each(f);
    }
}

fn required_leaves(kind: FormKind) -> &'static [&'static str] {
    match kind {
        FormKind::Application => {
            &["/cycle", "/unit/name", "/unit/uscc", "/contact/phone", "/positioning", "/facilities/simultaneous_trainees", "/declaration"]
        }
        FormKind::DirectorAppointment => &["/role", "/appointee/birth_date", "/term_start", "/recommenders", "/on_site_months_per_year"],
        FormKind::DirectionChange => &["/requested_directions", "/reason", "/evidence"],
        FormKind::AnnualAssessment => &["/year", "/director_report", "/trainees_passed", "/result", "/declaration"],
        FormKind::Evaluation => &["/period/from_year", "/years", "/totals/trainees_passed", "/plan_completion", "/management/summary"],
        FormKind::TrainingPlan => &["/goals", "/teaching_scheme", "/courses"],
    }
}

/// A mutation JSON Schema can see. Returns its name and `true`.
fn structural_mutation(kind: FormKind, doc: &mut Value, rng: &mut Rng) -> (&'static str, bool) {
    let mut all = Vec::new();
    leaves(doc, kind.shape(), &mut String::new(), &mut all);
    let (ptr, ty) = all[rng.below(all.len())].clone();
    match rng.below(6) {
        0 => {
            // A value of the wrong JSON type.
            let v = match ty {
                Ty::Int => json!(format!("{}", rng.range(1, 99))),
                Ty::Bool => json!("true"),
                _ => json!(rng.range(1, 99)),
            };
            set(doc, &ptr, v);
            ("wrong_type", true)
        }
        1 => {
            // An unknown field in some object of the document (a typo of a real name).
            let mut objs = Vec::new();
            objects(doc, &mut String::new(), &mut objs);
            let at = objs[rng.below(objs.len())].clone();
            let key = format!("{}_", rng.pick(&["name", "uscc", "kind", "note", "title", "year"]));
            if let Some(map) = doc.pointer_mut(&at).and_then(Value::as_object_mut) {
                map.insert(key, json!("x"));
            }
            ("unknown_field", true)
        }
        2 => {
            // Text over its limit.
            let texts: Vec<_> = all.iter().filter(|(_, t)| matches!(t, Ty::Text(_))).collect();
            let (ptr, ty) = texts[rng.below(texts.len())];
            let max = if let Ty::Text(m) = ty { *m as usize } else { unreachable!() };
            set(doc, ptr, json!(text(rng, max + 1, max + 40)));
            ("too_long", true)
        }
        3 => {
            // A required field removed.
            let ptr = *rng.pick(required_leaves(kind));
            let (parent, key) = ptr.rsplit_once('/').unwrap();
            if let Some(map) = doc.pointer_mut(parent).and_then(Value::as_object_mut) {
                map.remove(key);
            }
            ("missing_required", true)
        }
        4 => {
            // A value outside an enumeration, or a date in the wrong format.
            let picks: Vec<_> = all.iter().filter(|(_, t)| matches!(t, Ty::Enum(_) | Ty::Date)).collect();
            if picks.is_empty() {
                // A form without enumerations or dates (the evaluation): a list where a leaf belongs.
                set(doc, &ptr, json!([]));
                return ("wrong_type", true);
            }
            let (ptr, ty) = picks[rng.below(picks.len())];
            let v = if matches!(ty, Ty::Date) { json!("2027/03/01") } else { json!("other") };
            set(doc, ptr, v);
            ("enum_or_date_format", true)
        }
        _ => {
            // A list far over its limit (rare in real input; cheap to reject for anyone).
            let v = match kind {
                FormKind::Application => "/facilities/management_rules",
                FormKind::DirectorAppointment => "/recommenders",
                FormKind::DirectionChange => "/evidence",
                FormKind::Evaluation => "/violations",
                FormKind::TrainingPlan => "/courses",
                FormKind::AnnualAssessment => {
                    // The form has no list: a number written as text instead.
                    set(doc, "/year", json!("2026"));
                    return ("wrong_type", true);
                }
            };
            let item = doc.pointer(v).and_then(|l| l.get(0)).cloned().unwrap_or(json!("x"));
            set(doc, v, Value::Array(vec![item; LIST_MAX + 1]));
            ("list_too_long", true)
        }
    }
}

/// A mutation only the rules see (or that the schema sees only in part). Returns its name and
/// whether the schema must reject it.
fn rule_mutation(kind: FormKind, doc: &mut Value, rng: &mut Rng) -> (&'static str, bool) {
    let bad_check_char = |s: &str| {
        let mut b: Vec<char> = s.chars().collect();
        let last = b.len() - 1;
        b[last] = if b[last] == '1' { '2' } else { '1' };
        b.into_iter().collect::<String>()
    };
    match kind {
        FormKind::Application => match rng.below(8) {
            0 => {
                let u = bad_check_char(text_at(doc, "/unit/uscc", "12310104729436482D"));
                set(doc, "/unit/uscc", json!(u));
                ("uscc_check_char", false)
            }
            1 => {
                set(doc, "/declaration", json!(false));
                ("declaration_false", false)
            }
            2 => {
                let d = doc.pointer("/directions/0").cloned().unwrap_or(json!("network.implementation"));
                set(doc, "/directions", json!([d.clone(), d]));
                ("direction_duplicate", false)
            }
            3 => {
                each_item(doc, "/instructors", |i| i["field"] = json!("网络互联"));
                ("team_one_field_without_note", false)
            }
            4 => {
                each_item(doc, "/facilities/equipment", |e| e["stations"] = json!(0));
                ("stations_below_capacity_without_note", false)
            }
            5 => {
                each_item(doc, "/research_outputs", |r| r["role"] = json!("participant"));
                ("no_led_research_output", false)
            }
            6 => {
                let name = format!("{}实训基地", text_at(doc, "/base_short_name", "智造"));
                set(doc, "/base_short_name", json!(name));
                ("base_name_word", false)
            }
            _ => {
                set(doc, "/facilities/simultaneous_trainees", json!(rng.range(1, 19)));
                ("capacity_below_20", true)
            }
        },
        FormKind::DirectorAppointment => match rng.below(6) {
            0 => {
                let start = date_at(doc, "/term_start");
                set(doc, "/term_end", date(start.add_years(2)));
                ("term_two_years", false)
            }
            1 => {
                let start = date_at(doc, "/term_start");
                let birth = start.add_years(-(rng.range(61, 70) as i32));
                set(doc, "/appointee/birth_date", date(birth));
                set(doc, "/appointee/id_number", Value::Null);
                ("over_60_without_note", false)
            }
            2 => {
                let birth = date_at(doc, "/appointee/birth_date");
                let id = bad_check_char(&resident_id(rng, birth));
                set(doc, "/appointee/id_number", json!(id));
                ("resident_check_char", false)
            }
            3 => {
                let birth = date_at(doc, "/appointee/birth_date");
                let id = resident_id(rng, birth.add_days(1));
                set(doc, "/appointee/id_number", json!(id));
                ("resident_birth_mismatch", false)
            }
            4 => {
                set(doc, "/on_site_months_per_year", json!(rng.range(0, 2)));
                ("on_site_below_3_without_note", false)
            }
            _ => {
                // Art. 14: a deputy too is recommended by the responsible unit (whether a partner
                // joins in is the registry's question, a context rule).
                set(doc, "/role", json!("deputy_director"));
                if let Some(Value::Array(items)) = doc.pointer_mut("/recommenders") {
                    items.retain(|r| r["relation"] != "responsible");
                }
                ("deputy_without_responsible", false)
            }
        },
        FormKind::DirectionChange => match rng.below(4) {
            0 => {
                let cur = doc.pointer("/current_directions").cloned().unwrap_or(json!(["network.implementation"]));
                set(doc, "/requested_directions", cur);
                ("requested_equals_current", false)
            }
            1 => {
                let d = doc.pointer("/requested_directions/0").cloned().unwrap_or(json!("network.implementation"));
                set(doc, "/requested_directions", json!([d.clone(), d]));
                ("requested_duplicate", false)
            }
            2 => {
                set(doc, "/reason", json!(text(rng, 10, 99)));
                ("reason_short", true)
            }
            _ => {
                set(doc, "/evidence", json!([]));
                ("no_evidence", true)
            }
        },
        FormKind::AnnualAssessment => match rng.below(4) {
            0 => {
                let assessed = doc.pointer("/trainees_assessed").and_then(Value::as_i64).unwrap_or(0);
                set(doc, "/trainees_passed", json!(assessed + rng.range(1, 50)));
                ("passed_over_assessed", false)
            }
            1 => {
                set(doc, "/result", json!("fail"));
                set(doc, "/remediation_plan", Value::Null);
                ("fail_without_plan", false)
            }
            2 => {
                set(doc, "/director_on_site_months", json!(rng.range(0, 2)));
                ("director_on_site_below_3_without_note", false)
            }
            _ => {
                set(doc, "/director_report", json!(text(rng, 10, 199)));
                ("report_short", true)
            }
        },
        FormKind::TrainingPlan => match rng.below(3) {
            0 => {
                set(doc, "/courses/0/hours", json!(rng.range(2001, 5000)));
                ("course_hours_over", false)
            }
            1 => {
                set(doc, "/courses", json!([]));
                ("no_course", false)
            }
            _ => {
                set(doc, "/teaching_scheme", json!(text(rng, 10, 99)));
                ("scheme_short", true)
            }
        },
        FormKind::Evaluation => match rng.below(4) {
            0 => {
                let planned = doc.pointer("/years/0/planned_tasks").and_then(Value::as_i64).unwrap_or(0);
                set(doc, "/years/0/completed_tasks", json!(planned + rng.range(1, 5)));
                ("completed_over_planned", false)
            }
            1 => {
                let total = doc.pointer("/totals/trainees_enrolled").and_then(Value::as_i64).unwrap_or(0);
                set(doc, "/totals/trainees_enrolled", json!(total + rng.range(1, 100)));
                ("totals_differ_from_years", false)
            }
            2 => {
                let from = doc.pointer("/period/from_year").and_then(Value::as_i64).unwrap_or(2024);
                set(doc, "/period/to_year", json!(from + 3));
                ("period_four_years", false)
            }
            _ => {
                set(doc, "/plan_completion", json!(text(rng, 5, 49)));
                ("plan_completion_short", true)
            }
        },
    }
}

/// How many units [`application_units`] gives.
pub const UNITS: usize = 500;

/// The spec's valid application (`shared/spec/examples/application.valid.json`) for [`UNITS`]
/// different units, each a valid USCC of the example unit's category: the server benchmark's
/// "many units" runs (`scripts/bench-server.sh`), where each unit's context look-up is its own.
pub fn application_units() -> Vec<Value> {
    let example: Value =
        serde_json::from_str(include_str!("../../shared/spec/examples/application.valid.json")).expect("the example is JSON");
    let usccs = |doc: &Value| -> Vec<String> {
        let partners = doc["partners"].as_array().into_iter().flatten().map(|p| &p["uscc"]);
        std::iter::once(&doc["unit"]["uscc"]).chain(partners).filter_map(Value::as_str).map(String::from).collect()
    };
    let mut seen: std::collections::HashSet<String> = usccs(&example).into_iter().collect();
    let category = usccs(&example)[0][..2].to_owned();
    let mut rng = Rng::new(SEED);
    let mut out = Vec::with_capacity(UNITS);
    while out.len() < UNITS {
        let code = uscc(&mut rng, &category);
        if seen.insert(code.clone()) {
            let mut doc = example.clone();
            doc["unit"]["uscc"] = json!(code);
            out.push(doc);
        }
    }
    out
}

/// A document as compact JSON text (what the JS benchmarks and the text benchmarks read).
pub fn to_text(doc: &Value) -> String {
    serde_json::to_string(doc).expect("a JSON value serialises")
}
