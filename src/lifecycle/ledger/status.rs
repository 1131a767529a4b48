//! The ledger's answer to "what may I do now, until when, and how much".

use crate::api::Operation;
use crate::lifecycle::{Ledger, LedgerCharge, Status, rules};
use crate::model::{
    ChargeId, ChargePermissionReasonCode, ChargePermissionState, ChargePermissionType,
    ChargeReasonCode, ChargeState,
};
use crate::money::MoneyError;
use crate::money::{Currency, Price};
use crate::timestamp::Timestamp;

/// A charge's status in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ChargeStatus {
    /// The charge id.
    pub id: ChargeId,
    /// What may be done with it, every rule of the ledger considered.
    pub status: Status<ChargeState, ChargeReasonCode>,
}

/// The ledger's answer to "what may I do now, until when, and how much".
///
/// As JSON (camelCase), the shape a binding's `status(now)` answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LedgerStatus {
    /// The permission: its state, the operations allowed (Create Charge only
    /// when some charge would pass every rule), its expiry and how much can
    /// still be charged.
    pub permission: Status<ChargePermissionState, ChargePermissionReasonCode>,
    /// How many more charges a OneTime permission takes.
    pub charges_left: Option<u32>,
    /// Each charge, oldest first.
    pub charges: Vec<ChargeStatus>,
}

impl Ledger {
    /// What may be done at `now`, until when, and how much — every rule of
    /// the ledger considered.
    pub fn status(&self, now: Timestamp) -> LedgerStatus {
        let mut permission = self.permission.status(now);
        let currency = self.currency().cloned();
        let smallest = currency.clone().map(|c| Price::from_minor_units(1, c));
        let can_charge = smallest
            .as_ref()
            .is_some_and(|one| self.check_create_charge(one, now).is_ok());
        if !can_charge {
            permission
                .allowed_operations
                .retain(|op| op != &Operation::CreateCharge);
        }
        permission.chargeable = currency.and_then(|currency| {
            if !can_charge {
                return Some(Price::zero(currency));
            }
            self.chargeable(&currency, now).ok().flatten()
        });
        let charges_left = (self.permission.kind() == &ChargePermissionType::OneTime).then(|| {
            rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION.saturating_sub(self.charge_count())
        });
        let charges = self
            .charges
            .iter()
            .map(|entry| ChargeStatus {
                id: entry.id.clone(),
                status: self.charge_status(entry, now),
            })
            .collect();
        LedgerStatus {
            permission,
            charges_left,
            charges,
        }
    }

    /// The most one more charge may be, where some limit is known.
    fn chargeable(&self, currency: &Currency, now: Timestamp) -> Result<Option<Price>, MoneyError> {
        let mut bounds = Vec::new();
        if self.permission.kind() == &ChargePermissionType::OneTime
            && let Some(limit) = self.permission.amount_limit()
        {
            let committed = self.committed(currency, now)?;
            bounds.push(
                limit
                    .checked_sub(&committed)
                    .unwrap_or_else(|_| Price::zero(currency.clone())),
            );
        }
        if let Some(balance) = self.balance(now)? {
            bounds.push(balance);
        }
        if self.permission.kind() != &ChargePermissionType::OneTime
            && let Some(limit) = self.monthly_limit(currency)
        {
            let this_month = self.charged_in_month_of(now, currency)?;
            bounds.push(
                limit
                    .checked_sub(&this_month)
                    .unwrap_or_else(|_| Price::zero(currency.clone())),
            );
        }
        if bounds.is_empty() {
            return Ok(None);
        }
        if let Some(maximum) = currency.transaction_maximum() {
            bounds.push(Price::new(maximum, currency.clone()));
        }
        bounds
            .into_iter()
            .try_fold(None::<Price>, |least, bound| match least {
                None => Ok(Some(bound)),
                Some(least) => least.checked_min(&bound).map(Some),
            })
    }

    fn charge_status(
        &self,
        entry: &LedgerCharge,
        now: Timestamp,
    ) -> Status<ChargeState, ChargeReasonCode> {
        let mut status = entry.lifecycle.status(now);
        let currency = entry.lifecycle.charge_amount().currency().clone();
        let one = Price::from_minor_units(1, currency.clone());
        let zero = Price::zero(currency);
        if self.check_capture(&entry.id, &one, now).is_err() {
            status
                .allowed_operations
                .retain(|op| op != &Operation::CaptureCharge);
            status.capturable = Some(zero.clone());
        }
        let refundable = entry
            .refunded_for_rules()
            .and_then(|refunded| entry.lifecycle.clone().advance(now).refundable(&refunded));
        if self.check_refund(&entry.id, &one, now).is_err() {
            status
                .allowed_operations
                .retain(|op| op != &Operation::CreateRefund);
            // What the charge says stays: zero, or unknown (`None`) while
            // the captured amount is.
            if status.refundable.is_some() {
                status.refundable = Some(zero);
            }
        } else {
            status.refundable = refundable.ok();
        }
        status
    }
}
