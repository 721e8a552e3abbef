//! Pipeline and comparator over a generated corpus: `cargo bench --bench pipeline`.
//!
//! What it measures, for each corpus size N (default 10,000 and 100,000):
//!
//! * **ingest** — `Document::from_text` over every generated text (printed for
//!   context; not the point of the bench);
//! * **extraction** — `crosscheck::extract(&rules, &mut docs)`: wall time,
//!   documents/second and MB/s of document text;
//! * **comparator** — `crosscheck::compare::compare_with(&Corpus { .. }, ..)`
//!   alone, on the statements extracted above, plus `group_events` timed on
//!   its own. As in the pipeline, its sentence checks
//!   (`compare::sentence_flags`), which need the documents only, run before
//!   extraction; the time given for the comparator is theirs and the rest's
//!   together;
//! * **memory** — `VmRSS` and `VmHWM` from `/proc/self/status` before and after
//!   each phase, in MiB (2^20 bytes; /proc counts in KiB), with the peak in
//!   decimal MB (10^6 bytes) beside it. `VmHWM` is the peak of the whole
//!   process so far, so a later phase only shows a new peak if it goes above
//!   every earlier one;
//! * counts: statements (by predicate and modality), event groups, flags by kind.
//!
//! The corpus is synthetic and deterministic: an xorshift64* generator with a
//! fixed seed, no external data, no `rand`. Each document has front matter
//! (`published`, `outlet`) and 3–6 sentences in Arabic, English or both, drawn
//! from a pool of "stories" (a signing, a meeting, a visit, an arms-supply
//! claim) between ~85 countries and their capitals, all names taken from
//! `rules/entities/gazetteer/*.toml` and `rules/entities/places.toml` (checked
//! against the embedded rules at start-up). Dates run over 2023–2025. A story
//! dated after a document's publication date is told as an expectation or plan,
//! otherwise as a report; a share of mentions move the place or the date, or
//! flip a denial into an admission, so that the comparator has disagreements
//! to find. Since events group by predicate and country pair, the many pairs
//! keep the event groups small.
//!
//! If extracting N = 100,000 would take more than [`MAX_FULL_EXTRACT`] (judged
//! from the 10,000 run, or from a 2,000-document probe), the 100,000-document
//! corpus is built by extracting the first 10,000 documents and cloning
//! documents and statements ×10 with new ids (`id`, `document`, `doc_index`),
//! so the comparator is still measured at full size; the output says which
//! method was used.
//!
//! Usage:
//!
//! ```text
//! cargo bench --bench pipeline                  # N = 10,000 and 100,000
//! cargo bench --bench pipeline -- 2000          # one small N, quick check
//! cargo bench --bench pipeline -- 5000 20000    # any list of sizes
//! cargo bench --bench pipeline -- --full 100000 # always extract every document
//! cargo bench --bench pipeline -- --replicate 100000 # always clone ×10
//! cargo bench --bench pipeline -- --archive 100000   # the archive instead
//! cargo bench --bench pipeline -- --real        # real pages, stage by stage
//! ```
//!
//! `--real` measures the pipeline on real text instead, stage by stage: every
//! `.txt` page under `../shared/realnews` and `../shared/seeds`, copied under
//! new names until there are about 10 MB of text. Each stage is timed on its
//! own over every document, on one thread, in MB/s of document text: ingest
//! (`Document::from_text`), sentences (splitting and normalizing), time (the
//! time grammar over every sentence), recognize (names, offices, places),
//! extract (the whole of extraction, which does the three before it again,
//! and syntax and the rules), group, compare and report (JSON). Then the
//! whole check (ingest, extract, compare, report) end to end on one thread
//! and on two, and the process's peak memory. `--real-mb N` copies the
//! pages up to about N MB instead (for a profiler, say).
//!
//! `--archive N` measures the archive (`crosscheck index`): the N generated
//! documents are written as files, indexed into a fresh SQLite archive (time
//! and database size), indexed again (every file unchanged), then a draft is
//! checked against the archive, and 1,000 new documents are checked against
//! it (`check --index DB NEW…`): each reads only the archived files that share
//! an event key with it. The new documents and the draft are a week's intake:
//! published in the last seven days of the archive's three years, about
//! stories drawn from the same pool as the archive's.
//!
//! `--keep DIR` writes the archive's files under DIR and leaves them there
//! (`DIR/corpus`, `DIR/new`, `DIR/draft.md`, `DIR/archive.db`); a later run
//! with the same DIR and N reuses them and skips the first index, so that the
//! command line can be timed against the same archive:
//! `crosscheck check --index DIR/archive.db DIR/new`.

/// The allocator the `crosscheck` binary uses, so that the figures are its.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use crosscheck::compare::{self, Corpus};
use crosscheck::extract::Statement;
use crosscheck::ingest::Document;
use crosscheck::rules::Rules;

/// Above this estimated time, N > 10,000 is extracted by replication.
const MAX_FULL_EXTRACT: Duration = Duration::from_secs(6 * 60);
/// How many distinct documents are extracted when replicating.
const REPLICATE_BASE: usize = 10_000;
/// Fixed seed: every run generates the same corpus.
const SEED: u64 = 0x5EED_C0FF_EE15_2025;

/// A country: gazetteer id, Arabic name, English name, cities (capital first)
/// as (gazetteer id, Arabic, English).
type Country = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

