//! Fuzz target `enrich`: see [`pressdex_fuzz::enrich`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pressdex_fuzz::enrich(data));
