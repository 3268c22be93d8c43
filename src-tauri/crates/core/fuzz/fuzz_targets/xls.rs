//! An xls (compound file, BIFF records) through the limits' pre-scan and the importer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| salescope_fuzz::import_bytes("input.xls", data));
