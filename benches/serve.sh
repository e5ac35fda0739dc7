#!/usr/bin/env bash
# `pressdex serve` under load (issue 15): requests per second and p50/p99 latency of
# /api/search with 32 concurrent clients on loopback (wrk), beside `pressdex search` run as a
# process per query (hyperfine), on the same generated releases and queries. Prints a Markdown
# table and the machine's load before and after.
#
#   benches/serve.sh              # 100,000 releases
#   benches/serve.sh 10000        # another size
#   CONNECTIONS=64 DURATION=30 QUERY_RUNS=50 benches/serve.sh
#
# Environment: PRESSDEX_BENCH_DIR (corpus and index; default ~/.cache/pressdex-bench, shared
# with compare.sh), SEED (default 1), CONNECTIONS (default 32), THREADS (wrk threads; default
# 2), DURATION (seconds per query; default 20), QUERY_RUNS (process runs per query; default 30).
# Installs wrk, hyperfine and python3 from Debian when missing (as root). Traffic goes to
# 127.0.0.1 only. CI does not run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
items=${1:-100000}
bench_dir=${PRESSDEX_BENCH_DIR:-$HOME/.cache/pressdex-bench}
seed=${SEED:-1}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
duration=${DURATION:-20}
query_runs=${QUERY_RUNS:-30}
mkdir -p "$bench_dir"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "serve.sh: missing: install the Debian packages ${missing[*]}" >&2
        exit 2
    fi
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --quiet --bin pressdex -p pressdex -p pressdex-corpus
pressdex=$root/target/release/pressdex
corpus=$bench_dir/corpus-$items-seed$seed.xml
index=$bench_dir/serve-index-$items-seed$seed
if [ ! -s "$corpus" ]; then
    "$root/target/release/pressdex-corpus" --items "$items" --seed "$seed" --out "$corpus"
fi
if [ ! -f "$index/meta.json" ]; then
    "$pressdex" index "$corpus" --index "$index" >&2
fi

log=$(mktemp)
"$pressdex" serve --index "$index" --bind 127.0.0.1:0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
    grep -q 'http://' "$log" && break
    sleep 0.1
done
base=$(grep -o 'http://[^ ]*' "$log" | head -1)
base=${base%/}
[ -n "$base" ] || { echo "serve.sh: the server did not start: $(cat "$log")" >&2; exit 2; }

# name|query string|pressdex search arguments (quoted as for a shell)
queries=(
    "two words|q=mutual+assistance+agreement|\"mutual assistance agreement\""
    "common word|q=customs|customs"
    "filter only, by date|agreement=CMAA&sort=date|--agreement CMAA --sort date"
    "words and a filter|q=border+security&country=mx|\"border security\" --country mx"
)

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| query | server: requests/s | server p50 | server p99 | process p50 | process p99 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for entry in "${queries[@]}"; do
    IFS='|' read -r name query args <<<"$entry"
    url="$base/api/search?$query"
    out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url")
    if echo "$out" | grep -q 'Non-2xx'; then
        echo "serve.sh: errors under load for $name:" >&2
        echo "$out" >&2
        exit 1
    fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    json=$(mktemp)
    # -N: no shell; hyperfine splits the command line as a shell would (quotes kept).
    hyperfine -N --warmup 3 --runs "$query_runs" --export-json "$json" \
        "$pressdex search --index $index --color never $args" >/dev/null
    read -r pp50 pp99 < <(python3 - "$json" <<'EOF'
import json, sys
times = sorted(json.load(open(sys.argv[1]))["results"][0]["times"])
def pct(p):
    return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))] * 1000
print(f"{pct(50):.1f}ms {pct(99):.1f}ms")
EOF
)
    rm -f "$json"
    echo "| $name | $rps | $p50 | $p99 | $pp50 | $pp99 |"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "$items releases; $connections connections, $threads wrk threads, ${duration}s per query;"
echo "process: $query_runs runs after 3 warm-ups. Load average before: $load_before; after: $load_after;"
echo "$(nproc) cores."
