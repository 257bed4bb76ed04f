//! Interned names: each distinct string stored once, back to back in one
//! arena, and found again through a table of ids hashed by the string (the
//! hash kept, so the table grows without hashing every name again). A name
//! costs its bytes plus about 30; a map of owned strings, with the string
//! again as its value, cost about 170. Profiles intern their functions,
//! Chrome traces their event names and threads.

/// A name's place in the arena and its hash.
#[derive(Clone, Copy, Debug)]
struct Slot {
    start: usize,
    len: u32,
    hash: u64,
}

/// Distinct strings, each with a dense id (0, 1, … in order of first sight).
#[derive(Clone, Debug, Default)]
pub struct Names {
    arena: String,
    slots: Vec<Slot>,
    table: hashbrown::HashTable<u32>,
}

fn hash(name: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(name)
}

impl Names {
    /// `name`'s id, and whether this is its first sight.
    pub fn intern(&mut self, name: &str) -> (u32, bool) {
        let h = hash(name);
        let (arena, slots) = (&self.arena, &self.slots);
        let same = |&i: &u32| {
            let s = &slots[i as usize];
            s.hash == h && &arena[s.start..s.start + s.len as usize] == name
        };
        if let Some(&i) = self.table.find(h, same) {
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
            hash: h,
        });
        self.arena.push_str(stored);
        let slots = &self.slots;
        self.table.insert_unique(h, id, |&i| slots[i as usize].hash);
        (id, true)
    }

    /// The name of `id` ("" for an id never given out).
    pub fn get(&self, id: u32) -> &str {
        self.slots
            .get(id as usize)
            .map_or("", |s| &self.arena[s.start..s.start + s.len as usize])
    }
}
