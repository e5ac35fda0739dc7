//! The rules of `plan`, over any order of occurrences (proptest) and case by case.

use std::collections::HashMap;
use std::convert::Infallible;

use proptest::prelude::*;

use super::compact::Few;
use super::*;

/// One occurrence of a guid in a snapshot, from small ranges so that guids, dates and
/// contents collide often.
#[derive(Clone, Debug)]
struct Occurrence {
    guid: u8,
    snapshot: usize,
    published: Option<u8>,
    content: u8,
    /// A new pipeline reads the same content into another raw hash.
    pipeline: u8,
}

fn occurrence() -> impl Strategy<Value = Occurrence> {
    (0u8..4, 0usize..4, proptest::option::of(0u8..3), 0u8..3, 0u8..2).prop_map(
        |(guid, snapshot, published, content, pipeline)| Occurrence {
            guid,
            snapshot,
            published,
            content,
            pipeline,
        },
    )
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).expect("in range")
}

/// The run every test plans: started at one time, snapshot `n` has id `n`.
fn context() -> RunContext {
    RunContext { started_at: at(9_000_000), ids: (0..4).collect(), urls: vec![None; 4] }
}

/// The key of `occurrence`; two snapshots share each fetch time and their feed dates tell
/// them apart, unless `feed_dates` is false.
fn keyed(occurrence: &Occurrence, feed_dates: bool) -> VersionKey {
    let snapshot = occurrence.snapshot;
    VersionKey {
        published: occurrence.published.map(|day| at(i64::from(day) * 86_400)),
        fetched_at: at(1_000_000 + (snapshot as i64 / 2) * 3_600),
        feed_date: feed_dates.then(|| at(2_000_000 + snapshot as i64)),
        snapshot: Arc::from(format!("snapshot-{snapshot}.xml")),
        raw_hash: u64::from(occurrence.content) * 10 + u64::from(occurrence.pipeline),
        content_hash: u64::from(occurrence.content),
    }
}

fn key(occurrence: &Occurrence) -> VersionKey {
    keyed(occurrence, true)
}

type Held = HashMap<String, (VersionKey, StoredProvenance)>;

/// Merges `occurrences` in order into a plan that starts from `committed`.
fn run_with(occurrences: &[Occurrence], committed: &Held, feed_dates: bool) -> Plan<()> {
    let mut plan = Plan::default();
    for occurrence in occurrences {
        let guid = format!("guid-{}", occurrence.guid);
        let lookup = |guid: &str| -> Result<Lookup<()>, Infallible> {
            Ok(match committed.get(guid) {
                None => Lookup::Absent(None),
                Some((key, provenance)) => Lookup::Found(Box::new(Committed {
                    address: (),
                    key: key.clone(),
                    provenance: provenance.clone(),
                    duplicated: false,
                    stale_pipeline: false,
                })),
            })
        };
        let key = keyed(occurrence, feed_dates);
        let Ok(_) = plan.merge(&guid, occurrence.snapshot, key, lookup);
    }
    plan
}

fn run(occurrences: &[Occurrence], committed: &Held) -> Plan<()> {
    run_with(occurrences, committed, true)
}

/// What a commit of `plan` holds, as the next run's lookups see it.
fn commit(plan: &Plan<()>) -> Held {
    plan.outcome(&context())
        .into_iter()
        .map(|(guid, key, provenance)| (guid, (key, provenance)))
        .collect()
}

