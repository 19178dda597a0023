//! `aii-server`: serve the API (default), `register-base --file base.json`, or
//! `user add|disable|enable --username …` for the secretariat's accounts.

use clap::Parser;
use tracing_subscriber::EnvFilter;

use aii_server::config::UserCommand;
use aii_server::{Cli, Command, accounts};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Colours only on a terminal (a file or a collector gets plain text); `--log-format json`
    // writes one JSON object a line. No module path: a request's line is its span (method,
    // route), status and latency.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    if cli.config.log_format == "json" {
        logs.json().with_current_span(true).with_span_list(false).init();
    } else {
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())).init();
    }
    match cli.command {
        None | Some(Command::Serve) => aii_server::serve(cli.config).await,
        Some(Command::RegisterBase { file }) => {
            let id = aii_server::register_base(&cli.config, &file).await?;
            println!("{id}");
            Ok(())
        }
        Some(Command::User(UserCommand::Add { username, password_stdin, role, expert })) => {
            let generated = if role == "expert" {
                accounts::add_expert(&cli.config, &username, password_stdin, &expert, &mut std::io::stdin().lock()).await?
            } else {
                accounts::add_user(&cli.config, &username, password_stdin, &mut std::io::stdin().lock()).await?
            };
            match generated {
                Some(password) => println!("created {username}; password (shown once): {password}"),
                None => println!("created {username}"),
            }
            Ok(())
        }
        Some(Command::User(UserCommand::Disable { username })) => {
            accounts::set_disabled(&cli.config, &username, true).await?;
            println!("disabled {username}");
            Ok(())
        }
        Some(Command::User(UserCommand::Enable { username })) => {
            accounts::set_disabled(&cli.config, &username, false).await?;
            println!("enabled {username}");
            Ok(())
        }
    }
}
