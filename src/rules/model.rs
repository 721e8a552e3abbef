//! The shapes of rule files. Field names are the vocabulary users write in
//! `rules/`; `deny_unknown_fields` everywhere so typos surface as errors.

use serde::{Deserialize, Serialize};

/// One rule file, whatever its kind; each kind fills some of these tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub kind: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub entity: Vec<EntityDef>,
    #[serde(default)]
    pub predicate: Vec<PredicateDef>,
    #[serde(default)]
    pub cue: Vec<CueDef>,
    #[serde(default)]
    pub title: Vec<TitleDef>,
    #[serde(default)]
    pub reference: Vec<ReferenceDef>,
    #[serde(default)]
    pub preposition: Vec<PrepositionDef>,
    #[serde(default)]
    pub name_head: Vec<NameHeadDef>,
    /// Words that are never part of a name no table knows (verbs and nouns
    /// that follow an office: "وزير الخارجية تناول …").
    #[serde(default)]
    pub not_name: Vec<WordsDef>,
    #[serde(default)]
    pub number: Vec<NumberDef>,
    #[serde(default)]
    pub unit: Vec<UnitDef>,
    #[serde(default)]
    pub hedge: Vec<HedgeDef>,
    #[serde(default)]
    pub object: Vec<ObjectClassDef>,
    #[serde(default)]
    pub count: Vec<CountDef>,
    #[serde(default)]
    pub head: Vec<HeadDef>,
    /// What part of a story a figure covers ("the group stage", "المرحلة
    /// الأولى"): two figures for different scopes are different counts.
    #[serde(default)]
    pub scope: Vec<HeadDef>,
    /// Words and their opposites ("rose" / "fell", "ارتفاع" / "انخفاض"): a
    /// sentence retold with one swapped for the other says the opposite.
    #[serde(default)]
    pub antonym: Vec<AntonymDef>,
    /// Closed classes of common nouns (currencies, commodities, awards,
    /// units of time): a sentence retold with one member swapped for
    /// another says something else of its subject.
    #[serde(default)]
    pub class: Vec<ClassDef>,
    #[serde(default)]
    pub scale: Vec<NumberDef>,
    /// Vague counts standing alone, by their order ("dozens", "عشرات" is
    /// 10; "thousands", "آلاف" is 1000): a retelling that swaps one for
    /// another gives another figure.
    #[serde(default)]
    pub magnitude: Vec<NumberDef>,
    /// Words that make the number after them a part of a figure already
    /// given ("بينهم", "including") or a rate ("for each", "لكل").
    #[serde(default)]
    pub part_marker: Vec<WordsDef>,
    /// Words after a number that make it a rate ("50 for each", "لكل").
    #[serde(default)]
    pub rate_marker: Vec<WordsDef>,
    /// Words after a figure that open the list of what it counts ("80
    /// heads of state, including …", "خمسة رؤساء بينهم …").
    #[serde(default)]
    pub member_marker: Vec<WordsDef>,
    /// Words a retelling may add, drop or move without changing what it
    /// says ("the", "في", "خلال").
    #[serde(default)]
    pub filler: Vec<WordsDef>,
    /// Words that tell a figure as standing so far ("حتى الساعة", "so far"):
    /// a later, higher figure revises it.
    #[serde(default)]
    pub interim_marker: Vec<WordsDef>,
    /// Words that tell a figure as a correction of an earlier one
    /// ("adjusting the numbers", "بعد تعديل"): it is the later of the two,
    /// whatever the articles' dates.
    #[serde(default)]
    pub correction_marker: Vec<WordsDef>,
    /// A negation and the word after it that together negate nothing
    /// ("لا تزال": still).
    #[serde(default)]
    pub not_negation: Vec<WordsDef>,
    /// Verbs that negate the claim they govern ("cancelled", "يلغي",
    /// "failed"): a polarity for claims retold in other words.
    #[serde(default)]
    pub negating: Vec<WordsDef>,
    /// Words that negate the one word after them ("غير مسؤولة": not
    /// responsible): a polarity only against a telling with that word
    /// unnegated ("غير مسبوق", unprecedented, is one word's sense).
    #[serde(default)]
    pub privative: Vec<WordsDef>,
    /// Words of a level, not a move ("أعلى مستوى", "highest"): a subject
    /// beside them is told where it stands, not which way it went.
    #[serde(default)]
    pub level: Vec<WordsDef>,
    /// Units after a number that make it a measure, not a count ("24
    /// hours", "13 km").
    #[serde(default)]
    pub measure: Vec<WordsDef>,
    /// Words that end the noun phrase a number counts ("and").
    #[serde(default)]
    pub conjunction: Vec<WordsDef>,
    /// Words before a small figure that make it a known group ("the two").
    #[serde(default)]
    pub determiner: Vec<WordsDef>,
    /// Words right before a figure of a standing class that make it the
    /// size of a known set ("its 27 members"; a possessive does too).
    #[serde(default)]
    pub set_determiner: Vec<WordsDef>,
    /// Words that make a negated figure exclusive ("سوى", "only").
    #[serde(default)]
    pub exception: Vec<WordsDef>,
    /// Words that may stand between a verb and its number ("at", "than").
    #[serde(default)]
    pub number_link: Vec<WordsDef>,
    /// Between a number and the noun it counts, words that leave the noun
    /// phrase open: "11,300 people are reported missing", "20 feared dead".
    #[serde(default)]
    pub open_gap: Vec<WordsDef>,
    /// Verbs whose subject's event lasts the length after them: "the talks
    /// lasted under three hours", "استمرت المحادثات ست ساعات".
    #[serde(default)]
    pub length_verb: Vec<WordsDef>,
    /// Ordinal words ("sixteenth", "الخامسة"), for which edition of an event
    /// a report names.
    #[serde(default)]
    pub ordinal: Vec<NumberDef>,
    /// Nouns of an event held again and again, whose ordinal names its
    /// edition: "the 16th summit", "القمة العربية الـ34".
    #[serde(default)]
    pub edition_noun: Vec<WordsDef>,
    #[serde(default)]
    pub ingest: Option<IngestRules>,
    #[serde(default)]
    pub test: Vec<RuleTest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Region,
    City,
    Building,
    Event,
    Document,
    Group,
    Weapon,
}

