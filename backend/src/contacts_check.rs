//! `outdial contacts check FILE`: runs the shared contact reader on a file on
//! disk, 64 KiB at a time, exactly as an upload is read, and prints the
//! report for a person or (`--json`) in the upload response's shape.
//!
//! Exit status: 0 when every row is a contact, 1 when some rows are invalid
//! or duplicates, 2 when the file is rejected as a whole or cannot be read.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use outdial_shared::contacts::{
    ContactReader, CountOnly, DefaultRegion, ReaderOptions, Report, RowError,
};

use crate::cli::ContactsCheckArgs;

/// How much of the file is read and pushed at a time.
const CHUNK_BYTES: usize = 64 * 1024;
/// How many row errors the human output lists.
const ERRORS_SHOWN: usize = 20;

/// Runs the command and returns its exit status.
pub fn run(args: &ContactsCheckArgs) -> ExitCode {
    let report = args
        .default_region
        .as_deref()
        .map(DefaultRegion::parse)
        .transpose()
        .map_err(anyhow::Error::from)
        .and_then(|region| check_file(&args.file, ReaderOptions::new(region)));
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::from(2);
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", describe(&args.file, &report));
    }
    ExitCode::from(exit_status(&report))
}

/// 0 all valid, 1 some rows not, 2 the file rejected.
pub fn exit_status(report: &Report) -> u8 {
    if report.file_error.is_some() {
        2
    } else if report.all_valid() {
        0
    } else {
        1
    }
}

/// Reads `path` in chunks through the shared reader.
pub fn check_file(path: &Path, mut options: ReaderOptions) -> anyhow::Result<Report> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    options.declared_size = file.metadata().ok().map(|metadata| metadata.len());
    let mut reader = ContactReader::new(options);
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", path.display()))
            }
        };
        if reader.push(&buffer[..read], &mut CountOnly).is_err() {
            // The reason is in the report; nothing after it matters.
            break;
        }
    }
    Ok(reader.finish(&mut CountOnly))
}

/// The report as a person reads it.
pub fn describe(path: &Path, report: &Report) -> String {
    let mut out = String::new();
    let name = path.display();
    if let Some(error) = &report.file_error {
        out.push_str(&format!("{name}: REJECTED — {error}\n"));
        out.push_str("No contact from this file would be imported.\n");
        return out;
    }
    out.push_str(&format!(
        "{name}: {} rows — {} valid, {} invalid, {} duplicates\n",
        report.rows, report.valid, report.invalid, report.duplicates
    ));
    let encoding = report
        .encoding
        .map(|encoding| encoding.to_string())
        .unwrap_or_else(|| "UTF-8".to_owned());
    let delimiter = report
        .delimiter
        .map(|delimiter| delimiter.to_string())
        .unwrap_or_else(|| "comma".to_owned());
    out.push_str(&format!("Read as {encoding}, {delimiter}-separated.\n"));
    if report.variables.is_empty() {
        out.push_str("Variables: none (only phone_number).\n");
    } else {
        out.push_str(&format!("Variables: {}\n", report.variables.join(", ")));
    }
    let total = report.errors.len() + report.errors_omitted as usize;
    if total == 0 {
        out.push_str("Every row is valid.\n");
        return out;
    }
    let shown = report.errors.len().min(ERRORS_SHOWN);
    if shown < total {
        out.push_str(&format!("\nFirst {shown} of {total} problems:\n"));
    } else {
        out.push_str("\nProblems:\n");
    }
    for error in &report.errors[..shown] {
        out.push_str(&describe_error(error));
    }
    if shown < total {
        out.push_str("(--json lists the first 1,000.)\n");
    }
    out
}

fn describe_error(error: &RowError) -> String {
    match &error.column {
        Some(column) => format!("  row {:<7} {column}: {}\n", error.row, error.reason),
        None => format!(
            "  row {:<7} {} ({})\n",
            error.row, error.reason, error.value
        ),
    }
}
