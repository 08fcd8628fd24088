//! Any bytes named `contacts.csv`: sniffing, decoding and reading must end in a report or an error.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::import("contacts.csv", data, &common::brazil());
});
