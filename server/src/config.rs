//! Configuration: one clap struct, every field also settable by environment variable, with
//! defaults that run with no configuration at all (SQLite file in `./data/`, localhost).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use aii_rules::{Date, SelectionWindow};
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "aii-server",
    version,
    about = "AII training-base forms: checks every submission against the Measures and keeps what is accepted."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default when no command is given).
    Serve,
    /// Register a base in the registry from a JSON file and print its id (bases certified
    /// before this server, or for tests). See `server/examples/base.json`.
    RegisterBase {
        /// The base as JSON: short_name, responsible_unit {name, uscc}, directions,
        /// partners [{name, uscc, kind}], officers [{role, name, term_start, term_end}],
        /// certified_on (YYYY-MM-DD, default today).
        #[arg(long)]
        file: PathBuf,
    },
    /// Secretariat accounts of the review desk.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a password is generated and printed once.
    Add {
        #[arg(long)]
        username: String,
        /// Read the password (at least 12 characters) from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// `secretariat` (the review desk) or `expert` (then --name, --title, --employer and
        /// --employer-uscc are required).
        #[arg(long, default_value = "secretariat", value_parser = ["secretariat", "expert"])]
        role: String,
        #[command(flatten)]
        expert: ExpertArgs,
    },
    /// Disable an account: it can no longer log in, and its open sessions answer 403.
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        username: String,
    },
}

/// An expert's profile on the command line (`user add --role expert`).
#[derive(Clone, Debug, Default, Args)]
pub struct ExpertArgs {
    /// The expert's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The expert's professional title (e.g. 教授级高级工程师).
    #[arg(long)]
    pub title: Option<String>,
    /// The expert's employer.
    #[arg(long)]
    pub employer: Option<String>,
    /// The employer's unified social credit code (Art. 11's conflict rule reads it).
    #[arg(long)]
    pub employer_uscc: Option<String>,
}

