//! Form `director_appointment` — 主任/副主任 (Arts. 14, 15), and its registry.

use crate::context::{BaseLookup, OfficerTerm};
use crate::forms::{DirectorAppointment, DirectorAppointmentForm, Relation, Role, Val};
use crate::report::Params;
use crate::rule::{Messages, RuleMeta, Scope, Severity, msgs};
use crate::rules::article_meta as meta;
use crate::rules::common;
use crate::rules::{Env, Ptr, Rule, Sink, at};

const E: Severity = Severity::Error;
const L: Scope = Scope::Local;
const C: Scope = Scope::Context;

/// Art. 14: 年龄一般不超过60周岁.
pub const AGE_MAX: i32 = 60;
/// Art. 15: 每年在实训基地工作时间一般不少于3个月.
pub const ON_SITE_MIN: i64 = 3;
/// Art. 15: 任期3年.
pub const TERM_YEARS: i32 = 3;
/// FORMS.md: teaching level and management ability statements.
pub const QUALIFICATION_MIN: usize = 30;

pub static ART14_ROLE: &RuleMeta = &meta(
    "art14.role",
    E,
    L,
    14,
    "The role is director 主任 or deputy_director 副主任.",
    msgs![("", "请选择任职类型：主任或副主任", "Choose the role: director or deputy director")],
);
/// Art. 14: 实训基地主任由责任单位推荐，实训基地副主任由责任单位和联合单位共同推荐. From the
/// form alone: the responsible unit is among the recommenders of a director and of a deputy.
/// Whether a deputy's partner recommender is one of the base's partners needs the registry
/// (`art14.partner_of_base`): a base without registered partners has none to recommend.
pub static ART14_RECOMMENDER: &RuleMeta = &meta(
    "art14.recommender",
    E,
    L,
    14,
    "A director is recommended by the responsible unit; a deputy by the responsible unit too (jointly with a partner unit: see art14.partner_of_base).",
    msgs![
        ("required", "请填写推荐单位", "Enter the recommending units"),
        ("name", "请填写推荐单位名称", "Enter the recommending unit's name"),
        ("uscc", "请填写推荐单位的统一社会信用代码", "Enter the recommending unit's unified social credit code"),
        ("relation", "请选择推荐单位类型：责任单位或联合单位", "Choose the recommender's relation: responsible unit or partner unit"),
        ("director", "实训基地主任应由责任单位推荐", "A director is recommended by the responsible unit"),
        (
            "deputy",
            "实训基地副主任应由责任单位和联合单位共同推荐",
            "A deputy director is recommended jointly by the responsible unit and partner units"
        ),
    ],
);
pub static ART14_AGE: &RuleMeta = &meta(
    "art14.age",
    Severity::Warning,
    L,
    14,
    "Age in full years on the term's first day ≤ 60 (一般不超过60周岁). Justification: age_note.",
    msgs![(
        "",
        "任期首日年龄为{age}周岁，超过一般不超过{max}周岁的要求",
        "On the term's first day the appointee is {age}, over the usual limit of {max}",
    )],
);
pub static ART14_QUALIFICATION: &RuleMeta = &meta(
    "art14.qualification",
    E,
    L,
    14,
    "Statements of teaching level, organisational and management ability present.",
    msgs![
        (
            "required",
            "请说明其教学水平、组织和管理能力",
            "Describe the appointee's teaching level and organisational and management ability",
        ),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
);
pub static ART15_TERM: &RuleMeta = &meta(
    "art15.term",
    E,
    L,
    15,
    "The term is 3 years: end = start + 3 years − 1 day (or + 3 years).",
    msgs![
        ("required", "请填写任期起止日期", "Enter the term's first and last day"),
        ("order", "任期结束日期应晚于开始日期", "The term must end after it starts"),
        ("length", "任期为{years}年：应至{expected}止", "The term is {years} years: it should end on {expected}"),
    ],
);
pub static ART15_ON_SITE: &RuleMeta = &meta(
    "art15.on_site",
    Severity::Warning,
    L,
    15,
    "Months a year at the base ≥ 3 (一般不少于3个月), an integer 0–12. Justification: on_site_note.",
    msgs![
        (
            "",
            "每年在实训基地工作{months}个月，少于一般不少于{min}个月的要求",
            "{months} months a year at the base is less than the usual minimum of {min}",
        ),
        ("required", "请填写每年在实训基地工作的月数", "Enter the months a year worked at the base"),
        ("range", "月数应为0至12的整数", "Months are a whole number from 0 to 12"),
    ],
);
pub static ART15_REAPPOINTMENT: &RuleMeta = &meta(
    "art15.reappointment",
    Severity::Info,
    L,
    15,
    "A re-appointment (连选连任): allowed without limit, flagged for the council.",
    msgs![("", "连选连任：可连选连任，提请常务理事会审议时注明", "A re-appointment: allowed, noted for the standing council")],
);
/// The messages of every `*.base_exists` rule (Arts. 14, 21, 22): one lookup, one wording.
pub(crate) const BASE_EXISTS_MESSAGES: Messages = msgs![
    ("missing", "未找到该实训基地，请核对基地编号", "No base has this id; check it"),
    ("revoked", "该实训基地的联盟实训基地资格已撤销", "This base's status has been revoked"),
];

pub static ART14_BASE_EXISTS: &RuleMeta =
    &meta("art14.base_exists", E, C, 14, "The base is in the registry and not revoked.", BASE_EXISTS_MESSAGES);
/// Art. 14: 实训基地主任由责任单位推荐…报常务理事会审议 (one director of a base; Art. 15: 任期3年).
/// At most one director whose term overlaps the new one, counting the base's approved officers
/// and its pending appointments (`Context::pending_appointments`: submitted, not yet decided,
/// the form's own left out; reason `pending`). Also re-checked when an appointment is approved.
pub static ART14_ONE_DIRECTOR: &RuleMeta = &meta(
    "art14.one_director",
    E,
    C,
    14,
    "A base has at most one director whose term overlaps the new one, counting approved officers and pending appointments.",
    msgs![
        ("", "该基地在此任期内已有主任（任期{start}至{end}）", "The base already has a director in this term ({start} to {end})"),
        (
            "pending",
            "该基地已有一项待审议的主任任命，任期（{start}至{end}）与此重叠",
            "A pending director appointment of this base overlaps this term ({start} to {end})",
        ),
    ],
);
/// Art. 14: 实训基地副主任由责任单位和联合单位共同推荐. Every recommender marked `partner` is one of
/// the base's registered partners; a deputy of a base that has registered partners is
/// recommended by at least one of them (reason `deputy`); a base with none: the responsible
/// unit alone suffices.
pub static ART14_PARTNER_OF_BASE: &RuleMeta = &meta(
    "art14.partner_of_base",
    E,
    C,
    14,
    "Every recommender marked partner is a registered partner of the base; a deputy of a base with registered partners is recommended by at least one of them.",
    msgs![
        ("", "该推荐单位不是本基地登记的联合单位", "This recommender is not a registered partner of the base"),
        (
            "deputy",
            "实训基地副主任应由责任单位和联合单位共同推荐：推荐单位中须有本基地登记的联合单位",
            "A deputy director is recommended jointly by the responsible unit and a partner unit: one of the recommenders must be a registered partner of the base",
        ),
    ],
);
/// Art. 14: 实训基地主任由责任单位推荐 (and the deputy jointly by it): the recommender marked
/// `responsible` is the base's registered responsible unit (`BaseRecord::responsible_uscc`).
pub static ART14_RESPONSIBLE_OF_BASE: &RuleMeta = &meta(
    "art14.responsible_of_base",
    E,
    C,
    14,
    "The recommender marked responsible has the USCC of the base's registered responsible unit.",
    msgs![(
        "",
        "该推荐单位不是本基地登记的责任单位（统一社会信用代码不符）",
        "This recommender is not the base's registered responsible unit (the unified social credit code differs)",
    )],
);

fn required_fields(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    common::required(s, &f.base_id, "/base_id");
    common::required(s, &f.appointee.name, "/appointee/name");
    common::required(s, &f.appointee.birth_date, "/appointee/birth_date");
    common::required(s, &f.appointee.title, "/appointee/title");
    common::required(s, &f.appointee.employer, "/appointee/employer");
    common::required(s, &f.reappointment, "/reappointment");
}

fn resident(f: &DirectorAppointment, env: &Env, s: &mut Sink) {
    common::resident(s, &f.appointee.id_number, "/appointee/id_number", env.today);
}

fn birth_mismatch(f: &DirectorAppointment, env: &Env, s: &mut Sink) {
    common::birth_mismatch(s, &f.appointee.id_number, "/appointee/id_number", &f.appointee.birth_date, env.today);
}

fn recommender_uscc(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    if let Some(items) = f.recommenders.ok() {
        for (i, r) in items.iter().enumerate() {
            common::uscc_or_report(s, &r.uscc, Ptr::at("/recommenders", i, "uscc"));
        }
    }
}

fn recommender_legal_person(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    if let Some(items) = f.recommenders.ok() {
        for (i, r) in items.iter().enumerate() {
            common::not_legal_person(s, &r.uscc, Ptr::at("/recommenders", i, "uscc"));
        }
    }
}

fn role(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    if matches!(f.role, Val::Missing | Val::Invalid) {
        s.error("/role", Params::new());
    }
}

fn recommender(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    let items = match &f.recommenders {
        Val::Ok(items) if !items.is_empty() => items,
        Val::Ok(_) | Val::Missing => {
            return s.error_for("/recommenders", "required");
        }
        _ => return,
    };
    for (i, r) in items.iter().enumerate() {
        if r.name.is_missing() {
            s.error_for(at("/recommenders", i, "name"), "name");
        }
        if r.uscc.is_missing() {
            s.error_for(at("/recommenders", i, "uscc"), "uscc");
        }
        if matches!(r.relation, Val::Missing | Val::Invalid) {
            s.error_for(at("/recommenders", i, "relation"), "relation");
        }
    }
    // The joint-recommendation part runs once the role and every relation are known.
    let Some(role) = f.role.get() else { return };
    if items.iter().any(|r| r.relation.get().is_none()) {
        return;
    }
    // The responsible unit recommends either; a deputy's partner is the registry's to judge
    // (`art14.partner_of_base`).
    if !items.iter().any(|r| r.relation.get() == Some(Relation::Responsible)) {
        s.error_for("/recommenders", if role == Role::Director { "director" } else { "deputy" });
    }
}

fn age(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    if let (Some(birth), Some(start)) = (f.appointee.birth_date.get(), f.term_start.get()) {
        let age = birth.age_on(start);
        if age > AGE_MAX {
            s.warn("/appointee/birth_date", Params::new().with("age", age).with("max", AGE_MAX), &f.age_note, "/age_note");
        }
    }
}

fn qualification(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    common::substance(s, &f.appointee.teaching_level, "/appointee/teaching_level", QUALIFICATION_MIN);
    common::substance(s, &f.appointee.management_ability, "/appointee/management_ability", QUALIFICATION_MIN);
}

fn term(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    if f.term_start.is_missing() {
        s.error_for("/term_start", "required");
    }
    if f.term_end.is_missing() {
        s.error_for("/term_end", "required");
    }
    let (Some(start), Some(end)) = (f.term_start.get(), f.term_end.get()) else {
        return;
    };
    let full = start.add_years(TERM_YEARS);
    let expected = full.add_days(-1);
    if end <= start {
        s.error_for("/term_end", "order");
    } else if end != expected && end != full {
        s.error("/term_end", Params::new().with("reason", "length").with("years", TERM_YEARS).with("expected", expected.to_text()));
    }
}

fn on_site(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    let path = "/on_site_months_per_year";
    match f.on_site_months_per_year {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(m) if !(0..=12).contains(&m) => s.error_for(path, "range"),
        Val::Ok(m) if m < ON_SITE_MIN => {
            s.warn(path, Params::new().with("months", m).with("min", ON_SITE_MIN), &f.on_site_note, "/on_site_note")
        }
        _ => {}
    }
}

fn reappointment(f: &DirectorAppointment, _: &Env, s: &mut Sink) {
    if f.reappointment.get() == Some(true) {
        s.info("/reappointment", Params::new());
    }
}

/// The registered base, when the server looked it up and found it.
fn found<'c>(env: &Env<'c>) -> Option<&'c crate::context::BaseRecord> {
    match env.context?.base.as_ref()? {
        BaseLookup::Found(b) => Some(b),
        BaseLookup::NotFound => None,
    }
}

