//! Countries: a [`Country`] is a handle into the ISO 3166-1 table of `rust_iso3166` (every
//! country, its names and codes), with the common names and aliases of our table in
//! `names.rs`; [`Country::lookup`] finds the country a user means. Which matches in a release
//! are mentions of a country is `mentions.rs`'s rule.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use super::country_keys::{LOOKUP_KEYS, NAMED_BY_KEYS};
use super::names::NAMES;

/// A country, a handle into the static ISO 3166-1 table: cheap to copy and compare. Displays as
/// its common name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(u16);

impl fmt::Debug for Country {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Country({})", self.alpha2())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

struct CountryData {
    name: &'static str,
    iso_name: &'static str,
    alpha2: &'static str,
    alpha3: &'static str,
}

static COUNTRIES: LazyLock<Vec<CountryData>> = LazyLock::new(|| {
    // A map, not a search of NAMES per code: this runs in every search process.
    let common: HashMap<&str, &str> =
        NAMES.iter().filter_map(|row| Some((row.0, row.1?))).collect();
    rust_iso3166::ALL
        .iter()
        .map(|code| {
            let common = common.get(code.alpha2).copied();
            CountryData {
                name: common.unwrap_or(code.name),
                iso_name: code.name,
                alpha2: code.alpha2,
                alpha3: code.alpha3,
            }
        })
        .collect()
});

impl Country {
    fn data(self) -> &'static CountryData {
        &COUNTRIES[usize::from(self.0)]
    }

    /// Every ISO 3166-1 country, in the order of the ISO list.
    pub fn all() -> impl Iterator<Item = Country> {
        let count = u16::try_from(COUNTRIES.len()).expect("ISO 3166-1 has fewer than 65536 codes");
        (0..count).map(Country)
    }

    /// Common English short name, e.g. "Cabo Verde", "South Korea".
    pub fn name(self) -> &'static str {
        self.data().name
    }

    /// The ISO 3166-1 English short name, e.g. "Korea (Republic of)".
    pub fn iso_name(self) -> &'static str {
        self.data().iso_name
    }

    /// ISO 3166-1 alpha-2 code, e.g. "CV".
    pub fn alpha2(self) -> &'static str {
        self.data().alpha2
    }

    /// ISO 3166-1 alpha-3 code, e.g. "CPV".
    pub fn alpha3(self) -> &'static str {
        self.data().alpha3
    }

    /// The country a user means by `text`: a name, an alias, or an ISO code, in any case.
    pub fn lookup(text: &str) -> Option<Country> {
        find(LOOKUP_KEYS, &normalize(text))
    }

    /// The country a word or phrase of a search names: a name, alias or demonym in any case
    /// ("Türkiye", "turkey", "Turkish", "ivory coast"), or an ISO code written in capitals
    /// ("TR", "TUR": "in" or "no" are words, not India or Norway). Never the United States,
    /// which no release is tagged with.
    pub fn named_by(text: &str) -> Option<Country> {
        let text = text.trim();
        let is_code = (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase());
        let country =
            if is_code { Country::lookup(text) } else { find(NAMED_BY_KEYS, &normalize(text)) };
        country.filter(|country| country.alpha2() != "US")
    }

    /// The country whose ISO 3166-1 alpha-2 code is exactly `code` ("MX"): for stored keys,
    /// which must decode the same whatever the names and aliases become.
    pub fn from_alpha2(code: &str) -> Option<Country> {
        let at = COUNTRIES.iter().position(|data| data.alpha2 == code)?;
        u16::try_from(at).ok().map(Country)
    }
}

/// The country of `key` in a table of `country_keys.rs` (sorted by key).
fn find(table: &[(&str, &str)], key: &str) -> Option<Country> {
    let at = table.binary_search_by(|(row, _)| (*row).cmp(key)).ok()?;
    Country::from_alpha2(table[at].1)
}

