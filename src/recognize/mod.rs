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

pub use phrases::{key_hash, phrase_keys, PhraseIndex};
pub use sentence::{sentences, FormSet, Forms, Sentence};

use crate::rules::{EntityKind, Rules};
use crate::span::Span;
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

/// How a mention was recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
    /// The events named so far (not by a back-reference), in the order first
    /// named, each with how often.
    pub named_events: Vec<(String, usize)>,
    /// Events named in this document that no table knows ("قمة منتدى …
    /// تستضيفها كوالالمبور يومي 28 و29 أكتوبر"), with the place and time the
    /// introducing sentence gives. Their ids are `local:N`.
    pub local_events: Vec<LocalEvent>,
    /// The last person named with each office ("minister" → who), so a bare
    /// "الوزير" later in the article points back to them.
    pub offices: HashMap<String, String>,
    /// People named in full so far with their words, so that a surname alone
    /// ("Quesada said") points back to them.
    pub people: Vec<(String, Vec<String>)>,
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
    /// Count one naming of an event.
    pub fn named(&mut self, id: &str) {
        match self.named_events.iter_mut().find(|(e, _)| e == id) {
            Some((_, n)) => *n += 1,
            None => self.named_events.push((id.to_string(), 1)),
        }
    }

    /// The event the article is about so far: the one named most often,
    /// the first named on a tie. An event the tables know comes before one
    /// only the article introduces ("weekend summit" in a headline, then
    /// "the Arab League summit" in the lead).
    pub fn main_event(&self) -> Option<&str> {
        let best = |tabled: bool| {
            let of_kind = || {
                self.named_events
                    .iter()
                    .filter(move |(e, _)| e.starts_with("local:") != tabled)
            };
            let most = of_kind().map(|(_, n)| *n).max()?;
            of_kind().find(|(_, n)| *n == most).map(|(e, _)| e.as_str())
        };
        best(true).or_else(|| best(false))
    }

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
    /// One-word names of people, each with its entity and its length in
    /// characters.
    fuzzy: Vec<(String, usize, usize)>,
    demonyms: PhraseIndex<String>,
    titles: PhraseIndex<TitleHit>,
    references: PhraseIndex<String>,
    conjunction: PhraseIndex<()>,
    /// Arabic head nouns that open a name: "اللجنة", "وزارة".
    opening_heads: PhraseIndex<EntityKind>,
    /// Arabic head nouns whose next word is a name: "حكومة" → a country.
    naming_heads: PhraseIndex<EntityKind>,
    /// Keys of every word the rules use as a non-name (triggers, cues,
    /// titles, prepositions…) plus Arabic function words: never part of a name.
    common: HashSet<String>,
    /// Number words and hedges ("Five heads of state …", "More than 40
    /// …"): a capital does not make them a name.
    figure_words: HashSet<String>,
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
            naming_heads: PhraseIndex::default(),
            common: FUNCTION_WORDS.iter().map(|w| w.to_string()).collect(),
            figure_words: rules
                .numbers
                .iter()
                .flat_map(|n| &n.words)
                .chain(rules.hedges.iter().flat_map(|h| &h.words))
                .flat_map(|w| phrase_keys(w))
                .collect(),
            closing_heads: HashMap::default(),
        };
        for h in &rules.name_heads {
            for p in &h.phrases {
                if h.position == "first" {
                    r.opening_heads.add(p, h.kind);
                } else if h.position == "next" {
                    r.naming_heads.add(p, h.kind);
                } else {
                    r.closing_heads.insert(crate::normalize::fold(p), h.kind);
                }
            }
        }
        let read_demonyms = demonyms(rules);
        for (i, e) in rules.entities.iter().enumerate() {
            for n in e.names() {
                r.aliases.add(n, i);
                let keys = phrase_keys(n);
                // transliteration variants are a matter of people's names;
                // place names one letter from a word ("أكتوبي"/"أكتوبر") are not fuzzed
                if let [k] = keys.as_slice() {
                    let n = k.chars().count();
                    if e.kind == EntityKind::Person && n >= FUZZY_MIN {
                        r.fuzzy.push((k.clone(), i, n));
                    }
                }
            }
            for d in &read_demonyms[i] {
                r.demonyms.add(d, e.id.clone());
            }
        }
        let words = rules
            .predicates
            .iter()
            .flat_map(|p| p.triggers.iter().chain(&p.recipient_triggers))
            .chain(rules.cues.iter().flat_map(|c| &c.phrases))
            .chain(
                rules
                    .titles
                    .iter()
                    .flat_map(|t| t.phrases.iter().chain(&t.plural)),
            )
            .chain(rules.prepositions.iter().flat_map(|p| &p.phrases))
            .chain(rules.objects.iter().flat_map(|o| &o.heads))
            .chain(rules.name_heads.iter().flat_map(|h| &h.phrases))
            .chain(rules.units.iter().flat_map(|u| &u.words))
            .chain(rules.numbers.iter().flat_map(|n| &n.words))
            .chain(&rules.not_names);
        for w in words {
            r.common.extend(phrase_keys(w));
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
        let times = crate::time::TimeGrammar::embedded().find(
            &s.norm.text,
            ctx.date,
            crate::time::Direction::Past,
        );
        self.mentions_with(rules, s, ctx, &times)
    }

    /// As [`Self::mentions`], with the sentence's time expressions already found.
    pub fn mentions_with(
        &self,
        rules: &Rules,
        s: &Sentence,
        ctx: &mut DocContext,
        times: &[crate::time::TimeExpr],
    ) -> Vec<Mention> {
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
                // "نظيره", "her counterpart": the office of the person named before it
                let prev = out
                    .iter()
                    .filter(|m| m.tokens.1 <= t && m.kind == EntityKind::Person)
                    .max_by_key(|m| m.tokens.1)
                    .and_then(|m| match m.entity.split_once('@') {
                        Some((o, _)) if !o.starts_with("name:") => Some(o.to_string()),
                        _ => office_of(rules, &m.entity).or_else(|| {
                            // a name no table knows, introduced with its office
                            ctx.offices
                                .iter()
                                .find(|(_, who)| **who == m.entity)
                                .map(|(o, _)| o.clone())
                        }),
                    })
                    .or_else(|| {
                        ctx.offices
                            .keys()
                            .next()
                            .filter(|_| ctx.offices.len() == 1)
                            .cloned()
                    });
                if let Some(prev) = prev {
                    office = prev;
                }
            }
            let mut countries = Vec::new();
            // "وزير الطاقة الجزائري": a portfolio of definite words may stand
            // between the title and the demonym
            let demonym_here = !self.demonyms.at(s, j).is_empty();
            for skip in (1..=2).filter(|_| !demonym_here) {
                let k = j + skip;
                let portfolio = (j..k).all(|x| x < n && !taken[x] && definite(&s.tokens[x].text));
                if portfolio && !self.demonyms.at(s, k).is_empty() {
                    j = k;
                    break;
                }
            }
            // "Ghana's foreign minister": the country stands before the title
            let mut owner: Option<usize> = None;
            if t >= 2 && s.tokens[t - 1].text == "s" {
                owner = out
                    .iter()
                    .position(|m| m.tokens.1 == t - 1 && m.kind == EntityKind::Country);
            }
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
            // "رئيس أرمينيا", "وزير خارجية كوبا", "the presidents of Chile and
            // Peru": the country named right after the office (an Arabic
            // construct, an English "of")
            if countries.is_empty() {
                let mut k = j;
                if k < n && !s.tokens[k].arabic && s.tokens[k].text == "of" {
                    k += 1;
                }
                while let Some(p) = out
                    .iter()
                    .position(|m| m.tokens.0 == k && m.kind == EntityKind::Country)
                {
                    let m = out.remove(p);
                    countries.push((m.tokens.0, m.tokens.1, m.entity.clone()));
                    j = m.tokens.1;
                    if !hit.plural {
                        break;
                    }
                    // "… Chile and Peru", "… مصر والأردن"
                    k = match self.conjunction.at(s, j).first() {
                        Some(&(e, _)) => e,
                        None => j,
                    };
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
            let mut start = t;
            if countries.is_empty() {
                if let Some(p) = owner {
                    let m = out.remove(p);
                    countries.push((m.tokens.1, end, m.entity.clone()));
                    start = m.tokens.0;
                    j = end;
                } else if !s.tokens[t].arabic {
                    // "Azerbaijani President Ilham Aliyev": English puts the
                    // demonym before the title (the demonym that ends at
                    // token `at`, with its first token)
                    let demonym_to = |at: usize| {
                        (at.saturating_sub(3)..at).find_map(|k| {
                            self.demonyms
                                .at(s, k)
                                .first()
                                .filter(|&&(e, _)| e == at && !taken[k..at].iter().any(|x| *x))
                                .map(|&(_, c)| (k, c.clone()))
                        })
                    };
                    // "the Saudi and Iranian foreign ministers", "Ethiopian,
                    // Sudanese and Egyptian ministers": demonyms joined before
                    // the title each name one holder
                    let mut next = demonym_to(t);
                    while let Some((k, c)) = next.take() {
                        if countries.iter().any(|x| x.2 == c) {
                            break;
                        }
                        countries.push((k, end, c));
                        start = k;
                        j = end;
                        let and = k >= 1 && s.tokens[k - 1].text == "and";
                        if and {
                            next = demonym_to(k - 1);
                        } else if k >= 1 && s.gap(k - 1, k).contains(',') {
                            next = demonym_to(k);
                        }
                    }
                }
            }
            let body = title.kind != EntityKind::Person;
            if countries.is_empty() && !hit.plural && !title.counterpart {
                // "وزير التجارة كمال الورتاني": a name no table knows after the office
                // (after up to two portfolio words: "وزير التجارة"); a body
                // of state has no holder
                let after = (0..=2)
                    .filter(|_| !body)
                    .map(|d| end + d)
                    .filter(|&k| {
                        k <= n && (end..k).all(|x| !taken[x] && definite(&s.tokens[x].text))
                    })
                    .find_map(|k| appositive_name(s, k, &taken, &self.common));
                if let Some((ne, name)) = after {
                    let id = format!("name:{name}");
                    ctx.offices.insert(office.clone(), id.clone());
                    out.push(Mention {
                        entity: id,
                        kind: EntityKind::Person,
                        tokens: (t, ne),
                        span: s.token_span(t, ne),
                        via: Via::Untabled,
                    });
                    taken[t..ne].iter_mut().for_each(|x| *x = true);
                    t = ne;
                    continue;
                }
                // a bare "الوزير" / "the minister": the one this article named
                if let Some(id) = ctx.offices.get(&office).cloned() {
                    let kind = rules.entity(&id).map_or(title.kind, |x| x.kind);
                    out.push(Mention {
                        entity: id,
                        kind,
                        tokens: (t, end),
                        span: s.token_span(t, end),
                        via: Via::Reference,
                    });
                    taken[t..end].iter_mut().for_each(|x| *x = true);
                }
                t = end.max(t + 1);
                continue;
            }
            let single = countries.len() == 1;
            for (k, e, c) in &countries {
                // an office no table fills still names someone: "president@egypt"
                let id = resolve_role(rules, &office, c, ctx.date)
                    .or_else(|| (office != "capital").then(|| format!("{office}@{c}")));
                let Some(mut id) = id else { continue };
                let (a, mut b) = if single { (start, *e) } else { (*k, *e) };
                // "وزير الطاقة الجزائري، رضا بوشناق،", "foreign minister, Efua Ansah-Dadzie":
                // the holder's name no table knows
                if single && !body && rules.entity(&id).is_none() {
                    if let Some((ne, name)) = appositive_name(s, b, &taken, &self.common) {
                        id = format!("name:{name}@{c}");
                        b = ne;
                    }
                }
                let kind = rules.entity(&id).map_or(title.kind, |x| x.kind);
                if kind == EntityKind::Person {
                    ctx.offices.insert(office.clone(), id.clone());
                }
                out.push(Mention {
                    entity: id,
                    kind,
                    tokens: (a, b),
                    span: s.token_span(a, b),
                    via: Via::Role,
                });
                taken[a..b].iter_mut().for_each(|x| *x = true);
                j = j.max(b);
            }
            t = j.max(t + 1);
        }
        // 4. names no table knows: capitalised runs in Latin script
        self.untabled_names(s, ctx, &mut taken, &mut out);
        // a time expression ends a name: "بوزارة الطاقة اليوم الاثنين"
        let mut blocked = vec![false; n];
        for tx in times {
            for (k, tok) in s.tokens.iter().enumerate() {
                if tok.start < tx.end && tx.start < tok.end {
                    blocked[k] = true;
                }
            }
        }
        self.headed_names(s, &blocked, &mut taken, &mut out);
        // 5. group and back-references
        for (a, b, refers) in self.references.scan(s) {
            if taken[a..b].iter().any(|x| *x) {
                continue;
            }
            // "الرئيس المصري ونظيره الإندونيسي … بين البلدين": the two countries
            // of this very sentence first, else the article's two leading ones
            let here: Vec<String> = {
                let mut v: Vec<String> = Vec::new();
                for m in out.iter().filter(|m| m.via != Via::Reference) {
                    if let Some(c) = rules.country_of(&m.entity) {
                        if !v.contains(&c) {
                            v.push(c);
                        }
                    }
                }
                v
            };
            let ids: Vec<String> = if refers == "countries" && here.len() == 2 {
                here
            } else if refers == "countries" {
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
        self.editions(rules, s, &mut out);
        for m in &out {
            if m.kind == EntityKind::Person
                && m.via != Via::Reference
                && m.entity.starts_with("name:")
            {
                let words: Vec<String> = s.tokens[m.tokens.0..m.tokens.1]
                    .iter()
                    .map(|t| t.text.clone())
                    .collect();
                ctx.people.push((m.entity.clone(), words));
            }
        }
        for m in &out {
            if m.via == Via::Reference {
                continue;
            }
            if let Some(c) = rules.country_of(&m.entity) {
                *ctx.countries.entry(c).or_insert(0) += 1;
            }
            if let Some(class) = rules.entity(&m.entity).and_then(|e| e.class.clone()) {
                ctx.last_event.insert(class, m.entity.clone());
                ctx.named(&m.entity);
            }
        }
        out
    }

    /// A year written beside an event's name says which edition it is ("the
    /// 2023 AFCON", "كأس أمم أفريقيا 2025", "BRICS summit 2023"): for a series
    /// the tables know, the instance of that year; for a name no table knows,
    /// the year joins the name ("name:afcon-2025"), so two editions are two
    /// events however near their articles' dates.
    fn editions(&self, rules: &Rules, s: &Sentence, out: &mut [Mention]) {
        let year_at = |k: usize| {
            let t = s.tokens.get(k)?;
            let y: i32 = t.text.parse().ok()?;
            (t.text.len() == 4 && (1950..=2100).contains(&y)).then_some(y)
        };
        for m in out.iter_mut() {
            if m.via == Via::Reference || m.entity.contains('@') {
                continue;
            }
            let Some(year) =
                year_at(m.tokens.1).or_else(|| m.tokens.0.checked_sub(1).and_then(year_at))
            else {
                continue;
            };
            if let Some(e) = rules.entity(&m.entity) {
                let Some(series) = e.series.as_deref() else {
                    // a recurring event the tables know without its editions
                    if e.kind == EntityKind::Event {
                        m.entity = format!("{}-{year}", m.entity);
                    }
                    continue;
                };
                // the instance of this series in that year
                if let Some(inst) = rules.entities.iter().find(|x| {
                    x.series.as_deref() == Some(series)
                        && x.time
                            .as_deref()
                            .and_then(crate::rules::parse_interval)
                            .is_some_and(|(f, _)| f.year() == year)
                }) {
                    m.entity = inst.id.clone();
                }
            } else if m.kind == EntityKind::Event && m.entity.starts_with("name:") {
                let suffix = format!("-{year}");
                if !m.entity.ends_with(&suffix) {
                    m.entity.push_str(&suffix);
                }
            }
        }
    }

    /// Capitalised runs ("Africa Coffee Producers Forum", "Kano Royals")
    /// become entities keyed by their normalized form, so the same name in
    /// two documents is one entity. The kind comes from the context: a title
    /// before it (person), a place preposition (city), a head word (event,
    /// organisation).
    fn untabled_names(
        &self,
        s: &Sentence,
        ctx: &DocContext,
        taken: &mut [bool],
        out: &mut Vec<Mention>,
    ) {
        let n = s.tokens.len();
        let mut t = 0;
        while t < n {
            let starts = s.caps[t]
                && !taken[t]
                && !s.tokens[t].arabic
                && !is_capital_stopword(&s.tokens[t].text)
                && !self.figure_words.contains(crate::normalize::key(&s.tokens[t].text))
                // "Turkish", "Azerbaijani": a demonym, not a name
                && self.demonyms.at(s, t).is_empty();
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
            // "Belmora's defence ministry": a possessive makes a name of
            // even a lone opening word, and a government noun after it a country
            let possessive = e < n && s.tokens[e].text == "s" && s.gap(e - 1, e).contains('\'');
            let governed = possessive
                && [e + 1, e + 2].iter().any(|&k| {
                    s.tokens
                        .get(k)
                        .is_some_and(|w| GOVERNMENT.contains(&w.text.as_str()))
                });
            // "the Peruvian minister", "Western lenders": a lone adjective of
            // nationality or direction no table lists is no name
            let w = &s.tokens[t].text;
            if e == t + 1
                && ["ian", "ean", "ese", "ish", "ern"]
                    .iter()
                    .any(|x| w.ends_with(x))
                && s.tokens.get(e).is_some_and(|nx| !nx.arabic && !s.caps[e])
            {
                t = e;
                continue;
            }
            // "Quesada said": a surname of a name this article gave in full
            if e == t + 1 {
                if let Some(id) = ctx
                    .people
                    .iter()
                    .find(|(_, words)| words.len() > 1 && words.contains(&s.tokens[t].text))
                    .map(|(id, _)| id.clone())
                {
                    out.push(Mention {
                        entity: id,
                        kind: EntityKind::Person,
                        tokens: (t, e),
                        span: s.token_span(t, e),
                        via: Via::Reference,
                    });
                    taken[t] = true;
                    t = e;
                    continue;
                }
            }
            // a lone capitalised word opening the sentence is just a capital,
            // after a dateline too ("CAIRO — Unfortunately, the talks …")
            let opening = t == 0 || {
                let g = s.gap(t - 1, t);
                g.contains(['—', '–']) || (g.trim() == "-" && g.len() > 1)
            };
            if opening && e == t + 1 && !possessive {
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
            let prep_at = |k: usize| {
                matches!(
                    s.tokens[k].text.as_str(),
                    "in" | "at" | "to" | "from" | "into"
                )
            };
            let after_place_prep = (t > 0 && prep_at(t - 1))
                || (t > 1 && s.tokens[t - 1].text == "the" && prep_at(t - 2));
            let kind = if governed {
                EntityKind::Country
            } else if before_title {
                EntityKind::Person
            } else if let Some(&k) = self.closing_heads.get(last).or_else(|| {
                // "Africa Cup of Nations", "Conference of the Parties": the
                // head stands before "of"
                let of = words.iter().position(|w| *w == "of")?;
                self.closing_heads.get(*words.get(of.checked_sub(1)?)?)
            }) {
                k
            } else if after_place_prep {
                EntityKind::City
            } else {
                EntityKind::Organization
            };
            // "The Amman Criminal Court": a place name that opens a longer
            // name is part of it, not a place or party of its own
            let mut start = t;
            let mut words: Vec<&str> = words;
            if self.closing_heads.contains_key(last)
                && t > 0
                && taken[t - 1]
                && s.gap(t - 1, t).trim().is_empty()
            {
                if let Some(p) = out
                    .iter()
                    .position(|m| m.tokens.1 == t && m.kind.is_place() && s.caps[m.tokens.0])
                {
                    let m = out.remove(p);
                    let mut all: Vec<&str> = s.tokens[m.tokens.0..m.tokens.1]
                        .iter()
                        .map(|x| x.text.as_str())
                        .collect();
                    all.extend(words);
                    words = all;
                    start = m.tokens.0;
                }
            }
            let id = format!("name:{}", words.join("-"));
            out.push(Mention {
                entity: id,
                kind,
                tokens: (start, e),
                span: s.token_span(start, e),
                via: Via::Untabled,
            });
            taken[start..e].iter_mut().for_each(|x| *x = true);
            t = e;
        }
    }

    /// Arabic names no table knows, opened by a head noun and continued by
    /// the definite words of its construct chain: "اللجنة العليا المشتركة
    /// التونسية الليبية", "وزارة الخارجية". The chain stops at the first word
    /// without the article (a verb, an indefinite noun, "اجتماعها").
    fn headed_names(
        &self,
        s: &Sentence,
        blocked: &[bool],
        taken: &mut [bool],
        out: &mut Vec<Mention>,
    ) {
        let n = s.tokens.len();
        let mut t = 0;
        while t < n {
            if let Some(&(end, &kind)) = self.naming_heads.at(s, t).first() {
                // "حكومة فالدوريا", "مدينة نواذيبو": the word after is the name
                let ok = end < n
                    && !taken[end]
                    && !blocked[end]
                    && s.tokens[end].arabic
                    // "فالدوريا" is a name, not فـ + الـ: only a bare article counts here
                    && !s.tokens[end].text.starts_with("ال")
                    && s.gap(end - 1, end).trim().is_empty()
                    && s.tokens[end].text.chars().count() >= 3;
                if ok && !taken[t..end].iter().any(|x| *x) {
                    // "فريقا نجم الخليج وأتلتيكو سيرينا": up to two words a
                    // name, and a second name after the conjunction
                    let mut a = end;
                    t = end;
                    for round in 0..2 {
                        let mut e = a;
                        while e < n && e - a < 2 && !taken[e] && !blocked[e] && s.tokens[e].arabic {
                            let w = &s.forms[e];
                            if (e > a
                                && (s.tokens[e].text.starts_with('و')
                                    || !s.gap(e - 1, e).trim().is_empty()))
                                || w.all.iter().any(|f| self.common.contains(f))
                            {
                                break;
                            }
                            e += 1;
                        }
                        if e == a {
                            break;
                        }
                        // the conjunction is a clitic on the second name's first word
                        let keys: Vec<String> = (a..e)
                            .map(|k| {
                                let f = &s.forms[k].all[0];
                                if round == 1 && k == a {
                                    f.strip_prefix('و').unwrap_or(f).to_string()
                                } else {
                                    f.clone()
                                }
                            })
                            .collect();
                        out.push(Mention {
                            entity: format!("name:{}", keys.join("-")),
                            kind,
                            tokens: (a, e),
                            span: s.token_span(a, e),
                            via: Via::Untabled,
                        });
                        taken[a..e].iter_mut().for_each(|x| *x = true);
                        t = e;
                        if e < n
                            && s.tokens[e].text.starts_with('و')
                            && s.tokens[e].text.chars().count() > 3
                            && !taken[e]
                        {
                            a = e;
                        } else {
                            break;
                        }
                    }
                    continue;
                }
            }
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
                && !blocked[e]
                && definite(&s.tokens[e].text)
                && s.gap(e - 1, e).trim().is_empty()
            {
                e += 1;
            }
            if e == end {
                t = end; // a bare head ("اللجنة") is a reference, not a name
                continue;
            }
            // «المعرض الدولي للصناعات الغذائية "أغروفود المغرب"»: a quoted
            // name right after the chain is the proper name
            let (mut ka, mut ke) = (t, e);
            if e < n && s.gap(e - 1, e).contains('"') {
                let mut q = e;
                while q < n && q - e < 4 && !s.gap(q, (q + 1).min(n - 1)).contains('"') {
                    q += 1;
                }
                if q < n && q - e < 4 && s.gap(q, (q + 1).min(n)).contains('"') || q == n - 1 {
                    ka = e;
                    ke = (q + 1).min(n);
                    e = ke;
                }
            }
            let keys: Vec<&str> = s.forms[ka..ke].iter().map(|f| f.all[0].as_str()).collect();
            // the quoted name wins over names inside it ("… المغرب")
            out.retain(|m| m.tokens.1 <= ka || m.tokens.0 >= ke);
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
            let first = f.chars().next();
            let mut best: Option<usize> = None;
            for (k, i, kn) in &self.fuzzy {
                // one edit away: as long give or take one (told without
                // a distance worked out), and then at distance one
                if kn.abs_diff(n) <= 1
                    && k.chars().next() == first
                    && strsim::levenshtein(k, f) == 1
                {
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

/// Nouns that, after "X's", make X a country: "Belmora's defence ministry".
const GOVERNMENT: &[&str] = &[
    "government",
    "ministry",
    "president",
    "prime",
    "foreign",
    "defence",
    "defense",
    "army",
    "military",
    "parliament",
    "embassy",
    "cabinet",
    "interior",
    "trade",
    "energy",
    "finance",
    "armed",
    "navy",
];

/// Lowercase words that may join a capitalised name ("Bank of England").
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "al", "el", "la", "du", "von", "van", "bin", "ibn",
];

/// The demonyms each entity is read by, in the order of `rules.entities`:
/// those its table lists and, for a country, the regular ones
/// ([`derived_demonyms`]). A regular form two countries both make
/// ("Nigerian" of Niger and of Nigeria), or one another entity lists, is
/// left to the tables.
pub fn demonyms(rules: &Rules) -> &[Vec<String>] {
    rules.demonyms.get_or_init(|| demonyms_of(rules))
}

/// [`demonyms`], worked out.
fn demonyms_of(rules: &Rules) -> Vec<Vec<String>> {
    let fold = crate::normalize::fold;
    let mut listed: HashMap<String, &str> = HashMap::default();
    let mut made_by: HashMap<String, usize> = HashMap::default();
    let derived: Vec<Vec<(String, String)>> = rules
        .entities
        .iter()
        .map(|e| {
            for d in &e.demonyms {
                listed.entry(fold(d)).or_insert(e.id.as_str());
            }
            if e.kind != EntityKind::Country {
                return Vec::new();
            }
            // each form once by its folded key, folded once (not at every
            // comparison of the sort)
            let mut own: Vec<(String, String)> = derived_demonyms(e)
                .into_iter()
                .map(|d| (fold(&d), d))
                .collect();
            own.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            own.dedup_by(|a, b| a.0 == b.0);
            for (f, _) in &own {
                *made_by.entry(f.clone()).or_default() += 1;
            }
            own
        })
        .collect();
    rules
        .entities
        .iter()
        .zip(derived)
        .map(|(e, own)| {
            let mut out = e.demonyms.clone();
            out.extend(own.into_iter().filter_map(|(f, d)| {
                (made_by.get(&f).is_some_and(|&n| n == 1)
                    && listed.get(&f).is_none_or(|&id| id == e.id))
                .then_some(d)
            }));
            out
        })
        .collect()
}

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
    // English: the regular endings (Kenya → Kenyan, Azerbaijan → Azerbaijani,
    // Egypt → Egyptian, Italy → Italian, Senegal → Senegalese); a form that
    // is not a word never occurs in text, so over-generating is harmless
    for name in &e.en {
        if name.contains(' ') || name.len() < 4 {
            continue;
        }
        let stem = name
            .strip_suffix('y')
            .or_else(|| name.strip_suffix('e'))
            .unwrap_or(name);
        for suffix in ["n", "an", "ian", "i", "ese"] {
            out.push(format!("{name}{suffix}"));
            out.push(format!("{stem}{suffix}"));
        }
    }
    out
}

/// A name set off after an office: "، رضا بوشناق،" or ", Efua Ansah-Dadzie,"
/// (between commas), or a capitalised run right after it ("minister Laura
/// Quesada"). Returns the end token and the name's key.
fn appositive_name(
    s: &Sentence,
    at: usize,
    taken: &[bool],
    common: &HashSet<String>,
) -> Option<(usize, String)> {
    let n = s.tokens.len();
    if at >= n || taken[at] {
        return None;
    }
    let comma = |g: &str| g.contains(',');
    let opened = at > 0 && comma(s.gap(at - 1, at));
    // without commas an Arabic name is two words ("كمال الورتاني"), one more
    // for each connector ("عبد الفتاح السيسي", "سلمان بن عبد العزيز"), none of
    // them a word of the lexicons
    let limit = if opened || !s.tokens[at].arabic {
        4
    } else {
        2 + s.forms[at..(at + 3).min(n)]
            .iter()
            .filter(|f| NAME_LINKS.contains(&f.all[0].as_str()))
            .count()
    };
    // a name runs on from its title: no colon or quotation mark between
    if at > 0 && !opened && !s.gap(at - 1, at).trim().is_empty() {
        return None;
    }
    let mut e = at;
    while e < n && e - at < limit && !taken[e] {
        if e > at && !opened && !s.gap(e - 1, e).trim().is_empty() {
            break;
        }
        let latin = !s.tokens[e].arabic;
        // "Salman bin Abdulaziz": a connector between two capitalised words
        let joins =
            e > at && e + 1 < n && s.caps[e + 1] && CONNECTORS.contains(&s.tokens[e].text.as_str());
        if latin && !s.caps[e] && !joins {
            break;
        }
        let word = &s.forms[e].all[0];
        let link = e > at && NAME_LINKS.contains(&word.as_str());
        if !latin
            && !link
            && ((definite(&s.tokens[e].text) && e == at)
                || common.contains(word)
                || s.forms[e].all.iter().any(|f| common.contains(f)))
        {
            break;
        }
        e += 1;
        if e < n && (comma(s.gap(e - 1, e)) || s.gap(e - 1, e).contains(['.', '('])) {
            break;
        }
    }
    if e == at {
        return None;
    }
    let closed = e >= n || comma(s.gap(e - 1, e)) || s.gap(e - 1, e).contains(['.', '(']);
    let latin_run = !s.tokens[at].arabic;
    if !(latin_run || opened && closed) && e - at < 2 {
        return None;
    }
    let keys: Vec<&str> = s.forms[at..e].iter().map(|f| f.all[0].as_str()).collect();
    Some((e, keys.join("-")))
}

/// Words that join the parts of an Arabic name.
const NAME_LINKS: &[&str] = &["بن", "ابن", "ابو", "عبد", "ابي", "بنت"];

/// Arabic words that are never part of a name: particles and pronouns. The
/// rules' own words (triggers, cues, titles…) are added when the recognizer is
/// built.
const FUNCTION_WORDS: &[&str] = &[
    "في",
    "من",
    "الى",
    "على",
    "عن",
    "مع",
    "ان",
    "الذي",
    "التي",
    "قد",
    "لم",
    "لن",
    "ثم",
    "او",
    "خلال",
    "بعد",
    "قبل",
    "منذ",
    "حيث",
    "كما",
    "بين",
    "عند",
    "لدى",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "كان",
    "كانت",
    "يوم",
    "امس",
    "غدا",
    "هو",
    "هي",
    "هم",
    "انه",
    "انها",
    "اليوم",
    "الان",
    "ايضا",
    "اي",
    "كل",
    "بعض",
    "غير",
    "سوى",
    "حتى",
    "اذا",
    "لكن",
    "بل",
];

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

/// Who held `office` of `country` on `date`. With no date, only an office
/// held without a term resolves (a capital): a person's office is left open
/// ("foreign minister@iran"), never today's holder picked by default.
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
    let holders = rules.compiled().holders.get(office)?.get(country)?;
    holders
        .iter()
        .map(|&i| &rules.entities[i])
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
                            None => r.to.is_none() && r.from.is_none(),
                        }
                })
                .map(|_| e.id.clone())
        })
        .next()
}
