"""The harness behind benches/compare.sh: pressdex side by side with the tools a user might pick
instead, on the same generated releases and the same queries, in one run.

Run by compare.sh (which installs the tools and builds the binaries):
    compare.py ROOT BENCH_DIR TANTIVY PREPASS_BIN [SIZE...]

Per corpus size it measures, for every tool: build wall time (median of RUNS) and CPU time, peak
RSS (/usr/bin/time -v), index size; the peers' pre-pass alone (each pre-pass variant, the fastest
one that reproduces the reference output is the one charged) and added to their build; one
search as a new process (hyperfine -N, QUERY_RUNS runs) for the same queries; in-process
query times where a tool offers them; pressdex's unchanged re-index, `facets` and `stats`.
It prints Markdown tables, then the raw JSON, and writes BENCH_DIR/results-N.{json,md}.
"""

import json, os, platform, re, shlex, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
root, bench_dir, tantivy, prepass_bin, *size_args = sys.argv[1:]
sizes = [int(size) for size in size_args] or [10_000, 100_000]
runs = int(os.environ.get("RUNS", "3"))
query_runs = int(os.environ.get("QUERY_RUNS", "30"))
# tantivy-cli `search` prints every match: seconds per run on common words at 1M releases.
tantivy_query_runs = int(os.environ.get("TANTIVY_QUERY_RUNS", str(query_runs)))
seed = os.environ.get("SEED", "1")
ALL_TOOLS = ["pressdex", "tantivy", "fts5", "xapian"]
ALL_PREPASSES = ["rust", "python", "old"]
tools = [t for t in os.environ.get("TOOLS", ",".join(ALL_TOOLS)).split(",") if t]
prepasses = [p for p in os.environ.get("PREPASSES", ",".join(ALL_PREPASSES)).split(",") if p]
for name in tools:
    if name not in ALL_TOOLS:
        sys.exit(f"compare.sh: unknown tool {name!r} in TOOLS (known: {', '.join(ALL_TOOLS)})")
for name in prepasses:
    if name not in ALL_PREPASSES:
        sys.exit(f"compare.sh: unknown pre-pass {name!r} in PREPASSES "
                 f"(known: {', '.join(ALL_PREPASSES)})")
python = sys.executable
pressdex = f"{root}/target/release/pressdex"
corpus_bin = f"{root}/target/release/pressdex-corpus"
PEERS = [tool for tool in tools if tool != "pressdex"]
if PEERS and not prepasses:
    sys.exit("compare.sh: the peers need a pre-pass: PREPASSES is empty")

# Pre-pass variants: XML in, one JSON line per release out (guid, link, published, title, body).
PREPASS_COMMANDS = {
    "rust": ("compiled pre-pass (Rust, quick-xml)", lambda xml, out: [prepass_bin, xml, out]),
    "python": ("Python pre-pass (expat + regex)",
               lambda xml, out: [python, f"{HERE}/prepass.py", xml, out]),
    "old": ("old Python pre-pass (ElementTree + html.parser)",
            lambda xml, out: [python, f"{HERE}/prepass_old.py", xml, out]),
}

# tantivy-cli reads the schema from meta.json: the peers' fields, positions for phrases.
def tantivy_meta(tokenizer):
    def text_field(name, indexed=True, field_tokenizer=tokenizer):
        indexing = ({"record": "position", "fieldnorms": True, "tokenizer": field_tokenizer}
                    if indexed else None)
        return {"name": name, "type": "text",
                "options": {"indexing": indexing, "stored": True, "fast": False}}
    return {
        "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
        "segments": [],
        "schema": [text_field("guid", field_tokenizer="raw"), text_field("link", False),
                   text_field("published", False), text_field("title"), text_field("body")],
        "opstamp": 0,
    }

# (variant, tantivy tokenizer): en_stem is pressdex's analyzer (simple tokens, long ones
# dropped, lowercase, English Snowball stems); `default` is the same without the stemmer.
TANTIVY_VARIANTS = [("tantivy-cli en_stem", "en_stem"), ("tantivy-cli no stem", "default")]
FTS5_VARIANTS = [("FTS5 porter", "porter unicode61"), ("FTS5 plain", "unicode61")]

