//! speedscope's JSON (`https://www.speedscope.app/file-format-schema.json`):
//! shared frames and one or more profiles, sampled (stacks with weights) or
//! evented (open/close events). Every profile is summed unless `--profile`
//! picks one by name or index; profiles in different units are refused
//! unless one is picked.

use std::collections::HashMap;

use serde::Deserialize;

use super::profile::Profile;
use super::{Format, ImportError, json_error};

#[derive(Deserialize)]
struct File {
    shared: Shared,
    #[serde(default)]
    profiles: Vec<ProfileJson>,
}

#[derive(Deserialize)]
struct Shared {
    frames: Vec<Frame>,
}

#[derive(Deserialize)]
struct Frame {
    name: String,
}

/// A profile as it is read: every field any type has, optional. Not an
/// internally tagged enum (`#[serde(tag = "type")]`), which would buffer
/// the whole profile as generic JSON values before looking at its type:
/// twelve times the file's size in memory.
#[derive(Deserialize)]
struct ProfileFields {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    samples: Option<Leaves>,
    #[serde(default)]
    weights: Vec<f64>,
    #[serde(default)]
    events: Option<Vec<Event>>,
}

/// A profile by its type.
enum ProfileJson {
    Sampled {
        name: String,
        unit: String,
        samples: Leaves,
        weights: Vec<f64>,
    },
    Evented {
        name: String,
        unit: String,
        events: Vec<Event>,
    },
}

impl<'de> Deserialize<'de> for ProfileJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let p = ProfileFields::deserialize(d)?;
        match p.kind.as_str() {
            "sampled" => Ok(Self::Sampled {
                name: p.name,
                unit: p.unit,
                samples: p
                    .samples
                    .ok_or_else(|| D::Error::missing_field("samples"))?,
                weights: p.weights,
            }),
            "evented" => Ok(Self::Evented {
                name: p.name,
                unit: p.unit,
                events: p.events.ok_or_else(|| D::Error::missing_field("events"))?,
            }),
            other => Err(D::Error::unknown_variant(other, &["sampled", "evented"])),
        }
    }
}

impl ProfileJson {
    fn name(&self) -> &str {
        match self {
            Self::Sampled { name, .. } | Self::Evented { name, .. } => name,
        }
    }

    fn unit(&self) -> &str {
        match self {
            Self::Sampled { unit, .. } | Self::Evented { unit, .. } => unit,
        }
    }
}

/// Each sample's leaf frame (the last of its stack), [`NO_LEAF`] for an
/// empty stack: the stacks themselves are never kept, so a sampled
/// profile takes 8 bytes a sample, whatever its depth.
struct Leaves(Vec<usize>);

/// The leaf of an empty stack.
const NO_LEAF: usize = usize::MAX;

impl<'de> Deserialize<'de> for Leaves {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// One stack, read to its last frame.
        struct Leaf(usize);
        impl<'de> Deserialize<'de> for Leaf {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Last;
                impl<'de> serde::de::Visitor<'de> for Last {
                    type Value = Leaf;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a stack: a list of frame indices")
                    }
                    fn visit_seq<A: serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<Leaf, A::Error> {
                        let mut last = NO_LEAF;
                        while let Some(frame) = seq.next_element::<usize>()? {
                            last = frame;
                        }
                        Ok(Leaf(last))
                    }
                }
                d.deserialize_seq(Last)
            }
        }
        struct All;
        impl<'de> serde::de::Visitor<'de> for All {
            type Value = Leaves;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of stacks")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Leaves, A::Error> {
                let mut leaves = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(Leaf(leaf)) = seq.next_element()? {
                    leaves.push(leaf);
                }
                Ok(Leaves(leaves))
            }
        }
        d.deserialize_seq(All)
    }
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: EventKind,
    frame: usize,
    at: f64,
}

