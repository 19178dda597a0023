//! Rules used by several forms: the structural `input.*` checks, `text.*`, identifiers and
//! contact details, with helpers the form modules call for the fields they cover.
//!
//! These generic rules are errors, local, and cite no article (RULES.md: `input.*`, `text.*`,
//! `contact.*` and the `id.*` ids, used where no article rule owns the field, check the form's
//! plumbing, not an obligation of the Measures, and must not be shown as if an article
//! required them).

use crate::date::Date;
use crate::forms::{Val, chars, fewer_chars};
use crate::ids::{IdError, ResidentId, Uscc, email_ok, phone_ok, postal_code_ok};
use crate::report::Params;
use crate::rule::{RuleMeta, Scope, Severity, msgs, summary};
use crate::rules::{Ptr, Sink};

pub static INPUT_TYPE: &RuleMeta = &RuleMeta {
    id: "input.type",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A value of the wrong JSON type (a number where text belongs, …), or text holding U+0000 (reason `nul`)."),
    messages: msgs![
        ("", "类型错误：此处应为{expected}（收到{actual}）", "Wrong type: expected {expected} (got {actual})"),
        ("nul", "文本不能含有空字符（U+0000）", "Text must not contain U+0000 (NUL)"),
    ],
};
pub static INPUT_UNKNOWN_FIELD: &RuleMeta = &RuleMeta {
    id: "input.unknown_field",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A field the form does not have (a typo must not silently drop data)."),
    messages: msgs![("", "表单中没有字段“{field}”，请检查拼写", "The form has no field “{field}”; check the spelling")],
};
pub static INPUT_DATE: &RuleMeta = &RuleMeta {
    id: "input.date",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A date that is not a real calendar date written YYYY-MM-DD."),
    messages: msgs![("", "日期应为真实日期，格式为 YYYY-MM-DD", "A date must be a real date written YYYY-MM-DD")],
};
pub static INPUT_MALFORMED_JSON: &RuleMeta = &RuleMeta {
    id: "input.malformed_json",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The body is not valid JSON (or not UTF-8)."),
    messages: msgs![
        ("", "提交的内容不是有效的 JSON", "The body is not valid JSON"),
        ("utf8", "提交的内容不是有效的 UTF-8 文本", "The body is not valid UTF-8 text"),
    ],
};
pub static INPUT_CONTENT_TYPE: &RuleMeta = &RuleMeta {
    id: "input.content_type",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The request is not `application/json`."),
    messages: msgs![("", "请以 application/json 格式提交", "Send the form as application/json")],
};
pub static INPUT_TOO_LARGE: &RuleMeta = &RuleMeta {
    id: "input.too_large",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The body is larger than the server accepts."),
    messages: msgs![("", "提交的内容过大（上限{max}字节）", "The body is too large (limit {max} bytes)")],
};
pub static INPUT_TOO_DEEP: &RuleMeta = &RuleMeta {
    id: "input.too_deep",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The document nests deeper than any form does."),
    messages: msgs![("", "提交的内容嵌套层级过深（上限{max}层）", "The document nests too deeply (limit {max} levels)")],
};
pub static INPUT_UNKNOWN_KIND: &RuleMeta = &RuleMeta {
    id: "input.unknown_kind",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The form kind in the URL does not exist."),
    messages: msgs![("", "没有这种表单", "There is no such form")],
};
pub static INPUT_IDEMPOTENCY_KEY: &RuleMeta = &RuleMeta {
    id: "input.idempotency_key",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The Idempotency-Key header is empty, too long or not visible ASCII."),
    messages: msgs![("", "Idempotency-Key 应为1至200个可见ASCII字符", "An Idempotency-Key is 1 to 200 visible ASCII characters")],
};
pub static INPUT_IDEMPOTENCY_KEY_REUSED: &RuleMeta = &RuleMeta {
    id: "input.idempotency_key_reused",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("An Idempotency-Key was used before for a different submission."),
    messages: msgs![(
        "",
        "该 Idempotency-Key 已用于另一份不同的提交，请为新的提交使用新的键",
        "This Idempotency-Key was used for a different submission; use a new key for a new submission",
    )],
};
pub static TEXT_REQUIRED: &RuleMeta = &RuleMeta {
    id: "text.required",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A required field without an article rule of its own is present and not blank."),
    messages: msgs![("", "此项为必填项", "This field is required")],
};
pub static TEXT_TOO_LONG: &RuleMeta = &RuleMeta {
    id: "text.too_long",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("Text or a list over the limits of FORMS.md (characters counted after trimming)."),
    messages: msgs![
        ("", "内容过长：最多{max}个字符（当前{actual}个）", "Too long: at most {max} characters (now {actual})"),
        ("items", "条目过多：最多{max}项（当前{actual}项）", "Too many items: at most {max} (now {actual})"),
    ],
};

