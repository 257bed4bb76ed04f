//! pprof profiles: a protobuf `Profile` (google/pprof `proto/profile.proto`),
//! usually gzipped. The messages below mirror the fields perfcase reads
//! with their numbers from that file; prost decodes them and skips the rest.
//! A sample's leaf is its first location's first line (the innermost inlined
//! function), named by the function's name, `[unknown]` without a line.

use std::collections::HashMap;
use std::io::Read as _;

use super::profile::Profile;
use super::{Format, ImportError};

/// `perftools.profiles.Profile`: the fields perfcase reads (the reader
/// walks them one at a time; tests build profiles with it).
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

/// How far a profile may decompress: 64 MiB plus 16 times its gzipped
/// size (real profiles compress 3–10×; a gzip bomb of empty samples
/// reaches 1,000×), never past [`MAX_DECOMPRESSED`].
fn decompressed_limit(compressed: usize) -> u64 {
    (64_u64 << 20)
        .saturating_add(16 * compressed as u64)
        .min(MAX_DECOMPRESSED)
}

/// How much memory the decoded locations, functions and strings may take:
/// 128 MiB plus twice the protobuf's size. Samples are summed as they are
/// read and take none.
fn decoded_limit(protobuf: usize) -> usize {
    (128_usize << 20).saturating_add(2 * protobuf)
}

/// The protobuf bytes: gunzipped when gzipped.
fn protobuf(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, ImportError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let limit = decompressed_limit(bytes.len());
    let mut out = Vec::new();
    // Every member: `gzip a; gzip b; cat` profiles are one profile.
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ImportError::Parse {
            format: Format::Pprof,
            detail: format!("not a gzip stream: {e}"),
        })?;
    if out.len() as u64 > limit {
        return Err(ImportError::Invalid(format!(
            "the profile decompresses to more than {} ({} gzipped): perfcase reads \
             a profile up to 64 MiB plus 16 times its gzipped size",
            crate::format::bytes(limit),
            crate::format::bytes(bytes.len() as u64)
        )));
    }
    Ok(std::borrow::Cow::Owned(out))
}

fn bad_protobuf(e: impl std::fmt::Display) -> ImportError {
    ImportError::Parse {
        format: Format::Pprof,
        detail: format!("not a pprof protobuf: {e}"),
    }
}

/// A top-level field's payload (a number's value is not needed).
enum Field<'a> {
    Number,
    Bytes(&'a [u8]),
}

/// The top-level fields perfcase reads, all messages or strings.
const READ_TAGS: [u32; 5] = [1, 2, 4, 5, 6];

/// Calls `each(tag, field)` for every top-level field of a protobuf
/// message, in file order, without decoding the repeated fields into
/// memory: a profile's samples are read one at a time.
fn fields<'a>(
    mut buf: &'a [u8],
    mut each: impl FnMut(u32, Field<'a>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    use prost::encoding::{WireType, decode_key, decode_varint};
    while !buf.is_empty() {
        let (tag, wire) = decode_key(&mut buf).map_err(bad_protobuf)?;
        match wire {
            WireType::Varint => {
                decode_varint(&mut buf).map_err(bad_protobuf)?;
                each(tag, Field::Number)?;
            }
            WireType::LengthDelimited => {
                let len = decode_varint(&mut buf).map_err(bad_protobuf)?;
                let len = usize::try_from(len)
                    .ok()
                    .filter(|&l| l <= buf.len())
                    .ok_or_else(|| bad_protobuf("a field runs past the end"))?;
                let (payload, rest) = buf.split_at(len);
                buf = rest;
                each(tag, Field::Bytes(payload))?;
            }
            // Fixed-width numbers and groups are skipped as prost skips
            // them (a group up to its end marker); a field perfcase reads is
            // never one, which the caller refuses as prost would.
            WireType::SixtyFourBit
            | WireType::ThirtyTwoBit
            | WireType::StartGroup
            | WireType::EndGroup => {
                prost::encoding::skip_field(wire, tag, &mut buf, Default::default())
                    .map_err(bad_protobuf)?;
                each(tag, Field::Number)?;
            }
        }
    }
    Ok(())
}

