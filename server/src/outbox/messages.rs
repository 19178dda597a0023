//! Every e-mail text, in Chinese and English, in one place: plain text (UTF-8) with the link
//! to the submission's status page. A message carries nothing personal beyond what its
//! recipient gave (the form's kind, the submission's id, the decision's note shown to the
//! applicant anyway, the certificate's number and the base's id); never a document's fields.

use aii_rules::{FormKind, Locale};

/// What a message tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// A 201: the receipt (the only time it is known outside the applicant's browser: it is
    /// stored hashed), so the link opens the status page straight away.
    Submitted { receipt: &'a str },
    /// A status change the applicant sees, with the note shown on the status page (returned,
    /// rejected, voided, an evaluation's result), and at certification the certificate's
    /// number and the base's id.
    Status { status: &'a str, note: Option<&'a str>, certificate: Option<&'a str>, base_id: Option<&'a str> },
}

/// The statuses that notify the applicant: every decision they see as an outcome or as a step
/// they must act on. (`under_review` and `site_check` are the secretariat's inner steps; a
/// withdrawal and a resubmission are the applicant's own acts.)
pub fn notifies(status: &str) -> bool {
    matches!(status, "returned" | "rejected" | "publicity" | "approved" | "certified" | "filed" | "qualified" | "unqualified" | "voided")
}

/// A message's subject and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

fn kind_title(kind: FormKind, locale: Locale) -> &'static str {
    let (zh, en) = match kind {
        FormKind::Application => ("实训基地申请书", "Training base application"),
        FormKind::DirectorAppointment => ("实训基地主任、副主任推荐", "Director or deputy director appointment"),
        FormKind::DirectionChange => ("实训方向变更申请书", "Direction change request"),
        FormKind::AnnualAssessment => ("实训基地年度考核备案", "Annual assessment filing"),
        FormKind::TrainingPlan => ("实训基地实训计划", "Training plan"),
        FormKind::Evaluation => ("实训基地定期评估材料", "Three-yearly evaluation"),
    };
    if locale == Locale::En { en } else { zh }
}

/// What a status means to the applicant: (its name, what happens next).
fn status_text(status: &str, locale: Locale) -> (&'static str, &'static str) {
    let (zh, en) = match status {
        "returned" => (
            ("已退回修改", "请按秘书处的说明修改后重新提交（在状态页点击“修改并重新提交”）。"),
            (
                "returned for correction",
                "Please correct it as the secretariat explains and resubmit it (\"Correct and resubmit\" on the status page).",
            ),
        ),
        "rejected" => (("未予通过", "本次提交的办理已结束。"), ("rejected", "This submission's procedure has ended.")),
        "publicity" => (
            ("进入公示", "公示期间可在联盟网站查看公示名单；公示期满无异议后继续办理。"),
            (
                "on public notice",
                "The notice can be read on the alliance's site; the procedure goes on once it ends without upheld objections.",
            ),
        ),
        "approved" => (("已批准", "后续进展将另行通知。"), ("approved", "You will be told of the next steps.")),
        "certified" => (
            ("已授牌", "实训基地已列入名录，证书可在联盟网站核验。"),
            ("certified", "The base is in the registry; its certificate can be verified on the alliance's site."),
        ),
        "filed" => (("已备案", "本次备案已完成。"), ("filed", "This filing is complete.")),
        "qualified" => (("评估合格", "定期评估结果为合格。"), ("qualified", "The evaluation's result is qualified.")),
        "unqualified" => (
            ("评估不合格", "定期评估结果为不合格，实训基地资格依第二十四条撤销。"),
            ("unqualified", "The evaluation's result is unqualified; the base is revoked under Art. 24."),
        ),
        "voided" => (("已作废", "本次提交已作废，办理结束。"), ("voided", "This submission is void; its procedure has ended.")),
        _ => (("状态已更新", "请在状态页查看。"), ("status changed", "Please see the status page.")),
    };
    if locale == Locale::En { en } else { zh }
}

