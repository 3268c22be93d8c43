//! Type and date inference: each line is a cell of one column.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| salescope_fuzz::infer(data));