#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// `sqlite://path/to/file.db` (created with its folder if missing) or
    /// `postgres://user@host:port/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/aii.db")]
    pub database_url: String,

    /// Maximum database connections in the pool.
    #[arg(long, env = "DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,

    /// Folder of the applicant app's built files, served at `/` (index.html for unknown
    /// paths). Without an index.html there, `/` shows a page listing the API.
    #[arg(long, env = "STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// The open selection's evaluation cycle (Art. 10). Default: the current year (Beijing).
    #[arg(long, env = "AII_CYCLE")]
    pub cycle: Option<i64>,

    /// The first year of the alliance's first three-year evaluation cycle (Art. 23); cycles
    /// follow each other from it (2026: 2026–2028, 2029–2031, …). Art. 8 allows one
    /// application per unit per such cycle. Fixed once applications are stored: the server
    /// refuses to start with another origin.
    #[arg(long, env = "AII_CYCLE_ORIGIN", default_value_t = 2026)]
    pub cycle_origin: i64,

    /// First day of the selection window, YYYY-MM-DD. Default: 1 January of the cycle's year.
    #[arg(long, env = "AII_WINDOW_OPENS", value_parser = parse_date)]
    pub window_opens: Option<Date>,

    /// Last day of the selection window, YYYY-MM-DD. Default: 31 December of the cycle's year.
    #[arg(long, env = "AII_WINDOW_CLOSES", value_parser = parse_date)]
    pub window_closes: Option<Date>,

    /// Fix "today" (YYYY-MM-DD) instead of the clock's date in Beijing; for demos and tests.
    #[arg(long, env = "AII_TODAY", value_parser = parse_date)]
    pub today: Option<Date>,

    /// Largest request body accepted, in bytes (larger: 413).
    #[arg(long, env = "BODY_LIMIT", default_value_t = 2 * 1024 * 1024)]
    pub body_limit: usize,

    /// Deepest nesting of a JSON document accepted (deeper: 400 `input.too_deep`).
    #[arg(long, env = "MAX_DEPTH", default_value_t = 32)]
    pub max_depth: usize,

    /// Seconds a request may take, reading its body included (longer: 408).
    #[arg(long, env = "REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Seconds a client has to send a request's headers; a connection that dawdles is closed
    /// (a slow client cannot hold connections open).
    #[arg(long, env = "HEADER_TIMEOUT", default_value_t = 10)]
    pub header_timeout_secs: u64,

    /// Seconds a client has to send a request's body once its headers are in; a slower body
    /// is answered 408 and its connection closed. A request takes one of the
    /// `--concurrency-limit` slots only once its body is read, so slow senders cannot hold them.
    #[arg(long, env = "BODY_TIMEOUT", default_value_t = 10)]
    pub body_timeout_secs: u64,

    /// Seconds a connection may stay open with no request in flight (an idle keep-alive or
    /// HTTP/2 connection, one that never finishes its first request's headers); then it is
    /// closed. A connection that sends nothing at all is closed after `--header-timeout-secs`.
    #[arg(long, env = "IDLE_TIMEOUT", default_value_t = 30)]
    pub idle_timeout_secs: u64,

    /// Connections one client address may hold open at once; more are closed as they arrive
    /// (trusted proxies are not limited). 0: no limit.
    #[arg(long, env = "MAX_CONNECTIONS_PER_CLIENT", default_value_t = 64)]
    pub max_connections_per_client: usize,

    /// Submissions and resubmissions one client address may send a minute; more are answered
    /// 429 with `Retry-After`. 0: no limit.
    #[arg(long, env = "SUBMISSIONS_PER_MINUTE", default_value_t = 60)]
    pub submissions_per_minute: u32,

    /// Password checks (argon2id, 19 MiB each) run at once; a login that finds none free within
    /// two seconds is answered 503 with `Retry-After`. 0: the number of CPU cores.
    #[arg(long, env = "MAX_PASSWORD_CHECKS", default_value_t = 0)]
    pub max_password_checks: usize,

    /// `text` (one line per event, colours only on a terminal) or `json` (one JSON object per
    /// line, for log collectors).
    #[arg(long, env = "LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,

    /// Milliseconds `validate` may reuse a context look-up's answer (Art. 8's earlier
    /// application, the base from the registry, …) while this server has written nothing that
    /// could change it; writes by other processes (another server on the same database, the
    /// `register-base` command) reach validate within this time. 0: read the database on every
    /// validate. Submissions always read the database.
    #[arg(long, env = "CONTEXT_CACHE_MS", default_value_t = 1000)]
    pub context_cache_ms: u64,

    /// Requests handled at once; more wait for a free slot (within the timeout).
    #[arg(long, env = "CONCURRENCY_LIMIT", default_value_t = 512)]
    pub concurrency_limit: usize,

    /// Mark the secretariat's session cookie `Secure` (set it when served over HTTPS).
    #[arg(long, env = "SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Hours a secretariat session lasts after login.
    #[arg(long, env = "SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u64,

    /// Reverse proxies whose `X-Forwarded-For` is believed, as IP addresses or CIDR ranges,
    /// comma-separated (e.g. `127.0.0.1,10.0.0.0/8`). The login limit per client address then
    /// counts the address the proxy saw. Empty (the default): the TCP peer is the client.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_net)]
    pub trusted_proxies: Vec<IpNet>,

    /// Origins of other sites allowed to load the embeddable widget from `/embed/…` (CORS),
    /// comma-separated (e.g. `https://www.aii-alliance.org`), or `*` for any. Empty (the
    /// default): same origin only.
    #[arg(long, env = "EMBED_ORIGINS", value_delimiter = ',')]
    pub embed_origins: Vec<String>,

    /// The deadline of the three-yearly evaluation (Arts. 23, 24(2)) of the period ending in
    /// TO_YEAR, as `TO_YEAR=YYYY-MM-DD` (e.g. `2029=2030-03-31`); repeat the flag, or separate
    /// them with commas in the variable. A period without one: 31 March of the year after it
    /// ends. Material more than one calendar month late needs a special reason (`art24.overdue`).
    #[arg(long = "evaluation-deadline", env = "AII_EVALUATION_DEADLINES", value_delimiter = ',', value_parser = parse_deadline)]
    pub evaluation_deadlines: Vec<EvaluationDeadline>,

    /// Art. 11 (`art11.expert_quorum`): the assigned experts' opinions a submission needs to
    /// leave expert review (to a site check, publicity or a result).
    #[arg(long, env = "AII_EXPERT_QUORUM", default_value_t = 3)]
    pub expert_quorum: u32,
    /// Calendar days a publicity notice runs (Art. 12 `art12.publicity_period`), its start
    /// day included: it ends on start + days − 1.
    #[arg(long, env = "AII_PUBLICITY_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=365))]
    pub publicity_days: i64,

    /// The site's public address (`https://tb.example.org`), used in what leaves the site: the
    /// certificate's QR code and the links in e-mails. Unset: the request's host (QR code) or
    /// `http://{--listen}`.
    #[arg(long, env = "AII_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Folder of the e-mail the server sends when no `--smtp-url` is set: one RFC 5322 file a
    /// message, `{message-id}.eml` (created if missing).
    #[arg(long, env = "AII_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,

    /// Send e-mail through this SMTP server instead of writing files: `smtp+starttls://host:587`
    /// (or `smtp://host:587?tls=required`: STARTTLS required), `smtps://host:465` (TLS from the
    /// start), `smtp://host:25` (no TLS: a local relay, tests); `user:password@` before the host
    /// authenticates (percent-encoded).
    #[arg(long, env = "AII_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The From of the e-mail (`Name <address>` or an address). Default: `no-reply@` the host
    /// of `--public-url` (`no-reply@localhost` without one).
    #[arg(long, env = "AII_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Milliseconds before an unsent e-mail is tried again the first time; each further retry
    /// waits twice as long, at most an hour.
    #[arg(long, env = "AII_OUTBOX_RETRY_MS", default_value_t = 5000)]
    pub outbox_retry_ms: u64,
    /// Folder of the attachments' files (created on the first upload), when
    /// `--object-store-url` is not set.
    #[arg(long, env = "FILES_DIR", default_value = "data/files")]
    pub files_dir: PathBuf,

    /// Keep the attachments in an S3-compatible store instead of `--files-dir`:
    /// `s3://BUCKET[/PREFIX][?endpoint=http://host:port&region=…&allow_http=true]`. The
    /// credentials come from the usual `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` variables
    /// (or `access_key_id=`/`secret_access_key=` in the query); every `AWS_*` variable
    /// object_store knows is read.
    #[arg(long, env = "OBJECT_STORE_URL")]
    pub object_store_url: Option<String>,

    /// Hours an uploaded file waits to be named by a submission; then it is deleted.
    #[arg(long, env = "UPLOAD_TTL_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..=720))]
    pub upload_ttl_hours: u64,

    /// Uploads one client address may send a minute; more are answered 429. 0: no limit.
    #[arg(long, env = "UPLOADS_PER_MINUTE", default_value_t = 120)]
    pub uploads_per_minute: u32,
}

