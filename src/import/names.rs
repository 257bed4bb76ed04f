//! Interned names: each distinct string stored once, back to back in one
//! arena, and found again through a table of ids hashed by the string (the
//! hash kept, so the table grows without hashing every name again). A name
//! costs its bytes plus about 30; a map of owned strings, with the string
//! again as its value, cost about 170. Profiles intern their functions,
//! Chrome traces their event names and threads.

/// A name's place in the arena.
#[derive(Clone, Copy, Debug)]
struct Slot {
    start: usize,
    len: u32,
}

/// Distinct strings, each with a dense id (0, 1, … in order of first sight).
#[derive(Clone, Debug, Default)]
pub struct Names {
    arena: String,
    slots: Vec<Slot>,
    /// (id, hash): the hash beside the id, so growing the table and passing
    /// over a candidate with another hash never reads `slots` (millions of
    /// names make each such read a cache miss). 32 bits of it, kept in 8
    /// bytes an entry.
    table: hashbrown::HashTable<(u32, u32)>,
}

/// The name's 32-bit hash (FxHash folded).
fn hash(name: &str) -> u32 {
    use std::hash::BuildHasher as _;
    let h = rustc_hash::FxBuildHasher.hash_one(name);
    (h ^ (h >> 32)) as u32
}

/// The table's 64-bit hash of a 32-bit one: its bits both high (the
/// table's tag) and low (its bucket), the same whenever it is recomputed.
fn spread(h: u32) -> u64 {
    (u64::from(h) << 32) | u64::from(h)
}

impl Names {
    /// `name`'s id, and whether this is its first sight.
    pub fn intern(&mut self, name: &str) -> (u32, bool) {
        let h = hash(name);
        let (arena, slots) = (&self.arena, &self.slots);
        let same = |&(i, hi): &(u32, u32)| {
            hi == h && {
                let s = &slots[i as usize];
                &arena[s.start..s.start + s.len as usize] == name
            }
        };
        if let Some(&(i, _)) = self.table.find(spread(h), same) {
            return (i, false);
        }
        // A name (or a count of names) past 4 Gi cannot come from a file of
        // at most 1 GiB; were it to, the name is stored empty, not cut.
        let stored = if u32::try_from(name.len()).is_ok() {
            name
        } else {
            ""
        };
        let id = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        self.slots.push(Slot {
            start: self.arena.len(),
            len: stored.len() as u32,
        });
        self.arena.push_str(stored);
        self.table
            .insert_unique(spread(h), (id, h), |&(_, hi)| spread(hi));
        (id, true)
    }

    /// The name of `id` ("" for an id never given out).
    pub fn get(&self, id: u32) -> &str {
        self.slots
            .get(id as usize)
            .map_or("", |s| &self.arena[s.start..s.start + s.len as usize])
    }
}
