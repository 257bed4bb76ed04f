//! Interned names: each distinct string stored once, back to back in one
//! arena, and found again through a table of ids hashed by the string (the
//! hash kept, so the table grows without hashing every name again). A name
//! costs its bytes plus 15 to 26 (its end, 4; a table slot of 8, the table
//! 3/8 to 3/4 full); a map of owned strings, with the string again as its
//! value, cost about 170. Profiles intern their functions, Chrome traces
//! their event names and threads.

/// Distinct strings, each with a dense id (0, 1, … in order of first sight).
#[derive(Clone, Debug, Default)]
pub struct Names {
    arena: String,
    /// Where each name ends in the arena (it starts where the one before
    /// ends): 4 bytes a name. The arena stays under 4 GiB (see `intern`).
    ends: Vec<u32>,
    /// Open addressing, linear probing: each slot is [`EMPTY`] or
    /// `hash << 32 | (id + 1)`. Hash and id share 8 bytes, so a lookup
    /// reads one cache line (a SwissTable's control bytes and entries are
    /// two apart: two cache misses a name once the table outgrows the
    /// cache, which was three quarters of importing 10M distinct leaves),
    /// and growing never reads a name again. A power of two long, at most
    /// three quarters full; zeroed, so untouched room costs no memory.
    slots: Vec<u64>,
    /// The hash's seed, random per table: a file crafted so that many
    /// names share a hash under a fixed function (FxHash's is public)
    /// would turn every lookup into a walk of one long run of slots.
    seed: foldhash::quality::RandomState,
}

/// A free slot.
const EMPTY: u64 = 0;

/// The slot a hash starts probing at in a table of `len` slots (a power
/// of two): its Fibonacci-hashed top bits, as spread as the hash.
fn home(h: u32, len: usize) -> usize {
    let spread = u64::from(h.wrapping_mul(0x9e37_79b9));
    ((spread << 32) >> (64 - len.trailing_zeros())) as usize
}

/// The table length that holds `names` names at most three quarters full.
fn table_len(names: usize) -> usize {
    (names.saturating_mul(4) / 3 + 1)
        .next_power_of_two()
        .max(16)
}

impl Names {
    /// The name's 32-bit hash (foldhash, folded).
    fn hash(&self, name: &str) -> u32 {
        use std::hash::BuildHasher as _;
        let h = self.seed.hash_one(name);
        (h ^ (h >> 32)) as u32
    }

    /// Room for `names` distinct names without growing the table (a
    /// reader that knows its file's line count: growing a table of
    /// millions moves every entry again, and holds both tables at once).
    pub fn with_capacity(names: usize) -> Self {
        Self {
            arena: String::new(),
            ends: Vec::with_capacity(names),
            slots: vec![EMPTY; table_len(names)],
            seed: foldhash::quality::RandomState::default(),
        }
    }

    /// `name`'s id, and whether this is its first sight.
    pub fn intern(&mut self, name: &str) -> (u32, bool) {
        self.intern_hashed(name, self.hash(name))
    }

    /// Interns `names` in order, appending each one's (id, first sight)
    /// to `out`, as [`Names::intern`] each: every name's slot is read
    /// first, so the batch's cache misses overlap instead of following
    /// one another (a table of millions of names is mostly out of the
    /// cache). Meant for a few dozen names at a time.
    pub fn intern_batch<'a>(
        &mut self,
        names: impl Iterator<Item = &'a str> + Clone,
        out: &mut Vec<(u32, bool)>,
    ) {
        let start = out.len();
        let mut touched = 0u64;
        // `out` holds each name's hash until its answer replaces it.
        for name in names.clone() {
            let h = self.hash(name);
            if let Some(&slot) = self.slots.get(home(h, self.slots.len().max(16))) {
                touched ^= slot;
            }
            out.push((h, false));
        }
        // The reads above are what matters: kept, so not optimised away.
        std::hint::black_box(touched);
        for (name, answer) in names.zip(&mut out[start..]) {
            *answer = self.intern_hashed(name, answer.0);
        }
    }

    fn intern_hashed(&mut self, name: &str, h: u32) -> (u32, bool) {
        if (self.ends.len() + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = home(h, self.slots.len());
        loop {
            let entry = self.slots[i];
            if entry == EMPTY {
                break;
            }
            if (entry >> 32) as u32 == h {
                let id = (entry as u32).wrapping_sub(1);
                if Self::slice(&self.arena, &self.ends, id) == name {
                    return (id, false);
                }
            }
            i = (i + 1) & mask;
        }
        // An arena past 4 GiB (or more than 4 Gi names) cannot come from a
        // file of at most 1 GiB; were it to, the name is stored empty, not
        // cut, and the last ids are shared.
        match u32::try_from(self.arena.len() + name.len()) {
            Ok(end) => {
                self.arena.push_str(name);
                self.ends.push(end);
            }
            Err(_) => self.ends.push(self.ends.last().copied().unwrap_or(0)),
        }
        let id = u32::try_from(self.ends.len() - 1).unwrap_or(u32::MAX - 1);
        self.slots[i] = (u64::from(h) << 32) | u64::from(id + 1);
        (id, true)
    }

    /// Doubles the table, placing every entry again by its kept hash.
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(16);
        let mut slots = vec![EMPTY; len];
        for &entry in self.slots.iter().filter(|&&e| e != EMPTY) {
            let mut i = home((entry >> 32) as u32, len);
            while slots[i] != EMPTY {
                i = (i + 1) & (len - 1);
            }
            slots[i] = entry;
        }
        self.slots = slots;
    }

    /// Name `id` in `arena` as `ends` cut it.
    fn slice<'a>(arena: &'a str, ends: &[u32], id: u32) -> &'a str {
        let id = id as usize;
        let Some(&end) = ends.get(id) else {
            return "";
        };
        let start = if id == 0 { 0 } else { ends[id - 1] };
        &arena[start as usize..end as usize]
    }

    /// The name of `id` ("" for an id never given out).
    pub fn get(&self, id: u32) -> &str {
        Self::slice(&self.arena, &self.ends, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_table_draws_its_own_seed() {
        // A fixed function would hash "main" alike in every table; four
        // tables agreeing by chance on a 32-bit hash is a 2^-96 event.
        let hashes: Vec<u32> = (0..4).map(|_| Names::default().hash("main")).collect();
        assert!(hashes.windows(2).any(|w| w[0] != w[1]), "{hashes:?}");
    }

    proptest! {
        /// Ids are dense in order of first sight, a name seen again gets
        /// its id back, and every id names its string — one at a time or
        /// in batches, past several growths (a map of owned strings is
        /// the reference).
        #[test]
        fn interning_is_a_map_of_first_sights(
            names in prop::collection::vec("[a-d]{0,3}", 0..2000),
            batched in any::<bool>(),
            sized in any::<bool>(),
        ) {
            let mut interned = if sized { Names::with_capacity(names.len()) } else { Names::default() };
            let got: Vec<(u32, bool)> = if batched {
                let mut out = Vec::new();
                for batch in names.chunks(7) {
                    interned.intern_batch(batch.iter().map(String::as_str), &mut out);
                }
                out
            } else {
                names.iter().map(|n| interned.intern(n)).collect()
            };
            let mut first: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
            for (name, &(id, new)) in names.iter().zip(&got) {
                let fresh = !first.contains_key(name.as_str());
                let next = first.len() as u32;
                let want = *first.entry(name).or_insert(next);
                prop_assert_eq!((id, new), (want, fresh));
                prop_assert_eq!(interned.get(id), name.as_str());
            }
        }
    }
}
