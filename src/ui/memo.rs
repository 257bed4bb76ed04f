//! Memoisation of derived data (chart series) keyed on input equality: the
//! panels rebuild their charts only when what they are built from changed.

/// The value built from the last key, kept until a different key arrives.
pub struct Memo<K, V> {
    entry: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self { entry: None }
    }
}

impl<K: PartialEq + Clone, V> Memo<K, V> {
    /// The value for `key`: the kept one when `key` equals the last key,
    /// otherwise `build(key)`, kept for next time.
    pub fn get(&mut self, key: &K, build: impl FnOnce(&K) -> V) -> &V {
        if self.entry.as_ref().is_some_and(|(k, _)| k != key) {
            self.entry = None;
        }
        let (_, value) = self.entry.get_or_insert_with(|| (key.clone(), build(key)));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn builds_once_per_distinct_key() {
        let mut builds = 0;
        let mut memo: Memo<u32, u32> = Memo::default();
        for key in [1, 1, 2, 2, 1] {
            let value = *memo.get(&key, |k| {
                builds += 1;
                k * 10
            });
            assert_eq!(value, key * 10);
        }
        assert_eq!(builds, 3, "1, then 2, then 1 again");
    }
}
