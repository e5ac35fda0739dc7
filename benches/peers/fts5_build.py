# SQLite FTS5 from the pre-pass's JSON lines, as a Python user would build it: one transaction,
# executemany, no journal, then FTS5's own 'optimize' (merge into one b-tree).
#   fts5_build.py RELEASES.jsonl DB TOKENIZE        (TOKENIZE: 'porter unicode61' or 'unicode61')
import json, sqlite3, sys

lines_path, db_path, tokenize = sys.argv[1:4]
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE VIRTUAL TABLE docs USING fts5(guid UNINDEXED, link UNINDEXED, "
           f"published UNINDEXED, title, body, tokenize='{tokenize}')")
with open(lines_path) as lines, db:
    rows = map(json.loads, lines)
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                   ((r["guid"], r["link"], r["published"], r["title"], r["body"]) for r in rows))
db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
db.commit()
db.close()