fn parse_public_url(s: &str) -> Result<String, String> {
    let s = s.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| format!("`{s}`: write http(s)://host[:port][/path]"))?;
    let ok = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]/_~".contains(&b));
    if ok { Ok(s.to_owned()) } else { Err(format!("`{s}` is not a plain http(s) address")) }
}

/// The configured deadline of one evaluation period (see `--evaluation-deadline`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvaluationDeadline {
    /// The period's last year.
    pub to_year: i64,
    pub date: Date,
}

fn parse_deadline(s: &str) -> Result<EvaluationDeadline, String> {
    let s = s.trim();
    let (year, date) = s.split_once('=').ok_or_else(|| format!("`{s}`: write TO_YEAR=YYYY-MM-DD, e.g. 2029=2030-03-31"))?;
    let to_year = year.trim().parse::<i64>().ok().filter(|y| (2000..=9998).contains(y)).ok_or_else(|| format!("`{year}` is not a year"))?;
    Ok(EvaluationDeadline { to_year, date: parse_date(date.trim())? })
}

/// An IP network: an address and the length of its prefix (a bare address is a /32 or /128).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl IpNet {
    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer may arrive as an IPv4-mapped IPv6 address on a dual-stack socket.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn parse_net(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    let (addr, prefix) = s.split_once('/').map_or((s, None), |(a, p)| (a, Some(p)));
    let addr: IpAddr = addr.parse().map_err(|_| format!("`{s}` is not an IP address or CIDR range"))?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("`{s}`: the prefix must be 0 to {max}"))?,
    };
    Ok(IpNet { addr, prefix })
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD"))
}

