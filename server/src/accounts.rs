//! Secretariat accounts: argon2id password hashes, session tokens (only their hashes are
//! stored), the CSRF token derived from a session, and the `user add` / `user disable` /
//! `user enable` commands.

use std::io::BufRead;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::repo::{Repository, Store};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// argon2id, version 0x13, with OWASP's parameters (19 MiB, 2 passes, 1 lane).
fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters"))
}

/// The PHC string of a new hash of `password` (random salt).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(argon2().hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("hashing: {e}"))?.to_string())
}

/// Whether `password` matches the stored PHC string (any argon2 variant the string names).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

/// [`verify_password`] with `memory` as argon2's working memory, grown to what the hash's
/// parameters need and kept for the next check. argon2's own verification allocates its 19 MiB
/// for each check, and the allocator kept what was freed: twenty checks on two threads left the
/// server at 430 MiB (issue 22). A check thread reuses its one block instead.
pub fn verify_password_in(password: &str, phc: &str, memory: &mut Vec<argon2::Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm) else { return false };
    let Ok(version) = hash.version.map_or(Ok(Version::default()), Version::try_from) else { return false };
    let Ok(params) = Params::try_from(&hash) else { return false };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, argon2::Block::default());
    }
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
    let mut out = vec![0u8; expected.len()];
    let hashed =
        Argon2::new(algorithm, version, params).hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks]);
    hashed.is_ok() && constant_time_eq(&out, expected.as_bytes())
}

/// The password checks a server runs at once, on threads of their own: each argon2 check
/// takes 19 MiB, so their number bounds the memory a burst of logins can take (issue 22: 400
/// concurrent failed logins took 7.5 GB). A check waits for a free thread at most `wait`;
/// then the login is answered 503 with `Retry-After`. The threads are few and fixed, so the
/// allocator's per-thread arenas that keep the freed 19 MiB are few too.
pub struct PasswordChecks {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
    wait: std::time::Duration,
    stats: std::sync::Arc<CheckStats>,
}

struct Job {
    password: String,
    /// `None`: an unknown username, checked against [`dummy_hash`].
    phc: Option<String>,
    reply: tokio::sync::oneshot::Sender<bool>,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

#[derive(Default)]
struct CheckStats {
    running: std::sync::atomic::AtomicUsize,
    peak: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicUsize,
}

/// No thread was free within the wait.
#[derive(Debug)]
pub struct Busy;

impl PasswordChecks {
    /// `threads` checks at once (at least one).
    pub fn new(threads: usize, wait: std::time::Duration) -> PasswordChecks {
        let threads = threads.max(1);
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        let stats = std::sync::Arc::new(CheckStats::default());
        for i in 0..threads {
            let (rx, stats) = (rx.clone(), stats.clone());
            let spawned = std::thread::Builder::new().name(format!("password-check-{i}")).spawn(move || {
                use std::sync::atomic::Ordering::SeqCst;
                let mut memory = Vec::new();
                loop {
                    // The sender goes with the server's state: then the thread ends.
                    let Ok(job) = rx.lock().map_err(drop).and_then(|rx| rx.recv().map_err(drop)) else { return };
                    let running = stats.running.fetch_add(1, SeqCst) + 1;
                    stats.peak.fetch_max(running, SeqCst);
                    let ok = verify_password_in(&job.password, job.phc.as_deref().unwrap_or(dummy_hash()), &mut memory);
                    stats.running.fetch_sub(1, SeqCst);
                    stats.done.fetch_add(1, SeqCst);
                    let _ = job.reply.send(ok);
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password-check thread");
            }
        }
        PasswordChecks { permits: std::sync::Arc::new(tokio::sync::Semaphore::new(threads)), jobs: std::sync::Mutex::new(tx), wait, stats }
    }

    /// Whether `password` matches `phc` (`None`: an unknown user, never), once a thread is free.
    /// A request dropped meanwhile does not free its thread before the check ends.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, Busy> {
        let permit = match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => return Err(Busy),
        };
        let (reply, answer) = tokio::sync::oneshot::channel();
        let sent = self.jobs.lock().map_err(drop).and_then(|jobs| jobs.send(Job { password, phc, reply, _permit: permit }).map_err(drop));
        if sent.is_err() {
            return Err(Busy);
        }
        answer.await.map_err(|_| Busy)
    }

