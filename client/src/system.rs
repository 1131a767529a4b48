//! The system clock and the operating system's entropy — the only place in
//! the project that reads them.

use std::time::{Duration, SystemTime};

use amazon_pay_core::time::OffsetDateTime;
use amazon_pay_core::{Entropy, IdempotencyKey, Timestamp};

use crate::error::Error;

/// The system clock's time, in whole seconds.
pub fn now() -> Result<Timestamp, Error> {
    Timestamp::from_offset_date_time(OffsetDateTime::from(SystemTime::now())).ok_or(Error::Clock)
}

/// How long from now until `at` by the system clock; zero if `at` has
/// passed.
pub(crate) fn until(at: Timestamp) -> Duration {
    let left = at.to_offset_date_time() - OffsetDateTime::from(SystemTime::now());
    Duration::try_from(left).unwrap_or(Duration::ZERO)
}

/// A fresh idempotency key from the operating system's random number
/// generator, for the operations that create or move money.
pub fn idempotency_key() -> Result<IdempotencyKey, Error> {
    let mut entropy = OsEntropy::default();
    let key = IdempotencyKey::generate(&mut entropy);
    entropy.check()?;
    Ok(key)
}

/// The operating system's random number generator as [`Entropy`].
///
/// [`Entropy::fill_bytes`] cannot fail, so a failure of the generator is
/// remembered (the buffer is zeroed) and reported by [`check`](Self::check);
/// the client checks before it sends or returns anything drawn from it.
#[derive(Debug, Default)]
pub(crate) struct OsEntropy {
    failure: Option<getrandom::Error>,
}

impl OsEntropy {
    /// The generator's first failure, if it failed.
    pub(crate) fn check(&self) -> Result<(), Error> {
        self.failure.map_or(Ok(()), |e| Err(Error::Entropy(e)))
    }
}

impl Entropy for OsEntropy {
    fn fill_bytes(&mut self, buf: &mut [u8]) {
        if let Err(error) = getrandom::fill(buf) {
            buf.fill(0);
            self.failure.get_or_insert(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_and_the_clock_is_sane() {
        let a = idempotency_key().unwrap();
        let b = idempotency_key().unwrap();
        assert_ne!(a, b);
        let t = now().unwrap();
        assert!(t > Timestamp::parse("20260101T000000Z").unwrap());
        assert_eq!(until(t), Duration::ZERO);
    }
}
