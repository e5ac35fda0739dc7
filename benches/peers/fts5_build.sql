-- SQLite FTS5 from the pre-pass's JSON lines with the sqlite3 shell alone: import each line as
-- one text value, then pull the fields out with SQLite's JSON operators in one INSERT ... SELECT.
-- compare.sh writes a copy with @LINES@, @TOKENIZE@ and @UNIT@ (the byte 0x1f: the shell does
-- not read \x1f) filled in and runs `sqlite3 DB '.read COPY'`.
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE VIRTUAL TABLE docs USING fts5(guid UNINDEXED, link UNINDEXED, published UNINDEXED,
                                     title, body, tokenize='@TOKENIZE@');
CREATE TEMP TABLE lines(line TEXT);
-- ASCII mode: no quoting; \x1f never occurs in JSON text (control characters are escaped).
.mode ascii
.separator "@UNIT@" "\n"
.import --schema temp '@LINES@' lines
INSERT INTO docs SELECT line ->> '$.guid', line ->> '$.link', line ->> '$.published',
                        line ->> '$.title', line ->> '$.body' FROM temp.lines;
INSERT INTO docs(docs) VALUES ('optimize');
