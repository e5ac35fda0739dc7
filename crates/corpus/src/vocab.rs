//! The words the generator writes with: countries (names, aliases, demonyms), ports of entry,
//! agreements, goods, people and newsroom accounts. Lookup tables only.

/// A country as CBP releases name it.
pub(crate) struct CountryWords {
    /// The canonical short name (what a facet should say).
    pub name: &'static str,
    /// Other names a release may use instead ("Cape Verde", "the Bahamas").
    pub aliases: &'static [&'static str],
    /// The adjective ("Mexican"), for "Mexican authorities".
    pub demonym: &'static str,
    /// The customs or police body a release names as the partner.
    pub agency: &'static str,
    /// A city for datelines and places abroad.
    pub city: &'static str,
    /// The bare name is ambiguous ("Georgia" is also a US state): write an alias instead.
    pub ambiguous: bool,
}

/// Partner countries, the most frequent in CBP releases first: the generator picks from the
/// head of the list more often, so the corpus has both common and rare country facets.
#[rustfmt::skip]
pub(crate) static COUNTRIES: &[CountryWords] = &[
    CountryWords { name: "Mexico", aliases: &[], demonym: "Mexican", agency: "Agencia Nacional de Aduanas de Mexico", city: "Tijuana", ambiguous: false },
    CountryWords { name: "Canada", aliases: &[], demonym: "Canadian", agency: "Canada Border Services Agency", city: "Toronto", ambiguous: false },
    CountryWords { name: "Guatemala", aliases: &[], demonym: "Guatemalan", agency: "Superintendencia de Administracion Tributaria", city: "Guatemala City", ambiguous: false },
    CountryWords { name: "Honduras", aliases: &[], demonym: "Honduran", agency: "Aduanas Honduras", city: "Tegucigalpa", ambiguous: false },
    CountryWords { name: "El Salvador", aliases: &[], demonym: "Salvadoran", agency: "Direccion General de Aduanas", city: "San Salvador", ambiguous: false },
    CountryWords { name: "Colombia", aliases: &[], demonym: "Colombian", agency: "Direccion de Impuestos y Aduanas Nacionales", city: "Bogota", ambiguous: false },
    CountryWords { name: "Panama", aliases: &[], demonym: "Panamanian", agency: "Autoridad Nacional de Aduanas", city: "Panama City", ambiguous: false },
    CountryWords { name: "Dominican Republic", aliases: &[], demonym: "Dominican", agency: "Direccion General de Aduanas", city: "Santo Domingo", ambiguous: false },
    CountryWords { name: "Bahamas", aliases: &["The Bahamas"], demonym: "Bahamian", agency: "Bahamas Customs Department", city: "Nassau", ambiguous: false },
    CountryWords { name: "Jamaica", aliases: &[], demonym: "Jamaican", agency: "Jamaica Customs Agency", city: "Kingston", ambiguous: false },
    CountryWords { name: "Costa Rica", aliases: &[], demonym: "Costa Rican", agency: "Servicio Nacional de Aduanas", city: "San Jose", ambiguous: false },
    CountryWords { name: "Peru", aliases: &[], demonym: "Peruvian", agency: "SUNAT", city: "Lima", ambiguous: false },
    CountryWords { name: "Brazil", aliases: &[], demonym: "Brazilian", agency: "Receita Federal", city: "Brasilia", ambiguous: false },
    CountryWords { name: "Ireland", aliases: &[], demonym: "Irish", agency: "Irish Revenue Commissioners", city: "Dublin", ambiguous: false },
    CountryWords { name: "United Kingdom", aliases: &["Britain", "the UK"], demonym: "British", agency: "HM Revenue and Customs", city: "London", ambiguous: false },
    CountryWords { name: "Netherlands", aliases: &["the Netherlands"], demonym: "Dutch", agency: "Dutch Customs Administration", city: "Rotterdam", ambiguous: false },
    CountryWords { name: "Japan", aliases: &[], demonym: "Japanese", agency: "Japan Customs", city: "Tokyo", ambiguous: false },
    CountryWords { name: "South Korea", aliases: &["Republic of Korea", "Korea"], demonym: "Korean", agency: "Korea Customs Service", city: "Seoul", ambiguous: false },
    CountryWords { name: "China", aliases: &["People's Republic of China"], demonym: "Chinese", agency: "General Administration of Customs", city: "Shanghai", ambiguous: false },
    CountryWords { name: "India", aliases: &[], demonym: "Indian", agency: "Central Board of Indirect Taxes and Customs", city: "New Delhi", ambiguous: false },
    CountryWords { name: "Israel", aliases: &[], demonym: "Israeli", agency: "Israel Tax Authority", city: "Tel Aviv", ambiguous: false },
    CountryWords { name: "Jordan", aliases: &[], demonym: "Jordanian", agency: "Jordan Customs", city: "Amman", ambiguous: false },
    CountryWords { name: "United Arab Emirates", aliases: &["UAE"], demonym: "Emirati", agency: "Federal Authority for Identity, Citizenship, Customs and Port Security", city: "Abu Dhabi", ambiguous: false },
    CountryWords { name: "Singapore", aliases: &[], demonym: "Singaporean", agency: "Singapore Customs", city: "Singapore", ambiguous: false },
    CountryWords { name: "Australia", aliases: &[], demonym: "Australian", agency: "Australian Border Force", city: "Sydney", ambiguous: false },
    CountryWords { name: "New Zealand", aliases: &[], demonym: "New Zealand", agency: "New Zealand Customs Service", city: "Auckland", ambiguous: false },
    CountryWords { name: "Philippines", aliases: &["the Philippines"], demonym: "Filipino", agency: "Bureau of Customs", city: "Manila", ambiguous: false },
    CountryWords { name: "Vietnam", aliases: &["Viet Nam"], demonym: "Vietnamese", agency: "General Department of Vietnam Customs", city: "Hanoi", ambiguous: false },
    CountryWords { name: "Ukraine", aliases: &[], demonym: "Ukrainian", agency: "State Customs Service of Ukraine", city: "Kyiv", ambiguous: false },
    CountryWords { name: "Poland", aliases: &[], demonym: "Polish", agency: "National Revenue Administration", city: "Warsaw", ambiguous: false },
    CountryWords { name: "Germany", aliases: &[], demonym: "German", agency: "German Customs", city: "Frankfurt", ambiguous: false },
    CountryWords { name: "France", aliases: &[], demonym: "French", agency: "French Customs", city: "Paris", ambiguous: false },
    CountryWords { name: "Italy", aliases: &[], demonym: "Italian", agency: "Customs and Monopolies Agency", city: "Rome", ambiguous: false },
    CountryWords { name: "Spain", aliases: &[], demonym: "Spanish", agency: "Spanish Customs", city: "Madrid", ambiguous: false },
    CountryWords { name: "Morocco", aliases: &[], demonym: "Moroccan", agency: "Customs and Indirect Taxes Administration", city: "Rabat", ambiguous: false },
    CountryWords { name: "Nigeria", aliases: &[], demonym: "Nigerian", agency: "Nigeria Customs Service", city: "Lagos", ambiguous: false },
    CountryWords { name: "Ghana", aliases: &[], demonym: "Ghanaian", agency: "Ghana Revenue Authority", city: "Accra", ambiguous: false },
    CountryWords { name: "Kenya", aliases: &[], demonym: "Kenyan", agency: "Kenya Revenue Authority", city: "Nairobi", ambiguous: false },
    CountryWords { name: "Cabo Verde", aliases: &["Cape Verde"], demonym: "Cabo Verdean", agency: "Cabo Verde customs authorities", city: "Praia", ambiguous: false },
    CountryWords { name: "Uruguay", aliases: &[], demonym: "Uruguayan", agency: "Direccion Nacional de Aduanas", city: "Montevideo", ambiguous: false },
    CountryWords { name: "Argentina", aliases: &[], demonym: "Argentine", agency: "Direccion General de Aduanas", city: "Buenos Aires", ambiguous: false },
    CountryWords { name: "Chile", aliases: &[], demonym: "Chilean", agency: "Servicio Nacional de Aduanas", city: "Santiago", ambiguous: false },
    CountryWords { name: "Ecuador", aliases: &[], demonym: "Ecuadorian", agency: "Servicio Nacional de Aduana del Ecuador", city: "Guayaquil", ambiguous: false },
    CountryWords { name: "Haiti", aliases: &[], demonym: "Haitian", agency: "Administration Generale des Douanes", city: "Port-au-Prince", ambiguous: false },
    CountryWords { name: "Afghanistan", aliases: &[], demonym: "Afghan", agency: "Afghan Customs Department", city: "Kabul", ambiguous: false },
    CountryWords { name: "T\u{fc}rkiye", aliases: &["Turkey", "Turkiye"], demonym: "Turkish", agency: "Turkish Customs", city: "Istanbul", ambiguous: false },
    CountryWords { name: "Egypt", aliases: &[], demonym: "Egyptian", agency: "Egyptian Customs Authority", city: "Cairo", ambiguous: false },
    CountryWords { name: "Thailand", aliases: &[], demonym: "Thai", agency: "Thai Customs Department", city: "Bangkok", ambiguous: false },
    CountryWords { name: "Indonesia", aliases: &[], demonym: "Indonesian", agency: "Directorate General of Customs and Excise", city: "Jakarta", ambiguous: false },
    CountryWords { name: "Paraguay", aliases: &[], demonym: "Paraguayan", agency: "Direccion Nacional de Ingresos Tributarios", city: "Asuncion", ambiguous: false },
    CountryWords { name: "Belize", aliases: &[], demonym: "Belizean", agency: "Belize Customs and Excise Department", city: "Belize City", ambiguous: false },
    CountryWords { name: "Trinidad and Tobago", aliases: &[], demonym: "Trinidadian", agency: "Customs and Excise Division", city: "Port of Spain", ambiguous: false },
    CountryWords { name: "Georgia", aliases: &["the Republic of Georgia"], demonym: "Georgian", agency: "Georgian Revenue Service", city: "Tbilisi", ambiguous: true },
    CountryWords { name: "Kazakhstan", aliases: &[], demonym: "Kazakh", agency: "State Revenue Committee", city: "Astana", ambiguous: false },
    CountryWords { name: "Mongolia", aliases: &[], demonym: "Mongolian", agency: "Mongolian Customs General Administration", city: "Ulaanbaatar", ambiguous: false },
    CountryWords { name: "Malta", aliases: &[], demonym: "Maltese", agency: "Malta Customs", city: "Valletta", ambiguous: false },
];