impl EntityKind {
    /// Can fill an agent slot.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            EntityKind::Person | EntityKind::Organization | EntityKind::Country | EntityKind::Group
        )
    }
    /// Can be the one who says something: actors, and the capitals and
    /// palaces that stand for governments ("قال الكرملين", "Washington said").
    pub fn can_speak(self) -> bool {
        self.is_actor() || matches!(self, EntityKind::City | EntityKind::Building)
    }
    /// Can fill a place slot.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            EntityKind::Country | EntityKind::Region | EntityKind::City | EntityKind::Building
        )
    }
    /// Coarseness rank used to compare places at the same level.
    pub fn place_rank(self) -> u8 {
        match self {
            EntityKind::Building => 0,
            EntityKind::City => 1,
            EntityKind::Region => 2,
            EntityKind::Country => 3,
            _ => 4,
        }
    }
}

/// An office held over a period ("president of iran from 2024-07-28").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    pub office: String,
    pub of: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// A known entity: person, organisation, place, event, document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityKind,
    #[serde(default)]
    pub ar: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
    /// Other transliterations seen in news (Persian, Russian romanizations).
    #[serde(default)]
    pub other: Vec<String>,
    /// Containing place (Kremlin → moscow).
    #[serde(default)]
    pub part_of: Option<String>,
    /// The country a person, organisation or city belongs to.
    #[serde(default)]
    pub country: Option<String>,
    /// Adjectives naming a country's people ("الروسي", "Russian").
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub roles: Vec<RoleDef>,
    /// For events: the series this instance belongs to ("brics-summit").
    #[serde(default)]
    pub series: Option<String>,
    /// For events: what a back-reference calls it ("summit").
    #[serde(default)]
    pub class: Option<String>,
    /// For events: where it was held.
    #[serde(default)]
    pub place: Option<String>,
    /// For events: ISO date or `first/last` interval.
    #[serde(default)]
    pub time: Option<String>,
}

