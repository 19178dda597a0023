//! The procedure of the Measures (PROCEDURE.md): what the alliance does with a form after it is
//! filed — experts, the site check, publicity and objections, the council, the certificate,
//! revocation and published results. These rules check no form: the server checks each in
//! the transaction of the step it governs (server/src/procedure/) and refuses the step with
//! its report. They are in the catalogue with every other rule; the widget's build has none
//! of them (it runs no step of the procedure).

use crate::rule::{RuleMeta, Scope, Severity, art, msgs, summary};

/// PROCEDURE.md: an opinion's written text is at least this long.
pub const OPINION_MIN: usize = 50;
/// PROCEDURE.md: a site check's findings are at least this long.
pub const FINDINGS_MIN: usize = 50;
/// PROCEDURE.md: an objection's reason is at least this long.
pub const OBJECTION_REASON_MIN: usize = 20;
/// PROCEDURE.md: at most this many objections an hour from one address.
pub const OBJECTIONS_PER_HOUR: i64 = 5;
/// PROCEDURE.md: a score is a whole number from 0 to this.
pub const SCORE_MAX: i64 = 10;

/// Art. 11: 联盟组织专家对责任单位提交的《工业互联网产业联盟实训基地申请书》进行答辩评审.
/// An expert is not assigned to a submission whose responsible unit or any partner has its
/// employer's USCC, nor to one it declared a conflict for.
pub static ART11_EXPERT_CONFLICT: &RuleMeta = &RuleMeta {
    id: "art11.expert_conflict",
    article: art(11, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "An expert is not assigned to a submission whose responsible unit or a partner is its employer, nor to one it declared a conflict for.",
    ),
    messages: msgs![
        (
            "employer",
            "专家{expert}的工作单位（{uscc}）是本申报的责任单位或共建单位，应当回避",
            "Expert {expert}'s employer ({uscc}) is the responsible unit or a partner of this submission: the expert must stand aside",
        ),
        ("declared", "专家{expert}已声明与本申报存在利益冲突", "Expert {expert} declared a conflict of interest with this submission"),
        ("unknown", "没有名为{expert}的在用专家账号", "There is no enabled expert account named {expert}"),
        (
            "closed",
            "只有待评审或评审中的申报（申请、方向变更、评估）可以指派专家",
            "Experts are assigned only to an application, direction change or evaluation awaiting or in expert review"
        ),
    ],
};

/// Art. 11: 联盟组织专家……进行答辩评审。根据专家评审意见，视情况开展现场核查. A submission
/// leaves expert review (to a site check, publicity or a result) only with at least
/// `--expert-quorum` opinions from its assigned experts.
pub static ART11_EXPERT_QUORUM: &RuleMeta = &RuleMeta {
    id: "art11.expert_quorum",
    article: art(11, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "A submission leaves expert review only with at least the quorum (--expert-quorum, default 3) of opinions from assigned experts.",
    ),
    messages: msgs![(
        "",
        "离开专家评审须至少有{quorum}位指派专家的评审意见（现有{count}份）",
        "Expert review ends only with opinions from at least {quorum} assigned experts ({count} so far)",
    )],
};

/// Art. 11: 根据专家评审意见…… An opinion scores every criterion of the form's kind 0–10 (whole
/// numbers), recommends, says why in at least 50 characters and records the defence's (答辩)
/// date; it can be revised until the submission leaves review, every version kept.
pub static ART11_OPINION: &RuleMeta = &RuleMeta {
    id: "art11.opinion",
    article: art(11, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "An opinion: a whole score 0-10 per criterion of the kind, a recommendation, a written opinion of at least 50 characters, the defence's date; revisable until the submission leaves review.",
    ),
    messages: msgs![
        ("score", "“{criterion}”的评分须为0至10的整数", "The score for \"{criterion}\" is a whole number from 0 to 10"),
        (
            "recommendation",
            "请选择推荐意见：推荐、修改后推荐或不推荐",
            "Choose a recommendation: recommend, recommend with changes, or not recommend"
        ),
        ("text", "书面评审意见不少于{min}字（当前{actual}字）", "The written opinion needs at least {min} characters (now {actual})"),
        ("defence_date", "请填写答辩日期（YYYY-MM-DD）", "Enter the defence's date (YYYY-MM-DD)"),
        ("not_assigned", "您未被指派评审此申报", "You are not assigned to review this submission"),
        (
            "closed",
            "申报已离开评审阶段，评审意见不能再提交或修改",
            "The submission has left review: opinions can no longer be filed or revised"
        ),
    ],
};

