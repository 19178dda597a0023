//! Rule metadata: the stable id, the article it comes from, severity, scope and message
//! templates in both locales. Every rule module declares its `RuleMeta` next to its check.

use alloc::string::String;

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
        if tag.as_bytes().get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"en")) { Locale::En } else { Locale::Zh }
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
                out.push_str("Art. ");
                crate::json::write_int(&mut out, i64::from(self.number));
                if self.clause > 0 {
                    out.push('(');
                    crate::json::write_int(&mut out, i64::from(self.clause));
                    out.push(')');
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

/// A rule's message templates, packed into one text at compile time by [`msgs!`]: per message
/// `reason`, `zh` and `en` separated by U+001F, each message ended by U+001E. One static text
/// instead of a table of text references (the widget's build pays for every such reference).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Messages(pub &'static str);

impl Messages {
    pub fn iter(self) -> MsgIter {
        MsgIter(self.0)
    }
    /// The template for `reason` in one locale, else the rule's first (`""` for a rule
    /// without messages), splitting only the message it returns: it runs once per issue.
    pub fn template(self, reason: &str, locale: Locale) -> &'static str {
        // Scans only as far as it must: a message's reason is short, and the text after the
        // wanted locale's template is never searched.
        let mut rest = self.0;
        let mut first = None;
        while !rest.is_empty() {
            let (r, texts) = cut(rest, '\u{1f}');
            if r == reason || first.is_none() {
                let (zh, after_zh) = cut(texts, '\u{1f}');
                if r == reason && locale == Locale::Zh {
                    return zh;
                }
                let (en, next) = cut(after_zh, '\u{1e}');
                let text = if locale == Locale::Zh { zh } else { en };
                if r == reason {
                    return text;
                }
                first = Some(text);
                rest = next;
            } else {
                rest = cut(texts, '\u{1e}').1;
            }
        }
        first.unwrap_or("")
    }
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }
    pub fn len(self) -> usize {
        self.iter().count()
    }
}

/// The messages of a [`Messages`], in order.
#[derive(Clone)]
pub struct MsgIter(&'static str);

/// `s` up to the first `sep` and after it (all of `s` and `""` without one). `str::find` on a
/// character is a `memchr`: message texts are long enough for it to pay.
fn cut(s: &'static str, sep: char) -> (&'static str, &'static str) {
    match s.find(sep) {
        Some(i) => (s.get(..i).unwrap_or(""), s.get(i + 1..).unwrap_or("")),
        None => (s, ""),
    }
}

impl Iterator for MsgIter {
    type Item = Msg;
    fn next(&mut self) -> Option<Msg> {
        if self.0.is_empty() {
            return None;
        }
        let (m, rest) = cut(self.0, '\u{1e}');
        self.0 = rest;
        let (reason, texts) = cut(m, '\u{1f}');
        let (zh, en) = cut(texts, '\u{1f}');
        Some(Msg { reason, zh, en })
    }
}

/// `msgs![(reason, zh, en), …]`: a rule's [`Messages`], from string literals; `""` is the
/// rule's main message.
macro_rules! msgs {
    ($(($reason:literal, $zh:literal, $en:literal $(,)?)),+ $(,)?) => {
        $crate::rule::Messages(concat!($($reason, "\u{1f}", $zh, "\u{1f}", $en, "\u{1e}"),+))
    };
}
pub(crate) use msgs;

#[derive(Debug, PartialEq)]
pub struct RuleMeta {
    pub id: &'static str,
    pub article: Article,
    pub severity: Severity,
    pub scope: Scope,
    /// One-line description for the catalogue (English; the messages carry both locales).
    pub summary: &'static str,
    pub messages: Messages,
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
