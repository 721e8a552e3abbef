//! Loading and validating `rules/`: the lexicons, entity tables and patterns that
//! drive recognition and extraction.
//!
//! Every rule file is TOML naming its `kind`, parsed with `deny_unknown_fields` so
//! that a typo is an error with the file and line, never a silent no-op. The
//! defaults are embedded in the binary; `--rules DIR` adds files on top (an entity
//! with an id that already exists replaces the embedded one). Each file ends with
//! `[[test]]` examples that `crosscheck rules test` and the test suite run.

mod examples;
mod model;

pub use examples::run_tests;
pub use model::*;

use crate::error::{Error, Result};
use include_dir::{include_dir, Dir};
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The first line number a message names ("line 12", "at line 1333,").
fn line_in(message: &str) -> Option<usize> {
    let at = message.find("line ")? + "line ".len();
    let digits: String = message[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Word lists of `claims` files, by the role they play around a figure.
#[derive(Debug, Default, Clone)]
pub struct ClaimWords {
    /// Before a figure: a part or a rate, not a total ("بينهم", "for each").
    pub part: Vec<String>,
    /// After a figure: a rate ("for each", "لكل").
    pub rate: Vec<String>,
    /// After a figure: the list of what it counts ("including", "بينهم").
    pub member: Vec<String>,
    /// Words a retelling may add, drop or move ("the", "خلال").
    pub filler: Vec<String>,
    /// The figure stands so far ("حتى الساعة", "so far").
    pub interim: Vec<String>,
    /// The figure corrects an earlier one ("adjusting the numbers").
    pub correction: Vec<String>,
    /// A negation and the word after it that negate nothing ("لا تزال").
    pub not_negation: Vec<String>,
    /// Verbs that negate the claim they govern ("cancelled", "يلغي").
    pub negating: Vec<String>,
    /// Words that negate the word after them ("غير").
    pub privative: Vec<String>,
    /// Words of a level, not a move ("أعلى", "highest").
    pub level: Vec<String>,
    /// After a number: a measure, not a count ("24 hours").
    pub measure: Vec<String>,
    pub conjunction: Vec<String>,
    pub determiner: Vec<String>,
    pub set_determiner: Vec<String>,
    pub exception: Vec<String>,
    pub number_link: Vec<String>,
    pub open_gap: Vec<String>,
}

/// All rules in force for a run.
#[derive(Debug, Default, Clone)]
pub struct Rules {
    pub entities: Vec<EntityDef>,
    pub predicates: Vec<PredicateDef>,
    pub cues: Vec<CueDef>,
    pub titles: Vec<TitleDef>,
    pub references: Vec<ReferenceDef>,
    pub prepositions: Vec<PrepositionDef>,
    pub name_heads: Vec<NameHeadDef>,
    pub not_names: Vec<String>,
    pub ingest: IngestRules,
    pub numbers: Vec<NumberDef>,
    /// What numbers count, for generic claims (`claims` files).
    pub counts: Vec<CountDef>,
    /// Heads of generic claims: lemma and its words in both languages.
    pub heads: Vec<HeadDef>,
    /// Scopes of generic claims: what part of a story a figure covers.
    pub scopes: Vec<HeadDef>,
    /// Words and their opposites, for sentences retold with one swapped.
    pub antonyms: Vec<AntonymDef>,
    pub classes: Vec<ClassDef>,
    /// Scale words after a number: thousand, ألف, million, bn.
    pub scales: Vec<NumberDef>,
    /// Vague counts standing alone ("dozens", "آلاف"), by their order.
    pub magnitudes: Vec<NumberDef>,
    /// The small word lists generic claims read by role.
    pub claim_words: ClaimWords,
    pub units: Vec<UnitDef>,
    pub hedges: Vec<HedgeDef>,
    /// Verbs whose subject's event lasts the length after them ("lasted").
    pub length_verbs: Vec<String>,
    /// Ordinal words, and the nouns whose edition they number.
    pub ordinals: Vec<NumberDef>,
    pub edition_nouns: Vec<String>,
    pub objects: Vec<ObjectClassDef>,
    /// `[[test]]` examples with the file they came from.
    pub tests: Vec<(String, RuleTest)>,
    /// Files loaded, in order, with their kind (for `rules list`).
    pub files: Vec<(String, String)>,
    by_id: HashMap<String, usize>,
    compiled: std::sync::OnceLock<Compiled>,
    /// The demonyms each entity is read by ([`crate::recognize::demonyms`]),
    /// worked out once: the recognizer and the retold check both read them.
    pub(crate) demonyms: std::sync::OnceLock<Vec<Vec<String>>>,
    /// Every rule file's name and text, hashed in the order loaded.
    hasher: blake3::Hasher,
}

/// Regexes compiled once per rule set (checked valid by [`Rules::validate`]).
#[derive(Debug, Default, Clone)]
pub struct Compiled {
    pub outlets: Vec<regex::Regex>,
    pub furniture: Vec<regex::Regex>,
    /// The ingest markers folded as article text is, once for every page.
    pub tail_markers: Vec<String>,
    pub furniture_words: Vec<String>,
    /// Office → country → the entities (by index, in table order) that held
    /// it at some time: who may fill an office, without a scan of every
    /// entity for every title in a text.
    pub holders: HashMap<String, HashMap<String, Vec<usize>>>,
}

/// A rule file parsed: its kind, and what it holds (none for the time
/// grammar, which is compiled on its own and only checked here).
type Parsed = (String, Option<RuleFile>);

/// Parse one rule file; errors name the file and the line.
fn parse_file(path: &str, text: &str) -> Result<Parsed> {
    let err = |e: toml::de::Error| Error::Rule {
        path: path.to_string(),
        line: e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        }),
        message: e.message().to_string(),
    };
    // one parse of the text: the kind is read from the table, and the
    // file's contents from the same table (again from the text only for an
    // error, which then names its line)
    let table: toml::Table = toml::from_str(text).map_err(err)?;
    let kind = match table.get("kind") {
        Some(toml::Value::String(k)) => k.clone(),
        _ => toml::from_str::<KindOnly>(text).map_err(err)?.kind,
    };
    let file: RuleFile = match kind.as_str() {
        "time" | "time-grammar" => {
            if text == crate::time::EMBEDDED_TEXT {
                // the shipped grammar: compiled once, here and for use
                crate::time::TimeGrammar::embedded();
            } else {
                crate::time::TimeGrammar::from_toml(text).map_err(|message| Error::Rule {
                    path: path.to_string(),
                    // the grammar's messages carry their line ("line 12: …",
                    // "TOML parse error at line 1333, column 1")
                    line: line_in(&message).unwrap_or(1),
                    message,
                })?;
            }
            return Ok((kind, None));
        }
        "entities" | "predicates" | "cues" | "titles" | "objects" | "numbers" | "claims"
        | "ingest" => match toml::Value::Table(table).try_into() {
            Ok(file) => file,
            Err(_) => toml::from_str(text).map_err(err)?,
        },
        other => {
            let at = text.find("kind").unwrap_or(0);
            return Err(Error::Rule {
                path: path.to_string(),
                line: text[..at].matches('\n').count() + 1,
                message: format!(
                    "unknown rule kind {other:?}: expected entities, predicates, cues, titles, objects, numbers, claims, ingest or time-grammar"
                ),
            });
        }
    };
    Ok((kind, Some(file)))
}

