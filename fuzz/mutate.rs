//! Structure-aware mutation: every choice is drawn from an
//! [`arbitrary::Unstructured`] over random bytes, so an input is a pure
//! function of its bytes (and the pool).
//!
//! Besides byte-level edits (flip, insert, delete, duplicate, splice,
//! truncate) the mutator knows the shapes perfcase reads: numbers in text
//! are swapped for hostile ones (NaN, 1e309, 2^32 − 1, …), words for words
//! of the seeds (field names, enum variants, JSON keys), lines are dropped,
//! doubled and swapped, JSON is edited as a tree, and pprof protobufs are
//! decoded, edited as messages and re-encoded (gzipped or not).

use arbitrary::{Result, Unstructured};
use perfcase::import::pprof::ProfileProto;
use prost::Message as _;

/// Numbers that have broken parsers and models before.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.5",
    "2400.5",
    "1e309",
    "-1e309",
    "1e308",
    "-1e308",
    "1e15",
    "1e16",
    "1e-320",
    "NaN",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "9007199254740993",
    "99999999999999999999999999",
    "1000000",
    "10000000",
    "0x10",
    "1_000",
    "00",
    ".5",
    "5.",
];

/// Fragments of syntax worth inserting anywhere.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "//",
    "/*",
    "*/",
    "\n",
    ";",
    "Some(",
    "None",
    "Range(",
    "Pert(",
    "r#",
    "#![enable(implicit_some)]",
    "\u{feff}",
    "\u{0}",
    "\u{ff}",
    "é",
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "\"\"",
];

/// The mutator: the seeds and a dictionary drawn from them.
pub struct Mutator {
    seeds: Vec<Vec<u8>>,
    words: Vec<Vec<u8>>,
}

