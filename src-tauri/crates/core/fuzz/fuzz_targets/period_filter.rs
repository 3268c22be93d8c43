//! Period, filter and goal-target parsing, as typed in the CLI or the window.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| salescope_fuzz::period_filter(data));
