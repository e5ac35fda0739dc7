//! Index build speed, in releases per second: a generated snapshot (pressdex-corpus) into a
//! fresh temporary index; the same snapshot again into that index (its bytes hashed and found
//! unchanged, not parsed); and the snapshot with one item edited between runs (read again item
//! by item: every other release unchanged, skipped before its HTML is parsed).
//! `cargo bench --bench index`.

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
    // The same path and fetch time, one title edited: the digest differs, so the snapshot is
    // read again; the two texts alternate, so every run updates one release.
    let mut edited = snapshot.clone();
    let text = String::from_utf8_lossy(&snapshot.xml);
    let item = text.find("<item>").expect("an item");
    let title = item + text[item..].find("<title>").expect("a title") + "<title>".len();
    edited.xml.splice(title..title, b"Edited: ".iter().copied());
    let versions = [&snapshot, &edited];
    let mut run = 0usize;
    group.bench_function(
        "re-index of a snapshot with one item edited, 2k generated releases",
        |b| {
            b.iter(|| {
                run += 1;
                support::index(versions[run % 2], dir.path())
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
