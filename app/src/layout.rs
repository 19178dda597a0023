//! How each form is laid out: sections, fields, labels in both languages and the kind of
//! input. Field keys are relative to their parent (the form, a group or a list item), so the
//! JSON Pointer of a field is built while rendering. A test proves every field of every form's
//! shape (FORMS.md) is laid out, except the justification notes, which open next to the warning
//! that asks for them.

use aii_rules::FormKind;

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct L {
    pub zh: &'static str,
    pub en: &'static str,
}

pub const fn l(zh: &'static str, en: &'static str) -> L {
    L { zh, en }
}

#[derive(Debug)]
pub enum Input {
    Text,
    /// A multi-line statement.
    Long,
    /// A whole number (text box with numeric keyboard).
    Int,
    Date,
    /// 是 / 否, with nothing chosen at first.
    YesNo,
    /// A single confirmation checkbox (the declaration).
    Confirm,
    Choice(&'static [(&'static str, L)]),
    /// Several catalogue directions, picked by category.
    Directions,
    /// One catalogue direction.
    Direction,
    /// A list of short texts.
    Texts,
    /// A nested object.
    Group(&'static [FieldDef]),
    /// A list of objects; the label names one item.
    Items(&'static [FieldDef], L),
}

#[derive(Debug)]
pub struct FieldDef {
    pub key: &'static str,
    pub label: L,
    pub hint: Option<L>,
    pub input: Input,
}

const fn fd(key: &'static str, label: L, input: Input) -> FieldDef {
    FieldDef { key, label, hint: None, input }
}
const fn fh(key: &'static str, label: L, hint: L, input: Input) -> FieldDef {
    FieldDef { key, label, hint: Some(hint), input }
}

#[derive(Debug)]
pub struct Section {
    pub id: &'static str,
    pub title: L,
    pub fields: &'static [FieldDef],
}

#[derive(Debug)]
pub struct FormDef {
    pub kind: FormKind,
    pub title: L,
    pub intro: L,
    pub sections: &'static [Section],
}

pub const UNIT_KINDS: &[(&str, L)] = &[
    ("enterprise", l("企业", "Enterprise")),
    ("university", l("高等学校", "University")),
    ("vocational_college", l("职业院校", "Vocational college")),
    ("research_institute", l("科研院所", "Research institute")),
];
const ROLES: &[(&str, L)] = &[("director", l("主任", "Director")), ("deputy_director", l("副主任", "Deputy director"))];
const RELATIONS: &[(&str, L)] = &[("responsible", l("责任单位", "Responsible unit")), ("partner", l("联合单位", "Partner unit"))];
const OUTPUT_ROLES: &[(&str, L)] =
    &[("lead", l("牵头", "Led")), ("deep", l("深度参与", "Deep participation")), ("participant", l("参与", "Participation"))];

const NAME: L = l("名称", "Name");
const USCC: L = l("统一社会信用代码", "Unified social credit code");
const USCC_HINT: L = l("18位，字母大写；不使用 I、O、S、V、Z", "18 characters; capitals; never I, O, S, V or Z");
const MIN50: L = l("至少50字", "At least 50 characters");

const UNIT: &[FieldDef] = &[
    fd("name", l("单位名称", "Unit name"), Input::Text),
    fh("uscc", USCC, USCC_HINT, Input::Text),
    fh("kind", l("单位类型", "Kind of unit"), l("第四条：优势企业、高等学校、职业院校、科研院所", "Art. 4"), Input::Choice(UNIT_KINDS)),
    fd("address", l("通讯地址", "Address"), Input::Text),
    fd("postal_code", l("邮政编码", "Postal code"), Input::Text),
];
const PARTNER: &[FieldDef] = &[
    fd("name", NAME, Input::Text),
    fh("uscc", USCC, USCC_HINT, Input::Text),
    fd("kind", l("单位类型", "Kind of unit"), Input::Choice(UNIT_KINDS)),
];
const CONTACT: &[FieldDef] = &[
    fd("name", l("联系人", "Contact person"), Input::Text),
    fh("phone", l("联系电话", "Phone"), l("手机或带区号的固定电话", "Mobile, or landline with area code"), Input::Text),
    fd("email", l("电子邮箱", "E-mail"), Input::Text),
];
const EQUIPMENT: &[FieldDef] = &[
    fd("name", l("设备名称", "Equipment"), Input::Text),
    fd("model", l("型号", "Model"), Input::Text),
    fd("quantity", l("数量", "Quantity"), Input::Int),
    fh("stations", l("工位数", "Stations"), l("可供学员同时操作的工位", "Places for trainees working at once"), Input::Int),
];
const FACILITIES: &[FieldDef] = &[
    fd("site_area_m2", l("实训场地面积（平方米）", "Training site area (m²)"), Input::Int),
    fh(
        "simultaneous_trainees",
        l("可同时动手操作的学员人数", "Trainees working hands-on at once"),
        l("第七条（三）：20位以上", "Art. 7(3): 20 or more"),
        Input::Int,
    ),
    fd("equipment", l("实训设备", "Training equipment"), Input::Items(EQUIPMENT, l("设备", "equipment line"))),
    fd("annual_funding_cny", l("年度建设运营经费（元）", "Annual construction and operation funding (CNY)"), Input::Int),
    fd("funding_source", l("经费来源", "Source of funding"), Input::Text),
    fd("management_rules", l("管理制度", "Management rules"), Input::Texts),
];
const LEAD: &[FieldDef] = &[
    fd("name", l("姓名", "Name"), Input::Text),
    fd("title", l("职称", "Title"), Input::Text),
    fh("experience", l("工业互联网工作经历", "Industrial-internet experience"), l("至少30字", "At least 30 characters"), Input::Long),
];
const INSTRUCTOR: &[FieldDef] = &[
    fd("name", l("姓名", "Name"), Input::Text),
    fd("birth_date", l("出生日期", "Date of birth"), Input::Date),
    fd("title", l("职称", "Title"), Input::Text),
    fd("field", l("专业领域", "Field"), Input::Text),
    fh("fixed", l("固定（专职）人员", "Fixed (full-time) instructor"), l("第十八条：应配备固定实训指导人员", "Art. 18"), Input::YesNo),
];
const OUTPUT: &[FieldDef] = &[
    fd("title", l("成果名称", "Title"), Input::Text),
    fd("year", l("年份", "Year"), Input::Int),
    fd("role", l("参与方式", "The unit's part"), Input::Choice(OUTPUT_ROLES)),
    fd("direction", l("对应方向", "Direction"), Input::Direction),
];

pub static APPLICATION: FormDef = FormDef {
    kind: FormKind::Application,
    title: l("实训基地申请书", "Training base application"),
    intro: l(
        "《工业互联网产业联盟实训基地管理办法（试行）》第七条至第十二条。填写时即时检查，草稿自动保存在本浏览器中。",
        "Arts. 7–12 of the Measures. Checked as you type; the draft is saved in this browser.",
    ),
    sections: &[
        Section {
            id: "unit",
            title: l("责任单位", "Responsible unit"),
            fields: &[
                fh(
                    "cycle",
                    l("申报年度（评估周期）", "Cycle (year of selection)"),
                    l("联盟每年集中遴选一次", "One selection a year"),
                    Input::Int,
                ),
                fd("unit", l("责任单位", "Responsible unit"), Input::Group(UNIT)),
            ],
        },
        Section {
            id: "partners",
            title: l("联合单位", "Partner units"),
            fields: &[fh(
                "partners",
                l("联合单位", "Partner units"),
                l(
                    "第九条：优势企业、高等学校、职业院校、科研院所联合申报可优先推荐",
                    "Art. 9: joint applications may be recommended with priority",
                ),
                Input::Items(PARTNER, l("联合单位", "partner")),
            )],
        },
        Section {
            id: "contact", title: l("联系人", "Contact"), fields: &[fd("contact", l("联系人", "Contact"), Input::Group(CONTACT))]
        },
        Section {
            id: "name",
            title: l("基地名称与实训方向", "Name and directions"),
            fields: &[
                fh(
                    "base_short_name",
                    l("实训基地自拟名称", "The base's own name"),
                    l("2–20字，如“长三角智造”", "2–20 characters"),
                    Input::Text,
                ),
                fh(
                    "directions",
                    l("实训方向（1–3个）", "Training directions (1–3)"),
                    l("岗位方向目录", "From the position catalog"),
                    Input::Directions,
                ),
            ],
        },
        Section {
            id: "plan",
            title: l("定位与规划", "Positioning and plan"),
            fields: &[
                fh("positioning", l("实训定位", "Training positioning"), MIN50, Input::Long),
                fh("construction_plan", l("建设规划", "Construction plan"), MIN50, Input::Long),
                fh("local_demand", l("所在地产业发展需求", "Needs of the locality's industry"), MIN50, Input::Long),
            ],
        },
        Section {
            id: "facilities",
            title: l("场地、设备与经费", "Site, equipment and funding"),
            fields: &[fd("facilities", l("场地、设备与经费", "Site, equipment and funding"), Input::Group(FACILITIES))],
        },
        Section {
            id: "team",
            title: l("实训队伍", "Training team"),
            fields: &[
                fd("lead_teacher", l("教学带头人", "Teaching lead"), Input::Group(LEAD)),
                fh(
                    "instructors",
                    l("实训指导人员", "Instructors"),
                    l("至少3名", "At least 3"),
                    Input::Items(INSTRUCTOR, l("指导人员", "instructor")),
                ),
            ],
        },
        Section {
            id: "capability",
            title: l("研究成果与能力", "Research and capability"),
            fields: &[
                fh(
                    "research_outputs",
                    l("联盟研究成果", "Alliance research outputs"),
                    l("第七条（五）：牵头或深度参与，与实训方向一致", "Art. 7(5): led or deeply involved, in an applied direction"),
                    Input::Items(OUTPUT, l("研究成果", "output")),
                ),
                fh(
                    "related_majors",
                    l("相关专业（高等学校）", "Related majors (universities)"),
                    l("高等学校须填写", "Required of universities"),
                    Input::Texts,
                ),
                fh(
                    "enterprise_capability",
                    l("技术与模式能力（企业）", "Technology and model capability (enterprises)"),
                    MIN50,
                    Input::Long,
                ),
                fh("promotion_capability", l("应用推广能力", "Application and promotion capability"), MIN50, Input::Long),
                fh("employment_guidance", l("就业指导能力", "Employment guidance"), MIN50, Input::Long),
            ],
        },
        Section {
            id: "declaration",
            title: l("声明", "Declaration"),
            fields: &[fd(
                "declaration",
                l("本单位承诺所填材料真实、准确。", "We confirm that these materials are true and accurate."),
                Input::Confirm,
            )],
        },
    ],
};

const APPOINTEE: &[FieldDef] = &[
    fd("name", l("姓名", "Name"), Input::Text),
    fh("id_number", l("居民身份证号码（选填）", "Resident ID number (optional)"), l("18位", "18 characters"), Input::Text),
    fd("birth_date", l("出生日期", "Date of birth"), Input::Date),
    fd("title", l("职称", "Title"), Input::Text),
    fd("employer", l("工作单位", "Employer"), Input::Text),
    fh("teaching_level", l("教学水平", "Teaching level"), l("至少30字", "At least 30 characters"), Input::Long),
    fh(
        "management_ability",
        l("组织和管理能力", "Organisational and management ability"),
        l("至少30字", "At least 30 characters"),
        Input::Long,
    ),
];
const RECOMMENDER: &[FieldDef] = &[
    fd("name", l("推荐单位名称", "Recommending unit"), Input::Text),
    fh("uscc", USCC, USCC_HINT, Input::Text),
    fd("relation", l("推荐单位类型", "Relation"), Input::Choice(RELATIONS)),
];

pub static DIRECTOR_APPOINTMENT: FormDef = FormDef {
    kind: FormKind::DirectorAppointment,
    title: l("实训基地主任、副主任推荐", "Director or deputy director appointment"),
    intro: l(
        "第十四条、第十五条：主任由责任单位推荐，副主任由责任单位和联合单位共同推荐；任期3年。",
        "Arts. 14–15: the director is recommended by the responsible unit, a deputy jointly with a partner; terms are 3 years.",
    ),
    sections: &[
        Section {
            id: "base",
            title: l("基地与职务", "Base and role"),
            fields: &[
                fh(
                    "base_id",
                    l("实训基地编号", "Base id"),
                    l("授牌时联盟发给的基地编号", "The id the alliance gave at certification"),
                    Input::Text,
                ),
                fd("role", l("职务", "Role"), Input::Choice(ROLES)),
                fh("reappointment", l("是否连选连任", "Re-appointment"), l("第十五条：可连选连任", "Art. 15: allowed"), Input::YesNo),
            ],
        },
        Section {
            id: "appointee",
            title: l("人选", "Appointee"),
            fields: &[fd("appointee", l("人选", "Appointee"), Input::Group(APPOINTEE))],
        },
        Section {
            id: "recommenders",
            title: l("推荐单位", "Recommenders"),
            fields: &[fd("recommenders", l("推荐单位", "Recommending units"), Input::Items(RECOMMENDER, l("推荐单位", "recommender")))],
        },
        Section {
            id: "term",
            title: l("任期与在岗时间", "Term and time on site"),
            fields: &[
                fd("term_start", l("任期开始", "Term starts"), Input::Date),
                fh("term_end", l("任期结束", "Term ends"), l("任期3年", "A term is 3 years"), Input::Date),
                fh(
                    "on_site_months_per_year",
                    l("每年在基地工作月数", "Months a year at the base"),
                    l("第十五条：一般不少于3个月", "Art. 15: as a rule at least 3"),
                    Input::Int,
                ),
            ],
        },
    ],
};

pub static DIRECTION_CHANGE: FormDef = FormDef {
    kind: FormKind::DirectionChange,
    title: l("实训方向变更申请书", "Direction change request"),
    intro: l(
        "第二十一条：确因实训基地发展需要变更实训方向的，向联盟提交变更申请，经专家答辩评审、公示和常务理事会审议后正式变更。",
        "Art. 21: a base may ask to change its directions when its development needs it.",
    ),
    sections: &[
        Section {
            id: "base",
            title: l("基地", "Base"),
            fields: &[
                fh(
                    "base_id",
                    l("实训基地编号", "Base id"),
                    l("授牌时联盟发给的基地编号", "The id the alliance gave at certification"),
                    Input::Text,
                ),
                fd("current_directions", l("当前实训方向", "Current directions"), Input::Directions),
            ],
        },
        Section {
            id: "change",
            title: l("变更内容", "The change"),
            fields: &[
                fd("requested_directions", l("变更后的实训方向（1–3个）", "Requested directions (1–3)"), Input::Directions),
                fh("reason", l("变更原因", "Reason"), l("至少100字：确因实训基地发展需要", "At least 100 characters"), Input::Long),
                fd("evidence", l("支撑材料", "Supporting items"), Input::Texts),
                fd("effective_date", l("拟变更日期", "Effective date"), Input::Date),
            ],
        },
    ],
};

pub fn form(kind: FormKind) -> &'static FormDef {
    match kind {
        FormKind::Application => &APPLICATION,
        FormKind::DirectorAppointment => &DIRECTOR_APPOINTMENT,
        FormKind::DirectionChange => &DIRECTION_CHANGE,
    }
}