#[rustfmt::skip]
const COUNTRIES: &[Country] = &[
    ("russia", "روسيا", "Russia", &[("moscow", "موسكو", "Moscow"), ("st-petersburg", "سانت بطرسبرغ", "St Petersburg")]),
    ("iran", "إيران", "Iran", &[("tehran", "طهران", "Tehran")]),
    ("china", "الصين", "China", &[("beijing", "بكين", "Beijing")]),
    ("india", "الهند", "India", &[("new-delhi", "نيودلهي", "New Delhi")]),
    ("brazil", "البرازيل", "Brazil", &[("brasilia", "برازيليا", "Brasilia"), ("rio-de-janeiro", "ريو دي جانيرو", "Rio de Janeiro")]),
    ("turkey", "تركيا", "Turkey", &[("ankara", "أنقرة", "Ankara")]),
    ("egypt", "مصر", "Egypt", &[("cairo", "القاهرة", "Cairo")]),
    ("saudi-arabia", "السعودية", "Saudi Arabia", &[("riyadh", "الرياض", "Riyadh")]),
    ("uae", "الإمارات", "United Arab Emirates", &[("abu-dhabi", "أبوظبي", "Abu Dhabi")]),
    ("indonesia", "إندونيسيا", "Indonesia", &[("jakarta", "جاكرتا", "Jakarta")]),
    ("belarus", "بيلاروسيا", "Belarus", &[("minsk", "مينسك", "Minsk")]),
    ("iraq", "العراق", "Iraq", &[("baghdad", "بغداد", "Baghdad")]),
    ("syria", "سوريا", "Syria", &[("damascus", "دمشق", "Damascus")]),
    ("lebanon", "لبنان", "Lebanon", &[("beirut", "بيروت", "Beirut")]),
    ("france", "فرنسا", "France", &[("paris", "باريس", "Paris")]),
    ("ukraine", "أوكرانيا", "Ukraine", &[("kyiv", "كييف", "Kyiv")]),
    ("turkmenistan", "تركمانستان", "Turkmenistan", &[("ashgabat", "عشق أباد", "Ashgabat")]),
    ("north-korea", "كوريا الشمالية", "North Korea", &[("pyongyang", "بيونغ يانغ", "Pyongyang")]),
    ("chile", "تشيلي", "Chile", &[("santiago", "سانتياغو", "Santiago")]),
    ("peru", "البيرو", "Peru", &[("lima", "ليما", "Lima")]),
    ("argentina", "الأرجنتين", "Argentina", &[("buenos-aires", "بوينس آيرس", "Buenos Aires")]),
    ("kenya", "كينيا", "Kenya", &[("nairobi", "نيروبي", "Nairobi")]),
    ("nigeria", "نيجيريا", "Nigeria", &[("abuja", "أبوجا", "Abuja")]),
    ("ethiopia", "إثيوبيا", "Ethiopia", &[("addis-ababa", "أديس أبابا", "Addis Ababa")]),
    ("japan", "اليابان", "Japan", &[("tokyo", "طوكيو", "Tokyo")]),
    ("germany", "ألمانيا", "Germany", &[("berlin", "برلين", "Berlin")]),
    ("italy", "إيطاليا", "Italy", &[("rome", "روما", "Rome")]),
    ("spain", "إسبانيا", "Spain", &[("madrid", "مدريد", "Madrid")]),
    ("pakistan", "باكستان", "Pakistan", &[("islamabad", "إسلام آباد", "Islamabad")]),
    ("afghanistan", "أفغانستان", "Afghanistan", &[("kabul", "كابل", "Kabul")]),
    ("qatar", "قطر", "Qatar", &[("doha", "الدوحة", "Doha")]),
    ("morocco", "المغرب", "Morocco", &[("rabat", "الرباط", "Rabat")]),
    ("libya", "ليبيا", "Libya", &[("tripoli", "طرابلس", "Tripoli")]),
    ("sudan", "السودان", "Sudan", &[("khartoum", "خرطوم", "Khartoum")]),
    ("yemen", "اليمن", "Yemen", &[("sanaa", "صنعاء", "Sanaa")]),
    ("mexico", "المكسيك", "Mexico", &[("mexico-city", "مدينة مكسيكو", "Mexico City")]),
    ("colombia", "كولومبيا", "Colombia", &[("bogota", "بوغوتا", "Bogota")]),
    ("vietnam", "فيتنام", "Vietnam", &[("hanoi", "هانوي", "Hanoi")]),
    ("thailand", "تايلاند", "Thailand", &[("bangkok", "بانكوك", "Bangkok")]),
    ("malaysia", "ماليزيا", "Malaysia", &[("kuala-lumpur", "كوالالمبور", "Kuala Lumpur")]),
    ("poland", "بولندا", "Poland", &[("warsaw", "وارسو", "Warsaw")]),
    ("greece", "اليونان", "Greece", &[("athens", "أثينا", "Athens")]),
    ("portugal", "البرتغال", "Portugal", &[("lisbon", "لشبونة", "Lisbon")]),
    ("austria", "النمسا", "Austria", &[("vienna", "فيينا", "Vienna")]),
    ("hungary", "المجر", "Hungary", &[("budapest", "بودابست", "Budapest")]),
    ("kazakhstan", "كازاخستان", "Kazakhstan", &[("astana", "أستانة", "Astana")]),
    ("uzbekistan", "أوزبكستان", "Uzbekistan", &[("tashkent", "طشقند", "Tashkent")]),
    ("azerbaijan", "أذربيجان", "Azerbaijan", &[("baku", "باكو", "Baku")]),
    ("armenia", "أرمينيا", "Armenia", &[("yerevan", "يريفان", "Yerevan")]),
    ("canada", "كندا", "Canada", &[("ottawa", "أوتاوا", "Ottawa")]),
    ("australia", "أستراليا", "Australia", &[("canberra", "كانبرا", "Canberra")]),
    ("south-korea", "كوريا الجنوبية", "South Korea", &[("seoul", "سيول", "Seoul")]),
    ("philippines", "الفلبين", "Philippines", &[("manila", "مانيلا", "Manila")]),
    ("bangladesh", "بنغلادش", "Bangladesh", &[("dhaka", "داكا", "Dhaka")]),
    ("sri-lanka", "سريلانكا", "Sri Lanka", &[("colombo", "كولومبو", "Colombo")]),
    ("nepal", "نيبال", "Nepal", &[("kathmandu", "كاتماندو", "Kathmandu")]),
    ("netherlands", "هولندا", "Netherlands", &[("amsterdam", "أمستردام", "Amsterdam"), ("the-hague", "لاهاي", "The Hague")]),
    ("belgium", "بلجيكا", "Belgium", &[("brussels", "بروكسل", "Brussels")]),
    ("sweden", "السويد", "Sweden", &[("stockholm", "ستوكهولم", "Stockholm")]),
    ("norway", "النرويج", "Norway", &[("oslo", "أوسلو", "Oslo")]),
    ("finland", "فنلندا", "Finland", &[("helsinki", "هلسنكي", "Helsinki")]),
    ("denmark", "الدنمارك", "Denmark", &[("copenhagen", "كوبنهاغن", "Copenhagen")]),
    ("ireland", "أيرلندا", "Ireland", &[("dublin", "دبلن", "Dublin")]),
    ("czechia", "التشيك", "Czechia", &[("prague", "براغ", "Prague")]),
    ("romania", "رومانيا", "Romania", &[("bucharest", "بوخارست", "Bucharest")]),
    ("serbia", "صربية", "Serbia", &[("belgrade", "بلغراد", "Belgrade")]),
    ("croatia", "كرواتيا", "Croatia", &[("zagreb", "زغرب", "Zagreb")]),
    ("switzerland", "سويسرا", "Switzerland", &[("bern", "بيرن", "Bern"), ("zurich", "زيورخ", "Zürich")]),
    ("cuba", "كوبا", "Cuba", &[("havana", "هافانا", "Havana")]),
    ("venezuela", "فنزويلا", "Venezuela", &[("caracas", "كاراكاس", "Caracas")]),
    ("ecuador", "الإكوادور", "Ecuador", &[("quito", "كيتو", "Quito")]),
    ("uruguay", "الأوروغواي", "Uruguay", &[("montevideo", "مونتفيدو", "Montevideo")]),
    ("ghana", "غانا", "Ghana", &[("accra", "أكرا", "Accra")]),
    ("senegal", "السنغال", "Senegal", &[("dakar", "داكار", "Dakar")]),
    ("uganda", "أوغندا", "Uganda", &[("kampala", "كمبالا", "Kampala")]),
    ("angola", "أنغولا", "Angola", &[("luanda", "لواندا", "Luanda")]),
    ("zimbabwe", "زمبابوي", "Zimbabwe", &[("harare", "هراري", "Harare")]),
    ("mozambique", "موزمبيق", "Mozambique", &[("maputo", "مابوتو", "Maputo")]),
    ("somalia", "الصومال", "Somalia", &[("mogadishu", "مقديشو", "Mogadishu")]),
    ("bahrain", "البحرين", "Bahrain", &[("manama", "المنامة", "Manama")]),
    ("mauritania", "موريتانيا", "Mauritania", &[("nouakchott", "نواكشوط", "Nouakchott")]),
    ("tajikistan", "طاجيكستان", "Tajikistan", &[("dushanbe", "دوشنبه", "Dushanbe")]),
    ("kyrgyzstan", "قيرغزستان", "Kyrgyzstan", &[("bishkek", "بيشكيك", "Bishkek")]),
    ("cambodia", "كمبوديا", "Cambodia", &[("phnom-penh", "بنوم بنه", "Phnom Penh")]),
    ("south-africa", "جنوب أفريقيا", "South Africa", &[("pretoria", "بريتوريا", "Pretoria"), ("johannesburg", "جوهانسبرغ", "Johannesburg")]),
];

