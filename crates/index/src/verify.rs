//! Verifying an index's data, file by file, for `check`: every segment file against the
//! checksum in its footer (any flipped byte), then a full read of what each file holds: every
//! term of the dictionary (`.term`), its postings (`.idx`) and positions (`.pos`), every
//! fieldnorm (`.fieldnorm`), every fast-field value (`.fast`) and every stored document
//! (`.store`). Each problem is one line naming the file.
//!
//! Tantivy may panic on damaged data rather than return an error (a document number past
//! the end of the fieldnorms, a block that decodes to nonsense); each read runs under
//! `catch_unwind`, and a panic is the file's problem.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use tantivy::directory::error::OpenReadError;
use tantivy::index::SegmentComponent;
use tantivy::postings::Postings;
use tantivy::schema::{Field, FieldEntry, IndexRecordOption, Schema};
use tantivy::{DocSet, Index, SegmentReader, TERMINATED, TantivyDocument};

/// The components each segment has, and the extensions naming their files.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// Checks every file of the last commit's segments against its checksum. Returns the files
/// verified; each bad one is a problem.
pub(crate) fn verify_checksums(index: &Index, problems: &mut Vec<String>) -> usize {
    let metas = match index.searchable_segment_metas() {
        Ok(metas) => metas,
        Err(err) => {
            problems
                .push(format!("meta.json: the list of segments cannot be read: {}", kind(&err)));
            return 0;
        }
    };
    let directory = index.directory();
    let mut verified = 0;
    for meta in metas {
        let mut files: Vec<PathBuf> =
            COMPONENTS.iter().map(|component| meta.relative_path(component.clone())).collect();
        if meta.delete_opstamp().is_some() {
            files.push(meta.relative_path(SegmentComponent::Delete));
        }
        for file in files {
            verified += 1;
            let verdict = catch_unwind(AssertUnwindSafe(|| directory.validate_checksum(&file)));
            let problem = match verdict {
                Ok(Ok(true)) => continue,
                Ok(Ok(false)) => "its checksum does not match: the file is damaged".to_string(),
                Ok(Err(OpenReadError::FileDoesNotExist(_))) => "the file is missing".to_string(),
                Ok(Err(OpenReadError::IoError { io_error, .. })) => {
                    format!("cannot be read: {io_error}")
                }
                Ok(Err(OpenReadError::IncompatibleIndex(_))) => {
                    "written by an incompatible version of Tantivy".to_string()
                }
                Err(_) => "its footer does not decode: the file is damaged".to_string(),
            };
            problems.push(format!("{}: {problem}", file.display()));
        }
    }
    verified
}

/// Reads everything `segment` holds, each file's part under its own guard.
pub(crate) fn scan_segment(segment: &SegmentReader, schema: &Schema, problems: &mut Vec<String>) {
    let id = segment.segment_id().uuid_string();
    let file = |extension: &str| PathBuf::from(format!("{id}.{extension}"));
    for (field, entry) in schema.fields() {
        let name = entry.name();
        if entry.is_indexed() {
            let option =
                entry.field_type().index_record_option().unwrap_or(IndexRecordOption::Basic);
            // Terms first: postings and positions are reached through them.
            let terms_ok = guard(&file("term"), name, problems, || scan_terms(segment, field));
            if terms_ok {
                let basic = option.downgrade(IndexRecordOption::WithFreqs);
                let postings_ok =
                    guard(&file("idx"), name, problems, || scan_postings(segment, field, basic));
                if postings_ok && option.has_positions() {
                    guard(&file("pos"), name, problems, || {
                        scan_postings(segment, field, IndexRecordOption::WithFreqsAndPositions)
                    });
                }
            }
        }
        if entry.has_fieldnorms() {
            guard(&file("fieldnorm"), name, problems, || scan_fieldnorms(segment, field));
        }
        if entry.is_fast() {
            guard(&file("fast"), name, problems, || scan_fast(segment, entry));
        }
    }
    guard(&file("store"), "stored documents", problems, || scan_store(segment));
}

/// Runs one file's scan; a problem or a panic becomes one line naming the file.
fn guard(
    file: &Path,
    part: &str,
    problems: &mut Vec<String>,
    scan: impl FnOnce() -> Result<(), String>,
) -> bool {
    let problem = match catch_unwind(AssertUnwindSafe(scan)) {
        Ok(Ok(())) => return true,
        Ok(Err(problem)) => problem,
        Err(_) => "reading it failed: the data do not decode".to_string(),
    };
    problems.push(format!("{} ({part}): {problem}", file.display()));
    false
}

