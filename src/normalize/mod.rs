//! Normalization for matching: Arabic orthography, digits, punctuation, quotes
//! and case folded to one form, with every normalized byte mapped back to the
//! original (see [`crate::span::Normalized`]).
//!
//! The original text is never altered. Tokens carry spans in the normalized copy;
//! callers map them back with [`Normalized::original`]. Clitic handling lives in
//! [`variants`]: a token yields the candidate stems that lexicons are matched
//! against, so lexicons list lemmas and the engine finds وبالكرملين and
//! للكرملين as الكرملين.

use crate::span::Normalized;

/// Normalize `text`, whose first byte sits at `base` in the original document.
pub fn normalize(text: &str, base: usize) -> Normalized {
    let mut out = Normalized::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII, most of English and all of the digits and punctuation:
        // folding is lowering the case
        if bytes[i] < 0x80 {
            out.push_ascii(bytes[i].to_ascii_lowercase(), base + i);
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let orig = (base + i, base + i + c.len_utf8());
        i = orig.1 - base;
        match fold_char(c) {
            // a dropped mark belongs to the letter before it, so spans keep it
            Folded::Drop => out.extend_last(orig.1),
            Folded::One(f) => out.push(f, orig),
            Folded::Lower => {
                for l in c.to_lowercase() {
                    out.push(l, orig);
                }
            }
        }
    }
    out
}

/// Normalize a short string for use as a lexicon key (no offsets kept):
/// [`normalize`]'s characters, with each run of spaces made one space and
/// none at either end.
pub fn fold(text: &str) -> String {
    fold_prefix(text, usize::MAX)
}

/// The start of [`fold`]`(text)`: all of it, or a prefix longer than
/// `min_bytes` (whole characters), so that a key of up to `min_bytes`
/// found at its start is followed by what follows it in the whole.
pub fn fold_prefix(text: &str, min_bytes: usize) -> String {
    let mut s = String::with_capacity(text.len().min(min_bytes.saturating_add(8)));
    let mut space = false;
    each_folded(text, |c| {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !s.is_empty() {
                s.push(' ');
            }
            space = false;
            s.push(c);
        }
        s.len() <= min_bytes
    });
    s
}

/// How many tokens [`tokens`] finds in [`fold`]`(text)`, nothing folded
/// into a string.
pub fn count_folded_tokens(text: &str) -> usize {
    let mut n = 0;
    let mut inside = false;
    each_folded(text, |c| {
        let alnum = is_alnum(c);
        if alnum && !inside {
            n += 1;
        }
        inside = alnum;
        true
    });
    n
}

/// [`normalize`]'s characters of `text`, one by one, while `f` asks for
/// more.
fn each_folded(text: &str, mut f: impl FnMut(char) -> bool) {
    for c in text.chars() {
        let more = if c.is_ascii() {
            f(c.to_ascii_lowercase())
        } else {
            match fold_char(c) {
                Folded::Drop => true,
                Folded::One(x) => f(x),
                Folded::Lower => c.to_lowercase().all(&mut f),
            }
        };
        if !more {
            return;
        }
    }
}

enum Folded {
    Drop,
    One(char),
    Lower,
}

fn fold_char(c: char) -> Folded {
    use Folded::*;
    match c {
        // harakat, Quranic marks, superscript alef, tatweel
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => Drop,
        // zero-width and bidi controls: invisible, never part of a match
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}' => Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => One('ا'),
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ئ' => One('ي'),
        'ک' | 'ڪ' | 'گ' => One('ك'),
        'ة' | 'ہ' | 'ۀ' | 'ە' => One('ه'),
        'ؤ' => One('و'),
        'پ' => One('ب'),
        'چ' => One('ج'),
        'ژ' => One('ز'),
        'ڤ' => One('ف'),
        '\u{0660}'..='\u{0669}' => One(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => One(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '،' => One(','),
        '؛' => One(';'),
        '؟' => One('?'),
        '٪' => One('%'),
        '٫' => One('.'),
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' | '＂' => One('"'),
        '‘' | '’' | '‚' | '‛' | '′' => One('\''),
        '–' | '—' | '‒' | '−' => One('-'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => One(' '),
        // (Arabic has no case: no table search for its letters)
        '\u{0600}'..='\u{06FF}' => One(c),
        c if c.is_uppercase() => Lower,
        c => One(c),
    }
}

/// True for characters of the Arabic script blocks.
/// `c.is_alphanumeric()`, answered from tables for ASCII and the Arabic
/// block, where nearly all news text is: the standard library's lookup for
/// non-ASCII characters is a search through Unicode's ranges on every call.
#[inline]
pub fn is_alnum(c: char) -> bool {
    static ARABIC: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    let u = c as u32;
    if u < 0x80 {
        (c as u8).is_ascii_alphanumeric()
    } else if (0x600..0x700).contains(&u) {
        let t = ARABIC.get_or_init(|| {
            let mut t = [false; 256];
            for (i, x) in t.iter_mut().enumerate() {
                *x = char::from_u32(0x600 + i as u32).is_some_and(char::is_alphanumeric);
            }
            t
        });
        t[(u - 0x600) as usize]
    } else {
        c.is_alphanumeric()
    }
}

pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A word in a normalized text: a maximal run of letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalized text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// True when the token is written in Arabic script.
    pub arabic: bool,
}

/// Split normalized text into word tokens. Numbers with separators such as
/// "2,5" stay split; "20" and "2025" are single tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_word(text, |s, e| out.push(make_token(text, s, e)));
    out
}

