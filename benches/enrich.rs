//! Enrichment speed: releases per second over the bundled snapshot's releases, parsed once
//! outside the measurement. `cargo bench --bench enrich`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pressdex_ingest::{FeedEvent, PressRelease, build_release, enrich, read_feed};

const SNAPSHOT: &str = "index-data/feeds/cbp-international-operations.xml";

fn releases() -> Vec<PressRelease> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    let bytes = std::fs::read(&path).expect("the bundled snapshot is in the repository");
    read_feed(SNAPSHOT, bytes.as_slice())
        .filter_map(|event| match event {
            FeedEvent::Item(item) => Some(build_release(item)),
            FeedEvent::Problem(_) => None,
        })
        .collect()
}

fn bench_enrich(c: &mut Criterion) {
    let releases = releases();
    // Build the automaton before measuring: it is built once per process.
    let mut warm = releases.clone();
    warm.iter_mut().for_each(enrich);
    let mut group = c.benchmark_group("enrich");
    group.throughput(Throughput::Elements(releases.len() as u64));
    group.bench_function("bundled snapshot", |b| {
        b.iter_batched_ref(
            || releases.clone(),
            |batch| batch.iter_mut().for_each(|release| enrich(black_box(release))),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_enrich);
criterion_main!(benches);
