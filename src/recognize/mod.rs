//! Recognizing entities in sentences: names from the alias tables (with guarded
//! fuzzy matching for transliteration variants), titles with demonyms resolved
//! to the office holder on the document's date ("الرئيس الروسي" → Putin in
//! 2025), group references ("البلدين") and back-references ("القمة" → the summit
//! named earlier).
//!
//! Mentions are found per sentence with a [`DocContext`] carried across the
//! sentences of one document, so references resolve to what came before.

mod phrases;
mod sentence;

pub use phrases::{phrase_keys, PhraseIndex};
pub use sentence::{sentences, Forms, Sentence};

use crate::rules::{EntityKind, Rules};
use crate::span::Span;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// How a mention was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    Table,
    Fuzzy,
    Role,
    Reference,
    /// A name no table knows, found from its shape and context.
    Untabled,
}

/// One entity mention in a sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub entity: String,
    pub kind: EntityKind,
    /// Token range `[start, end)` in the sentence.
    pub tokens: (usize, usize),
    pub span: Span,
    pub via: Via,
}

/// What one document has said so far, for resolving references.
#[derive(Debug, Default, Clone)]
pub struct DocContext {
    pub date: Option<NaiveDate>,
    /// Country mention counts (people and places count for their country).
    pub countries: HashMap<String, usize>,
    /// The last event named, by class ("summit" → brics-summit-2024).
    pub last_event: HashMap<String, String>,
    /// Events named in this document that no table knows ("قمة منتدى …
    /// تستضيفها كوالالمبور يومي 28 و29 أكتوبر"), with the place and time the
    /// introducing sentence gives. Their ids are `local:N`.
    pub local_events: Vec<LocalEvent>,
}

/// An event introduced in the text itself.
#[derive(Debug, Clone)]
pub struct LocalEvent {
    pub class: String,
    pub place: Option<String>,
    /// (first day, last day, ISO value)
    pub time: Option<(NaiveDate, NaiveDate, String)>,
}

impl DocContext {
    pub fn local_event(&self, id: &str) -> Option<&LocalEvent> {
        let n: usize = id.strip_prefix("local:")?.parse().ok()?;
        self.local_events.get(n)
    }
}

#[derive(Debug, Clone, Copy)]
struct TitleHit {
    title: usize,
    plural: bool,
}

/// Lexicon indexes built once from the rules.
#[derive(Debug)]
pub struct Recognizer {
    aliases: PhraseIndex<usize>,
    fuzzy: Vec<(String, usize)>,
    demonyms: PhraseIndex<String>,
    titles: PhraseIndex<TitleHit>,
    references: PhraseIndex<String>,
    conjunction: PhraseIndex<()>,
    /// Arabic head nouns that open a name: "اللجنة", "وزارة".
    opening_heads: PhraseIndex<EntityKind>,
    /// Last words of capitalised names: "forum" → event.
    closing_heads: HashMap<String, EntityKind>,
}

/// Shortest alias key that fuzzy matching may touch: shorter names collide
/// with ordinary words.
const FUZZY_MIN: usize = 6;

