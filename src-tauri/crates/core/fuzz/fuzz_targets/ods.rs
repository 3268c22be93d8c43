//! An ods whose content.xml is the input, in an otherwise valid package.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    salescope_fuzz::import_bytes("input.ods", &salescope_fuzz::ods_package(data))
});
