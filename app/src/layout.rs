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
    /// A certified base's id, searched in the public registry by any part of its name.
    Base,
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
    /// A justification a context rule (server only) asks for at this very field: shown when
    /// an issue is there or it has text, otherwise out of the way.
    Note,
    /// Year-by-year figures as a table: a list of rows (`columns`, the first being the year)
    /// and, under it, the computed totals (the object `totals`, one member per figure).
    YearTable {
        columns: &'static [FieldDef],
        totals: &'static str,
    },
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
                    l("申报年度（遴选年度）", "Selection year"),
                    l(
                        "联盟每年集中遴选一次；一个评估周期为三年，一个责任单位在一个评估周期内仅可申请一个实训基地",
                        "One selection a year; an evaluation cycle is three years, and a unit may apply for one base per cycle",
                    ),
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
                BASE_ID,
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
            fields: &[BASE_ID, fd("current_directions", l("当前实训方向", "Current directions"), Input::Directions)],
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

/// The base a form is about: searched in the public registry by name (every form but the
/// application).
const BASE_ID: FieldDef = fh(
    "base_id",
    l("实训基地", "Base"),
    l(
        "输入基地名称的一部分查找并选择，或填写授牌时联盟发给的基地编号",
        "Type part of the base's name and pick it, or enter the id the alliance gave at certification",
    ),
    Input::Base,
);

#[cfg(feature = "chapter6")]
pub const RESULTS: &[(&str, L)] =
    &[("excellent", l("优秀", "Excellent")), ("good", l("良好", "Good")), ("pass", l("合格", "Pass")), ("fail", l("不合格", "Fail"))];

#[cfg(feature = "chapter6")]
const ANNUAL_FIGURES: &[FieldDef] = &[
    fd("courses_delivered", l("开设实训课程（门）", "Courses delivered"), Input::Int),
    fd("trainees_enrolled", l("参训学员（人次）", "Trainees enrolled"), Input::Int),
    fh("trainees_assessed", l("参加考核（人次）", "Trainees assessed"), l("不超过参训人数", "No more than enrolled"), Input::Int),
    fh("trainees_passed", l("考核通过（人次）", "Trainees passed"), l("不超过参加考核人数", "No more than assessed"), Input::Int),
    fd("instructors", l("实训指导人员（人）", "Instructors"), Input::Int),
    fh(
        "fixed_instructors",
        l("其中固定（专职）人员（人）", "Of whom fixed (full-time)"),
        l("第十八条；不超过实训指导人员总数", "Art. 18; no more than the instructors"),
        Input::Int,
    ),
    fh("equipment_utilisation_pct", l("设备利用率（%）", "Equipment utilisation (%)"), l("0–100", "0–100"), Input::Int),
    fh(
        "open_activities",
        l("对外开放与交流活动（次）", "Open and exchange activities"),
        l("第二十二条：年度考核的开放交流情况", "Art. 22: the year's openness and exchange"),
        Input::Int,
    ),
    fd("funding_spent_cny", l("年度经费支出（元）", "Funding spent (CNY)"), Input::Int),
];

#[cfg(feature = "chapter6")]
pub static ANNUAL_ASSESSMENT: FormDef = FormDef {
    kind: FormKind::AnnualAssessment,
    title: l("实训基地年度考核备案", "Annual assessment filing"),
    intro: l(
        "第二十二条：责任单位每年对实训基地进行考核，考核结果报联盟备案；第十六条：实训基地主任每年向联盟报告工作。填写时即时检查，草稿自动保存在本浏览器中。",
        "Art. 22: the responsible unit assesses its base each year and files the result with the alliance; Art. 16: the director reports on the year's work. Checked as you type; the draft is saved in this browser.",
    ),
    sections: &[
        Section {
            id: "base",
            title: l("基地与年度", "Base and year"),
            fields: &[
                BASE_ID,
                fh(
                    "year",
                    l("考核年度", "Year assessed"),
                    l(
                        "第二十二条：每年一次，不早于授牌年度，不晚于本年度",
                        "Art. 22: once a year, from the year of certification to this year",
                    ),
                    Input::Int,
                ),
            ],
        },
        Section {
            id: "director",
            title: l("主任年度工作报告", "The director's annual report"),
            fields: &[
                fh(
                    "director_report",
                    l("实训基地主任年度工作报告", "The director's annual work report"),
                    l("第十六条：至少200字", "Art. 16: at least 200 characters"),
                    Input::Long,
                ),
                fh(
                    "director_on_site_months",
                    l("主任本年度在基地工作月数", "Months the director worked at the base this year"),
                    l("第十五条：一般不少于3个月（0–12）", "Art. 15: as a rule at least 3 (0–12)"),
                    Input::Int,
                ),
            ],
        },
        Section { id: "figures", title: l("年度实训数据", "The year's figures"), fields: ANNUAL_FIGURES },
        Section {
            id: "result",
            title: l("考核结果", "Result"),
            fields: &[
                fh(
                    "result",
                    l("考核结果", "Result of the assessment"),
                    l("第二十二条：优秀、良好、合格、不合格", "Art. 22: excellent, good, pass or fail"),
                    Input::Choice(RESULTS),
                ),
                fd("assessing_unit", l("组织考核的责任单位", "Unit that assessed the base"), Input::Text),
                fh(
                    "remediation_plan",
                    l("整改方案", "Remediation plan"),
                    l("考核不合格时必填，至少100字", "Required for a fail result: at least 100 characters"),
                    Input::Long,
                ),
            ],
        },
        Section {
            id: "declaration",
            title: l("声明", "Declaration"),
            fields: &[fh(
                "declaration",
                l("本单位承诺所填材料真实、准确。", "We confirm that these materials are true and accurate."),
                l("第二十四条（三）", "Art. 24(3)"),
                Input::Confirm,
            )],
        },
    ],
};

