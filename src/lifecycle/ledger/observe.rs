//! The ledger takes in Amazon's reports: all or nothing, each checked
//! against the rules that span objects before anything changes.

use crate::lifecycle::error::{LifecycleError, ObjectKind, RuleViolation};
use crate::lifecycle::ledger::{LedgerCharge, LedgerRefund};
use crate::lifecycle::{ChargeLifecycle, Ledger, Observation, RefundLifecycle, rules};
use crate::model::{self, ChargePermissionState, ChargePermissionType, ChargeState, RefundState};
use crate::money::Price;

impl Ledger {
    /// Takes in a fresh Charge Permission from Amazon, and says what it made
    /// of it. A reported `amountBalance` is taken to reflect every charge the
    /// ledger knows at that moment; charges added later reduce it.
    ///
    /// Refused, leaving the ledger as it was: a report about another
    /// permission, and whatever
    /// [`ChargePermissionLifecycle::observe`](crate::lifecycle::ChargePermissionLifecycle::observe)
    /// refuses.
    pub fn observe_permission(
        &mut self,
        permission: &model::ChargePermission,
    ) -> Result<Observation<ChargePermissionState>, LifecycleError> {
        if let Some(id) = &permission.charge_permission_id
            && id != &self.id
        {
            return Err(LifecycleError::MismatchedReport {
                object: ObjectKind::ChargePermission,
                reason: "the report is about another Charge Permission",
            });
        }
        let observed = self
            .permission
            .clone()
            .observe(permission)
            .map_err(|refused| refused.error)?;
        let balance_reported = permission
            .limits
            .as_ref()
            .is_some_and(|limits| limits.amount_balance.is_some());
        if observed.observation.is_applied() && balance_reported {
            self.balance_covers = self.charges.len();
            self.balance_reported_at = permission
                .status_details
                .as_ref()
                .and_then(|status| status.last_updated_timestamp)
                .or(observed.lifecycle.updated_at());
        }
        self.permission = observed.lifecycle;
        Ok(observed.observation)
    }

    /// Takes in a fresh Charge from Amazon, and says what it made of it; a
    /// charge not yet in the ledger is added ([`Observation::Added`]). Its
    /// consequences for the permission are predicted as for a merchant call.
    ///
    /// Refused, leaving the ledger as it was: a report without `chargeId`,
    /// about another permission, in another currency than the permission, a
    /// 26th charge on a OneTime permission, and whatever
    /// [`ChargeLifecycle::observe`] refuses.
    pub fn observe_charge(
        &mut self,
        charge: &model::Charge,
    ) -> Result<Observation<ChargeState>, LifecycleError> {
        let mismatched = |reason| LifecycleError::MismatchedReport {
            object: ObjectKind::Charge,
            reason,
        };
        let breaks = |violation| LifecycleError::ReportBreaksRule {
            object: ObjectKind::Charge,
            violation,
        };
        let Some(id) = &charge.charge_id else {
            return Err(mismatched("the report has no chargeId"));
        };
        if charge
            .charge_permission_id
            .as_ref()
            .is_some_and(|permission| permission != &self.id)
        {
            return Err(mismatched(
                "the charge belongs to another Charge Permission",
            ));
        }
        if let (Some(expected), Some(amount)) = (self.currency(), &charge.charge_amount)
            && expected != amount.currency()
        {
            return Err(breaks(RuleViolation::CurrencyMismatch {
                expected: expected.clone(),
                found: amount.currency().clone(),
            }));
        }
        let mut next = self.clone();
        let (index, before, observation) = match self.entry(id) {
            Ok(index) => {
                let entry = next
                    .charges
                    .get_mut(index)
                    .ok_or_else(|| mismatched("no entry"))?;
                let before = entry.lifecycle.last_known_state().cloned();
                let observed = entry
                    .lifecycle
                    .clone()
                    .observe(charge)
                    .map_err(|refused| refused.error)?;
                entry.lifecycle = observed.lifecycle;
                let taken = !matches!(observed.observation, Observation::Stale { .. });
                if taken && charge.refunded_amount.is_some() {
                    // Amazon's figure counts the local refunds made so far.
                    entry.refunded_at_report = Some(entry.refunded()?);
                }
                (index, before, observed.observation)
            }
            Err(_) => {
                let count = next.charge_count();
                if next.permission.kind() == &ChargePermissionType::OneTime
                    && count >= rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION
                {
                    return Err(breaks(RuleViolation::ChargeCountExceeded {
                        count,
                        maximum: rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION,
                    }));
                }
                let lifecycle = ChargeLifecycle::from_model(charge)?;
                let observation = Observation::Added {
                    state: lifecycle.state().clone(),
                };
                let refunded_at_report = charge
                    .refunded_amount
                    .as_ref()
                    .map(|reported| Price::zero(reported.currency().clone()));
                next.charges.push(LedgerCharge {
                    id: id.clone(),
                    lifecycle,
                    refunds: Vec::new(),
                    refunded_at_report,
                });
                (next.charges.len() - 1, None, observation)
            }
        };
        next.consequences(index, before.as_ref())?;
        *self = next;
        Ok(observation)
    }