impl EntityDef {
    /// Combine a later definition of the same id: names, demonyms and roles
    /// are added; fields the later file sets override. This is how the hand
    /// tables add roles and demonyms on top of the generated gazetteer.
    pub fn merge(&mut self, o: EntityDef) {
        fn add(into: &mut Vec<String>, from: Vec<String>) {
            for x in from {
                if !into.contains(&x) {
                    into.push(x);
                }
            }
        }
        self.kind = o.kind;
        add(&mut self.ar, o.ar);
        add(&mut self.en, o.en);
        add(&mut self.other, o.other);
        add(&mut self.demonyms, o.demonyms);
        self.roles.extend(o.roles);
        self.part_of = o.part_of.or(self.part_of.take());
        self.country = o.country.or(self.country.take());
        self.series = o.series.or(self.series.take());
        self.class = o.class.or(self.class.take());
        self.place = o.place.or(self.place.take());
        self.time = o.time.or(self.time.take());
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.ar.iter().chain(&self.en).chain(&self.other)
    }
}

/// An event type and the words that report it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PredicateDef {
    pub id: String,
    /// Verb, verbal-noun, participle and passive forms, any language.
    pub triggers: Vec<String>,
    /// Entity kinds or object classes that must appear near the trigger for it
    /// to count (guards ambiguous triggers such as وقع "signed"/"occurred").
    #[serde(default)]
    pub requires: Vec<String>,
    /// Entity kinds or object classes that fill the object slot.
    #[serde(default)]
    pub object: Vec<String>,
    /// Whether a place after a directional preposition is the place slot.
    #[serde(default)]
    pub place_from_destination: bool,
    /// Where it happened tells which event it is (a building collapse in
    /// Alexandria on Sunday): the place joins the participants.
    #[serde(default)]
    pub place_identifies: bool,
    /// Happens once for a given set of participants and object (a treaty is
    /// signed once): two dates for it cannot both be right. Repeatable events
    /// (visits, calls, meetings) at different times are different events.
    #[serde(default)]
    pub one_off: bool,
    /// A light verb ("hold", "take place") that yields to another event
    /// predicate in the same sentence: "تعقد اللجنة اجتماعها" is a meeting.
    #[serde(default)]
    pub light: bool,
    /// Whether an expectation of this event with no reported outcome is worth
    /// an `unresolved-expectation` flag (false for invitations, attendance).
    #[serde(default = "yes")]
    pub track_expectations: bool,
    /// Triggers whose grammatical subject is the recipient ("تلقى دعوة").
    #[serde(default)]
    pub recipient_triggers: Vec<String>,
    /// Entity kinds whose name, right after a status word, reports this
    /// predicate's fate with no trigger of its own: "تأجيل بطولة كأس الأمم
    /// الإفريقية 2025", "the postponement of the 2025 Africa Cup" (the event
    /// held, postponed).
    #[serde(default)]
    pub fate_of: Vec<String>,
    /// Triggers that report the event did not happen for their subject:
    /// "غاب عن القمة", "stayed away from the summit" (attendance, negated).
    #[serde(default)]
    pub absence_triggers: Vec<String>,
    /// Triggers that, where their sentence names no event, stand at the
    /// event the article is about (named most often so far): "the presence
    /// of heads of state will exceed 50%" in a report about a summit. Each
    /// is also a trigger or an absence trigger.
    #[serde(default)]
    pub context_triggers: Vec<String>,
}

/// A cue word or phrase that marks modality, negation, reporting or a clause
/// boundary.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CueDef {
    /// One of: modality, negation, reporting, complementizer, status,
    /// boundary (a relative pronoun that ends the trigger's clause).
    pub role: String,
    /// For modality cues: expected, planned, alleged, acknowledged, denied, hedged.
    #[serde(default)]
    pub modality: Option<String>,
    /// For status cues: what became of a plan (cancelled, postponed, declined).
    #[serde(default)]
    pub status: Option<String>,
    pub phrases: Vec<String>,
    /// Where the cue stands relative to the trigger: before, after or either.
    #[serde(default = "default_position")]
    pub position: String,
    /// How many tokens may stand between the cue and the trigger, when not
    /// the default ("to visit" in a headline: none).
    #[serde(default)]
    pub reach: Option<usize>,
    /// The cue is an act with a date of its own ("agreed to", "اتفقا على"):
    /// a time written before it dates the cue, not the event it governs.
    #[serde(default)]
    pub own_time: bool,
}