/// Art. 11: 根据专家评审意见，视情况开展现场核查. A site check records its date, the inspectors,
/// findings of at least 50 characters and a conclusion; `discrepancies` leads to approval only
/// with a note. PROCEDURE.md gives it no id; this is the project's.
pub static ART11_SITE_CHECK: &RuleMeta = &RuleMeta {
    id: "art11.site_check",
    article: art(11, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "A site check: its date, the inspectors, findings of at least 50 characters, a conclusion (confirmed, discrepancies); discrepancies need a note to be approved.",
    ),
    messages: msgs![
        ("date", "请填写现场核查日期（YYYY-MM-DD）", "Enter the site check's date (YYYY-MM-DD)"),
        ("inspectors", "请填写核查人员姓名", "Enter the inspectors' names"),
        ("findings", "核查情况不少于{min}字（当前{actual}字）", "The findings need at least {min} characters (now {actual})"),
        ("conclusion", "请选择核查结论：属实或存在不符", "Choose a conclusion: confirmed or discrepancies"),
        (
            "discrepancies",
            "现场核查发现不符：批准须说明如何处理（不少于{min}字）",
            "The site check found discrepancies: an approval must say how they were resolved (at least {min} characters)"
        ),
        ("status", "只有处于现场核查阶段的申报可以记录核查结果", "A site check is recorded only while the submission is at the site check"),
        ("missing", "尚未记录现场核查结果，不能进入下一步", "Record the site check before the submission moves on"),
    ],
};

/// Art. 11: 研究确定实训基地名单和实训方向，按程序予以公示. A notice runs `--publicity-days`
/// calendar days from its start and lists, per item, the base's full Art. 12 name, the units,
/// the directions decided and the kind; only a submission that finished review is listed.
pub static ART12_PUBLICITY_PERIOD: &RuleMeta = &RuleMeta {
    id: "art12.publicity_period",
    article: art(12, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "A notice runs --publicity-days calendar days (default 7) from its start; it lists submissions that finished review, each with its Art. 12 name, units, decided directions and kind.",
    ),
    messages: msgs![
        ("start", "公示开始日期不能早于今天（{today}）", "A notice cannot start before today ({today})"),
        ("items", "公示须至少列入一项申报", "A notice lists at least one submission"),
        ("not_ready", "申报{id}尚未完成评审，不能列入公示", "Submission {id} has not finished review: it cannot be published"),
        ("running", "公示期为{days}个自然日，至{end}结束", "The notice runs {days} calendar days, until {end}"),
        (
            "notice",
            "进入公示须在“公示管理”中开启公示，不能直接作出决定",
            "A submission goes into publicity when a notice is opened (Publicity notices), not by a decision"
        ),
    ],
};

/// Art. 12: 对公示中无异议的实训基地…… The public objection form: the notice item, the
/// objector's name, a phone or e-mail, a reason of at least 20 characters; only while the
/// notice is open; at most five an hour from one address.
pub static ART12_OBJECTION: &RuleMeta = &RuleMeta {
    id: "art12.objection",
    article: art(12, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "An objection names the notice item, the objector and a phone or e-mail, and gives a reason of at least 20 characters; only while the notice is open; at most 5 an hour from one address.",
    ),
    messages: msgs![
        ("item", "没有这一公示项", "There is no such item on a notice"),
        ("closed", "该公示已结束，不再受理异议", "This notice has closed: objections are no longer accepted"),
        ("name", "请填写异议人姓名（不超过{max}字）", "Enter the objector's name (at most {max} characters)"),
        ("contact", "请填写手机号码或电子邮箱", "Enter a mobile number or an e-mail address"),
        ("reason", "异议理由不少于{min}字、不超过{max}字（当前{actual}字）", "The reason needs {min} to {max} characters (now {actual})"),
        ("evidence", "证据线索至多{max}条，每条不超过{len}字", "At most {max} lines of evidence, each at most {len} characters"),
        ("rate", "同一地址每小时至多提交{max}份异议，请稍后再试", "At most {max} objections an hour from one address: try again later"),
        ("resolution", "请选择处理结果（成立或不成立）并填写说明", "Choose upheld or dismissed and write a note"),
    ],
};