/// The columns of the evaluation's year-by-year table; the figures are also the totals'.
#[cfg(feature = "chapter6")]
pub const YEAR_COLUMNS: &[FieldDef] = &[
    fd("year", l("年度", "Year"), Input::Int),
    fd("planned_tasks", l("计划任务（项）", "Planned tasks"), Input::Int),
    fd("completed_tasks", l("完成任务（项）", "Completed tasks"), Input::Int),
    fd("planned_courses", l("计划课程（门）", "Planned courses"), Input::Int),
    fd("completed_courses", l("完成课程（门）", "Completed courses"), Input::Int),
    fd("trainees_enrolled", l("参训学员（人次）", "Trainees enrolled"), Input::Int),
    fd("trainees_assessed", l("参加考核（人次）", "Trainees assessed"), Input::Int),
    fd("trainees_passed", l("考核通过（人次）", "Trainees passed"), Input::Int),
];

#[cfg(feature = "chapter6")]
const SUMMARY: L = l("情况说明", "Summary");
#[cfg(feature = "chapter6")]
const MIN50_HINT: L = l("至少50字", "At least 50 characters");

#[cfg(feature = "chapter6")]
pub static EVALUATION: FormDef = FormDef {
    kind: FormKind::Evaluation,
    title: l("实训基地定期评估材料", "Three-yearly evaluation"),
    intro: l(
        "第二十三条：联盟每三年对实训基地进行一次定期评估；第二十四条：逾期一个月以上未上报、数据虚假或存在重大违规的，评估不合格；第二十五条：评估不合格的，撤销联盟实训基地资格。",
        "Art. 23: the alliance evaluates each base every three years; Art. 24: materials more than a month late, false data or a major violation make it unqualified; Art. 25: an unqualified base loses its status.",
    ),
    sections: &[
        Section {
            id: "base",
            title: l("基地与评估期", "Base and period"),
            fields: &[
                BASE_ID,
                fh(
                    "period",
                    l("评估期", "Period evaluated"),
                    l("第二十三条：每三年评估一次，评估期为连续3年", "Art. 23: every three years; the period is three consecutive years"),
                    Input::Group(&[
                        fd("from_year", l("起始年度", "First year"), Input::Int),
                        fd("to_year", l("终止年度", "Last year"), Input::Int),
                    ]),
                ),
            ],
        },
        Section {
            id: "years",
            title: l("逐年计划与完成情况", "Plans and results, year by year"),
            fields: &[
                fh(
                    "years",
                    l("逐年数据", "Year-by-year figures"),
                    l(
                        "第二十三条：任务完成、学员考核情况；第二十四条（三）：完成数不超过计划数，考核通过数不超过参加考核数，参加考核数不超过参训数；合计自动计算",
                        "Arts. 23 and 24(3): completed ≤ planned, passed ≤ assessed ≤ enrolled; the totals are computed",
                    ),
                    Input::YearTable { columns: YEAR_COLUMNS, totals: "totals" },
                ),
                fh("plan_completion", l("规划完成情况", "Completion of the plan"), MIN50_HINT, Input::Long),
            ],
        },
        Section {
            id: "team",
            title: l("队伍建设", "Team building"),
            fields: &[fd(
                "team_building",
                l("队伍建设", "Team building"),
                Input::Group(&[
                    fd("instructors_start", l("评估期初实训指导人员（人）", "Instructors at the start"), Input::Int),
                    fd("instructors_end", l("评估期末实训指导人员（人）", "Instructors at the end"), Input::Int),
                    fh("summary", SUMMARY, MIN50_HINT, Input::Long),
                ]),
            )],
        },
        Section {
            id: "openness",
            title: l("开放交流", "Openness and exchange"),
            fields: &[fd(
                "openness",
                l("开放交流", "Openness and exchange"),
                Input::Group(&[
                    fd("exchanges", l("交流活动（次）", "Exchanges"), Input::Int),
                    fh(
                        "international_exchanges",
                        l("其中国际交流（次）", "Of which international"),
                        l("不超过交流活动总数", "No more than the exchanges"),
                        Input::Int,
                    ),
                    fh("summary", SUMMARY, MIN50_HINT, Input::Long),
                ]),
            )],
        },
        Section {
            id: "management",
            title: l("运行管理", "Operations management"),
            fields: &[fd(
                "management",
                l("运行管理", "Operations management"),
                Input::Group(&[
                    fh("equipment_utilisation_pct", l("设备利用率（%）", "Equipment utilisation (%)"), l("0–100", "0–100"), Input::Int),
                    fh("summary", SUMMARY, MIN50_HINT, Input::Long),
                ]),
            )],
        },
        Section {
            id: "violations",
            title: l("重大违规事项", "Major violations"),
            fields: &[fh(
                "violations",
                l("重大违规事项（如有）", "Major violations (if any)"),
                l("第二十四条（四）：如实申报；没有则不填", "Art. 24(4): declare any; leave empty if none"),
                Input::Texts,
            )],
        },
        Section {
            id: "declaration",
            title: l("说明与声明", "Explanations and declaration"),
            fields: &[
                fh(
                    "overdue_reason",
                    l("逾期上报的特殊原因", "Special reason for late materials"),
                    l(
                        "第二十四条（二）：逾期一个月以上未上报且无特殊原因的，评估不合格",
                        "Art. 24(2): more than a month late without a special reason makes the evaluation unqualified",
                    ),
                    Input::Note,
                ),
                fh(
                    "annual_note",
                    l("年度考核未备案的说明", "Why annual assessments are not on file"),
                    l("第二十二条：年度考核结果应报联盟备案", "Art. 22: each year's assessment is filed with the alliance"),
                    Input::Note,
                ),
                fh(
                    "declaration",
                    l("本单位承诺所填材料真实、准确。", "We confirm that these materials are true and accurate."),
                    l("第二十四条（三）：数据虚假的，评估不合格", "Art. 24(3): false data makes the evaluation unqualified"),
                    Input::Confirm,
                ),
            ],
        },
    ],
};

