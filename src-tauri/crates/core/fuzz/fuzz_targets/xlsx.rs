//! An xlsx whose worksheet XML (and, after a 0xFF byte, shared strings XML)
//! is the input, in an otherwise valid package: the zip's checksums would
//! stop most mutations of a whole file before the XML is read.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    salescope_fuzz::import_bytes("input.xlsx", &salescope_fuzz::xlsx_package(data))
});
