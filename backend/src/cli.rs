//! Command-line arguments of the `outdial` binary.

use std::net::SocketAddr;

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
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "OUTDIAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Where the data lives: `sqlite://PATH` (the file is created if missing)
    /// or `postgres://USER@HOST/DB`.
    #[arg(long, env = "OUTDIAL_DATABASE_URL", default_value = "sqlite://outdial.db")]
    pub database_url: String,
}
