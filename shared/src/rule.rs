//! Rule metadata: the stable id, the article it comes from, severity, scope and message
//! templates in both locales. Every rule module declares its `RuleMeta` next to its check.

use alloc::borrow::Cow;
use alloc::string::String;
use core::num::NonZeroU8;

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

impl Severity {
    /// The name in reports and the catalogue, as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
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
///
/// `number` is never 0, so `Option<Article>` (a rule's citation, `None` for the generic rules)
/// takes no more room than an article: the rule table's entries stay as small as they were
/// (the widget's build pays for every byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Article {
    pub number: NonZeroU8,
    pub clause: u8,
}

const ZH_DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn zh_number(out: &mut String, n: u8) {
    let (tens, ones) = (n / 10, n % 10);
    let digit = |d: u8| ZH_DIGITS.get(usize::from(d)).copied().unwrap_or_default();
    if tens > 1 {
        out.push_str(digit(tens));
    }
    if tens >= 1 {
        out.push('十');
    }
    out.push_str(digit(ones));
}

impl Article {
    /// Article `number` (1–27), clause `clause` (0 for the whole article). Panics (at compile
    /// time, where the rules declare their articles) for article 0.
    pub const fn new(number: u8, clause: u8) -> Article {
        match NonZeroU8::new(number) {
            Some(number) => Article { number, clause },
            None => panic!("there is no article 0"),
        }
    }

    /// The article's text in a locale. Outside the widget's build, the articles the rules cite
    /// come from [`ARTICLE_TEXTS`] without an allocation (a report cites one per issue); the
    /// widget renders them, keeping the table out of its bundle.
    pub fn text(self, locale: Locale) -> Cow<'static, str> {
        if cfg!(not(widget))
            && let Some(&(_, _, zh, en)) = ARTICLE_TEXTS.iter().find(|(n, c, ..)| *n == self.number.get() && *c == self.clause)
        {
            return Cow::Borrowed(if locale == Locale::Zh { zh } else { en });
        }
        Cow::Owned(self.render(locale))
    }

    pub fn render(self, locale: Locale) -> String {
        let mut out = String::with_capacity(24);
        match locale {
            Locale::Zh => {
                out.push('第');
                zh_number(&mut out, self.number.get());
                out.push('条');
                if self.clause > 0 {
                    out.push('（');
                    zh_number(&mut out, self.clause);
                    out.push('）');
                }
            }
            Locale::En => {
                out.push_str("Art. ");
                crate::json::write_int(&mut out, i64::from(self.number.get()));
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

/// The texts of the articles the rules cite (number, clause, Chinese, English): what
/// [`Article::render`] writes for each, which a test holds, with every rule's article listed.
static ARTICLE_TEXTS: &[(u8, u8, &str, &str)] = &[
    (4, 0, "第四条", "Art. 4"),
    (7, 1, "第七条（一）", "Art. 7(1)"),
    (7, 2, "第七条（二）", "Art. 7(2)"),
    (7, 3, "第七条（三）", "Art. 7(3)"),
    (7, 4, "第七条（四）", "Art. 7(4)"),
    (7, 5, "第七条（五）", "Art. 7(5)"),
    (7, 6, "第七条（六）", "Art. 7(6)"),
    (8, 0, "第八条", "Art. 8"),
    (9, 0, "第九条", "Art. 9"),
    (10, 0, "第十条", "Art. 10"),
    // Cited by the procedure's rules only, which the widget's build leaves out.
    #[cfg(not(widget))]
    (11, 0, "第十一条", "Art. 11"),
    (12, 0, "第十二条", "Art. 12"),
    (14, 0, "第十四条", "Art. 14"),
    (15, 0, "第十五条", "Art. 15"),
    (16, 0, "第十六条", "Art. 16"),
    (18, 0, "第十八条", "Art. 18"),
    (21, 0, "第二十一条", "Art. 21"),
    (22, 0, "第二十二条", "Art. 22"),
    (23, 0, "第二十三条", "Art. 23"),
    (24, 0, "第二十四条", "Art. 24"),
    (24, 2, "第二十四条（二）", "Art. 24(2)"),
    (24, 3, "第二十四条（三）", "Art. 24(3)"),
    (24, 4, "第二十四条（四）", "Art. 24(4)"),
    #[cfg(not(widget))]
    (25, 0, "第二十五条", "Art. 25"),
];

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
/// `reason`, `zh` and `en` separated by U+001F, each message ended by U+001E. The widget's build
/// pays for every text reference a table of messages would hold (8 bytes each, three a message),
/// so every build keeps one static text per rule and finds a message by scanning for its reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Messages {
    pub text: &'static str,
}

impl Messages {
    pub fn iter(self) -> MsgIter {
        MsgIter(self.text)
    }
    /// The template for `reason` in one locale, else the rule's first (`""` for a rule
    /// without messages), splitting only the message it returns: it runs once per issue.
    pub fn template(self, reason: &str, locale: Locale) -> &'static str {
        self.text_at(self.start(reason), locale)
    }

    /// The text for `reason` in one locale, `None` when no message has that reason (labels are
    /// kept as messages whose reason is the code they label).
    pub fn find(self, reason: &str, locale: Locale) -> Option<&'static str> {
        // A text holding the packing's own marks is no code.
        if reason.bytes().any(|b| b == 0x1e || b == 0x1f) {
            return None;
        }
        let start = self.start(reason);
        self.is_reason(start, reason).then(|| self.text_at(start, locale))
    }

    /// The text in one locale of the message starting at `start`.
    fn text_at(self, start: usize, locale: Locale) -> &'static str {
        let message = self.text.get(start..).unwrap_or("");
        let (_, texts) = cut(message, 0x1f);
        let (zh, after_zh) = cut(texts, 0x1f);
        match locale {
            Locale::Zh => zh,
            Locale::En => cut(after_zh, 0x1e).0,
        }
    }
    /// Whether the message at `at` is the one for `reason`.
    fn is_reason(self, at: usize, reason: &str) -> bool {
        let text = self.text.as_bytes();
        let end = at + reason.len();
        text.get(at..end) == Some(reason.as_bytes()) && text.get(end) == Some(&0x1f)
    }

    /// Where the message for `reason` starts (after the previous message's end mark), else
    /// the first (0).
    fn start(self, reason: &str) -> usize {
        let mut at = 0;
        while !self.is_reason(at, reason) {
            match crate::util::find_byte(self.text.get(at..).unwrap_or_default(), 0x1e) {
                Some(end) if at + end + 1 < self.text.len() => at += end + 1,
                _ => return 0,
            }
        }
        at
    }

    pub fn is_empty(self) -> bool {
        self.text.is_empty()
    }
    pub fn len(self) -> usize {
        self.iter().count()
    }
}