impl Rules {
    /// The rules embedded in the binary.
    pub fn embedded() -> Result<Rules> {
        let mut rules = Rules::default();
        let mut files: Vec<_> = Vec::new();
        collect(&EMBEDDED, &mut files);
        files.sort_by(|a, b| a.0.cmp(&b.0));
        // parsing is most of start-up, and each file parses alone: on every
        // core, then added in name order
        use rayon::prelude::*;
        let parsed: Vec<(String, Result<Parsed>)> = files
            .par_iter()
            .map(|(name, text)| {
                let path = format!("rules/{name}");
                let parsed = parse_file(&path, text);
                (path, parsed)
            })
            .collect();
        for ((path, parsed), (_, text)) in parsed.into_iter().zip(&files) {
            rules.add_parsed(&path, text, parsed)?;
        }
        rules.finish();
        Ok(rules)
    }

    /// The embedded rules plus every `.toml` file under `dir`.
    pub fn with_dir(dir: &Path) -> Result<Rules> {
        let mut rules = Rules::embedded()?;
        let mut paths = Vec::new();
        walk_toml(dir, &mut paths).map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|source| Error::Read {
                path: p.clone(),
                source,
            })?;
            rules.add_file(&p.display().to_string(), &text)?;
        }
        rules.finish();
        Ok(rules)
    }

    /// What the statements these rules make depend on: every rule file's
    /// name and text, and this program's version. An archive built with
    /// another fingerprint holds statements made by other rules.
    pub fn fingerprint(&self) -> String {
        let mut h = self.hasher.clone();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.finalize().to_hex()[..16].to_string()
    }

    /// Parse one rule file and add what it holds.
    pub fn add_file(&mut self, path: &str, text: &str) -> Result<()> {
        self.add_parsed(path, text, parse_file(path, text))
    }

    /// Add a rule file already parsed by [`parse_file`].
    fn add_parsed(&mut self, path: &str, text: &str, parsed: Result<Parsed>) -> Result<()> {
        self.hasher.update(path.as_bytes());
        self.hasher.update(&[0]);
        self.hasher.update(text.as_bytes());
        self.hasher.update(&[0]);
        let (kind, file) = parsed?;
        let Some(file) = file else {
            self.files.push((path.to_string(), kind));
            return Ok(());
        };
        self.files.push((path.to_string(), kind));
        for t in file.test {
            self.tests.push((path.to_string(), t));
        }
        for e in file.entity {
            if let Some(&i) = self.by_id.get(&e.id) {
                self.entities[i].merge(e);
            } else {
                self.by_id.insert(e.id.clone(), self.entities.len());
                self.entities.push(e);
            }
        }
        self.predicates.extend(file.predicate);
        self.cues.extend(file.cue);
        self.titles.extend(file.title);
        self.references.extend(file.reference);
        self.prepositions.extend(file.preposition);
        self.name_heads.extend(file.name_head);
        self.not_names
            .extend(file.not_name.into_iter().flat_map(|n| n.words));
        self.numbers.extend(file.number);
        self.units.extend(file.unit);
        self.hedges.extend(file.hedge);
        self.length_verbs
            .extend(file.length_verb.into_iter().flat_map(|n| n.words));
        self.ordinals.extend(file.ordinal);
        self.edition_nouns
            .extend(file.edition_noun.into_iter().flat_map(|n| n.words));
        self.objects.extend(file.object);
        self.counts.extend(file.count);
        self.heads.extend(file.head);
        self.scopes.extend(file.scope);
        self.antonyms.extend(file.antonym);
        self.classes.extend(file.class);
        self.scales.extend(file.scale);
        self.magnitudes.extend(file.magnitude);
        let words = |lists: Vec<WordsDef>| lists.into_iter().flat_map(|n| n.words);
        let c = &mut self.claim_words;
        c.part.extend(words(file.part_marker));
        c.rate.extend(words(file.rate_marker));
        c.member.extend(words(file.member_marker));
        c.filler.extend(words(file.filler));
        c.interim.extend(words(file.interim_marker));
        c.correction.extend(words(file.correction_marker));
        c.not_negation.extend(words(file.not_negation));
        c.negating.extend(words(file.negating));
        c.privative.extend(words(file.privative));
        c.level.extend(words(file.level));
        c.measure.extend(words(file.measure));
        c.conjunction.extend(words(file.conjunction));
        c.determiner.extend(words(file.determiner));
        c.set_determiner.extend(words(file.set_determiner));
        c.exception.extend(words(file.exception));
        c.number_link.extend(words(file.number_link));
        c.open_gap.extend(words(file.open_gap));
        if let Some(i) = file.ingest {
            for p in i.outlet_patterns.iter().chain(&i.furniture_patterns) {
                if let Err(e) = regex::Regex::new(p) {
                    let at = text.find(p.as_str()).unwrap_or(0);
                    return Err(Error::Rule {
                        path: path.to_string(),
                        line: text[..at].matches('\n').count() + 1,
                        message: format!("bad pattern: {e}"),
                    });
                }
            }
            self.ingest.merge(i);
        }
        Ok(())
    }

    fn finish(&mut self) {
        self.compiled = std::sync::OnceLock::new();
        self.demonyms = std::sync::OnceLock::new();
        self.by_id = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    pub fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let re = |ps: &[String]| {
                ps.iter()
                    .filter_map(|p| regex::Regex::new(p).ok())
                    .collect()
            };
            Compiled {
                outlets: re(&self.ingest.outlet_patterns),
                furniture: re(&self.ingest.furniture_patterns),
                tail_markers: self
                    .ingest
                    .tail_markers
                    .iter()
                    .map(|m| crate::normalize::fold(m))
                    .collect(),
                furniture_words: self
                    .ingest
                    .furniture
                    .iter()
                    .map(|m| crate::normalize::fold(m))
                    .collect(),
                holders: {
                    let mut h: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::default();
                    for (i, e) in self.entities.iter().enumerate() {
                        for r in &e.roles {
                            let list = h
                                .entry(r.office.clone())
                                .or_default()
                                .entry(r.of.clone())
                                .or_default();
                            if list.last() != Some(&i) {
                                list.push(i);
                            }
                        }
                    }
                    h
                },
            }
        })
    }

    pub fn entity(&self, id: &str) -> Option<&EntityDef> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Validate cross references: every `part_of`, `country`, `place` and role
    /// target names a known entity. Returns one message per problem.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let ing = &self.ingest;
        for p in ing.outlet_patterns.iter().chain(&ing.furniture_patterns) {
            if let Err(e) = regex::Regex::new(p) {
                problems.push(format!("ingest pattern {p:?}: {e}"));
            }
        }
        for e in &self.entities {
            let refs = [&e.part_of, &e.country, &e.place];
            for r in refs.into_iter().flatten() {
                if self.entity(r).is_none() {
                    problems.push(format!("entity {}: unknown reference {r}", e.id));
                }
            }
            for role in &e.roles {
                if self.entity(&role.of).is_none() {
                    problems.push(format!("entity {}: role of unknown {}", e.id, role.of));
                }
            }
            if e.names().next().is_none() {
                problems.push(format!("entity {}: has no names", e.id));
            }
        }
        for c in &self.classes {
            if !["object", "participants", "place", "time", "claim"].contains(&c.slot.as_str()) {
                problems.push(format!(
                    "class {}: slot {:?} is none of object, participants, place, time, claim",
                    c.name, c.slot
                ));
            }
            if c.members.len() < 2 || c.members.iter().any(Vec::is_empty) {
                problems.push(format!(
                    "class {}: needs two members or more, each with words",
                    c.name
                ));
            }
        }
        problems
    }

    /// Walk up the part-of chain: the entity itself, then its containers.
    pub fn ancestors(&self, id: &str) -> Vec<String> {
        if let Some((_, container)) = id.split_once('@') {
            let mut out = vec![id.to_string()];
            out.extend(self.ancestors(container));
            return out;
        }
        let mut out = vec![id.to_string()];
        let mut cur = id.to_string();
        while let Some(next) = self.entity(&cur).and_then(|e| e.part_of.clone()) {
            if out.contains(&next) || out.len() > 16 {
                break;
            }
            out.push(next.clone());
            cur = next;
        }
        out
    }

    /// The country an entity belongs to: itself for a country, the `country`
    /// of a person or organisation, or the country a place lies in.
    pub fn country_of(&self, id: &str) -> Option<String> {
        // an office no table fills ("president@egypt"), or a venue no table
        // knows placed in the city its sentence names ("name:…-stadium@doha")
        if let Some((_, c)) = id.split_once('@') {
            return self.country_of(c).or_else(|| Some(c.to_string()));
        }
        let e = self.entity(id)?;
        if e.kind == EntityKind::Country {
            return Some(e.id.clone());
        }
        if let Some(c) = &e.country {
            return Some(c.clone());
        }
        self.ancestors(id).into_iter().skip(1).find(|a| {
            self.entity(a)
                .is_some_and(|x| x.kind == EntityKind::Country)
        })
    }

    /// The count class of generic claims named `class`.
    pub fn count_class(&self, class: &str) -> Option<&CountDef> {
        self.counts.iter().find(|c| c.class == class)
    }

    /// Display label of an entity id, in English where known.
    pub fn label(&self, id: &str) -> String {
        // a name no table knows is shown by its words, Latin ones capitalised
        let words = |name: &str| {
            name.split('-')
                .map(|w| {
                    let mut cs = w.chars();
                    match cs.next() {
                        Some(f)
                            if f.is_ascii_alphabetic()
                                || f.is_alphabetic() && !crate::normalize::is_arabic(f) =>
                        {
                            f.to_uppercase().chain(cs).collect::<String>()
                        }
                        _ => w.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some((office, c)) = id.split_once('@') {
            if let Some(name) = office.strip_prefix("name:") {
                return format!("{} ({})", words(name), self.label(c));
            }
            return format!("{office} of {}", self.label(c));
        }
        if let Some(name) = id.strip_prefix("name:") {
            return words(name);
        }
        if let Some(e) = self.entity(id) {
            return e
                .en
                .first()
                .or(e.ar.first())
                .cloned()
                .unwrap_or_else(|| id.to_string());
        }
        // an edition of a known event: "Africa Cup of Nations 2025"
        match edition(id) {
            Some((base, year)) if self.entity(base).is_some() => {
                format!("{} {year}", self.label(base))
            }
            _ => id.to_string(),
        }
    }
}

#[derive(serde::Deserialize)]
struct KindOnly {
    kind: String,
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<(String, &'a str)>) {
    for f in dir.files() {
        if f.path().extension().is_some_and(|e| e == "toml") {
            if let Some(t) = f.contents_utf8() {
                out.push((f.path().display().to_string(), t));
            }
        }
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

fn walk_toml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        if p.is_dir() {
            walk_toml(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
    Ok(())
}

/// An edition's id split into the event and its year: "africa-cup-of-nations-2025"
/// → ("africa-cup-of-nations", 2025), "name:gulf-cup-2024" → ("name:gulf-cup",
/// 2024). Editions are made by the recognizer when a year stands beside an
/// event's name.
pub fn edition(id: &str) -> Option<(&str, i32)> {
    let (base, y) = id.rsplit_once('-')?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((base, y.parse().ok()?))
}

/// Parse an ISO date value from a rule table: `2025-01-17`, `2024-10`, `2024`,
/// or an interval `first/last` of those. Returns the inclusive first and last day.
pub fn parse_interval(v: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::{Datelike, NaiveDate};
    fn one(s: &str) -> Option<(NaiveDate, NaiveDate)> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let y: i32 = parts.first()?.parse().ok()?;
        match parts.len() {
            1 => Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            )),
            2 => {
                let m: u32 = parts[1].parse().ok()?;
                let first = NaiveDate::from_ymd_opt(y, m, 1)?;
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                Some((first, next.pred_opt()?))
            }
            3 => {
                let d = NaiveDate::from_ymd_opt(y, parts[1].parse().ok()?, parts[2].parse().ok()?)?;
                Some((d, d))
            }
            _ => None,
        }
    }
    match v.split_once('/') {
        Some((a, b)) => {
            let (f, _) = one(a)?;
            let (_, l) = one(b)?;
            (f <= l && f.year() == f.year()).then_some((f, l))
        }
        None => one(v),
    }
}
