//! Display labels for coded param values (unit kinds, roles, JSON types, direction codes), so
//! a message shows 高等学校 / university rather than a code. Unknown values show as given.

use crate::catalog;
use crate::rule::{Locale, Messages, msgs};

/// Each code's label, packed as messages are (the code in place of the reason): one text.
pub(crate) const LABELS: Messages = msgs![
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
        // Only a context rule's params (`art21.current_matches`) name directions: never in the
        // widget's build, which so leaves the catalog's names out.
        "registered" if cfg!(not(widget)) => catalog::direction(value).map_or(value, |d| d.name(locale)),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code's label in both locales; anything else, the empty text and a text holding the
    /// packing's marks included, shows as given.
    #[test]
    fn codes_are_labelled_and_anything_else_shown_as_given() {
        assert_eq!(label("kind", "university", Locale::Zh), "高等学校");
        assert_eq!(label("kind", "university", Locale::En), "university");
        assert_eq!(label("actual", "null", Locale::Zh), "空值");
        assert_eq!(label("role", "deputy_director", Locale::En), "deputy director");
        for m in LABELS.iter() {
            assert_eq!(label("expected", m.reason, Locale::Zh), m.zh);
            assert_eq!(label("expected", m.reason, Locale::En), m.en);
        }
        for other in ["", "unknown", "enterprise\u{1f}企业", "enterprise\u{1f}", "\u{1e}university"] {
            assert_eq!(label("kind", other, Locale::Zh), other, "{other:?}");
        }
        assert_eq!(label("name", "university", Locale::Zh), "university", "only coded params are labelled");
    }
}