impl Mutator {
    /// A mutator over `seeds` (at least one; an empty seed stands in for none).
    pub fn new(seeds: &[Vec<u8>]) -> Self {
        let mut seeds = seeds.to_vec();
        if seeds.is_empty() {
            seeds.push(Vec::new());
        }
        let mut words: Vec<Vec<u8>> = Vec::new();
        for seed in &seeds {
            for word in seed
                .split(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .filter(|w| !w.is_empty() && w.len() <= 40 && !w[0].is_ascii_digit())
            {
                words.push(word.to_vec());
            }
        }
        words.sort();
        words.dedup();
        words.extend(FRAGMENTS.iter().map(|f| f.as_bytes().to_vec()));
        words.extend(NUMBERS.iter().map(|f| f.as_bytes().to_vec()));
        Self { seeds, words }
    }

    /// One input: a seed or pool member mutated one to eight times (once in
    /// half the inputs), or (1 in 32) plain random bytes.
    pub fn generate(&self, entropy: &[u8], pool: &[Vec<u8>]) -> Vec<u8> {
        let mut u = Unstructured::new(entropy);
        self.generate_from(&mut u, pool).unwrap_or_default()
    }

    fn generate_from(&self, u: &mut Unstructured, pool: &[Vec<u8>]) -> Result<Vec<u8>> {
        if u.ratio(1, 32)? {
            let len = u.int_in_range(0..=u.len())?;
            return Ok(u.bytes(len)?.to_vec());
        }
        let mut data = if !pool.is_empty() && u.ratio(1, 2)? {
            u.choose(pool)?.clone()
        } else {
            u.choose(&self.seeds)?.clone()
        };
        // Mostly one or two edits: a file one mistake away from valid
        // reaches deeper than a wreck.
        let rounds = if u.ratio(1, 2)? {
            1
        } else {
            u.int_in_range(2..=8)?
        };
        for _ in 0..rounds {
            if u.is_empty() {
                break;
            }
            self.mutate(u, &mut data)?;
        }
        Ok(data)
    }

    fn mutate(&self, u: &mut Unstructured, data: &mut Vec<u8>) -> Result<()> {
        match u.int_in_range(0..=13)? {
            0 => {
                if let Some(i) = index(u, data.len())? {
                    data[i] ^= 1 << u.int_in_range(0..=7)?;
                }
            }
            1 => {
                if let Some(i) = index(u, data.len())? {
                    data[i] = u.arbitrary()?;
                }
            }
            2 => {
                let at = u.int_in_range(0..=data.len())?;
                let n = u.int_in_range(1..=8)?;
                let bytes = u.bytes(n.min(u.len()))?.to_vec();
                data.splice(at..at, bytes);
            }
            3 => {
                if let Some((a, b)) = range(u, data.len())? {
                    data.drain(a..b);
                }
            }
            4 => {
                if let Some((a, b)) = range(u, data.len())? {
                    let copy = data[a..b].to_vec();
                    let at = u.int_in_range(0..=data.len())?;
                    data.splice(at..at, copy);
                }
            }
            5 => {
                let other = u.choose(&self.seeds)?;
                if let Some((a, b)) = range(u, other.len())? {
                    let at = u.int_in_range(0..=data.len())?;
                    data.splice(at..at, other[a..b].iter().copied());
                }
            }
            6 => {
                let at = u.int_in_range(0..=data.len())?;
                data.truncate(at);
            }
            7 => {
                let word = u.choose(&self.words)?.clone();
                let at = u.int_in_range(0..=data.len())?;
                data.splice(at..at, word);
            }
            8 => replace_token(u, data, Token::Number, |u| {
                Ok(u.choose(NUMBERS)?.as_bytes().to_vec())
            })?,
            9 => replace_token(u, data, Token::Word, |u| Ok(u.choose(&self.words)?.clone()))?,
            10 => lines(u, data)?,
            11 => json(u, data)?,
            12 => protobuf(u, data)?,
            _ => {
                // Double a stretch many times: lists of thousands of spans,
                // candidates or points.
                if let Some((a, b)) = range(u, data.len())? {
                    let copy = data[a..b].to_vec();
                    let times = u.int_in_range(2..=64)?;
                    for _ in 0..times {
                        data.splice(b..b, copy.iter().copied());
                    }
                }
            }
        }
        Ok(())
    }
}

fn index(u: &mut Unstructured, len: usize) -> Result<Option<usize>> {
    if len == 0 {
        return Ok(None);
    }
    Ok(Some(u.int_in_range(0..=len - 1)?))
}

/// A short stretch `a..b` of `0..len`, at most 64 bytes long.
fn range(u: &mut Unstructured, len: usize) -> Result<Option<(usize, usize)>> {
    let Some(a) = index(u, len)? else {
        return Ok(None);
    };
    let b = u.int_in_range(a + 1..=len.min(a + 64))?;
    Ok(Some((a, b)))
}

#[derive(Clone, Copy, PartialEq)]
enum Token {
    Number,
    Word,
}

/// The byte ranges of numbers (a digit, or a minus before one, then digits,
/// dots, exponents) or words (identifiers) in `data`.
fn tokens(data: &[u8], kind: Token) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        let starts = match kind {
            Token::Number => {
                b.is_ascii_digit() || (b == b'-' && data.get(i + 1).is_some_and(u8::is_ascii_digit))
            }
            Token::Word => b.is_ascii_alphabetic() || b == b'_',
        };
        if starts && (i == 0 || !is_word_byte(data[i - 1])) {
            let mut j = i + 1;
            while j < data.len()
                && match kind {
                    Token::Number => {
                        data[j].is_ascii_digit()
                            || matches!(data[j], b'.' | b'e' | b'E' | b'_')
                            || (matches!(data[j], b'-' | b'+')
                                && matches!(data[j - 1], b'e' | b'E'))
                    }
                    Token::Word => is_word_byte(data[j]),
                }
            {
                j += 1;
            }
            found.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Replaces one token of `kind` with what `with` draws.
fn replace_token(
    u: &mut Unstructured,
    data: &mut Vec<u8>,
    kind: Token,
    with: impl FnOnce(&mut Unstructured) -> Result<Vec<u8>>,
) -> Result<()> {
    let found = tokens(data, kind);
    if found.is_empty() {
        return Ok(());
    }
    let (a, b) = *u.choose(&found)?;
    let new = with(u)?;
    data.splice(a..b, new);
    Ok(())
}

/// Drops, doubles or swaps whole lines.
fn lines(u: &mut Unstructured, data: &mut Vec<u8>) -> Result<()> {
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let Some(i) = index(u, lines.len())? else {
        return Ok(());
    };
    match u.int_in_range(0..=2)? {
        0 => {
            lines.remove(i);
        }
        1 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        _ => {
            if let Some(j) = index(u, lines.len())? {
                lines.swap(i, j);
            }
        }
    }
    *data = lines.join(&b'\n');
    Ok(())
}

/// Edits JSON as a tree: one node replaced by a hostile value, removed,
/// doubled or moved. Text that is not JSON is left alone.
fn json(u: &mut Unstructured, data: &mut Vec<u8>) -> Result<()> {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return Ok(());
    };
    let mut pointers = Vec::new();
    collect_pointers(&value, String::new(), &mut pointers);
    let Some(at) = pointers
        .get(u.choose_index(pointers.len().max(1))?)
        .cloned()
    else {
        return Ok(());
    };
    let donor = pointers
        .get(u.choose_index(pointers.len())?)
        .and_then(|p| value.pointer(p))
        .cloned()
        .unwrap_or_default();
    let choice = u.int_in_range(0..=3)?;
    let replacement = match choice {
        0 => hostile_value(u)?,
        1 => donor,
        _ => serde_json::Value::Null,
    };
    if choice >= 2 {
        // Remove or double the node in its parent.
        let (parent, key) = at.rsplit_once('/').unwrap_or(("", ""));
        if let Some(parent) = value.pointer_mut(parent) {
            let double = choice == 3;
            match parent {
                serde_json::Value::Object(map) => {
                    if double {
                        map.insert(format!("{key}_"), map.get(key).cloned().unwrap_or_default());
                    } else {
                        map.shift_remove(key);
                    }
                }
                serde_json::Value::Array(items) => {
                    if let Ok(k) = key.parse::<usize>()
                        && k < items.len()
                    {
                        if double {
                            let item = items[k].clone();
                            let times = u.int_in_range(1..=32)?;
                            for _ in 0..times {
                                items.insert(k, item.clone());
                            }
                        } else {
                            items.remove(k);
                        }
                    }
                }
                _ => {}
            }
        }
    } else if let Some(node) = value.pointer_mut(&at) {
        *node = replacement;
    }
    if let Ok(text) = serde_json::to_vec(&value) {
        *data = text;
    }
    Ok(())
}

fn collect_pointers(value: &serde_json::Value, here: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                collect_pointers(v, format!("{here}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_pointers(v, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

fn hostile_value(u: &mut Unstructured) -> Result<serde_json::Value> {
    use serde_json::{Value, json};
    Ok(match u.int_in_range(0..=11)? {
        0 => json!(-1),
        1 => json!(0),
        2 => json!(1.0e308),
        3 => json!(-1.0e308),
        4 => json!(u64::MAX),
        5 => json!(i64::MIN),
        6 => json!(""),
        7 => json!("x".repeat(u.int_in_range(1..=300)?)),
        8 => json!([]),
        9 => json!({}),
        10 => Value::Bool(u.arbitrary()?),
        _ => json!(u.arbitrary::<i64>()?),
    })
}

/// Edits a pprof profile as messages: numbers in samples, locations and
/// string indices replaced by hostile or arbitrary ones; gzip toggled.
/// Bytes that are not a profile are left alone.
fn protobuf(u: &mut Unstructured, data: &mut Vec<u8>) -> Result<()> {
    use std::io::Read as _;
    let gzipped = data.starts_with(&[0x1f, 0x8b]);
    let raw = if gzipped {
        let mut out = Vec::new();
        if flate2::read::GzDecoder::new(&data[..])
            .take(1 << 20)
            .read_to_end(&mut out)
            .is_err()
        {
            return Ok(());
        }
        out
    } else {
        data.clone()
    };
    let Ok(mut p) = ProfileProto::decode(&raw[..]) else {
        return Ok(());
    };
    let number = |u: &mut Unstructured| -> Result<i64> {
        Ok(match u.int_in_range(0..=5)? {
            0 => -1,
            1 => 0,
            2 => i64::MAX,
            3 => i64::MIN,
            4 => u.int_in_range(0..=8)?,
            _ => u.arbitrary()?,
        })
    };
    match u.int_in_range(0..=6)? {
        0 => {
            if let Some(i) = index(u, p.sample.len())?
                && let Some(j) = index(u, p.sample[i].value.len())?
            {
                p.sample[i].value[j] = number(u)?;
            }
        }
        1 => {
            if let Some(i) = index(u, p.sample.len())?
                && let Some(j) = index(u, p.sample[i].location_id.len())?
            {
                p.sample[i].location_id[j] = number(u)? as u64;
            }
        }
        2 => {
            if let Some(i) = index(u, p.location.len())? {
                p.location[i].id = number(u)? as u64;
            }
        }
        3 => {
            if let Some(i) = index(u, p.function.len())? {
                p.function[i].name = number(u)?;
            }
        }
        4 => {
            if let Some(i) = index(u, p.sample_type.len())? {
                p.sample_type[i].r#type = number(u)?;
            }
        }
        5 => {
            if let Some(i) = index(u, p.sample.len())? {
                let s = p.sample[i].clone();
                let times = u.int_in_range(1..=64)?;
                p.sample.extend(std::iter::repeat_n(s, times));
            }
        }
        _ => p.string_table.push(u.arbitrary()?),
    }
    let encoded = p.encode_to_vec();
    *data = if gzipped == u.ratio(1, 4)? {
        // Toggle gzip one time in four.
        encoded
    } else {
        let mut out = Vec::new();
        let mut gz = flate2::write::GzEncoder::new(&mut out, flate2::Compression::fast());
        let _ = std::io::Write::write_all(&mut gz, &encoded);
        drop(gz.finish());
        out
    };
    Ok(())
}