fn yes() -> bool {
    true
}

fn default_position() -> String {
    "before".into()
}

/// An office title ("الرئيس", "foreign minister") used with a demonym or name.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TitleDef {
    pub office: String,
    pub phrases: Vec<String>,
    /// Dual or plural forms ("الرئيسان", "the two presidents").
    #[serde(default)]
    pub plural: Vec<String>,
    /// True for "نظيره"/"counterpart": the office of the previous title.
    #[serde(default)]
    pub counterpart: bool,
    /// What the title names with its country: a person (an office holder,
    /// the default) or an organization (a body of state: "وزارة العدل
    /// الإسرائيلية", "Israel's justice ministry").
    #[serde(default = "person_kind")]
    pub kind: EntityKind,
}

fn person_kind() -> EntityKind {
    EntityKind::Person
}

/// A reference to earlier or salient entities: "البلدين", "القمة".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceDef {
    pub phrases: Vec<String>,
    /// `countries` (the document's two leading countries), or an event class
    /// such as `summit` (the last such event named before it).
    pub refers: String,
}

/// Words that make a name no table knows: an Arabic head noun that opens one
/// ("اللجنة العليا المشتركة …", "وزارة الخارجية"), or the last word of a
/// capitalised English name ("… Forum", "… Bank").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NameHeadDef {
    /// The kind of entity the name is: organization, event, person, city.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// `first` (the head opens the name) or `last` (it closes it).
    pub position: String,
    pub phrases: Vec<String>,
}

/// A plain list of words with one role (the list's table name says which).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WordsDef {
    pub words: Vec<String>,
}

/// A preposition and the slot an entity after it fills.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrepositionDef {
    /// place, destination, source, recipient, participant, witness
    pub slot: String,
    pub phrases: Vec<String>,
    /// Also written as a one-letter proclitic (بـ، لـ).
    #[serde(default)]
    pub clitics: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NumberDef {
    pub value: f64,
    pub words: Vec<String>,
}

/// What a number counts, for generic claims: "11,300 dead", "خمسة رؤساء".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountDef {
    /// The class both languages' words stand for (`dead`, `leader`).
    pub class: String,
    /// Nouns (and participles) counted by the number before them.
    pub words: Vec<String>,
    /// Nouns before a number that say what it counts ("the death toll rose
    /// to", "حصيلة"), when no counted noun follows the number.
    #[serde(default)]
    pub leads: Vec<String>,
    /// Verbs right before a number, hedges aside ("killing 2,300", "killed
    /// some 1,200"), that say what it counts.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// False for figures that are negotiated rather than reported (offers,
    /// sums of money): told differently as talks go on, not contradicted.
    #[serde(default = "yes")]
    pub compare: bool,
    /// Signs written before the number ("$300bn").
    #[serde(default)]
    pub symbols: Vec<String>,
    /// A running count that grows as reports come in (a toll): a higher
    /// figure in a later report of the same count is a revision.
    #[serde(default)]
    pub grows: bool,
    /// A figure of this class written as the size of a known set ("الدول
    /// العربية الـ22", "the bloc's 27 member states") is that set's size,
    /// whatever verb stands near it.
    #[serde(default)]
    pub standing: bool,
    /// The head a figure of this class has when its sentence names no verb
    /// or event noun: a toll is a count of deaths (`die`).
    #[serde(default)]
    pub head: Option<String>,
}

/// The head of a generic claim: a verb or event noun and its synonyms in
/// both languages, as one lemma.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeadDef {
    pub lemma: String,
    pub words: Vec<String>,
    /// The count classes the words are this head for, when they are
    /// ambiguous ("سجل" is scoring only for goals; elsewhere it is
    /// recording); empty for all.
    #[serde(default)]
    pub classes: Vec<String>,
}

