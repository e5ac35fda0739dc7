//! A small deterministic PRNG (SplitMix64), so that a seed gives the same corpus on every
//! platform and every version of this crate, which `rand`'s `StdRng` does not promise.

/// SplitMix64 (Steele, Lea and Flood, 2014): one `u64` of state, passes BigCrush, and is the
/// usual seeder of the xoshiro family. Plenty for choosing words.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for one purpose of one item: `parts` are mixed in order, so
    /// `Rng::derive(&[seed, item, 1])` and `Rng::derive(&[seed, item, 2])` are independent.
    pub(crate) fn derive(parts: &[u64]) -> Rng {
        let mut state = 0x5EED_0FC0_1205_u64;
        for part in parts {
            state = mix(state ^ mix(*part));
        }
        Rng(state)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A uniform value in `0..n` (Lemire's multiply-shift; the bias is below 2^-32 for the
    /// small `n` used here). `n` must not be zero.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0, "Rng::below(0)");
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform value in `low..=high`.
    pub(crate) fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// A uniform float in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Any element of `items`, uniformly. `items` must not be empty.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An element of `items`, the head far more often than the tail (see [`Rng::skewed`]).
    pub(crate) fn pick_skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.skewed(items.len())]
    }

    /// An index in `0..len`, small far more often than large (`len * u^3`): word frequencies
    /// in real releases are skewed the same way.
    pub(crate) fn skewed(&mut self, len: usize) -> usize {
        let u = self.unit();
        ((len as f64 * u * u * u) as usize).min(len - 1)
    }
}

/// The SplitMix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(parts: &[u64], n: usize, expected_in_range: bool) {
        let mut rng = Rng::derive(parts);
        let all = (0..1000).map(|_| rng.below(n)).all(|value| value < n);
        assert_eq!(all, expected_in_range);
    }

    #[test]
    fn below_stays_in_range() {
        check(&[1], 1, true);
        check(&[1, 2], 7, true);
        check(&[u64::MAX], 1000, true);
    }

    #[test]
    fn derive_separates_purposes() {
        let first = Rng::derive(&[42, 7, 1]).next_u64();
        let second = Rng::derive(&[42, 7, 2]).next_u64();
        assert_ne!(first, second);
        assert_eq!(first, Rng::derive(&[42, 7, 1]).next_u64());
    }

    #[test]
    fn below_covers_every_value() {
        let mut rng = Rng::derive(&[3]);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            seen[rng.below(10)] = true;
        }
        assert_eq!(seen, [true; 10]);
    }
}
