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
        Command::Simulate(args) => {
            if args.example {
                let example = outdial::dialler::simulate::scenario::example();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&example).expect("a scenario serialises")
                );
                return ExitCode::SUCCESS;
            }
            let (Some(scenario), Some(events)) = (args.scenario, args.events) else {
                unreachable!("clap requires --scenario and --events without --example");
            };
            match outdial::dialler::simulate::command(&scenario, &events, args.json).await {
                Ok(status) => return ExitCode::from(status),
                Err(error) => {
                    eprintln!("error: {}", one_line(&error));
                    return ExitCode::from(2);
                }
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", one_line(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, leaving out a cause whose text the
/// line already ends with (database drivers repeat their source's message).
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.ends_with(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}
