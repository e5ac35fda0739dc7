//! Sentence templates, per topic. Placeholders in braces are filled by `render::Writer`:
//!
//! - `{country}` the release's country (name or alias), `{demonym}`, `{agency}` its customs
//!   body, `{fcity}` one of its cities; `{other}` a second country named in passing;
//! - `{port}`, `{city}`, `{state}`, `{office}` (field office) of the release's port of entry;
//! - `{agreement}` the full agreement name, `{short}` its short form, `{code}` its code;
//! - `{goods}` the commodity, `{amount}`, `{unit}`, `{value}` (dollars), `{count}`;
//! - `{official}` a quoted official (title and name, first use) and `{surname}` (later uses);
//! - `{program}` a CBP program, `{year}`, `{month}` of the release.
//!
//! Lookup tables only; the wording follows the bundled CBP feed.

/// Titles of agreement signings.
pub(crate) static SIGNING_TITLES: &[&str] = &[
    "CBP, {country} sign {agreement}",
    "CBP and {country} sign {agreement} to strengthen trade security",
    "U.S. and {demonym} customs agencies sign {agreement}",
    "CBP, {country} renew {agreement}",
    "CBP signs {agreement} with {country}",
];

pub(crate) static SIGNING_OPENINGS: &[&str] = &[
    "U.S. Customs and Border Protection signed a {agreement} ({code}) with {country} today during a ceremony in {fcity}.",
    "U.S. Customs and Border Protection and the {agency} signed a {agreement} ({code}) on {month}, marking a new stage in the customs partnership between the United States and {country}.",
    "U.S. Customs and Border Protection renewed its {agreement} with {country} this week, updating the {code} that has governed information sharing between the two customs administrations.",
];

pub(crate) static SIGNING_DETAILS: &[&str] = &[
    "Once entered into force, the {short} will allow the United States and {country} to exchange information, thus strengthening the collaboration between the two countries.",
    "The {short} reflects CBP\u{2019}s commitment to a continued relationship with {demonym} customs authorities on a wide range of issues, including securing the countries\u{2019} borders against terrorists, combating drug traffickers, and disrupting transnational criminal organizations.",
    "Under the {short}, the {agency} and CBP will share advance cargo information and coordinate enforcement actions against duty evasion and trade fraud.",
    "The signing follows two years of technical exchanges between CBP attaches and {demonym} officials, including joint visits to the {port}.",
    "{country} becomes one of more than {count} partners with which the United States maintains such an arrangement.",
    "Trade between the United States and {country} through the {port} has grown every year since {year}.",
];

/// Background that names agreement types in passing: not a signing, so not a facet.
pub(crate) static AGREEMENT_BACKGROUND: &[&str] = &[
    "CMAAs are bilateral agreements between the United States and its international partners that are enforced by their respective customs administrations. They provide the legal framework for the exchange of information and evidence to assist countries in the enforcement of customs laws, including duty evasion, trafficking, proliferation, money laundering and terrorism-related activities.",
    "The essential concept of a mutual recognition arrangement is that two customs partnership programs share a standard set of security requirements, which allows one program to recognize the validation findings of the other.",
    "CBP has signed more than {count} Customs Mutual Assistance Agreements and a dozen mutual recognition arrangements with customs administrations around the world.",
    "Joint work plans set out the steps two customs administrations take toward mutual recognition of their trusted trader programs.",
];

pub(crate) static SEIZURE_TITLES: &[&str] = &[
    "CBP officers at {port} seize {amount} {unit} of {goods}",
    "{city} CBP officers intercept {goods} arriving from {country}",
    "CBP seizes {value} worth of {goods} at {port}",
    "{port} officers find {goods} hidden in shipment from {country}",
    "Traveler from {country} arrested after CBP finds {goods} at {port}",
];

pub(crate) static SEIZURE_OPENINGS: &[&str] = &[
    "U.S. Customs and Border Protection officers assigned to the {port} seized {amount} {unit} of {goods} on {month}.",
    "CBP officers at the {port} intercepted a shipment of {goods} arriving from {country}, the agency announced today.",
    "A traveler arriving from {fcity}, {country}, was arrested after CBP officers at the {port} discovered {goods} concealed in checked luggage.",
];

pub(crate) static SEIZURE_DETAILS: &[&str] = &[
    "Officers referred the vehicle for a secondary inspection, where a canine team alerted to the rear quarter panels and the spare tire.",
    "A nonintrusive inspection system scan revealed anomalies in the pallets, and a physical examination found {count} packages of {goods}.",
    "The {goods} had an estimated street value of {value}.",
    "CBP seized the {goods} and the vehicle, and turned the driver, a {age}-year-old {demonym} citizen, over to Homeland Security Investigations.",
    "The shipment was manifested as furniture parts and had been consigned to an importer in {city}, {state}.",
    "CBP agriculture specialists examined the cargo and found live insects, which were sent to a U.S. Department of Agriculture entomologist for identification.",
    "The traveler was charged with smuggling and released to the custody of the {office} field office pending a court appearance.",
    "Officers at the {port} processed more than {count} travelers and {count} trucks on a typical day last year.",
];

