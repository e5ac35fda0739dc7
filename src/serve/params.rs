//! Query strings into the library's requests: the same `Query::parse` and `Filters::add` the
//! command line's flags go through, so `?q=cmaa&country=mx` means what `pressdex search cmaa
//! --country mx` means. Filters are read by the names of `FilterField` (and facets by those of
//! `FacetDimension`), so a filter or facet the index crate adds is a parameter here at once.
//! The limits are checked here, before any search runs.

use pressdex_index::{
    DateBuckets, FacetDimension, FilterField, PivotAxis, Query, SearchRequest, SortBy,
};

use super::error::ApiError;

/// The longest query (`q`) in bytes: 413 past it.
pub const MAX_QUERY_BYTES: usize = 2048;
/// The longest query string (every parameter) in bytes: 413 past it.
pub const MAX_QUERY_STRING_BYTES: usize = 16 * 1024;
/// The largest page (`limit`): 400 past it.
pub const MAX_LIMIT: usize = 1000;

/// `/api/search` (and its exports): the query as typed and the request to run.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchParams {
    /// `q` as given.
    pub text: String,
    /// The parsed query with the filters, order and page.
    pub request: SearchRequest,
}

/// `/api/facets`: the query, and what to count.
#[derive(Clone, Debug, PartialEq)]
pub struct FacetsParams {
    /// `q` as given.
    pub text: String,
    /// The parsed query with the filters.
    pub query: Query,
    /// Count over releases with every word.
    pub all_words: bool,
    /// Each facet on its own, or a table of two.
    pub counting: Counting,
}

/// What `/api/facets` counts: as `pressdex facets` with `--field` and `--by`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Each facet on its own (`field`, repeatable; every facet when absent), dates in
    /// `buckets` (`by=year` or `month`).
    Facets {
        /// The facets to count, in the order asked.
        dimensions: Vec<FacetDimension>,
        /// Years or months.
        buckets: DateBuckets,
    },
    /// A table (`field=agreement&by=country`): one `field`, its rows, by a second facet.
    Pivot {
        /// The rows.
        rows: PivotAxis,
        /// The columns.
        columns: PivotAxis,
    },
}

/// The parameters `/api/search` takes besides the filters.
const SEARCH_KEYS: [&str; 5] = ["q", "sort", "limit", "offset", "all"];
/// The parameters `/api/search.csv` and `.md` take besides the filters: `all_results` is
/// `--all-results`, every match (a download streams, so it has no cap).
const EXPORT_KEYS: [&str; 6] = ["q", "sort", "limit", "offset", "all", "all_results"];
/// The parameters `/api/facets` takes besides the filters.
const FACETS_KEYS: [&str; 4] = ["q", "all", "field", "by"];

/// Reads the query string of `/api/search`.
///
/// # Errors
/// 413 for a query over [`MAX_QUERY_BYTES`]; 400 for a bad query (with its position), an
/// unknown parameter, a bad value or a `limit` over [`MAX_LIMIT`].
pub fn search(raw: Option<&str>) -> Result<SearchParams, ApiError> {
    search_with(Params::read(raw, &SEARCH_KEYS)?)
}

/// Reads the query string of `/api/search.csv` and `.md`: as [`search`], and `all_results`
/// (every match, whatever `limit` says, as `--all-results`).
///
/// # Errors
/// As [`search`].
pub fn export(raw: Option<&str>) -> Result<SearchParams, ApiError> {
    let params = Params::read(raw, &EXPORT_KEYS)?;
    let every = params.flag("all_results")?;
    let mut search = search_with(params)?;
    if every {
        search.request.limit = usize::MAX;
    }
    Ok(search)
}

fn search_with(params: Params) -> Result<SearchParams, ApiError> {
    let (text, query) = params.query()?;
    let sort = match params.single("sort")? {
        None | Some("relevance") => SortBy::Relevance,
        Some("date") => SortBy::Date,
        Some(other) => {
            return Err(ApiError::bad_parameter(
                "sort",
                format!("`{other}` is not an order: relevance or date"),
            ));
        }
    };
    let limit = params.number("limit")?.unwrap_or(10);
    if limit > MAX_LIMIT {
        return Err(ApiError::bad_parameter(
            "limit",
            format!("{limit} is over the largest page, {MAX_LIMIT}: page with offset"),
        ));
    }
    let offset = params.number("offset")?.unwrap_or(0);
    let all_words = params.flag("all")?;
    Ok(SearchParams { text, request: SearchRequest { query, all_words, sort, limit, offset } })
}

