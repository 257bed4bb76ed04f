//! pprof profiles: a protobuf `Profile` (google/pprof `proto/profile.proto`),
//! usually gzipped. The messages below mirror the fields perfcase reads
//! with their numbers from that file; prost decodes them and skips the rest.
//! A sample's leaf is its first location's first line (the innermost inlined
//! function), named by the function's name, `[unknown]` without a line.

use std::collections::HashMap;
use std::io::Read as _;

use super::profile::Profile;
use super::{Format, ImportError};

/// `perftools.profiles.Profile`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ProfileProto {
    /// Field 1: what each sample's values measure.
    #[prost(message, repeated, tag = "1")]
    pub sample_type: Vec<ValueType>,
    /// Field 2: the samples.
    #[prost(message, repeated, tag = "2")]
    pub sample: Vec<Sample>,
    /// Field 4: the locations samples point at.
    #[prost(message, repeated, tag = "4")]
    pub location: Vec<Location>,
    /// Field 5: the functions lines point at.
    #[prost(message, repeated, tag = "5")]
    pub function: Vec<Function>,
    /// Field 6: every string, by index.
    #[prost(string, repeated, tag = "6")]
    pub string_table: Vec<String>,
}

/// `ValueType`: a type and its unit, as string-table indices.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ValueType {
    /// Field 1: the type ("cpu", "samples").
    #[prost(int64, tag = "1")]
    pub r#type: i64,
    /// Field 2: the unit ("nanoseconds", "count").
    #[prost(int64, tag = "2")]
    pub unit: i64,
}

/// `Sample`: a stack (leaf first) and one value per sample type.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Sample {
    /// Field 1: location ids, the leaf first.
    #[prost(uint64, repeated, tag = "1")]
    pub location_id: Vec<u64>,
    /// Field 2: one value per sample type.
    #[prost(int64, repeated, tag = "2")]
    pub value: Vec<i64>,
}

/// `Location`: an address and its (possibly inlined) lines.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Location {
    /// Field 1: its id.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// Field 4: lines, innermost inlined function first.
    #[prost(message, repeated, tag = "4")]
    pub line: Vec<Line>,
}

/// `Line`: a function and a line number.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Line {
    /// Field 1: the function's id.
    #[prost(uint64, tag = "1")]
    pub function_id: u64,
}

/// `Function`: its name as a string-table index.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Function {
    /// Field 1: its id.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// Field 2: its name.
    #[prost(int64, tag = "2")]
    pub name: i64,
}

/// The largest decompressed profile read (a 1 GiB cap against gzip bombs).
const MAX_DECOMPRESSED: u64 = 1 << 30;

/// The protobuf bytes: gunzipped when gzipped.
fn protobuf(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, ImportError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    // Every member: `gzip a; gzip b; cat` profiles are one profile.
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut out)
        .map_err(|e| ImportError::Parse {
            format: Format::Pprof,
            detail: format!("not a gzip stream: {e}"),
        })?;
    if out.len() as u64 > MAX_DECOMPRESSED {
        return Err(ImportError::Invalid(
            "the profile decompresses to more than 1 GiB".into(),
        ));
    }
    Ok(std::borrow::Cow::Owned(out))
}

fn decode(bytes: &[u8]) -> Result<ProfileProto, ImportError> {
    let raw = protobuf(bytes)?;
    prost::Message::decode(raw.as_ref()).map_err(|e| ImportError::Parse {
        format: Format::Pprof,
        detail: format!("not a pprof protobuf: {e}"),
    })
}

/// Whether `bytes` decode as a pprof profile with something in it.
pub fn looks_like(bytes: &[u8]) -> bool {
    decode(bytes).is_ok_and(|p| !p.sample_type.is_empty() && !p.string_table.is_empty())
}

/// Reads a pprof profile, taking the first sample type or the one named
/// `sample_type` (whatever `default_sample_type` says).
pub fn read(bytes: &[u8], sample_type: Option<&str>) -> Result<Profile, ImportError> {
    let p = decode(bytes)?;
    let string = |i: i64| -> &str {
        usize::try_from(i)
            .ok()
            .and_then(|i| p.string_table.get(i))
            .map_or("", String::as_str)
    };
    let types: Vec<String> = p
        .sample_type
        .iter()
        .map(|t| format!("{} ({})", string(t.r#type), string(t.unit)))
        .collect();
    let which = match sample_type {
        Some(wanted) => p
            .sample_type
            .iter()
            .position(|t| string(t.r#type) == wanted)
            .ok_or_else(|| ImportError::UnknownSampleType {
                wanted: wanted.to_owned(),
                have: types.clone(),
            })?,
        None if p.sample_type.is_empty() => {
            return Err(ImportError::Empty("the profile has no sample types".into()));
        }
        None => 0,
    };
    let functions: HashMap<u64, &str> = p.function.iter().map(|f| (f.id, string(f.name))).collect();
    let locations: HashMap<u64, &Location> = p.location.iter().map(|l| (l.id, l)).collect();
    let mut profile = Profile::default();
    let mut index = HashMap::new();
    for sample in &p.sample {
        let Some(&value) = sample.value.get(which) else {
            continue;
        };
        let leaf = sample
            .location_id
            .first()
            .and_then(|id| locations.get(id))
            .and_then(|l| l.line.first())
            .and_then(|line| functions.get(&line.function_id).copied())
            .filter(|name| !name.is_empty())
            .unwrap_or("[unknown]");
        profile.add(&mut index, leaf, value as f64);
    }
    profile.description = format!(
        "pprof sample type {}, {} samples",
        types[which],
        p.sample.len()
    );
    profile.check()
}