proptest! {
    #[test]
    fn any_order_gives_the_same_winners_and_provenance(
        occurrences in proptest::collection::vec(occurrence(), 0..24),
        seed in any::<u64>(),
        feed_dates in any::<bool>(),
    ) {
        let mut shuffled = occurrences.clone();
        // A Fisher-Yates shuffle driven by the seed: any permutation can come out.
        let mut state = seed;
        for last in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            shuffled.swap(last, (state >> 33) as usize % (last + 1));
        }
        let none = HashMap::new();
        let context = context();
        let (one, other) =
            (run_with(&occurrences, &none, feed_dates), run_with(&shuffled, &none, feed_dates));
        prop_assert_eq!(one.outcome(&context), other.outcome(&context));
        let ties = |plan: &Plan<()>| {
            let mut ties: Vec<_> = plan.ties().into_iter().map(|tie| tie.3).collect();
            ties.sort();
            ties
        };
        prop_assert_eq!(ties(&one), ties(&other));
    }

    #[test]
    fn a_run_split_in_two_ends_as_one_run(
        occurrences in proptest::collection::vec(occurrence(), 0..24),
        split in any::<prop::sample::Index>(),
    ) {
        let (first, second) = occurrences.split_at(split.index(occurrences.len() + 1));
        let context = context();
        let one_run = run(&occurrences, &HashMap::new()).outcome(&context);
        let committed = commit(&run(first, &HashMap::new()));
        let two_runs = run(second, &committed);
        let mut merged = commit(&two_runs);
        // Guids only the first run saw stay as committed.
        for (guid, held) in committed {
            merged.entry(guid).or_insert(held);
        }
        let mut merged: Vec<_> =
            merged.into_iter().map(|(guid, (key, provenance))| (guid, key, provenance)).collect();
        merged.sort_by(|left, right| left.0.cmp(&right.0));
        prop_assert_eq!(one_run, merged);
    }

    /// Writing a guid when first met in the run's last snapshot, and compacting its entry, is
    /// invisible: winners, provenance, ties and what is left to write are those of a run that
    /// writes everything in pass 2, whatever the last snapshot holds again.
    #[test]
    fn writing_the_last_snapshot_as_it_is_read_changes_no_outcome(
        occurrences in proptest::collection::vec(occurrence(), 0..24),
    ) {
        // The scan's order: snapshot by snapshot.
        let mut occurrences = occurrences;
        occurrences.sort_by_key(|occurrence| occurrence.snapshot);
        let context = context();
        let last = occurrences.last().map_or(0, |occurrence| occurrence.snapshot);
        let mut early = Plan::default();
        let mut written = Vec::new();
        for occurrence in &occurrences {
            let guid = format!("guid-{}", occurrence.guid);
            let absent = |_: &str| Ok::<_, Infallible>(Lookup::Absent(None));
            let Ok(_) = early.merge(&guid, occurrence.snapshot, key(occurrence), absent);
            if occurrence.snapshot == last
                && let Some(to_write) = early.take_first_met(&guid, last, &context)
            {
                written.push((guid, to_write));
            }
        }
        let late = run(&occurrences, &HashMap::new());
        prop_assert_eq!(early.outcome(&context), late.outcome(&context));
        let ties = |plan: &Plan<()>| {
            let mut ties = plan.ties();
            ties.sort();
            ties
        };
        prop_assert_eq!(ties(&early), ties(&late));
        // Each release written early was written with the provenance it ends with, unless the
        // snapshot held it again (then pass 2 writes it again).
        let outcome = early.outcome(&context);
        for (guid, to_write) in &written {
            let again = occurrences.iter().filter(|o| format!("guid-{}", o.guid) == *guid).count();
            let (_, _, provenance) = outcome.iter().find(|(g, _, _)| g == guid).expect("met");
            prop_assert!(again > 1 || to_write.provenance == *provenance);
        }
        let to_write = |plan: &Plan<()>| plan.snapshots_to_write(4)[..last].to_vec();
        prop_assert_eq!(to_write(&early), to_write(&late));
    }
}