    /// The most checks that ran at once.
    pub fn peak(&self) -> usize {
        self.stats.peak.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The checks done.
    pub fn done(&self) -> usize {
        self.stats.done.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A hash no password matches, verified for unknown usernames so that a login takes as long
/// whether the account exists or not: the hash of 32 random bytes, thrown away, with the
/// parameters of [`argon2`] (a constant, so a check thread verifies it in its own memory and
/// nothing else is allocated for it; a password that matched it would still name no account).
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$0+ORXUr76v+jIqZzSb7L0g$pKlipJUDVBOX992Y7o0JDy9SOrIEBD+9eWIHKsQ9yyU"
}

/// Usernames: 3–64 of `a-z 0-9 . _ -`, compared in lower case.
pub fn normalise_username(raw: &str) -> Option<String> {
    let name = raw.trim().to_ascii_lowercase();
    let ok = (3..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_".contains(&b));
    ok.then_some(name)
}

/// A new session token (256 random bits) for the cookie.
pub fn new_session_token() -> String {
    crate::crypto::random_hex(32)
}

/// How a session token is stored.
pub fn session_hash(token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"aii-admin-session\0");
    h.update(token.as_bytes());
    hex::encode(h.finalize())
}

/// The session's CSRF token: derived from the cookie's token, so nothing more is stored, and
/// a page of another origin (which cannot read the cookie or our answers) cannot know it.
pub fn csrf_token(session_token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"aii-admin-csrf\0");
    h.update(session_token.as_bytes());
    hex::encode(h.finalize())
}

/// Equality that takes as long wherever the first difference is.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Why a password is refused, if it is: shorter than [`MIN_PASSWORD_CHARS`] characters, only
/// white space, or one character repeated.
pub fn password_weakness(password: &str) -> Option<String> {
    let mut chars = password.chars();
    let first = chars.clone().next();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(format!("the password must have at least {MIN_PASSWORD_CHARS} characters"))
    } else if password.chars().all(char::is_whitespace) {
        Some("the password must not be only white space".to_owned())
    } else if chars.all(|c| Some(c) == first) {
        Some("the password must not be one character repeated".to_owned())
    } else {
        None
    }
}

/// Reads the password from the first line of `input`, or makes one (printed once).
fn password_from(stdin: bool, input: &mut dyn BufRead) -> anyhow::Result<(String, bool)> {
    if stdin {
        let mut line = String::new();
        input.read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        if let Some(why) = password_weakness(&password) {
            anyhow::bail!("{why}");
        }
        Ok((password, false))
    } else {
        Ok((crate::crypto::random_hex(12), true))
    }
}

/// `user add`: creates an account; returns the generated password when none was given.
pub async fn add_user(config: &Config, username: &str, password_stdin: bool, input: &mut dyn BufRead) -> anyhow::Result<Option<String>> {
    let name = normalise_username(username).ok_or_else(|| anyhow::anyhow!("a username is 3 to 64 of a-z, 0-9, `.`, `_` or `-`"))?;
    let (password, generated) = password_from(password_stdin, input)?;
    let hash = hash_password(&password)?;
    let store = Store::connect(&config.database_url, 1).await?;
    let created = store.create_user(&name, &hash, crate::time::now_ms()).await;
    store.close().await;
    anyhow::ensure!(created?, "the username `{name}` is taken");
    Ok(generated.then_some(password))
}

/// `user add --role expert`: an expert account with its profile (PROCEDURE.md, "People");
/// returns the generated password when none was given.
pub async fn add_expert(
    config: &Config,
    username: &str,
    password_stdin: bool,
    args: &crate::config::ExpertArgs,
    input: &mut dyn BufRead,
) -> anyhow::Result<Option<String>> {
    let name = normalise_username(username).ok_or_else(|| anyhow::anyhow!("a username is 3 to 64 of a-z, 0-9, `.`, `_` or `-`"))?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let profile = crate::repo::experts::ExpertProfile::checked(
        &text(&args.name),
        &text(&args.title),
        &text(&args.employer),
        &text(&args.employer_uscc),
    )
    .map_err(|field| anyhow::anyhow!("--{}: {}", field.replace('_', "-"), crate::repo::experts::ExpertProfile::hint(field)))?;
    let (password, generated) = password_from(password_stdin, input)?;
    let hash = hash_password(&password)?;
    let store = Store::connect(&config.database_url, 1).await?;
    let created = store.create_expert(&name, &hash, &profile, crate::time::now_ms()).await;
    store.close().await;
    anyhow::ensure!(created?, "the username `{name}` is taken");
    Ok(generated.then_some(password))
}

/// `user disable` / `user enable`.
pub async fn set_disabled(config: &Config, username: &str, disabled: bool) -> anyhow::Result<()> {
    let name = normalise_username(username).ok_or_else(|| anyhow::anyhow!("not a valid username"))?;
    let store = Store::connect(&config.database_url, 1).await?;
    let found = store.set_user_disabled(&name, disabled, crate::time::now_ms()).await;
    store.close().await;
    anyhow::ensure!(found?, "no account `{name}`");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
        // The same verdicts with a check thread's own memory, kept from one check to the next.
        let mut memory = Vec::new();
        for _ in 0..2 {
            assert!(verify_password_in("correct horse battery", &h, &mut memory));
            assert!(!verify_password_in("correct horse batterY", &h, &mut memory));
            assert!(!verify_password_in("x", "not a hash", &mut memory));
        }
        assert_eq!(memory.len(), 19 * 1024);
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::new(1024, 1, 1, None).unwrap())
            .hash_password(b"older hash", &SaltString::encode_b64(b"sixteen byte salt").unwrap())
            .unwrap()
            .to_string();
        assert!(verify_password_in("older hash", &argon2i, &mut memory) && !verify_password_in("older hasH", &argon2i, &mut memory));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let dummy = PasswordHash::new(dummy_hash()).unwrap();
        let real = hash_password("any password at all").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        assert_eq!((dummy.algorithm, dummy.version, dummy.params.to_string()), (real.algorithm, real.version, real.params.to_string()));
        assert!(!verify_password_in("", dummy_hash(), &mut Vec::new()));
    }

    #[test]
    fn usernames_and_tokens() {
        assert_eq!(normalise_username(" Secretariat.Li "), Some("secretariat.li".into()));
        assert_eq!(normalise_username("ab"), None);
        assert_eq!(normalise_username("with space"), None);
        let t = new_session_token();
        assert_ne!(session_hash(&t), t);
        assert_ne!(csrf_token(&t), session_hash(&t));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn passwords_from_stdin_or_generated() {
        let (p, generated) = password_from(true, &mut "a long enough password\n".as_bytes()).unwrap();
        assert_eq!((p.as_str(), generated), ("a long enough password", false));
        assert!(password_from(true, &mut "short\n".as_bytes()).is_err());
        // Issue 22: one character repeated, white space only, under 12 characters; each says why.
        for (weak, why) in [
            ("aaaaaaaaaaaaaaaa", "repeated"),
            ("密密密密密密密密密密密密", "repeated"),
            ("               ", "white space"),
            ("\t \u{3000}\t \u{3000}\t \u{3000}\t \u{3000}\t ", "white space"),
            ("elevenchars", "at least 12"),
            ("短密码", "at least 12"),
        ] {
            let e = password_from(true, &mut format!("{weak}\n").as_bytes()).unwrap_err().to_string();
            assert!(e.contains(why), "{weak:?}: {e}");
        }
        assert_eq!(password_weakness("aaaaaaaaaaab"), None);
        assert_eq!(password_weakness("十二个汉字组成的一个密码句子"), None);
        let (p, generated) = password_from(false, &mut "".as_bytes()).unwrap();
        assert!(generated && p.len() == 24);
    }
}
