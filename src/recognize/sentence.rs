//! Sentences of a document's body, normalized once, with token forms ready for
//! lexicon lookup.

use crate::ingest::Document;
use crate::normalize::{normalize, tokens, Token};
use crate::span::{Normalized, Span};

/// One sentence of article body text.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Original span of the sentence.
    pub span: Span,
    pub norm: Normalized,
    pub tokens: Vec<Token>,
    /// Per token: the strict forms (token, clitics stripped) then loose forms
    /// (pronoun and number endings stripped); `strict[i]` forms come first.
    pub forms: Vec<Forms>,
    /// Index of the sentence in the document.
    pub index: usize,
    /// Per token: written with a capital letter in the original (Latin script).
    pub caps: Vec<bool>,
}

/// A word's forms, shared by every occurrence of the word (see
/// [`forms_of`]): one reference count per token.
#[derive(Debug, Clone)]
pub struct Forms(std::sync::Arc<FormSet>);

#[derive(Debug)]
pub struct FormSet {
    pub all: Box<[String]>,
    /// How many of `all` are strict (no enclitic stripped).
    pub strict: usize,
    /// The hash of each form ([`super::phrases::key_hash`]), worked out
    /// with the forms: every lexicon looks words up by it.
    pub hashes: Box<[u64]>,
}

impl std::ops::Deref for Forms {
    type Target = FormSet;
    fn deref(&self) -> &FormSet {
        &self.0
    }
}

impl FormSet {
    pub fn strict(&self) -> &[String] {
        &self.all[..self.strict]
    }
    pub fn has(&self, key: &str, loose: bool) -> bool {
        let list = if loose { &self.all[..] } else { self.strict() };
        list.iter().any(|f| f == key)
    }
}

impl Sentence {
    pub fn new(text: &str, span: Span, index: usize) -> Sentence {
        let norm = normalize(span.slice(text), span.start);
        let tokens = tokens(&norm.text);
        let forms = tokens.iter().map(|t| forms_of(&t.text)).collect();
        let caps = tokens
            .iter()
            .map(|t| {
                norm.original(t.start, t.end)
                    .slice(text)
                    .chars()
                    .next()
                    // (Arabic has no case: no table lookup for its letters)
                    .is_some_and(|c| !crate::normalize::is_arabic(c) && c.is_uppercase())
            })
            .collect();
        Sentence {
            span,
            norm,
            tokens,
            forms,
            index,
            caps,
        }
    }

    /// Original span of tokens `[a, b)`.
    pub fn token_span(&self, a: usize, b: usize) -> Span {
        let s = self.tokens[a].start;
        let e = self.tokens[b.max(a + 1) - 1].end;
        self.norm.original(s, e)
    }

    /// The normalized text between two tokens (punctuation included).
    pub fn gap(&self, a: usize, b: usize) -> &str {
        if a >= b || b >= self.tokens.len() {
            return "";
        }
        &self.norm.text[self.tokens[a].end..self.tokens[b].start]
    }

    /// Token index that contains or follows normalized byte `pos`.
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens
            .iter()
            .position(|t| t.end > pos)
            .unwrap_or(self.tokens.len())
    }
}

/// How many words' forms a thread keeps before it starts afresh.
const FORMS_CACHE: usize = 1 << 16;

/// A word's forms, worked out once per thread and shared: news text repeats
/// its words, and the clitic and ending stripping for each occurrence was
/// the costliest part of splitting into sentences.
fn forms_of(token: &str) -> Forms {
    use std::cell::RefCell;
    thread_local! {
        static CACHE: RefCell<rustc_hash::FxHashMap<Box<str>, Forms>> = RefCell::default();
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(f) = cache.get(token) {
            return f.clone();
        }
        if cache.len() >= FORMS_CACHE {
            cache.clear();
        }
        let (all, strict) = crate::normalize::forms(token);
        let hashes = all.iter().map(|k| super::phrases::key_hash(k)).collect();
        let f = Forms(std::sync::Arc::new(FormSet {
            all: all.into(),
            strict,
            hashes,
        }));
        cache.insert(token.into(), f.clone());
        f
    })
}

/// Split the document's body blocks into sentences.
pub fn sentences(doc: &Document) -> Vec<Sentence> {
    let mut out = Vec::new();
    for b in doc.body() {
        let text = b.span.slice(&doc.text);
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let next = chars.get(k + 1).map(|x| x.1);
            let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
            // the first letter after the stop and its spaces: a lowercase
            // one goes on the sentence ("at 10:45 a.m. local time")
            let lower_after = || {
                chars[k + 1..]
                    .iter()
                    .map(|x| x.1)
                    .find(|ch| !ch.is_whitespace())
                    .is_some_and(char::is_lowercase)
            };
            let arabic =
                |ch: Option<char>| ch.is_some_and(|ch| ('\u{0621}'..='\u{064A}').contains(&ch));
            let boundary = match c {
                // "وقف القتال.وفي التفاصيل", "…إلى إسرائيل".عدم تنفيذ": pages
                // drop the space after an Arabic full stop
                '.' if arabic(next)
                    && (arabic(prev) || prev.is_some_and(|p| "\"”»)’".contains(p))) =>
                {
                    true
                }
                // "said on Tuesday.A small statement", "in Iraq.The summit":
                // pages drop the space after a Latin full stop too; a word of
                // lowercase letters, then a capital that opens a word
                '.' if glued_latin(&text[start..i], &chars[k + 1..]) => true,
                '.' => {
                    next.is_none_or(|n| n.is_whitespace() || n == '"' || n == '”')
                        && prev.is_none_or(|p| p != '.')
                        && !abbreviation(&text[start..i])
                        && !lower_after()
                }
                '!' | '?' | '؟' => true,
                _ => false,
            };
            if boundary && i + c.len_utf8() > start {
                // a closing quotation mark after the stop belongs to the sentence
                let end = match next {
                    Some(q @ ('"' | '”' | '»' | '’')) => i + c.len_utf8() + q.len_utf8(),
                    _ => i + c.len_utf8(),
                };
                push(&mut out, doc, b.span.start + start, b.span.start + end);
                start = end;
            }
        }
        push(&mut out, doc, b.span.start + start, b.span.end);
    }
    out
}

