//! Finding a field in RON text by its path (`budget.spans[1].lever.hit_ratio`),
//! so a validation error can name the line and column of the offending value,
//! not only its path.
//!
//! A light scanner, not a parser: it understands just enough RON (strings,
//! raw strings, comments, brackets, `name: value` fields, `Some(…)` and
//! enum wrappers) to walk to a value the real parser already accepted.

/// The 1-based (line, column) of the value at `path` in `text`, if found.
/// For many paths in one text, build a [`Locator`] once.
#[cfg(test)]
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    Locator::new(text).locate(path)
}

/// One text, tokenized once, for locating many paths: a file with 10,000
/// invalid values is scanned once, not once per error. Skipping a value is
/// one lookup (each bracket knows its match) and a list's elements are
/// found once per list, so each path costs its depth, not its offset.
pub struct Locator<'a> {
    text: &'a str,
    tokens: Vec<Token<'a>>,
    /// For an opening bracket's token, the index just past its match.
    past_close: Vec<usize>,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// A list's opening token → the token where each element starts.
    elements: std::cell::RefCell<std::collections::HashMap<usize, Vec<usize>>>,
}

impl<'a> Locator<'a> {
    /// Scans `text` once.
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let mut past_close = vec![usize::MAX; tokens.len()];
        let mut open = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            match t.kind {
                Kind::Open(_) => open.push(i),
                Kind::Close => {
                    if let Some(o) = open.pop() {
                        past_close[o] = i + 1;
                    }
                }
                _ => {}
            }
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            tokens,
            past_close,
            line_starts,
            elements: Default::default(),
        }
    }

    /// The 1-based (line, column) of the value at `path`, if found.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let segments = segments(path)?;
        let mut at = 0;
        // The root is `Scenario(…)`: descend like any struct.
        let found = self.walk(&mut at, &segments)?;
        Some(self.line_col(self.tokens[found].offset))
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// Skips one value starting at `*at`; leaves `*at` after it.
    fn skip_value(&self, at: &mut usize) {
        let tokens = &self.tokens;
        if tokens.get(*at).is_some_and(|t| t.kind == Kind::Ident)
            && tokens
                .get(*at + 1)
                .is_some_and(|t| matches!(t.kind, Kind::Open(_)))
        {
            *at += 1;
        }
        match tokens.get(*at).map(|t| t.kind) {
            // An unclosed bracket runs to the end.
            Some(Kind::Open(_)) => *at = self.past_close[*at].min(tokens.len()),
            Some(_) => *at += 1,
            None => {}
        }
    }

    /// Where element `index` of the list whose first element starts at
    /// `first` begins (the list's elements are found once, then remembered).
    fn element(&self, first: usize, index: usize) -> Option<usize> {
        let mut cache = self.elements.borrow_mut();
        let starts = cache.entry(first).or_insert_with(|| {
            let mut starts = vec![first];
            let mut at = first;
            loop {
                self.skip_value(&mut at);
                if self.tokens.get(at).map(|t| t.kind) != Some(Kind::Comma) {
                    break;
                }
                at += 1;
                starts.push(at);
            }
            starts
        });
        starts.get(index).copied()
    }

    /// Walks the value at `*at` down `path`; returns the token index of the
    /// value the path names.
    fn walk(&self, at: &mut usize, path: &[Segment<'_>]) -> Option<usize> {
        let tokens = &self.tokens;
        let Some((first, rest)) = path.split_first() else {
            return Some(*at);
        };
        // A name before a bracket (`Budget(`, `Some(`, `Cache(`) wraps the value.
        if tokens.get(*at)?.kind == Kind::Ident
            && tokens
                .get(*at + 1)
                .is_some_and(|t| matches!(t.kind, Kind::Open(_)))
        {
            *at += 1;
        }
        let open = tokens.get(*at)?;
        let Kind::Open(bracket) = open.kind else {
            return None;
        };
        *at += 1;
        match (bracket, first) {
            ('[' | '(', Segment::Index(index)) => {
                *at = self.element(*at, *index)?;
                // A trailing comma's "element" is the closing bracket.
                if tokens.get(*at)?.kind == Kind::Close {
                    return None;
                }
                self.walk(at, rest)
            }
            ('(', Segment::Field(name)) => {
                let named = tokens.get(*at)?.kind == Kind::Ident
                    && tokens.get(*at + 1).is_some_and(|t| t.kind == Kind::Colon);
                if !named {
                    // `Some(x)` or a newtype variant: the path goes on inside.
                    return self.walk(at, path);
                }
                loop {
                    let field = tokens.get(*at)?;
                    if field.kind != Kind::Ident || tokens.get(*at + 1)?.kind != Kind::Colon {
                        return None;
                    }
                    *at += 2;
                    if field.text == *name {
                        return self.walk(at, rest);
                    }
                    self.skip_value(at);
                    match tokens.get(*at)?.kind {
                        Kind::Comma => *at += 1,
                        _ => return None,
                    }
                }
            }
            _ => None,
        }
    }
}

