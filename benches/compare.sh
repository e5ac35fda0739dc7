#!/usr/bin/env bash
# pressdex side by side with the tools a user might pick instead (issues 6 and 16), each set up
# the way a competent user would: tantivy-cli (with pressdex's en_stem analyzer and without
# stemming), SQLite FTS5 (porter and plain; built with the sqlite3 shell and with Python, searched
# with the shell) and Xapian (Python TermGenerator with the English stemmer, searched with
# `quest`), on the same generated CBP releases and the same queries, in one run. Prints Markdown
# tables per corpus size (build time, pre-pass, index size, peak RSS, search as a new process,
# ratios), then the raw JSON; also writes $PRESSDEX_BENCH_DIR/results-N.{json,md}.
#
#   benches/compare.sh                 # 10,000 and 100,000 releases
#   benches/compare.sh 2000            # any sizes (300000, 1000000 work: everything streams)
#   RUNS=5 QUERY_RUNS=50 benches/compare.sh 100000
#   TOOLS=pressdex,tantivy PREPASSES=rust benches/compare.sh 1000000
#
# Environment: PRESSDEX_BENCH_DIR (corpora, indexes, tools; default ~/.cache/pressdex-bench,
# outside the repository), RUNS (builds per tool, median; default 3), QUERY_RUNS (runs per
# search; default 30; TANTIVY_QUERY_RUNS for tantivy-cli's, which print every match), SEED
# (corpus seed; default 1), TOOLS (any of pressdex,tantivy,fts5,xapian;
# default all), PREPASSES (any of rust,python,old; default all: the fastest whose output equals
# the reference's is charged to the peers; `old` is the reference when it runs).
#
# Peers do not read RSS: each is charged the same pre-pass (RSS to one JSON line per release)
# on top of its own build. The pre-passes are in benches/peers/, with the peers' build scripts.
# Installs what is missing: Debian packages (as root), tantivy-cli from crates.io (once, into
# $PRESSDEX_BENCH_DIR). CI does not run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench_dir=${PRESSDEX_BENCH_DIR:-$HOME/.cache/pressdex-bench}
mkdir -p "$bench_dir"
# Debian's Python: python3-xapian installs its bindings there, not into other interpreters.
python=/usr/bin/python3

missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v quest >/dev/null || missing+=(xapian-tools)
[ -x "$python" ] || missing+=(python3)
if [ -x "$python" ] && ! "$python" -c 'import xapian' 2>/dev/null; then
    missing+=(python3-xapian)
fi
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "compare.sh: missing: install the Debian packages ${missing[*]}" >&2
        exit 2
    fi
    echo "compare.sh: installing the Debian packages ${missing[*]}" >&2
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tantivy=$bench_dir/tantivy-cli/bin/tantivy
if [ ! -x "$tantivy" ]; then
    echo "compare.sh: installing tantivy-cli into $bench_dir/tantivy-cli (once)" >&2
    # Not --locked: tantivy-cli 0.24.0's lock file pins traitobject 0.1.0, which no longer
    # compiles (conflicting impls on current rustc); the resolver picks the fixed 0.1.1.
    cargo install tantivy-cli@0.24.0 --root "$bench_dir/tantivy-cli"
fi

cargo build --release --quiet --bin pressdex
cargo build --release --quiet -p pressdex-corpus
# The compiled pre-pass: its own small crate (not a workspace member), its own target dir.
cargo build --release --quiet --locked --manifest-path benches/peers/prepass-rs/Cargo.toml \
    --target-dir "$bench_dir/prepass-target"
prepass=$bench_dir/prepass-target/release/prepass

exec "$python" benches/peers/compare.py "$root" "$bench_dir" "$tantivy" "$prepass" "$@"