/// The subject and body of the message telling `event` about submission `id` of `kind`, in
/// `locale`, with links under `public_base` (`Config::public_base`).
pub fn compose(locale: Locale, kind: FormKind, id: &str, public_base: &str, event: Event<'_>) -> Text {
    let title = kind_title(kind, locale);
    let en = locale == Locale::En;
    let mut body = String::new();
    let subject = match event {
        Event::Submitted { receipt } => {
            let link = format!("{public_base}/status/{id}#{receipt}");
            if en {
                body.push_str(&format!("Your {title} was received and stored.\n\nSubmission id: {id}\nReceipt: {receipt}\n\n"));
                body.push_str(&format!("Its status, and every decision on it, on this page:\n{link}\n\n"));
                body.push_str("Keep this e-mail: the receipt is the only key to the submission, and it cannot be sent again.\n");
                format!("Received: {title} ({id})")
            } else {
                body.push_str(&format!("您的{title}已收到并保存。\n\n提交编号：{id}\n回执码：{receipt}\n\n"));
                body.push_str(&format!("办理状态和每一项决定可在此页面查看：\n{link}\n\n"));
                body.push_str("请妥善保存本邮件：回执码是查看该提交的唯一凭据，无法补发。\n");
                format!("已收到：{title}（{id}）")
            }
        }
        Event::Status { status, note, certificate, base_id } => {
            let (name, next) = status_text(status, locale);
            let link = format!("{public_base}/status/{id}");
            if en {
                body.push_str(&format!("Your {title} ({id}) is now {name}.\n\n"));
            } else {
                body.push_str(&format!("您的{title}（{id}）{name}。\n\n"));
            }
            if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
                body.push_str(if en { "The secretariat's note:\n" } else { "秘书处说明：\n" });
                body.push_str(note.trim());
                body.push_str("\n\n");
            }
            if let Some(number) = certificate {
                let verify = format!("{public_base}/verify/{number}");
                if en {
                    body.push_str(&format!("Certificate number: {number}\nVerify it: {verify}\n"));
                } else {
                    body.push_str(&format!("证书编号：{number}\n证书核验：{verify}\n"));
                }
            }
            if let Some(base) = base_id.filter(|_| status == "certified") {
                body.push_str(&if en { format!("Base id: {base}\n") } else { format!("实训基地编号：{base}\n") });
            }
            if certificate.is_some() || base_id.is_some() && status == "certified" {
                body.push('\n');
            }
            body.push_str(next);
            body.push_str("\n\n");
            if en {
                body.push_str(&format!("Status page (enter the receipt from the first e-mail):\n{link}\n"));
                format!("{title} ({id}): {name}")
            } else {
                body.push_str(&format!("状态页（请输入首封邮件中的回执码）：\n{link}\n"));
                format!("{title}（{id}）：{name}")
            }
        }
    };
    if en {
        body.push_str("\n-- \nAII training bases (sent automatically; replies are not read)\n");
    } else {
        body.push_str("\n-- \n工业互联网产业联盟实训基地（系统自动发送，请勿回复）\n");
    }
    Text { subject, body }
}

/// The base's own page (`/base/{id}#{key}`) for the responsible unit: sent when its key is made
/// (certification) or replaced by the secretariat. In both languages: a base's messages are not
/// tied to one submission's locale.
pub fn base_page(public_base: &str, base_id: &str, full_name: &str, key: &str) -> Text {
    let link = crate::base_page::link(public_base, base_id, key);
    let mut body = format!("{full_name}（{base_id}）的基地主页：\n{link}\n\n");
    body.push_str("主页列出证书、负责人任期、全部提交，以及应当提交的材料和截止日期，并可直接打开相应表格。\n");
    body.push_str("该链接即访问凭据，请妥善保存、勿转发；如需作废，请联系联盟秘书处更换。\n\n");
    body.push_str(&format!("The page of base {base_id}: its certificate, officers' terms, submissions, and what it must file next\n"));
    body.push_str(&format!("with the deadlines, each with its form:\n{link}\n"));
    body.push_str("The link is the key: keep it and do not forward it; the secretariat can replace it.\n");
    body.push_str("\n-- \n工业互联网产业联盟实训基地（系统自动发送，请勿回复）\n");
    Text { subject: format!("实训基地主页 / The base's page: {full_name}"), body }
}

