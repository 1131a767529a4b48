//! The rules a call must pass before the ledger hands it out: Create
//! Charge, Capture, Refund.

use crate::api::Operation;
use crate::lifecycle::Machine;
use crate::lifecycle::error::{LifecycleError, RuleViolation};
use crate::lifecycle::ledger::{Ledger, LedgerCharge};
use crate::lifecycle::rules;
use crate::model::{ChargeId, ChargePermissionType, ChargeState};
use crate::money::Price;
use crate::timestamp::Timestamp;

impl Ledger {
    /// Checks a Create Charge of `amount` at `now` against every rule.
    pub fn check_create_charge(
        &self,
        amount: &Price,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let permission = &self.permission;
        permission.require(Operation::CreateCharge, now)?;
        if let Some(error) = permission.time_error(now) {
            return Err(error);
        }
        if amount.is_zero() {
            return Err(RuleViolation::NotPositive {
                amount: amount.clone(),
            }
            .into());
        }
        rules::check_transaction_maximum(amount)?;
        if let Some(expected) = self.currency()
            && expected != amount.currency()
        {
            return Err(RuleViolation::CurrencyMismatch {
                expected: expected.clone(),
                found: amount.currency().clone(),
            }
            .into());
        }
        rules::check_region_currency(self.region, amount.currency())?;
        if permission.kind() == &ChargePermissionType::OneTime {
            let count = self.charge_count();
            if count >= rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION {
                return Err(RuleViolation::ChargeCountExceeded {
                    count,
                    maximum: rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION,
                }
                .into());
            }
            if let Some(limit) = permission.amount_limit() {
                rules::check_amount_limit(limit, &self.committed(limit.currency(), now)?, amount)?;
            }
        }
        if let Some(balance) = self.balance(now)? {
            rules::check_amount_balance(&balance, amount)?;
        }
        if permission.kind() != &ChargePermissionType::OneTime
            && let Some(limit) = self.monthly_limit(amount.currency())
        {
            let this_month = self.charged_in_month_of(now, amount.currency())?;
            rules::check_monthly_limit(&limit, &this_month, amount)?;
        }
        Ok(())
    }

    /// Checks a Capture Charge of `amount` on `charge` at `now`.
    pub fn check_capture(
        &self,
        charge: &ChargeId,
        amount: &Price,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let entry = self.charge_allowing(charge, Operation::CaptureCharge, now)?;
        if self.permission.api_version() == crate::config::ApiVersion::V1
            && self.charges.iter().any(|other| {
                &other.id != charge
                    && (other.last_known_is(&ChargeState::Captured)
                        || other.last_known_is(&ChargeState::CaptureInitiated))
            })
        {
            return Err(RuleViolation::OneCaptureUnderV1.into());
        }
        rules::check_capture(entry.lifecycle.charge_amount(), amount)?;
        Ok(())
    }

    /// Checks a Create Refund of `amount` on `charge` at `now`.
    pub fn check_refund(
        &self,
        charge: &ChargeId,
        amount: &Price,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let entry = self.charge_allowing(charge, Operation::CreateRefund, now)?;
        let lifecycle = &entry.lifecycle;
        let captured = lifecycle
            .captured_amount()
            .unwrap_or(lifecycle.charge_amount());
        rules::check_refund(captured, &entry.refunded_for_rules()?, amount)?;
        Ok(())
    }

    /// The charge, if its state allows `operation` at `now` and `now` is not
    /// before the merchant's own last event on it (the call itself would
    /// refuse that time; the check says so first, and status agrees).
    fn charge_allowing(
        &self,
        charge: &ChargeId,
        operation: Operation,
        now: Timestamp,
    ) -> Result<&LedgerCharge, LifecycleError> {
        let entry = self.entry_ref(charge)?;
        entry.lifecycle.require(operation, now)?;
        match entry.lifecycle.time_error(now) {
            Some(error) => Err(error),
            None => Ok(entry),
        }
    }
}