pub(crate) static COOPERATION_TITLES: &[&str] = &[
    "{city} Border Patrol and {demonym} authorities increase binational operations to combat human smuggling",
    "CBP and {demonym} partners dismantle smuggling network near {port}",
    "Binational operation with {country} leads to arrests of suspected cartel members",
    "CBP hosts {demonym} delegation at {port} to share border management practices",
];

pub(crate) static COOPERATION_OPENINGS: &[&str] = &[
    "Acknowledging the continued need for a united front against transnational criminal organizations, CBP and its {demonym} counterparts have intensified binational collaboration in the {city} region.",
    "A delegation of {count} officials from the {agency} visited the {port} this week to observe cargo and passenger processing and to discuss joint enforcement priorities with CBP.",
    "CBP and law enforcement partners from {country} concluded a {count}-day operation targeting human smuggling organizations operating along the border near {city}.",
];

pub(crate) static COOPERATION_DETAILS: &[&str] = &[
    "The agencies are ramping up mirrored patrols along the immediate border and dedicating additional resources toward information sharing efforts that deliver consequences to bad actors.",
    "These operations target smugglers who exploit vulnerable individuals seeking illegal entry into the United States and disrupt bandit activity.",
    "Last week these coordinated efforts led to the arrest of {count} suspected smugglers in {country} who were armed with assault rifles.",
    "The visit included briefings on the {program} and on advance passenger information systems.",
    "Officials from {other} also attended as observers, and the partners agreed to meet again in {fcity} next spring.",
    "The {agency} has worked with CBP attaches in {fcity} since {year} on training and capacity building.",
];

pub(crate) static REPATRIATION_TITLES: &[&str] = &[
    "CBP returns historical artifacts to {country}",
    "CBP repatriates cultural property seized at {port} to {country}",
    "{demonym} antiquities seized in {city} return home",
];

pub(crate) static REPATRIATION_OPENINGS: &[&str] = &[
    "U.S. Customs and Border Protection returned {count} historic artifacts to {country} on {month} during a repatriation ceremony in {city}.",
    "CBP officers at the {port} seized the artifacts from a passenger arriving from {fcity} without documentation permitting their lawful removal from {country}.",
];

pub(crate) static REPATRIATION_DETAILS: &[&str] = &[
    "Specialists of the national museum of {country} described the objects as ceramic vessels and carved figures dating from between 300 B.C. and 880 A.D.",
    "{country} filed a petition for their return stating the artifacts were stolen and are owned by its people pursuant to its cultural patrimony laws. CBP granted the petition.",
    "Most countries have laws that protect their cultural property. These laws include export controls and national ownership of cultural property.",
    "Even if purchased from a business in the country of origin, legal ownership of such artifacts may be questioned if they are brought into the United States.",
    "The Consul General of {country} in {city} received the artifacts on behalf of the {demonym} people.",
];

pub(crate) static ENGAGEMENT_TITLES: &[&str] = &[
    "Commissioner {surname} meets {demonym} counterparts in {fcity}",
    "CBP leadership visits {country} to advance trade and travel security",
    "CBP and {country} hold annual customs dialogue",
    "CBP trains {demonym} customs officers on targeting and risk management",
];

pub(crate) static ENGAGEMENT_OPENINGS: &[&str] = &[
    "U.S. Customs and Border Protection leadership traveled to {fcity} this week for meetings with the {agency} on trade facilitation, supply chain security and the movement of legitimate travelers.",
    "CBP instructors completed a {count}-day course for {demonym} customs officers in {fcity}, covering passenger targeting, document examination and risk management.",
    "CBP and the {agency} held their annual customs dialogue on {month}, reviewing progress on joint priorities agreed in {year}.",
];

pub(crate) static ENGAGEMENT_DETAILS: &[&str] = &[
    "The delegation discussed expanding the {program} and aligning the security requirements of the two countries\u{2019} trusted trader programs.",
    "Participants toured the container terminal at {fcity} and observed the use of radiation portal monitors.",
    "The course was funded through the {program} and is part of a series delivered across the region, including in {other}.",
    "Officials also reviewed cooperation on the interdiction of {goods} and the exchange of seizure data.",
    "{country} is among the largest trading partners of the United States in the region.",
];

pub(crate) static STATEMENT_TITLES: &[&str] = &[
    "Statement from {official} on {month} operational update",
    "Statement by CBP on the visit of the {demonym} delegation",
    "Remarks by {official} at the {program} conference",
];

pub(crate) static STATEMENT_OPENINGS: &[&str] = &[
    "The following is a statement from {official} on the agency\u{2019}s work with international partners this month.",
    "CBP welcomes the continued partnership with {country} on border security and the facilitation of lawful trade and travel.",
];