impl Recognizer {
    pub fn new(rules: &Rules) -> Recognizer {
        let mut r = Recognizer {
            aliases: PhraseIndex::default(),
            fuzzy: Vec::new(),
            demonyms: PhraseIndex::default(),
            titles: PhraseIndex::default(),
            references: PhraseIndex::default(),
            conjunction: PhraseIndex::default(),
            opening_heads: PhraseIndex::default(),
            closing_heads: HashMap::new(),
        };
        for h in &rules.name_heads {
            for p in &h.phrases {
                if h.position == "first" {
                    r.opening_heads.add(p, h.kind);
                } else {
                    r.closing_heads.insert(crate::normalize::fold(p), h.kind);
                }
            }
        }
        for (i, e) in rules.entities.iter().enumerate() {
            for n in e.names() {
                r.aliases.add(n, i);
                let keys = phrase_keys(n);
                if keys.len() == 1 && keys[0].chars().count() >= FUZZY_MIN {
                    r.fuzzy.push((keys[0].clone(), i));
                }
            }
            for d in &e.demonyms {
                r.demonyms.add(d, e.id.clone());
            }
            if e.kind == EntityKind::Country {
                for d in derived_demonyms(e) {
                    r.demonyms.add(&d, e.id.clone());
                }
            }
        }
        for (i, t) in rules.titles.iter().enumerate() {
            for p in &t.phrases {
                r.titles.add(
                    p,
                    TitleHit {
                        title: i,
                        plural: false,
                    },
                );
            }
            for p in &t.plural {
                r.titles.add(
                    p,
                    TitleHit {
                        title: i,
                        plural: true,
                    },
                );
            }
        }
        for rf in &rules.references {
            for p in &rf.phrases {
                r.references.add(p, rf.refers.clone());
            }
        }
        for w in ["و", "and"] {
            r.conjunction.add(w, ());
        }
        r
    }

    /// All entity mentions of a sentence, non-overlapping, in order.
    pub fn mentions(&self, rules: &Rules, s: &Sentence, ctx: &mut DocContext) -> Vec<Mention> {
        let n = s.tokens.len();
        let mut taken = vec![false; n];
        let mut out: Vec<Mention> = Vec::new();

        // 1. names from the tables, longest first
        for (a, b, &i) in self.aliases.scan(s) {
            let e = self.pick_instance(rules, s, a, i, ctx.date);
            out.push(self.mention(rules, s, e, a, b, Via::Table));
            taken[a..b].iter_mut().for_each(|t| *t = true);
        }
        // 2. transliteration variants of single-token names
        for (t, forms) in s.forms.iter().enumerate() {
            if taken[t] {
                continue;
            }
            if let Some(i) = self.fuzzy_match(forms) {
                out.push(self.mention(rules, s, i, t, t + 1, Via::Fuzzy));
                taken[t] = true;
            }
        }
        // 3. titles: "الرئيس الروسي [فلاديمير بوتين]", "الرئيسان الروسي والإيراني"
        let mut t = 0;
        while t < n {
            if taken[t] {
                t += 1;
                continue;
            }
            let Some(&(end, hit)) = self.titles.at(s, t).first() else {
                t += 1;
                continue;
            };
            let title = &rules.titles[hit.title];
            let mut j = end;
            let mut office = title.office.clone();
            if title.counterpart {
                if let Some(prev) = out.iter().rev().find_map(|m| office_of(rules, &m.entity)) {
                    office = prev;
                }
            }
            let mut countries = Vec::new();
            loop {
                let k = if countries.is_empty() {
                    j
                } else if let Some(&(e, _)) = self.conjunction.at(s, j).first() {
                    e
                } else {
                    // "والإيراني": the conjunction is a clitic on the demonym
                    j
                };
                let Some(&(e, c)) = self.demonyms.at(s, k).first() else {
                    break;
                };
                if taken[k..e].iter().any(|x| *x) {
                    break;
                }
                countries.push((k, e, c.clone()));
                j = e;
                if !hit.plural {
                    break;
                }
            }
            // a name right after the title is the office holder itself
            let named = out
                .iter()
                .position(|m| m.tokens.0 == j && m.kind == EntityKind::Person);
            if let Some(p) = named {
                let m = &mut out[p];
                m.tokens.0 = t;
                m.span = s.token_span(t, m.tokens.1);
                taken[t..j].iter_mut().for_each(|x| *x = true);
                t = j;
                continue;
            }
            for (k, e, c) in &countries {
                // an office no table fills still names someone: "president@egypt"
                let id = resolve_role(rules, &office, c, ctx.date)
                    .or_else(|| (office != "capital").then(|| format!("{office}@{c}")));
                if let Some(id) = id {
                    let kind = rules.entity(&id).map_or(EntityKind::Person, |x| x.kind);
                    let (a, b) = if countries.len() == 1 {
                        (t, *e)
                    } else {
                        (*k, *e)
                    };
                    out.push(Mention {
                        entity: id,
                        kind,
                        tokens: (a, b),
                        span: s.token_span(a, b),
                        via: Via::Role,
                    });
                    taken[a..b].iter_mut().for_each(|x| *x = true);
                }
            }
            t = j.max(t + 1);
        }
        // 4. names no table knows: capitalised runs in Latin script
        self.untabled_names(rules, s, &mut taken, &mut out);
        self.headed_names(s, &mut taken, &mut out);
        // 5. group and back-references
        for (a, b, refers) in self.references.scan(s) {
            if taken[a..b].iter().any(|x| *x) {
                continue;
            }
            let ids: Vec<String> = if refers == "countries" {
                let mut v: Vec<(&String, &usize)> = ctx.countries.iter().collect();
                v.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
                if v.len() >= 2 {
                    v.into_iter().take(2).map(|(c, _)| c.clone()).collect()
                } else {
                    Vec::new()
                }
            } else {
                ctx.last_event.get(refers).cloned().into_iter().collect()
            };
            for id in ids {
                let kind = if id.starts_with("local:") {
                    EntityKind::Event
                } else {
                    rules.entity(&id).map_or(EntityKind::Group, |x| x.kind)
                };
                out.push(Mention {
                    entity: id,
                    kind,
                    tokens: (a, b),
                    span: s.token_span(a, b),
                    via: Via::Reference,
                });
            }
        }
        out.sort_by_key(|m| m.tokens);
        for m in &out {
            if m.via == Via::Reference {
                continue;
            }
            if let Some(c) = rules.country_of(&m.entity) {
                *ctx.countries.entry(c).or_insert(0) += 1;
            }
            if let Some(class) = rules.entity(&m.entity).and_then(|e| e.class.clone()) {
                ctx.last_event.insert(class, m.entity.clone());
            }
        }
        out
    }

