//! The guideline search (popup, playground, `guidepost guide`): each query
//! must rank the section that answers it first. Queries are what a user
//! types: base forms and inflected ones, without å/ä/ö, abbreviations and
//! the other language's word for the same thing.

use guidepost::{Engine, Locale};

/// (query, the interface language, the card that must come first).
const TABLE: &[(&str, Locale, &str)] = &[
    // Personal data: the ambassadors' rule against sharing others' data.
    ("henkilötunnus", Locale::Fi, "ambassadorer"),
    ("henkilotunnus", Locale::Fi, "ambassadorer"),
    ("henkilötunnuksen", Locale::Fi, "ambassadorer"),
    ("hetu", Locale::Fi, "ambassadorer"),
    ("henkilötiedot", Locale::Fi, "ambassadorer"),
    ("personbeteckning", Locale::Sv, "ambassadorer"),
    ("personnummer", Locale::Sv, "ambassadorer"),
    ("personuppgifter", Locale::Sv, "ambassadorer"),
    ("personal data", Locale::En, "ambassadorer"),
    ("identity code", Locale::En, "ambassadorer"),
    // Confidential matters and documents under preparation.
    ("embargo", Locale::En, "fortroendevalda"),
    ("salassapito", Locale::Fi, "ambassadorer"),
    ("sekretess", Locale::Sv, "ambassadorer"),
    ("beredning", Locale::Sv, "fortroendevalda"),
    ("valmistelussa", Locale::Fi, "fortroendevalda"),
    ("confidential", Locale::En, "ambassadorer"),
    // Pictures and copyright: content, and material one may not publish.
    ("kuvat", Locale::Fi, "innehall"),
    ("valokuva", Locale::Fi, "innehall"),
    ("bilder", Locale::Sv, "innehall"),
    ("photos", Locale::En, "innehall"),
    ("upphovsrätt", Locale::Sv, "ambassadorer"),
    ("tekijänoikeus", Locale::Fi, "ambassadorer"),
    ("copyright", Locale::En, "ambassadorer"),
    // Security.
    ("salasana", Locale::Fi, "sakert"),
    ("salasanat", Locale::Fi, "sakert"),
    ("lösenordet", Locale::Sv, "sakert"),
    ("password", Locale::En, "sakert"),
    ("phishing", Locale::En, "sakert"),
    ("uhkaus", Locale::Fi, "sakert"),
    ("hot", Locale::Sv, "sakert"),
    // Disputes and criticism of the employer.
    ("riita", Locale::Fi, "din-roll"),
    ("gräl", Locale::Sv, "din-roll"),
    ("työnantajan arvostelu", Locale::Fi, "sarskilt"),
    ("criticising employer", Locale::En, "sarskilt"),
    ("disclaimer", Locale::En, "sarskilt"),
    ("vastuuvapauslauseke", Locale::Fi, "sarskilt"),
    ("egen åsikt", Locale::Sv, "sarskilt"),
    // Feedback from residents.
    ("palaute", Locale::Fi, "allmanna-principer"),
    ("klagomål", Locale::Sv, "allmanna-principer"),
    ("complaint", Locale::En, "allmanna-principer"),
    // Storms, channels, audiences, monitoring, elected officials.
    ("somekohu", Locale::Fi, "ojda"),
    ("shitstorm", Locale::En, "ojda"),
    ("mainos", Locale::Fi, "kanaler"),
    ("kohderyhmä", Locale::Fi, "malgrupper"),
    ("statistik", Locale::Sv, "uppfoljning"),
    ("valtuutettu", Locale::Fi, "fortroendevalda"),
    ("councillor", Locale::En, "fortroendevalda"),
    ("hashtag", Locale::En, "ambassadorer"),
];

#[test]
fn each_query_ranks_the_section_that_answers_it_first() {
    assert!(TABLE.len() >= 40);
    let engine = Engine::builtin();
    let failures: Vec<String> = TABLE
        .iter()
        .filter_map(|&(query, locale, want)| {
            let hits = engine.guide().search(query, locale);
            let got: Vec<String> = hits.iter().take(3).map(|h| format!("{} ({})", h.id, h.score)).collect();
            (hits.first().map(|h| h.id.as_str()) != Some(want))
                .then(|| format!("\"{query}\": want {want}, got [{}]", got.join(", ")))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} queries rank wrong:\n{}", failures.len(), TABLE.len(), failures.join("\n"));
}
