//! The column picker: the first line of the input is the column the user forced, the rest a CSV.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::column(data));