/// Reads the query string of `/api/facets`. `by` means what `facets --by` means: the date's
/// buckets (`year`, `month`), or with one `field` the columns of a table whose rows are that
/// field (`field=agreement&by=country`; `field=country&by=year` is countries by year).
///
/// # Errors
/// As [`search`]; an unknown `field` or `by`, a table without exactly one `field`, or of one
/// facet by itself.
pub fn facets(raw: Option<&str>) -> Result<FacetsParams, ApiError> {
    let params = Params::read(raw, &FACETS_KEYS)?;
    let (text, query) = params.query()?;
    let all_words = params.flag("all")?;
    let mut fields: Vec<(&str, PivotAxis)> = Vec::new();
    for name in params.all("field") {
        let axis = axis(name).ok_or_else(|| unknown_facet("field", name))?;
        if !fields.iter().any(|(known, _)| *known == name) {
            fields.push((name, axis));
        }
    }
    let by = match params.single("by")? {
        None => None,
        Some(name) => Some((name, axis(name).ok_or_else(|| unknown_facet("by", name))?)),
    };
    let buckets_only = |name: &str| matches!(name, "year" | "month");
    let counting = match (fields.as_slice(), by) {
        // A date by years or months, or every facet (or several) with dates so.
        (_, None) => counts(&fields, DateBuckets::Month),
        ([(_, rows)], Some((name, columns)))
            if !(buckets_only(name) && rows.dimension == FacetDimension::Date) =>
        {
            if rows.dimension == columns.dimension {
                return Err(ApiError::bad_parameter(
                    "by",
                    format!(
                        "`{name}` is the facet of `field`: a table needs two different facets, \
                         e.g. field=agreement&by=country"
                    ),
                ));
            }
            Counting::Pivot { rows: *rows, columns }
        }
        (_, Some((name, axis))) if buckets_only(name) => counts(&fields, axis.buckets),
        (_, Some((name, _))) => {
            return Err(ApiError::bad_parameter(
                "by",
                format!(
                    "a table by `{name}` needs one `field`, its rows, e.g. field=agreement&by={name}"
                ),
            ));
        }
    };
    Ok(FacetsParams { text, query, all_words, counting })
}

/// Each facet of `fields` (every facet when none) on its own, dates in `buckets` (or in years
/// when `field=year` asks so).
fn counts(fields: &[(&str, PivotAxis)], buckets: DateBuckets) -> Counting {
    let mut dimensions: Vec<FacetDimension> = Vec::new();
    let mut buckets = buckets;
    for (name, axis) in fields {
        if *name == "year" {
            buckets = DateBuckets::Year;
        }
        if !dimensions.contains(&axis.dimension) {
            dimensions.push(axis.dimension);
        }
    }
    if dimensions.is_empty() {
        dimensions = FacetDimension::ALL.to_vec();
    }
    Counting::Facets { dimensions, buckets }
}

/// A facet by the name `field` and `by` take (as `--field` and `--by`): a dimension, or
/// `year` and `month` for the date in those buckets.
fn axis(name: &str) -> Option<PivotAxis> {
    let date = |buckets| Some(PivotAxis { dimension: FacetDimension::Date, buckets });
    match name {
        "year" => date(DateBuckets::Year),
        "month" => date(DateBuckets::Month),
        _ => FacetDimension::ALL
            .into_iter()
            .find(|dimension| dimension.as_str() == name)
            .map(|dimension| PivotAxis { dimension, buckets: DateBuckets::Month }),
    }
}

fn unknown_facet(parameter: &str, name: &str) -> ApiError {
    let mut known: Vec<&str> = FacetDimension::ALL.iter().map(|d| d.as_str()).collect();
    known.extend(["year", "month"]);
    ApiError::bad_parameter(
        parameter,
        format!("unknown facet `{name}` (known: {})", known.join(", ")),
    )
}