/// Each maximal run of letters and digits in `text`, as its bytes
/// `[start, end)`, in order: the words [`tokens`] makes tokens of.
pub fn each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_alnum(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            f(s, i);
        }
    }
    if let Some(s) = start {
        f(s, text.len());
    }
}

fn make_token(text: &str, s: usize, e: usize) -> Token {
    let t = &text[s..e];
    Token {
        start: s,
        end: e,
        text: t.to_string(),
        arabic: t.chars().any(is_arabic),
    }
}

/// Proclitic sequences, longest first. The definite article is handled by
/// [`key`], so these cover conjunctions, prepositions and the future particle.
const PREFIXES: &[&str] = &[
    "وبال", "فبال", "وكال", "وللـ", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "وب", "فب",
    "ول", "فل", "وس", "وك", "و", "ف", "ب", "ل", "ك", "س",
];

/// Enclitic pronouns and the common dual/plural endings, longest first. The
/// nisba ending ي is left alone: "الإيراني" is a demonym, not "إيران".
const SUFFIXES: &[&str] = &[
    "هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه", "ك", "ان", "ين", "ون", "ات",
];

/// Drop a leading definite article, for comparing "الكرملين" with "كرملين".
pub fn key(word: &str) -> &str {
    match word.strip_prefix("ال") {
        // (two characters or more, counted no further than the second)
        Some(rest) if rest.chars().nth(1).is_some() => rest,
        _ => word,
    }
}

/// Candidate forms of a token, most literal first: the token itself, then with
/// proclitics stripped, then with an enclitic stripped. Every form is passed
/// through [`key`]. English tokens get possessive and inflection variants.
pub fn variants(token: &str) -> Vec<String> {
    forms(token).0
}

/// [`variants`], and how many of them come first that are strict: the token
/// and its proclitic-stripped stems, no enclitic stripped.
pub fn forms(token: &str) -> (Vec<String>, usize) {
    let mut out: Vec<String> = vec![key(token).to_string()];
    let add = |s: &str, out: &mut Vec<String>| {
        let k = key(s);
        if k.chars().nth(1).is_some() && !out.iter().any(|o| o == k) {
            out.push(k.to_string());
        }
    };
    if token.chars().any(is_arabic) {
        let mut stems: Vec<&str> = vec![token];
        for p in PREFIXES {
            if let Some(rest) = token.strip_prefix(p) {
                // the future particle comes only before an imperfect verb
                // ("سيزور"): "سوريا" is no "وريا"
                let future = p.ends_with('س');
                let imperfect = rest.starts_with(['ي', 'ت', 'ن', 'أ', 'ا']);
                if rest.chars().nth(1).is_some() && (!future || imperfect) {
                    stems.push(rest);
                }
            }
        }
        for s in &stems {
            add(s, &mut out);
        }
        let strict = out.len();
        for s in &stems {
            for suf in SUFFIXES {
                if let Some(rest) = s.strip_suffix(suf) {
                    if rest.chars().nth(2).is_some() {
                        add(rest, &mut out);
                        // "زيارته" → "زيارت" → "زياره": ta marbuta before a pronoun
                        if let Some(r) = rest.strip_suffix('ت') {
                            add(&format!("{r}ه"), &mut out);
                        }
                    }
                }
            }
        }
        return (out, strict);
    }
    if token.len() > 3 && token.bytes().all(|c| c.is_ascii_alphabetic()) {
        for suf in ["ies", "es", "s", "ed", "d", "ing"] {
            if let Some(rest) = token.strip_suffix(suf) {
                if rest.len() >= 3 {
                    add(rest, &mut out);
                    if suf == "ies" {
                        add(&format!("{rest}y"), &mut out);
                    }
                    if suf == "ing" || suf == "ed" {
                        add(&format!("{rest}e"), &mut out);
                    }
                }
            }
        }
    }
    (out, 1)
}

