//! `aii-server`: serve the API (default), or `register-base --file base.json`.

use clap::Parser;
use tracing_subscriber::EnvFilter;

use aii_server::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))).init();
    let cli = Cli::parse();
    match cli.command {
        None | Some(Command::Serve) => aii_server::serve(cli.config).await,
        Some(Command::RegisterBase { file }) => {
            let id = aii_server::register_base(&cli.config, &file).await?;
            println!("{id}");
            Ok(())
        }
    }
}
