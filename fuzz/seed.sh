#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the fixtures (corpora are not committed):
#   fuzz/seed.sh && cargo +nightly fuzz run feed -- -max_total_time=600
#   cargo +nightly fuzz run html -- -dict=dicts/html.dict -max_total_time=600  (deep nesting)
# feed: every snapshot fixture and the bundled feed; html: each item's HTML from them;
# enrich: the text of the bundled releases; query: sample queries.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/feed corpus/html corpus/enrich corpus/query

for file in "$root"/index-data/feeds/* "$root"/tests/fixtures/{feeds,hostile,index}/*; do
  case "$file" in *.md) continue ;; esac
  [ -f "$file" ] && cp "$file" "corpus/feed/$(basename "$file")"
done

# One HTML page and one plain-text release per item of the XML snapshots.
python3 - "$root" <<'PY'
import glob, html, os, re, sys
root = sys.argv[1]
n = 0
for path in glob.glob(f"{root}/index-data/feeds/*.xml") + glob.glob(f"{root}/tests/fixtures/*/*.xml"):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        continue
    for raw in re.findall(r"<(?:description|content:encoded|content|summary)[^>]*>(.*?)</", text, re.S):
        raw = raw.replace("<![CDATA[", "").replace("]]>", "")
        page = html.unescape(raw)
        if len(page) < 20:
            continue
        n += 1
        open(f"corpus/html/seed-{n}.html", "w").write(page)
        plain = re.sub(r"<[^>]+>", " ", page)
        title = re.sub(r"\s+", " ", plain[:120])
        open(f"corpus/enrich/seed-{n}.txt", "w").write(f"{title}\0\0{plain}")
PY

queries=(
  'mutual assistance agreement' 'agreement:CMAA' '"CMAA signings"' 'mexico since:2023'
  'country:"cape verde" -trade' 'trade OR customs' 'preclear*' 'until:2024-02 kind:page'
  'feed:"International Operations"' '"unbalanced' 'unknown:field' 'since:2023-13-45' '-' '""'
)
i=0
for q in "${queries[@]}"; do
  i=$((i + 1))
  printf '%s' "$q" > "corpus/query/seed-$i.txt"
done
for dir in feed html enrich query; do
  for file in "$root"/tests/fuzz-regressions/$dir/*; do
    [ -f "$file" ] && cp "$file" "corpus/$dir/"
  done
done
echo "seeded: $(for d in corpus/*; do printf '%s=%s ' "${d#corpus/}" "$(ls "$d" | wc -l)"; done)"
