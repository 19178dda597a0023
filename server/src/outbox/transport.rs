//! The one seam between the outbox and the world: [`Transport`], chosen once from the
//! configuration. By default files (`--outbox-dir`, `./data/outbox/`: one RFC 5322 message a
//! file, `{message-id}.eml`, nothing to configure); with `--smtp-url`, an SMTP server (lettre).
//! Either way the message is the same bytes, built by [`build`] from the stored row: its
//! Message-ID and Date are the row's, so every attempt sends the same message.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::repo::outbox::QueuedMessage;

/// Why an attempt failed, in a few words with no personal data (stored as `last_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendError {
    /// Trying again cannot help (SMTP 5xx, an address that cannot be one): given up.
    pub permanent: bool,
    pub reason: String,
}

impl SendError {
    fn transient(reason: impl Into<String>) -> SendError {
        SendError { permanent: false, reason: reason.into() }
    }
    fn permanent(reason: impl Into<String>) -> SendError {
        SendError { permanent: true, reason: reason.into() }
    }
}

/// Where messages go.
#[derive(Clone, Debug)]
pub enum Transport {
    /// Files in a folder: `{message-id}.eml`, written under a temporary name and renamed, so a
    /// file is whole or absent, and a second write of one message replaces the first.
    Files(PathBuf),
    /// An SMTP server. `server` names it in logs (host and port, never credentials).
    Smtp { mailer: AsyncSmtpTransport<Tokio1Executor>, server: String },
}

/// An SMTP attempt's longest wait for the server (each command).
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl Transport {
    /// The folder transport, or SMTP when `smtp_url` is given: `smtp://host:port` (plain, as a
    /// local relay or a test server), `smtp+starttls://host:port` or
    /// `smtp://host:port?tls=required` (STARTTLS required, port 587 by default),
    /// `smtp://host?tls=opportunistic`, `smtps://host` (TLS from the start, 465); user and
    /// password in the URL authenticate. `hello` is the EHLO name (the sender's domain).
    pub fn new(dir: &Path, smtp_url: Option<&str>, hello: &str) -> anyhow::Result<Transport> {
        let Some(url) = smtp_url else { return Ok(Transport::Files(dir.to_owned())) };
        let lettre_url = match url.strip_prefix("smtp+starttls://") {
            Some(rest) if rest.contains('?') => anyhow::bail!("--smtp-url: smtp+starttls:// takes no query"),
            Some(rest) => format!("smtp://{rest}?tls=required"),
            None => url.to_owned(),
        };
        let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url)
            .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?
            .hello_name(ClientId::Domain(hello.to_owned()))
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Transport::Smtp { mailer, server: server_of(url) })
    }

    /// What it is, for the start-up log line.
    pub fn describe(&self) -> String {
        match self {
            Transport::Files(dir) => format!("files in {}", dir.display()),
            Transport::Smtp { server, .. } => format!("SMTP {server}"),
        }
    }

    /// Sends one message (`message_id`: its stored id, the file's name).
    pub async fn send(&self, message_id: &str, email: Message) -> Result<(), SendError> {
        match self {
            Transport::Files(dir) => {
                // The id is ours (`aii-` and hex); a row holding anything else is not a file name.
                if message_id.is_empty() || !message_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    return Err(SendError::permanent("message id unfit for a file name"));
                }
                let (dir, name, bytes) = (dir.clone(), format!("{message_id}.eml"), email.formatted());
                tokio::task::spawn_blocking(move || write_file(&dir, &name, &bytes))
                    .await
                    .map_err(|_| SendError::transient("file: the writing task failed"))?
                    .map_err(|e| SendError::transient(format!("file: {}", e.kind())))
            }
            Transport::Smtp { mailer, .. } => match mailer.send(email).await {
                Ok(_) => Ok(()),
                Err(e) => Err(smtp_error(&e)),
            },
        }
    }
}

/// `scheme://host[:port]` of an SMTP URL: its credentials, path and query left out.
fn server_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("smtp", url));
    let rest = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{host}")
}

