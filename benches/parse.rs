//! Parse throughput over the bundled snapshot: bytes in, releases out (read_feed, then
//! build_release for each item), and the feed reader alone.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pressdex_ingest::{FeedEvent, build_release, read_feed};

fn snapshot() -> Vec<u8> {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/index-data/feeds/cbp-international-operations.xml");
    std::fs::read(path).expect("the bundled snapshot")
}

fn parse(criterion: &mut Criterion) {
    let bytes = snapshot();
    let mut group = criterion.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("read_feed", |bench| {
        bench.iter(|| read_feed("bench", black_box(&bytes[..])).count())
    });
    group.bench_function("read_feed+build_release", |bench| {
        bench.iter(|| {
            read_feed("bench", black_box(&bytes[..]))
                .filter_map(|event| match event {
                    FeedEvent::Item(item) => Some(build_release(item)),
                    FeedEvent::Problem(_) => None,
                })
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