/// A query string as name-value pairs, checked against the names an endpoint takes.
struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    fn read(raw: Option<&str>, keys: &[&str]) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or_default();
        if raw.len() > MAX_QUERY_STRING_BYTES {
            return Err(ApiError::too_large(format!(
                "the query string is over {MAX_QUERY_STRING_BYTES} bytes"
            )));
        }
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
        for (name, _) in &pairs {
            if !keys.contains(&name.as_str()) && FilterField::from_name(name).is_none() {
                let mut known: Vec<&str> = keys.to_vec();
                known.extend(FilterField::ALL.iter().map(|field| field.name()));
                return Err(ApiError::unknown_parameter(name, &known));
            }
        }
        Ok(Params { pairs })
    }

    /// Every value of `name`, in order.
    fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.pairs.iter().filter(move |(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The one value of `name`, if given.
    fn single(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad_parameter(name, "given more than once"));
        }
        Ok(first)
    }

    fn number(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.single(name)?
            .map(|value| {
                value.trim().parse::<usize>().map_err(|_| {
                    ApiError::bad_parameter(name, format!("`{value}` is not a whole number"))
                })
            })
            .transpose()
    }

    /// A checkbox: absent is false; empty, `1`, `true`, `yes` or `on` is true.
    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.single(name)?.map(|value| value.trim().to_ascii_lowercase()) {
            None => Ok(false),
            Some(value) => match value.as_str() {
                "" | "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(ApiError::bad_parameter(name, format!("`{value}` is not true or false"))),
            },
        }
    }

    /// `q` parsed, with every filter parameter merged in, as the command line merges flags.
    fn query(&self) -> Result<(String, Query), ApiError> {
        let text = self.single("q")?.unwrap_or_default().to_string();
        if text.len() > MAX_QUERY_BYTES {
            return Err(ApiError::too_large(format!(
                "the query is {} bytes, over the limit of {MAX_QUERY_BYTES}",
                text.len()
            )));
        }
        let mut query = Query::parse(&text).map_err(|error| ApiError::bad_query(&text, &error))?;
        for (name, value) in &self.pairs {
            if let Some(field) = FilterField::from_name(name) {
                query
                    .filters
                    .add(field, value)
                    .map_err(|kind| ApiError::bad_parameter(field.name(), kind))?;
            }
        }
        query.filters.validate().map_err(|kind| ApiError::bad_parameter("since/until", kind))?;
        Ok((text, query))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    fn check_error(raw: &str, status: StatusCode, code: &str, message_starts: &str) {
        let err = search(Some(raw)).expect_err(raw);
        assert_eq!((err.status, err.code), (status, code), "{raw}: {}", err.message);
        assert!(err.message.starts_with(message_starts), "{raw}: {}", err.message);
    }

    #[test]
    fn parameters_mean_what_the_flags_mean() {
        let params = search(Some(
            "q=cmaa&country=mx&country=Cabo%20Verde&since=2023&sort=date&limit=3&offset=6&all=on",
        ))
        .expect("valid");
        let mut expected = Query::parse("cmaa").expect("parses");
        expected.filters.add(FilterField::Country, "MEX").expect("a country");
        expected.filters.add(FilterField::Country, "cv").expect("a country");
        expected.filters.add(FilterField::Since, "2023").expect("a date");
        assert_eq!(params.text, "cmaa");
        assert_eq!(
            params.request,
            SearchRequest {
                query: expected,
                all_words: true,
                sort: SortBy::Date,
                limit: 3,
                offset: 6
            }
        );
        let plain = search(None).expect("no parameters");
        assert_eq!(plain.request, SearchRequest::new(Query::parse("").expect("empty")));
        let spaces = search(Some("q=mutual+assistance")).expect("valid");
        assert_eq!(spaces.text, "mutual assistance");
        let recent = search(Some("new_since=7d&changed-since=last-run")).expect("valid");
        let filters = &recent.request.query.filters;
        let week = pressdex_index::Moment::Ago(chrono::TimeDelta::days(7));
        assert_eq!(
            (&filters.new_since[..], &filters.changed_since[..]),
            (&[week][..], &[pressdex_index::Moment::LastRun][..])
        );
    }

    #[test]
    fn mistakes_are_400_and_size_is_413() {
        let bad = search(Some("q=trade+%22open")).expect_err("unbalanced quote");
        assert_eq!((bad.code, bad.position), ("bad_query", Some(6)));
        check_error(
            "country=atlantis",
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            "country: unknown country",
        );
        check_error(
            "since=2024&until=2023",
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            "since/until: ",
        );
        check_error("since=May", StatusCode::BAD_REQUEST, "bad_parameter", "since: bad date");
        check_error("limit=1001", StatusCode::BAD_REQUEST, "bad_parameter", "limit: 1001 is over");
        check_error("limit=-1", StatusCode::BAD_REQUEST, "bad_parameter", "limit: `-1`");
        check_error("sort=best", StatusCode::BAD_REQUEST, "bad_parameter", "sort: ");
        check_error("q=a&q=b", StatusCode::BAD_REQUEST, "bad_parameter", "q: given more than once");
        check_error("all=maybe", StatusCode::BAD_REQUEST, "bad_parameter", "all: ");
        check_error(
            "qq=cmaa",
            StatusCode::BAD_REQUEST,
            "unknown_parameter",
            "unknown parameter `qq`",
        );
        let long = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        check_error(&long, StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the query is 2049 bytes");
        let at_limit = format!("q={}", "a".repeat(MAX_QUERY_BYTES));
        assert!(search(Some(&at_limit)).is_ok(), "2 KB exactly is allowed");
        let many = "country=mx&".repeat(2000);
        check_error(&many, StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the query string is over");
        assert_eq!(search(Some("limit=1000")).expect("the largest page").request.limit, 1000);
    }

    #[test]
    fn facets_take_fields_and_buckets() {
        let counting = |raw: &str| facets(Some(raw)).expect(raw).counting;
        let counts = |dimensions: &[FacetDimension], buckets| Counting::Facets {
            dimensions: dimensions.to_vec(),
            buckets,
        };
        let axis = |dimension, buckets| PivotAxis { dimension, buckets };
        let pivot = |rows, columns| Counting::Pivot { rows, columns };
        use DateBuckets::{Month, Year};
        use FacetDimension::{Agreement, Country, Date};
        assert_eq!(
            counting("q=cmaa&field=date&field=country&field=date&by=year"),
            counts(&[Date, Country], Year)
        );
        assert_eq!(counting("agreement=CMAA"), counts(&FacetDimension::ALL, Month));
        assert_eq!(counting("by=year"), counts(&FacetDimension::ALL, Year));
        assert_eq!(counting("field=date&by=year"), counts(&[Date], Year));
        assert_eq!(counting("field=year"), counts(&[Date], Year));
        assert_eq!(
            counting("field=agreement&by=country"),
            pivot(axis(Agreement, Month), axis(Country, Month))
        );
        assert_eq!(
            counting("field=country&by=year"),
            pivot(axis(Country, Month), axis(Date, Year))
        );
        assert_eq!(
            counting("field=year&by=agreement"),
            pivot(axis(Date, Year), axis(Agreement, Month))
        );
        for (raw, message) in [
            ("by=country", "by: a table by `country` needs one `field`"),
            ("field=kind&field=feed&by=country", "by: a table by `country` needs one `field`"),
            ("field=country&by=country", "by: `country` is the facet of `field`"),
            ("by=week", "by: unknown facet `week`"),
        ] {
            let err = facets(Some(raw)).expect_err(raw);
            assert!(err.message.starts_with(message), "{raw}: {}", err.message);
        }
        let err = facets(Some("field=colour")).expect_err("unknown facet");
        assert!(
            err.message.starts_with("field: unknown facet `colour` (known: country,"),
            "{}",
            err.message
        );
        let err = facets(Some("limit=3")).expect_err("not a facets parameter");
        assert_eq!(err.code, "unknown_parameter");
    }
}