/// The messages of a [`Messages`], in order.
#[derive(Clone)]
pub struct MsgIter(&'static str);

/// `s` up to the first `sep` and after it (all of `s` and `""` without one). Natively a
/// `memchr` ([`crate::util::find_byte`]): message texts are long enough for it to pay.
fn cut(s: &'static str, sep: u8) -> (&'static str, &'static str) {
    match crate::util::find_byte(s, sep) {
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
        let (m, rest) = cut(self.0, 0x1e);
        self.0 = rest;
        let (reason, texts) = cut(m, 0x1f);
        let (zh, en) = cut(texts, 0x1f);
        Some(Msg { reason, zh, en })
    }
}

/// `msgs![(reason, zh, en), …]`: a rule's [`Messages`], from string literals; `""` is the
/// rule's main message.
macro_rules! msgs {
    ($(($reason:literal, $zh:literal, $en:literal $(,)?)),+ $(,)?) => {
        $crate::rule::Messages { text: concat!($($reason, "\u{1f}", $zh, "\u{1f}", $en, "\u{1e}"),+) }
    };
}
pub(crate) use msgs;

/// A rule, declared once in its family's module with named fields:
///
/// ```ignore
/// pub static ART7_3_CAPACITY: &RuleMeta = &RuleMeta {
///     id: "art7.3.capacity",
///     article: art(7, 3),
///     severity: Severity::Error,
///     scope: Scope::Local,
///     summary: summary("At least 20 trainees can practise at once."),
///     messages: msgs![("", "实训环境须满足…（当前：{actual}）", "… (now {actual})")],
/// };
/// ```
#[derive(Debug, PartialEq)]
pub struct RuleMeta {
    pub id: &'static str,
    /// The article the rule enforces; `None` for the generic rules (`input.*`, `text.*`,
    /// `contact.*`, `id.*`: RULES.md), which check the form's plumbing, not an obligation of
    /// the Measures, and cite none.
    pub article: Option<Article>,
    pub severity: Severity,
    pub scope: Scope,
    /// One-line description for the catalogue (English; the messages carry both locales).
    /// Empty in the widget's build: see [`summary`].
    pub summary: &'static str,
    pub messages: Messages,
}

/// The citation of article `number`, clause `clause` (0 for the whole article), for a rule's
/// `article` field.
pub const fn art(number: u8, clause: u8) -> Option<Article> {
    Some(Article::new(number, clause))
}

/// A rule's summary as this build keeps it. The summaries are developer notes in English (the
/// messages carry both locales) for the catalogue; the widget's build has no catalogue (its
/// module fetches the one the server makes, summaries included), so it leaves them out
/// (~2.1 kB gzipped). Every other build keeps them.
pub const fn summary(text: &'static str) -> &'static str {
    if cfg!(widget) { "" } else { text }
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
    fn the_article_table_holds_every_rules_article_as_rendered() {
        for &(number, clause, zh, en) in ARTICLE_TEXTS {
            let article = Article::new(number, clause);
            assert_eq!((article.render(Locale::Zh).as_str(), article.render(Locale::En).as_str()), (zh, en));
        }
        for rule in crate::rules::all::all_rules() {
            let Some(a) = rule.article else { continue };
            assert!(
                ARTICLE_TEXTS.iter().any(|(n, c, ..)| (*n, *c) == (a.number.get(), a.clause)),
                "{}: add its article to ARTICLE_TEXTS",
                rule.id
            );
            assert!(matches!(a.text(Locale::Zh), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn a_citation_takes_no_more_room_than_an_article() {
        assert_eq!(core::mem::size_of::<Option<Article>>(), core::mem::size_of::<Article>());
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("en-GB"), Locale::En);
        assert_eq!(Locale::parse("zh-CN"), Locale::Zh);
        assert_eq!(Locale::parse(""), Locale::Zh);
    }
}
