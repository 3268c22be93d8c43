//! The CSV sniffer, encoding and delimiter detection, reader and importer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| salescope_fuzz::import_bytes("input.csv", data));