    /// Capitalised runs ("Africa Coffee Producers Forum", "Kano Royals")
    /// become entities keyed by their normalized form, so the same name in
    /// two documents is one entity. The kind comes from the context: a title
    /// before it (person), a place preposition (city), a head word (event,
    /// organisation).
    fn untabled_names(
        &self,
        rules: &Rules,
        s: &Sentence,
        taken: &mut [bool],
        out: &mut Vec<Mention>,
    ) {
        let n = s.tokens.len();
        let mut t = 0;
        while t < n {
            let starts = s.caps[t]
                && !taken[t]
                && !s.tokens[t].arabic
                && !is_capital_stopword(&s.tokens[t].text);
            if !starts {
                t += 1;
                continue;
            }
            let mut e = t + 1;
            while e < n && !taken[e] && !s.tokens[e].arabic {
                let joinable = s.gap(e - 1, e).trim().is_empty() || s.gap(e - 1, e).trim() == "-";
                if s.caps[e] && joinable && !is_capital_stopword(&s.tokens[e].text) {
                    e += 1;
                } else if CONNECTORS.contains(&s.tokens[e].text.as_str())
                    && e + 1 < n
                    && s.caps[e + 1]
                    && !taken[e + 1]
                {
                    e += 2;
                } else {
                    break;
                }
            }
            // a lone capitalised word opening the sentence is just a capital
            if t == 0 && e == 1 {
                t = e;
                continue;
            }
            let words: Vec<&str> = s.tokens[t..e].iter().map(|x| x.text.as_str()).collect();
            let last = *words.last().unwrap_or(&"");
            let before_title = t > 0
                && self
                    .titles
                    .at(s, t - 1)
                    .first()
                    .is_some_and(|&(end, _)| end == t);
            let after_place_prep = t > 0
                && matches!(
                    s.tokens[t - 1].text.as_str(),
                    "in" | "at" | "to" | "from" | "into"
                );
            let kind = if before_title {
                EntityKind::Person
            } else if let Some(&k) = self.closing_heads.get(last) {
                k
            } else if after_place_prep {
                EntityKind::City
            } else {
                EntityKind::Organization
            };
            let id = format!("name:{}", words.join("-"));
            let _ = rules;
            out.push(Mention {
                entity: id,
                kind,
                tokens: (t, e),
                span: s.token_span(t, e),
                via: Via::Untabled,
            });
            taken[t..e].iter_mut().for_each(|x| *x = true);
            t = e;
        }
    }

