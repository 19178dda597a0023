//! The outbox's worker: a tokio task started with the server (`serve`) and stopped at its
//! shutdown. It claims the messages that are due, sends each through the [`Transport`], and
//! marks it sent; a failed attempt is tried again after an exponential back-off (the first
//! retry after `--outbox-retry-ms`, doubling, at most an hour apart), with its error recorded,
//! and given up after a permanent refusal or [`MAX_ATTEMPTS`] attempts.
//!
//! # What is guaranteed
//!
//! - **Never lost.** A message is written in the transaction of the change it tells, so it
//!   exists exactly when the change does; it leaves the outbox only once marked sent, after
//!   its transport accepted it (the file renamed into place and synced; the SMTP server's 250
//!   to the message's data).
//! - **Never queued twice.** One event, one row: the dedupe key (`submitted:{id}`,
//!   `status:{id}:{n}`) is UNIQUE, so a replayed submission or decision queues nothing more.
//! - **Never sent by two workers at once.** A claim leases the message (`claimed_until`,
//!   [`LEASE`]); on PostgreSQL two instances' claims skip each other's rows.
//! - **Delivery is at least once; what the recipient sees is once.** Between the transport's
//!   acceptance and the mark there is a moment (a crash, `kill -9`, the database gone) after
//!   which the message is sent again. Each attempt sends the same bytes (Message-ID
//!   `<{message_id}@{domain}>`, Date its queuing time), so a second sending is recognisable as
//!   the same message: the file transport writes the same file name under a temporary name and
//!   renames it, so a repeat *replaces* the first copy and every notification is exactly one
//!   file, whatever the crash; over SMTP the receiving side sees the same Message-ID twice
//!   (mail stores and clients that dedupe by Message-ID show it once), and exactly-once
//!   delivery over SMTP is not possible for any sender (the 250 can be lost after the server
//!   took the message). After a crash on SQLite the server's next start forgets the dead
//!   claims and sends at once; on PostgreSQL a dead instance's claims lapse after [`LEASE`].

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::watch;

use super::transport::{self, SendError, Transport};
use crate::config::Config;
use crate::repo::{RepoResult, Store};

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 20;
/// The longest wait between two attempts.
pub const MAX_RETRY: Duration = Duration::from_secs(3600);
/// How long a claim holds a message: far longer than an attempt may take (SMTP's commands time
/// out after 30 s each).
pub const LEASE: Duration = Duration::from_secs(600);
/// The shortest wait for a message that falls due.
const MOMENT: Duration = Duration::from_millis(50);
/// Messages claimed at once.
const BATCH: i64 = 16;
/// With nothing due, the worker looks again at least this often (another instance's messages,
/// a wake-up missed).
const IDLE: Duration = Duration::from_secs(30);

/// How the worker sends.
#[derive(Clone, Debug)]
pub struct Options {
    pub transport: Transport,
    /// The From of every message.
    pub from: Mailbox,
    /// The right part of the Message-IDs (the From's domain).
    pub domain: String,
    /// The wait before the first retry; each further one doubles it, up to [`MAX_RETRY`].
    pub first_retry: Duration,
}

impl Options {
    /// From the flags: `--outbox-dir` or `--smtp-url`, `--mail-from` (default
    /// `no-reply@{the public address's host}`, or `no-reply@localhost` when that is not a
    /// domain name), `--outbox-retry-ms`.
    pub fn from_config(config: &Config) -> anyhow::Result<Options> {
        let from: Mailbox = match &config.mail_from {
            Some(f) => f.parse().map_err(|e| anyhow::anyhow!("--mail-from `{f}`: {e}"))?,
            None => format!("no-reply@{}", default_domain(&config.public_base())).parse()?,
        };
        let domain = from.email.domain().to_owned();
        let transport = Transport::new(&config.outbox_dir, config.smtp_url.as_deref(), &domain)?;
        Ok(Options { transport, from, domain, first_retry: Duration::from_millis(config.outbox_retry_ms.max(1)) })
    }
}

/// The host of `public_base` when it is a domain name with a dot, else `localhost`.
fn default_domain(public_base: &str) -> String {
    let host = public_base.split_once("://").map_or(public_base, |(_, r)| r).split(['/', ':']).next().unwrap_or("");
    let is_name = host.contains('.')
        && host.chars().any(|c| c.is_ascii_alphabetic())
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if is_name { host.to_owned() } else { "localhost".to_owned() }
}

