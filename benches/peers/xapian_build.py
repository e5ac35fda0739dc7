# Xapian from the pre-pass's JSON lines, as its documentation's indexer does: TermGenerator
# with the English stemmer (STEM_SOME: stemmed terms plus unstemmed ones with positions, so
# phrases work), title then body, a unique 'Q' id term, the whole record as document data.
# A fresh database, so add_document rather than replace_document, and no fsync (DB_NO_SYNC), as
# the FTS5 builds run with synchronous=OFF.  `quest` searches it.
#   xapian_build.py RELEASES.jsonl DB_DIR
import json, sys
import xapian

lines_path, db_path = sys.argv[1:3]
db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE | xapian.DB_NO_SYNC)
generator = xapian.TermGenerator()
generator.set_stemmer(xapian.Stem("english"))
with open(lines_path) as lines:
    for line in lines:
        release = json.loads(line)
        document = xapian.Document()
        generator.set_document(document)
        generator.index_text(release["title"] or "")
        generator.increase_termpos()
        generator.index_text(release["body"])
        document.set_data(line)
        document.add_boolean_term("Q" + release["guid"])
        db.add_document(document)
db.commit()
db.close()