/// A consonant skeleton of a name, the same for its Arabic and Latin
/// spellings: "نجم الخليج" and "Najm Al Khaleej" are both `njm klj`, "البزوني"
/// and "Bazzouni" both `bzn`. Vowels, long-vowel letters, h-sounds and the
/// article are dropped; letters that transliterate to one another (ق/k/c,
/// غ/ج/g/j, ف/v/f, ب/p/b) fall together; doubled letters collapse. Words are
/// kept apart by spaces. Used only to match names no table knows across
/// scripts, never for evidence.
pub fn skeleton(name: &str) -> String {
    let mut words = Vec::new();
    for w in fold(name).split(|c: char| !is_alnum(c)) {
        let w = w
            .strip_prefix("ال")
            .filter(|r| r.chars().count() >= 2)
            .unwrap_or(w);
        if w.is_empty() || matches!(w, "al" | "el" | "the") {
            continue;
        }
        let chars: Vec<char> = w.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let (mapped, skip) = match (c, next) {
                ('k', Some('h'))
                | ('g', Some('h'))
                | ('s', Some('h'))
                | ('t', Some('h'))
                | ('d', Some('h'))
                | ('p', Some('h')) => (skeleton_letter(c), 2),
                _ => (skeleton_letter(c), 1),
            };
            if let Some(m) = mapped {
                if !out.ends_with(m) {
                    out.push(m);
                }
            }
            i += skip;
        }
        if !out.is_empty() {
            words.push(out);
        }
    }
    words.join(" ")
}

fn skeleton_letter(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'b' | 'p' => 'b',
        'ت' | 'ط' | 'ث' | 't' => 't',
        'ج' | 'غ' | 'g' | 'j' => 'j',
        'خ' | 'ق' | 'ك' | 'k' | 'q' | 'c' => 'k',
        'د' | 'ذ' | 'ض' | 'd' => 'd',
        'ر' | 'r' => 'r',
        'ز' | 'ظ' | 'z' => 'z',
        'س' | 'ش' | 'ص' | 's' => 's',
        'ف' | 'f' | 'v' => 'f',
        'ل' | 'l' => 'l',
        'م' | 'm' => 'm',
        'ن' | 'n' | 'ñ' => 'n',
        'x' => 'k',
        d if d.is_ascii_digit() => d,
        _ => return None, // vowels, ا و ي ه ح ع ء, h, w, y
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_orthography_and_digits() {
        assert_eq!(fold("إستراتيجيّة"), fold("استراتيجية"));
        assert_eq!(fold("بيزشكیان"), "بيزشكيان");
        assert_eq!(fold("١٧ يناير"), "17 يناير");
        assert_eq!(fold("“معاهدة”"), "\"معاهده\"");
        assert_eq!(fold("Kremlin's"), "kremlin's");
        assert_eq!(fold("عامًا"), fold("عاماً"));
    }

    #[test]
    fn fold_is_normalize_with_its_spaces_made_one() {
        for text in [
            "  قال:  «إنّ الكرملين»\u{200F} ",
            "İSTANBUL — Kremlin's\u{00A0}TREATY ١٧ يناير",
            "ﻻ ـــ ΣΊΣΥΦΟΣ\t\n x",
            "",
        ] {
            let n = normalize(text, 0).text;
            let words: Vec<&str> = n
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(fold(text), words.join(" "), "{text:?}");
            assert_eq!(
                count_folded_tokens(text),
                tokens(&fold(text)).len(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let src = "قال: «إنّ الكرملين»";
        let n = normalize(src, 0);
        let i = n.text.find("الكرملين").unwrap();
        let span = n.original(i, i + "الكرملين".len());
        assert_eq!(span.slice(src), "الكرملين");
        let j = n.text.find("ان").unwrap();
        assert_eq!(n.original(j, j + "ان".len()).slice(src), "إنّ");
    }

    #[test]
    fn skeletons_meet_across_scripts() {
        assert_eq!(skeleton("نجم الخليج"), skeleton("Najm Al Khaleej"));
        assert_eq!(skeleton("طارق البزوني"), skeleton("Tarek Bazzouni"));
        assert_eq!(skeleton("أتلتيكو سيرينا"), skeleton("Atlético Serena"));
        assert_eq!(skeleton("أغروفود المغرب"), skeleton("Agrofood Maghreb"));
        assert_ne!(skeleton("Valmark"), skeleton("Belmora"));
    }

    #[test]
    fn strips_clitics() {
        assert!(variants("وبالكرملين").contains(&"كرملين".to_string()));
        assert!(variants("للكرملين").contains(&"كرملين".to_string()));
        assert!(variants("زيارته").contains(&"زياره".to_string()));
        assert!(variants("signed").contains(&"sign".to_string()));
    }

    #[test]
    fn the_future_particle_comes_only_before_an_imperfect_verb() {
        assert!(variants("سيزور").contains(&"يزور".to_string()));
        assert!(variants("وستوقع").contains(&"توقع".to_string()));
        // "Syria" and "Korea" share no form; "سريان" is no "ريان" (a city)
        assert!(!variants("سوريا").contains(&"وريا".to_string()));
        assert!(!variants("سريان").contains(&"ريان".to_string()));
    }
}

#[cfg(test)]
mod alnum_tests {
    #[test]
    fn table_answers_as_the_standard_library_does() {
        for u in 0..0x3000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(super::is_alnum(c), c.is_alphanumeric(), "U+{u:04X}");
            }
        }
    }
}
