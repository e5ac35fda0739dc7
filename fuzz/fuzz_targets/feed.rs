//! Fuzz target `feed`: see [`pressdex_fuzz::feed`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pressdex_fuzz::feed(data));
