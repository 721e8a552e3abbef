//! Byte spans into original documents, line/column positions, and the map from
//! normalized text back to the original bytes.
//!
//! Matching always happens on a normalized copy of the text; evidence is always
//! cut from the original. [`Normalized`] keeps, for every byte of the copy, the
//! original byte range of the character that produced it, so any match on the
//! copy maps back to an exact original span.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's original text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The original text at this span.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Precomputed line starts for fast offset → line/column lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Every [`CHECKPOINT`] bytes, the character boundary there and its
    /// column, so that a column in a very long line (a page saved on one
    /// line) is counted from near by, not from the line's start.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = Vec::new();
        if starts.windows(2).any(|w| w[1] - w[0] > CHECKPOINT)
            || text.len() - starts[starts.len() - 1] > CHECKPOINT
        {
            let mut column = 0;
            let mut next = CHECKPOINT;
            for (i, c) in text.char_indices() {
                if i >= next {
                    checkpoints.push((i, column));
                    next = i + CHECKPOINT;
                }
                column = if c == '\n' { 0 } else { column + 1 };
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut start = self.starts[line];
        let mut base = 0;
        // the nearest checkpoint within this line, before the offset
        let k = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        if let Some(&(at, col)) = k.checked_sub(1).and_then(|k| self.checkpoints.get(k)) {
            if at >= start {
                start = at;
                base = col;
            }
        }
        let column = text
            .get(start..offset)
            .map_or(1, |s| base + s.chars().count() + 1);
        LineCol {
            line: line + 1,
            column,
        }
    }
}

fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A normalized copy of a stretch of original text, with the way back.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalized text; used for matching only, never shown as evidence.
    pub text: String,
    /// For each byte of `text`: the original byte range of the source
    /// character. Offsets are kept as `u32` (half the memory of `usize`, and
    /// this map is as long as the text): a text beyond 4 GiB maps its tail
    /// to its first 4 GiB's end rather than failing.
    origin: Vec<(u32, u32)>,
}

impl Normalized {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Normalized {
            text: String::with_capacity(n),
            origin: Vec::with_capacity(n),
        }
    }

    pub(crate) fn push(&mut self, c: char, orig: (usize, usize)) {
        let orig = (narrow(orig.0), narrow(orig.1));
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.origin.push(orig);
        }
    }

    /// An ASCII byte at original offset `at`, folded already.
    #[inline]
    pub(crate) fn push_ascii(&mut self, b: u8, at: usize) {
        debug_assert!(b.is_ascii());
        self.text.push(char::from(b));
        self.origin.push((narrow(at), narrow(at + 1)));
    }

    pub(crate) fn extend_last(&mut self, end: usize) {
        let Some(&(start, _)) = self.origin.last() else {
            return;
        };
        for o in self.origin.iter_mut().rev() {
            if o.0 != start {
                break;
            }
            o.1 = narrow(end);
        }
    }

    /// Original span of the normalized byte range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> Span {
        if self.origin.is_empty() {
            return Span::default();
        }
        let s = self.origin[start.min(self.origin.len() - 1)].0 as usize;
        let e = if end == 0 {
            s
        } else {
            self.origin[(end - 1).min(self.origin.len() - 1)].1 as usize
        };
        Span::new(s, e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "أ\nبت ج";
        let idx = LineIndex::new(text);
        let off = text.find('ج').unwrap();
        assert_eq!(idx.line_col(text, off), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
    }
}