    /// Arabic names no table knows, opened by a head noun and continued by
    /// the definite words of its construct chain: "اللجنة العليا المشتركة
    /// التونسية الليبية", "وزارة الخارجية". The chain stops at the first word
    /// without the article (a verb, an indefinite noun, "اجتماعها").
    fn headed_names(&self, s: &Sentence, taken: &mut [bool], out: &mut Vec<Mention>) {
        let n = s.tokens.len();
        let mut t = 0;
        while t < n {
            let Some(&(end, &kind)) = self.opening_heads.at(s, t).first() else {
                t += 1;
                continue;
            };
            if taken[t..end].iter().any(|x| *x) {
                t = end;
                continue;
            }
            let mut e = end;
            while e < n
                && e - end < 5
                && !taken[e]
                && definite(&s.tokens[e].text)
                && s.gap(e - 1, e).trim().is_empty()
            {
                e += 1;
            }
            if e == end {
                t = end; // a bare head ("اللجنة") is a reference, not a name
                continue;
            }
            let keys: Vec<&str> = s.forms[t..e].iter().map(|f| f.all[0].as_str()).collect();
            out.push(Mention {
                entity: format!("name:{}", keys.join("-")),
                kind,
                tokens: (t, e),
                span: s.token_span(t, e),
                via: Via::Untabled,
            });
            taken[t..e].iter_mut().for_each(|x| *x = true);
            t = e;
        }
    }

    /// Head nouns of events that back-references point to ("قمة", "summit"):
    /// `(start, end, class)` for each, excluding group references.
    pub fn event_heads<'a>(&'a self, s: &Sentence) -> Vec<(usize, usize, &'a str)> {
        self.references
            .scan(s)
            .into_iter()
            .filter(|(_, _, r)| r.as_str() != "countries")
            .map(|(a, b, r)| (a, b, r.as_str()))
            .collect()
    }

    fn mention(
        &self,
        rules: &Rules,
        s: &Sentence,
        i: usize,
        a: usize,
        b: usize,
        via: Via,
    ) -> Mention {
        let e = &rules.entities[i];
        Mention {
            entity: e.id.clone(),
            kind: e.kind,
            tokens: (a, b),
            span: s.token_span(a, b),
            via,
        }
    }

    /// Several entities may share an alias (every BRICS summit is "قمة
    /// البريكس"): take the instance nearest the document's date.
    fn pick_instance(
        &self,
        rules: &Rules,
        s: &Sentence,
        a: usize,
        first: usize,
        date: Option<NaiveDate>,
    ) -> usize {
        let cands: Vec<usize> = self
            .aliases
            .at(s, a)
            .iter()
            .filter(|(e, _)| *e == self.aliases.at(s, a)[0].0)
            .map(|(_, &i)| i)
            .collect();
        if cands.len() < 2 {
            return first;
        }
        let Some(d) = date else { return first };
        cands
            .into_iter()
            .min_by_key(|&i| {
                rules.entities[i]
                    .time
                    .as_deref()
                    .and_then(crate::rules::parse_interval)
                    .map_or(i64::MAX, |(f, _)| (f - d).num_days().abs())
            })
            .unwrap_or(first)
    }

    fn fuzzy_match(&self, forms: &Forms) -> Option<usize> {
        for f in forms.strict() {
            let n = f.chars().count();
            if n < FUZZY_MIN {
                continue;
            }
            let mut best: Option<usize> = None;
            for (k, i) in &self.fuzzy {
                if k.chars().next() == f.chars().next() && strsim::levenshtein(k, f) == 1 {
                    if best.is_some_and(|b| b != *i) {
                        return None; // ambiguous between two entities
                    }
                    best = Some(*i);
                }
            }
            if best.is_some() {
                return best;
            }
        }
        None
    }
}

