//! Form `application` — 实训基地申请书 (Arts. 4, 7, 9, 12, 18, 24), and its registry.

use alloc::string::String;
use alloc::vec::Vec;

use crate::catalog;
use crate::forms::{Application, OutputRole, UnitKind, Val};
use crate::ids::Uscc;
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};
use crate::rules::common::{self, uscc_messages};
use crate::rules::{Env, Ptr, Rule, Sink, at, cycle};

/// Minimum length of the statements FORMS.md asks to be of substance.
pub const STATEMENT_MIN: usize = 50;
/// Minimum length of the teaching lead's experience.
pub const EXPERIENCE_MIN: usize = 30;
/// Art. 7(3): 满足20位以上学员同时动手操作 ("以上" includes 20).
pub const CAPACITY_MIN: i64 = 20;
/// Art. 7(4): the smallest training team.
pub const TEAM_MIN: usize = 3;
/// Art. 7(2): directions per base.
pub const DIRECTIONS_MAX: usize = 3;

pub static ART4_UNIT_KIND: &RuleMeta = &RuleMeta {
    id: "art4.unit_kind",
    article: art(4, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The responsible unit is an enterprise, university, vocational college or research institute."),
    messages: msgs![(
        "",
        "请选择单位类型：企业、高等学校、职业院校或科研院所",
        "Choose the unit kind: enterprise, university, vocational college or research institute",
    )],
};
pub static ART7_1_LEGAL_PERSON: &RuleMeta = &RuleMeta {
    id: "art7.1.legal_person",
    article: art(7, 1),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The responsible unit has a valid USCC and is an independent legal person (not 92…)."),
    messages: uscc_messages![
        (
            "required",
            "请填写责任单位的统一社会信用代码（组建单位须具有独立法人资格）",
            "Enter the responsible unit's unified social credit code (it must be an independent legal person)"
        ),
        (
            "individual",
            "代码以92开头的个体工商户不具有独立法人资格，不能作为责任单位",
            "A code starting with 92 (individual business) is not an independent legal person and cannot be the responsible unit"
        ),
    ],
};
pub static ART7_1_KIND_MISMATCH: &RuleMeta = &RuleMeta {
    id: "art7.1.kind_mismatch",
    article: art(7, 1),
    severity: Severity::Warning,
    scope: Scope::Local,
    summary: summary("The USCC's registration category does not fit the declared unit kind. Justification: unit.kind_note."),
    messages: msgs![(
        "",
        "统一社会信用代码的登记类别（{category}）与所选单位类型（{kind}）不符",
        "The code's registration category ({category}) does not fit the declared kind ({kind})",
    )],
};
pub static ART7_2_DIRECTION_REQUIRED: &RuleMeta = &RuleMeta {
    id: "art7.2.direction_required",
    article: art(7, 2),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("At least one training direction, at most 3, no duplicates."),
    messages: msgs![
        ("required", "请至少选择一个实训方向", "Choose at least one training direction"),
        ("too_many", "实训方向最多{max}个（当前{actual}个）", "At most {max} training directions (now {actual})"),
        ("duplicate", "实训方向重复", "This direction is chosen twice"),
    ],
};
pub static ART7_2_DIRECTION_CATALOG: &RuleMeta = &RuleMeta {
    id: "art7.2.direction_catalog",
    article: art(7, 2),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Every direction is a code of the position catalog."),
    messages: msgs![("", "该实训方向不在岗位方向目录中", "This direction is not in the position catalog")],
};
pub static ART7_2_POSITIONING: &RuleMeta = &RuleMeta {
    id: "art7.2.positioning",
    article: art(7, 2),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("实训定位 and 建设规划 present and of substance."),
    messages: msgs![
        ("required", "请写明实训定位和建设规划", "Describe the training positioning and the construction plan"),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART7_2_LOCAL_DEMAND: &RuleMeta = &RuleMeta {
    id: "art7.2.local_demand",
    article: art(7, 2),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("所在地产业需求 statement present."),
    messages: msgs![
        ("required", "请说明实训基地所在地的工业互联网产业发展需求", "Describe the industrial-internet needs of the base's locality"),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART7_3_CAPACITY: &RuleMeta = &RuleMeta {
    id: "art7.3.capacity",
    article: art(7, 3),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Simultaneous hands-on places ≥ 20 (以上 includes 20)."),
    messages: msgs![
        (
            "",
            "实训环境须满足{min}位以上学员同时动手操作（当前：{actual}）",
            "The training environment must let at least {min} trainees work hands-on at once (now: {actual})",
        ),
        ("required", "请填写可同时动手操作的学员人数", "Enter how many trainees can work hands-on at once"),
    ],
};
pub static ART7_3_EQUIPMENT: &RuleMeta = &RuleMeta {
    id: "art7.3.equipment",
    article: art(7, 3),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("At least one equipment line; each has a name and quantity ≥ 1."),
    messages: msgs![
        ("required", "请至少列出一项实训设备", "List at least one piece of training equipment"),
        ("name", "请填写设备名称", "Enter the equipment's name"),
        ("quantity", "设备数量至少为1", "The quantity is at least 1"),
    ],
};
pub static ART7_3_CAPACITY_UNBACKED: &RuleMeta = &RuleMeta {
    id: "art7.3.capacity_unbacked",
    article: art(7, 3),
    severity: Severity::Warning,
    scope: Scope::Local,
    summary: summary("Total stations over the equipment lines < declared simultaneous places. Justification: facilities.capacity_note."),
    messages: msgs![(
        "",
        "设备工位合计{stations}个，少于可同时动手操作的学员人数{trainees}",
        "The equipment provides {stations} stations, fewer than the {trainees} trainees declared",
    )],
};
pub static ART7_3_FUNDING: &RuleMeta = &RuleMeta {
    id: "art7.3.funding",
    article: art(7, 3),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Annual construction-and-operation funding > 0 CNY, and a funding source named."),
    messages: msgs![
        ("required", "请填写年度建设运营经费（元）", "Enter the annual construction and operation funding (CNY)"),
        ("positive", "年度建设运营经费须大于0元", "The annual funding must be more than 0 CNY"),
        ("source", "请注明经费来源", "Name the source of the funding"),
    ],
};
pub static ART7_3_MANAGEMENT_RULES: &RuleMeta = &RuleMeta {
    id: "art7.3.management_rules",
    article: art(7, 3),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("At least one management rule document listed (健全的管理制度)."),
    messages: msgs![("", "请至少列出一项管理制度", "List at least one management rule document")],
};
pub static ART7_4_LEAD_TEACHER: &RuleMeta = &RuleMeta {
    id: "art7.4.lead_teacher",
    article: art(7, 4),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A teaching lead with name, title and an account of industrial-internet experience."),
    messages: msgs![
        ("name", "请填写教学带头人姓名", "Enter the teaching lead's name"),
        ("title", "请填写教学带头人职称", "Enter the teaching lead's title"),
        ("required", "请介绍教学带头人的工业互联网工作经历", "Describe the teaching lead's industrial-internet experience"),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART7_4_TEAM_SIZE: &RuleMeta = &RuleMeta {
    id: "art7.4.team_size",
    article: art(7, 4),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("At least 3 instructors in the training team."),
    messages: msgs![(
        "",
        "实训队伍至少需要{min}名实训指导人员（当前{actual}名）",
        "The training team needs at least {min} instructors (now {actual})",
    )],
};
pub static ART7_4_TEAM_STRUCTURE: &RuleMeta = &RuleMeta {
    id: "art7.4.team_structure",
    article: art(7, 4),
    severity: Severity::Warning,
    scope: Scope::Local,
    summary: summary("年龄与知识结构较为合理: all birth dates within 10 years, or all the same field. Justification: team_note."),
    messages: msgs![
        (
            "age",
            "全部实训指导人员的出生日期相差不足10年，年龄结构不够合理",
            "All instructors were born within 10 years of one another: the age structure is narrow",
        ),
        (
            "field",
            "全部实训指导人员的专业领域相同，知识结构不够合理",
            "All instructors give the same field: the knowledge structure is narrow",
        ),
    ],
};
pub static ART18_FIXED_INSTRUCTORS: &RuleMeta = &RuleMeta {
    id: "art18.fixed_instructors",
    article: art(18, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("At least one instructor is fixed (full-time at the base)."),
    messages: msgs![(
        "",
        "实训基地应配备固定实训指导人员：至少一名为固定（专职）人员",
        "The base needs fixed instructors: at least one must be full-time at the base",
    )],
};
/// Art. 7(5): 责任单位应牵头或深度参与形成同实训方向一致的联盟研究成果. An output the unit
/// led or took deep part in, in an applied direction, and already formed (形成): dated no
/// later than the current year; one of a future year does not count (reason `future`, when
/// only such outputs would qualify).
pub static ART7_5_RESEARCH_OUTPUT: &RuleMeta = &RuleMeta {
    id: "art7.5.research_output",
    article: art(7, 5),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "At least one alliance research output the unit led or took deep part in, aligned with an applied direction, and dated no later than the current year.",
    ),
    messages: msgs![
        (
            "required",
            "须至少有一项由本单位牵头或深度参与、且与申请实训方向一致的联盟研究成果",
            "At least one alliance research output the unit led or took deep part in, in one of the applied directions, is required",
        ),
        (
            "future",
            "{current_year}年以后的研究成果尚未形成，不能计入",
            "An output dated after {current_year} is not yet formed and does not count"
        ),
        ("role", "请选择参与方式：牵头、深度参与或参与", "Choose the unit's part: lead, deep participation or participation"),
        ("catalog", "研究成果的方向不在岗位方向目录中", "The output's direction is not in the position catalog"),
    ],
};
pub static ART7_5_UNIVERSITY_MAJOR: &RuleMeta = &RuleMeta {
    id: "art7.5.university_major",
    article: art(7, 5),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A university lists at least one major related to its directions."),
    messages: msgs![(
        "",
        "高等学校类责任单位应列出与实训方向相关的专业",
        "A university must list at least one major related to the training directions",
    )],
};
pub static ART7_5_ENTERPRISE_CAPABILITY: &RuleMeta = &RuleMeta {
    id: "art7.5.enterprise_capability",
    article: art(7, 5),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("An enterprise states its technology and model capability in the directions."),
    messages: msgs![
        (
            "required",
            "企业类责任单位应说明与实训方向一致的技术、模式能力",
            "An enterprise must describe its technology and model capability in the training directions",
        ),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART7_6_PROMOTION: &RuleMeta = &RuleMeta {
    id: "art7.6.promotion",
    article: art(7, 6),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Application-and-promotion capability statement present."),
    messages: msgs![
        ("required", "请说明责任单位对实训基地的应用推广能力", "Describe the unit's capability to apply and promote the base"),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART7_6_EMPLOYMENT: &RuleMeta = &RuleMeta {
    id: "art7.6.employment",
    article: art(7, 6),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Employment-guidance statement present."),
    messages: msgs![
        ("required", "请说明对学员的就业指导能力", "Describe the employment guidance offered to trainees"),
        ("too_short", "内容过于简略：至少{min}个字（当前{actual}个）", "Too brief: at least {min} characters (now {actual})"),
    ],
};
pub static ART12_BASE_NAME: &RuleMeta = &RuleMeta {
    id: "art12.base_name",
    article: art(12, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The base's own name XXXXX: 2–20 characters, without 实训基地, 工业互联网产业联盟 or brackets."),
    messages: msgs![
        ("required", "请填写实训基地自拟名称", "Enter the base's own name"),
        ("length", "自拟名称应为{min}–{max}个字（当前{actual}个）", "The base's own name has {min}–{max} characters (now {actual})"),
        (
            "reserved",
            "自拟名称不必包含“工业互联网产业联盟”或“实训基地”，统一命名时会自动加上",
            "Leave out “工业互联网产业联盟” and “实训基地”: the uniform name adds them",
        ),
        (
            "brackets",
            "自拟名称不应包含括号，责任单位名称会自动加在括号中",
            "Leave out brackets: the responsible unit's name is added in brackets",
        ),
    ],
};
pub static ART9_PARTNER_VALID: &RuleMeta = &RuleMeta {
    id: "art9.partner_valid",
    article: art(9, 0),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Every joint unit has a name, an Art. 4 kind and a valid USCC, and repeats no other unit."),
    messages: uscc_messages![
        ("name", "请填写联合单位名称", "Enter the partner unit's name"),
        (
            "kind",
            "请选择联合单位类型：企业、高等学校、职业院校或科研院所",
            "Choose the partner's kind: enterprise, university, vocational college or research institute"
        ),
        ("required", "请填写联合单位的统一社会信用代码", "Enter the partner's unified social credit code"),
        ("duplicate", "该联合单位与另一联合单位重复", "This partner repeats another partner"),
        ("same_as_unit", "联合单位不能是责任单位本身", "A partner cannot be the responsible unit itself"),
    ],
};
pub static ART9_JOINT_PRIORITY: &RuleMeta = &RuleMeta {
    id: "art9.joint_priority",
    article: art(9, 0),
    severity: Severity::Info,
    scope: Scope::Local,
    summary: summary("A joint application spanning two or more kinds of unit may be recommended with priority."),
    messages: msgs![(
        "",
        "联合申报，涵盖{count}类单位，可优先推荐",
        "A joint application spanning {count} kinds of unit: it may be recommended with priority",
    )],
};
pub static ART24_DECLARATION: &RuleMeta = &RuleMeta {
    id: "art24.declaration",
    article: art(24, 3),
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The applicant confirms the materials are true."),
    messages: msgs![(
        "",
        "请确认所填材料真实、准确（材料严重不实或数据虚假将被认定为不合格）",
        "Confirm that the materials are true and accurate (seriously untrue materials or false data disqualify)",
    )],
};

// ---------------------------------------------------------------------------------------------
// checks

fn required_fields(f: &Application, _: &Env, s: &mut Sink) {
    common::required(s, &f.cycle, "/cycle");
    common::required(s, &f.unit.name, "/unit/name");
    common::required(s, &f.unit.address, "/unit/address");
    common::required(s, &f.unit.postal_code, "/unit/postal_code");
    common::required(s, &f.contact.name, "/contact/name");
    common::required(s, &f.contact.phone, "/contact/phone");
    common::required(s, &f.contact.email, "/contact/email");
    common::required(s, &f.facilities.site_area_m2, "/facilities/site_area_m2");
    if let Some(list) = f.instructors.ok() {
        for (i, ins) in list.iter().enumerate() {
            common::required_at(s, &ins.name, "/instructors", i, "name");
            common::required_at(s, &ins.birth_date, "/instructors", i, "birth_date");
            common::required_at(s, &ins.title, "/instructors", i, "title");
            common::required_at(s, &ins.field, "/instructors", i, "field");
            common::required_at(s, &ins.fixed, "/instructors", i, "fixed");
        }
    }
    if let Some(list) = f.research_outputs.ok() {
        for (i, r) in list.iter().enumerate() {
            common::required_at(s, &r.title, "/research_outputs", i, "title");
            common::required_at(s, &r.year, "/research_outputs", i, "year");
            common::required_at(s, &r.direction, "/research_outputs", i, "direction");
        }
    }
}

fn postal_code(f: &Application, _: &Env, s: &mut Sink) {
    common::postal_code(s, &f.unit.postal_code, "/unit/postal_code");
}
fn phone(f: &Application, _: &Env, s: &mut Sink) {
    common::phone(s, &f.contact.phone, "/contact/phone");
}
fn email(f: &Application, _: &Env, s: &mut Sink) {
    common::email(s, &f.contact.email, "/contact/email");
}

fn unit_kind(f: &Application, _: &Env, s: &mut Sink) {
    if matches!(f.unit.kind, Val::Missing | Val::Invalid) {
        s.error("/unit/kind", Params::new());
    }
}

fn legal_person(f: &Application, _: &Env, s: &mut Sink) {
    let path = "/unit/uscc";
    if f.unit.uscc.is_missing() {
        return s.error_for(path, "required");
    }
    if let Some(u) = common::uscc_or_report(s, &f.unit.uscc, path.into())
        && !u.is_legal_person()
    {
        s.error_for(path, "individual");
    }
}

/// Whether a USCC registration category fits a declared kind of unit.
pub fn category_fits(category: &str, kind: UnitKind) -> bool {
    match kind {
        // 9x: registered with market regulation (91 enterprise, 93 cooperative).
        UnitKind::Enterprise => category.starts_with('9'),
        // Public institutions (12) or private non-enterprise units (52, 民办高校).
        UnitKind::University | UnitKind::VocationalCollege => matches!(category, "12" | "52"),
        // Research institutes are public institutions, private non-enterprise units or companies.
        UnitKind::ResearchInstitute => matches!(category, "12" | "52" | "91"),
    }
}

fn kind_mismatch(f: &Application, _: &Env, s: &mut Sink) {
    if let (Some(u), Some(kind)) = (f.unit.uscc.ok(), f.unit.kind.get())
        && u.is_legal_person()
        && !category_fits(u.category(), kind)
    {
        let params = Params::new().with("category", String::from(u.category())).with("kind", kind.code());
        s.warn("/unit/kind", params, &f.unit.kind_note, "/unit/kind_note");
    }
}

fn direction_required(f: &Application, _: &Env, s: &mut Sink) {
    directions_count(s, &f.directions, "/directions");
}

/// Count and duplicates of a list of direction codes (Art. 7(2), Art. 21).
pub(crate) fn directions_count(s: &mut Sink, list: &Val<Vec<Val<&str>>>, path: &str) {
    match list {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(items) => {
            let present = items.iter().filter(|d| d.is_present()).count();
            if present == 0 {
                s.error_for(path, "required");
            } else if present > DIRECTIONS_MAX {
                s.error(path, Params::new().with("reason", "too_many").with("max", DIRECTIONS_MAX).with("actual", present));
            }
            for (i, d) in items.iter().enumerate() {
                if let Some(code) = d.get()
                    && items.iter().take(i).any(|o| o.get() == Some(code))
                {
                    s.error_for(at(path, i, ""), "duplicate");
                }
            }
        }
        _ => {}
    }
}

fn direction_catalog(f: &Application, _: &Env, s: &mut Sink) {
    if let Some(items) = f.directions.ok() {
        for (i, d) in items.iter().enumerate() {
            if d.get().is_some_and(|c| !catalog::is_direction(c)) {
                s.error(at("/directions", i, ""), Params::new());
            }
        }
    }
}

fn positioning(f: &Application, _: &Env, s: &mut Sink) {
    common::substance(s, &f.positioning, "/positioning", STATEMENT_MIN);
    common::substance(s, &f.construction_plan, "/construction_plan", STATEMENT_MIN);
}

fn local_demand(f: &Application, _: &Env, s: &mut Sink) {
    common::substance(s, &f.local_demand, "/local_demand", STATEMENT_MIN);
}

fn capacity(f: &Application, _: &Env, s: &mut Sink) {
    let path = "/facilities/simultaneous_trainees";
    match f.facilities.simultaneous_trainees {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(n) if n < CAPACITY_MIN => s.error(path, Params::new().with("min", CAPACITY_MIN).with("actual", n)),
        _ => {}
    }
}

fn equipment(f: &Application, _: &Env, s: &mut Sink) {
    let path = "/facilities/equipment";
    match &f.facilities.equipment {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(items) if items.is_empty() => s.error_for(path, "required"),
        Val::Ok(items) => {
            for (i, e) in items.iter().enumerate() {
                if e.name.is_missing() {
                    s.error_for(at(path, i, "name"), "name");
                }
                match e.quantity {
                    Val::Missing => s.error_for(at(path, i, "quantity"), "quantity"),
                    Val::Ok(q) if q < 1 => s.error_for(at(path, i, "quantity"), "quantity"),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn capacity_unbacked(f: &Application, _: &Env, s: &mut Sink) {
    let (Some(trainees), Some(items)) = (f.facilities.simultaneous_trainees.get(), f.facilities.equipment.ok()) else {
        return;
    };
    // Runs once at least one line states its stations: a draft without them gets no warning.
    if !items.iter().any(|e| e.stations.ok().is_some()) {
        return;
    }
    let stations: i64 = items.iter().filter_map(|e| e.stations.get()).map(|n| n.max(0)).fold(0i64, i64::saturating_add);
    if stations < trainees {
        let params = Params::new().with("stations", stations).with("trainees", trainees);
        s.warn("/facilities/simultaneous_trainees", params, &f.facilities.capacity_note, "/facilities/capacity_note");
    }
}

fn funding(f: &Application, _: &Env, s: &mut Sink) {
    let path = "/facilities/annual_funding_cny";
    match f.facilities.annual_funding_cny {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(n) if n <= 0 => s.error_for(path, "positive"),
        _ => {}
    }
    if f.facilities.funding_source.is_missing() {
        s.error_for("/facilities/funding_source", "source");
    }
}

fn management_rules(f: &Application, _: &Env, s: &mut Sink) {
    let listed = match &f.facilities.management_rules {
        Val::Ok(items) => items.iter().any(Val::is_present),
        Val::Missing => false,
        _ => true,
    };
    if !listed {
        s.error("/facilities/management_rules", Params::new());
    }
}

fn lead_teacher(f: &Application, _: &Env, s: &mut Sink) {
    let l = &f.lead_teacher;
    if l.name.is_missing() {
        s.error_for("/lead_teacher/name", "name");
    }
    if l.title.is_missing() {
        s.error_for("/lead_teacher/title", "title");
    }
    common::substance(s, &l.experience, "/lead_teacher/experience", EXPERIENCE_MIN);
}

fn team_size(f: &Application, _: &Env, s: &mut Sink) {
    let n = match &f.instructors {
        Val::Ok(items) => items.len(),
        Val::Missing => 0,
        _ => return,
    };
    if n < TEAM_MIN {
        s.error("/instructors", Params::new().with("min", TEAM_MIN).with("actual", n));
    }
}

fn team_structure(f: &Application, _: &Env, s: &mut Sink) {
    let Some(items) = f.instructors.ok() else {
        return;
    };
    if items.len() < 2 {
        return;
    }
    // Each part runs once every instructor has given what it reads.
    if let Some(first) = items.first().and_then(|i| i.birth_date.get())
        && items.iter().all(|i| i.birth_date.get().is_some())
    {
        let (mut min, mut max) = (first, first);
        for d in items.iter().filter_map(|i| i.birth_date.get()) {
            min = min.min(d);
            max = max.max(d);
        }
        if max < min.add_years(10) {
            s.warn("/instructors", Params::new().with("reason", "age"), &f.team_note, "/team_note");
        }
    }
    if let Some(first) = items.first().and_then(|i| i.field.get())
        && items.iter().all(|i| i.field.get() == Some(first))
    {
        s.warn("/instructors", Params::new().with("reason", "field"), &f.team_note, "/team_note");
    }
}

fn fixed_instructors(f: &Application, _: &Env, s: &mut Sink) {
    let Some(items) = f.instructors.ok() else {
        return;
    };
    if items.is_empty() || items.iter().any(|i| i.fixed.get() == Some(true)) {
        return;
    }
    // Runs once every instructor has said whether they are fixed.
    if items.iter().all(|i| i.fixed.ok().is_some()) {
        s.error("/instructors", Params::new());
    }
}

fn research_output(f: &Application, env: &Env, s: &mut Sink) {
    let path = "/research_outputs";
    let items = match &f.research_outputs {
        Val::Ok(items) => items.as_slice(),
        Val::Missing => &[],
        _ => return,
    };
    let applied = |d: &str| f.directions.ok().is_some_and(|ds| ds.iter().any(|x| x.get() == Some(d)));
    let current_year = i64::from(env.today.year());
    // An aligned output (led or taken deep part in, in an applied direction) counts once formed
    // (形成): not of a future year. One without a readable year is `text.required`'s or the
    // shape's to report, and is not refused twice.
    let (mut aligned, mut counts) = (false, false);
    for (i, r) in items.iter().enumerate() {
        if matches!(r.role, Val::Missing | Val::Invalid) {
            s.error_for(at(path, i, "role"), "role");
        }
        if r.direction.get().is_some_and(|c| !catalog::is_direction(c)) {
            s.error_for(at(path, i, "direction"), "catalog");
        }
        if matches!(r.role.get(), Some(OutputRole::Lead | OutputRole::Deep)) && r.direction.get().is_some_and(applied) {
            aligned = true;
            counts |= r.year.get().is_none_or(|y| y <= current_year);
        }
    }
    if aligned && !counts {
        s.error(path, Params::new().with("reason", "future").with("current_year", current_year));
    } else if !aligned {
        s.error_for(path, "required");
    }
}

fn university_major(f: &Application, _: &Env, s: &mut Sink) {
    if f.unit.kind.get() != Some(UnitKind::University) {
        return;
    }
    let listed = match &f.related_majors {
        Val::Ok(items) => items.iter().any(Val::is_present),
        Val::Missing => false,
        _ => true,
    };
    if !listed {
        s.error("/related_majors", Params::new());
    }
}

fn enterprise_capability(f: &Application, _: &Env, s: &mut Sink) {
    if f.unit.kind.get() == Some(UnitKind::Enterprise) {
        common::substance(s, &f.enterprise_capability, "/enterprise_capability", STATEMENT_MIN);
    }
}

fn promotion(f: &Application, _: &Env, s: &mut Sink) {
    common::substance(s, &f.promotion_capability, "/promotion_capability", STATEMENT_MIN);
}

fn employment(f: &Application, _: &Env, s: &mut Sink) {
    common::substance(s, &f.employment_guidance, "/employment_guidance", STATEMENT_MIN);
}

/// Art. 12 limits of the base's own name.
pub const BASE_NAME_MIN: usize = 2;
pub const BASE_NAME_MAX: usize = 20;
const RESERVED: [&str; 2] = ["实训基地", "工业互联网产业联盟"];
const BRACKETS: &[char] = &['(', ')', '（', '）', '[', ']', '【', '】', '〔', '〕', '{', '}', '《', '》', '<', '>'];

/// The uniform name of Art. 12: 工业互联网产业联盟 + XXXXX + 实训基地（责任单位）.
pub fn full_base_name(short_name: &str, unit_name: &str) -> String {
    let mut s = String::with_capacity(short_name.len() + unit_name.len() + 48);
    s.push_str("工业互联网产业联盟");
    s.push_str(crate::util::trim(short_name));
    s.push_str("实训基地（");
    s.push_str(crate::util::trim(unit_name));
    s.push('）');
    s
}

fn base_name(f: &Application, _: &Env, s: &mut Sink) {
    let path = "/base_short_name";
    let Val::Ok(name) = f.base_short_name else {
        if f.base_short_name.is_missing() {
            s.error_for(path, "required");
        }
        return;
    };
    let n = crate::util::char_count(name);
    if !(BASE_NAME_MIN..=BASE_NAME_MAX).contains(&n) {
        s.error(path, Params::new().with("reason", "length").with("min", BASE_NAME_MIN).with("max", BASE_NAME_MAX).with("actual", n));
    }
    if RESERVED.iter().any(|r| crate::util::contains(name, r)) {
        s.error_for(path, "reserved");
    }
    if name.contains(BRACKETS) {
        s.error_for(path, "brackets");
    }
}

fn partner_valid(f: &Application, _: &Env, s: &mut Sink) {
    let Some(items) = f.partners.ok() else { return };
    let own = f.unit.uscc.ok().map(Uscc::as_str);
    let mut seen: Vec<&str> = Vec::with_capacity(items.len());
    for (i, p) in items.iter().enumerate() {
        if p.name.is_missing() {
            s.error_for(at("/partners", i, "name"), "name");
        }
        if matches!(p.kind, Val::Missing | Val::Invalid) {
            s.error_for(at("/partners", i, "kind"), "kind");
        }
        let path = Ptr::at("/partners", i, "uscc");
        if p.uscc.is_missing() {
            s.error_for(path, "required");
            continue;
        }
        let Some(u) = common::uscc_or_report(s, &p.uscc, path).map(Uscc::as_str) else {
            continue;
        };
        let same = |other: &&str| *other == u;
        if own.as_ref().is_some_and(same) {
            s.error_for(path, "same_as_unit");
        } else if seen.iter().any(same) {
            s.error_for(path, "duplicate");
        }
        seen.push(u);
    }
}

fn partner_legal_person(f: &Application, _: &Env, s: &mut Sink) {
    if let Some(items) = f.partners.ok() {
        for (i, p) in items.iter().enumerate() {
            common::not_legal_person(s, &p.uscc, Ptr::at("/partners", i, "uscc"));
        }
    }
}

fn joint_priority(f: &Application, _: &Env, s: &mut Sink) {
    let Some(items) = f.partners.ok() else { return };
    if items.is_empty() {
        return;
    }
    let mut kinds = [false; 4];
    for k in items.iter().filter_map(|p| p.kind.get()).chain(f.unit.kind.get()) {
        if let Some(seen) = kinds.get_mut(k as usize) {
            *seen = true;
        }
    }
    let count = kinds.iter().filter(|&&k| k).count();
    if count >= 2 {
        s.info("/partners", Params::new().with("count", count));
    }
}

fn declaration(f: &Application, _: &Env, s: &mut Sink) {
    common::declaration(s, &f.declaration);
}

/// The `application` form's rules, with the fields each reads.
/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] = &[
    ART4_UNIT_KIND,
    ART7_1_LEGAL_PERSON,
    ART7_1_KIND_MISMATCH,
    ART7_2_DIRECTION_REQUIRED,
    ART7_2_DIRECTION_CATALOG,
    ART7_2_POSITIONING,
    ART7_2_LOCAL_DEMAND,
    ART7_3_CAPACITY,
    ART7_3_EQUIPMENT,
    ART7_3_CAPACITY_UNBACKED,
    ART7_3_FUNDING,
    ART7_3_MANAGEMENT_RULES,
    ART7_4_LEAD_TEACHER,
    ART7_4_TEAM_SIZE,
    ART7_4_TEAM_STRUCTURE,
    ART18_FIXED_INSTRUCTORS,
    ART7_5_RESEARCH_OUTPUT,
    ART7_5_UNIVERSITY_MAJOR,
    ART7_5_ENTERPRISE_CAPABILITY,
    ART7_6_PROMOTION,
    ART7_6_EMPLOYMENT,
    ART12_BASE_NAME,
    ART9_PARTNER_VALID,
    ART9_JOINT_PRIORITY,
    ART24_DECLARATION,
];

pub static RULES: &[Rule<crate::forms::ApplicationForm>] = &[
    Rule {
        meta: common::TEXT_REQUIRED,
        reads: &[
            "/cycle",
            "/unit/name",
            "/unit/address",
            "/unit/postal_code",
            "/contact/name",
            "/contact/phone",
            "/contact/email",
            "/facilities/site_area_m2",
            "/instructors/*/name",
            "/instructors/*/birth_date",
            "/instructors/*/title",
            "/instructors/*/field",
            "/instructors/*/fixed",
            "/research_outputs/*/title",
            "/research_outputs/*/year",
            "/research_outputs/*/direction",
        ],
        run: required_fields,
    },
    Rule { meta: common::CONTACT_POSTAL_CODE, reads: &["/unit/postal_code"], run: postal_code },
    Rule { meta: common::CONTACT_PHONE, reads: &["/contact/phone"], run: phone },
    Rule { meta: common::CONTACT_EMAIL, reads: &["/contact/email"], run: email },
    Rule { meta: ART4_UNIT_KIND, reads: &["/unit/kind"], run: unit_kind },
    Rule { meta: ART7_1_LEGAL_PERSON, reads: &["/unit/uscc"], run: legal_person },
    Rule { meta: ART7_1_KIND_MISMATCH, reads: &["/unit/uscc", "/unit/kind", "/unit/kind_note"], run: kind_mismatch },
    Rule { meta: ART7_2_DIRECTION_REQUIRED, reads: &["/directions/*"], run: direction_required },
    Rule { meta: ART7_2_DIRECTION_CATALOG, reads: &["/directions/*"], run: direction_catalog },
    Rule { meta: ART7_2_POSITIONING, reads: &["/positioning", "/construction_plan"], run: positioning },
    Rule { meta: ART7_2_LOCAL_DEMAND, reads: &["/local_demand"], run: local_demand },
    Rule { meta: ART7_3_CAPACITY, reads: &["/facilities/simultaneous_trainees"], run: capacity },
    Rule { meta: ART7_3_EQUIPMENT, reads: &["/facilities/equipment/*/name", "/facilities/equipment/*/quantity"], run: equipment },
    Rule {
        meta: ART7_3_CAPACITY_UNBACKED,
        reads: &["/facilities/simultaneous_trainees", "/facilities/equipment/*/stations", "/facilities/capacity_note"],
        run: capacity_unbacked,
    },
    Rule { meta: ART7_3_FUNDING, reads: &["/facilities/annual_funding_cny", "/facilities/funding_source"], run: funding },
    Rule { meta: ART7_3_MANAGEMENT_RULES, reads: &["/facilities/management_rules/*"], run: management_rules },
    Rule {
        meta: ART7_4_LEAD_TEACHER,
        reads: &["/lead_teacher/name", "/lead_teacher/title", "/lead_teacher/experience"],
        run: lead_teacher,
    },
    Rule { meta: ART7_4_TEAM_SIZE, reads: &["/instructors/*"], run: team_size },
    Rule { meta: ART7_4_TEAM_STRUCTURE, reads: &["/instructors/*/birth_date", "/instructors/*/field", "/team_note"], run: team_structure },
    Rule { meta: ART18_FIXED_INSTRUCTORS, reads: &["/instructors/*/fixed"], run: fixed_instructors },
    Rule {
        meta: ART7_5_RESEARCH_OUTPUT,
        reads: &["/research_outputs/*/role", "/research_outputs/*/direction", "/research_outputs/*/year", "/directions/*"],
        run: research_output,
    },
    Rule { meta: ART7_5_UNIVERSITY_MAJOR, reads: &["/unit/kind", "/related_majors/*"], run: university_major },
    Rule { meta: ART7_5_ENTERPRISE_CAPABILITY, reads: &["/unit/kind", "/enterprise_capability"], run: enterprise_capability },
    Rule { meta: ART7_6_PROMOTION, reads: &["/promotion_capability"], run: promotion },
    Rule { meta: ART7_6_EMPLOYMENT, reads: &["/employment_guidance"], run: employment },
    Rule { meta: ART12_BASE_NAME, reads: &["/base_short_name"], run: base_name },
    Rule {
        meta: ART9_PARTNER_VALID,
        reads: &["/partners/*/name", "/partners/*/kind", "/partners/*/uscc", "/unit/uscc"],
        run: partner_valid,
    },
    Rule { meta: common::ID_USCC_NOT_LEGAL_PERSON, reads: &["/partners/*/uscc"], run: partner_legal_person },
    Rule { meta: ART9_JOINT_PRIORITY, reads: &["/partners/*/kind", "/unit/kind"], run: joint_priority },
    Rule { meta: ART24_DECLARATION, reads: &["/declaration"], run: declaration },
];

/// The server's rules (`Scope::Context`): never in the widget's build (`rules::registry`).
pub static SERVER_RULES: &[Rule<crate::forms::ApplicationForm>] = &[
    Rule { meta: cycle::ART8_ONE_PER_CYCLE, reads: &["/unit/uscc", "/cycle"], run: cycle::one_per_cycle },
    Rule { meta: cycle::ART10_SELECTION_WINDOW, reads: &["/cycle"], run: cycle::selection_window },
];

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
        case("art4.unit_kind", A, &[], Pass),
        case("art4.unit_kind", A, &[("/unit/kind", "\"company\"")], Fail(&[("/unit/kind", E)])),
        case("art4.unit_kind", A, &[("/unit/kind", "null")], Fail(&[("/unit/kind", E)])),
        case("art7.1.legal_person", A, &[], Pass),
        case("art7.1.legal_person", A, &[("/unit/uscc", "\" 12310104729436482d \"")], Pass),
        case("art7.1.legal_person", A, &[("/unit/uscc", "\"12310104729436482E\"")], Fail(&[("/unit/uscc", E)])),
        case("art7.1.legal_person", A, &[("/unit/uscc", USCC_92)], Fail(&[("/unit/uscc", E)])),
        case("art7.1.legal_person", A, &[("/unit/uscc", "null")], Fail(&[("/unit/uscc", E)])),
        case("art7.1.kind_mismatch", A, &[], Pass),
        case("art7.1.kind_mismatch", A, &[("/unit/kind", "\"enterprise\"")], Fail(&[("/unit/kind", E)])),
        case(
            "art7.1.kind_mismatch",
            A,
            &[("/unit/kind", "\"enterprise\""), ("/unit/kind_note", "\"事业单位转制企业，登记类别尚未变更\"")],
            Fail(&[("/unit/kind", W)]),
        ),
        case("art7.2.direction_required", A, &[], Pass),
        case("art7.2.direction_required", A, &[("/directions", "[]")], Fail(&[("/directions", E)])),
        case(
            "art7.2.direction_required",
            A,
            &[("/directions", r#"["network.implementation","security.operations","data.operations","platform.rnd"]"#)],
            Fail(&[("/directions", E)]),
        ),
        case("art7.2.direction_required", A, &[("/directions/1", "\"network.implementation\"")], Fail(&[("/directions/1", E)])),
        case("art7.2.direction_catalog", A, &[], Pass),
        case("art7.2.direction_catalog", A, &[("/directions/1", "\"security.hacking\"")], Fail(&[("/directions/1", E)])),
        case("art7.2.positioning", A, &[], Pass),
        case("art7.2.positioning", A, &[("/positioning", "\"太短\"")], Fail(&[("/positioning", E)])),
        case("art7.2.positioning", A, &[("/construction_plan", "null")], Fail(&[("/construction_plan", E)])),
        case("art7.2.local_demand", A, &[], Pass),
        case("art7.2.local_demand", A, &[("/local_demand", "null")], Fail(&[("/local_demand", E)])),
        case("art7.3.capacity", A, &[("/facilities/simultaneous_trainees", "20")], Pass),
        case("art7.3.capacity", A, &[("/facilities/simultaneous_trainees", "19")], Fail(&[("/facilities/simultaneous_trainees", E)])),
        case("art7.3.capacity", A, &[("/facilities/simultaneous_trainees", "null")], Fail(&[("/facilities/simultaneous_trainees", E)])),
        case("art7.3.equipment", A, &[], Pass),
        case("art7.3.equipment", A, &[("/facilities/equipment", "[]")], Fail(&[("/facilities/equipment", E)])),
        case("art7.3.equipment", A, &[("/facilities/equipment/1/quantity", "0")], Fail(&[("/facilities/equipment/1/quantity", E)])),
        case("art7.3.equipment", A, &[("/facilities/equipment/0/name", "\"\"")], Fail(&[("/facilities/equipment/0/name", E)])),
        case("art7.3.capacity_unbacked", A, &[("/facilities/simultaneous_trainees", "90")], Pass),
        case(
            "art7.3.capacity_unbacked",
            A,
            &[("/facilities/simultaneous_trainees", "91")],
            Fail(&[("/facilities/simultaneous_trainees", E)]),
        ),
        case(
            "art7.3.capacity_unbacked",
            A,
            &[("/facilities/simultaneous_trainees", "91"), ("/facilities/capacity_note", "\"另有移动实训箱30套，按批次轮换使用\"")],
            Fail(&[("/facilities/simultaneous_trainees", W)]),
        ),
        case("art7.3.funding", A, &[], Pass),
        case("art7.3.funding", A, &[("/facilities/annual_funding_cny", "0")], Fail(&[("/facilities/annual_funding_cny", E)])),
        case("art7.3.funding", A, &[("/facilities/funding_source", "\" \"")], Fail(&[("/facilities/funding_source", E)])),
        case("art7.3.management_rules", A, &[], Pass),
        case("art7.3.management_rules", A, &[("/facilities/management_rules", "[\"\"]")], Fail(&[("/facilities/management_rules", E)])),
        case("art7.4.lead_teacher", A, &[], Pass),
        case("art7.4.lead_teacher", A, &[("/lead_teacher/experience", "\"十年工业网络经验\"")], Fail(&[("/lead_teacher/experience", E)])),
        case("art7.4.lead_teacher", A, &[("/lead_teacher/title", "null")], Fail(&[("/lead_teacher/title", E)])),
        case("art7.4.team_size", A, &[], Pass),
        case("art7.4.team_size", A, &[("/instructors", TWO_INSTRUCTORS)], Fail(&[("/instructors", E)])),
        case("art7.4.team_structure", A, &[], Pass),
        case(
            "art7.4.team_structure",
            A,
            &[
                ("/instructors/1/birth_date", "\"1980-01-01\""),
                ("/instructors/2/birth_date", "\"1984-06-06\""),
                ("/instructors/0/birth_date", "\"1975-01-02\""),
            ],
            Fail(&[("/instructors", E)]),
        ),
        case(
            "art7.4.team_structure",
            A,
            &[
                ("/instructors/1/field", "\"网络互联\""),
                ("/instructors/2/field", "\"网络互联\""),
                ("/team_note", "\"三人均为网络方向，已引进企业导师补充\""),
            ],
            Fail(&[("/instructors", W)]),
        ),
        case("art18.fixed_instructors", A, &[], Pass),
        case(
            "art18.fixed_instructors",
            A,
            &[("/instructors/0/fixed", "false"), ("/instructors/1/fixed", "false")],
            Fail(&[("/instructors", E)]),
        ),
        case("art7.5.research_output", A, &[], Pass),
        // Dated no later than the current year (2027 on the tests' today): a future output does not count.
        case("art7.5.research_output", A, &[("/research_outputs/0/year", "2027")], Pass),
        case("art7.5.research_output", A, &[("/research_outputs/0/year", "2028")], Fail(&[("/research_outputs", E)])),
        case(
            "art7.5.research_output",
            A,
            &[
                (
                    "/research_outputs/1",
                    r#"{"title":"工业互联网安全运营实训标准","year":2026,"role":"lead","direction":"security.operations"}"#,
                ),
                ("/research_outputs/0/year", "2030"),
            ],
            Pass,
        ),
        case("art7.5.research_output", A, &[("/research_outputs/0/role", "\"participant\"")], Fail(&[("/research_outputs", E)])),
        case("art7.5.research_output", A, &[("/research_outputs/0/direction", "\"network.planning\"")], Fail(&[("/research_outputs", E)])),
        case(
            "art7.5.research_output",
            A,
            &[("/research_outputs/0/role", "\"boss\"")],
            Fail(&[("/research_outputs", E), ("/research_outputs/0/role", E)]),
        ),
        case("art7.5.university_major", A, &[], Pass),
        case("art7.5.university_major", A, &[("/unit/kind", "\"enterprise\""), ("/related_majors", "[]")], Pass),
        case("art7.5.university_major", A, &[("/related_majors", "[]")], Fail(&[("/related_majors", E)])),
        case("art7.5.enterprise_capability", A, &[], Pass),
        case("art7.5.enterprise_capability", A, &[("/unit/kind", "\"enterprise\"")], Fail(&[("/enterprise_capability", E)])),
        case("art7.6.promotion", A, &[], Pass),
        case("art7.6.promotion", A, &[("/promotion_capability", "null")], Fail(&[("/promotion_capability", E)])),
        case("art7.6.employment", A, &[], Pass),
        case("art7.6.employment", A, &[("/employment_guidance", "\"提供就业推荐\"")], Fail(&[("/employment_guidance", E)])),
        case("art12.base_name", A, &[], Pass),
        case("art12.base_name", A, &[("/base_short_name", "\"长三角智造实训基地\"")], Fail(&[("/base_short_name", E)])),
        case("art12.base_name", A, &[("/base_short_name", "\"智\"")], Fail(&[("/base_short_name", E)])),
        case("art12.base_name", A, &[("/base_short_name", "\"长三角（智造）\"")], Fail(&[("/base_short_name", E)])),
        case("art9.partner_valid", A, &[], Pass),
        case("art9.partner_valid", A, &[("/partners/1/uscc", "\"913101153756893422\"")], Fail(&[("/partners/1/uscc", E)])),
        case("art9.partner_valid", A, &[("/partners/0/uscc", "\"12310104729436482D\"")], Fail(&[("/partners/0/uscc", E)])),
        case("art9.partner_valid", A, &[("/partners/0/uscc", "\"913101153756893423\"")], Fail(&[("/partners/0/uscc", E)])),
        case(
            "art9.partner_valid",
            A,
            &[("/partners/0/kind", "\"company\""), ("/partners/1/name", "null")],
            Fail(&[("/partners/0/kind", E), ("/partners/1/name", E)]),
        ),
        case("art9.joint_priority", A, &[("/partners", "[]")], Pass),
        case("art9.joint_priority", A, &[], Fail(&[("/partners", I)])),
        case("art24.declaration", A, &[], Pass),
        case("art24.declaration", A, &[("/declaration", "false")], Fail(&[("/declaration", E)])),
        case("art24.declaration", A, &[("/declaration", "null")], Fail(&[("/declaration", E)])),
        case("art24.declaration", Y, &[("/declaration", "false")], Fail(&[("/declaration", E)])),
        case("art24.declaration", V, &[], Pass),
        case("art24.declaration", V, &[("/declaration", "null")], Fail(&[("/declaration", E)])),
    ];
}
