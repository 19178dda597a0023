//! The five forms of this release, each declared once (`form!`, `record!`: `declare.rs`): typed values
//! borrowed from the submitted document, their shapes (field order, types, limits) as FORMS.md
//! names them, and (outside the widget's build) what the page shows of each field.
//!
//! Reading a document into a form never fails: each field is a [`Val`] that is present,
//! missing (absent, `null` or blank), of the wrong JSON type (already reported by the shape
//! walk, so rules stay silent about it), invalid (text outside an enumeration, reported by the
//! field's own rule) or, for an identifier parsed into its type, refused with the reason.

pub(crate) use crate::declare::O;
#[cfg(not(widget))]
pub use crate::declare::{FieldDef, Input, L, Section, l};
pub use crate::declare::{FormType, Val};
use crate::declare::{form, record};
use crate::shape::{Field, INT, f};

/// Counts characters of present text (0 for anything else).
pub fn chars(v: &Val<&str>) -> usize {
    v.ok().map_or(0, |s| crate::util::char_count(s))
}

/// Whether present text has fewer than `min` characters (`chars(v) < min`), counting them
/// only when its length in bytes cannot tell: a character is one to four bytes.
pub fn fewer_chars(v: &Val<&str>, min: usize) -> bool {
    match v.ok() {
        Some(s) if s.len() < min => true,
        Some(s) if s.len() >= min.saturating_mul(4) => false,
        _ => chars(v) < min,
    }
}

/// An enumeration of text codes: each value's code (its JSON text, the shape's enumeration) and,
/// outside the widget's build, its label on the page in both languages.
macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal ($zh:literal, $en:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The codes, in the order of [`Self::ALL`] (the shape's enumeration).
            pub const CODES: &'static [&'static str] = &[$($code),+];
            /// Each code with its label on the page.
            #[cfg(not(widget))]
            pub const LABELS: &'static [(&'static str, L)] = &[$(($code, L { zh: $zh, en: $en })),+];
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }
    };
}

choice_enum!(
    /// Art. 4: the kinds of unit a base is built on.
    UnitKind {
        Enterprise = "enterprise" ("企业", "Enterprise"),
        University = "university" ("高等学校", "University"),
        VocationalCollege = "vocational_college" ("职业院校", "Vocational college"),
        ResearchInstitute = "research_institute" ("科研院所", "Research institute"),
    }
);
choice_enum!(
    /// Art. 7(5): the unit's part in an alliance research output.
    OutputRole { Lead = "lead" ("牵头", "Led"), Deep = "deep" ("深度参与", "Deep participation"), Participant = "participant" ("参与", "Participation") }
);
choice_enum!(
    /// Art. 14.
    Role { Director = "director" ("主任", "Director"), DeputyDirector = "deputy_director" ("副主任", "Deputy director") }
);
choice_enum!(
    /// Art. 14: who recommends the appointee.
    Relation { Responsible = "responsible" ("责任单位", "Responsible unit"), Partner = "partner" ("联合单位", "Partner unit") }
);
choice_enum!(
    /// Art. 22: the responsible unit's result of its annual assessment.
    AssessmentResult { Excellent = "excellent" ("优秀", "Excellent"), Good = "good" ("良好", "Good"), Pass = "pass" ("合格", "Pass"), Fail = "fail" ("不合格", "Fail") }
);

// Labels several fields share.
#[cfg(not(widget))]
const USCC: L = l("统一社会信用代码", "Unified social credit code");
#[cfg(not(widget))]
const USCC_HINT: L = l("18位，字母大写；不使用 I、O、S、V、Z", "18 characters; capitals; never I, O, S, V or Z");
#[cfg(not(widget))]
const PERSON: L = l("姓名", "Name");
#[cfg(not(widget))]
const TITLE: L = l("职称", "Title");
#[cfg(not(widget))]
const BIRTH: L = l("出生日期", "Date of birth");
#[cfg(not(widget))]
const KIND: L = l("单位类型", "Kind of unit");
#[cfg(not(widget))]
const MIN30: L = l("至少30字", "At least 30 characters");
#[cfg(not(widget))]
const MIN50: L = l("至少50字", "At least 50 characters");
#[cfg(not(widget))]
const SUMMARY: L = l("情况说明", "Summary");
#[cfg(not(widget))]
const UTILISATION: L = l("设备利用率（%）", "Equipment utilisation (%)");
#[cfg(not(widget))]
const PERCENT: L = l("0–100", "0–100");
#[cfg(not(widget))]
const DECLARATION: L = l("本单位承诺所填材料真实、准确。", "We confirm that these materials are true and accurate.");
/// The base a form is about: searched in the public registry by name (every form but the
/// application).
#[cfg(not(widget))]
const BASE: L = l("实训基地", "Base");
#[cfg(not(widget))]
const BASE_HINT: L = l(
    "输入基地名称的一部分查找并选择，或填写授牌时联盟发给的基地编号",
    "Type part of the base's name and pick it, or enter the id the alliance gave at certification",
);

