//! `groupdrop-cli import FILE [--country CC] [--column NAME] [--sheet NAME] [--json]`: read a
//! contact file and show what GroupDrop would use, what repeats, and what it cannot use.

use crate::failure::{Exit, Failure, Result};
use groupdrop_core::flow::{self, ImportChoices, ImportReport};
use std::fmt::Write as _;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The contact file (CSV, TXT, XLSX, XLS, ODS, VCF).
    pub file: std::path::PathBuf,
    /// Country for numbers written without +country code (two letters, e.g. BR, IN, US).
    /// Default: the region of the system language; "none" for no default country.
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// The column holding the phone numbers: its header or its letter (e.g. "Celular" or C).
    #[arg(long, value_name = "NAME")]
    pub column: Option<String>,
    /// The sheet to read in a workbook (default: the first sheet with data).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Print exactly one JSON object on stdout instead of a summary.
    #[arg(long)]
    pub json: bool,
}

/// How many duplicates / rejected rows the summary lists before pointing at `--json`.
const LISTED: usize = 50;

pub fn run(args: ImportArgs) -> Result {
    let choice = ImportChoices {
        // Absent: the system locale's region. "none": no default country (flow's rule).
        country: args.country.or_else(flow::system_country),
        column: args.column,
        sheet: args.sheet,
        group_by: None,
    };
    let report = flow::import_file(&args.file, &choice)?;
    if args.json {
        let json = serde_json::to_string(&report).map_err(|e| {
            Failure::new(
                Exit::Other,
                format!("could not write the result as JSON ({e})"),
            )
        })?;
        println!("{json}");
    } else {
        print!("{}", summary(&report));
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The human-readable summary.
pub fn summary(r: &ImportReport) -> String {
    let mut out = String::new();
    let mut what = vec![r.format.label().to_string()];
    if let Some(e) = &r.encoding {
        what.push(e.clone());
    }
    if let Some(d) = &r.delimiter {
        what.push(format!(
            "separated by {}",
            if d == "\t" {
                "tabs".to_string()
            } else {
                format!("\"{d}\"")
            }
        ));
    }
    if let Some(s) = &r.sheet {
        what.push(format!("sheet \"{s}\""));
    }
    let _ = writeln!(out, "{}: {}", r.file, what.join(", "));
    let _ = writeln!(
        out,
        "Numbers from: {}{}",
        r.phone_columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        if r.name_columns.is_empty() {
            String::new()
        } else {
            format!("; names from: {}", r.name_columns.join(" + "))
        }
    );
    let _ = writeln!(
        out,
        "Default country: {}",
        r.country
            .as_deref()
            .unwrap_or("none (numbers need +country code)")
    );
    let landlines = r
        .contacts
        .iter()
        .filter(|c| c.kind.is_landline_like())
        .count();
    let _ = writeln!(
        out,
        "\n{}{}, {}, {}",
        plural(r.contacts.len(), "usable number", "usable numbers"),
        if landlines > 0 {
            format!(
                " ({} that may not be on WhatsApp)",
                plural(landlines, "landline", "landlines")
            )
        } else {
            String::new()
        },
        plural(r.duplicates.len(), "duplicate", "duplicates"),
        plural(r.rejected.len(), "rejected", "rejected"),
    );
    if !r.duplicates.is_empty() {
        let _ = writeln!(out, "\nDuplicates (kept the first):");
        for d in r.duplicates.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "  row {}: {} (same as row {})",
                d.row, d.phone, d.same_as_row
            );
        }
        if r.duplicates.len() > LISTED {
            let _ = writeln!(
                out,
                "  … and {} more (use --json to see all)",
                r.duplicates.len() - LISTED
            );
        }
    }
    if !r.rejected.is_empty() {
        let _ = writeln!(out, "\nRejected:");
        for x in r.rejected.iter().take(LISTED) {
            let input = if x.input.is_empty() {
                String::new()
            } else {
                format!("\"{}\": ", x.input)
            };
            let _ = writeln!(out, "  row {}: {input}{}", x.row, x.reason);
        }
        if r.rejected.len() > LISTED {
            let _ = writeln!(
                out,
                "  … and {} more (use --json to see all)",
                r.rejected.len() - LISTED
            );
        }
    }
    out
}
