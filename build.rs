//! Link the release `pressdex` binary as a position-dependent executable on Linux.
//!
//! A search is a new process each time, so start-up is part of every search. A position-
//! independent executable (the default) has the dynamic loader apply ~50,000 relocations to
//! ~1 MB of `.data.rel.ro` (vtables and tables of `&str`) at every start, which dirties ~240
//! pages: 399 page faults and 2.5 ms of CPU for `pressdex --version`, against 156 and 1.8 ms
//! linked with `-no-pie` (BENCHMARKS.md, "Search as a process"). The price is that the binary's
//! own code is not address-randomised (shared libraries, heap and stack still are); a short-
//! lived tool that reads local files, like most C command-line tools built without PIE, takes
//! it. Debug builds (the tests) keep the default.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let release = std::env::var("PROFILE").is_ok_and(|profile| profile == "release");
    if linux && release {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