/// Two lists of words, each the opposite of the other.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AntonymDef {
    pub a: Vec<String>,
    pub b: Vec<String>,
}

/// A closed class of common nouns, each member with its words in every
/// language ("dollar", "الدولار"): two members of one class are two things.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClassDef {
    pub name: String,
    /// The slot a swap changes: `object`, `participants`, `place`, `time` or
    /// `claim` (what is said of them: a charge, a colour).
    pub slot: String,
    pub members: Vec<Vec<String>>,
}

/// Words before a number that loosen it: "about", "more than", "under".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HedgeDef {
    /// `about`, `more` or `less`.
    pub kind: String,
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    pub unit: String,
    pub words: Vec<String>,
    /// Words that, right before a number word, make it part of a name (مجموعة العشرين).
    #[serde(default)]
    pub not_after: Vec<String>,
}

/// A class of objects named by a head noun: an agreement, drones, missiles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectClassDef {
    pub id: String,
    /// document, weapon, visit…
    #[serde(rename = "type")]
    pub kind: String,
    pub heads: Vec<String>,
    /// What is usually done with it (an agreement is signed): a plan's fate
    /// reported with only the object named ("called off the merger") is a
    /// statement of this predicate.
    #[serde(default)]
    pub predicate: Option<String>,
}

/// Page furniture, outlet and dateline patterns.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IngestRules {
    /// A line starting with one of these begins a related-story or footer
    /// block that runs to the end of the page.
    #[serde(default)]
    pub tail_markers: Vec<String>,
    /// A short line containing one of these words is furniture.
    #[serde(default)]
    pub furniture: Vec<String>,
    /// Regexes over a line of any length; a match makes it furniture.
    #[serde(default)]
    pub furniture_patterns: Vec<String>,
    /// Regexes with a named group `outlet`.
    #[serde(default)]
    pub outlet_patterns: Vec<String>,
}

impl IngestRules {
    pub(crate) fn merge(&mut self, o: IngestRules) {
        self.tail_markers.extend(o.tail_markers);
        self.furniture.extend(o.furniture);
        self.furniture_patterns.extend(o.furniture_patterns);
        self.outlet_patterns.extend(o.outlet_patterns);
    }
}

/// A rule file's own example: an input and what it must (not) yield.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    /// Entity ids that must be recognized in the text.
    #[serde(default)]
    pub entities: Vec<String>,
    /// Entity ids that must not be recognized.
    #[serde(default)]
    pub not_entities: Vec<String>,
    #[serde(default)]
    pub predicate: Option<String>,
    #[serde(default)]
    pub modality: Option<String>,
    #[serde(default)]
    pub polarity: Option<String>,
    /// The place slot's entity id; "none" when it must have none.
    #[serde(default)]
    pub place: Option<String>,
    /// The time slot's value; "none" when it must have none.
    #[serde(default)]
    pub time: Option<String>,
    /// Entity ids, each of which must be among the statement's agents (or
    /// their countries).
    #[serde(default)]
    pub agents: Vec<String>,
    #[serde(default)]
    pub object: Option<String>,
    /// The event the statement is set at, where it is not its object.
    #[serde(default)]
    pub occasion: Option<String>,
    #[serde(default)]
    pub speaker: Option<String>,
    /// A quantity written as "20 year".
    #[serde(default)]
    pub quantity: Option<String>,
    /// The same claim as a second outlet tells it, on the same day: the two
    /// must raise a warning with `slot` (or, with `none`, must not).
    #[serde(default)]
    pub retold: Option<String>,
    /// The slot a `retold` pair's flag names ("claim", "time", "place").
    #[serde(default)]
    pub slot: Option<String>,
    /// When true, the text must yield no statement (or no statement with
    /// `predicate`); with `retold`, the pair must raise no warning.
    #[serde(default)]
    pub none: bool,
    /// For ingest rules: substrings that must end up in page furniture.
    #[serde(default)]
    pub furniture: Vec<String>,
    /// For ingest rules: expected detected outlet and date.
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}