pub(crate) static STATEMENT_DETAILS: &[&str] = &[
    "CBP continues to work with partners across the hemisphere, including {country} and {other}, to address irregular migration and disrupt smuggling networks.",
    "Our officers encountered {count} inadmissible travelers at ports of entry last month, and seized {amount} {unit} of {goods}.",
    "The agency remains committed to the principles of lawful immigration and to the safety of the people in our custody.",
    "We will keep working with the {agency} to share information about the threats our countries face.",
];

/// Quotes, by topic. Always wrapped in curly quotes and followed by who said it.
pub(crate) static SIGNING_QUOTES: &[&str] = &[
    "This agreement further strengthens our border security and trade facilitation partnership with {country}",
    "Through this partnership, we will enhance our mutual goals of securing the supply chain while promoting the movement of legitimate trade",
];

pub(crate) static SEIZURE_QUOTES: &[&str] = &[
    "Our officers remain vigilant in their mission to keep illicit goods like {goods} out of our communities",
    "This seizure shows the skill of our officers at the {port} and the value of our partnership with {demonym} authorities",
];

pub(crate) static COOPERATION_QUOTES: &[&str] = &[
    "Transnational criminal organizations have little regard for human life, and this collaboration with our {demonym} counterparts signifies our mutual commitment to addressing the challenges they pose",
    "Working side by side with the {agency} allows us to push our borders outward and stop threats before they reach the {port}",
];

pub(crate) static REPATRIATION_QUOTES: &[&str] = &[
    "The global black market in antiquities is a multibillion-dollar illicit industry, and I am proud of our employees for their work in discovering these artifacts",
    "Today we celebrate the return of {demonym} cultural heritage to the people of {country}",
];

pub(crate) static ENGAGEMENT_QUOTES: &[&str] = &[
    "Through this partnership, we will enhance our mutual goals of securing the supply chain while promoting the movement of legitimate trade",
    "Working side by side with the {agency} allows us to push our borders outward and stop threats before they reach the {port}",
];

/// Closing paragraphs of newsroom releases.
pub(crate) static CLOSINGS: &[&str] = &[
    "CBP officers screen international travelers and cargo and search for illicit narcotics, unreported currency, protected cultural property, weapons, counterfeit consumer goods, prohibited agriculture, and other illicit products that could potentially harm the American public.",
    "CBP\u{2019}s Office of Field Operations is the primary organization within U.S. Customs and Border Protection tasked with border security, trade facilitation, and travel at ports of entry.",
    "Learn more about what CBP accomplishes during a typical day at ports of entry and along the border.",
    "CBP encourages travelers to report suspicious activity to the CBP tip line.",
];

/// Captions of figures, by topic.
pub(crate) static SIGNING_CAPTIONS: &[&str] = &[
    "{official} signs the {agreement} with officials of the {agency} in {fcity}.",
    "Officials of {country} and CBP during the signing ceremony in {fcity}.",
];

pub(crate) static SEIZURE_CAPTIONS: &[&str] = &[
    "CBP officers inspect a shipment of {goods} at the {port}.",
    "Packages of {goods} seized by CBP officers at the {port}.",
];

pub(crate) static COOPERATION_CAPTIONS: &[&str] = &[
    "Continued collaboration with {demonym} authorities led to the arrest of suspected smugglers just south of the international boundary.",
    "{demonym} officials tour the inspection lanes at the {port}.",
];

pub(crate) static OTHER_CAPTIONS: &[&str] = &[
    "Officials of {country} and CBP during the ceremony in {city}.",
    "{official} addresses the delegation from the {agency}.",
];

/// Page-header summaries of national releases.
pub(crate) static SUMMARIES: &[&str] = &[
    "Agreement enhances trade facilitation and security cooperation.",
    "Partnership with {country} targets transnational criminal organizations.",
    "Seizure is the largest of its kind at the {port} this year.",
    "Visit deepens cooperation with the {agency}.",
];

/// Editors' notes appended when a release is edited between snapshots.
pub(crate) static CORRECTIONS: &[&str] = &[
    "the weight of the seizure",
    "the name of the {demonym} agency",
    "the date of the ceremony",
    "the title of {official}",
];

/// Program pages (the feed's non-newsroom items): title and the menu they end with.
pub(crate) static PAGE_TITLES: &[&str] = &[
    "International Initiatives",
    "{country} Attache Office",
    "{program}",
    "Office of International Affairs Overseas Footprint",
];

pub(crate) static PAGE_PARAGRAPHS: &[&str] = &[
    "U.S. Customs and Border Protection coordinates and supports international initiatives, programs and activities with our external partners around the world.",
    "The CBP Office of International Affairs has been tasked to advance the diplomatic mission of CBP and extend the zone of U.S. border security across the globe.",
    "CBP focuses on international cooperation and strengthening multi- and bi-lateral relationships to achieve international agreements and joint efforts that both facilitate and secure legitimate trade and travel.",
    "CBP supports a number of international organizations and is the lead agency responsible for coordinating the U.S. Government\u{2019}s engagement with the World Customs Organization.",
    "The attache office in {fcity} works with the {agency} on the {program} and on capacity building.",
];
