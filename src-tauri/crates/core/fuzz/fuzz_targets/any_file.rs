//! Any bytes as a dropped file: the format sniffer, the zip container of the
//! zip-based workbooks (a damaged or half-downloaded file), the importer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| salescope_fuzz::import_bytes("input.xlsx", data));