/// The USCC failures, shared by every rule that owns a USCC field.
macro_rules! uscc_messages {
    ($($extra:tt),* $(,)?) => {
        $crate::rule::msgs![
            $($extra,)*
            ("length", "统一社会信用代码应为18位", "A unified social credit code has 18 characters"),
            ("charset", "统一社会信用代码含有不允许的字符（只用数字和大写字母，不用I、O、S、V、Z）", "The unified social credit code has a character it never uses (digits and capitals only, no I, O, S, V, Z)"),
            ("check_char", "统一社会信用代码校验位不正确，请核对", "The check character of the unified social credit code is wrong; please check the code"),
            ("org_code", "统一社会信用代码第9–17位（组织机构代码）校验不正确", "Characters 9–17 of the code (the organisation code) fail their check"),
        ]
    };
}
pub(crate) use uscc_messages;

pub static ID_USCC: &RuleMeta = &RuleMeta {
    id: "id.uscc",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("统一社会信用代码 per GB 32100-2015 (check character) with the embedded GB 11714 organisation code."),
    messages: uscc_messages![],
};
pub static ID_USCC_NOT_LEGAL_PERSON: &RuleMeta = &RuleMeta {
    id: "id.uscc_not_legal_person",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A code starting with 92 (individual business) is not an independent legal person."),
    messages: msgs![(
        "",
        "代码以92开头的个体工商户不具有独立法人资格",
        "A code starting with 92 (individual business) is not an independent legal person",
    )],
};
/// `id.resident` (no article: the appointee's ID number of Art. 14's form, checked as GB 11643
/// and GB/T 2260 define it). Positions 1–2 are a province-level code: GB/T 2260's 11–15, 21–23,
/// 31–37, 41–46, 50–54, 61–65, or 71 (台湾), 81 (香港), 82 (澳门), 83 (港澳台居民居住证), 91.
pub static ID_RESIDENT: &RuleMeta = &RuleMeta {
    id: "id.resident",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary(
        "居民身份证号码 per GB 11643-1999: MOD 11-2 check character, a real, past birth date, and a province-level code (GB/T 2260, or 71, 81–83, 91) in positions 1–2.",
    ),
    messages: msgs![
        ("length", "身份证号码应为18位", "A resident ID number has 18 characters"),
        ("charset", "身份证号码应为17位数字加1位数字或X", "A resident ID number is 17 digits and a final digit or X"),
        ("check_char", "身份证号码校验位不正确，请核对", "The check character of the ID number is wrong; please check the number"),
        ("birth_date", "身份证号码中的出生日期无效", "The birth date inside the ID number is not a real past date"),
        ("province", "身份证号码前两位不是省级行政区划代码", "The ID number's first two digits are no province code"),
    ],
};
pub static ID_RESIDENT_BIRTH_MISMATCH: &RuleMeta = &RuleMeta {
    id: "id.resident_birth_mismatch",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("The birth date inside the ID number equals the stated birth date."),
    messages: msgs![(
        "",
        "身份证号码中的出生日期与所填出生日期不一致",
        "The birth date inside the ID number differs from the stated birth date"
    )],
};
pub static CONTACT_PHONE: &RuleMeta = &RuleMeta {
    id: "contact.phone",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A mainland mobile number or a landline with area code."),
    messages: msgs![(
        "",
        "请填写有效的手机号码（11位）或带区号的固定电话（如 021-64001234）",
        "Enter a mobile number (11 digits) or a landline with area code (e.g. 021-64001234)",
    )],
};
pub static CONTACT_EMAIL: &RuleMeta = &RuleMeta {
    id: "contact.email",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A plausible e-mail address."),
    messages: msgs![("", "请填写有效的电子邮箱地址", "Enter a valid e-mail address")],
};
pub static CONTACT_POSTAL_CODE: &RuleMeta = &RuleMeta {
    id: "contact.postal_code",
    article: None,
    severity: Severity::Error,
    scope: Scope::Local,
    summary: summary("A six-digit postal code."),
    messages: msgs![("", "邮政编码应为6位数字", "A postal code is 6 digits")],
};

