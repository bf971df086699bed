//! `outdial`: the command line. It only parses arguments and hands over to the
//! library; every failure ends as one line on stderr and a non-zero exit.

use std::process::ExitCode;

use clap::Parser;
use outdial::cli::{Cli, Command, ContactsCommand};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    outdial::telemetry::init();
    let result = match cli.command {
        Command::Serve(args) => outdial::serve::run(args).await,
        Command::Contacts(ContactsCommand::Check(args)) => {
            return outdial::contacts_check::run(&args)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