form! {
    /// 实训基地申请书 (Arts. 7–12).
    Application<'a> as ApplicationForm, shape APPLICATION_SHAPE, sections APPLICATION_SECTIONS {
        unit: l("责任单位", "Responsible unit"), partners: l("联合单位", "Partner units"), contact: l("联系人", "Contact"), name: l("基地名称与实训方向", "Name and directions"), plan: l("定位与规划", "Positioning and plan"), facilities: l("场地、设备与经费", "Site, equipment and funding"), team: l("实训队伍", "Training team"), capability: l("研究成果与能力", "Research and capability"), declaration: l("声明", "Declaration"),
    }
    {
        cycle: Int [
            l("申报年度（遴选年度）", "Selection year");
            l(
                "联盟每年集中遴选一次；一个评估周期为三年，一个责任单位在一个评估周期内仅可申请一个实训基地",
                "One selection a year; an evaluation cycle is three years, and a unit may apply for one base per cycle",
            )
        ] in unit,
        unit: Obj(Unit<'a>) [l("责任单位", "Responsible unit")] in unit,
        partners: List(Partner<'a>, l("联合单位", "partner")) [
            l("联合单位", "Partner units");
            l("第九条：优势企业、高等学校、职业院校、科研院所联合申报可优先推荐", "Art. 9: joint applications may be recommended with priority")
        ] in partners,
        contact: Obj(Contact<'a>) [l("联系人", "Contact")] in contact,
        base_short_name: Name [l("实训基地自拟名称", "The base's own name"); l("2–20字，如“长三角智造”", "2–20 characters")] in name,
        directions: Names [l("实训方向（1–3个）", "Training directions (1–3)"); l("岗位方向目录", "From the position catalog")] as Directions in name,
        positioning: Text [l("实训定位", "Training positioning"); MIN50] in plan,
        construction_plan: Text [l("建设规划", "Construction plan"); MIN50] in plan,
        local_demand: Text [l("所在地产业发展需求", "Needs of the locality's industry"); MIN50] in plan,
        facilities: Obj(Facilities<'a>) [l("场地、设备与经费", "Site, equipment and funding")] in facilities,
        lead_teacher: Obj(LeadTeacher<'a>) [l("教学带头人", "Teaching lead")] in team,
        instructors: List(Instructor<'a>, l("指导人员", "instructor")) [l("实训指导人员", "Instructors"); l("至少3名", "At least 3")] in team,
        team_note: Text,
        research_outputs: List(ResearchOutput<'a>, l("研究成果", "output")) [
            l("联盟研究成果", "Alliance research outputs");
            l("第七条（五）：牵头或深度参与，与实训方向一致", "Art. 7(5): led or deeply involved, in an applied direction")
        ] in capability,
        related_majors: Names [l("相关专业（高等学校）", "Related majors (universities)"); l("高等学校须填写", "Required of universities")] in capability,
        enterprise_capability: Text [l("技术与模式能力（企业）", "Technology and model capability (enterprises)"); MIN50] in capability,
        promotion_capability: Text [l("应用推广能力", "Application and promotion capability"); MIN50] in capability,
        employment_guidance: Text [l("就业指导能力", "Employment guidance"); MIN50] in capability,
        declaration: Bool [DECLARATION] as Confirm in declaration,
    }
}

record! {
    Unit<'a> {
        name: Name [l("单位名称", "Unit name")],
        uscc: Uscc [USCC; USCC_HINT],
        kind: Choice(UnitKind) [KIND; l("第四条：优势企业、高等学校、职业院校、科研院所", "Art. 4")],
        kind_note: Text,
        address: Text [l("通讯地址", "Address")] as Text,
        postal_code: Name [l("邮政编码", "Postal code")],
    }
}
record! {
    Partner<'a> {
        name: Name [l("名称", "Name")],
        uscc: Uscc [USCC; USCC_HINT],
        kind: Choice(UnitKind) [KIND],
    }
}
record! {
    Contact<'a> {
        name: Name [l("联系人", "Contact person")],
        phone: Name [l("联系电话", "Phone"); l("手机或带区号的固定电话", "Mobile, or landline with area code")],
        email: Name [l("电子邮箱", "E-mail")],
    }
}
record! {
    Facilities<'a> {
        site_area_m2: Int [l("实训场地面积（平方米）", "Training site area (m²)")],
        simultaneous_trainees: Int [l("可同时动手操作的学员人数", "Trainees working hands-on at once"); l("第七条（三）：20位以上", "Art. 7(3): 20 or more")],
        equipment: List(Equipment<'a>, l("设备", "equipment line")) [l("实训设备", "Training equipment")],
        annual_funding_cny: Int [l("年度建设运营经费（元）", "Annual construction and operation funding (CNY)")],
        funding_source: Text [l("经费来源", "Source of funding")] as Text,
        management_rules: Names [l("管理制度", "Management rules")],
        capacity_note: Text,
    }
}
record! {
    Equipment<'a> {
        name: Name [l("设备名称", "Equipment")],
        model: Name [l("型号", "Model")],
        quantity: Int [l("数量", "Quantity")],
        stations: Int [l("工位数", "Stations"); l("可供学员同时操作的工位", "Places for trainees working at once")],
    }
}
record! {
    LeadTeacher<'a> {
        name: Name [PERSON],
        title: Name [TITLE],
        experience: Text [l("工业互联网工作经历", "Industrial-internet experience"); MIN30],
    }
}
record! {
    Instructor<'a> {
        name: Name [PERSON],
        birth_date: Date [BIRTH],
        title: Name [TITLE],
        field: Name [l("专业领域", "Field")],
        fixed: Bool [l("固定（专职）人员", "Fixed (full-time) instructor"); l("第十八条：应配备固定实训指导人员", "Art. 18")],
    }
}
record! {
    ResearchOutput<'a> {
        title: Name [l("成果名称", "Title")],
        year: Int [l("年份", "Year")],
        role: Choice(OutputRole) [l("参与方式", "The unit's part")],
        direction: Name [l("对应方向", "Direction")] as Direction,
    }
}