/// Offices, Arabic (as in "رئيس وزراء اليابان") and English.
const OFFICES: &[(&str, &str)] = &[
    ("رئيس", "president"),
    ("رئيس وزراء", "prime minister"),
    ("وزير خارجية", "foreign minister"),
];
/// Kinds of agreement, Arabic and English.
const AGREEMENTS: &[(&str, &str)] = &[
    ("شراكة", "partnership"),
    ("تعاون", "cooperation"),
    ("تجارة", "trade"),
    ("شراكة استراتيجية", "strategic partnership"),
];
/// Supplied objects, Arabic (after the preposition ب) and English.
const OBJECTS: &[(&str, &str)] = &[
    ("طائرات مسيرة", "drones"),
    ("صواريخ", "missiles"),
    ("أسلحة", "weapons"),
];
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const MONTHS_LEVANT: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sign,
    Meet,
    Visit,
    Supply,
}

/// One event the synthetic press reports on, many times and not always alike.
struct Story {
    kind: Kind,
    /// Country indexes: the two parties (for a visit, visitor and host; for a
    /// supply, supplier and recipient).
    a: usize,
    b: usize,
    /// Who accuses the supplier (supply only).
    accuser: usize,
    /// (country, city) where it happens; a visit happens in the host's city.
    place: (usize, usize),
    date: NaiveDate,
    /// Index into AGREEMENTS or OBJECTS.
    object: usize,
    office: usize,
    /// The toll of clashes in the story's city, told by generic claims.
    toll: usize,
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
}

/// A date in 2023–2025.
fn random_date(rng: &mut Rng) -> NaiveDate {
    day0() + chrono::Duration::days(rng.below(3 * 365) as i64)
}

fn distinct(rng: &mut Rng, not: &[usize]) -> usize {
    loop {
        let c = rng.below(COUNTRIES.len());
        if !not.contains(&c) {
            return c;
        }
    }
}

fn stories(rng: &mut Rng, count: usize) -> Vec<Story> {
    (0..count)
        .map(|_| {
            let kind = match rng.below(100) {
                0..=34 => Kind::Sign,
                35..=61 => Kind::Meet,
                62..=89 => Kind::Visit,
                _ => Kind::Supply,
            };
            let (a, b) = if kind == Kind::Supply {
                // a fixed supplier–recipient pairing: "who supplies whom"
                // claims join by the accused, so free pairs would chain
                // every supply claim into one event
                let a = rng.below(COUNTRIES.len() & !1);
                (a, a ^ 1)
            } else {
                let a = rng.below(COUNTRIES.len());
                (a, distinct(rng, &[a]))
            };
            let accuser = distinct(rng, &[a, b]);
            let host = if kind == Kind::Visit || rng.chance(50) {
                b
            } else {
                a
            };
            let place = (host, rng.below(COUNTRIES[host].3.len()));
            let object = match kind {
                Kind::Supply => rng.below(OBJECTS.len()),
                _ => rng.below(AGREEMENTS.len()),
            };
            Story {
                kind,
                a,
                b,
                accuser,
                place,
                date: random_date(rng),
                object,
                office: rng.below(OFFICES.len()),
                toll: 3 + rng.below(300),
            }
        })
        .collect()
}

