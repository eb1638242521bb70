//! The command line: `serve` (the default), `demo`, `sim`, `migrate`, `config`, `transcript`.

use crate::app::{self, AppOptions, RunningApp};
use crate::config::{Config, RawConfig};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// A self-hostable Discord support-ticket bot with a web dashboard.
#[derive(Debug, Parser)]
#[command(name = "tickets", version)]
pub struct Cli {
    /// Configuration file (environment variables override it).
    #[arg(long, global = true, default_value = "tickets.toml")]
    pub config: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot against Discord: gateway, interactions endpoint, dashboard and jobs.
    Serve,
    /// Try everything offline: the bot against the built-in Discord simulator, on SQLite under
    /// the data directory, or on DATABASE_URL when it is set.
    Demo {
        /// Start over with an empty demo database (refused for a database that holds other
        /// servers' data).
        #[arg(long)]
        fresh: bool,
        /// Address of the dashboard.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Address of the simulator.
        #[arg(long, default_value = "127.0.0.1:8090")]
        sim_listen: SocketAddr,
    },
    /// Run the Discord simulator alone.
    Sim {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: SocketAddr,
        /// Scenario file (TOML or JSON); the demo scenario by default.
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Print the effective configuration with secrets masked.
    Config {
        /// Print the example configuration file instead.
        #[arg(long)]
        example: bool,
    },
    /// Work with transcripts on their own (no configuration or database needed).
    Transcript {
        /// What to do with them.
        #[command(subcommand)]
        command: crate::transcript_cli::TranscriptCommand,
    },
}

/// Parses the command line and runs it; the exit code says whether it worked.
#[must_use]
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tickets: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Transcript { command }) = &cli.command {
        return crate::transcript_cli::run(command);
    }
    let raw = RawConfig::load(Some(&cli.config), |name| std::env::var(name).ok())?;
    let config = Config::from_raw(&raw)?;
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Config { example } = command {
        print!(
            "{}",
            if example {
                crate::settings::example_file()
            } else {
                config.describe(&raw)
            }
        );
        return Ok(());
    }
    init_logs(&config.log);
    app::install_crypto();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async move {
        match command {
            Command::Serve => {
                let app = RunningApp::start(&config, AppOptions::default()).await?;
                wait_for_signal().await;
                app.shutdown().await;
                Ok(())
            }
            Command::Migrate => {
                app::open_database(&config).await?;
                println!("database is up to date");
                Ok(())
            }
            Command::Demo {
                fresh,
                listen,
                sim_listen,
            } => {
                let database = raw
                    .is_set("database.url")
                    .then(|| config.database_url.clone());
                crate::demo::run(config, database, fresh, listen, sim_listen).await
            }
            Command::Sim { listen, scenario } => crate::demo::run_sim(listen, scenario).await,
            Command::Config { .. } | Command::Transcript { .. } => Ok(()),
        }
    });
    // Whatever still runs (a blocking lookup, a task ignoring cancellation) must not keep the
    // process alive past the bounded stop.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}

fn init_logs(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn wait_for_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