form! {
    /// 基地主任任命 (Arts. 14–15).
    DirectorAppointment<'a> as DirectorAppointmentForm, shape DIRECTOR_APPOINTMENT_SHAPE, sections DIRECTOR_APPOINTMENT_SECTIONS {
        base: l("基地与职务", "Base and role"), appointee: l("人选", "Appointee"), recommenders: l("推荐单位", "Recommenders"), term: l("任期与在岗时间", "Term and time on site"),
    }
    {
        base_id: Name [BASE; BASE_HINT] as Base in base,
        role: Choice(Role) [l("职务", "Role")] in base,
        appointee: Obj(Appointee<'a>) [l("人选", "Appointee")] in appointee,
        recommenders: List(Recommender<'a>, l("推荐单位", "recommender")) [l("推荐单位", "Recommending units")] in recommenders,
        term_start: Date [l("任期开始", "Term starts")] in term,
        term_end: Date [l("任期结束", "Term ends"); l("任期3年", "A term is 3 years")] in term,
        on_site_months_per_year: Int [l("每年在基地工作月数", "Months a year at the base"); l("第十五条：一般不少于3个月", "Art. 15: as a rule at least 3")] in term,
        reappointment: Bool [l("是否连选连任", "Re-appointment"); l("第十五条：可连选连任", "Art. 15: allowed")] in base,
        age_note: Text,
        on_site_note: Text,
    }
}

record! {
    Appointee<'a> {
        name: Name [PERSON],
        id_number: ResidentId [l("居民身份证号码（选填）", "Resident ID number (optional)"); l("18位", "18 characters")],
        birth_date: Date [BIRTH],
        title: Name [TITLE],
        employer: Name [l("工作单位", "Employer")],
        teaching_level: Text [l("教学水平", "Teaching level"); MIN30],
        management_ability: Text [l("组织和管理能力", "Organisational and management ability"); MIN30],
    }
}
record! {
    Recommender<'a> {
        name: Name [l("推荐单位名称", "Recommending unit")],
        uscc: Uscc [USCC; USCC_HINT],
        relation: Choice(Relation) [l("推荐单位类型", "Relation")],
    }
}

