#!/usr/bin/env bash
# pressdex side by side with the tools a user might pick instead (issue 6): SQLite FTS5 (Python's
# sqlite3 and the sqlite3 shell) and tantivy-cli, on the same generated CBP releases and the same
# queries. Prints one Markdown table per corpus size (times, sizes, peak RSS, ratios) and writes
# the raw numbers to $PRESSDEX_BENCH_DIR/results-N.json. BENCHMARKS.md records a run.
#
#   benches/compare.sh                 # 10,000 and 100,000 releases
#   benches/compare.sh 2000            # any sizes
#   RUNS=5 QUERY_RUNS=50 benches/compare.sh 100000
#
# Environment: PRESSDEX_BENCH_DIR (corpora, indexes, tantivy-cli; default
# ~/.cache/pressdex-bench, outside the repository), RUNS (index runs per tool, median; default 3),
# QUERY_RUNS (runs per query as a new process; default 30), SEED (corpus seed; default 1).
#
# Peers do not read RSS, so each gets the same pre-pass: the Python below turns the XML into one
# JSON line per release (guid, link, date, title, text of the HTML description). Its time is
# shown alone and added to each peer's end-to-end time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench_dir=${PRESSDEX_BENCH_DIR:-$HOME/.cache/pressdex-bench}
mkdir -p "$bench_dir"

install_apt() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "compare.sh: $1 is missing: install the Debian package $2" >&2
        exit 2
    fi
    apt-get install -y "$2" >/dev/null
}
[ -x /usr/bin/time ] || install_apt /usr/bin/time time
command -v hyperfine >/dev/null || install_apt hyperfine hyperfine
command -v sqlite3 >/dev/null || install_apt sqlite3 sqlite3

tantivy=$bench_dir/tantivy-cli/bin/tantivy
if [ ! -x "$tantivy" ]; then
    echo "compare.sh: installing tantivy-cli into $bench_dir/tantivy-cli (once)" >&2
    cargo install tantivy-cli --locked --root "$bench_dir/tantivy-cli"
fi

cargo build --release --quiet --bin pressdex
cargo build --release --quiet -p pressdex-corpus

exec python3 - "$root" "$bench_dir" "$tantivy" "$@" <<'PY'
import json, os, re, shlex, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

root, bench_dir, tantivy, *size_args = sys.argv[1:]
sizes = [int(size) for size in size_args] or [10_000, 100_000]
runs = int(os.environ.get("RUNS", "3"))
query_runs = int(os.environ.get("QUERY_RUNS", "30"))
seed = os.environ.get("SEED", "1")
pressdex = f"{root}/target/release/pressdex"
corpus_bin = f"{root}/target/release/pressdex-corpus"

PREPASS = r'''
import html.parser, json, sys, xml.etree.ElementTree as ET

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
    def handle_data(self, data):
        self.parts.append(data)

def text(markup):
    parser = Text()
    parser.feed(markup)
    parser.close()
    return " ".join(" ".join(parser.parts).split())

with open(sys.argv[2], "w") as out:
    for _, element in ET.iterparse(sys.argv[1]):
        if element.tag == "item":
            out.write(json.dumps({
                "guid": element.findtext("guid"),
                "link": element.findtext("link"),
                "published": element.findtext("pubDate"),
                "title": element.findtext("title"),
                "body": text(element.findtext("description") or ""),
            }) + "\n")
            element.clear()
'''

FTS5_BUILD = r'''
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE VIRTUAL TABLE docs USING fts5(guid UNINDEXED, link UNINDEXED, "
           "published UNINDEXED, title, body, tokenize='porter unicode61')")
with open(sys.argv[1]) as lines, db:
    rows = (json.loads(line) for line in lines)
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                   ((r["guid"], r["link"], r["published"], r["title"], r["body"]) for r in rows))
db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
db.commit()
'''

# tantivy-cli reads the schema from meta.json: the peers' fields, English stemming, positions.
def text_field(name, indexed=True, tokenizer="en_stem"):
    indexing = {"record": "position", "fieldnorms": True, "tokenizer": tokenizer} if indexed else None
    return {"name": name, "type": "text",
            "options": {"indexing": indexing, "stored": True, "fast": False}}