fn scan_terms(segment: &SegmentReader, field: Field) -> Result<(), String> {
    let inverted = segment.inverted_index(field).map_err(|err| kind(&err))?;
    let mut stream = inverted.terms().stream().map_err(|err| io_kind(&err))?;
    let mut previous: Option<Vec<u8>> = None;
    while stream.advance() {
        let key = stream.key();
        if previous.as_deref().is_some_and(|previous| previous >= key) {
            return Err("terms out of order".to_string());
        }
        if stream.value().doc_freq == 0 {
            return Err(format!("term {:?} has no documents", String::from_utf8_lossy(key)));
        }
        previous = Some(key.to_vec());
    }
    Ok(())
}

/// Every posting list of `field`: documents in order and in range, as many as the dictionary
/// says, frequencies and (with positions) as many positions as the frequency, in order.
fn scan_postings(
    segment: &SegmentReader,
    field: Field,
    option: IndexRecordOption,
) -> Result<(), String> {
    let max_doc = segment.max_doc();
    let inverted = segment.inverted_index(field).map_err(|err| kind(&err))?;
    let mut stream = inverted.terms().stream().map_err(|err| io_kind(&err))?;
    let mut positions = Vec::new();
    while stream.advance() {
        let term = || String::from_utf8_lossy(stream.key()).into_owned();
        let info = stream.value();
        let mut postings = inverted
            .read_postings_from_terminfo(info, option)
            .map_err(|err| format!("term {:?}: {}", term(), io_kind(&err)))?;
        let mut count = 0u32;
        let mut previous: Option<u32> = None;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if doc >= max_doc || previous.is_some_and(|previous| previous >= doc) {
                return Err(format!("term {:?}: document {doc} out of order or range", term()));
            }
            if option.has_freq() && postings.term_freq() == 0 {
                return Err(format!("term {:?}: a frequency of 0", term()));
            }
            if option.has_positions() {
                postings.positions(&mut positions);
                let ordered = positions.windows(2).all(|pair| pair[0] <= pair[1]);
                if positions.len() != postings.term_freq() as usize || !ordered {
                    return Err(format!("term {:?}: positions do not match", term()));
                }
            }
            count += 1;
            previous = Some(doc);
            doc = postings.advance();
        }
        if count != info.doc_freq {
            return Err(format!(
                "term {:?}: {count} documents, the dictionary says {}",
                term(),
                info.doc_freq
            ));
        }
    }
    Ok(())
}

fn scan_fieldnorms(segment: &SegmentReader, field: Field) -> Result<(), String> {
    let reader = segment.get_fieldnorms_reader(field).map_err(|err| kind(&err))?;
    // Any byte is a valid norm: this reads them all (a short file panics), the checksum
    // catches a changed one.
    let sum: u64 = (0..segment.max_doc()).map(|doc| u64::from(reader.fieldnorm_id(doc))).sum();
    std::hint::black_box(sum);
    Ok(())
}

fn scan_fast(segment: &SegmentReader, entry: &FieldEntry) -> Result<(), String> {
    let handles =
        segment.fast_fields().dynamic_column_handles(entry.name()).map_err(|err| kind(&err))?;
    for handle in handles {
        let Some(column) = handle.open_u64_lenient().map_err(|err| io_kind(&err))? else {
            continue;
        };
        for doc in 0..segment.max_doc() {
            std::hint::black_box(column.values_for_doc(doc).count());
        }
    }
    Ok(())
}

fn scan_store(segment: &SegmentReader) -> Result<(), String> {
    let store = segment.get_store_reader(1).map_err(|err| io_kind(&err))?;
    for doc in 0..segment.max_doc() {
        store
            .get::<TantivyDocument>(doc)
            .map_err(|err| format!("document {doc} does not decode ({})", kind(&err)))?;
    }
    Ok(())
}

/// An I/O error of a read in a few words of ours: Tantivy reports data that do not decode as
/// `InvalidData` or `UnexpectedEof` I/O errors, with its own text.
fn io_kind(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
            "the data do not decode".to_string()
        }
        _ => format!("a read failed ({})", err.kind()),
    }
}

/// Tantivy's error in a few words of ours (its own text stays out of the report).
fn kind(err: &tantivy::TantivyError) -> &'static str {
    use tantivy::TantivyError as T;
    match err {
        T::DataCorruption(_) => "the data do not decode",
        T::IoError(_) | T::OpenReadError(_) => "a read failed",
        T::DeserializeError(_) => "a value does not decode",
        _ => "an unexpected error",
    }
}
