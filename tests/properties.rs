//! Property tests on untrusted input: nothing panics, and every quote is the
//! source at its span.

use crate::common::{assert_evidence_exact, rules};
use proptest::prelude::*;

fn article() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("وقع الرئيسان الروسي والإيراني اتفاقية في الكرملين ".to_string()),
            Just("ومن المتوقع أن يوقع بوتين ونظيره الإيراني على اتفاقية في القمة. ".to_string()),
            Just("17 يناير/كانون الثاني 2025".to_string()),
            Just("The presidents are expected to sign a treaty in Kazan. ".to_string()),
            Just("\n".to_string()),
            Just("اقرأ أيضا\n".to_string()),
            Just("«".to_string()),
            Just("\u{202E}".to_string()),
            "\\PC{0,12}",
        ],
        0..24,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn normalized_spans_map_back_inside_the_original(s in "\\PC{0,64}") {
        let n = crosscheck::normalize::normalize(&s, 0);
        for t in crosscheck::normalize::tokens(&n.text) {
            let span = n.original(t.start, t.end);
            prop_assert!(span.end <= s.len());
            prop_assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
        }
    }

    #[test]
    fn fold_and_word_count_agree_with_normalize_and_tokens(s in "[ \t\n\u{00A0}a-zA-Z0-9\u{0600}-\u{06FF}\u{0130}\u{1E9E}\u{200F}\u{FEFB}\u{2013}\u{00AB}]{0,48}", cut in 0usize..40) {
        use crosscheck::normalize::{count_folded_tokens, fold, fold_prefix, normalize, tokens};
        let n = normalize(&s, 0).text;
        let words: Vec<&str> = n.split(char::is_whitespace).filter(|w| !w.is_empty()).collect();
        let whole = fold(&s);
        prop_assert_eq!(&whole, &words.join(" "));
        prop_assert_eq!(count_folded_tokens(&s), tokens(&whole).len());
        // a prefix of the whole, longer than asked unless it is the whole
        let start = fold_prefix(&s, cut);
        prop_assert!(whole.starts_with(&start));
        prop_assert!(start.len() > cut || start == whole);
    }

    #[test]
    fn phrase_keys_are_the_folded_phrases_tokens(s in "[ \t\u{00A0}a-zA-Z0-9.,'\u{0600}-\u{06FF}\u{200F}\u{2013}]{0,40}") {
        use crosscheck::normalize::{fold, key, tokens};
        let f = fold(&s);
        let expected: Vec<String> = tokens(&f).iter().map(|t| key(&t.text).to_string()).collect();
        prop_assert_eq!(crosscheck::recognize::phrase_keys(&s), expected);
    }

    #[test]
    fn pipeline_never_panics_and_quotes_are_exact(text in article()) {
        let report = crosscheck::check_texts(rules(), &[("a.txt", &text), ("b.md", &format!("---\npublished: 2025-01-20\n---\n{text}"))]);
        assert_evidence_exact(&report);
    }

    #[test]
    fn any_bytes_as_front_matter_do_not_panic(text in "---\n\\PC{0,40}\n(---\n)?\\PC{0,40}") {
        let _ = crosscheck::check_texts(rules(), &[("a.md", &text)]);
    }
}