form! {
    /// 实训方向变更申请书 (Art. 21).
    DirectionChange<'a> as DirectionChangeForm, shape DIRECTION_CHANGE_SHAPE, sections DIRECTION_CHANGE_SECTIONS {
        base: l("基地", "Base"), change: l("变更内容", "The change"),
    }
    {
        base_id: Name [BASE; BASE_HINT] as Base in base,
        current_directions: Names [l("当前实训方向", "Current directions")] as Directions in base,
        requested_directions: Names [l("变更后的实训方向（1–3个）", "Requested directions (1–3)")] as Directions in change,
        reason: Text [l("变更原因", "Reason"); l("至少100字：确因实训基地发展需要", "At least 100 characters")] in change,
        evidence: Texts [l("支撑材料", "Supporting items")] in change,
        effective_date: Date [l("拟变更日期", "Effective date")] in change,
    }
}

form! {
    /// 年度考核 (Art. 22).
    AnnualAssessment<'a> as AnnualAssessmentForm, shape ANNUAL_ASSESSMENT_SHAPE, sections ANNUAL_ASSESSMENT_SECTIONS {
        base: l("基地与年度", "Base and year"), director: l("主任年度工作报告", "The director's annual report"), figures: l("年度实训数据", "The year's figures"), result: l("考核结果", "Result"), declaration: l("声明", "Declaration"),
    }
    {
        base_id: Name [BASE; BASE_HINT] as Base in base,
        year: Int [
            l("考核年度", "Year assessed");
            l("第二十二条：每年一次，不早于授牌年度，不晚于本年度", "Art. 22: once a year, from the year of certification to this year")
        ] in base,
        director_report: Text [
            l("实训基地主任年度工作报告", "The director's annual work report");
            l("第十六条：至少200字", "Art. 16: at least 200 characters")
        ] in director,
        director_on_site_months: Int [
            l("主任本年度在基地工作月数", "Months the director worked at the base this year");
            l("第十五条：一般不少于3个月（0–12）", "Art. 15: as a rule at least 3 (0–12)")
        ] in director,
        director_on_site_note: Text,
        courses_delivered: Int [l("开设实训课程（门）", "Courses delivered")] in figures,
        trainees_enrolled: Int [l("参训学员（人次）", "Trainees enrolled")] in figures,
        trainees_assessed: Int [l("参加考核（人次）", "Trainees assessed"); l("不超过参训人数", "No more than enrolled")] in figures,
        trainees_passed: Int [l("考核通过（人次）", "Trainees passed"); l("不超过参加考核人数", "No more than assessed")] in figures,
        instructors: Int [l("实训指导人员（人）", "Instructors")] in figures,
        fixed_instructors: Int [
            l("其中固定（专职）人员（人）", "Of whom fixed (full-time)");
            l("第十八条；不超过实训指导人员总数", "Art. 18; no more than the instructors")
        ] in figures,
        equipment_utilisation_pct: Int [UTILISATION; PERCENT] in figures,
        open_activities: Int [
            l("对外开放与交流活动（次）", "Open and exchange activities");
            l("第二十二条：年度考核的开放交流情况", "Art. 22: the year's openness and exchange")
        ] in figures,
        funding_spent_cny: Int [l("年度经费支出（元）", "Funding spent (CNY)")] in figures,
        result: Choice(AssessmentResult) [
            l("考核结果", "Result of the assessment");
            l("第二十二条：优秀、良好、合格、不合格", "Art. 22: excellent, good, pass or fail")
        ] in result,
        assessing_unit: Name [l("组织考核的责任单位", "Unit that assessed the base")] in result,
        remediation_plan: Text [
            l("整改方案", "Remediation plan");
            l("考核不合格时必填，至少100字", "Required for a fail result: at least 100 characters")
        ] in result,
        declaration: Bool [DECLARATION; l("第二十四条（三）", "Art. 24(3)")] as Confirm in declaration,
    }
}

/// The figures an evaluation reports for each year of its period and in total (Art. 23): their
/// keys ([`FIGURES`]), a row's shape, and the year table's columns.
macro_rules! figures {
    ($($key:ident $label:expr),* $(,)?) => {
        pub const FIGURES: [&str; 7] = [$(stringify!($key)),*];

        impl Figures {
            pub const SHAPE: &'static [Field] = &[$(f(stringify!($key), INT)),*];
        }

        impl EvaluationYear {
            /// The year, then the figures.
            pub const SHAPE: &'static [Field] = &[f("year", INT), $(f(stringify!($key), INT)),*];
            /// The year table's columns.
            #[cfg(not(widget))]
            pub const FIELD_DEFS: &'static [FieldDef] = &[
                FieldDef { key: "year", label: l("年度", "Year"), hint: None, input: Input::Int },
                $(FieldDef { key: stringify!($key), label: $label, hint: None, input: Input::Int }),*
            ];
        }
    };
}

