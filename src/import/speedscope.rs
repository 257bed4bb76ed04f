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

#[derive(Deserialize)]
#[serde(tag = "type")]
enum ProfileJson {
    #[serde(rename = "sampled")]
    Sampled {
        #[serde(default)]
        name: String,
        #[serde(default)]
        unit: String,
        samples: Vec<Vec<usize>>,
        #[serde(default)]
        weights: Vec<f64>,
    },
    #[serde(rename = "evented")]
    Evented {
        #[serde(default)]
        name: String,
        #[serde(default)]
        unit: String,
        events: Vec<Event>,
    },
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

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    frame: usize,
    at: f64,
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
    let mut index = HashMap::new();
    for p in &chosen {
        match p {
            ProfileJson::Sampled {
                samples, weights, ..
            } => {
                for (i, stack) in samples.iter().enumerate() {
                    let Some(&leaf) = stack.last() else { continue };
                    let weight = weights.get(i).copied().unwrap_or(1.0);
                    profile.add(&mut index, frame(leaf)?, weight);
                }
            }
            ProfileJson::Evented { events, .. } => {
                // Between two events the frame on top of the stack runs.
                let mut stack: Vec<usize> = Vec::new();
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
                            profile.add(&mut index, frame(top)?, span);
                        }
                    }
                    last = Some(e.at);
                    match e.kind.as_str() {
                        "O" => stack.push(e.frame),
                        "C" => {
                            // Close the innermost open instance of the frame.
                            if let Some(pos) = stack.iter().rposition(|&f| f == e.frame) {
                                stack.truncate(pos);
                            }
                        }
                        _ => {}
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
