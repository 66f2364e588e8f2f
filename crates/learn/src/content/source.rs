//! Where content came from (file and line), and errors that point there.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// The file and line an item was written at, and the line of each of its keys, so that an error
/// about `answer` points at the `answer = …` line itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    /// 1-based line of the item's first line.
    pub line: usize,
    keys: BTreeMap<String, usize>,
}

impl Origin {
    /// The origin of the item spanning `span` (byte offsets) in `text`.
    pub fn of_span(file: &str, text: &str, span: Range<usize>) -> Origin {
        let line = line_of_offset(text, span.start);
        let body = text.get(span.clone()).unwrap_or_default();
        let mut keys = BTreeMap::new();
        for (i, raw) in body.lines().enumerate() {
            let trimmed = raw.trim_start();
            let key: String = trimmed.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let rest = trimmed[key.len()..].trim_start();
            if !key.is_empty() && rest.starts_with('=') {
                keys.entry(key).or_insert(line + i);
            }
        }
        Origin { file: file.to_string(), line, keys }
    }

    /// The line of `key = …` inside the item, or the item's own line when the key is not there.
    pub fn line_of(&self, key: &str) -> usize {
        self.keys.get(key).copied().unwrap_or(self.line)
    }

    /// An error at `key`'s line.
    pub fn error_at(&self, key: &str, message: impl Into<String>) -> ContentError {
        ContentError { file: self.file.clone(), line: self.line_of(key), message: message.into() }
    }
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// A problem in a content file: `content/s3.toml:42: question 's3-x': answer 'e' is not a choice`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ContentError {}

/// All errors, one per line, for test failures and the content checker.
pub fn report(errors: &[ContentError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one() {
        let text = "a = 1\nb = 2\n\nc = 3\n";
        assert_eq!(line_of_offset(text, 0), 1);
        assert_eq!(line_of_offset(text, 6), 2);
        assert_eq!(line_of_offset(text, text.find('c').unwrap()), 4);
        assert_eq!(line_of_offset(text, 10_000), 5);
    }

    #[test]
    fn keys_are_found_on_their_own_lines() {
        let text = "[[question]]\nid = \"x\"\n  answer = [\"b\"]\nprompt=\"p\"\n";
        let origin = Origin::of_span("f.toml", text, 0..text.len());
        assert_eq!(origin.line, 1);
        assert_eq!(origin.line_of("id"), 2);
        assert_eq!(origin.line_of("answer"), 3);
        assert_eq!(origin.line_of("prompt"), 4);
        assert_eq!(origin.line_of("missing"), 1);
        assert_eq!(origin.error_at("answer", "bad").to_string(), "f.toml:3: bad");
    }
}