/// `art14.base_exists`, `art21.base_exists`, `art22.base_exists`.
pub(crate) fn base_exists(env: &Env, s: &mut Sink) {
    match env.context.and_then(|c| c.base.as_ref()) {
        Some(BaseLookup::NotFound) => s.error_for("/base_id", "missing"),
        Some(BaseLookup::Found(b)) if b.revoked => s.error_for("/base_id", "revoked"),
        _ => {}
    }
}

fn base_exists_rule(_: &DirectorAppointment, env: &Env, s: &mut Sink) {
    base_exists(env, s);
}

fn one_director(f: &DirectorAppointment, env: &Env, s: &mut Sink) {
    let Some(ctx) = env.context else { return };
    let (Some(Role::Director), Some(start), Some(end)) = (f.role.get(), f.term_start.get(), f.term_end.get()) else {
        return;
    };
    let overlaps = |t: &&OfficerTerm| t.role == Role::Director && t.start <= end && start <= t.end;
    let term = |t: &OfficerTerm| Params::new().with("start", t.start.to_text()).with("end", t.end.to_text());
    if let Some(t) = found(env).and_then(|base| base.officers.iter().find(overlaps)) {
        s.error("/term_start", term(t));
    } else if let Some(t) = ctx.pending_appointments.as_deref().and_then(|pending| pending.iter().find(overlaps)) {
        s.error("/term_start", term(t).with("reason", "pending"));
    }
}

