//! E-mail that cannot be lost (issue 25): every notification is queued in the outbox table in
//! the same transaction as the change it tells — a submission stored (`api.rs`, through the
//! repository's insert), a decision (`admin.rs`), a notice opened (`procedure/notices.rs`) —
//! so it exists exactly when that change does; [`worker`] sends it later through the one
//! [`transport::Transport`] the configuration chose. The texts are [`messages`]'.
//!
//! Who receives it: the form's contact e-mail (`/contact/email`: the application's); the
//! forms of a base's later filings have none, so theirs go to the contact of the application
//! the base was certified from (none for a base registered without one: nothing is queued).

pub mod messages;
pub mod transport;
pub mod worker;

use aii_rules::{FormKind, Locale, Value};

use crate::AppState;
use crate::error::ApiError;
use crate::repo::Repository;
use crate::repo::{DecisionTx, NewMessage, StoredSubmission, SubmissionMail};
use messages::Event;

/// The contact e-mail a form carries.
pub fn contact_email(doc: &Value) -> Option<String> {
    let e = doc.pointer("/contact/email").and_then(Value::as_str)?.trim();
    (e.contains('@') && !e.chars().any(char::is_control)).then(|| e.to_owned())
}

fn locale_tag(locale: Locale) -> &'static str {
    if locale == Locale::En { "en" } else { "zh-CN" }
}

/// A new message's id: random, so that it says nothing about the recipient or the submission.
fn message_id() -> String {
    format!("aii-{}", crate::crypto::random_hex(16))
}

/// The contact of the application base `base_id` was certified from, read in `tx` when given.
pub async fn base_contact(st: &AppState, tx: Option<&mut DecisionTx>, base_id: &str) -> Result<Option<String>, ApiError> {
    let doc = st.store.base_application_document(tx, base_id).await?;
    Ok(doc.and_then(|d| serde_json::from_str::<Value>(&d).ok()).and_then(|d| contact_email(&d)))
}

/// A new submission's e-mail (written with it, `repo/outbox.rs`): its locale, and the receipt's
/// message with the status page's link `{public}/status/{id}#{receipt}`, queued once per
/// submission (`submitted:{id}`).
#[allow(clippy::too_many_arguments)]
pub async fn submitted(
    st: &AppState,
    kind: FormKind,
    doc: &Value,
    base_id: Option<&str>,
    id: &str,
    receipt: &str,
    locale: Locale,
    now_ms: i64,
) -> Result<SubmissionMail, ApiError> {
    let recipient = match (contact_email(doc), base_id) {
        (Some(e), _) => Some(e),
        (None, Some(base)) => base_contact(st, None, base).await?,
        (None, None) => None,
    };
    let message = recipient.map(|recipient| {
        let text = messages::compose(locale, kind, id, &st.config.public_base(), Event::Submitted { receipt });
        NewMessage {
            message_id: message_id(),
            dedupe_key: format!("submitted:{id}"),
            submission_id: Some(id.to_owned()),
            recipient,
            locale: locale_tag(locale),
            subject: text.subject,
            body: text.body,
            now_ms,
        }
    });
    Ok(SubmissionMail { english: locale == Locale::En, message })
}

/// Queues, in the decision's transaction `tx`, the notification of `s` moving to `to` (when
/// the applicant is told of that status: [`messages::notifies`]), in the locale it was
/// submitted in, with the note the status page shows (`note`), and at certification the
/// certificate issued in `tx` and the new base's id (`base_id`). Its dedupe key is the history
/// line the decision writes (`status:{id}:{n}`), so the same event never queues twice; a
/// decision that does not commit takes its message with it.
#[allow(clippy::too_many_arguments)]
pub async fn decision(
    st: &AppState,
    tx: &mut DecisionTx,
    s: &StoredSubmission,
    kind: FormKind,
    to: &str,
    note: Option<&str>,
    base_id: Option<&str>,
    now_ms: i64,
) -> Result<(), ApiError> {
    if !messages::notifies(to) {
        return Ok(());
    }
    let Some(facts) = st.store.mail_facts(tx, &s.id).await? else { return Ok(()) };
    let own = serde_json::from_str::<Value>(&s.document).ok().as_ref().and_then(contact_email);
    let recipient = match (own, base_id) {
        (Some(e), _) => Some(e),
        (None, Some(base)) => base_contact(st, Some(tx), base).await?,
        (None, None) => None,
    };
    let Some(recipient) = recipient else {
        tracing::debug!(id = %s.id, "no contact e-mail: no notification");
        return Ok(());
    };
    let locale = Locale::parse(&facts.locale);
    let event = Event::Status { status: to, note, certificate: facts.certificate.as_deref(), base_id };
    let text = messages::compose(locale, kind, &s.id, &st.config.public_base(), event);
    let m = NewMessage {
        message_id: message_id(),
        dedupe_key: format!("status:{}:{}", s.id, facts.events + 1),
        submission_id: Some(s.id.clone()),
        recipient,
        locale: locale_tag(locale),
        subject: text.subject,
        body: text.body,
        now_ms,
    };
    st.store.enqueue(tx, &m).await?;
    Ok(())
}