/// `art24.declaration`: the materials are confirmed true (`true`, not absent or `false`; a
/// wrong type is the shape walk's to report).
pub(crate) fn declaration(s: &mut Sink, v: &Val<bool>) {
    if v.get() != Some(true) && !matches!(v, Val::WrongType) {
        s.error("/declaration", Params::new());
    }
}

/// `text.required` for one field: reports a missing value.
pub(crate) fn required<T>(s: &mut Sink, v: &Val<T>, path: &str) {
    if v.is_missing() {
        s.error(path, Params::new());
    }
}

/// `text.required` for a field of a list item (`/list/i/field`), its path made only if missing.
pub(crate) fn required_at<T>(s: &mut Sink, v: &Val<T>, list: &str, i: usize, field: &str) {
    if v.is_missing() {
        s.error(crate::rules::at(list, i, field), Params::new());
    }
}

/// A statement "of substance": present (reason `required`) and at least `min` characters
/// (reason `too_short`).
pub(crate) fn substance(s: &mut Sink, v: &Val<&str>, path: &str, min: usize) {
    match v {
        Val::Missing => s.error_for(path, "required"),
        Val::Ok(_) if fewer_chars(v, min) => {
            s.error(path, Params::new().with("reason", "too_short").with("min", min).with("actual", chars(v)))
        }
        _ => {}
    }
}

/// The reason param of a USCC failure.
pub(crate) fn id_reason(e: IdError) -> Params {
    Params::new().with("reason", e.code())
}

/// A present USCC, parsed; reports a refused one under the sink's rule and returns `None`.
pub(crate) fn uscc_or_report<'v>(s: &mut Sink, v: &'v Val<Uscc, IdError>, path: Ptr) -> Option<&'v Uscc> {
    match v {
        Val::Ok(u) => Some(u),
        Val::Refused(e) => {
            s.error(path, id_reason(*e));
            None
        }
        _ => None,
    }
}

/// `id.uscc_not_legal_person` for a present, valid USCC.
pub(crate) fn not_legal_person(s: &mut Sink, v: &Val<Uscc, IdError>, path: Ptr) {
    if v.ok().is_some_and(|u| !u.is_legal_person()) {
        s.error(path, Params::new());
    }
}

/// `id.resident` for an optional ID number: refused as read, or not valid `today`.
pub(crate) fn resident(s: &mut Sink, v: &Val<ResidentId, IdError>, path: &str, today: Date) {
    let e = match v {
        Val::Refused(e) => *e,
        Val::Ok(id) => match id.valid_on(today) {
            Ok(()) => return,
            Err(e) => e,
        },
        _ => return,
    };
    s.error(path, id_reason(e));
}

