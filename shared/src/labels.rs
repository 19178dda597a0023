//! Display labels for coded param values (unit kinds, roles, JSON types, direction codes), so
//! a message shows 高等学校 / university rather than a code. Unknown values show as given.

use crate::catalog;
use crate::rule::{Locale, Messages, msgs};

/// Each code's label, packed as messages are (the code in place of the reason): one text.
const LABELS: Messages = msgs![
    ("enterprise", "企业", "enterprise"),
    ("university", "高等学校", "university"),
    ("vocational_college", "职业院校", "vocational college"),
    ("research_institute", "科研院所", "research institute"),
    ("director", "主任", "director"),
    ("deputy_director", "副主任", "deputy director"),
    ("object", "对象", "an object"),
    ("array", "列表", "a list"),
    ("string", "文本", "text"),
    ("integer", "整数", "a whole number"),
    ("number", "数字", "a number"),
    ("boolean", "是/否", "true/false"),
    ("date", "日期", "a date"),
    ("null", "空值", "null"),
];

/// The label of `value` for the param `key`.
pub fn label<'v>(key: &str, value: &'v str, locale: Locale) -> &'v str {
    match key {
        "kind" | "role" | "expected" | "actual" => LABELS.find(value, locale).unwrap_or(value),
        "registered" => catalog::direction(value).map_or(value, |d| d.name(locale)),
        _ => value,
    }
}
