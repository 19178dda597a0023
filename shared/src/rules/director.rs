//! Form `director_appointment` — 主任/副主任 (Arts. 14, 15), and its registry.

use crate::context::{BaseLookup, OfficerTerm};
use crate::forms::{DirectorAppointment, DirectorAppointmentForm, Relation, Role, Val};
use crate::ids::Uscc;
use crate::report::Params;
use crate::rule::{Messages, RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::common;
use crate::rules::{Env, Ptr, Rule, Sink, at};

/// Art. 14: 年龄一般不超过60周岁.
pub const AGE_MAX: i32 = 60;
/// Art. 15: 每年在实训基地工作时间一般不少于3个月.
pub const ON_SITE_MIN: i64 = 3;
/// Art. 15: 任期3年.
pub const TERM_YEARS: i32 = 3;
/// FORMS.md: teaching level and management ability statements.
pub const QUALIFICATION_MIN: usize = 30;

pub static ART14_ROLE: &RuleMeta = &RuleMeta {
    id: "art14.role",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The role is director 主任 or deputy_director 副主任."),
    messages: msgs![("", "请选择任职类型：主任或副主任", "Choose the role: director or deputy director")],
};
/// Art. 14: 实训基地主任由责任单位推荐，实训基地副主任由责任单位和联合单位共同推荐. From the
/// form alone: the responsible unit is among the recommenders of a director and of a deputy.
/// Whether a deputy's partner recommender is one of the base's partners needs the registry
/// (`art14.partner_of_base`): a base without registered partners has none to recommend.
pub static ART14_RECOMMENDER: &RuleMeta = &RuleMeta {
    id: "art14.recommender",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "A director is recommended by the responsible unit; a deputy by the responsible unit too (jointly with a partner unit: see art14.partner_of_base).",
    ),
    messages: msgs![
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
};
pub static ART14_AGE: &RuleMeta = &RuleMeta {
    id: "art14.age",
    article: art(14, 0),
    severity: Severity::Warning,
    scope: Scope::Local,
    summary: summary("Age in full years on the term's first day ≤ 60 (一般不超过60周岁). Justification: age_note."),
    messages: msgs![(
        "",
        "任期首日年龄为{age}周岁，超过一般不超过{max}周岁的要求",
        "On the term's first day the appointee is {age}, over the usual limit of {max}",
    )],
};
pub static ART14_QUALIFICATION: &RuleMeta = &RuleMeta {
    id: "art14.qualification",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Statements of teaching level, organisational and management ability present."),
    messages: msgs![
        (
            "required",
            "请说明其教学水平、组织和管理能力",
            "Describe the appointee's teaching level and organisational and management ability",
        ),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART15_TERM: &RuleMeta = &RuleMeta {
    id: "art15.term",
    article: art(15, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The term is 3 years: end = start + 3 years − 1 day (or + 3 years)."),
    messages: msgs![
        ("required", "请填写任期起止日期", "Enter the term's first and last day"),
        ("order", "任期结束日期应晚于开始日期", "The term must end after it starts"),
        ("length", "任期为{years}年：应至{expected}止", "The term is {years} years: it should end on {expected}"),
    ],
};
pub static ART15_ON_SITE: &RuleMeta = &RuleMeta {
    id: "art15.on_site",
    article: art(15, 0),
    severity: Severity::Warning,
    scope: Scope::Local,
    summary: summary("Months a year at the base ≥ 3 (一般不少于3个月), an integer 0–12. Justification: on_site_note."),
    messages: msgs![
        (
            "",
            "每年在实训基地工作{months}个月，少于一般不少于{min}个月的要求",
            "{months} months a year at the base is less than the usual minimum of {min}",
        ),
        ("required", "请填写每年在实训基地工作的月数", "Enter the months a year worked at the base"),
        ("range", "月数应为0至12的整数", "Months are a whole number from 0 to 12"),
    ],
};
pub static ART15_REAPPOINTMENT: &RuleMeta = &RuleMeta {
    id: "art15.reappointment",
    article: art(15, 0),
    severity: Severity::Info,
    scope: Scope::Local,
    summary: summary("A re-appointment (连选连任): allowed without limit, flagged for the council."),
    messages: msgs![("", "连选连任：可连选连任，提请常务理事会审议时注明", "A re-appointment: allowed, noted for the standing council")],
};
/// The messages of every `*.base_exists` rule (Arts. 14, 21, 22): one lookup, one wording.
pub(crate) const BASE_EXISTS_MESSAGES: Messages = msgs![
    ("missing", "未找到该实训基地，请核对基地编号", "No base has this id; check it"),
    ("revoked", "该实训基地的联盟实训基地资格已撤销", "This base's status has been revoked"),
];

pub static ART14_BASE_EXISTS: &RuleMeta = &RuleMeta {
    id: "art14.base_exists",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The base is in the registry and not revoked."),
    messages: BASE_EXISTS_MESSAGES,
};
/// Art. 14: 实训基地主任由责任单位推荐…报常务理事会审议 (one director of a base; Art. 15: 任期3年).
/// At most one director whose term overlaps the new one, counting the base's approved officers
/// and its pending appointments (`Context::pending_appointments`: submitted, not yet decided,
/// the form's own left out; reason `pending`). Also re-checked when an appointment is approved.
pub static ART14_ONE_DIRECTOR: &RuleMeta = &RuleMeta {
    id: "art14.one_director",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "A base has at most one director whose term overlaps the new one, counting approved officers and pending appointments.",
    ),
    messages: msgs![
        ("", "该基地在此任期内已有主任（任期{start}至{end}）", "The base already has a director in this term ({start} to {end})"),
        (
            "pending",
            "该基地已有一项待审议的主任任命，任期（{start}至{end}）与此重叠",
            "A pending director appointment of this base overlaps this term ({start} to {end})",
        ),
    ],
};
/// Art. 14: 实训基地副主任由责任单位和联合单位共同推荐. Every recommender marked `partner` is one of
/// the base's registered partners; a deputy of a base that has registered partners is
/// recommended by at least one of them (reason `deputy`); a base with none: the responsible
/// unit alone suffices.
pub static ART14_PARTNER_OF_BASE: &RuleMeta = &RuleMeta {
    id: "art14.partner_of_base",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "Every recommender marked partner is a registered partner of the base; a deputy of a base with registered partners is recommended by at least one of them.",
    ),
    messages: msgs![
        ("", "该推荐单位不是本基地登记的联合单位", "This recommender is not a registered partner of the base"),
        (
            "deputy",
            "实训基地副主任应由责任单位和联合单位共同推荐：推荐单位中须有本基地登记的联合单位",
            "A deputy director is recommended jointly by the responsible unit and a partner unit: one of the recommenders must be a registered partner of the base",
        ),
    ],
};
/// Art. 14: 实训基地主任由责任单位推荐 (and the deputy jointly by it): the recommender marked
/// `responsible` is the base's registered responsible unit (`BaseRecord::responsible_uscc`).
pub static ART14_RESPONSIBLE_OF_BASE: &RuleMeta = &RuleMeta {
    id: "art14.responsible_of_base",
    article: art(14, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The recommender marked responsible has the USCC of the base's registered responsible unit."),
    messages: msgs![(
        "",
        "该推荐单位不是本基地登记的责任单位（统一社会信用代码不符）",
        "This recommender is not the base's registered responsible unit (the unified social credit code differs)",
    )],
};

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
        // A valid USCC (upper case) against the registry's (upper case, any case tolerated).
        if let Some(u) = r.uscc.ok().map(Uscc::as_str)
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
            && let Some(u) = r.uscc.ok().map(Uscc::as_str)
            && !u.eq_ignore_ascii_case(&base.responsible_uscc)
        {
            s.error(at("/recommenders", i, "uscc"), Params::new());
        }
    }
}

/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] = &[
    ART14_ROLE,
    ART14_RECOMMENDER,
    ART14_AGE,
    ART14_QUALIFICATION,
    ART15_TERM,
    ART15_ON_SITE,
    ART15_REAPPOINTMENT,
    ART14_BASE_EXISTS,
    ART14_ONE_DIRECTOR,
    ART14_PARTNER_OF_BASE,
    ART14_RESPONSIBLE_OF_BASE,
];

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

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
        case("art14.role", D, &[], Pass),
        case("art14.role", D, &[("/role", "\"chair\"")], Fail(&[("/role", E)])),
        case("art14.recommender", D, &[], Pass),
        case("art14.recommender", D, &[("/role", "\"director\""), ("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], Pass),
        // A deputy: the responsible unit too; its partner is the registry's to judge (art14.partner_of_base).
        case("art14.recommender", D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], Pass),
        case("art14.recommender", D, &[("/recommenders", DIRECTOR_ONLY_PARTNER)], Fail(&[("/recommenders", E)])),
        case("art14.recommender", D, &[("/role", "\"director\""), ("/recommenders", DIRECTOR_ONLY_PARTNER)], Fail(&[("/recommenders", E)])),
        case("art14.recommender", D, &[("/recommenders/1/relation", "\"friend\"")], Fail(&[("/recommenders/1/relation", E)])),
        case("art14.recommender", D, &[("/recommenders", "[]")], Fail(&[("/recommenders", E)])),
        // Full years on the term's first day (2027-09-01): 60 is within 一般不超过60周岁, 61 is not.
        case("art14.age", D, &[("/appointee/birth_date", "\"1966-09-02\"")], Pass),
        case("art14.age", D, &[("/appointee/birth_date", "\"1966-09-01\"")], Fail(&[("/appointee/birth_date", E)])),
        case(
            "art14.age",
            D,
            &[("/appointee/birth_date", "\"1960-01-01\""), ("/age_note", "\"国家级教学名师，返聘\"")],
            Fail(&[("/appointee/birth_date", W)]),
        ),
        case("art14.qualification", D, &[], Pass),
        case("art14.qualification", D, &[("/appointee/teaching_level", "\"优秀\"")], Fail(&[("/appointee/teaching_level", E)])),
        case("art14.qualification", D, &[("/appointee/management_ability", "null")], Fail(&[("/appointee/management_ability", E)])),
        case("art15.term", D, &[], Pass),
        case("art15.term", D, &[("/term_end", "\"2030-09-01\"")], Pass),
        case("art15.term", D, &[("/term_start", "\"2028-02-29\""), ("/term_end", "\"2031-02-27\"")], Pass),
        case("art15.term", D, &[("/term_end", "\"2029-08-31\"")], Fail(&[("/term_end", E)])),
        case("art15.term", D, &[("/term_end", "\"2027-08-31\"")], Fail(&[("/term_end", E)])),
        case("art15.term", D, &[("/term_start", "null")], Fail(&[("/term_start", E)])),
        case("art15.on_site", D, &[], Pass),
        case("art15.on_site", D, &[("/on_site_months_per_year", "2")], Fail(&[("/on_site_months_per_year", E)])),
        case(
            "art15.on_site",
            D,
            &[("/on_site_months_per_year", "2"), ("/on_site_note", "\"兼任企业研发负责人，集中授课两个月\"")],
            Fail(&[("/on_site_months_per_year", W)]),
        ),
        case("art15.on_site", D, &[("/on_site_months_per_year", "13")], Fail(&[("/on_site_months_per_year", E)])),
        case("art15.reappointment", D, &[], Pass),
        case("art15.reappointment", D, &[("/reappointment", "true")], Fail(&[("/reappointment", I)])),
        ctx_case("art14.base_exists", D, &[], ctx_base, Pass),
        ctx_case("art14.base_exists", D, &[], ctx_no_base, Fail(&[("/base_id", E)])),
        ctx_case("art14.base_exists", D, &[], ctx_revoked, Fail(&[("/base_id", E)])),
        ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_director_past, Pass),
        ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_director_in_office, Fail(&[("/term_start", E)])),
        ctx_case("art14.one_director", D, &[], ctx_director_in_office, Pass),
        // Pending appointments count as approved officers do.
        ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_pending_director, Fail(&[("/term_start", E)])),
        ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_pending_director_past, Pass),
        ctx_case("art14.one_director", D, &[("/role", "\"director\"")], ctx_pending_deputy, Pass),
        ctx_case("art14.one_director", D, &[], ctx_pending_director, Pass),
        ctx_case("art14.partner_of_base", D, &[], ctx_base, Pass),
        ctx_case(
            "art14.partner_of_base",
            D,
            &[("/recommenders/1/uscc", "\"91310115778899002R\"")],
            ctx_base,
            Fail(&[("/recommenders/1/uscc", E)]),
        ),
        ctx_case("art14.partner_of_base", D, &[("/recommenders/1/uscc", "\"12330106858137286e\"")], ctx_base, Pass),
        // A deputy of a base with registered partners: one of them among the recommenders.
        ctx_case("art14.partner_of_base", D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], ctx_base, Fail(&[("/recommenders", E)])),
        // A base without registered partners: the responsible unit alone suffices.
        ctx_case("art14.partner_of_base", D, &[("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], ctx_base_without_partners, Pass),
        ctx_case("art14.partner_of_base", D, &[("/role", "\"director\""), ("/recommenders", DIRECTOR_ONLY_RESPONSIBLE)], ctx_base, Pass),
        ctx_case("art14.responsible_of_base", D, &[], ctx_base, Pass),
        ctx_case("art14.responsible_of_base", D, &[("/recommenders/0/uscc", "\" 12310104729436482d \"")], ctx_base, Pass),
        ctx_case(
            "art14.responsible_of_base",
            D,
            &[("/recommenders/0/uscc", "\"913101153756893422\"")],
            ctx_base,
            Fail(&[("/recommenders/0/uscc", E)]),
        ),
        ctx_case("art14.responsible_of_base", D, &[], ctx_other_responsible, Fail(&[("/recommenders/0/uscc", E)])),
        // A responsible recommender whose code is not valid is `id.uscc`'s alone.
        ctx_case("art14.responsible_of_base", D, &[("/recommenders/0/uscc", "\"12310104729436482E\"")], ctx_base, Pass),
    ];
}