/// "بغداد/المسلة:", "LONDON, March 3 (Reuters) -": a dateline that opens the
/// first paragraph is not part of its first sentence.
fn dateline_prefix(t: &str) -> usize {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"^\s*(?:[^\s/:،,.]{2,20}\s*/\s*[^:/\n.]{2,30}?\s*:|[^\n(.]{2,40}\([^)\n]{2,30}\)\s*[-–—]|[^\s،,.]{2,20}\s*[-–—]\s*[^\n.:]{2,30}?\s*:|[A-ZÀ-Ý][A-ZÀ-Ý .'-]{1,30},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[-–—])\s*",
        )
        .expect("valid dateline pattern")
    });
    re.find(t).map_or(0, |m| m.end())
}

fn push(out: &mut Vec<Sentence>, doc: &Document, s: usize, e: usize) {
    let s = s + dateline_prefix(&doc.text[s..e]);
    let t = &doc.text[s..e];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    let span = Span::new(s + lead, e - trail);
    if span.len() > 1 {
        let index = out.len();
        out.push(Sentence::new(&doc.text, span, index));
    }
}

/// A Latin full stop with no space after it that still ends a sentence: the
/// word before it is three lowercase letters or more (after a capital), not
/// an abbreviation, and a capital opens a word after it ("Tuesday.A small",
/// "Iraq.The"). "U.S.The", "e.g.The", "Node.JS" and "example.com" do not.
fn glued_latin(before: &str, after: &[(usize, char)]) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let mut letters = word.chars();
    let first = letters.next();
    let lower = word.len() >= 3
        && first.is_some_and(|c| c.is_ascii_alphabetic())
        && letters.all(|c| c.is_ascii_lowercase());
    let capital = after.first().is_some_and(|x| x.1.is_ascii_uppercase())
        && after
            .get(1)
            .is_some_and(|x| x.1.is_ascii_lowercase() || x.1 == ' ');
    lower && capital && !abbreviation(before)
}

/// "Mr.", "Jan.", "St." and single initials do not end a sentence.
fn abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let short = [
        "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "gen", "col", "lt", "u.s", "u.n", "no", "a.m", "p.m",
    ];
    last.chars().count() == 1 || short.contains(&last.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use crate::ingest::Document;
    use crate::rules::Rules;

    fn split(text: &str) -> Vec<String> {
        let rules = Rules::embedded().unwrap();
        let doc = Document::from_text("t", "t.md", text.to_string(), &rules).unwrap();
        super::sentences(&doc)
            .iter()
            .map(|s| s.span.slice(&doc.text).to_string())
            .collect()
    }

    #[test]
    fn a_lowercase_word_goes_on_the_sentence() {
        assert_eq!(
            split("The truce took effect at 10:45 a.m. local time on Sunday. Guns fell silent."),
            [
                "The truce took effect at 10:45 a.m. local time on Sunday.",
                "Guns fell silent."
            ]
        );
    }

    #[test]
    fn an_arabic_stop_with_no_space_after_it_ends_the_sentence() {
        assert_eq!(
            split("قال المتحدث إن \"الاتفاق تأجل\".ومع دخول الوقت المحدد توقف القتال.وفي التفاصيل عاد الهدوء."),
            [
                "قال المتحدث إن \"الاتفاق تأجل\".",
                "ومع دخول الوقت المحدد توقف القتال.",
                "وفي التفاصيل عاد الهدوء."
            ]
        );
    }

    #[test]
    fn a_latin_full_stop_glued_to_the_next_sentence_ends_it() {
        assert_eq!(
            split("The office said on Tuesday.A short statement gave no reason."),
            [
                "The office said on Tuesday.",
                "A short statement gave no reason."
            ]
        );
        assert_eq!(
            split("It will be held in Iraq.The summit opens on Saturday."),
            ["It will be held in Iraq.", "The summit opens on Saturday."]
        );
        // abbreviations, initials, domains and names with a capital inside
        // stay whole
        for whole in [
            "Mr.Smith arrived in Lima on Monday.",
            "Officials in the U.S.The statement was short.",
            "The site example.com went down on Monday.",
            "It runs on Node.JS servers in Lima.",
            "He met St.Louis officials on Monday.",
        ] {
            assert_eq!(split(whole), [whole], "{whole}");
        }
    }
}