/// Art. 12: 对公示中无异议的实训基地，经联盟常务理事会审议，正式通过. The council's approval is
/// refused while the notice still runs, while an objection is unresolved, or after one was
/// upheld.
pub static ART12_NO_OBJECTION: &RuleMeta = &RuleMeta {
    id: "art12.no_objection",
    article: art(12, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("The council's approval waits for the notice to close, every objection resolved, none upheld."),
    messages: msgs![
        ("not_published", "未经公示的申报不能提交常务理事会审议", "A submission that was not published cannot go to the council"),
        ("running", "公示期至{end}结束，期间不能审议通过", "The notice runs until {end}: no approval before it closes"),
        ("unresolved", "尚有{count}份异议未处理", "{count} objection(s) are not resolved yet"),
        ("upheld", "公示期间的异议已认定成立，不能审议通过", "An objection during the notice was upheld: it cannot be approved"),
        ("closed", "公示已于{end}结束，异议均已处理且无成立", "The notice closed on {end}; every objection is resolved, none upheld"),
    ],
};

/// Art. 12: 经联盟常务理事会审议，正式通过为联盟实训基地. Every approval records the standing
/// council's session date and resolution number.
pub static ART12_COUNCIL: &RuleMeta = &RuleMeta {
    id: "art12.council",
    article: art(12, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("Every approval records the standing council's session date and resolution number."),
    messages: msgs![
        ("date", "请填写常务理事会会议日期（YYYY-MM-DD，不晚于今天）", "Enter the council session's date (YYYY-MM-DD, not after today)"),
        ("resolution", "请填写常务理事会决议文号（1至60字）", "Enter the council's resolution number (1 to 60 characters)"),
        ("after_publicity", "常务理事会会议日期须在公示期结束（{end}）之后", "The council's session comes after the notice closed ({end})"),
    ],
};

/// Art. 11: 研究确定实训基地名单和实训方向. At an application's approval the alliance decides
/// its directions: one to three catalogue codes, by default those applied for.
pub static ART11_DIRECTIONS_DECIDED: &RuleMeta = &RuleMeta {
    id: "art11.directions_decided",
    article: art(11, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("At an application's approval, the decided directions: 1-3 catalogue codes, by default those applied for."),
    messages: msgs![
        ("count", "确定的实训方向须为1至3个（当前{actual}个）", "Decide 1 to 3 directions (now {actual})"),
        ("unknown", "“{code}”不是实训方向目录中的方向", "\"{code}\" is not a direction of the catalogue"),
    ],
};

/// Art. 12: 正式通过为联盟实训基地，并颁发证牌. Certification issues a certificate numbered
/// `AII-TB-{year}-{NNN}` (the year of certification, a sequence within it that never skips or
/// repeats).
pub static ART12_CERTIFICATE: &RuleMeta = &RuleMeta {
    id: "art12.certificate",
    article: art(12, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary("Certification issues a certificate AII-TB-{year}-{NNN}, unique, in sequence within the year."),
    messages: msgs![
        ("unknown", "证牌编号{number}不存在", "There is no certificate numbered {number}"),
        ("not_approved", "只有经常务理事会审议通过的申请可以授牌", "Only an application the council approved can be certified"),
    ],
};

/// Art. 24: 实训基地评估结果有以下情况之一的为不合格：（一）评估专家组认定评估材料不合格；
/// （二）无特殊原因，逾期一个月不上报评估材料；（三）上报材料内容严重不实或者数据存在虚假；
/// （四）有重大违规、违法行为. A revocation names at least one ground and a note; (2) only
/// once the deadline plus one calendar month has passed with nothing on file; from the
/// registry directly only for (2) and (4).
pub static ART24_REVOCATION_GROUND: &RuleMeta = &RuleMeta {
    id: "art24.revocation_ground",
    article: art(24, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "A revocation names at least one ground of Art. 24 (1)-(4) and a note; (2) only after the deadline plus one month with nothing on file; directly from the registry only (2) and (4).",
    ),
    messages: msgs![
        ("ground", "请选择第二十四条所列的不合格情形（一）至（四）", "Choose the ground(s) of Art. 24, (1) to (4)"),
        ("direct", "直接撤销仅适用于第二十四条第（二）、（四）项", "A direct revocation is only for grounds (2) and (4) of Art. 24"),
        (
            "not_overdue",
            "评估材料截止日期后一个月（{date}）尚未届满或材料已提交，不能以第（二）项撤销",
            "Ground (2) applies only after {date} (the deadline plus one month) with no material on file",
        ),
        ("revoked", "该基地已被撤销", "This base is already revoked"),
    ],
};

/// Art. 25: 联盟根据评估意见，结合年度考核情况，确定实训基地评估结果并向社会公布；评估不合格的
/// 实训基地撤销其联盟实训基地资格. Every evaluation result is public with its period, result,
/// date and grounds; a revoked base stays listed as revoked.
pub static ART25_PUBLISHED: &RuleMeta = &RuleMeta {
    id: "art25.published",
    article: art(25, 0),
    severity: Severity::Error,
    scope: Scope::Context,
    summary: summary(
        "Every evaluation result, qualified or not, is public with its period, result, date and grounds; a revoked base stays listed.",
    ),
    messages: msgs![(
        "",
        "评估结果{result}（{from}—{to}年）已于{date}向社会公布",
        "The evaluation result {result} ({from}-{to}) was published on {date}",
    )],
};

/// The family's rules in catalogue order; none in the widget's build.
pub static METAS: &[&RuleMeta] = if cfg!(widget) {
    &[]
} else {
    &[
        ART11_EXPERT_CONFLICT,
        ART11_OPINION,
        ART11_EXPERT_QUORUM,
        ART11_SITE_CHECK,
        ART11_DIRECTIONS_DECIDED,
        ART12_PUBLICITY_PERIOD,
        ART12_OBJECTION,
        ART12_NO_OBJECTION,
        ART12_COUNCIL,
        ART12_CERTIFICATE,
        ART24_REVOCATION_GROUND,
        ART25_PUBLISHED,
    ]
};
