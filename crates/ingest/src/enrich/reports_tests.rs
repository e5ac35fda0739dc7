//! Unit tests of `reports.rs`: which sentences report which agreement types.

use super::*;
use crate::enrich::testing::release;

/// The codes and evidence sentences found in a release with `title` and `body`.
fn check(title: &str, body: &str, expected: &[(&str, &str)]) {
    let mut press_release = release(title, body);
    crate::enrich::enrich(&mut press_release);
    let got: Vec<(&str, &str)> = press_release
        .agreements
        .iter()
        .map(|agreement| (agreement.kind.code(), agreement.evidence.as_str()))
        .collect();
    assert_eq!(got, expected, "{title:?} / {body:?}");
}

#[test]
fn signed_in_the_title() {
    check(
        "CBP, Cabo Verde sign Customs Mutual Assistance Agreement",
        "",
        &[("CMAA", "CBP, Cabo Verde sign Customs Mutual Assistance Agreement")],
    );
    check(
        "CBP signs Mutual Recognition Arrangement with Brazil",
        "",
        &[("MRA", "CBP signs Mutual Recognition Arrangement with Brazil")],
    );
}

#[test]
fn an_entry_into_force_scheduled_for_a_day_is_news() {
    let body = "The Mutual Recognition Arrangement with Peru will go into effect as of Monday.";
    check("News", body, &[("MRA", body)]);
    let body = "The CMAA with Peru will enter into force on 1 July 2024.";
    check("News", body, &[("CMAA", body)]);
    // Without a day, or on a condition, it is a plan.
    check("News", "The MRA with Peru will enter into force next year.", &[]);
    check("News", "Once ratified, the MRA will enter into force on 1 July.", &[]);
    check("News", "Peru hopes the MRA will enter into force on 1 July.", &[]);
}

#[test]
fn a_joint_statement_spoken_through_is_issued() {
    let body = "Chile and Peru will increase border security cooperation, the two countries \
                said in a joint statement on Monday.";
    check("News", body, &[("JSD", body)]);
    // Quoting a statement already named is no new one; naming one is not issuing it.
    check("News", "The joint statement will guide the work of both services.", &[]);
}

#[test]
fn every_type_by_name_acronym_and_plural() {
    let body = "Today CBP signed a JWP. Officials inked two MOUs. The agencies issued a joint \
                statement. Mexico and CBP concluded a preclearance agreement. A Letter of \
                Intent was signed. The CMAAs were renewed. The Declaration of Principles \
                entered into force.";
    check(
        "News",
        body,
        &[
            ("JWP", "Today CBP signed a JWP."),
            ("MOU", "Officials inked two MOUs."),
            ("JSD", "The agencies issued a joint statement."),
            ("Preclearance", "Mexico and CBP concluded a preclearance agreement."),
            ("LOI", "A Letter of Intent was signed."),
            ("CMAA", "The CMAAs were renewed."),
        ],
    );
    check(
        "News",
        "A memorandum of cooperation was signed.",
        &[("MOU", "A memorandum of cooperation was signed.")],
    );
    check(
        "News",
        "CBP SIGNS MUTUAL RECOGNITION AGREEMENT.",
        &[("MRA", "CBP SIGNS MUTUAL RECOGNITION AGREEMENT.")],
    );
}

#[test]
fn passing_mentions_are_not_tagged() {
    check(
        "International Initiatives",
        "Initiatives\nCBP Attaches\nCustoms Mutual Assistance Agreements\nWorld Customs Organization",
        &[],
    );
    check(
        "News",
        "CMAAs are bilateral agreements that are signed by customs administrations.",
        &[],
    );
    check(
        "News",
        "At the completion of a JWP, both administrations will determine if an MRA is feasible.",
        &[],
    );
    check("News", "Once entered into force, the CMAA will allow the exchange of information.", &[]);
    check("News", "The mra was discussed.", &[]);
}

#[test]
fn history_is_not_news() {
    check("News", "The two first signed a Customs Mutual Assistance Agreement in 2002.", &[]);
    check(
        "News",
        "The signing in January 2021 of the Memorandum of Understanding was a success.",
        &[],
    );
    check(
        "News",
        "The MOU signed in 2023 takes effect.",
        &[("MOU", "The MOU signed in 2023 takes effect.")],
    );
    let model_year = "Officers in a 2013 Nissan signed the MOU.";
    check("News", model_year, &[("MOU", model_year)]);
}

