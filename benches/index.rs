//! Index build speed, in releases per second: a generated snapshot (pressdex-corpus) into a
//! fresh temporary index, and the same snapshot again into that index (every release
//! unchanged, skipped before its HTML is parsed). `cargo bench --bench index`.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

mod support;

/// Big enough that per-run setup (opening the index, the commit) does not dominate, small
/// enough for a quick `cargo bench`.
const ITEMS: usize = 2_000;

fn bench_index(c: &mut Criterion) {
    let snapshot = support::snapshot(ITEMS);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ITEMS as u64));
    group.bench_function("first index, 2k generated releases", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| support::index(&snapshot, dir.path()),
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().expect("temp dir");
    support::index(&snapshot, dir.path());
    group.bench_function("unchanged re-index, 2k generated releases", |b| {
        b.iter(|| support::index(&snapshot, dir.path()))
    });
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
