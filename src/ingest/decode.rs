//! Bytes to text: UTF-8 with or without a BOM, UTF-16 by its BOM, and the
//! legacy encodings Arabic archives are full of (windows-1256, ISO-8859-6 and
//! every other WHATWG encoding), decoded with encoding_rs. Where nothing
//! declares the encoding, chardetng guesses it.
//!
//! Evidence points into the original bytes, so a decoded text that is not the
//! file's own bytes keeps, for each of its bytes, the offset of the original
//! bytes it came from.

use encoding_rs::{Encoding, UTF_8};

/// A decoded text and the way back to the original bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// The encoding it was read in.
    pub encoding: &'static Encoding,
    pub raw: RawMap,
}

/// From offsets into a decoded text to offsets into the original bytes.
#[derive(Debug, Clone, Default)]
pub struct RawMap {
    /// For each byte of the text and one past its end: the offset of the
    /// original byte where its character starts. `None` when the text is the
    /// original bytes from `bom` on (UTF-8).
    map: Option<Vec<u32>>,
    /// Length of a byte-order mark skipped at the start.
    bom: usize,
}

impl RawMap {
    /// The original byte offset of a byte offset into the text (a character
    /// boundary, or the end).
    pub fn raw_offset(&self, offset: usize) -> usize {
        match &self.map {
            Some(m) => m.get(offset).map_or(offset, |&o| o as usize),
            None => offset + self.bom,
        }
    }

    /// The text is the original bytes.
    pub fn is_identity(&self) -> bool {
        self.map.is_none() && self.bom == 0
    }
}

impl Decoded {
    pub fn raw_offset(&self, offset: usize) -> usize {
        self.raw.raw_offset(offset)
    }

    pub fn split(self) -> (String, RawMap) {
        (self.text, self.raw)
    }

    /// Share of replacement characters and controls other than whitespace:
    /// high for a binary file or a wrong guess.
    pub fn garbage(&self) -> f64 {
        let mut bad = 0usize;
        let mut all = 0usize;
        for c in self.text.chars().take(100_000) {
            all += 1;
            // a replacement character, or a control character that is no
            // white space (`is_control() && !is_whitespace()`, spelt out:
            // the C0 and C1 controls but tab to carriage return and U+0085)
            if matches!(
                c,
                '\u{fffd}'
                    | '\u{0}'..='\u{8}'
                    | '\u{e}'..='\u{1f}'
                    | '\u{7f}'..='\u{84}'
                    | '\u{86}'..='\u{9f}'
            ) {
                bad += 1;
            }
        }
        bad as f64 / all.max(1) as f64
    }
}

/// Where the encoding was read from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared<'a> {
    /// An HTTP `Content-Type` header (a WARC response record).
    Header(&'a str),
    /// Nothing outside the bytes: a BOM, `<meta charset>` or a guess.
    None,
}

/// Decode `bytes`. `html` says whether a `<meta charset>` may declare the
/// encoding. Never fails: bytes that are not valid in the chosen encoding
/// become U+FFFD, as browsers show them; the caller decides whether that many
/// replacements mean the file is not text.
pub fn decode(bytes: &[u8], declared: Declared, html: bool) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return with(enc, bytes, bom);
    }
    // A page that is valid UTF-8 with non-ASCII letters but declares a
    // single-byte encoding is mislabelled far more often than it is
    // genuinely legacy text that happens to be valid UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8,
            raw: RawMap::default(),
        };
    }
    let header = match declared {
        Declared::Header(h) => charset_param(h),
        Declared::None => None,
    };
    let meta = if html { meta_charset(bytes) } else { None };
    if let Some(enc) = header.or(meta) {
        return with(enc.output_encoding(), bytes, 0);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    with(enc, bytes, 0)
}