/// An SMTP error in a few words: its reply code (the server's text may quote the address), or
/// what failed before a reply.
fn smtp_error(e: &lettre::transport::smtp::Error) -> SendError {
    let reason = match e.status() {
        Some(code) => format!("SMTP {code}"),
        None if e.is_timeout() => "SMTP: timed out".to_owned(),
        None if e.is_tls() => "SMTP: TLS failed".to_owned(),
        None if e.is_client() => "SMTP: client error".to_owned(),
        None => "SMTP: connection failed".to_owned(),
    };
    SendError { permanent: e.is_permanent(), reason }
}

/// Writes `bytes` as `dir/name`: to a temporary name first, synced, then renamed over any
/// earlier copy, and the folder synced, so that a crash leaves the file whole or absent.
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, dir.join(name))?;
    std::fs::File::open(dir)?.sync_all()
}

/// The message of a stored row: from `from`, to its recipient, its subject, `text/plain`
/// UTF-8 body (lettre picks the transfer encoding; the subject is MIME-encoded), Date its
/// queuing time and Message-ID `<{message_id}@{domain}>`.
pub fn build(m: &QueuedMessage, from: &Mailbox, domain: &str) -> Result<Message, SendError> {
    let to: Mailbox = m.recipient.parse().map_err(|_| SendError::permanent("the recipient is not an e-mail address"))?;
    let date = UNIX_EPOCH + Duration::from_millis(u64::try_from(m.created_at_ms).unwrap_or(0));
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", m.message_id)))
        .date(date)
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|_| SendError::permanent("the message cannot be built"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(recipient: &str) -> QueuedMessage {
        QueuedMessage {
            id: 1,
            message_id: "aii-00ff".into(),
            recipient: recipient.into(),
            subject: "已收到：实训基地申请书（x1）".into(),
            body: "您的实训基地申请书已收到并保存。\n".into(),
            created_at_ms: 1_800_000_000_000,
            attempts: 1,
        }
    }

    #[test]
    fn a_message_is_rfc_5322_with_utf8_mime_and_the_stored_id() {
        let from: Mailbox = "AII <no-reply@tb.example.org>".parse().unwrap();
        let text = String::from_utf8(build(&queued("li@example.com"), &from, "tb.example.org").unwrap().formatted()).unwrap();
        assert!(text.contains("Message-ID: <aii-00ff@tb.example.org>\r\n"), "{text}");
        assert!(text.contains("Subject: =?utf-8?"), "the subject is an encoded word: {text}");
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"), "{text}");
        assert!(text.contains("To: li@example.com\r\n"), "{text}");
        assert!(text.is_ascii(), "every header and the body encoded");
        // The same row makes the same bytes (the Date is the row's).
        let again = String::from_utf8(build(&queued("li@example.com"), &from, "tb.example.org").unwrap().formatted()).unwrap();
        assert_eq!(text, again);
        let bad = build(&queued("not an address"), &from, "tb.example.org").unwrap_err();
        assert!(bad.permanent);
    }

    #[tokio::test]
    async fn the_file_transport_replaces_a_message_it_writes_again() {
        let dir = tempfile::tempdir().unwrap();
        let t = Transport::new(&dir.path().join("outbox"), None, "localhost").unwrap();
        let from: Mailbox = "no-reply@localhost".parse().unwrap();
        for _ in 0..2 {
            t.send("aii-00ff", build(&queued("li@example.com"), &from, "localhost").unwrap()).await.unwrap();
        }
        let names: Vec<String> =
            std::fs::read_dir(dir.path().join("outbox")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert_eq!(names, vec!["aii-00ff.eml".to_owned()]);
        let err = t.send("../x", build(&queued("li@example.com"), &from, "localhost").unwrap()).await.unwrap_err();
        assert!(err.permanent);
    }

    #[test]
    fn smtp_urls() {
        let dir = Path::new("/nonexistent");
        assert!(matches!(Transport::new(dir, Some("smtp://127.0.0.1:2525"), "h").unwrap(), Transport::Smtp { .. }));
        let t = Transport::new(dir, Some("smtp+starttls://mail.example.org:587"), "h").unwrap();
        assert_eq!(t.describe(), "SMTP smtp+starttls://mail.example.org:587");
        assert_eq!(Transport::new(dir, Some("smtps://u:p@mail.example.org"), "h").unwrap().describe(), "SMTP smtps://mail.example.org");
        assert!(Transport::new(dir, Some("http://mail.example.org"), "h").is_err());
        assert!(Transport::new(dir, Some("smtp+starttls://m?tls=none"), "h").is_err());
    }
}
