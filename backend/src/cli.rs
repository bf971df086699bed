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
}