#[test]
fn the_newest_version_wins_and_counts_say_how_each_occurrence_compared() {
    let occurrence = |snapshot, published, content| Occurrence {
        guid: 0,
        snapshot,
        published: Some(published),
        content,
        pipeline: 0,
    };
    let mut plan = Plan::default();
    let mut outcomes = Vec::new();
    for next in [occurrence(1, 1, 0), occurrence(0, 2, 1), occurrence(2, 1, 0)] {
        let Ok(outcome) = plan.merge("a", next.snapshot, key(&next), |_| {
            Ok::<_, Infallible>(Lookup::<()>::Absent(None))
        });
        outcomes.push(outcome);
    }
    let run = context();
    assert_eq!(outcomes, [Outcome::Added, Outcome::Updated, Outcome::Unchanged]);
    let [(_, winner, provenance)] = plan.outcome(&run).try_into().expect("one guid");
    assert_eq!((winner.snapshot.as_ref(), provenance.revisions), ("snapshot-0.xml", 2));
    assert_eq!(provenance.sightings, [0, 1, 2]);
    assert_eq!((provenance.indexed_at, provenance.changed_at), (run.started_at, run.started_at));
    assert_eq!(plan.snapshots_to_write(3), [true, false, false]);
    assert_eq!(plan.take_for_write("a", 1, winner.raw_hash, &run), None, "not the winner's");
    let written = plan.take_for_write("a", 0, winner.raw_hash, &run).expect("to write");
    assert_eq!((written.replace, written.change), (false, Some(ChangeKind::Added)));
    assert_eq!(plan.take_for_write("a", 0, winner.raw_hash, &run), None, "written once");
    assert_eq!(plan.snapshots_to_write(3), [false, false, false]);
}

#[test]
fn indexed_at_stays_and_changed_at_moves_only_with_the_content() {
    let first = Occurrence { guid: 0, snapshot: 0, published: Some(1), content: 0, pipeline: 0 };
    let earlier = RunContext { started_at: at(8_000_000), ..context() };
    let plan = run(std::slice::from_ref(&first), &HashMap::new());
    let committed: Held = plan
        .outcome(&earlier)
        .into_iter()
        .map(|(guid, key, provenance)| (guid, (key, provenance)))
        .collect();
    let run_now = context();
    let same = Occurrence { snapshot: 2, ..first.clone() };
    let [(_, _, kept)] = run(&[same], &committed).outcome(&run_now).try_into().expect("one");
    assert_eq!((kept.indexed_at, kept.changed_at), (earlier.started_at, earlier.started_at));
    assert_eq!(kept.sightings, [0, 2], "seen again, not changed");
    let edited = Occurrence { snapshot: 2, content: 1, ..first };
    let mut plan = run(&[edited], &committed);
    let [(_, winner, moved)] = plan.outcome(&run_now).try_into().expect("one");
    assert_eq!((moved.indexed_at, moved.changed_at), (earlier.started_at, run_now.started_at));
    let written = plan.take_for_write("guid-0", 2, winner.raw_hash, &run_now).expect("new text");
    assert_eq!((written.replace, written.change), (true, Some(ChangeKind::Updated)));
}

#[test]
fn a_time_tie_is_decided_by_the_feed_dates_then_never_by_the_names() {
    // Snapshots 0 and 1 share a fetch time; "snapshot-1.xml" sorts last.
    let text = |snapshot, content| Occurrence {
        guid: 0,
        snapshot,
        published: Some(1),
        content,
        pipeline: 0,
    };
    let (older, newer) = (text(1, 0), text(0, 1));
    // By the feed dates (snapshot 1's is later): snapshot 1 wins, in any order.
    for order in [[older.clone(), newer.clone()], [newer.clone(), older.clone()]] {
        let plan = run(&order, &HashMap::new());
        let [(_, winner, _)] = plan.outcome(&context()).try_into().expect("one");
        assert_eq!(winner.snapshot.as_ref(), "snapshot-1.xml");
        let [(_, other_name, _, how)] = plan.ties().try_into().expect("one tie");
        assert_eq!((other_name.as_ref(), how), ("snapshot-0.xml", TieResolution::FeedDate));
    }
    // Without feed dates, the text already indexed stays, whichever it is.
    for (held, incoming) in [(&older, &newer), (&newer, &older)] {
        let committed = commit(&run_with(std::slice::from_ref(held), &HashMap::new(), false));
        let plan = run_with(std::slice::from_ref(incoming), &committed, false);
        let [(_, winner, _)] = plan.outcome(&context()).try_into().expect("one");
        assert_eq!(winner.content_hash, u64::from(held.content), "kept the indexed text");
        let [(_, _, _, how)] = plan.ties().try_into().expect("one tie");
        assert_eq!(how, TieResolution::KeptIndexed);
    }
    // Both new: one is picked by content, the same in any order, and reported.
    let plans = [[older.clone(), newer.clone()], [newer, older]]
        .map(|order| run_with(&order, &HashMap::new(), false));
    assert_eq!(plans[0].outcome(&context()), plans[1].outcome(&context()));
    assert_eq!(plans[0].ties()[0].3, TieResolution::Undecided);
}

