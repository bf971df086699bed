//! Command-line arguments of the `outdial` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Outbound-campaign dialler for AI voice bots.
#[derive(Debug, Parser)]
#[command(name = "outdial", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web app, the API and the dialler.
    Serve(ServeArgs),
    /// Operator tools for contact CSV files.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Run the real scheduler on a virtual clock against the simulated
    /// carrier, write every event as a JSON line and check the dialler's
    /// invariants on them. Exit status: 0 clean, 1 breaches found, 2 error.
    Simulate(SimulateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// The scenario (see `--example` and docs/dialler.md).
    #[arg(long, required_unless_present = "example")]
    pub scenario: Option<PathBuf>,

    /// Where to write the events, one JSON object per line.
    #[arg(long, required_unless_present = "example")]
    pub events: Option<PathBuf>,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,

    /// Print a documented example scenario and exit.
    #[arg(long, conflicts_with_all = ["scenario", "events"])]
    pub example: bool,
}

/// How calls are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TelephonyKind {
    /// The built-in simulated carrier: realistic outcomes, no real calls.
    Simulated,
    /// A voice-bot runtime over HTTP (`--gateway-url`, `--gateway-secret`).
    Gateway,
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Check a contact CSV with the reader uploads go through. Exit status:
    /// 0 every row valid, 1 some rows invalid or duplicated, 2 the file
    /// rejected as a whole or unreadable.
    Check(ContactsCheckArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ContactsCheckArgs {
    /// The CSV file.
    pub file: PathBuf,

    /// Region for numbers written without a country code (ISO code: IN, US, GB…).
    #[arg(long, value_name = "CC")]
    pub default_region: Option<String>,

    /// Print the report as JSON (the upload response's shape).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "OUTDIAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Where the data lives: `sqlite://PATH` (the file is created if missing)
    /// or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "OUTDIAL_DATABASE_URL",
        default_value = "sqlite://outdial.db"
    )]
    pub database_url: String,

    /// How calls are placed.
    #[arg(
        long,
        env = "OUTDIAL_TELEPHONY",
        value_enum,
        default_value = "simulated"
    )]
    pub telephony: TelephonyKind,

    /// The gateway's dial endpoint (with `--telephony gateway`).
    #[arg(long, env = "OUTDIAL_GATEWAY_URL")]
    pub gateway_url: Option<String>,

    /// The secret that signs dial requests and call events (with `--telephony gateway`).
    #[arg(long, env = "OUTDIAL_GATEWAY_SECRET", hide_env_values = true)]
    pub gateway_secret: Option<String>,

    /// This server's address as the gateway reaches it, for the events'
    /// `callback_url` (default: http://<bind>).
    #[arg(long, env = "OUTDIAL_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// This instance's name on the calls it places (default: host and process id).
    #[arg(long, env = "OUTDIAL_INSTANCE")]
    pub instance: Option<String>,

    /// Seed of the simulated carrier's outcomes.
    #[arg(long, env = "OUTDIAL_SIMULATOR_SEED", default_value_t = 1)]
    pub simulator_seed: u64,

    /// Serve the API without placing calls (another instance dials).
    #[arg(long, env = "OUTDIAL_NO_DIALLER")]
    pub no_dialler: bool,

    /// Do not create the demo workspace on the first start of an empty
    /// database (also `OUTDIAL_DEMO=0`).
    #[arg(long)]
    pub no_demo: bool,
}
