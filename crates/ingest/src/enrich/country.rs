//! Countries named in a release, by name, alias or demonym.

use crate::PressRelease;

/// A country, a handle into the static ISO 3166-1 table: cheap to copy and compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(u16);

struct CountryData {
    name: &'static str,
    alpha2: &'static str,
    alpha3: &'static str,
}

static COUNTRIES: &[CountryData] = &[CountryData { name: "Mexico", alpha2: "MX", alpha3: "MEX" }];

impl Country {
    fn data(self) -> &'static CountryData {
        &COUNTRIES[usize::from(self.0)]
    }

    /// Common English short name, e.g. "Cabo Verde".
    pub fn name(self) -> &'static str {
        self.data().name
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
        let text = text.trim();
        (0..COUNTRIES.len()).map(|index| Country(index as u16)).find(|country| {
            country.name().eq_ignore_ascii_case(text)
                || country.alpha2().eq_ignore_ascii_case(text)
                || country.alpha3().eq_ignore_ascii_case(text)
        })
    }
}

pub(crate) fn extract_countries(release: &PressRelease) -> Vec<Country> {
    let _ = release;
    Vec::new()
}