TANTIVY_META = {
    "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
    "segments": [],
    "schema": [text_field("guid", tokenizer="raw"), text_field("link", False),
               text_field("published", False), text_field("title"), text_field("body")],
    "opstamp": 0,
}

# (name, pressdex search arguments, tantivy-cli query, FTS5 MATCH expression). The same intent
# in each tool's syntax; the filter is a facet for pressdex, a body-field filter for the peers
# (they have no country facet).
QUERIES = [
    ("single term", ["smuggling"], "smuggling", "smuggling"),
    ("rare term", ["pangolin"], "pangolin", "pangolin"),
    ("two terms", ["fentanyl bridge"], "fentanyl bridge", "fentanyl OR bridge"),
    ("phrase", ['"mutual assistance agreement"'], '"mutual assistance agreement"',
     '"mutual assistance agreement"'),
    ("filter", ["cocaine", "--country", "colombia"], "+cocaine +body:colombia",
     "cocaine AND body:colombia"),
]

def log(message):
    print(f"compare.sh: {message}", file=sys.stderr, flush=True)

def measure(command, stdout=subprocess.DEVNULL):
    """Runs `command` under /usr/bin/time -v: (wall seconds, peak RSS in MB, exit code)."""
    started = time.perf_counter()
    process = subprocess.run(["/usr/bin/time", "-v", *command], stdout=stdout,
                             stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", process.stderr)
    if process.returncode not in (0, 1):
        last = process.stderr.strip().splitlines()[:1] or [""]
        log(f"{shlex.join(command)} exited {process.returncode}: {last[0]}")
    return wall, int(rss.group(1)) / 1024 if rss else float("nan"), process.returncode

def repeated(label, prepare, command):
    """Median wall time and max peak RSS over `runs` runs; None when the tool fails."""
    walls, peaks = [], []
    for run in range(runs):
        prepare()
        wall, rss, code = measure(command)
        if code not in (0, 1):
            return None
        walls.append(wall)
        peaks.append(rss)
        log(f"{label}: run {run + 1}/{runs}: {wall:.2f} s, {rss:.0f} MB")
    return {"seconds": statistics.median(walls), "runs": walls, "peak_rss_mb": max(peaks)}

def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, names in os.walk(path) for name in names)

def fresh(path):
    def prepare():
        shutil.rmtree(path, ignore_errors=True)
        if os.path.exists(path):
            os.remove(path)
    return prepare

def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]

def search_times(command):
    """p50 and p95 in ms of `command` as a new process each run (hyperfine, no shell)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        process = subprocess.run(
            ["hyperfine", "-N", "-i", "--warmup", "3", "--runs", str(query_runs),
             "--export-json", export.name, shlex.join(command)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if process.returncode != 0:
            log(f"hyperfine {shlex.join(command)} failed: {process.stderr.strip()[:300]}")
            return None
        with open(export.name) as file:
            measured = json.load(file)["results"][0]
    if any(code not in (0, 1) for code in measured.get("exit_codes", [])):
        log(f"{shlex.join(command)} failed")
        return None
    times = measured["times"]
    return {"p50_ms": percentile(times, 0.5) * 1000, "p95_ms": percentile(times, 0.95) * 1000}

def tantivy_in_process(index, queries):
    """tantivy-cli's own bench: top 10 + count, in-process, microseconds -> p50 ms per query."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.write("\n".join(queries) + "\n")
    output = subprocess.run([tantivy, "bench", "-i", index, "-q", file.name, "-n", "30"],
                            capture_output=True, text=True).stdout
    os.unlink(file.name)
    section = output.split("SEARCH", 1)[-1].split("FETCH STORE", 1)[0]
    micros = {}
    for line in section.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].strip().isdigit():
            micros.setdefault(parts[0], []).append(int(parts[2]))
    return {query: statistics.median(values) / 1000 for query, values in micros.items()}