fn with(enc: &'static Encoding, bytes: &[u8], bom: usize) -> Decoded {
    let body = &bytes[bom..];
    if enc == UTF_8 {
        if let Ok(s) = std::str::from_utf8(body) {
            return Decoded {
                text: s.to_string(),
                encoding: enc,
                raw: RawMap { map: None, bom },
            };
        }
    }
    // Decode one original byte at a time so that every output character is
    // tied to the bytes it came from. Only legacy and UTF-16 input (or broken
    // UTF-8) takes this path.
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() * 2);
    let mut map: Vec<u32> = Vec::with_capacity(body.len() * 2);
    let mut char_start = bom;
    let mut buf = [0u8; 64];
    for (i, b) in body.iter().enumerate() {
        let (_, _, written, _) = decoder.decode_to_utf8(std::slice::from_ref(b), &mut buf, false);
        if written > 0 {
            let out = std::str::from_utf8(&buf[..written]).unwrap_or("\u{fffd}");
            push_mapped(&mut text, &mut map, out, char_start, bom + i + 1);
            char_start = bom + i + 1;
        }
    }
    // flush whatever the decoder still holds (an incomplete sequence)
    let (_, _, written, _) = decoder.decode_to_utf8(&[], &mut buf, true);
    if written > 0 {
        let out = std::str::from_utf8(&buf[..written]).unwrap_or("\u{fffd}");
        push_mapped(&mut text, &mut map, out, char_start, bytes.len());
    }
    map.push(bytes.len() as u32);
    Decoded {
        text,
        encoding: enc,
        raw: RawMap {
            map: Some(map),
            bom,
        },
    }
}

/// Append decoded output whose characters all came from original bytes
/// `[start, end)`: the first character starts at `start`, any further ones
/// (a replacement followed by a character) at `end`.
fn push_mapped(text: &mut String, map: &mut Vec<u32>, out: &str, start: usize, end: usize) {
    for (k, c) in out.chars().enumerate() {
        let at = if k == 0 { start } else { end };
        let n = c.len_utf8();
        text.push(c);
        map.extend(std::iter::repeat_n(at as u32, n));
    }
}

/// `charset=` in a Content-Type value.
fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let v = lower[at + 8..]
        .trim_start_matches(['"', '\''])
        .split(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .next()?;
    Encoding::for_label(v.as_bytes())
}

/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` within the first 1024 bytes, as the HTML standard's prescan
/// looks for it.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if let Some(enc) = charset_param(&tag.replace("charset =", "charset=")) {
            return Some(enc);
        }
        from = end.min(lower.len());
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters counted as garbage are the replacement character and
    /// exactly those the standard library calls control and not white space.
    #[test]
    fn garbage_is_replacement_and_control_not_space() {
        for u in 0..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let d = Decoded {
                text: c.to_string(),
                ..decode(b"", Declared::None, false)
            };
            let bad = c == '\u{fffd}' || (c.is_control() && !c.is_whitespace());
            assert_eq!(d.garbage() > 0.0, bad, "U+{u:04X}");
        }
        let d = Decoded {
            text: "\u{fffd}".into(),
            ..decode(b"", Declared::None, false)
        };
        assert_eq!(d.garbage(), 1.0);
    }

    #[test]
    fn utf8_is_the_bytes_themselves() {
        let d = decode("قمة بغداد".as_bytes(), Declared::None, false);
        assert_eq!(d.text, "قمة بغداد");
        assert_eq!(d.raw_offset(4), 4);
    }

    #[test]
    fn utf8_bom_is_skipped_and_offsets_count_it() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("abc".as_bytes());
        let d = decode(&b, Declared::None, false);
        assert_eq!(d.text, "abc");
        assert_eq!(d.raw_offset(1), 4);
    }

    #[test]
    fn windows_1256_maps_each_letter_to_its_byte() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("قمة في بغداد");
        let d = decode(
            &bytes,
            Declared::Header("text/plain; charset=windows-1256"),
            false,
        );
        assert_eq!(d.text, "قمة في بغداد");
        // "في" starts at the fifth character: one byte each in windows-1256
        let at = d.text.find("في").unwrap();
        assert_eq!(d.raw_offset(at), 4);
        assert_eq!(d.raw_offset(d.text.len()), bytes.len());
    }

    #[test]
    fn utf16_by_its_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "سلام".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b, Declared::None, false);
        assert_eq!(d.text, "سلام");
        assert_eq!(d.raw_offset(2), 4);
    }

    #[test]
    fn meta_charset_declares_a_legacy_page() {
        let mut b = b"<html><head><meta charset=\"windows-1256\"></head><body>".to_vec();
        let (ar, _, _) = encoding_rs::WINDOWS_1256.encode("بغداد");
        b.extend_from_slice(&ar);
        let d = decode(&b, Declared::None, true);
        assert!(d.text.contains("بغداد"));
    }

    #[test]
    fn undeclared_legacy_arabic_is_guessed() {
        let text =
            "أعلن الرئيس اليوم أن القمة العربية ستعقد في بغداد الشهر المقبل بحضور القادة العرب";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes, Declared::None, false);
        assert_eq!(d.text, text);
    }
}