/// The wait after a message's `attempts`-th failed attempt.
pub fn backoff(first: Duration, attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    first.saturating_mul(2u32.saturating_pow(doublings)).min(MAX_RETRY.max(first))
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub claimed: usize,
    pub sent: usize,
    /// Failed, to be tried again.
    pub retrying: usize,
    /// Failed for good.
    pub given_up: usize,
}

/// The worker (cheap to clone).
#[derive(Clone, Debug)]
pub struct Worker {
    store: Store,
    options: Arc<Options>,
}

impl Worker {
    pub fn new(store: Store, options: Options) -> Worker {
        Worker { store, options: Arc::new(options) }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Claims the messages due now (up to a batch) and sends them one by one.
    pub async fn run_once(&self) -> RepoResult<Round> {
        let now = crate::time::now_ms();
        let lease_until = now.saturating_add(i64::try_from(LEASE.as_millis()).unwrap_or(i64::MAX));
        let claimed = self.store.claim_mail(now, lease_until, BATCH).await?;
        let mut round = Round { claimed: claimed.len(), ..Round::default() };
        for m in claimed {
            let outcome = match transport::build(&m, &self.options.from, &self.options.domain) {
                Ok(email) => self.options.transport.send(&m.message_id, email).await,
                Err(e) => Err(e),
            };
            let now = crate::time::now_ms();
            match outcome {
                Ok(()) => {
                    self.store.mail_sent(m.id, now).await?;
                    tracing::info!(message = %m.message_id, attempt = m.attempts, "e-mail sent");
                    round.sent += 1;
                }
                Err(SendError { permanent, reason }) if permanent || m.attempts >= MAX_ATTEMPTS => {
                    self.store.mail_failed(m.id, now, None, &reason).await?;
                    tracing::error!(message = %m.message_id, attempt = m.attempts, error = %reason, "e-mail given up");
                    round.given_up += 1;
                }
                Err(SendError { reason, .. }) => {
                    let wait = backoff(self.options.first_retry, m.attempts);
                    let at = now.saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX));
                    self.store.mail_failed(m.id, now, Some(at), &reason).await?;
                    tracing::warn!(message = %m.message_id, attempt = m.attempts, retry_in_ms = wait.as_millis() as u64, error = %reason, "e-mail not sent");
                    round.retrying += 1;
                }
            }
        }
        Ok(round)
    }

    /// Sends until `stop` turns true (the message in hand is finished first).
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        match self.store.release_mail_claims_if_alone().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(messages = n, "e-mail claimed before a crash: sent again (the same Message-ID)"),
            Err(e) => tracing::error!(error = %e, "outbox: the claims could not be released"),
        }
        tracing::info!(transport = %self.options.transport.describe(), "e-mail worker started");
        let wake = self.store.mail_queued().clone();
        while !*stop.borrow() {
            let wait = match self.run_once().await {
                // A full batch, or messages sent: more may be due.
                Ok(r) if r.claimed > 0 => Duration::ZERO,
                Ok(_) => match self.store.next_mail_due().await {
                    // Not less than a moment: a message due but claimed by another instance's
                    // transaction still in flight (PostgreSQL) is not spun on.
                    Ok(Some(at)) => Duration::from_millis(u64::try_from(at - crate::time::now_ms()).unwrap_or(0)).clamp(MOMENT, IDLE),
                    Ok(None) => IDLE,
                    Err(e) => {
                        tracing::error!(error = %e, "outbox: the next message's time could not be read");
                        Duration::from_secs(1)
                    }
                },
                Err(e) => {
                    tracing::error!(error = %e, "outbox: a round failed");
                    Duration::from_secs(1)
                }
            };
            if wait.is_zero() {
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = wake.notified() => {}
                changed = stop.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::info!("e-mail worker stopped");
    }

    /// Starts [`Worker::run`] on the runtime; `stop.send(true)` ends it.
    pub fn spawn(self) -> (watch::Sender<bool>, tokio::task::JoinHandle<()>) {
        let (stop, stopping) = watch::channel(false);
        (stop, tokio::spawn(self.run(stopping)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_up_to_its_cap() {
        let first = Duration::from_secs(5);
        let waits: Vec<u64> = (1..=5).map(|a| backoff(first, a).as_secs()).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 80]);
        assert_eq!(backoff(first, 11), MAX_RETRY);
        assert_eq!(backoff(first, 1_000), MAX_RETRY);
        assert_eq!(backoff(first, 0), first);
    }

    #[test]
    fn the_default_sender_domain() {
        assert_eq!(default_domain("https://tb.example.org/aii"), "tb.example.org");
        assert_eq!(default_domain("http://127.0.0.1:8080"), "localhost");
        assert_eq!(default_domain("http://localhost:8080"), "localhost");
    }
}