fn normalize(text: &str) -> String {
    text.trim().replace('\u{2019}', "'").to_lowercase()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Lower-cased names, ISO names, aliases and codes -> country. Demonyms are not keys.
    fn lookup_keys() -> BTreeMap<String, Country> {
        let mut keys = BTreeMap::new();
        for country in Country::all() {
            for key in [country.iso_name(), country.alpha2(), country.alpha3()] {
                keys.insert(normalize(key), country);
            }
        }
        // Aliases may take over an ISO name ("Congo" is decided in names.rs); common names
        // last so no alias shadows a canonical name.
        for &(alpha2, _, aliases, _) in NAMES {
            if let Some(country) = Country::from_alpha2(alpha2) {
                for alias in aliases {
                    keys.insert(normalize(alias), country);
                }
            }
        }
        for country in Country::all() {
            keys.insert(normalize(country.name()), country);
        }
        keys
    }

    /// Lower-cased names, ISO names, aliases, demonyms and their plurals -> country: every way
    /// a word or phrase of text names a country (codes are apart: see [`Country::named_by`]).
    fn named_by_keys() -> BTreeMap<String, Country> {
        let mut keys = BTreeMap::new();
        for &(alpha2, _, _, demonyms) in NAMES {
            if let Some(country) = Country::from_alpha2(alpha2) {
                for demonym in demonyms {
                    keys.insert(normalize(demonym), country);
                    keys.insert(normalize(&format!("{demonym}s")), country);
                }
            }
        }
        for (key, country) in lookup_keys() {
            let is_code =
                key == country.alpha2().to_lowercase() || key == country.alpha3().to_lowercase();
            if !is_code {
                keys.insert(key, country);
            }
        }
        keys
    }

    fn render(name: &str, doc: &str, keys: &BTreeMap<String, Country>) -> String {
        let mut out =
            format!("{doc}\n#[rustfmt::skip]\npub(super) static {name}: &[(&str, &str)] = &[\n");
        let rows: Vec<String> = keys
            .iter()
            .map(|(key, country)| format!("({key:?}, {:?}),", country.alpha2()))
            .collect();
        for line in rows.chunks(5) {
            out.push_str("    ");
            out.push_str(&line.join(" "));
            out.push('\n');
        }
        out.push_str("];\n");
        out
    }

    /// `country_keys.rs` is what `names.rs` and `rust_iso3166` give today: the tables are
    /// generated so a search does not build them at start-up (5.8 million instructions, a
    /// third of a one-word search). `PRESSDEX_BLESS=1` rewrites the file.
    #[test]
    fn the_generated_key_tables_are_current() {
        let generated = [
            "//! GENERATED by `the_generated_key_tables_are_current` in `country.rs` from `names.rs`\n\
             //! and `rust_iso3166`: do not edit; run `PRESSDEX_BLESS=1 cargo test -p pressdex-ingest\n\
             //! generated_key_tables` after changing either. Sorted by key, for a binary search.\n"
                .to_owned(),
            render(
                "LOOKUP_KEYS",
                "\n/// Lower-cased names, ISO names, aliases and codes -> ISO alpha-2 (`Country::lookup`).",
                &lookup_keys(),
            ),
            render(
                "NAMED_BY_KEYS",
                "\n/// Lower-cased names, ISO names, aliases, demonyms and their plurals -> ISO alpha-2\n\
                 /// (`Country::named_by`; codes are apart).",
                &named_by_keys(),
            ),
        ]
        .concat();
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/enrich/country_keys.rs");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            if std::env::var_os("PRESSDEX_BLESS").is_some() {
                std::fs::write(&path, generated).expect("writes country_keys.rs");
            } else {
                panic!(
                    "{} is not what names.rs gives: run PRESSDEX_BLESS=1 cargo test -p \
                     pressdex-ingest generated_key_tables",
                    path.display()
                );
            }
        }
        for (key, country) in lookup_keys() {
            assert_eq!(Country::lookup(&key), Some(country), "{key}");
        }
    }

    #[test]
    fn lookup_accepts_names_aliases_and_codes() {
        let name = |text: &str| Country::lookup(text).map(Country::name);
        assert_eq!(name("mx"), Some("Mexico"));
        assert_eq!(name("MEX"), Some("Mexico"));
        assert_eq!(name("cape verde"), Some("Cabo Verde"));
        assert_eq!(name("Cabo Verde"), Some("Cabo Verde"));
        assert_eq!(name("turkey"), Some("Türkiye"));
        assert_eq!(name("Korea (Republic of)"), Some("South Korea"));
        assert_eq!(name("Côte d’Ivoire"), Some("Côte d'Ivoire"));
        assert_eq!(name("Mexican"), None);
        assert_eq!(name("Europe"), None);
    }

    #[test]
    fn search_words_name_countries_by_any_name() {
        let code = |text: &str| Country::named_by(text).map(Country::alpha2);
        for text in ["Türkiye", "turkey", "Turkish", "TR", "TUR", "Turks"] {
            assert_eq!(code(text), Some("TR"), "{text}");
        }
        assert_eq!(code("Burma"), Some("MM"));
        assert_eq!(code("ivory coast"), Some("CI"));
        assert_eq!(code("Czech Republic"), Some("CZ"));
        assert_eq!(code("in"), None, "lower-case codes are words");
        assert_eq!(code("no"), None);
        assert_eq!(code("American"), None, "never the United States");
        assert_eq!(code("customs"), None);
    }

    #[test]
    fn every_country_is_known_by_its_name_and_codes() {
        assert_eq!(Country::all().count(), 249);
        for country in Country::all() {
            for key in [country.name(), country.alpha2(), country.alpha3()] {
                assert_eq!(Country::lookup(key), Some(country), "{key}");
            }
            // "Congo" alone is decided in names.rs: the Democratic Republic of the Congo.
            if country.iso_name() != "Congo" {
                assert_eq!(Country::lookup(country.iso_name()), Some(country));
            }
        }
    }

    #[test]
    fn the_name_table_covers_iso_exactly() {
        let mut table: Vec<&str> = NAMES.iter().map(|row| row.0).collect();
        let mut iso: Vec<&str> = Country::all().map(Country::alpha2).collect();
        table.sort_unstable();
        iso.sort_unstable();
        assert_eq!(table, iso);
    }
}