def fts5_in_process(db_path, match):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    sql = ("SELECT guid, title, snippet(docs, 4, '', '', '...', 12) FROM docs "
           "WHERE docs MATCH ? ORDER BY rank LIMIT 10")
    db.execute(sql, (match,)).fetchall()
    times = []
    for _ in range(30):
        started = time.perf_counter()
        db.execute(sql, (match,)).fetchall()
        times.append(time.perf_counter() - started)
    return {"p50_ms": percentile(times, 0.5) * 1000, "p95_ms": percentile(times, 0.95) * 1000}

def run_size(items):
    work = os.path.join(bench_dir, f"{items}")
    os.makedirs(work, exist_ok=True)
    xml = os.path.join(work, "feed.xml")
    log(f"generating {items} releases into {xml}")
    subprocess.run([corpus_bin, "--items", str(items), "--seed", seed, "--out", xml], check=True,
                   stderr=subprocess.DEVNULL)
    xml_bytes = size_of(xml)
    result = {"items": items, "xml_bytes": xml_bytes, "runs": runs, "query_runs": query_runs}

    # pressdex: first index from the raw XML, then the same snapshot again (all unchanged).
    index = os.path.join(work, "pressdex-index")
    first = repeated("pressdex index", fresh(index),
                     [pressdex, "index", xml, "--index", index])
    result["pressdex_index"] = first
    if first:
        result["pressdex_size"] = size_of(index)
        result["pressdex_reindex"] = repeated("pressdex re-index", lambda: None,
                                              [pressdex, "index", xml, "--index", index])

    # The peers' pre-pass, then each peer's own index build.
    script_dir = os.path.join(work, "scripts")
    os.makedirs(script_dir, exist_ok=True)
    for name, source in (("prepass.py", PREPASS), ("fts5_build.py", FTS5_BUILD)):
        with open(os.path.join(script_dir, name), "w") as file:
            file.write(source)
    jsonl = os.path.join(work, "releases.jsonl")
    result["prepass"] = repeated("pre-pass", lambda: None,
                                 ["python3", os.path.join(script_dir, "prepass.py"), xml, jsonl])

    fts5 = os.path.join(work, "fts5.db")
    result["fts5_index"] = repeated("fts5 index", fresh(fts5),
                                    ["python3", os.path.join(script_dir, "fts5_build.py"), jsonl, fts5])
    result["fts5_size"] = size_of(fts5)

    tantivy_index = os.path.join(work, "tantivy-index")
    def tantivy_prepare():
        fresh(tantivy_index)()
        os.makedirs(tantivy_index)
        with open(os.path.join(tantivy_index, "meta.json"), "w") as file:
            json.dump(TANTIVY_META, file)
    result["tantivy_index"] = repeated(
        "tantivy-cli index", tantivy_prepare,
        [tantivy, "index", "-i", tantivy_index, "-f", jsonl, "-t", "2", "-m", "400000000"])
    result["tantivy_size"] = size_of(tantivy_index)

    # Queries: one search as a new process (top 10 with snippets where the tool has them).
    result["queries"] = {}
    tantivy_micro = tantivy_in_process(tantivy_index, [query[2] for query in QUERIES])
    for name, pressdex_args, tantivy_query, fts5_match in QUERIES:
        log(f"query {name}")
        result["queries"][name] = {
            "pressdex": search_times([pressdex, "search", *pressdex_args, "--index", index,
                                      "--limit", "10", "--color", "never"]) if first else None,
            "tantivy-cli": search_times([tantivy, "search", "-i", tantivy_index, "-q", tantivy_query]),
            "sqlite3": search_times([
                "sqlite3", "-readonly", fts5,
                "SELECT guid, title, snippet(docs, 4, '', '', '...', 12) FROM docs WHERE docs "
                f"MATCH '{fts5_match}' ORDER BY rank LIMIT 10;"]),
            "tantivy in-process p50": tantivy_micro.get(tantivy_query),
            "fts5 in-process": fts5_in_process(fts5, fts5_match),
        }
    with open(os.path.join(bench_dir, f"results-{items}.json"), "w") as file:
        json.dump(result, file, indent=2)
    return result

def seconds(entry):
    return entry["seconds"] if entry else None

def fmt(value, unit="", digits=2):
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"