fn partner_of_base(f: &DirectorAppointment, env: &Env, s: &mut Sink) {
    let Some(base) = found(env) else { return };
    let Some(items) = f.recommenders.ok() else {
        return;
    };
    let partners = || items.iter().enumerate().filter(|(_, r)| r.relation.get() == Some(Relation::Partner));
    for (i, r) in partners() {
        // A valid USCC (any case) against the registry's (upper case).
        if let Some(u) = common::verified(&r.uscc)
            && !base.partner_usccs.iter().any(|p| u.eq_ignore_ascii_case(p))
        {
            s.error(at("/recommenders", i, "uscc"), Params::new());
        }
    }
    // A deputy of a base with registered partners: one of them among the recommenders. Judged
    // once every relation is known; a partner recommender already refused above (or whose
    // USCC is not valid: `id.uscc`) is not refused twice.
    if f.role.get() == Some(Role::DeputyDirector)
        && !base.partner_usccs.is_empty()
        && items.iter().all(|r| r.relation.get().is_some())
        && partners().next().is_none()
    {
        s.error_for("/recommenders", "deputy");
    }
}

fn responsible_of_base(f: &DirectorAppointment, env: &Env, s: &mut Sink) {
    let Some(base) = found(env) else { return };
    let Some(items) = f.recommenders.ok() else {
        return;
    };
    for (i, r) in items.iter().enumerate() {
        if r.relation.get() == Some(Relation::Responsible)
            && let Some(u) = common::verified(&r.uscc)
            && !u.eq_ignore_ascii_case(&base.responsible_uscc)
        {
            s.error(at("/recommenders", i, "uscc"), Params::new());
        }
    }
}