/// A US port of entry, with the dateline a release from it opens with.
pub(crate) struct Port {
    pub name: &'static str,
    pub city: &'static str,
    pub state: &'static str,
    /// The field office it belongs to.
    pub field_office: &'static str,
    /// The country across the border or at the other end of most traffic.
    pub partner: &'static str,
}

/// Ports of entry, busiest first. Several share a city: datelines repeat as they do in the feed.
#[rustfmt::skip]
pub(crate) static PORTS: &[Port] = &[
    Port { name: "San Ysidro Port of Entry", city: "San Diego", state: "CA", field_office: "San Diego", partner: "Mexico" },
    Port { name: "Otay Mesa Port of Entry", city: "San Diego", state: "CA", field_office: "San Diego", partner: "Mexico" },
    Port { name: "Port of Laredo", city: "Laredo", state: "TX", field_office: "Laredo", partner: "Mexico" },
    Port { name: "Pharr International Bridge", city: "Pharr", state: "TX", field_office: "Laredo", partner: "Mexico" },
    Port { name: "DeConcini Port of Entry", city: "Nogales", state: "AZ", field_office: "Tucson", partner: "Mexico" },
    Port { name: "Ysleta International Bridge", city: "El Paso", state: "TX", field_office: "El Paso", partner: "Mexico" },
    Port { name: "Calexico East Port of Entry", city: "Calexico", state: "CA", field_office: "San Diego", partner: "Mexico" },
    Port { name: "Miami International Airport", city: "Miami", state: "FL", field_office: "Miami", partner: "Colombia" },
    Port { name: "John F. Kennedy International Airport", city: "New York", state: "NY", field_office: "New York", partner: "United Kingdom" },
    Port { name: "Port of Los Angeles/Long Beach", city: "Los Angeles", state: "CA", field_office: "Los Angeles", partner: "China" },
    Port { name: "Port of Savannah", city: "Savannah", state: "GA", field_office: "Atlanta", partner: "Vietnam" },
    Port { name: "Hartsfield-Jackson Atlanta International Airport", city: "Atlanta", state: "GA", field_office: "Atlanta", partner: "Ghana" },
    Port { name: "Dulles International Airport", city: "Washington", state: "DC", field_office: "Baltimore", partner: "India" },
    Port { name: "Chicago O'Hare International Airport", city: "Chicago", state: "IL", field_office: "Chicago", partner: "Poland" },
    Port { name: "Ambassador Bridge", city: "Detroit", state: "MI", field_office: "Detroit", partner: "Canada" },
    Port { name: "Peace Bridge", city: "Buffalo", state: "NY", field_office: "Buffalo", partner: "Canada" },
    Port { name: "Blaine Port of Entry", city: "Blaine", state: "WA", field_office: "Seattle", partner: "Canada" },
    Port { name: "Port of Houston", city: "Houston", state: "TX", field_office: "Houston", partner: "Brazil" },
    Port { name: "George Bush Intercontinental Airport", city: "Houston", state: "TX", field_office: "Houston", partner: "Nigeria" },
    Port { name: "Port of San Juan", city: "San Juan", state: "PR", field_office: "San Juan", partner: "Dominican Republic" },
    Port { name: "Luis Munoz Marin International Airport", city: "San Juan", state: "PR", field_office: "San Juan", partner: "Dominican Republic" },
    Port { name: "Port Everglades", city: "Fort Lauderdale", state: "FL", field_office: "Miami", partner: "Bahamas" },
    Port { name: "Orlando International Airport", city: "Orlando", state: "FL", field_office: "Tampa", partner: "Costa Rica" },
    Port { name: "Cincinnati International Mail Facility", city: "Cincinnati", state: "OH", field_office: "Chicago", partner: "China" },
    Port { name: "Port of Philadelphia", city: "Philadelphia", state: "PA", field_office: "Baltimore", partner: "Chile" },
    Port { name: "Boston Logan International Airport", city: "Boston", state: "MA", field_office: "Boston", partner: "Ireland" },
    Port { name: "Honolulu International Airport", city: "Honolulu", state: "HI", field_office: "San Francisco", partner: "Japan" },
    Port { name: "Port of Baltimore", city: "Baltimore", state: "MD", field_office: "Baltimore", partner: "Germany" },
];