# The query mix: (name, pressdex arguments, tantivy-cli, FTS5 MATCH, Xapian/quest). The same
# intent in each tool's syntax. Two words are OR (ranked) everywhere, as pressdex's default;
# the filter is a country facet for pressdex and "both words" for the peers (they have no
# country facet).
QUERIES = [
    ("single word", ["smuggling"], "smuggling", "smuggling", "smuggling"),
    ("two words", ["fentanyl bridge"], "fentanyl bridge", "fentanyl OR bridge", "fentanyl bridge"),
    ("phrase, common words", ['"port of entry"'], '"port of entry"', '"port of entry"',
     '"port of entry"'),
    ("rare word", ["pangolin"], "pangolin", "pangolin", "pangolin"),
    ("filter", ["cocaine", "--country", "colombia"], "+cocaine +colombia", "cocaine AND colombia",
     "cocaine AND colombia"),
]
FTS5_SQL = ("SELECT guid, title, snippet(docs, 4, '', '', '...', 12) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT 10")


def log(message):
    print(f"compare.sh: {message}", file=sys.stderr, flush=True)


def measure(command, stdout=subprocess.DEVNULL):
    """Runs `command` under /usr/bin/time -v: wall s, user+sys CPU s, peak RSS MB, exit code."""
    started = time.perf_counter()
    process = subprocess.run(["/usr/bin/time", "-v", *command], stdout=stdout,
                             stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    def field(label):
        found = re.search(rf"{label}: ([\d.]+)", process.stderr)
        return float(found.group(1)) if found else float("nan")
    cpu = field(r"User time \(seconds\)") + field(r"System time \(seconds\)")
    rss = field(r"Maximum resident set size \(kbytes\)") / 1024
    if process.returncode not in (0, 1):
        tail = process.stderr.strip().splitlines()[:3]
        log(f"{shlex.join(command)} exited {process.returncode}: {' | '.join(tail)}")
    return wall, cpu, rss, process.returncode


def repeated(label, prepare, command, count=None):
    """Median wall time, median CPU time and max peak RSS over `count` runs; None on failure."""
    walls, cpus, peaks = [], [], []
    for run in range(count or runs):
        prepare()
        wall, cpu, rss, code = measure(command)
        if code not in (0, 1):
            return None
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(rss)
        log(f"{label}: run {run + 1}/{count or runs}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"{rss:.0f} MB")
    return {"seconds": statistics.median(walls), "runs": walls,
            "cpu_seconds": statistics.median(cpus), "peak_rss_mb": max(peaks)}


def size_of(path):
    if not os.path.exists(path):
        return None
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, names in os.walk(path) for name in names)


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def fresh(path):
    return lambda: remove(path)


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def timings(times):
    return {"p50_ms": percentile(times, 0.5) * 1000, "p95_ms": percentile(times, 0.95) * 1000}


def process_times(command, count=None):
    """p50/p95 in ms of `command` as a new process each run (hyperfine, no shell)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        process = subprocess.run(
            ["hyperfine", "-N", "-i", "--warmup", "3", "--runs", str(count or query_runs),
             "--export-json", export.name, shlex.join(command)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if process.returncode != 0:
            log(f"hyperfine {shlex.join(command)} failed: {process.stderr.strip()[:300]}")
            return None
        with open(export.name) as file:
            measured = json.load(file)["results"][0]
    codes = measured.get("exit_codes", [])
    if any(code not in (0, 1) for code in codes):
        log(f"{shlex.join(command)} failed (exit codes {sorted(set(codes))})")
        return None
    return timings(measured["times"]) | {"no_hits": bool(codes) and all(c == 1 for c in codes)}


def printed_lines(command):
    """How many lines `command` prints, read as a stream (tantivy-cli prints every match)."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as child:
        return sum(1 for _ in child.stdout)


def in_process(run_query):
    run_query()
    times = []
    for _ in range(query_runs):
        started = time.perf_counter()
        run_query()
        times.append(time.perf_counter() - started)
    return timings(times)


def tantivy_in_process(index, queries):
    """tantivy-cli's own bench (top 10 + count, in-process): p50 ms per query."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.write("\n".join(queries) + "\n")
    output = subprocess.run([tantivy, "bench", "-i", index, "-q", file.name,
                             "-n", str(query_runs)], capture_output=True, text=True).stdout
    os.unlink(file.name)
    section = output.split("SEARCH", 1)[-1].split("FETCH STORE", 1)[0]
    micros = {}
    for line in section.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].strip().isdigit():
            micros.setdefault(parts[0], []).append(int(parts[2]))
    return {query: {"p50_ms": statistics.median(values) / 1000}
            for query, values in micros.items()}


def same_releases(reference, candidate):
    """How many JSON lines differ between two pre-pass outputs (by value), or a reason."""
    differing = 0
    with open(reference) as left, open(candidate) as right:
        for number, (a, b) in enumerate(zip(left, right, strict=False), 1):
            if a != b and json.loads(a) != json.loads(b):
                if differing == 0:
                    log(f"{candidate}: line {number} differs from {reference}")
                differing += 1
        rest_left, rest_right = sum(1 for _ in left), sum(1 for _ in right)
    if rest_left or rest_right:
        return f"{rest_left} lines missing, {rest_right} extra"
    return differing


def loadavg():
    return [round(value, 2) for value in os.getloadavg()]


def run_size(items):
    work = os.path.join(bench_dir, f"{items}")
    os.makedirs(work, exist_ok=True)
    xml = os.path.join(work, "feed.xml")
    log(f"generating {items} releases into {xml}")
    result = {"items": items, "runs": runs, "query_runs": query_runs,
              "tantivy_query_runs": tantivy_query_runs, "seed": seed,
              "tools": tools, "load_average_start": loadavg()}
    result["generate"] = repeated("generate", fresh(xml),
                                  [corpus_bin, "--items", str(items), "--seed", seed, "--out", xml],
                                  count=1)
    if not result["generate"]:
        sys.exit("compare.sh: pressdex-corpus failed")
    xml_bytes = result["xml_bytes"] = size_of(xml)
    builds = result["builds"] = {}
    searches = result["searches"] = {name: {} for name, *_ in QUERIES}
    in_proc = result["in_process"] = {name: {} for name, *_ in QUERIES}
    # How many releases each tool finds: the queries must ask the same question everywhere.
    matches = result["matches"] = {name: {} for name, *_ in QUERIES}

    def build(name, prepare, command, output, needs_prepass):
        entry = repeated(name, prepare, command)
        if entry:
            entry["index_bytes"] = size_of(output)
            entry["needs_prepass"] = needs_prepass
            meta = os.path.join(output, "meta.json")
            if os.path.isfile(meta):  # a Tantivy index: how many segments a search opens
                with open(meta) as file:
                    entry["segments"] = len(json.load(file)["segments"])
        builds[name] = entry
        return entry

    # pressdex: first index from the raw XML, then the same snapshot again (all unchanged).
    if "pressdex" in tools:
        index = os.path.join(work, "pressdex-index")
        first = build("pressdex", fresh(index), [pressdex, "index", xml, "--index", index],
                      index, False)
        if first:
            reindex = repeated("pressdex re-index", lambda: None,
                               [pressdex, "index", xml, "--index", index])
            if reindex:
                with open(os.path.join(index, "meta.json")) as file:
                    reindex["segments"] = len(json.load(file)["segments"])
            result["pressdex_reindex"] = reindex
            processes = result["pressdex_processes"] = {}
            for label, command in (
                    ("--version", [pressdex, "--version"]),
                    ("facets", [pressdex, "facets", "--index", index, "--color", "never"]),
                    ("stats", [pressdex, "stats", "--index", index])):
                log(f"pressdex {label} as a process")
                processes[label] = process_times(command)
            for name, arguments, *_ in QUERIES:
                command = [pressdex, "search", *arguments, "--index", index, "--limit", "10",
                           "--color", "never"]
                log(f"pressdex search: {name}")
                searches[name]["pressdex"] = process_times(command)
                # `--limit 0` lists every match (issue 14); the JSON document's `total` is the
                # count.
                counted = subprocess.run(command[:-4] + ["--limit", "1", "--format", "json"],
                                         capture_output=True, text=True)
                try:
                    matches[name]["pressdex"] = json.loads(counted.stdout)["total"]
                except (ValueError, KeyError):
                    matches[name]["pressdex"] = 0

    # The peers' pre-pass: every variant, each checked against the first one to run (old when
    # it runs: it is the reference); the fastest that agrees is charged.
    lines = None
    if PEERS:
        result["prepass"] = {}
        reference = None
        for variant in sorted(prepasses, key=lambda name: name != "old"):
            label, command = PREPASS_COMMANDS[variant]
            out = os.path.join(work, f"releases-{variant}.jsonl")
            entry = repeated(f"pre-pass {variant}", fresh(out), command(xml, out))
            if entry:
                entry["label"] = label
                entry["output_bytes"] = size_of(out)
                if reference is None:
                    reference = out
                    entry["differing_lines"] = 0
                else:
                    entry["differing_lines"] = same_releases(reference, out)
            result["prepass"][variant] = entry
        agreeing = {variant: entry for variant, entry in result["prepass"].items()
                    if entry and entry["differing_lines"] == 0}
        if not agreeing:
            sys.exit("compare.sh: no pre-pass succeeded")
        charged = min(agreeing, key=lambda variant: agreeing[variant]["seconds"])
        result["prepass_charged"] = charged
        lines = os.path.join(work, f"releases-{charged}.jsonl")
        for variant in result["prepass"]:  # 2.3 GB each at 1M: keep only the one peers read
            if variant != charged:
                remove(os.path.join(work, f"releases-{variant}.jsonl"))
        log(f"pre-pass charged to the peers: {charged} ({agreeing[charged]['seconds']:.2f} s)")

    if "tantivy" in tools:
        def tantivy_prepare(index, tokenizer):
            def prepare():
                remove(index)
                os.makedirs(index)
                with open(os.path.join(index, "meta.json"), "w") as file:
                    json.dump(tantivy_meta(tokenizer), file)
            return prepare
        def tantivy_index(index):
            return [tantivy, "index", "-i", index, "-t", "2", "-m", "400000000"]
        # The en_stem build again with the pre-pass piped into tantivy-cli's stdin: both at
        # once on two cores, as a user scripting it might; timed end to end.
        piped = os.path.join(work, "tantivy-piped")
        pipeline = (shlex.join(PREPASS_COMMANDS[charged][1](xml, "/dev/stdout")) + " | "
                    + shlex.join(tantivy_index(piped)))
        build("tantivy-cli en_stem, pre-pass piped in", tantivy_prepare(piped, "en_stem"),
              ["sh", "-c", pipeline], piped, False)
        remove(piped)
        for variant, tokenizer in TANTIVY_VARIANTS:
            index = os.path.join(work, f"tantivy-{tokenizer}")
            entry = build(variant, tantivy_prepare(index, tokenizer),
                          tantivy_index(index) + ["-f", lines], index, True)
            if not entry:
                continue
            micro = tantivy_in_process(index, [query[2] for query in QUERIES])
            for name, _, query, *_ in QUERIES:
                log(f"{variant} search: {name}")
                command = [tantivy, "search", "-i", index, "-q", query]
                searches[name][variant] = process_times(command, tantivy_query_runs)
                in_proc[name][variant] = micro.get(query)
                matches[name][variant] = printed_lines(command)

    if "fts5" in tools:
        template = open(os.path.join(HERE, "fts5_build.sql")).read()
        for variant, tokenize in FTS5_VARIANTS:
            db_path = os.path.join(work, f"fts5-{tokenize.split()[0]}.db")
            script = os.path.join(work, f"fts5-{tokenize.split()[0]}.sql")
            with open(script, "w") as file:
                file.write(template.replace("@LINES@", lines).replace("@TOKENIZE@", tokenize)
                           .replace("@UNIT@", "\x1f"))
            shell_db = db_path + ".shell"
            build(f"{variant} (sqlite3 shell)", fresh(shell_db),
                  ["sqlite3", shell_db, f".read {script}"], shell_db, True)
            remove(shell_db)
            entry = build(f"{variant} (Python)", fresh(db_path),
                          [python, f"{HERE}/fts5_build.py", lines, db_path, tokenize],
                          db_path, True)
            if not entry:
                continue
            db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            for name, _, _, match, _ in QUERIES:
                log(f"{variant} search: {name}")
                sql = FTS5_SQL.replace("?", "'" + match.replace("'", "''") + "'")
                searches[name][f"{variant} (sqlite3 shell)"] = process_times(
                    ["sqlite3", "-readonly", db_path, sql + ";"])
                in_proc[name][f"{variant} (Python)"] = in_process(
                    lambda match=match: db.execute(FTS5_SQL, (match,)).fetchall())
                matches[name][variant] = db.execute(
                    "SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()[0]
            db.close()

    if "xapian" in tools:
        import xapian
        db_path = os.path.join(work, "xapian")
        entry = build("Xapian", fresh(db_path),
                      [python, f"{HERE}/xapian_build.py", lines, db_path], db_path, True)
        if entry:
            database = xapian.Database(db_path)
            parser = xapian.QueryParser()
            parser.set_stemmer(xapian.Stem("english"))
            parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
            parser.set_database(database)
            def top10(query):
                enquire = xapian.Enquire(database)
                enquire.set_query(parser.parse_query(query))
                return [match.document.get_data() for match in enquire.get_mset(0, 10)]
            for name, *_, query in QUERIES:
                log(f"Xapian search: {name}")
                searches[name]["Xapian (quest)"] = process_times(
                    ["quest", "-d", db_path, "-m", "10", "-s", "english", query])
                in_proc[name]["Xapian (Python)"] = in_process(lambda query=query: top10(query))
                enquire = xapian.Enquire(database)
                enquire.set_query(parser.parse_query(query))
                everything = database.get_doccount()
                matches[name]["Xapian"] = enquire.get_mset(0, 0, everything).get_matches_estimated()
            database.close()

    result["load_average_end"] = loadavg()
    return result


def versions():
    def first_line(command):
        try:
            process = subprocess.run(command, capture_output=True, text=True)
        except FileNotFoundError:
            return None
        return (process.stdout or process.stderr).strip().splitlines()[0] if process.returncode == 0 else None
    found = {
        "pressdex commit": first_line(["git", "-C", root, "describe", "--always", "--dirty"]),
        "rustc": first_line(["rustc", "--version"]),
        "python": platform.python_version(),
        "sqlite3": first_line(["sqlite3", "--version"]),
        "quest": first_line(["quest", "--version"]),
        "hyperfine": first_line(["hyperfine", "--version"]),
    }
    crates = os.path.join(os.path.dirname(os.path.dirname(tantivy)), ".crates.toml")
    if os.path.exists(crates):
        found["tantivy-cli"] = re.search(r'"tantivy-cli ([^ ]+)', open(crates).read()).group(1)
    return found


# ---- Markdown ---------------------------------------------------------------------------------

def fmt(value, unit="", digits=2):
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return "n/a"
    return f"{numerator / denominator:.2f}x"


def tables(result):
    items, xml_bytes = result["items"], result["xml_bytes"]
    builds = result["builds"]
    prepass_entry = None
    if result.get("prepass_charged"):
        prepass_entry = result["prepass"][result["prepass_charged"]]
    prepass = prepass_entry["seconds"] if prepass_entry else None
    ours = builds.get("pressdex")
    ours_s = ours["seconds"] if ours else None

    def end_to_end(entry):
        if not entry:
            return None
        return entry["seconds"] + (prepass if entry["needs_prepass"] else 0)

    peer_ends = {name: end_to_end(entry) for name, entry in builds.items()
                 if name != "pressdex" and entry}
    out = [f"### {items:,} releases, {xml_bytes / 1e6:.0f} MB of RSS XML",
           "",
           f"Median of {result['runs']} builds; {result['query_runs']} runs per search after 3 "
           f"warm-ups ({result['tantivy_query_runs']} for tantivy-cli). Load average (1, 5, 15 min): {result['load_average_start']} at the start, "
           f"{result['load_average_end']} at the end.", ""]
    if result.get("prepass"):
        out += ["Pre-pass (RSS XML to one JSON line per release; none of the peers reads RSS). "
                "The fastest one whose output equals the reference's is charged to every peer:",
                "", "| pre-pass | wall | CPU | peak RSS | output equals the reference |",
                "| --- | ---: | ---: | ---: | --- |"]
        for variant, entry in result["prepass"].items():
            if not entry:
                out.append(f"| {variant} | failed | | | |")
                continue
            mark = " **(charged)**" if variant == result["prepass_charged"] else ""
            same = entry["differing_lines"]
            same = "yes" if same == 0 else f"no: {same}"
            out.append(f"| {entry['label']}{mark} | {fmt(entry['seconds'], ' s')} | "
                       f"{fmt(entry['cpu_seconds'], ' s')} | {fmt(entry['peak_rss_mb'], ' MB', 0)} "
                       f"| {same} |")
        out.append("")
    out += ["Builds from scratch; the last column is the pipeline's end-to-end time over "
            "pressdex's (above 1x: pressdex is faster).", "",
            "| build | own build | + pre-pass | end-to-end from XML | CPU (build) | index size | "
            "% of XML | segments | peak RSS | end-to-end / pressdex |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, entry in builds.items():
        if not entry:
            out.append(f"| {name} | failed | | | | | | | | |")
            continue
        size = entry.get("index_bytes")
        end = end_to_end(entry)
        bold = "**" if name == "pressdex" else ""
        out.append(
            f"| {bold}{name}{bold} | {fmt(entry['seconds'], ' s')} | "
            f"{fmt(prepass, ' s') if entry['needs_prepass'] else ''} | {fmt(end, ' s')} | "
            f"{fmt(entry['cpu_seconds'], ' s')} | "
            f"{fmt(size and size / 1e6, ' MB', 1)} | {fmt(size and 100 * size / xml_bytes, '%', 0)} | "
            f"{entry.get('segments', '')} | {fmt(entry['peak_rss_mb'], ' MB', 0)} | {ratio(end, ours_s)} |")
    reindex = result.get("pressdex_reindex")
    if reindex:
        out.append(f"| pressdex re-index, unchanged | {fmt(reindex['seconds'], ' s')} | | | "
                   f"{fmt(reindex['cpu_seconds'], ' s')} | | | {reindex.get('segments', '')} | "
                   f"{fmt(reindex['peak_rss_mb'], ' MB', 0)} | |")
    out.append("")
    if ours_s and peer_ends:
        best = min(peer_ends, key=peer_ends.get)
        stemmed = {n: s for n, s in peer_ends.items() if "no stem" not in n and "plain" not in n}
        best_stemmed = min(stemmed, key=stemmed.get) if stemmed else None
        out.append(f"- best peer pipeline / pressdex, build from XML: **{ratio(peer_ends[best], ours_s)}** "
                   f"({best}, {peer_ends[best]:.2f} s against {ours_s:.2f} s; target 3x or more)")
        if best_stemmed and best_stemmed != best:
            out.append(f"- best stemming peer pipeline / pressdex: **{ratio(stemmed[best_stemmed], ours_s)}** "
                       f"({best_stemmed})")
    if ours_s and reindex:
        out.append(f"- first index / unchanged re-index: **{ratio(ours_s, reindex['seconds'])}** "
                   "(target 20x or more)")
    out.append("")

    columns = []
    for per_tool in result["searches"].values():
        for tool in per_tool:
            if tool not in columns:
                columns.append(tool)
    if columns:
        out += ["One search as a new process, p50 / p95 (ms). pressdex, the sqlite3 shell and "
                "quest print the top 10 (pressdex and sqlite3 with snippets, quest the stored "
                "record); tantivy-cli `search` has no limit and prints every match. "
                "\u2020 = no hits. Ratios above 1x: pressdex is faster.", "",
                "| query | " + " | ".join(columns) + " | best peer p50 / pressdex p50 |",
                "| --- | " + " | ".join("---:" for _ in columns) + " | ---: |"]
        for name, per_tool in result["searches"].items():
            cells = []
            for tool in columns:
                entry = per_tool.get(tool)
                cells.append("n/a" if not entry else
                             f"{entry['p50_ms']:.1f} / {entry['p95_ms']:.1f}"
                             + (" \u2020" if entry.get("no_hits") else ""))
            peers = [e["p50_ms"] for t, e in per_tool.items() if t != "pressdex" and e]
            ours_q = per_tool.get("pressdex")
            out.append(f"| {name} | " + " | ".join(cells) + " | "
                       f"{ratio(min(peers) if peers else None, ours_q and ours_q['p50_ms'])} |")
        out.append("")
    match_columns = []
    for per_tool in result["matches"].values():
        for tool in per_tool:
            if tool not in match_columns:
                match_columns.append(tool)
    if match_columns:
        out += ["Matching releases per query (the same question in each tool's syntax; "
                "stemming and the pressdex country facet make counts differ):", "",
                "| query | " + " | ".join(match_columns) + " |",
                "| --- | " + " | ".join("---:" for _ in match_columns) + " |"]
        for name, per_tool in result["matches"].items():
            out.append(f"| {name} | " + " | ".join(
                f"{per_tool[tool]:,}" if tool in per_tool else "n/a"
                for tool in match_columns) + " |")
        out.append("")
    processes = result.get("pressdex_processes")
    if processes:
        out += ["pressdex as a process, p50 / p95 (ms): " + ", ".join(
            f"`{label}` {entry['p50_ms']:.1f} / {entry['p95_ms']:.1f}" if entry else f"`{label}` n/a"
            for label, entry in processes.items()), ""]
    in_columns = []
    for per_tool in result["in_process"].values():
        for tool in per_tool:
            if tool not in in_columns:
                in_columns.append(tool)
    if in_columns:
        out += ["Peers in-process, top 10, p50 (ms): tantivy-cli `bench` (top 10 and count), "
                "Python sqlite3 (with snippets), Python Xapian (top 10 records).", "",
                "| query | " + " | ".join(in_columns) + " |",
                "| --- | " + " | ".join("---:" for _ in in_columns) + " |"]
        for name, per_tool in result["in_process"].items():
            out.append(f"| {name} | " + " | ".join(
                fmt(per_tool[tool]["p50_ms"] if per_tool.get(tool) else None, "", 3)
                for tool in in_columns) + " |")
        out.append("")
    generate = result["generate"]
    out.append(f"Corpus generation: {generate['seconds']:.1f} s, peak RSS "
               f"{generate['peak_rss_mb']:.0f} MB.")
    return "\n".join(out)


header = (f"pressdex compare.sh: {os.uname().nodename}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
tool_versions = versions()
print(header + "\n\n" + ", ".join(v if v.startswith(k) else f"{k} {v}"
                                   for k, v in tool_versions.items() if v) + "\n", flush=True)
results = []
for items in sizes:
    result = run_size(items)
    result["versions"] = tool_versions
    results.append(result)
    markdown = tables(result)
    with open(os.path.join(bench_dir, f"results-{items}.json"), "w") as file:
        json.dump(result, file, indent=2)
    with open(os.path.join(bench_dir, f"results-{items}.md"), "w") as file:
        file.write(markdown + "\n")
    print(markdown + "\n", flush=True)
print("Raw results:\n\n```json\n" + json.dumps(results, indent=1) + "\n```")
