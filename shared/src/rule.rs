//! Rule metadata: the stable id, the article it comes from, severity, scope and message
//! templates in both locales. Every rule module declares its `RuleMeta` next to its check.

use alloc::string::String;
use core::fmt::Write;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// `zh-CN` (also `zh`, `zh-Hans…`) or `en…`; anything else is the default, Chinese.
    pub fn parse(tag: &str) -> Locale {
        // `get`, not `[..2]`: a tag may start with a character of more than one byte.
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en")) { Locale::En } else { Locale::Zh }
    }
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// `local`: decidable from the form alone (browser and server). `context`: needs the
/// server's data (other submissions, the registry, the calendar); never run in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Local,
    Context,
}

/// An article of the Measures, optionally with its clause: 第七条（三） / Art. 7(3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Article {
    pub number: u8,
    pub clause: u8,
}

const ZH_DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn zh_number(out: &mut String, n: u8) {
    let (tens, ones) = (n / 10, n % 10);
    if tens > 1 {
        out.push_str(ZH_DIGITS[tens as usize]);
    }
    if tens >= 1 {
        out.push('十');
    }
    out.push_str(ZH_DIGITS[ones as usize]);
}

impl Article {
    pub const fn new(number: u8, clause: u8) -> Article {
        Article { number, clause }
    }

    pub fn render(self, locale: Locale) -> String {
        let mut out = String::with_capacity(24);
        match locale {
            Locale::Zh => {
                out.push('第');
                zh_number(&mut out, self.number);
                out.push('条');
                if self.clause > 0 {
                    out.push('（');
                    zh_number(&mut out, self.clause);
                    out.push('）');
                }
            }
            Locale::En => {
                let _ = write!(out, "Art. {}", self.number);
                if self.clause > 0 {
                    let _ = write!(out, "({})", self.clause);
                }
            }
        }
        out
    }
}

/// One message template; `reason` selects it when a rule has several (the issue's `reason`
/// param), `""` is the rule's main message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg {
    pub reason: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Msg {
    pub fn text(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => self.zh,
            Locale::En => self.en,
        }
    }
}

pub const fn msg(reason: &'static str, zh: &'static str, en: &'static str) -> Msg {
    Msg { reason, zh, en }
}

#[derive(Debug, PartialEq)]
pub struct RuleMeta {
    pub id: &'static str,
    pub article: Article,
    pub severity: Severity,
    pub scope: Scope,
    /// One-line description for the catalogue (English; the messages carry both locales).
    pub summary: &'static str,
    pub messages: &'static [Msg],
}

/// Structural rules are decided while reading the document, not by a rule over fields:
/// a field re-check replaces them by path rather than by rule id.
pub fn is_structural(rule_id: &str) -> bool {
    rule_id.starts_with("input.") || rule_id == crate::rules::common::TEXT_TOO_LONG.id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_render_in_both_locales() {
        assert_eq!(Article::new(7, 3).render(Locale::Zh), "第七条（三）");
        assert_eq!(Article::new(24, 3).render(Locale::Zh), "第二十四条（三）");
        assert_eq!(Article::new(10, 0).render(Locale::Zh), "第十条");
        assert_eq!(Article::new(12, 0).render(Locale::Zh), "第十二条");
        assert_eq!(Article::new(21, 0).render(Locale::Zh), "第二十一条");
        assert_eq!(Article::new(7, 3).render(Locale::En), "Art. 7(3)");
        assert_eq!(Article::new(14, 0).render(Locale::En), "Art. 14");
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("en-GB"), Locale::En);
        assert_eq!(Locale::parse("zh-CN"), Locale::Zh);
        assert_eq!(Locale::parse(""), Locale::Zh);
    }
}