/// An agreement type, as a release spells it.
pub(crate) struct AgreementWords {
    /// The facet code.
    pub code: &'static str,
    /// The full name, capitalised as in titles.
    pub full: &'static str,
    /// The short form used after the first mention.
    pub short: &'static str,
}

/// CMAA first: it is by far the most common signing in the feed.
#[rustfmt::skip]
pub(crate) static AGREEMENTS: &[AgreementWords] = &[
    AgreementWords { code: "CMAA", full: "Customs Mutual Assistance Agreement", short: "CMAA" },
    AgreementWords { code: "MRA", full: "Mutual Recognition Arrangement", short: "MRA" },
    AgreementWords { code: "JWP", full: "Joint Work Plan", short: "JWP" },
    AgreementWords { code: "MOU", full: "Memorandum of Understanding", short: "MOU" },
    AgreementWords { code: "Preclearance", full: "Preclearance Agreement", short: "agreement" },
    AgreementWords { code: "LOI", full: "Letter of Intent", short: "LOI" },
    AgreementWords { code: "JSD", full: "Joint Statement of Principles", short: "joint statement" },
];

/// Goods seized at ports, common first (picked skewed to the head).
pub(crate) static COMMODITIES: &[&str] = &[
    "methamphetamine",
    "fentanyl",
    "cocaine",
    "marijuana",
    "heroin",
    "undeclared currency",
    "counterfeit watches",
    "counterfeit handbags",
    "firearms and ammunition",
    "prohibited pork products",
    "counterfeit designer apparel",
    "unapproved prescription drugs",
    "counterfeit vehicle airbags",
    "anabolic steroids",
    "counterfeit jewelry",
    "khapra beetle larvae",
    "giant African snails",
    "counterfeit N95 respirators",
    "undeclared gold bars",
    "ecstasy tablets",
    "ivory carvings",
    "protected sea turtle eggs",
    "smuggled songbirds",
];

