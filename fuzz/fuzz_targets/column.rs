//! The column picker: the first line of the input is the column the user forced (a header name or
//! a letter), the rest a CSV; a bad choice must be an error with a message, never a panic.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let column = String::from_utf8_lossy(&data[..split]).into_owned();
    let rest = data.get(split + 1..).unwrap_or_default();
    let opts = groupdrop_contacts::ImportOptions {
        column: Some(column),
        ..common::brazil()
    };
    common::import("contacts.csv", rest, &opts);
});