pub fn form(kind: FormKind) -> &'static FormDef {
    match kind {
        FormKind::Application => &APPLICATION,
        FormKind::DirectorAppointment => &DIRECTOR_APPOINTMENT,
        FormKind::DirectionChange => &DIRECTION_CHANGE,
        #[cfg(feature = "chapter6")]
        FormKind::AnnualAssessment => &ANNUAL_ASSESSMENT,
        #[cfg(feature = "chapter6")]
        FormKind::Evaluation => &EVALUATION,
        // The applicant's bundle never routes to them (`lib::is_chapter6`, `main.js`).
        #[cfg(not(feature = "chapter6"))]
        FormKind::AnnualAssessment | FormKind::Evaluation => unreachable!("Chapter 6 forms are in the chapter6 bundle"),
    }
}

/// Justification notes: shown next to the warning that asks for them, not as fields. (The
/// notes a server-only rule asks for at their own place are [`Input::Note`] fields.)
pub const NOTES: &[&str] =
    &["/unit/kind_note", "/facilities/capacity_note", "/team_note", "/age_note", "/on_site_note", "/director_on_site_note"];

/// What a person calls the field at `ptr`, from the layout's labels: `联合单位 2 · 单位名称`
/// (a list's item by its noun and number, a table's row by its number). `None` for a pointer
/// the layout does not show (the whole form, a justification note).
pub fn field_label(def: &FormDef, ptr: &str, locale: aii_rules::Locale) -> Option<String> {
    let t = |x: L| crate::t(locale, x);
    let mut segs = ptr.strip_prefix('/')?.split('/');
    let mut fields: Vec<&FieldDef> = def.sections.iter().flat_map(|s| s.fields.iter()).collect();
    let mut parts: Vec<String> = Vec::new();
    while let Some(seg) = segs.next() {
        // A year table's computed totals sit beside it: `合计 · 列名`.
        let table = fields.iter().find_map(|f| match &f.input {
            Input::YearTable { columns, totals } if *totals == seg => Some((f.label, *columns)),
            _ => None,
        });
        if let Some((label, columns)) = table {
            let column = segs.next().and_then(|c| columns.iter().find(|f| f.key == c))?;
            parts.extend([t(label).to_owned(), t(l("合计", "Total")).to_owned(), t(column.label).to_owned()]);
            break;
        }
        let f = *fields.iter().find(|f| f.key == seg)?;
        match &f.input {
            Input::Group(inner) => {
                parts.push(t(f.label).to_owned());
                fields = inner.iter().collect();
            }
            Input::Items(inner, noun) => {
                match segs.next().and_then(|i| i.parse::<usize>().ok()) {
                    Some(i) => parts.push(format!("{} {}", t(*noun), i + 1)),
                    None => {
                        parts.push(t(f.label).to_owned());
                        break;
                    }
                }
                fields = inner.iter().collect();
            }
            Input::YearTable { columns, .. } => {
                parts.push(t(f.label).to_owned());
                if let Some(i) = segs.next().and_then(|i| i.parse::<usize>().ok()) {
                    parts.push(match locale {
                        aii_rules::Locale::Zh => format!("第{}行", i + 1),
                        aii_rules::Locale::En => format!("row {}", i + 1),
                    });
                }
                fields = columns.iter().collect();
            }
            _ => {
                parts.push(t(f.label).to_owned());
                if let Some(i) = segs.next().and_then(|i| i.parse::<usize>().ok()) {
                    parts.push(format!("{}", i + 1));
                }
                break;
            }
        }
    }
    // A group named like its only field (联系人 · 联系人) is named once.
    parts.dedup();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Every field pattern a layout covers (`*` for list indices), in order.
pub fn patterns(def: &FormDef) -> Vec<String> {
    fn walk(fields: &[FieldDef], base: &str, out: &mut Vec<String>) {
        for f in fields {
            let ptr = format!("{base}/{}", f.key);
            match &f.input {
                Input::Group(inner) => walk(inner, &ptr, out),
                Input::Items(inner, _) => walk(inner, &format!("{ptr}/*"), out),
                Input::Directions | Input::Texts => out.push(format!("{ptr}/*")),
                Input::YearTable { columns, totals } => {
                    out.extend(columns.iter().map(|c| format!("{ptr}/*/{}", c.key)));
                    out.extend(columns.iter().skip(1).map(|c| format!("{base}/{totals}/{}", c.key)));
                }
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
    fn fields_are_named_as_people_call_them() {
        use aii_rules::Locale::{En, Zh};
        let names: Vec<Option<String>> = ["/contact/name", "/partners/1/name", "/unit/uscc", "/directions/0", "/nowhere", ""]
            .iter()
            .map(|p| field_label(&APPLICATION, p, Zh))
            .collect();
        for (name, want) in names.iter().zip(["联系人", "联合单位 2 · ", "责任单位 · 统一社会信用代码"]) {
            let name = name.as_deref().unwrap_or("");
            assert!(name.starts_with(want), "{name} / {want}");
        }
        assert!(names[3].is_some(), "a list of directions is named");
        assert_eq!(&names[4..], &[None, None]);
        assert!(
            field_label(&APPLICATION, "/partners/0/name", En).unwrap().ends_with("1 · Name"),
            "{:?}",
            field_label(&APPLICATION, "/partners/0/name", En)
        );
        // Every field of every form has a name.
        for kind in kinds() {
            for p in patterns(form(kind)) {
                let ptr = p.replace('*', "0");
                assert!(field_label(form(kind), &ptr, Zh).is_some(), "{kind:?} {ptr}");
            }
        }
    }

    /// The forms of this build (Chapter 6's are in the `chapter6` bundles).
    fn kinds() -> impl Iterator<Item = FormKind> {
        FormKind::ALL.into_iter().filter(|k| cfg!(feature = "chapter6") || !matches!(k, FormKind::AnnualAssessment | FormKind::Evaluation))
    }

    #[test]
    fn every_field_of_every_form_is_laid_out() {
        for kind in kinds() {
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