/// Queues, in the transaction that made a base's key (its certification, or the secretariat's
/// replacement), the base page's link `{public}/base/{id}#{key}` to `recipient` (the contact of
/// the application it was certified from; none: nothing is queued). Once per key.
pub async fn base_page(
    st: &AppState,
    tx: &mut DecisionTx,
    recipient: Option<String>,
    base_id: &str,
    full_name: &str,
    key: &str,
    now_ms: i64,
) -> Result<(), ApiError> {
    let Some(recipient) = recipient else { return Ok(()) };
    let text = messages::base_page(&st.config.public_base(), base_id, full_name, key);
    let m = NewMessage {
        message_id: message_id(),
        dedupe_key: format!("base_key:{base_id}:{}", &crate::base_page::key_hash(key)[..16]),
        submission_id: None,
        recipient,
        locale: "zh-CN",
        subject: text.subject,
        body: text.body,
        now_ms,
    };
    st.store.enqueue(tx, &m).await?;
    Ok(())
}

/// Queues the reminders due today (`base_page::reminder_stage`: from 30 days before a due
/// item's date, and again from 7 days before), each once — its dedupe key names the base, the
/// item, its date and the stage — to the contact of each certified base's application. A
/// day the server was down is caught up the next time this runs. Answers how many it queued.
pub async fn remind(st: &AppState) -> Result<usize, ApiError> {
    let today = st.config.today();
    let now_ms = crate::time::now_ms();
    let mut queued = 0;
    for base in st.store.registry(None).await? {
        if base.revoked {
            continue;
        }
        let submissions = st.store.base_submissions(&base.identity.id).await?;
        let Some(facts) = crate::base_page::Facts::of(&base, &submissions) else { continue };
        let items = crate::base_page::due(&facts, today, |y| st.config.evaluation_deadline(y));
        let due: Vec<_> = items.iter().filter_map(|i| crate::base_page::reminder_stage(i, today).map(|d| (i, d))).collect();
        if due.is_empty() {
            continue;
        }
        let id = &base.identity.id;
        let mut tx = st.store.begin_decision(&[format!("base:{id}")]).await?;
        let Some(recipient) = base_contact(st, Some(&mut tx), id).await? else { continue };
        for (item, days) in due {
            let text = messages::reminder(&st.config.public_base(), id, &base.identity.full_name, item, days);
            let who = item.role.as_deref().unwrap_or("-");
            let m = NewMessage {
                message_id: message_id(),
                dedupe_key: format!("reminder:{id}:{}:{who}:{}:{days}", item.form, item.due_on),
                submission_id: None,
                recipient: recipient.clone(),
                locale: "zh-CN",
                subject: text.subject,
                body: text.body,
                now_ms,
            };
            if st.store.enqueue(&mut tx, &m).await? {
                queued += 1;
            }
        }
        tx.commit().await?;
    }
    if queued > 0 {
        tracing::info!(queued, "reminders queued");
    }
    Ok(queued)
}

/// Runs [`remind`] at start and then every `every` until `stop` says so.
pub fn spawn_reminders(st: AppState, every: std::time::Duration) -> (tokio::sync::watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let (stop, mut stopping) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move {
        loop {
            if let Err(e) = remind(&st).await {
                tracing::warn!(error = ?e, "reminders not queued this round");
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stopping.changed() => return,
            }
        }
    });
    (stop, task)
}