/// "يوم 17 يناير 2025" / "on 17 January 2025" / "on January 17, 2025".
fn date_phrase(rng: &mut Rng, d: NaiveDate, arabic: bool) -> String {
    let m = d.month0() as usize;
    if arabic {
        let month = match rng.below(10) {
            0..=5 => MONTHS_AR[m].to_string(),
            6..=7 => MONTHS_LEVANT[m].to_string(),
            _ => format!("{}/{}", MONTHS_AR[m], MONTHS_LEVANT[m]),
        };
        format!("يوم {} {} {}", d.day(), month, d.year())
    } else if rng.chance(25) {
        format!("on {} {}, {}", MONTHS_EN[m], d.day(), d.year())
    } else {
        format!("on {} {} {}", d.day(), MONTHS_EN[m], d.year())
    }
}

/// When an expected event will happen, as seen from `published`: a date, a
/// relative phrase when it is near, or nothing.
fn when_phrase(rng: &mut Rng, d: NaiveDate, published: NaiveDate, arabic: bool) -> String {
    let ahead = (d - published).num_days();
    let next_month = published.month() % 12 + 1 == d.month() && ahead < 62;
    match rng.below(10) {
        0..=1 => String::new(),
        2..=4 if ahead <= 7 => if arabic {
            "الأسبوع المقبل"
        } else {
            "next week"
        }
        .into(),
        2..=4 if next_month => if arabic {
            "الشهر المقبل"
        } else {
            "next month"
        }
        .into(),
        _ => date_phrase(rng, d, arabic),
    }
}