/// Everything of a profile but its samples, and how many samples it has.
struct Header {
    sample_type: Vec<ValueType>,
    location: Vec<Location>,
    function: Vec<Function>,
    string_table: Vec<String>,
    samples: usize,
}

/// Reads everything but the samples, refusing once the decoded tables would
/// take more than [`decoded_limit`] (a few bytes of protobuf can decode to
/// tens of bytes of memory each).
fn header(raw: &[u8]) -> Result<Header, ImportError> {
    use prost::Message as _;
    let limit = decoded_limit(raw.len());
    let mut used = 0usize;
    let mut h = Header {
        sample_type: Vec::new(),
        location: Vec::new(),
        function: Vec::new(),
        string_table: Vec::new(),
        samples: 0,
    };
    fields(raw, |tag, field| {
        let Field::Bytes(b) = field else {
            // As prost would: a field perfcase reads must be a message or a
            // string, not a number.
            if READ_TAGS.contains(&tag) {
                return Err(bad_protobuf(format!("field {tag} has the wrong wire type")));
            }
            return Ok(());
        };
        // A location's lines are at least 2 bytes each, 8 bytes decoded.
        used += match tag {
            1 => size_of::<ValueType>(),
            4 => size_of::<Location>() + 4 * b.len(),
            5 => size_of::<Function>(),
            6 => size_of::<String>() + b.len(),
            _ => 0,
        } * 2; // vectors grow by doubling
        if used > limit {
            return Err(ImportError::Invalid(format!(
                "the profile's locations, functions and strings would take more than {} \
                 decoded: perfcase reads tables up to 128 MiB plus twice the profile's size",
                crate::format::bytes(limit as u64)
            )));
        }
        match tag {
            1 => h
                .sample_type
                .push(ValueType::decode(b).map_err(bad_protobuf)?),
            2 => h.samples += 1,
            4 => h.location.push(Location::decode(b).map_err(bad_protobuf)?),
            5 => h.function.push(Function::decode(b).map_err(bad_protobuf)?),
            6 => h.string_table.push(
                String::from_utf8(b.to_vec()).map_err(|_| bad_protobuf("a string is not UTF-8"))?,
            ),
            _ => {}
        }
        Ok(())
    })?;
    Ok(h)
}

/// Whether `bytes` decode as a pprof profile with something in it.
pub fn looks_like(bytes: &[u8]) -> bool {
    protobuf(bytes)
        .and_then(|raw| header(&raw))
        .is_ok_and(|h| !h.sample_type.is_empty() && !h.string_table.is_empty())
}

/// Reads a pprof profile, taking the first sample type or the one named
/// `sample_type` (whatever `default_sample_type` says). Samples are summed
/// per leaf as they are read, so memory follows the distinct leaves, not
/// the number of samples.
pub fn read(bytes: &[u8], sample_type: Option<&str>) -> Result<Profile, ImportError> {
    use prost::Message as _;
    let raw = protobuf(bytes)?;
    let p = header(&raw)?;
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
    fields(&raw, |tag, field| {
        let (2, Field::Bytes(b)) = (tag, field) else {
            return Ok(());
        };
        let sample = Sample::decode(b).map_err(bad_protobuf)?;
        let Some(&value) = sample.value.get(which) else {
            return Ok(());
        };
        let leaf = sample
            .location_id
            .first()
            .and_then(|id| locations.get(id))
            .and_then(|l| l.line.first())
            .and_then(|line| functions.get(&line.function_id).copied())
            .filter(|name| !name.is_empty())
            .unwrap_or("[unknown]");
        profile.add(leaf, value as f64);
        Ok(())
    })?;
    profile.description = format!("pprof sample type {}, {} samples", types[which], p.samples);
    profile.check()
}
