//! Randomness comes from the caller.
//!
//! The crate never reads a global random number generator. Whatever needs
//! random bytes — an idempotency key, a PSS salt with the `rsa` backend, retry
//! jitter — takes an [`Entropy`] from the caller. In production pass the
//! operating system's generator; in tests pass a seeded one and get the same
//! bytes every run.
//!
//! Any `FnMut(&mut [u8])` is an `Entropy`, so no adapter crate is needed:
//!
//! ```
//! use amazon_pay_core::Entropy;
//!
//! // In production, e.g. with the `getrandom` crate:
//! //   let mut os = |buf: &mut [u8]| getrandom::fill(buf).expect("OS RNG");
//! // In a test, a seeded generator (here: SplitMix64):
//! let mut state = 42u64;
//! let mut seeded = move |buf: &mut [u8]| {
//!     for byte in buf {
//!         state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
//!         let mut z = state;
//!         z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
//!         z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
//!         *byte = (z ^ (z >> 31)) as u8;
//!     }
//! };
//! let mut bytes = [0u8; 4];
//! seeded.fill_bytes(&mut bytes);
//! ```

/// A source of random bytes supplied by the caller.
///
/// Implementations used in production must be cryptographically secure: the
/// bytes become PSS salts and idempotency keys.
pub trait Entropy {
    /// Fills `dest` with random bytes.
    fn fill_bytes(&mut self, dest: &mut [u8]);
}

impl<F: FnMut(&mut [u8])> Entropy for F {
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self(dest)
    }
}