/// What a due item is, in both languages.
fn due_title(kind: aii_api::base::DueKind) -> (&'static str, &'static str) {
    use aii_api::base::DueKind;
    match kind {
        DueKind::AnnualAssessment => ("年度考核材料（第二十二条）", "the annual assessment (Art. 22)"),
        DueKind::Evaluation => ("定期评估材料（第二十三条）", "the three-yearly evaluation (Art. 23)"),
        DueKind::TrainingPlan => ("年度实训计划（第十六条）", "the year's training plan (Art. 16)"),
        DueKind::TermEnding => ("主任、副主任换届推荐（第十五条）", "the next director's or deputy's appointment (Art. 15)"),
    }
}

/// A reminder, `days` (30 or 7) or fewer before a due item's date, with the link of the form
/// that files it for the base (`/apply/{form}?base_id={id}`).
pub fn reminder(public_base: &str, base_id: &str, full_name: &str, item: &aii_api::base::DueItem, days: u8) -> Text {
    let (zh, en) = due_title(item.kind);
    let (due, form) = (&item.due_on, &item.form);
    let link = format!("{public_base}/apply/{form}?base_id={base_id}");
    let mut body = format!("{full_name}（{base_id}）：{zh}应于{due}前提交（已不足{days}天）。\n填写：{link}\n\n");
    body.push_str(&format!("Base {base_id}: {en} is due by {due} (within {days} days).\nFile it here: {link}\n"));
    body.push_str("\n-- \n工业互联网产业联盟实训基地（系统自动发送，请勿回复）\n");
    Text { subject: format!("提醒：{zh}截止{due} / Due by {due}: {en}"), body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_receipt_message_links_the_status_page_with_the_receipt() {
        let t = compose(
            Locale::Zh,
            FormKind::Application,
            "0190abcdef01",
            "https://tb.example.org",
            Event::Submitted { receipt: "r".repeat(64).as_str() },
        );
        assert!(t.body.contains(&format!("https://tb.example.org/status/0190abcdef01#{}", "r".repeat(64))), "{}", t.body);
        assert!(t.subject.starts_with("已收到：实训基地申请书"));
        let en = compose(Locale::En, FormKind::Evaluation, "x1", "http://h", Event::Submitted { receipt: "abc" });
        assert!(en.subject.starts_with("Received: Three-yearly evaluation"), "{}", en.subject);
    }

    #[test]
    fn a_status_message_carries_the_note_and_the_certificate() {
        let returned = Event::Status { status: "returned", note: Some("请补充实训设备清单。"), certificate: None, base_id: None };
        let t = compose(Locale::Zh, FormKind::Application, "a1", "http://h", returned);
        assert!(t.body.contains("已退回修改") && t.body.contains("请补充实训设备清单。") && t.body.contains("http://h/status/a1\n"));
        assert!(!t.body.contains('#'), "no receipt after the first message");
        let certified = Event::Status { status: "certified", note: None, certificate: Some("AII-TB-2027-001"), base_id: Some("b-1") };
        let t = compose(Locale::En, FormKind::Application, "a1", "http://h", certified);
        assert!(t.body.contains("Certificate number: AII-TB-2027-001") && t.body.contains("http://h/verify/AII-TB-2027-001"));
        assert!(t.body.contains("Base id: b-1"));
        assert_eq!(t.subject, "Training base application (a1): certified");
    }

    #[test]
    fn only_the_applicants_statuses_notify() {
        for s in ["returned", "rejected", "publicity", "approved", "certified", "filed", "qualified", "unqualified", "voided"] {
            assert!(notifies(s), "{s}");
        }
        for s in ["submitted", "under_review", "site_check", "withdrawn", "working_group"] {
            assert!(!notifies(s), "{s}");
        }
    }
}