/// Goods so rarely seized that their words are the "rare term" of the benchmarks: about one
/// release in a thousand names one of them.
pub(crate) static RARE_COMMODITIES: &[&str] = &["pangolin scales", "narwhal tusks"];

/// Units of what was seized, paired by index with nothing: any unit fits any drug count.
pub(crate) static UNITS: &[&str] = &["pounds", "kilograms", "packages", "bundles", "pieces"];

/// Programs and offices releases keep naming.
pub(crate) static PROGRAMS: &[&str] = &[
    "Customs Trade Partnership Against Terrorism (CTPAT)",
    "Global Entry",
    "Container Security Initiative",
    "Immigration Advisory Program",
    "Authorized Economic Operator program",
    "Trusted Trader program",
    "Export Control and Related Border Security program",
    "Joint Security Program",
];

pub(crate) static FIRST_NAMES: &[&str] = &[
    "Troy",
    "Chris",
    "Patricia",
    "Mark",
    "Robert",
    "John",
    "Diane",
    "Matthew",
    "Carlos",
    "Angela",
    "David",
    "Maria",
    "Michael",
    "Jennifer",
    "Anthony",
    "Lisa",
    "Richard",
    "Laura",
    "Thomas",
    "Sandra",
    "Jose",
    "Karen",
    "Daniel",
    "Rebecca",
    "Steven",
    "Monica",
    "Brian",
    "Teresa",
    "Kevin",
    "Adriana",
    "Gregory",
    "Yolanda",
    "Edward",
    "Christine",
    "Raul",
    "Nicole",
    "Joseph",
    "Alejandra",
    "Paul",
    "Denise",
    "Frank",
    "Veronica",
    "Ruben",
    "Tanya",
    "Gilbert",
];