/// Join the words of a sentence, dropping empty ones, and end it.
fn sentence(words: &[&str]) -> String {
    let mut s = words
        .iter()
        .filter(|w| !w.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    s.push('.');
    s
}

/// One mention of `st` in a document published on `published`.
fn render(rng: &mut Rng, st: &Story, published: NaiveDate, arabic: bool) -> String {
    let (a, b, c) = (&COUNTRIES[st.a], &COUNTRIES[st.b], &COUNTRIES[st.accuser]);
    // a share of the mentions disagree: another city, another date
    let place = if rng.chance(10) {
        let host = &COUNTRIES[if rng.chance(50) { st.a } else { st.b }];
        host.3[rng.below(host.3.len())]
    } else {
        COUNTRIES[st.place.0].3[st.place.1]
    };
    let date = if rng.chance(8) {
        st.date + chrono::Duration::days(1 + rng.below(3) as i64)
    } else {
        st.date
    };
    let city = if arabic { place.1 } else { place.2 };
    let (an, bn, cn) = if arabic {
        (a.1, b.1, c.1)
    } else {
        (a.2, b.2, c.2)
    };
    let (office_ar, office_en) = OFFICES[st.office];
    let expected = st.date > published;
    let dated = if rng.chance(15) {
        String::new()
    } else {
        date_phrase(rng, date, arabic)
    };
    let when = when_phrase(rng, date, published, arabic);
    let v = rng.below(3);
    match (st.kind, arabic, expected) {
        (Kind::Sign, true, false) => {
            let kind = format!("اتفاقية {}", AGREEMENTS[st.object].0);
            match v {
                0 => sentence(&[
                    "وقع",
                    office_ar,
                    an,
                    "ونظيره",
                    office_ar,
                    bn,
                    &kind,
                    "في",
                    city,
                    &dated,
                ]),
                1 => sentence(&[
                    "وقع رئيسا",
                    an,
                    &format!("و{bn}"),
                    &kind,
                    "في",
                    city,
                    &dated,
                ]),
                _ => sentence(&["أبرمت", an, &format!("و{bn}"), &kind, "في", city, &dated]),
            }
        }
        (Kind::Sign, true, true) => {
            let cue = if v == 0 {
                "ومن المقرر أن يوقع"
            } else {
                "ومن المتوقع أن يوقع"
            };
            let kind = format!("اتفاقية {}", AGREEMENTS[st.object].0);
            sentence(&[
                cue,
                office_ar,
                an,
                "ونظيره",
                office_ar,
                bn,
                &kind,
                "في",
                city,
                &when,
            ])
        }
        (Kind::Sign, false, false) => {
            let kind = format!("{} agreement", AGREEMENTS[st.object].1);
            match v {
                0 => sentence(&[an, "and", bn, "signed a", &kind, "in", city, &dated]),
                1 => sentence(&[
                    "The presidents of",
                    an,
                    "and",
                    bn,
                    "signed a",
                    &kind,
                    "in",
                    city,
                    &dated,
                ]),
                _ => sentence(&[
                    &format!("{an}'s {office_en} and the {office_en} of {bn} signed a"),
                    &kind,
                    "in",
                    city,
                    &dated,
                ]),
            }
        }
        (Kind::Sign, false, true) => {
            let kind = format!("{} agreement", AGREEMENTS[st.object].1);
            if v == 0 {
                sentence(&[an, "and", bn, "will sign a", &kind, "in", city, &when])
            } else {
                sentence(&[
                    "The leaders of",
                    an,
                    "and",
                    bn,
                    "are expected to sign a",
                    &kind,
                    "in",
                    city,
                    &when,
                ])
            }
        }
        (Kind::Meet, true, false) => {
            if v == 0 {
                sentence(&["التقى رئيسا", an, &format!("و{bn}"), "في", city, &dated])
            } else {
                sentence(&[
                    "اجتمع",
                    office_ar,
                    an,
                    "مع نظيره",
                    office_ar,
                    bn,
                    "في",
                    city,
                    &dated,
                ])
            }
        }
        (Kind::Meet, true, true) => sentence(&[
            "ومن المتوقع أن يلتقي رئيسا",
            an,
            &format!("و{bn}"),
            "في",
            city,
            &when,
        ]),
        (Kind::Meet, false, false) => {
            if v == 0 {
                sentence(&[
                    &format!("The {office_en} of {an} met the {office_en} of {bn} in"),
                    city,
                    &dated,
                ])
            } else {
                sentence(&[
                    &format!("{an}'s {office_en} met {bn}'s {office_en} in"),
                    city,
                    &dated,
                ])
            }
        }
        (Kind::Meet, false, true) => sentence(&[
            &format!("{an}'s {office_en} is expected to meet {bn}'s {office_en} in"),
            city,
            &when,
        ]),
        (Kind::Visit, true, false) => {
            if v == 0 {
                sentence(&["زار", office_ar, an, "العاصمة", city, &dated])
            } else {
                sentence(&["وصل", office_ar, an, "إلى", city, &dated, "في زيارة رسمية"])
            }
        }
        (Kind::Visit, true, true) => {
            let cue = if v == 0 {
                "ومن المقرر أن يزور"
            } else {
                "ومن المتوقع أن يزور"
            };
            sentence(&[cue, office_ar, an, "العاصمة", city, &when])
        }
        (Kind::Visit, false, false) => {
            if v == 0 {
                sentence(&[&format!("{an}'s {office_en} visited"), city, &dated])
            } else {
                sentence(&[&format!("The {office_en} of {an} visited"), city, &dated])
            }
        }
        (Kind::Visit, false, true) => {
            let verb = if v == 0 {
                "will visit"
            } else {
                "is expected to visit"
            };
            sentence(&[&format!("{an}'s {office_en} {verb}"), city, &when])
        }
        (Kind::Supply, true, _) => {
            let obj = format!("ب{}", OBJECTS[st.object].0);
            match rng.below(10) {
                0..=3 => sentence(&["ونفت", an, "تزويد", bn, &obj]),
                4..=5 => sentence(&["وأقرت", an, &format!("بتزويد {bn}"), &obj]),
                _ => sentence(&["واتهمت", cn, an, &format!("بتزويد {bn}"), &obj]),
            }
        }
        (Kind::Supply, false, _) => {
            let obj = OBJECTS[st.object].1;
            match rng.below(10) {
                0..=3 => sentence(&[an, "denied supplying", obj, "to", bn]),
                4..=5 => sentence(&[an, "acknowledged supplying", obj, "to", bn]),
                _ => sentence(&[cn, "accused", an, "of supplying", obj, "to", bn]),
            }
        }
    }
}

/// A generic claim about a story: the toll of clashes in its city, as
/// news tells it ("وأسفرت الاشتباكات في حلب عن مقتل 42 شخصا"). A share of
/// the mentions give another figure.
fn render_toll(rng: &mut Rng, st: &Story, arabic: bool) -> String {
    let (a, b) = (&COUNTRIES[st.a], &COUNTRIES[st.b]);
    let place = COUNTRIES[st.place.0].3[st.place.1];
    let toll = if rng.chance(10) {
        st.toll + 1 + rng.below(40)
    } else {
        st.toll
    };
    let toll = toll.to_string();
    match (arabic, rng.below(2)) {
        (true, 0) => sentence(&[
            "وأسفرت الاشتباكات بين قوات",
            a.1,
            "وقوات",
            b.1,
            "في",
            place.1,
            "عن مقتل",
            &toll,
            "شخصا",
        ]),
        (true, _) => sentence(&[
            "وقالت مصادر طبية إن",
            &toll,
            "شخصا قتلوا في اشتباكات بين قوات",
            a.1,
            "وقوات",
            b.1,
            "في",
            place.1,
        ]),
        (false, 0) => sentence(&[
            "Clashes between",
            a.2,
            "and",
            b.2,
            "forces in",
            place.2,
            "killed",
            &toll,
            "people",
        ]),
        (false, _) => sentence(&[
            &toll,
            "people were killed in clashes between",
            a.2,
            "and",
            b.2,
            "forces in",
            &format!("{},", place.2),
            "medical sources said",
        ]),
    }
}

/// The text of `n` documents, each with front matter and 3–6 sentences.
fn generate(n: usize) -> Vec<String> {
    generate_with_intake(n, n)
}

/// As [`generate`], with the documents from index `recent` on published in
/// the last [`INTAKE_DAYS`] of the corpus's span: new articles, as a desk
/// receives them, about stories the archive already holds.
fn generate_with_intake(n: usize, recent: usize) -> Vec<String> {
    let mut rng = Rng(SEED);
    // about four mentions per story; many stories, many country pairs
    let pool = stories(&mut rng, (n / 4).max(64));
    (0..n)
        .map(|i| {
            let mut published = random_date(&mut rng);
            if i >= recent {
                let last = day0() + chrono::Duration::days(3 * 365 - 1);
                published = last
                    - chrono::Duration::days(published.num_days_from_ce() as i64 % INTAKE_DAYS);
            }
            let outlet = 1 + rng.below(60);
            // Arabic, English, or a mix sentence by sentence
            let lang = rng.below(10);
            let mut text = format!("---\npublished: {published}\noutlet: Outlet {outlet}\n---\n");
            for _ in 0..3 + rng.below(4) {
                let arabic = match lang {
                    0..=4 => true,
                    5..=8 => false,
                    _ => rng.chance(50),
                };
                let st = rng.pick(&pool);
                // one sentence in five a generic claim (a toll)
                if rng.chance(20) {
                    text.push_str(&render_toll(&mut rng, st, arabic));
                } else {
                    text.push_str(&render(&mut rng, st, published, arabic));
                }
                text.push('\n');
            }
            text
        })
        .collect()
}

/// `VmRSS` and `VmHWM` of this process in MiB (0 where /proc is missing).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn print_memory(when: &str) {
    let (rss, hwm) = memory();
    println!(
        "    memory {when:<22} VmRSS {rss:8.1} MiB   VmHWM (process peak) {hwm:8.1} MiB = {:.1} MB",
        hwm * 1.048576
    );
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Parse generated texts into documents, ids `d{index}`.
fn ingest(rules: &Rules, texts: Vec<String>) -> Vec<Document> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let id = format!("d{i:06}");
            let path = format!("gen/{id}.md");
            Document::from_text(&id, &path, text, rules).expect("generated document parses")
        })
        .collect()
}

/// Extract the first `base` documents and clone documents and statements until
/// there are `n`, giving each copy new document ids, statement ids and indexes.
fn replicate(
    rules: &Rules,
    mut docs: Vec<Document>,
    n: usize,
    base: usize,
) -> (Vec<Document>, Seed, Duration) {
    docs.truncate(base);
    let t = Instant::now();
    let statements = crosscheck::extract(rules, &mut docs);
    let took = t.elapsed();
    let mut all = Vec::with_capacity(n);
    for copy in 0..n.div_ceil(base) {
        for (i, d) in docs.iter().enumerate() {
            let index = copy * base + i;
            if index >= n {
                break;
            }
            let mut d = d.clone();
            d.id = format!("d{index:06}");
            d.path = format!("gen/{}.md", d.id);
            // another outlet per copy, so copies read as other sources
            d.outlet = d.outlet.map(|o| format!("{o} ({copy})"));
            all.push(d);
        }
    }
    let ids = docs.into_iter().map(|d| d.id).collect();
    (all, Seed { statements, ids }, took)
}