/// A path split into field names and list indices.
#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Field(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Segment<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
            // A tuple's member: `load.usl.points[0].1`.
            out.push(Segment::Index(name.parse().ok()?));
        } else if !name.is_empty() {
            out.push(Segment::Field(name));
        }
        if !rest.is_empty() {
            for index in format!("[{rest}").split('[').skip(1) {
                out.push(Segment::Index(index.trim_end_matches(']').parse().ok()?));
            }
        }
    }
    Some(out)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Ident,
    Open(char),
    Close,
    Colon,
    Comma,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    offset: usize,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push(Token {
                    kind: Kind::Other,
                    text: "\"",
                    offset: start,
                });
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'#' | b'"')) => {
                // A raw string: r#"…"# with any number of #.
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                i += 1 + hashes + 1;
                loop {
                    if i >= bytes.len() {
                        break;
                    }
                    if bytes[i] == b'"'
                        && bytes[i + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&b| b == b'#')
                            .count()
                            == hashes
                    {
                        i += 1 + hashes;
                        break;
                    }
                    i += 1;
                }
                out.push(Token {
                    kind: Kind::Other,
                    text: "r\"",
                    offset: start,
                });
            }
            b'(' | b'[' | b'{' => {
                i += 1;
                out.push(Token {
                    kind: Kind::Open(c as char),
                    text: &text[start..i],
                    offset: start,
                });
            }
            b')' | b']' | b'}' => {
                i += 1;
                out.push(Token {
                    kind: Kind::Close,
                    text: &text[start..i],
                    offset: start,
                });
            }
            b':' => {
                i += 1;
                out.push(Token {
                    kind: Kind::Colon,
                    text: ":",
                    offset: start,
                });
            }
            b',' => {
                i += 1;
                out.push(Token {
                    kind: Kind::Comma,
                    text: ",",
                    offset: start,
                });
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push(Token {
                    kind: Kind::Ident,
                    text: &text[start..i],
                    offset: start,
                });
            }
            _ => {
                // Numbers and anything else: one token up to a delimiter.
                i += 1;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b','
                            | b')'
                            | b']'
                            | b'}'
                            | b'('
                            | b'['
                            | b'{'
                            | b':'
                    )
                {
                    i += 1;
                }
                out.push(Token {
                    kind: Kind::Other,
                    text: &text[start..i],
                    offset: start,
                });
            }
        }
    }
    out
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The field name whose value starts at or just before byte `offset`: the
/// identifier before the nearest preceding `:`.
pub fn field_before(text: &str, offset: usize) -> Option<&str> {
    let before = &text[..offset.min(text.len())];
    let colon = before
        .trim_end()
        .strip_suffix(':')
        .map(str::len)
        .or_else(|| before.rfind(':'))?;
    let name = before[..colon].trim_end();
    let start = name
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &name[start..];
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"Scenario(
    format: 2,
    title: "a (tricky: title, [with] brackets)",
    budget: Some(Budget(
        language_speedup: Range(low: 3.0, high: 12.0),
        spans: [
            Span(name: "a", time: 1.0, kind: OwnCode),
            Span(
                name: "b",
                time: 2.0, // a comment: with, punctuation
                kind: External,
                lever: Some(Cache(label: r#"x"y"#, hit_ratio: 0.8, hit_time: 1.0)),
            ),
        ],
    )),
)"##;

    #[test]
    fn finds_fields_through_options_enums_and_lists() {
        assert_eq!(locate(TEXT, "budget.language_speedup"), Some((5, 27)));
        assert_eq!(locate(TEXT, "budget.spans[0].time"), Some((7, 35)));
        assert_eq!(locate(TEXT, "budget.spans[1].time"), Some((10, 23)));
        assert_eq!(
            locate(TEXT, "budget.spans[1].lever.hit_ratio"),
            Some((12, 63))
        );
        assert_eq!(locate(TEXT, "budget.spans[2].time"), None);
        assert_eq!(locate(TEXT, "budget.slo.latency"), None);
    }

    #[test]
    fn the_field_before_a_value() {
        let text = "Payback(horizon_months: Range(low: 1.0, high: 2.0))";
        let at = text.find("Range").expect("range");
        assert_eq!(field_before(text, at), Some("horizon_months"));
    }
}
