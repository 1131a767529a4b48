//! Recording calls Amazon accepted: each changes the ledger all or nothing.

use crate::api::Operation;
use crate::lifecycle::error::{LifecycleError, ObjectKind};
use crate::lifecycle::ledger::{ChargeCreation, Ledger, LedgerCharge, LedgerRefund};
use crate::lifecycle::{ChargeLifecycle, RefundLifecycle};
use crate::model::{ChargeId, ChargeState, RefundId};
use crate::money::Price;
use crate::timestamp::Timestamp;

impl Ledger {
    /// Create Charge: checked, then recorded in the state Amazon gives it.
    /// A pending authorization makes the permission NonChargeable
    /// (`ChargeInProgress`, predicted).
    pub fn create_charge(
        &mut self,
        id: ChargeId,
        amount: Price,
        creation: ChargeCreation,
        now: Timestamp,
    ) -> Result<&LedgerCharge, LifecycleError> {
        if self.charge(&id).is_some() {
            return Err(LifecycleError::DuplicateId {
                object: ObjectKind::Charge,
                id: id.to_string(),
            });
        }
        self.check_create_charge(&amount, now)?;
        let lifecycle = match creation {
            ChargeCreation::Authorize => ChargeLifecycle::authorized(amount, now),
            ChargeCreation::AuthorizePending => {
                ChargeLifecycle::authorization_initiated(amount, now)
            }
            ChargeCreation::CaptureNow => ChargeLifecycle::captured_at_creation(amount, now),
        };
        let mut next = self.clone();
        next.advance(now);
        next.charges.push(LedgerCharge {
            id,
            lifecycle,
            refunds: Vec::new(),
            refunded_at_report: None,
        });
        let index = next.charges.len() - 1;
        next.consequences(index, None)?;
        *self = next;
        self.charges.last().ok_or(LifecycleError::UnknownObject {
            object: ObjectKind::Charge,
            id: String::new(),
        })
    }

    /// Capture Charge: checked, then recorded (Captured, or CaptureInitiated
    /// more than 7 days after authorization).
    pub fn capture(
        &mut self,
        charge: &ChargeId,
        amount: Price,
        now: Timestamp,
    ) -> Result<&LedgerCharge, LifecycleError> {
        self.check_capture(charge, &amount, now)?;
        self.change_charge(charge, now, |lifecycle| {
            lifecycle.capture_requested(amount, now)
        })
    }

    /// Cancel Charge.
    pub fn cancel(
        &mut self,
        charge: &ChargeId,
        now: Timestamp,
    ) -> Result<&LedgerCharge, LifecycleError> {
        self.entry_ref(charge)?
            .lifecycle
            .require(Operation::CancelCharge, now)?;
        self.change_charge(charge, now, |lifecycle| lifecycle.cancel_requested(now))
    }

    /// Applies a merchant event to one charge, with its consequences; all or
    /// nothing.
    fn change_charge(
        &mut self,
        charge: &ChargeId,
        now: Timestamp,
        event: impl FnOnce(
            ChargeLifecycle,
        )
            -> Result<ChargeLifecycle, crate::lifecycle::Refused<ChargeLifecycle>>,
    ) -> Result<&LedgerCharge, LifecycleError> {
        let index = self.entry(charge)?;
        let mut next = self.clone();
        next.advance(now);
        let entry = next
            .charges
            .get_mut(index)
            .ok_or_else(|| LifecycleError::UnknownObject {
                object: ObjectKind::Charge,
                id: charge.to_string(),
            })?;
        let before = entry.lifecycle.last_known_state().cloned();
        entry.lifecycle = event(entry.lifecycle.clone())?;
        next.consequences(index, before.as_ref())?;
        *self = next;
        self.entry_ref(charge)
    }

    /// Create Refund: checked, then recorded (RefundInitiated).
    pub fn refund(
        &mut self,
        charge: &ChargeId,
        id: RefundId,
        amount: Price,
        now: Timestamp,
    ) -> Result<&LedgerRefund, LifecycleError> {
        if self.has_refund(&id) {
            return Err(LifecycleError::DuplicateId {
                object: ObjectKind::Refund,
                id: id.to_string(),
            });
        }
        self.check_refund(charge, &amount, now)?;
        let index = self.entry(charge)?;
        let mut next = self.clone();
        next.advance(now);
        if let Some(entry) = next.charges.get_mut(index) {
            entry.refunds.push(LedgerRefund {
                id,
                lifecycle: RefundLifecycle::initiated(amount, now),
            });
        }
        *self = next;
        self.charges
            .get(index)
            .and_then(|entry| entry.refunds.last())
            .ok_or(LifecycleError::UnknownObject {
                object: ObjectKind::Refund,
                id: String::new(),
            })
    }

    pub(crate) fn has_refund(&self, id: &RefundId) -> bool {
        self.charges
            .iter()
            .flat_map(|c| &c.refunds)
            .any(|refund| &refund.id == id)
    }

    /// Close Charge Permission; with `cancel_pending_charges`, authorizations
    /// still open are canceled (`ChargePermissionCanceled`).
    pub fn close(
        &mut self,
        cancel_pending_charges: bool,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        self.permission
            .require(Operation::CloseChargePermission, now)?;
        let mut next = self.clone();
        next.advance(now);
        next.permission = next.permission.merchant_closed(now)?;
        if cancel_pending_charges {
            for charge in &mut next.charges {
                if matches!(
                    charge.lifecycle.state(),
                    ChargeState::AuthorizationInitiated | ChargeState::Authorized
                ) {
                    charge.lifecycle = charge.lifecycle.clone().charge_permission_closed(now)?;
                }
            }
        }
        *self = next;
        Ok(())
    }
}