/// Justification notes: shown next to the warning that asks for them, not as fields.
pub const NOTES: &[&str] = &["/unit/kind_note", "/facilities/capacity_note", "/team_note", "/age_note", "/on_site_note"];

/// Every field pattern a layout covers (`*` for list indices), in order.
pub fn patterns(def: &FormDef) -> Vec<String> {
    fn walk(fields: &[FieldDef], base: &str, out: &mut Vec<String>) {
        for f in fields {
            let ptr = format!("{base}/{}", f.key);
            match &f.input {
                Input::Group(inner) => walk(inner, &ptr, out),
                Input::Items(inner, _) => walk(inner, &format!("{ptr}/*"), out),
                Input::Directions | Input::Texts => out.push(format!("{ptr}/*")),
                _ => out.push(ptr),
            }
        }
    }
    let mut out = Vec::new();
    for s in def.sections {
        walk(s.fields, "", &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_every_form_is_laid_out() {
        for kind in FormKind::ALL {
            let laid_out = patterns(form(kind));
            for leaf in aii_rules::shape::leaf_patterns(kind.shape()) {
                if NOTES.contains(&leaf.as_str()) {
                    continue;
                }
                assert!(laid_out.contains(&leaf), "{}: {leaf} has no place in the form", kind.name());
            }
            for p in &laid_out {
                assert!(aii_rules::shape::leaf_patterns(kind.shape()).contains(p), "{}: {p} is not a field", kind.name());
            }
        }
    }

    #[test]
    fn every_note_is_a_field() {
        let all: Vec<String> = FormKind::ALL.iter().flat_map(|k| aii_rules::shape::leaf_patterns(k.shape())).collect();
        for n in NOTES {
            assert!(all.iter().any(|p| p == n), "{n}");
        }
    }
}