/// The statements of the first documents, to be copied once the copies of
/// the documents have been read for their sentences.
struct Seed {
    statements: Vec<Statement>,
    /// The ids of the documents they were extracted from.
    ids: Vec<String>,
}

/// The seed's statements copied onto every copy of their documents in `all`.
fn replicate_statements(seed: Seed, all: &[Document], base: usize) -> Vec<Statement> {
    let n = all.len();
    let mut statements = Vec::with_capacity(seed.statements.len() * n.div_ceil(base));
    for copy in 0..n.div_ceil(base) {
        for s in &seed.statements {
            let index = copy * base + s.doc_index;
            if index >= n {
                continue;
            }
            let mut s = s.clone();
            let old = &seed.ids[s.doc_index];
            let new = &all[index].id;
            s.id = format!("{new}{}", &s.id[old.len()..]);
            s.document = new.clone();
            s.doc_index = index;
            statements.push(s);
        }
    }
    statements
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    /// Extract every document, or replicate when the estimate is too long.
    Auto,
    Full,
    Replicate,
}

/// Documents per second of extraction seen so far, to estimate larger runs.
type Rate = Option<f64>;

fn run(rules: &Rules, n: usize, method: Method, rate: &mut Rate) {
    println!("\n=== N = {n} documents ===");
    print_memory("at start");
    let t = Instant::now();
    let texts = generate(n);
    let bytes: usize = texts.iter().map(String::len).sum();
    let sentences: usize = texts.iter().map(|t| t.lines().count() - 4).sum();
    println!(
        "  generate    {:8.2} s   {:.1} MB of text, {sentences} sentences",
        secs(t.elapsed()),
        bytes as f64 / 1e6
    );
    let t = Instant::now();
    let mut docs = ingest(rules, texts);
    println!("  ingest      {:8.2} s", secs(t.elapsed()));
    print_memory("after ingest");

    // full extraction, or replication of a 10,000-document extraction
    let replicate_now = n > REPLICATE_BASE
        && match method {
            Method::Full => false,
            Method::Replicate => true,
            Method::Auto => {
                let r = rate.unwrap_or_else(|| {
                    let probe = 2_000.min(n);
                    let t = Instant::now();
                    let _ = crosscheck::extract(rules, &mut docs[..probe]);
                    probe as f64 / secs(t.elapsed())
                });
                *rate = Some(r);
                let estimate = n as f64 / r;
                println!(
                    "  estimate    {estimate:8.1} s to extract all {n} documents at {r:.0} docs/s (limit {} s)",
                    MAX_FULL_EXTRACT.as_secs()
                );
                estimate > MAX_FULL_EXTRACT.as_secs_f64()
            }
        };
    // the sentence checks need the documents only, and the pipeline runs
    // them before extraction (`crosscheck::check`): their time counts as
    // the comparator's
    let sentence_checks = |docs: &[Document]| {
        let t = Instant::now();
        let found = compare::sentence_flags(rules, docs, 0);
        let took = t.elapsed();
        println!(
            "  sentences   {:8.2} s   (the comparator's sentence checks, before extraction)",
            secs(took)
        );
        print_memory("after the sentence checks");
        (found, took)
    };
    let (docs, statements, extract_took, extracted, (sentence_found, sentences_took)) =
        if replicate_now {
            let base = REPLICATE_BASE;
            let base_bytes: usize = docs[..base].iter().map(|d| d.text.len()).sum();
            let t = Instant::now();
            let (docs, seed, took) = replicate(rules, docs, n, base);
            let copied = t.elapsed();
            let sentences = sentence_checks(&docs);
            let t = Instant::now();
            let statements = replicate_statements(seed, &docs, base);
            println!(
            "  extract     {:8.2} s   METHOD: replicated — extracted the first {base} documents \
             ({:.0} docs/s, {:.2} MB/s), cloned ×{} with new ids ({:.2} s in all)",
            secs(took),
            base as f64 / secs(took),
            base_bytes as f64 / 1e6 / secs(took),
            n.div_ceil(base),
            secs(copied + t.elapsed())
        );
            (docs, statements, took, base, sentences)
        } else {
            let sentences = sentence_checks(&docs);
            let t = Instant::now();
            let statements = crosscheck::extract(rules, &mut docs);
            let took = t.elapsed();
            *rate = Some(n as f64 / secs(took));
            println!(
            "  extract     {:8.2} s   METHOD: full — every document extracted: {:.0} docs/s, {:.2} MB/s",
            secs(took),
            n as f64 / secs(took),
            bytes as f64 / 1e6 / secs(took)
        );
            (docs, statements, took, n, sentences)
        };
    print_memory("after extraction");

    let mut by_predicate: BTreeMap<String, usize> = BTreeMap::new();
    for s in &statements {
        let key = format!("{} {}", s.predicate, s.modality.as_str());
        *by_predicate.entry(key).or_default() += 1;
    }
    println!(
        "  statements  {} ({:.2} per document)",
        statements.len(),
        statements.len() as f64 / n as f64
    );
    for (k, v) in &by_predicate {
        println!("      {k:<28} {v}");
    }

    let claims = statements
        .iter()
        .filter(|s| s.predicate == crosscheck::extract::CLAIM)
        .count();
    // (a replicated run extracted only its first documents)
    println!(
        "  claims      {claims} generic claims ({:.0} claims/s of extraction)",
        claims as f64 * extracted as f64 / n as f64 / secs(extract_took)
    );

    let t = Instant::now();
    let events = compare::group_events(rules, &statements);
    let grouping = t.elapsed();
    let largest = events.iter().map(|e| e.statements.len()).max().unwrap_or(0);
    let multi = events.iter().filter(|e| e.statements.len() > 1).count();
    println!(
        "  group       {:8.2} s   {} event groups ({multi} with 2+ statements, largest {largest})",
        secs(grouping),
        events.len()
    );
    drop(events);

    let t = Instant::now();
    let corpus = Corpus {
        rules,
        documents: &docs,
        statements: &statements,
        focus: 0,
    };
    let flags = compare::compare_with(&corpus, sentence_found);
    let took = t.elapsed() + sentences_took;
    println!(
        "  compare     {:8.2} s   {} flags ({:.0} statements/s; with the sentence checks)",
        secs(took),
        flags.len(),
        statements.len() as f64 / secs(took)
    );
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &flags {
        *by_kind.entry(f.kind.as_str()).or_default() += 1;
    }
    for (k, v) in &by_kind {
        println!("      {k:<28} {v}");
    }
    print_memory("after compare");

    // the two alignments of claims that no event table takes, each alone
    type Align = fn(&Corpus) -> Vec<compare::Flag>;
    let alignments: [(&str, Align, usize, &str); 2] = [
        ("generic claims", compare::claim_flags, claims, "claims"),
        (
            "retold sentences",
            compare::retold_flags,
            sentences,
            "sentences",
        ),
    ];
    for (name, align, items, unit) in alignments {
        let t = Instant::now();
        let found = align(&corpus).len();
        let took = secs(t.elapsed());
        println!(
            "  align       {took:8.2} s   {name}: {found} flags ({:.0} {unit}/s)",
            items as f64 / took
        );
    }
}