def ratio(numerator, denominator):
    if numerator is None or denominator in (None, 0):
        return "n/a"
    return f"{numerator / denominator:.1f}x"

def table(result):
    items, xml_bytes = result["items"], result["xml_bytes"]
    prepass = seconds(result["prepass"])
    ours = seconds(result["pressdex_index"])
    reindex = seconds(result.get("pressdex_reindex"))
    peers = {}
    for tool, key in (("tantivy-cli", "tantivy_index"), ("SQLite FTS5", "fts5_index")):
        own = seconds(result[key])
        peers[tool] = (own, None if own is None or prepass is None else own + prepass)
    best_peer = min((end for _, end in peers.values() if end is not None), default=None)
    lines = [f"### {items:,} releases, {xml_bytes / 1e6:.0f} MB of RSS XML "
             f"(median of {result['runs']} runs; queries: {result['query_runs']} runs each)", "",
             "| indexing | time | end-to-end from XML | index size | % of XML | peak RSS |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    def size_cells(size):
        return (f"{size / 1e6:.0f} MB", f"{100 * size / xml_bytes:.0f}%") if size else ("n/a", "n/a")
    lines.append(f"| Python XML-to-text pre-pass | {fmt(prepass, ' s')} | | | | "
                 f"{fmt(result['prepass'] and result['prepass']['peak_rss_mb'], ' MB', 0)} |")
    for tool, key, size_key in (("tantivy-cli", "tantivy_index", "tantivy_size"),
                                ("SQLite FTS5", "fts5_index", "fts5_size")):
        own, end = peers[tool]
        size, percent = size_cells(result.get(size_key))
        lines.append(f"| {tool} | {fmt(own, ' s')} | {fmt(end, ' s')} | {size} | {percent} | "
                     f"{fmt(result[key] and result[key]['peak_rss_mb'], ' MB', 0)} |")
    size, percent = size_cells(result.get("pressdex_size"))
    lines.append(f"| **pressdex index** | {fmt(ours, ' s')} | {fmt(ours, ' s')} | {size} | "
                 f"{percent} | {fmt(result['pressdex_index'] and result['pressdex_index']['peak_rss_mb'], ' MB', 0)} |")
    lines.append(f"| **pressdex re-index, unchanged** | {fmt(reindex, ' s')} | | | | "
                 f"{fmt(result.get('pressdex_reindex') and result['pressdex_reindex']['peak_rss_mb'], ' MB', 0)} |")
    lines += ["", f"- best peer end-to-end / pressdex: **{ratio(best_peer, ours)}** (target: 3x or more)",
              f"- first index / unchanged re-index: **{ratio(ours, reindex)}** (target: 20x or more)", "",
              "New process per search. tantivy-cli `search` prints every match (unranked, no snippets); "
              "pressdex and the sqlite3 shell print the top 10 with snippets. In-process columns: "
              "top 10 (tantivy-cli `bench`; Python sqlite3 with snippets).", "",
              "| query (top 10) | pressdex p50 / p95 | sqlite3 shell p50 / p95 | tantivy-cli p50 / p95 "
              "| tantivy in-process p50 | FTS5 in-process p50 | sqlite3 / pressdex p50 |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, times in result["queries"].items():
        def pair(entry):
            return "n/a" if not entry else f"{entry['p50_ms']:.1f} / {entry['p95_ms']:.1f} ms"
        ours_p50 = times["pressdex"]["p50_ms"] if times["pressdex"] else None
        shell_p50 = times["sqlite3"]["p50_ms"] if times["sqlite3"] else None
        lines.append(f"| {name} | {pair(times['pressdex'])} | {pair(times['sqlite3'])} | "
                     f"{pair(times['tantivy-cli'])} | {fmt(times['tantivy in-process p50'], ' ms')} | "
                     f"{fmt(times['fts5 in-process']['p50_ms'], ' ms')} | {ratio(shell_p50, ours_p50)} |")
    return "\n".join(lines)

print(f"pressdex compare.sh: {os.uname().nodename}, {os.cpu_count()} CPUs, "
      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
for items in sizes:
    print(table(run_size(items)) + "\n", flush=True)
PY