figures! {
    planned_tasks l("计划任务（项）", "Planned tasks"),
    completed_tasks l("完成任务（项）", "Completed tasks"),
    planned_courses l("计划课程（门）", "Planned courses"),
    completed_courses l("完成课程（门）", "Completed courses"),
    trainees_enrolled l("参训学员（人次）", "Trainees enrolled"),
    trainees_assessed l("参加考核（人次）", "Trainees assessed"),
    trainees_passed l("考核通过（人次）", "Trainees passed"),
}

/// One row of figures, in the order of [`FIGURES`].
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub values: [Val<i64>; 7],
}

impl Figures {
    pub(crate) fn read_in(o: O<'_>) -> Figures {
        // A loop rather than `FIGURES.map`: the widget's build then carries no array-map instance.
        let mut values = [Val::Missing; 7];
        for k in 0..7 {
            values[k] = o.int(FIGURES[k]);
        }
        Figures { values }
    }
}

/// A row of the year table: the year and its figures, in one object.
#[derive(Clone, Debug, PartialEq)]
pub struct EvaluationYear {
    pub year: Val<i64>,
    pub figures: Figures,
}

impl EvaluationYear {
    pub(crate) fn read_in(o: O<'_>) -> EvaluationYear {
        EvaluationYear { year: o.int("year"), figures: Figures::read_in(o) }
    }
}

form! {
    /// 定期评估 (Arts. 23–24).
    Evaluation<'a> as EvaluationForm, shape EVALUATION_SHAPE, sections EVALUATION_SECTIONS {
        base: l("基地与评估期", "Base and period"), years: l("逐年计划与完成情况", "Plans and results, year by year"), team: l("队伍建设", "Team building"), openness: l("开放交流", "Openness and exchange"), management: l("运行管理", "Operations management"), violations: l("重大违规事项", "Major violations"), declaration: l("说明与声明", "Explanations and declaration"),
    }
    {
        base_id: Name [BASE; BASE_HINT] as Base in base,
        period: Obj(Period) [
            l("评估期", "Period evaluated");
            l("第二十三条：每三年评估一次，评估期为连续3年", "Art. 23: every three years; the period is three consecutive years")
        ] in base,
        years: Rows(EvaluationYear) [
            l("逐年数据", "Year-by-year figures");
            l(
                "第二十三条：任务完成、学员考核情况；第二十四条（三）：完成数不超过计划数，考核通过数不超过参加考核数，参加考核数不超过参训数；合计自动计算",
                "Arts. 23 and 24(3): completed ≤ planned, passed ≤ assessed ≤ enrolled; the totals are computed",
            )
        ] as YearTable { columns: EvaluationYear::FIELD_DEFS, totals: "totals" } in years,
        // Laid out under the year table (`Input::YearTable`'s `totals`).
        totals: Obj(Figures),
        plan_completion: Text [l("规划完成情况", "Completion of the plan"); MIN50] in years,
        team_building: Obj(TeamBuilding<'a>) [l("队伍建设", "Team building")] in team,
        openness: Obj(Openness<'a>) [l("开放交流", "Openness and exchange")] in openness,
        management: Obj(Management<'a>) [l("运行管理", "Operations management")] in management,
        violations: Texts [
            l("重大违规事项（如有）", "Major violations (if any)");
            l("第二十四条（四）：如实申报；没有则不填", "Art. 24(4): declare any; leave empty if none")
        ] in violations,
        overdue_reason: Text [
            l("逾期上报的特殊原因", "Special reason for late materials");
            l(
                "第二十四条（二）：逾期一个月以上未上报且无特殊原因的，评估不合格",
                "Art. 24(2): more than a month late without a special reason makes the evaluation unqualified",
            )
        ] as Note in declaration,
        annual_note: Text [
            l("年度考核未备案的说明", "Why annual assessments are not on file");
            l("第二十二条：年度考核结果应报联盟备案", "Art. 22: each year's assessment is filed with the alliance")
        ] as Note in declaration,
        declaration: Bool [
            DECLARATION;
            l("第二十四条（三）：数据虚假的，评估不合格", "Art. 24(3): false data makes the evaluation unqualified")
        ] as Confirm in declaration,
        @derived {
            /// Whether `totals` is present at all (an object), for the indicator rule.
            totals_present: bool = |o: O<'a>| !matches!(o.obj("totals"), O::Missing),
        }
    }
}

record! {
    Period {
        from_year: Int [l("起始年度", "First year")],
        to_year: Int [l("终止年度", "Last year")],
    }
}
record! {
    TeamBuilding<'a> {
        instructors_start: Int [l("评估期初实训指导人员（人）", "Instructors at the start")],
        instructors_end: Int [l("评估期末实训指导人员（人）", "Instructors at the end")],
        summary: Text [SUMMARY; MIN50],
    }
}
record! {
    Openness<'a> {
        exchanges: Int [l("交流活动（次）", "Exchanges")],
        international_exchanges: Int [l("其中国际交流（次）", "Of which international"); l("不超过交流活动总数", "No more than the exchanges")],
        summary: Text [SUMMARY; MIN50],
    }
}
record! {
    Management<'a> {
        equipment_utilisation_pct: Int [UTILISATION; PERCENT],
        summary: Text [SUMMARY; MIN50],
    }
}