fn main() {
    let mut sizes = Vec::new();
    let mut method = Method::Auto;
    let mut archive_mode = false;
    let mut keep: Option<std::path::PathBuf> = None;
    if std::env::args().any(|a| a == "--real") {
        // `--real-mb N`: about N MB of text instead of 10
        let mb = std::env::args()
            .skip_while(|a| a != "--real-mb")
            .nth(1)
            .and_then(|n| n.parse::<f64>().ok());
        real_text(mb.map_or(REAL_BYTES, |m| (m * 1e6) as usize));
        return;
    }
    let mut args = std::env::args().skip(1);
    // `cargo bench` passes `--bench` to harness-less benches: ignore flags we do not know
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--keep" => keep = args.next().map(Into::into),
            "--full" => method = Method::Full,
            "--replicate" => method = Method::Replicate,
            "--archive" => archive_mode = true,
            a => match a.replace('_', "").parse::<usize>() {
                Ok(n) if n > 0 => sizes.push(n),
                _ => {}
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 100_000];
    }

    let t = Instant::now();
    let rules = Rules::embedded().expect("embedded rules load");
    println!("rules loaded in {:.2} s", secs(t.elapsed()));
    // every name used here must be one the rules know
    for (id, _, _, cities) in COUNTRIES {
        assert!(rules.entity(id).is_some(), "unknown country {id}");
        for (city, _, _) in *cities {
            assert!(rules.entity(city).is_some(), "unknown city {city}");
        }
    }
    println!(
        "{} countries, {} cities; sizes {sizes:?}",
        COUNTRIES.len(),
        COUNTRIES.iter().map(|c| c.3.len()).sum::<usize>()
    );
    if archive_mode {
        for n in sizes {
            archive_bench(&rules, n, keep.as_deref());
        }
        return;
    }
    let mut rate = None;
    for n in sizes {
        run(&rules, n, method, &mut rate);
    }
}

/// New documents checked against the archive in `--archive` mode.
const NEW_DOCS: usize = 1_000;
/// The new documents (and the draft) are published within this many days of
/// the archive's last day: a week's intake.
const INTAKE_DAYS: i64 = 7;