pub static RULES: &[Rule<DirectorAppointmentForm>] = &[
    Rule {
        meta: common::TEXT_REQUIRED,
        reads: &["/base_id", "/appointee/name", "/appointee/birth_date", "/appointee/title", "/appointee/employer", "/reappointment"],
        run: required_fields,
    },
    Rule { meta: common::ID_RESIDENT, reads: &["/appointee/id_number"], run: resident },
    Rule { meta: common::ID_RESIDENT_BIRTH_MISMATCH, reads: &["/appointee/id_number", "/appointee/birth_date"], run: birth_mismatch },
    Rule { meta: common::ID_USCC, reads: &["/recommenders/*/uscc"], run: recommender_uscc },
    Rule { meta: common::ID_USCC_NOT_LEGAL_PERSON, reads: &["/recommenders/*/uscc"], run: recommender_legal_person },
    Rule { meta: ART14_ROLE, reads: &["/role"], run: role },
    Rule {
        meta: ART14_RECOMMENDER,
        reads: &["/role", "/recommenders/*/name", "/recommenders/*/uscc", "/recommenders/*/relation"],
        run: recommender,
    },
    Rule { meta: ART14_AGE, reads: &["/appointee/birth_date", "/term_start", "/age_note"], run: age },
    Rule { meta: ART14_QUALIFICATION, reads: &["/appointee/teaching_level", "/appointee/management_ability"], run: qualification },
    Rule { meta: ART15_TERM, reads: &["/term_start", "/term_end"], run: term },
    Rule { meta: ART15_ON_SITE, reads: &["/on_site_months_per_year", "/on_site_note"], run: on_site },
    Rule { meta: ART15_REAPPOINTMENT, reads: &["/reappointment"], run: reappointment },
];

/// The server's rules (`Scope::Context`): never in the widget's build (`rules::registry`).
pub static SERVER_RULES: &[Rule<DirectorAppointmentForm>] = &[
    Rule { meta: ART14_BASE_EXISTS, reads: &["/base_id"], run: base_exists_rule },
    Rule { meta: ART14_ONE_DIRECTOR, reads: &["/base_id", "/role", "/term_start", "/term_end"], run: one_director },
    Rule {
        meta: ART14_PARTNER_OF_BASE,
        reads: &["/base_id", "/role", "/recommenders/*/uscc", "/recommenders/*/relation"],
        run: partner_of_base,
    },
    Rule {
        meta: ART14_RESPONSIBLE_OF_BASE,
        reads: &["/base_id", "/recommenders/*/uscc", "/recommenders/*/relation"],
        run: responsible_of_base,
    },
];