form! {
    /// 实训计划 (Art. 16): the base's goals, tasks, training plan and teaching scheme, discussed
    /// by the alliance's working group and approved by the standing council.
    TrainingPlan<'a> as TrainingPlanForm, shape TRAINING_PLAN_SHAPE, sections TRAINING_PLAN_SECTIONS {
        base: l("基地与年度", "Base and year"), plan: l("目标、任务与教学方案", "Goals, tasks and teaching scheme"), courses: l("实训课程", "Courses"),
    }
    {
        base_id: Name [BASE; BASE_HINT] as Base in base,
        year: Int [l("计划年度", "Plan year"); l("本年度或下一年度", "This year or the next")] in base,
        goals: Text [l("实训目标", "Goals"); MIN50] in plan,
        tasks: Text [l("实训任务", "Tasks"); MIN50] in plan,
        teaching_scheme: Text [l("教学方案", "Teaching scheme"); l("至少100字", "At least 100 characters")] in plan,
        courses: List(Course<'a>, l("课程", "course")) [
            l("实训课程", "Courses");
            l("至少1门；方向须为本基地已登记的实训方向", "At least one; each in one of the base's registered directions")
        ] in courses,
    }
}

record! {
    Course<'a> {
        title: Name [l("课程名称", "Course title")],
        direction: Name [l("实训方向", "Direction")] as Direction,
        hours: Int [l("学时", "Hours"); l("1–2000", "1–2000")],
        trainees_planned: Int [l("计划培训人数", "Trainees planned"); l("1–10000", "1–10000")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field placed `in` a section no form declares would be read but never shown.
    #[test]
    fn every_laid_out_field_is_in_a_declared_section() {
        fn check(places: &[Option<(&str, FieldDef)>], sections: &[Section]) {
            for (section, def) in places.iter().flatten() {
                assert!(
                    sections.iter().any(|s| s.id == *section && s.fields.iter().any(|f| f.key == def.key)),
                    "{} is in no section ({section:?})",
                    def.key
                );
            }
            for s in sections {
                assert!(!s.fields.is_empty(), "section {} is empty", s.id);
            }
        }
        check(Application::PLACES, APPLICATION_SECTIONS);
        check(DirectorAppointment::PLACES, DIRECTOR_APPOINTMENT_SECTIONS);
        check(DirectionChange::PLACES, DIRECTION_CHANGE_SECTIONS);
        check(AnnualAssessment::PLACES, ANNUAL_ASSESSMENT_SECTIONS);
        check(Evaluation::PLACES, EVALUATION_SECTIONS);
        check(TrainingPlan::PLACES, TRAINING_PLAN_SECTIONS);
    }

    #[test]
    fn fewer_chars_counts_like_chars() {
        for text in ["", "a", "ab", "实训", "实训基地", "a实b训c", "𝄞𝄞", "abcdefgh", "实训基地实训基地"] {
            for v in [Val::Ok(text), Val::Missing, Val::WrongType, Val::Invalid] {
                for min in 0..12 {
                    assert_eq!(fewer_chars(&v, min), chars(&v) < min, "{v:?} {min}");
                }
            }
        }
    }
}