/// Index `n` generated documents, then check a draft and `NEW_DOCS` new
/// documents against the archive.
fn archive_bench(rules: &Rules, n: usize, keep: Option<&std::path::Path>) {
    use crosscheck::archive::Archive;
    println!("\n=== archive, N = {n} ===");
    let dir = match keep {
        Some(k) => k.join(n.to_string()),
        None => {
            std::env::temp_dir().join(format!("crosscheck-archive-bench-{}", std::process::id()))
        }
    };
    let corpus = dir.join("corpus");
    let fresh = dir.join("new");
    let db = dir.join("archive.db");
    let reuse = keep.is_some() && db.exists();
    if !reuse {
        let _ = std::fs::remove_dir_all(&dir);
        write_archive_corpus(n, &dir);
    }
    let draft_path = dir.join("draft.md");
    let bytes: u64 = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("  {n} files, {:.1} MB", bytes as f64 / 1e6);
    let t = Instant::now();
    let mut archive = Archive::open(&db).unwrap();
    if reuse {
        println!("  index:            reused from an earlier run with --keep");
    } else {
        let s = archive.index(rules, std::slice::from_ref(&corpus)).unwrap();
        let first = t.elapsed();
        let size: u64 = ["", "-wal", "-shm"]
            .iter()
            .filter_map(|x| std::fs::metadata(format!("{}{x}", db.display())).ok())
            .map(|m| m.len())
            .sum();
        println!(
            "  index:            {:8.2} s  ({} files, {} statements; {:.0} documents/s); database {:.1} MB",
            secs(first),
            s.indexed,
            s.statements,
            s.indexed as f64 / secs(first),
            size as f64 / 1e6
        );
    }
    let t = Instant::now();
    let again = archive.index(rules, std::slice::from_ref(&corpus)).unwrap();
    println!(
        "  index again:      {:8.2} s  ({} unchanged, {} read)",
        secs(t.elapsed()),
        again.unchanged,
        again.indexed
    );
    print_memory("after indexing");

    // a draft: read, extracted, compared with the files it shares keys with
    let t = Instant::now();
    let (mut docs, _) = crosscheck::ingest::read_inputs(std::slice::from_ref(&draft_path), rules);
    let draft = docs.pop().unwrap();
    let own = crosscheck::extract(rules, &mut [draft.clone()]);
    let t_load = Instant::now();
    let day = crosscheck::workflow::draft_date(&draft, archive.newest().unwrap());
    let (corpus_docs, statements) = archive.load_related(rules, &own, &[Some(day)]).unwrap();
    let load = t_load.elapsed();
    let related = corpus_docs.len();
    let result = crosscheck::workflow::check_draft_extracted(
        rules,
        draft,
        corpus_docs,
        Some(statements),
        Vec::new(),
    );
    println!(
        "  draft vs archive: {:8.3} s  ({related} related documents read in {:.3} s; {} disagreements, {} claims)",
        secs(t.elapsed()),
        secs(load),
        result.disagreements.len(),
        result.claims.len()
    );

    // NEW_DOCS new documents, as `check --index DB NEW…`
    let t = Instant::now();
    let (new_docs, _) = crosscheck::ingest::read_inputs(std::slice::from_ref(&fresh), rules);
    let report = archive
        .check_new(rules, new_docs, Vec::new(), None)
        .unwrap();
    println!(
        "  {NEW_DOCS} new vs archive: {:8.2} s  ({} flags involve a new document; they quote {} archived documents)",
        secs(t.elapsed()),
        report.flags.len(),
        report.documents.len() - NEW_DOCS,
    );
    print_memory("after the checks");
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The archive bench's files: `n` archived documents under `dir/corpus`,
/// `NEW_DOCS` new ones under `dir/new`, and a draft, `dir/draft.md`.
fn write_archive_corpus(n: usize, dir: &std::path::Path) {
    let corpus = dir.join("corpus");
    let fresh = dir.join("new");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(&fresh).unwrap();
    let texts = generate_with_intake(n + NEW_DOCS + 1, n);
    for (i, t) in texts.iter().enumerate() {
        let (folder, name) = if i < n {
            (&corpus, format!("d{i:06}.md"))
        } else {
            (&fresh, format!("n{i:06}.md"))
        };
        std::fs::write(folder.join(name), t).unwrap();
    }
    // the last generated text is the draft
    std::fs::rename(
        fresh.join(format!("n{:06}.md", n + NEW_DOCS)),
        dir.join("draft.md"),
    )
    .unwrap();
}

/// How much text `--real` copies the pages up to.
const REAL_BYTES: usize = 10_000_000;

/// `--real`: the pipeline over real pages, stage by stage.
fn real_text(target: usize) {
    use crosscheck::recognize::{sentences, DocContext, Recognizer};
    use crosscheck::time::{Direction, TimeGrammar};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    let mut pages = Vec::new();
    for dir in ["realnews", "seeds"] {
        common::collect_txt(&root.join(dir), &mut pages);
    }
    pages.sort();
    let texts: Vec<String> = pages
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let one: usize = texts.iter().map(String::len).sum();
    if one == 0 {
        println!("real: no pages under {} (realnews, seeds)", root.display());
        return;
    }
    let copies = target.div_ceil(one);
    let corpus: Vec<(String, String)> = (0..copies)
        .flat_map(|c| {
            texts
                .iter()
                .enumerate()
                .map(move |(k, t)| (format!("copy{c:03}/page{k:03}.txt"), t.clone()))
        })
        .collect();
    let bytes: usize = corpus.iter().map(|(_, t)| t.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "real: {} pages x {copies} = {} documents, {mb:.1} MB; {} cores",
        texts.len(),
        corpus.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let rules = Rules::embedded().expect("embedded rules load");
    let rate = |what: &str, d: Duration| {
        println!(
            "  {what:<34} {:7.3} s  {:7.1} MB/s",
            secs(d),
            mb / secs(d).max(1e-9)
        );
    };
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    one_thread.install(|| {
        let t = Instant::now();
        let mut docs = read_all(&rules, &corpus);
        rate("ingest", t.elapsed());
        let t = Instant::now();
        let split: Vec<_> = docs.iter().map(sentences).collect();
        rate("sentences (split, normalize)", t.elapsed());
        let grammar = TimeGrammar::embedded();
        let t = Instant::now();
        let times: Vec<Vec<_>> = docs
            .iter()
            .zip(&split)
            .map(|(d, ss)| {
                ss.iter()
                    .map(|s| grammar.find_all(&s.norm.text, d.published.date, Direction::Past))
                    .collect()
            })
            .collect();
        rate("time", t.elapsed());
        let recognizer = Recognizer::new(&rules);
        let t = Instant::now();
        let mut mentions = 0;
        for ((d, ss), ts) in docs.iter().zip(&split).zip(&times) {
            let mut ctx = DocContext {
                date: d.published.date,
                ..Default::default()
            };
            for (s, t) in ss.iter().zip(ts) {
                mentions += recognizer.mentions_with(&rules, s, &mut ctx, t).len();
            }
        }
        rate("recognize", t.elapsed());
        drop((split, times));
        let t = Instant::now();
        let statements = crosscheck::extract(&rules, &mut docs);
        rate("extract (all of extraction)", t.elapsed());
        let t = Instant::now();
        let events = compare::group_events(&rules, &statements);
        rate("group", t.elapsed());
        let t = Instant::now();
        let flags = compare::compare(&Corpus {
            rules: &rules,
            documents: &docs,
            statements: &statements,
            focus: 0,
        });
        rate("compare", t.elapsed());
        let (n_statements, n_flags) = (statements.len(), flags.len());
        let report = crosscheck::compared(&rules, docs, statements, Vec::new());
        let t = Instant::now();
        let json = crosscheck::report::render(
            &report,
            crosscheck::report::Format::Json,
            crosscheck::report::View::Check,
            false,
        );
        rate("report (JSON)", t.elapsed());
        println!(
            "  {mentions} mentions, {n_statements} statements, {} event groups, {n_flags} flags, \
             {:.1} MB of JSON",
            events.len(),
            json.len() as f64 / 1e6
        );
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let t = Instant::now();
        let json = pool.install(|| {
            let docs = read_all(&rules, &corpus);
            let report = crosscheck::check(&rules, docs, Vec::new());
            crosscheck::report::render(
                &report,
                crosscheck::report::Format::Json,
                crosscheck::report::View::Check,
                false,
            )
        });
        std::hint::black_box(json);
        rate(&format!("end to end, {threads} thread(s)"), t.elapsed());
    }
    print_memory("at the end");
}

/// Documents from `(path, text)` pairs, read in parallel on the current
/// pool and kept in order.
fn read_all(rules: &Rules, corpus: &[(String, String)]) -> Vec<Document> {
    use rayon::prelude::*;
    corpus
        .par_iter()
        .enumerate()
        .map(|(i, (path, text))| {
            Document::from_text(&format!("r{i:06}"), path, text.clone(), rules)
                .expect("a page reads")
        })
        .collect()
}
