//! [`Version`]: how a stored ledger's writes are counted.

use std::fmt;

/// A ledger's version: bumped by every write, compared by every write
/// (optimistic concurrency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u64);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