/// An event's type: a frame opens or closes; anything else is skipped.
#[derive(Deserialize, Clone, Copy, PartialEq)]
enum EventKind {
    #[serde(rename = "O")]
    Open,
    #[serde(rename = "C")]
    Close,
    #[serde(other)]
    Other,
}

/// Reads a speedscope file; `pick` selects one profile by name or index.
pub fn read(bytes: &[u8], pick: Option<&str>) -> Result<Profile, ImportError> {
    let file: File = serde_json::from_slice(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|e| json_error(Format::Speedscope, bytes, &e))?;
    let names: Vec<String> = file
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{i}: {:?}", p.name()))
        .collect();
    let chosen: Vec<&ProfileJson> = match pick {
        Some(wanted) => {
            let by_name = file.profiles.iter().find(|p| p.name() == wanted);
            let by_index = wanted
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| file.profiles.get(i));
            vec![
                by_name
                    .or(by_index)
                    .ok_or_else(|| ImportError::UnknownProfile {
                        wanted: wanted.to_owned(),
                        have: names.clone(),
                    })?,
            ]
        }
        None => file.profiles.iter().collect(),
    };
    if chosen.is_empty() {
        return Err(ImportError::Empty("the file has no profiles".into()));
    }
    let units: Vec<&str> = chosen.iter().map(|p| p.unit()).collect();
    if units.iter().any(|u| *u != units[0]) {
        return Err(ImportError::Invalid(format!(
            "its profiles are in different units ({}): pick one with --profile ({})",
            units.join(", "),
            names.join(", ")
        )));
    }
    let frame = |i: usize| -> Result<&str, ImportError> {
        file.shared
            .frames
            .get(i)
            .map(|f| f.name.as_str())
            .ok_or_else(|| ImportError::Invalid(format!("frame {i} is not in shared.frames")))
    };
    let mut profile = Profile::default();
    for p in &chosen {
        match p {
            ProfileJson::Sampled {
                samples, weights, ..
            } => {
                for (i, &leaf) in samples.0.iter().enumerate() {
                    if leaf == NO_LEAF {
                        continue;
                    }
                    let weight = weights.get(i).copied().unwrap_or(1.0);
                    profile.add(frame(leaf)?, weight);
                }
            }
            ProfileJson::Evented { events, .. } => {
                // Between two events the frame on top of the stack runs.
                let mut stack: Vec<usize> = Vec::new();
                // How many instances of each frame are open: a close of a
                // frame that is not open costs nothing, instead of a scan
                // of the whole stack (which made many such events quadratic).
                let mut open: HashMap<usize, usize> = HashMap::new();
                let mut last = None;
                for e in events {
                    if let (Some(&top), Some(at)) = (stack.last(), last) {
                        let span: f64 = e.at - at;
                        if span < 0.0 {
                            return Err(ImportError::Invalid(format!(
                                "events go back in time (at {} after {at})",
                                e.at
                            )));
                        }
                        if span > 0.0 {
                            profile.add(frame(top)?, span);
                        }
                    }
                    last = Some(e.at);
                    match e.kind {
                        EventKind::Open => {
                            stack.push(e.frame);
                            *open.entry(e.frame).or_default() += 1;
                        }
                        EventKind::Close if open.get(&e.frame).is_some_and(|&n| n > 0) => {
                            // Close the innermost open instance of the frame,
                            // and every frame opened inside it: each popped
                            // frame was pushed once, so this is linear overall.
                            while let Some(f) = stack.pop() {
                                if let Some(n) = open.get_mut(&f) {
                                    *n -= 1;
                                }
                                if f == e.frame {
                                    break;
                                }
                            }
                        }
                        EventKind::Close | EventKind::Other => {}
                    }
                }
            }
        }
    }
    profile.description = format!(
        "{} speedscope profile{} ({})",
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s, summed" },
        if units[0].is_empty() {
            "no unit"
        } else {
            units[0]
        }
    );
    profile.check()
}