/// Lowercase words that may join a capitalised name ("Bank of England").
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "al", "el", "la", "du", "von", "van", "bin", "ibn",
];

/// The regular nisba adjective of a country's name, for countries whose table
/// entry lists no demonyms (the generated gazetteer): كينيا → كيني/كينية,
/// تونس → تونسي/تونسية; English names in -a take -n (Kenya → Kenyan).
/// Irregular ones (الأمريكي, Egyptian) are listed in the tables.
fn derived_demonyms(e: &crate::rules::EntityDef) -> Vec<String> {
    let mut out = Vec::new();
    for name in &e.ar {
        let f = crate::normalize::fold(name);
        if f.contains(' ') {
            continue;
        }
        let base = crate::normalize::key(&f);
        let stem = base
            .strip_suffix("يا")
            .map(|s| format!("{s}ي"))
            .or_else(|| base.strip_suffix('ا').map(|s| format!("{s}ي")))
            .or_else(|| base.strip_suffix('ه').map(|s| format!("{s}ي")))
            .unwrap_or_else(|| format!("{base}ي"));
        if stem.chars().count() >= 4 {
            out.push(stem.clone());
            out.push(format!("{stem}ه"));
        }
    }
    for name in &e.en {
        if !name.contains(' ') && name.ends_with('a') && name.len() >= 4 {
            out.push(format!("{name}n"));
        }
    }
    out
}

/// An Arabic word with the definite article, clitics aside ("والتونسية").
fn definite(w: &str) -> bool {
    ["ال", "وال", "بال", "فال", "لل"]
        .iter()
        .any(|p| w.starts_with(p))
        && w.chars().count() > 3
}

/// Capitalised words that are not names: sentence openers, pronouns, months,
/// weekdays, titles on their own.
fn is_capital_stopword(w: &str) -> bool {
    const STOP: &[&str] = &[
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "and",
        "but",
        "or",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "mr",
        "mrs",
        "ms",
        "dr",
        "according",
        "after",
        "before",
        "as",
        "by",
        "for",
        "from",
        "with",
        "while",
        "when",
        "if",
        "last",
        "next",
        "no",
        "not",
        "there",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "president",
        "minister",
        "prime",
        "foreign",
        "king",
        "queen",
        "prince",
        "secretary",
        "spokesman",
        "spokesperson",
        "ambassador",
        "gmt",
        "utc",
        "published",
        "updated",
        "read",
        "related",
        "reuters",
        "ap",
        "afp",
        "both",
        "all",
        "some",
        "delegates",
        "officials",
        "organisers",
        "organizers",
        "analysts",
        "shares",
        "earlier",
        "later",
        "meanwhile",
        "however",
        "also",
        "s",
        "t",
    ];
    STOP.contains(&w)
}

/// The office a person is known for (their first role).
fn office_of(rules: &Rules, id: &str) -> Option<String> {
    rules.entity(id)?.roles.first().map(|r| r.office.clone())
}

/// Who held `office` of `country` on `date` (the current holder when the date
/// is unknown).
pub fn resolve_role(
    rules: &Rules,
    office: &str,
    country: &str,
    date: Option<NaiveDate>,
) -> Option<String> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
    };
    rules
        .entities
        .iter()
        .filter_map(|e| {
            e.roles
                .iter()
                .find(|r| {
                    r.office == office
                        && r.of == country
                        && match date {
                            Some(d) => {
                                parse(&r.from).is_none_or(|f| f <= d)
                                    && parse(&r.to).is_none_or(|t| d < t)
                            }
                            None => r.to.is_none(),
                        }
                })
                .map(|_| e.id.clone())
        })
        .next()
}
