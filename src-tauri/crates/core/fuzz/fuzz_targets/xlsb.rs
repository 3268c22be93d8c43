//! An xlsb whose worksheet records are the input, in an otherwise valid package.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    salescope_fuzz::import_bytes("input.xlsb", &salescope_fuzz::xlsb_package(data))
});