pub(crate) static SURNAMES: &[&str] = &[
    "Miller",
    "Magnus",
    "Koumans",
    "Rico",
    "Garcia",
    "Martinez",
    "Hernandez",
    "Johnson",
    "Williams",
    "Nguyen",
    "Rodriguez",
    "Lopez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
    "Rivera",
    "Gomez",
    "Diaz",
    "Reyes",
    "Morales",
    "Cruz",
    "Ortiz",
    "Gutierrez",
    "Chavez",
    "Ramos",
    "Ruiz",
    "Alvarez",
    "Castillo",
    "Jimenez",
    "Moreno",
    "Romero",
    "Herrera",
    "Medina",
    "Aguilar",
    "Vargas",
    "Castro",
    "Mendoza",
    "Guzman",
    "Fernandez",
    "Salazar",
    "Soto",
    "Delgado",
    "Pena",
    "Rios",
    "Valdez",
    "Owens",
    "Hastings",
    "Scappechio",
    "Lawson",
    "Quinones",
    "Sapp",
    "Hoffman",
    "Kowalski",
    "Brennan",
    "Okafor",
    "Lindqvist",
    "Abernathy",
    "Thibodeaux",
    "Yamamoto",
    "Szymanski",
    "Okonkwo",
    "Villanueva",
    "Barrientos",
    "Featherstone",
    "Ashworth",
    "Quintanilla",
    "Zielinski",
];

/// Titles of the officials quoted, with how they are introduced.
pub(crate) static OFFICIAL_TITLES: &[&str] = &[
    "Director of Field Operations",
    "Port Director",
    "Area Port Director",
    "Chief Patrol Agent",
    "Assistant Commissioner of the Office of International Affairs",
    "Executive Assistant Commissioner of the Office of Field Operations",
    "Deputy Executive Assistant Commissioner",
    "Senior Official Performing the Duties of the Commissioner",
    "Special Agent in Charge",
    "Acting Director of Field Operations",
];

/// Newsroom accounts (`dc:creator` and the uid field).
pub(crate) static ACCOUNTS: &[&str] = &[
    "michael.j.scappechio",
    "rlawson",
    "ssapp",
    "jquinones",
    "cassandra.m.johnson",
    "jeffrey.d.quinones",
    "roger.maier",
    "rhonda.lawson",
    "anthony.bucci",
    "steven.a.cribby",
    "daniel.hetlage",
    "jason.givens",
    "kris.grogan",
    "mike.niezgoda",
    "lawrence.e.payne",
    "erin.waters",
];

/// "For More Information" phone numbers.
pub(crate) static PHONES: &[&str] = &[
    "(202) 344-1780",
    "(619) 652-9999",
    "(956) 764-2550",
    "(520) 407-2393",
    "(305) 869-2800",
    "(718) 553-1648",
    "(312) 983-9100",
    "(713) 387-7200",
];

/// The agency footer every newsroom item ends with (the reader must leave it out of bodies).
pub(crate) const FOOTER: &str = "U.S. Customs and Border Protection is the unified border \
agency within the Department of Homeland Security charged with the comprehensive management, \
control, and protection of our nation\u{2019}s borders, combining customs, immigration, border \
security, and agricultural protection at and between official ports of entry.";
