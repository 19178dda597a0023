//! Secretariat accounts: argon2id password hashes, session tokens (only their hashes are
//! stored), the CSRF token derived from a session, and the `user add` / `user disable` /
//! `user enable` commands.

use std::io::BufRead;
use std::sync::OnceLock;

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

/// A hash no password matches, verified for unknown usernames so that a login takes as long
/// whether the account exists or not.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&crate::crypto::random_hex(32)).expect("the dummy hash"))
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

/// Reads the password from the first line of `input`, or makes one (printed once).
fn password_from(stdin: bool, input: &mut dyn BufRead) -> anyhow::Result<(String, bool)> {
    if stdin {
        let mut line = String::new();
        input.read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        anyhow::ensure!(password.chars().count() >= MIN_PASSWORD_CHARS, "the password must have at least {MIN_PASSWORD_CHARS} characters");
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
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
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
        let (p, generated) = password_from(false, &mut "".as_bytes()).unwrap();
        assert!(generated && p.len() == 24);
    }
}