    /// Takes in a fresh Refund from Amazon, and says what it made of it; a
    /// refund not yet in the ledger is added to its charge.
    ///
    /// Refused, leaving the ledger as it was: a report without `refundId` or
    /// `chargeId`; a charge not in the ledger, or not Captured as far as the
    /// ledger knows (observe the charge first); a refund id the ledger has
    /// on another charge; another currency than the charge's; a new refund
    /// that would take the charge's refunds past its captured amount plus
    /// Amazon's allowance; and whatever [`RefundLifecycle::observe`] refuses.
    pub fn observe_refund(
        &mut self,
        refund: &model::Refund,
    ) -> Result<Observation<RefundState>, LifecycleError> {
        let mismatched = |reason| LifecycleError::MismatchedReport {
            object: ObjectKind::Refund,
            reason,
        };
        let breaks = |violation| LifecycleError::ReportBreaksRule {
            object: ObjectKind::Refund,
            violation,
        };
        let (Some(id), Some(charge)) = (&refund.refund_id, &refund.charge_id) else {
            return Err(mismatched("the report has no refundId or no chargeId"));
        };
        let index = self.entry(charge)?;
        let mut next = self.clone();
        let entry = next
            .charges
            .get_mut(index)
            .ok_or_else(|| mismatched("no entry"))?;
        let position = entry.refunds.iter().position(|known| &known.id == id);
        if position.is_none() && self.has_refund(id) {
            return Err(LifecycleError::DuplicateId {
                object: ObjectKind::Refund,
                id: id.to_string(),
            });
        }
        if entry.lifecycle.last_known_state() != Some(&ChargeState::Captured) {
            return Err(mismatched(
                "a refund is made only on a captured charge, and the ledger does not know this charge as Captured; observe the charge first",
            ));
        }
        let currency = entry.lifecycle.charge_amount().currency();
        if let Some(amount) = &refund.refund_amount
            && amount.currency() != currency
        {
            return Err(breaks(RuleViolation::CurrencyMismatch {
                expected: currency.clone(),
                found: amount.currency().clone(),
            }));
        }
        let observation = match position {
            Some(at) => {
                let known = entry
                    .refunds
                    .get_mut(at)
                    .ok_or_else(|| mismatched("no entry"))?;
                let observed = known
                    .lifecycle
                    .clone()
                    .observe(refund)
                    .map_err(|refused| refused.error)?;
                known.lifecycle = observed.lifecycle;
                observed.observation
            }
            None => {
                let lifecycle = RefundLifecycle::from_model(refund)?;
                if lifecycle.counts_against_charge() {
                    let captured = entry
                        .lifecycle
                        .captured_amount()
                        .unwrap_or(entry.lifecycle.charge_amount());
                    rules::check_refund(captured, &entry.refunded()?, lifecycle.amount())
                        .map_err(breaks)?;
                }
                let observation = Observation::Added {
                    state: lifecycle.state().clone(),
                };
                entry.refunds.push(LedgerRefund {
                    id: id.clone(),
                    lifecycle,
                });
                observation
            }
        };
        *self = next;
        Ok(observation)
    }
}
