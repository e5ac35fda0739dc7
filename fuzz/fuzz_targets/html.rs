//! Fuzz target `html`: see [`pressdex_fuzz::html`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pressdex_fuzz::html(data));