/// `id.resident_birth_mismatch`, reported on a valid ID number.
pub(crate) fn birth_mismatch(s: &mut Sink, id: &Val<ResidentId, IdError>, id_path: &str, birth: &Val<Date>, today: Date) {
    if let (Some(id), Some(birth)) = (id.ok(), birth.get())
        && id.valid_on(today).is_ok()
        && id.birth_date() != birth
    {
        s.error(id_path, Params::new());
    }
}

pub(crate) fn phone(s: &mut Sink, v: &Val<&str>, path: &str) {
    if v.get().is_some_and(|p| !phone_ok(p)) {
        s.error(path, Params::new());
    }
}

pub(crate) fn email(s: &mut Sink, v: &Val<&str>, path: &str) {
    if v.get().is_some_and(|p| !email_ok(p)) {
        s.error(path, Params::new());
    }
}

pub(crate) fn postal_code(s: &mut Sink, v: &Val<&str>, path: &str) {
    if v.get().is_some_and(|p| !postal_code_ok(p)) {
        s.error(path, Params::new());
    }
}

/// This family's rules in catalogue order (`rules::all::all_rules` joins the families' lists).
pub static METAS: &[&RuleMeta] = &[
    INPUT_TYPE,
    INPUT_UNKNOWN_FIELD,
    INPUT_DATE,
    INPUT_MALFORMED_JSON,
    INPUT_CONTENT_TYPE,
    INPUT_TOO_LARGE,
    INPUT_TOO_DEEP,
    INPUT_UNKNOWN_KIND,
    INPUT_IDEMPOTENCY_KEY,
    INPUT_IDEMPOTENCY_KEY_REUSED,
    TEXT_REQUIRED,
    TEXT_TOO_LONG,
    ID_USCC,
    ID_USCC_NOT_LEGAL_PERSON,
    ID_RESIDENT,
    ID_RESIDENT_BIRTH_MISMATCH,
    CONTACT_PHONE,
    CONTACT_EMAIL,
    CONTACT_POSTAL_CODE,
];

/// This family's table cases: each patches a valid example and states exactly which issues
/// (path, severity) its rule reports, or none (`rules::table` runs them).
#[cfg(test)]
pub(crate) mod cases {
    use crate::rules::case::*;

