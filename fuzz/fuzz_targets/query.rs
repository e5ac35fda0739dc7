//! Fuzz target `query`: see [`pressdex_fuzz::query`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pressdex_fuzz::query(data));