#[test]
fn wishes_and_negations_are_not_reports() {
    check("News", "CBP hopes to sign an MRA with Peru next year.", &[]);
    check("News", "The agencies plan to sign a Joint Work Plan.", &[]);
    check("News", "Peru has not signed the MRA.", &[]);
    check("News", "Peru has yet to sign the MRA.", &[]);
    check("News", "Peru didn't sign the MRA.", &[]);
    check(
        "News",
        "CBP announced plans to sign an MRA with Peru next year.",
        &[("MRA", "CBP announced plans to sign an MRA with Peru next year.")],
    );
}

#[test]
fn counts_of_agreements_signed_over_time_are_not_signings() {
    let tally = "CBP has signed more than 80 Customs Mutual Assistance Agreements and a dozen \
                 mutual recognition arrangements with partner nations.";
    check("News", tally, &[]);
    check("News", "CBP has signed 80 CMAAs.", &[]);
    check("News", "More than 80 CMAAs have been signed since the first one.", &[]);
    check("News", "The agencies have now signed three MOUs.", &[]);
    check("News", "CBP signed dozens of memoranda of understanding over the years.", &[]);
    check("News", "Partners have inked numerous Joint Work Plans.", &[]);
    // A singular name counted by its partners.
    let partners = "As of March, Korea had signed the \u{201c}Mutual Recognition \
                    Arrangement\u{201d} with eight countries, including Peru and Chile.";
    check("News", partners, &[]);
}

#[test]
fn two_documents_of_one_type_in_a_sentence_are_two_agreements() {
    let both = "ICE and Chile signed a Memorandum of Understanding (MOU) and a Memorandum of Cooperation (MOC) today.";
    check("News", both, &[("MOU", both), ("MOU", both)]);
    let statements = "The Secretary signed the Joint Statement on Trafficking with Chile, and signed a Joint Statement on Borders.";
    check("News", statements, &[("JSD", statements), ("JSD", statements)]);
    // A name and its acronym, or the same name again, are one.
    let one = "Chile signed the Memorandum of Understanding (MOU) today; the MOU starts in May.";
    check("News", one, &[("MOU", one)]);
}

#[test]
fn genuine_signings_still_count() {
    check("News", "CBP signed a CMAA today.", &[("CMAA", "CBP signed a CMAA today.")]);
    let both = "CBP and Peru signed two agreements: a CMAA and an MRA.";
    check("News", both, &[("CMAA", both), ("MRA", both)]);
    check("News", "Officials inked two MOUs.", &[("MOU", "Officials inked two MOUs.")]);
    check(
        "News",
        "Peru has signed a CMAA with CBP.",
        &[("CMAA", "Peru has signed a CMAA with CBP.")],
    );
    check(
        "News",
        "CBP and Mexico have signed two MOUs today.",
        &[("MOU", "CBP and Mexico have signed two MOUs today.")],
    );
    // A singular type stays a report next to a count of others.
    let mixed = "CBP, which has signed 80 CMAAs, has signed an MRA with Peru.";
    check("News", mixed, &[("MRA", mixed)]);
}

#[test]
fn plurals_of_every_form() {
    for plural in ["CMAAs", "Mutual Recognition Arrangements", "Memoranda of Understanding"] {
        assert!(is_plural(plural), "{plural}");
    }
    for plural in ["Letters of Intent", "Declarations of Principles", "joint work plans"] {
        assert!(is_plural(plural), "{plural}");
    }
    for singular in ["CMAA", "Declaration of Principles", "Letter of Intent"] {
        assert!(!is_plural(singular), "{singular}");
    }
    assert!(!is_plural("Agreement on Mutual Assistance in Customs Matters"));
}

#[test]
fn other_documents_plans_and_enrolment_are_not_reports() {
    check(
        "News",
        "Mr Tam signed the AEO Mutual Recognition Arrangement (MRA) Action Plans with Israel.",
        &[],
    );
    check("News", "They signed the Action Plan for the AEO MRA in Shenzhen.", &[]);
    check("News", "An MRA is a step closer following the signing of an Action Plan.", &[]);
    check("News", "The Government is to sign a Customs Mutual Assistance Agreement.", &[]);
    check("News", "The signing of MRAs with them will boost trade.", &[]);
    check("News", "Exporters who sign up to our MRA programme are low risk.", &[]);
    check("News", "Similar preclearance agreements have been signed with Aruba and Ireland.", &[]);
}

#[test]
fn entry_into_effect_with_a_date_of_the_year_is_news() {
    let text = "The MRA signed in June 2021 came into effect on 22 February 2023.";
    check("News", text, &[("MRA", text)]);
    let text = "The Agreement on Mutual Administrative Assistance in Customs Matters was inked.";
    check("News", text, &[("CMAA", text)]);
}
