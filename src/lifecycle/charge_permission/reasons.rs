//! [`Reasons`]: the reason codes of a Charge Permission's status, as a set.

use serde::{Deserialize, Serialize};

use crate::model::ChargePermissionReasonCode;

/// The reasons a Charge Permission gives for its state; several can hold at
/// once. Known reasons are kept in a bit set (no allocation), unknown ones
/// as Amazon wrote them. Stored as a JSON list of Amazon's reason codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(
    into = "Vec<ChargePermissionReasonCode>",
    from = "Vec<ChargePermissionReasonCode>"
)]
pub struct Reasons {
    known: u32,
    unknown: Vec<ChargePermissionReasonCode>,
}

impl Reasons {
    fn bit(code: &ChargePermissionReasonCode) -> Option<u32> {
        let index = ChargePermissionReasonCode::KNOWN
            .iter()
            .position(|known| known == code)?;
        Some(1 << index)
    }

    pub(crate) fn one(code: ChargePermissionReasonCode) -> Reasons {
        let mut reasons = Reasons::default();
        reasons.insert(code);
        reasons
    }

    pub(crate) fn insert(&mut self, code: ChargePermissionReasonCode) {
        match Self::bit(&code) {
            Some(bit) => self.known |= bit,
            None if !self.unknown.contains(&code) => self.unknown.push(code),
            None => {}
        }
    }

    /// Whether `code` is among the reasons.
    pub fn contains(&self, code: &ChargePermissionReasonCode) -> bool {
        match Self::bit(code) {
            Some(bit) => self.known & bit != 0,
            None => self.unknown.contains(code),
        }
    }

    /// Whether there is no reason.
    pub fn is_empty(&self) -> bool {
        self.known == 0 && self.unknown.is_empty()
    }

    /// The reasons: known ones in Amazon's documentation order, then unknown ones.
    pub fn iter(&self) -> impl Iterator<Item = &ChargePermissionReasonCode> {
        ChargePermissionReasonCode::KNOWN
            .iter()
            .enumerate()
            .filter(|(index, _)| self.known & (1 << index) != 0)
            .map(|(_, code)| code)
            .chain(&self.unknown)
    }
}

impl From<Reasons> for Vec<ChargePermissionReasonCode> {
    fn from(reasons: Reasons) -> Self {
        reasons.iter().cloned().collect()
    }
}

impl From<Vec<ChargePermissionReasonCode>> for Reasons {
    fn from(codes: Vec<ChargePermissionReasonCode>) -> Self {
        let mut reasons = Reasons::default();
        for code in codes {
            reasons.insert(code);
        }
        reasons
    }
}