#[test]
fn a_new_pipeline_rewrites_the_committed_version_and_a_corrupt_one_is_replaced() {
    let read = Occurrence { guid: 0, snapshot: 0, published: Some(1), content: 0, pipeline: 0 };
    let run_now = context();
    let committed = Committed {
        address: (),
        key: key(&read),
        provenance: run(std::slice::from_ref(&read), &HashMap::new()).outcome(&run_now)[0]
            .2
            .clone(),
        duplicated: false,
        stale_pipeline: true,
    };
    let reread = Occurrence { pipeline: 1, ..read.clone() };
    let mut plan = Plan::default();
    let found = Lookup::Found(Box::new(committed.clone()));
    let Ok(outcome) = plan.merge("a", 0, key(&reread), |_| Ok::<_, Infallible>(found));
    assert_eq!(outcome, Outcome::Updated);
    let written = plan.take_for_write("a", 0, key(&reread).raw_hash, &run_now).expect("to write");
    assert_eq!((written.replace, written.change), (true, None), "rebuilt, not changed");

    let mut fresh = Plan::default();
    let found = Lookup::Found(Box::new(Committed { stale_pipeline: false, ..committed }));
    let Ok(outcome) = fresh.merge("a", 0, key(&read), |_| Ok::<_, Infallible>(found));
    assert_eq!(outcome, Outcome::Unchanged);
    assert_eq!(fresh.snapshots_to_write(1), [false]);
    assert!(fresh.provenance_rewrites(&run_now).is_empty(), "nothing moved");

    let mut corrupt = Plan::default();
    let Ok(outcome) =
        corrupt.merge("a", 0, key(&read), |_| Ok::<_, Infallible>(Lookup::<()>::Corrupt));
    assert_eq!(outcome, Outcome::Added);
    let written = corrupt.take_for_write("a", 0, key(&read).raw_hash, &run_now).expect("to write");
    assert!(written.replace, "the corrupt document is deleted first");
}

/// An entry per guid is what a run's memory grows with (issue 13: 300 MB at a million
/// releases): no allocation for the usual guid (one snapshot, one text, one contender), a
/// fixed size whatever the guid's length, and the usual guid of a first index, written when
/// first met in the last snapshot, kept in 32 bytes.
#[test]
fn an_entry_is_small_and_allocates_nothing_for_the_usual_guid() {
    let size = std::mem::size_of::<Entry<(u32, u32)>>();
    assert!(size <= 208, "{size} bytes");
    assert!(std::mem::size_of::<Slot<(u32, u32)>>() <= 32);
    let mut plan: Plan<()> = Plan::default();
    let read = Occurrence { guid: 0, snapshot: 1, published: Some(1), content: 1, pipeline: 0 };
    let guid = "x".repeat(500);
    let Ok(_) = plan.merge(&guid, 1, key(&read), |_| Ok::<_, Infallible>(Lookup::Absent(None)));
    let slot = plan.entries.values().next().expect("one entry");
    let entry = slot.as_full().expect("not written yet");
    assert!(entry.contenders.capacity() == 0 && entry.committed.is_none());
    assert!(matches!((&entry.seen_in, &entry.content_hashes), (Few::One(1), Few::One(1))));
    let before = plan.outcome(&context());
    assert!(plan.take_first_met(&guid, 1, &context()).is_some());
    let slot = plan.entries.values().next().expect("one entry");
    assert!(slot.as_full().is_none(), "compacted once written");
    assert_eq!(plan.outcome(&context()), before, "and made whole again the same");
}