    pub(crate) static CASES: &[Case] = &[
        case("input.type", A, &[], Pass),
        case("input.type", A, &[("/facilities/simultaneous_trainees", "\"forty\"")], Fail(&[("/facilities/simultaneous_trainees", E)])),
        case("input.type", A, &[("/facilities/simultaneous_trainees", "40.5")], Fail(&[("/facilities/simultaneous_trainees", E)])),
        case("input.type", D, &[("/appointee", "\"黄老师\"")], Fail(&[("/appointee", E)])),
        // Text holding U+0000 (reason `nul`), wherever it is: names, ids, dates, enumerations.
        case("input.type", A, &[("/unit/name", "\"示例\\u0000大学\"")], Fail(&[("/unit/name", E)])),
        case("input.type", D, &[("/base_id", "\"\\u0000\"")], Fail(&[("/base_id", E)])),
        case("input.type", D, &[("/term_start", "\"2027-09-01\\u0000\"")], Fail(&[("/term_start", E)])),
        case("input.unknown_field", A, &[], Pass),
        case("input.unknown_field", A, &[("/unit/nmae", "\"x\"")], Fail(&[("/unit/nmae", E)])),
        case("input.unknown_field", C, &[("/urgency", "1")], Fail(&[("/urgency", E)])),
        case("input.date", A, &[], Pass),
        case("input.date", A, &[("/instructors/0/birth_date", "\"1975-02-30\"")], Fail(&[("/instructors/0/birth_date", E)])),
        case("input.date", D, &[("/term_start", "\"2027/09/01\"")], Fail(&[("/term_start", E)])),
        case("text.required", A, &[], Pass),
        case("text.required", A, &[("/unit/name", "\"  \"")], Fail(&[("/unit/name", E)])),
        case("text.required", A, &[("/instructors/1/title", "null")], Fail(&[("/instructors/1/title", E)])),
        case("text.required", D, &[("/appointee/employer", "null")], Fail(&[("/appointee/employer", E)])),
        case("text.required", C, &[("/current_directions", "[]")], Fail(&[("/current_directions", E)])),
        case("text.too_long", A, &[("/unit/name", "repeat:名:100")], Pass),
        case("text.too_long", A, &[("/unit/name", "repeat:名:101")], Fail(&[("/unit/name", E)])),
        case("text.too_long", C, &[("/reason", "repeat:理:5001")], Fail(&[("/reason", E)])),
        case("id.uscc", D, &[], Pass),
        case("id.uscc", D, &[("/recommenders/0/uscc", "\"12310104729436482E\"")], Fail(&[("/recommenders/0/uscc", E)])),
        case("id.uscc", D, &[("/recommenders/1/uscc", "\"12330106858137286\"")], Fail(&[("/recommenders/1/uscc", E)])),
        case("id.uscc_not_legal_person", A, &[], Pass),
        case("id.uscc_not_legal_person", A, &[("/partners/0/uscc", USCC_92)], Fail(&[("/partners/0/uscc", E)])),
        case("id.uscc_not_legal_person", D, &[("/recommenders/1/uscc", USCC_92)], Fail(&[("/recommenders/1/uscc", E)])),
        case("id.resident", D, &[("/appointee/id_number", ID_19721201)], Pass),
        case("id.resident", D, &[("/appointee/id_number", "\"110105197212010012\"")], Fail(&[("/appointee/id_number", E)])),
        case("id.resident", D, &[("/appointee/id_number", "\"11010519721201001\"")], Fail(&[("/appointee/id_number", E)])),
        // Positions 1–2: a province-level code (GB/T 2260), or 71, 81–83, 91.
        case("id.resident", D, &[("/appointee/id_number", "\"710105197212010013\"")], Pass),
        case("id.resident", D, &[("/appointee/id_number", "\"830105197212010010\"")], Pass),
        case("id.resident", D, &[("/appointee/id_number", "\"160105197212010010\"")], Fail(&[("/appointee/id_number", E)])),
        case("id.resident", D, &[("/appointee/id_number", "\"240105197212010010\"")], Fail(&[("/appointee/id_number", E)])),
        case("id.resident_birth_mismatch", D, &[("/appointee/id_number", ID_19721201)], Pass),
        case("id.resident_birth_mismatch", D, &[("/appointee/id_number", ID_19721202)], Fail(&[("/appointee/id_number", E)])),
        case("contact.phone", A, &[("/contact/phone", "\"13812345678\"")], Pass),
        // Spaces as a typist writes them are dropped before the check (issue 21).
        case("contact.phone", A, &[("/contact/phone", "\"021 64001234\"")], Pass),
        case("contact.phone", A, &[("/contact/phone", "\"021 6400 1234\"")], Pass),
        case("contact.phone", A, &[("/contact/phone", "\"138 1234 5678\"")], Pass),
        case("contact.phone", A, &[("/contact/phone", "\"12345\"")], Fail(&[("/contact/phone", E)])),
        case("contact.phone", A, &[("/contact/phone", "\"138 1234 567\"")], Fail(&[("/contact/phone", E)])),
        case("contact.email", A, &[], Pass),
        case("contact.email", A, &[("/contact/email", "\"base@\"")], Fail(&[("/contact/email", E)])),
        case("contact.postal_code", A, &[], Pass),
        case("contact.postal_code", A, &[("/unit/postal_code", "\"20003\"")], Fail(&[("/unit/postal_code", E)])),
        case("text.required", Y, &[("/base_id", "null")], Fail(&[("/base_id", E)])),
        case("text.required", V, &[("/base_id", "\"\"")], Fail(&[("/base_id", E)])),
    ];
}