impl Config {
    /// The defaults, as with no flags and no environment (tests start from this).
    pub fn defaults() -> Config {
        Cli::parse_from(["aii-server"]).config
    }

    pub fn session_ms(&self) -> i64 {
        i64::try_from(self.session_hours).unwrap_or(12).saturating_mul(3_600_000)
    }

    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_secs.max(1))
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_secs.max(1))
    }

    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_timeout_secs.max(1))
    }

    /// The password checks run at once (`--max-password-checks`, else the core count).
    pub fn password_checks(&self) -> usize {
        match self.max_password_checks {
            0 => std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            n => n,
        }
    }

    /// Whether `ip` is one of the `--trusted-proxies`.
    pub fn is_trusted_proxy(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(ip))
    }

    /// The site's public address without a trailing slash: `--public-url`, else
    /// `http://{--listen}`.
    pub fn public_base(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// Today's date: the configured one, or the clock's in Beijing (UTC+8).
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(|| Date::from_unix_ms(crate::time::now_ms(), 480))
    }

    /// The day, in Beijing, of a moment the server recorded. With `--today` fixed, the server's
    /// calendar is shifted as a whole: a moment `n` days before now falls `n` days before the
    /// fixed day (so a submission made under a fixed day is judged by that day, Arts. 10, 24(2)).
    pub fn date_of(&self, unix_ms: i64) -> Date {
        let day = Date::from_unix_ms(unix_ms, 480);
        match self.today {
            None => day,
            Some(today) => today.add_days(day.day_number() - Date::from_unix_ms(crate::time::now_ms(), 480).day_number()),
        }
    }

    /// The evaluation cycle (first and last year) holding a selection year (Art. 8).
    pub fn evaluation_cycle(&self, selection_year: i64) -> (i64, i64) {
        aii_rules::evaluation_cycle(self.cycle_origin, selection_year)
    }

    /// The selection window on `today`: the configured cycle and dates, each defaulting as
    /// documented on the flags.
    pub fn selection_window(&self, today: Date) -> SelectionWindow {
        let cycle = self.cycle.unwrap_or(i64::from(today.year()));
        let year = i32::try_from(cycle).unwrap_or(today.year());
        SelectionWindow {
            cycle,
            opens: self.window_opens.or_else(|| Date::new(year, 1, 1)).unwrap_or(today),
            closes: self.window_closes.or_else(|| Date::new(year, 12, 31)).unwrap_or(today),
        }
    }

    /// The deadline of the evaluation of the period ending in `to_year`: the configured one,
    /// else 31 March of the next year (the alliance's usual first-quarter call for material).
    pub fn evaluation_deadline(&self, to_year: i64) -> Option<Date> {
        if let Some(d) = self.evaluation_deadlines.iter().rev().find(|d| d.to_year == to_year) {
            return Some(d.date);
        }
        Date::new(i32::try_from(to_year.checked_add(1)?).ok()?, 3, 31)
    }

    /// The address of the client a request came from: the TCP peer, or, when the peer is a
    /// trusted proxy, the right-most address of `X-Forwarded-For` that is not itself a trusted
    /// proxy (the left-most ones are the client's to forge). Every `X-Forwarded-For` line is
    /// read, in order, as one list (RFC 9110: a repeated list header is its lines joined by
    /// commas), so a proxy that adds a line of its own instead of extending the client's is
    /// read right, and a client's forged line before it is not believed.
    pub fn client_address<'h>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'h str>) -> IpAddr {
        if !self.is_trusted_proxy(peer) {
            return peer;
        }
        let lines: Vec<&str> = forwarded_for.into_iter().collect();
        let mut client = peer;
        for hop in lines.iter().rev().flat_map(|line| line.rsplit(',')) {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !self.is_trusted_proxy(ip) {
                        break;
                    }
                }
                // Garbage in the header: stop at the last address a trusted hop vouched for.
                Err(_) => break,
            }
        }
        client
    }

    /// [`Config::client_address`] of a request: its peer (`ConnectInfo`) and `X-Forwarded-For`
    /// lines. `None` without a peer (a request made in-process, by the tests).
    pub fn client_of(&self, req: &axum::http::request::Parts) -> Option<IpAddr> {
        let peer = req.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?.0.ip();
        let lines = req.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        Some(self.client_address(peer, lines))
    }

    /// Whether `origin` may load the widget from another site.
    pub fn embed_origin_allowed(&self, origin: &str) -> bool {
        self.embed_origins.iter().any(|o| o == "*" || o.trim_end_matches('/').eq_ignore_ascii_case(origin))
    }

    /// Refuses a configuration that cannot work.
    pub fn check(&self) -> anyhow::Result<()> {
        let w = self.selection_window(self.today());
        anyhow::ensure!(w.opens <= w.closes, "the selection window opens ({}) after it closes ({})", w.opens, w.closes);
        anyhow::ensure!(self.body_limit > 0, "the body limit must be positive");
        anyhow::ensure!(self.max_depth > 0, "the depth limit must be positive");
        anyhow::ensure!(self.concurrency_limit > 0, "the concurrency limit must be positive");
        anyhow::ensure!((1..=24 * 30).contains(&self.session_hours), "a session lasts 1 to 720 hours");
        for (i, d) in self.evaluation_deadlines.iter().enumerate() {
            anyhow::ensure!(
                i64::from(d.date.year()) > d.to_year,
                "the evaluation deadline of the period ending in {} ({}) falls before the period ends",
                d.to_year,
                d.date
            );
            anyhow::ensure!(
                !self.evaluation_deadlines[..i].iter().any(|e| e.to_year == d.to_year),
                "two evaluation deadlines for the period ending in {}",
                d.to_year
            );
        }
        if let Some(url) = &self.object_store_url {
            crate::attachments::storage::s3_builder(url)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_of(id: &str) -> String {
        use clap::CommandFactory;
        let cmd = Cli::command();
        let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
        arg.get_default_values()[0].to_string_lossy().into_owned()
    }

    #[test]
    fn a_public_url_is_a_plain_http_address() {
        assert_eq!(parse_public_url("https://tb.example.org/").unwrap(), "https://tb.example.org");
        assert_eq!(parse_public_url("http://127.0.0.1:8080/aii").unwrap(), "http://127.0.0.1:8080/aii");
        assert!(parse_public_url("tb.example.org").is_err());
        assert!(parse_public_url("https://").is_err());
        assert!(parse_public_url("https://a b").is_err());
        assert!(parse_public_url("https://x\"><script>").is_err());
    }

    #[test]
    fn defaults_need_no_configuration() {
        // Read from the definition, not the environment (which may set any of them).
        assert_eq!(default_of("listen"), "127.0.0.1:8080");
        assert_eq!(default_of("database_url"), "sqlite://data/aii.db");
        assert_eq!(default_of("static_dir"), "dist");
        assert_eq!(default_of("max_depth"), "32");
        assert_eq!(default_of("context_cache_ms"), "1000");
        Config::defaults().check().unwrap();
    }

    #[test]
    fn window_defaults_to_the_cycle_year() {
        let mut c = Config::defaults();
        let today = Date::parse("2026-11-29").unwrap();
        let w = c.selection_window(today);
        assert_eq!((w.cycle, w.opens.to_string(), w.closes.to_string()), (2026, "2026-01-01".into(), "2026-12-31".into()));
        c.cycle = Some(2027);
        c.window_opens = Date::parse("2026-10-01");
        let w = c.selection_window(today);
        assert_eq!((w.cycle, w.opens.to_string(), w.closes.to_string()), (2027, "2026-10-01".into(), "2027-12-31".into()));
        c.window_closes = Date::parse("2026-09-01");
        c.today = Some(today);
        assert!(c.check().is_err());
    }

    #[test]
    fn client_address_believes_only_trusted_proxies() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let mut c = Config::defaults();
        // No trusted proxy: the header is ignored.
        assert_eq!(c.client_address(ip("10.0.0.5"), ["203.0.113.7"]), ip("10.0.0.5"));
        c = Cli::parse_from(["aii-server", "--trusted-proxies", "127.0.0.1,10.0.0.0/8,::1"]).config;
        assert_eq!(c.trusted_proxies.len(), 3);
        assert_eq!(c.client_address(ip("10.1.2.3"), ["203.0.113.7"]), ip("203.0.113.7"));
        // Through two trusted proxies; the forged left-most entry is not believed.
        assert_eq!(c.client_address(ip("127.0.0.1"), ["1.1.1.1, 203.0.113.7, 10.9.9.9"]), ip("203.0.113.7"));
        assert_eq!(c.client_address(ip("::ffff:127.0.0.1"), ["203.0.113.8"]), ip("203.0.113.8"));
        assert_eq!(c.client_address(ip("::1"), ["2001:db8::1"]), ip("2001:db8::1"));
        // Not from a trusted proxy: its header is the client's own claim.
        assert_eq!(c.client_address(ip("192.0.2.1"), ["203.0.113.7"]), ip("192.0.2.1"));
        // No header, or garbage in it: the last address vouched for.
        assert_eq!(c.client_address(ip("10.0.0.1"), []), ip("10.0.0.1"));
        assert_eq!(c.client_address(ip("10.0.0.1"), ["nonsense, 203.0.113.9"]), ip("203.0.113.9"));
        assert_eq!(c.client_address(ip("10.0.0.1"), ["203.0.113.9, nonsense"]), ip("10.0.0.1"));
        // Issue 22: every line of the header, the lines in order: a forged first line is not
        // believed, the proxy's own line is.
        assert_eq!(c.client_address(ip("127.0.0.1"), ["1.1.1.1", "203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(c.client_address(ip("127.0.0.1"), ["198.51.100.1, 203.0.113.7", "10.0.0.2"]), ip("203.0.113.7"));
        assert_eq!(c.client_address(ip("127.0.0.1"), ["203.0.113.7", "10.0.0.2, 10.0.0.3"]), ip("203.0.113.7"));
        assert_eq!(c.client_address(ip("127.0.0.1"), ["10.0.0.2", "203.0.113.7"]), ip("203.0.113.7"));
        assert!(Cli::try_parse_from(["aii-server", "--trusted-proxies", "10.0.0.0/33"]).is_err());
        assert!(Cli::try_parse_from(["aii-server", "--trusted-proxies", "proxy.local"]).is_err());
    }

    #[test]
    fn embed_origins_match_exactly() {
        let c = Cli::parse_from(["aii-server", "--embed-origins", "https://www.example.org,http://localhost:3000/"]).config;
        assert!(c.embed_origin_allowed("https://www.example.org"));
        assert!(c.embed_origin_allowed("http://localhost:3000"));
        assert!(!c.embed_origin_allowed("https://evil.example.org"));
        assert!(!Config::defaults().embed_origin_allowed("https://www.example.org"));
        assert!(Cli::parse_from(["aii-server", "--embed-origins", "*"]).config.embed_origin_allowed("https://any.example"));
    }

    #[test]
    fn evaluation_deadlines() {
        let c =
            Cli::parse_from(["aii-server", "--evaluation-deadline", "2029=2030-04-15", "--evaluation-deadline", "2032=2033-01-10"]).config;
        assert_eq!(c.evaluation_deadline(2029), Date::parse("2030-04-15"));
        assert_eq!(c.evaluation_deadline(2032), Date::parse("2033-01-10"));
        assert_eq!(c.evaluation_deadline(2030), Date::parse("2031-03-31"), "the default: 31 March after the period");
        c.check().unwrap();
        for bad in ["2029", "2029=2030-02-30", "year=2030-01-01", "2029=30-01-01"] {
            assert!(Cli::try_parse_from(["aii-server", "--evaluation-deadline", bad]).is_err(), "{bad}");
        }
        let early = Cli::parse_from(["aii-server", "--evaluation-deadline", "2029=2029-12-01"]).config;
        assert!(early.check().is_err());
        let twice = Cli::parse_from(["aii-server", "--evaluation-deadline", "2029=2030-03-01,2029=2030-04-01"]).config;
        assert!(twice.check().is_err());
    }

    #[test]
    fn flags_parse() {
        let cli = Cli::parse_from([
            "aii-server",
            "--cycle",
            "2027",
            "--window-opens",
            "2027-01-01",
            "--window-closes",
            "2027-06-30",
            "register-base",
            "--file",
            "b.json",
        ]);
        assert_eq!(cli.config.cycle, Some(2027));
        assert!(matches!(cli.command, Some(Command::RegisterBase { .. })));
        assert!(Cli::try_parse_from(["aii-server", "--window-opens", "2027-02-30"]).is_err());
    }
}
