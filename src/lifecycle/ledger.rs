//! One Charge Permission with its charges and refunds: the rules that span
//! objects, and what a merchant reconciles against.

use crate::config::Region;
use crate::error::{LifecycleError, MoneyError, Refused, RuleViolation};
use crate::lifecycle::rules;
use crate::lifecycle::{ChargeLifecycle, ChargePermissionLifecycle, Operation, RefundLifecycle};
use crate::model::{
    self, ChargeId, ChargePermissionId, ChargePermissionType, ChargeState, RefundId,
};
use crate::money::Price;
use crate::timestamp::Timestamp;

/// How a charge is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeCreation {
    /// Authorized at once (Authorized).
    Authorize,
    /// Authorization pending (`canHandlePendingAuthorization`; AuthorizationInitiated).
    AuthorizePending,
    /// Authorized and captured at once (`captureNow`; Captured).
    CaptureNow,
}

/// A refund in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRefund {
    id: RefundId,
    lifecycle: RefundLifecycle,
}

impl LedgerRefund {
    /// The refund id.
    pub fn id(&self) -> &RefundId {
        &self.id
    }

    /// Its lifecycle.
    pub fn lifecycle(&self) -> &RefundLifecycle {
        &self.lifecycle
    }
}

/// A charge in the ledger, with its refunds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerCharge {
    id: ChargeId,
    lifecycle: ChargeLifecycle,
    refunds: Vec<LedgerRefund>,
}

impl LedgerCharge {
    /// The charge id.
    pub fn id(&self) -> &ChargeId {
        &self.id
    }

    /// Its lifecycle.
    pub fn lifecycle(&self) -> &ChargeLifecycle {
        &self.lifecycle
    }

    /// Its refunds, oldest first.
    pub fn refunds(&self) -> &[LedgerRefund] {
        &self.refunds
    }

    /// The refunds that count against the charge (all but declined ones), summed.
    pub fn refunded(&self) -> Result<Price, MoneyError> {
        let zero = Price::zero(self.lifecycle.charge_amount().currency().clone());
        self.refunds
            .iter()
            .filter(|refund| refund.lifecycle.counts_against_charge())
            .try_fold(zero, |total, refund| {
                total.checked_add(refund.lifecycle.amount())
            })
    }

    /// What the charge holds of the permission's amount: nothing when
    /// Canceled or Declined, the captured amount once captured, else the
    /// authorized amount.
    fn committed(&self) -> Price {
        let lifecycle = &self.lifecycle;
        match lifecycle.state() {
            ChargeState::Canceled | ChargeState::Declined => {
                Price::zero(lifecycle.charge_amount().currency().clone())
            }
            _ => lifecycle
                .captured_amount()
                .unwrap_or(lifecycle.charge_amount())
                .clone(),
        }
    }
}

/// One Charge Permission, its charges and their refunds.
///
/// Each merchant action is checked against every rule — its object's state,
/// and the rules that span objects: at most 25 charges on a OneTime
/// permission within its amount limit and last reported balance, the
/// monthly caps of Recurring and PaymentMethodOnFile permissions, refund
/// totals per charge. An action that passes is recorded as the state Amazon
/// moves to when it accepts the call; an action that fails leaves the ledger
/// unchanged. When a OneTime permission's amount limit is fully captured (or,
/// under API path version v1, after its one capture), the permission closes.
///
/// Reports from Amazon (`observe_*`) bring the ledger in line with reality,
/// including charges and refunds created elsewhere (for example by Complete
/// Checkout Session).
///
/// ```
/// use amazon_pay_core::lifecycle::{ChargeCreation, ChargePermissionLifecycle, Ledger};
/// use amazon_pay_core::model::{ChargeId, ChargePermissionId, ChargePermissionType, ChargeState, RefundId};
/// use amazon_pay_core::{ApiVersion, Currency, Price, Region, Timestamp};
///
/// let usd = |cents| Price::from_minor_units(cents, Currency::Usd);
/// let now = Timestamp::parse("20240301T100000Z")?;
/// let permission = ChargePermissionLifecycle::chargeable(ChargePermissionType::OneTime, now, ApiVersion::V2)
///     .with_limits(Some(usd(100_00)), None);
/// let mut ledger = Ledger::new(ChargePermissionId::from("S01-1"), permission, Region::Na);
///
/// let charge = ChargeId::from("S01-1-C0000001");
/// ledger.create_charge(charge.clone(), usd(100_00), ChargeCreation::Authorize, now)?;
/// assert!(ledger.capture(&charge, usd(100_01), now).is_err()); // more than authorized
/// ledger.capture(&charge, usd(100_00), now)?;
/// assert_eq!(ledger.charge(&charge).unwrap().lifecycle().state(), &ChargeState::Captured);
///
/// // 100.00 captured: refunds may total 115.00 (15 %, at most 75 USD, on top).
/// ledger.refund(&charge, RefundId::from("S01-1-R1"), usd(110_00), now)?;
/// let refused = ledger.refund(&charge, RefundId::from("S01-1-R2"), usd(5_01), now).unwrap_err();
/// assert!(refused.to_string().contains("at most 5.00 USD can still be refunded"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    id: ChargePermissionId,
    region: Region,
    permission: ChargePermissionLifecycle,
    charges: Vec<LedgerCharge>,
}

impl Ledger {
    /// A ledger for the permission `id` in `region` (which decides the
    /// monthly caps).
    pub fn new(
        id: ChargePermissionId,
        permission: ChargePermissionLifecycle,
        region: Region,
    ) -> Ledger {
        Ledger {
            id,
            region,
            permission,
            charges: Vec::new(),
        }
    }

    /// The Charge Permission id.
    pub fn id(&self) -> &ChargePermissionId {
        &self.id
    }

    /// The permission's lifecycle.
    pub fn permission(&self) -> &ChargePermissionLifecycle {
        &self.permission
    }

    /// The charges, oldest first.
    pub fn charges(&self) -> &[LedgerCharge] {
        &self.charges
    }

    /// The charge `id`, if in the ledger.
    pub fn charge(&self, id: &ChargeId) -> Option<&LedgerCharge> {
        self.charges.iter().find(|charge| &charge.id == id)
    }

    /// How many charges were created on the permission (declined ones included).
    pub fn charge_count(&self) -> u32 {
        u32::try_from(self.charges.len()).unwrap_or(u32::MAX)
    }

    fn entry(&self, id: &ChargeId) -> Result<usize, LifecycleError> {
        self.charges
            .iter()
            .position(|charge| &charge.id == id)
            .ok_or_else(|| LifecycleError::UnknownObject {
                object: "Charge",
                id: id.to_string(),
            })
    }

    /// Sums `amount` over the charges `keep` selects, in `currency`.
    fn total(
        &self,
        currency: &crate::money::Currency,
        keep: impl Fn(&LedgerCharge) -> bool,
        amount: impl Fn(&LedgerCharge) -> Price,
    ) -> Result<Price, MoneyError> {
        self.charges
            .iter()
            .filter(|charge| keep(charge))
            .try_fold(Price::zero(currency.clone()), |total, charge| {
                total.checked_add(&amount(charge))
            })
    }

    /// What the charges hold of the permission's amount: authorized or
    /// captured, canceled and declined charges excluded.
    pub fn committed(&self, currency: &crate::money::Currency) -> Result<Price, MoneyError> {
        self.total(currency, |_| true, LedgerCharge::committed)
    }

    /// The captured total, over Captured charges.
    pub fn captured(&self, currency: &crate::money::Currency) -> Result<Price, MoneyError> {
        self.total(
            currency,
            |charge| charge.lifecycle.state() == &ChargeState::Captured,
            |charge| charge.committed(),
        )
    }

    /// Charged in the calendar month (UTC) of `now`, declined charges excluded.
    ///
    /// How Amazon counts canceled authorizations against monthly caps is
    /// unpublished; they count here (the safe reading).
    pub fn charged_in_month_of(
        &self,
        now: Timestamp,
        currency: &crate::money::Currency,
    ) -> Result<Price, MoneyError> {
        let month = |at: Timestamp| {
            let at = at.to_offset_date_time();
            (at.year(), at.month())
        };
        self.total(
            currency,
            |charge| {
                charge.lifecycle.state() != &ChargeState::Declined
                    && month(charge.lifecycle.created_at()) == month(now)
            },
            |charge| {
                charge
                    .lifecycle
                    .captured_amount()
                    .unwrap_or(charge.lifecycle.charge_amount())
                    .clone()
            },
        )
    }

    /// Checks a Create Charge of `amount` at `now` against every rule.
    pub fn check_create_charge(
        &self,
        amount: &Price,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let permission = self.permission.clone().advance(now);
        permission.require(Operation::CreateCharge)?;
        rules::check_transaction_maximum(amount)?;
        if amount.is_zero() {
            return Err(RuleViolation::NotPositive {
                amount: amount.clone(),
            }
            .into());
        }
        if let Some(existing) = self.charges.first() {
            let expected = existing.lifecycle.charge_amount().currency();
            if expected != amount.currency() {
                return Err(RuleViolation::CurrencyMismatch {
                    expected: expected.clone(),
                    found: amount.currency().clone(),
                }
                .into());
            }
        }
        let currency = amount.currency();
        match permission.kind() {
            ChargePermissionType::OneTime => {
                let count = self.charge_count();
                if count >= rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION {
                    return Err(RuleViolation::ChargeCountExceeded {
                        count,
                        maximum: rules::MAX_CHARGES_PER_ONE_TIME_PERMISSION,
                    }
                    .into());
                }
                if let Some(limit) = permission.amount_limit() {
                    rules::check_amount_limit(limit, &self.committed(limit.currency())?, amount)?;
                }
                if let Some(balance) = permission.amount_balance() {
                    rules::check_amount_balance(balance, amount)?;
                }
            }
            kind => {
                if let Some(limit) = rules::monthly_limit(kind, self.region, currency) {
                    rules::check_monthly_limit(
                        &limit,
                        &self.charged_in_month_of(now, currency)?,
                        amount,
                    )?;
                }
            }
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
        let lifecycle = self.charges[self.entry(charge)?]
            .lifecycle
            .clone()
            .advance(now);
        lifecycle.require(Operation::CaptureCharge)?;
        rules::check_capture(lifecycle.charge_amount(), amount)?;
        Ok(())
    }

    /// Checks a Create Refund of `amount` on `charge`.
    pub fn check_refund(&self, charge: &ChargeId, amount: &Price) -> Result<(), LifecycleError> {
        let entry = &self.charges[self.entry(charge)?];
        entry.lifecycle.require(Operation::CreateRefund)?;
        let captured = entry
            .lifecycle
            .captured_amount()
            .unwrap_or(entry.lifecycle.charge_amount());
        rules::check_refund(captured, &entry.refunded()?, amount)?;
        Ok(())
    }

    /// Create Charge: checked, then recorded in the state Amazon gives it.
    pub fn create_charge(
        &mut self,
        id: ChargeId,
        amount: Price,
        creation: ChargeCreation,
        now: Timestamp,
    ) -> Result<&LedgerCharge, LifecycleError> {
        if self.charge(&id).is_some() {
            return Err(LifecycleError::MismatchedReport {
                object: "Charge",
                reason: "a charge with this id is already in the ledger",
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
        self.permission = self.permission.clone().advance(now);
        self.charges.push(LedgerCharge {
            id,
            lifecycle,
            refunds: Vec::new(),
        });
        self.after_capture(now)?;
        self.last()
    }

    fn last(&self) -> Result<&LedgerCharge, LifecycleError> {
        self.charges.last().ok_or(LifecycleError::MismatchedReport {
            object: "Charge",
            reason: "the ledger has no charge",
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
        let index = self.entry(charge)?;
        self.check_capture(charge, &amount, now)?;
        let lifecycle = self.charges[index]
            .lifecycle
            .clone()
            .capture_requested(amount, now)?;
        self.charges[index].lifecycle = lifecycle;
        self.after_capture(now)?;
        Ok(&self.charges[index])
    }

    /// Cancel Charge.
    pub fn cancel(
        &mut self,
        charge: &ChargeId,
        now: Timestamp,
    ) -> Result<&LedgerCharge, LifecycleError> {
        let index = self.entry(charge)?;
        let lifecycle = self.charges[index].lifecycle.clone().advance(now);
        lifecycle.require(Operation::CancelCharge)?;
        self.charges[index].lifecycle = lifecycle.cancel_requested(now)?;
        Ok(&self.charges[index])
    }

    /// Create Refund: checked, then recorded (RefundInitiated).
    pub fn refund(
        &mut self,
        charge: &ChargeId,
        id: RefundId,
        amount: Price,
        now: Timestamp,
    ) -> Result<&LedgerRefund, LifecycleError> {
        let index = self.entry(charge)?;
        if self
            .charges
            .iter()
            .flat_map(|c| &c.refunds)
            .any(|refund| refund.id == id)
        {
            return Err(LifecycleError::MismatchedReport {
                object: "Refund",
                reason: "a refund with this id is already in the ledger",
            });
        }
        self.check_refund(charge, &amount)?;
        let refunds = &mut self.charges[index].refunds;
        refunds.push(LedgerRefund {
            id,
            lifecycle: RefundLifecycle::initiated(amount, now),
        });
        refunds.last().ok_or(LifecycleError::MismatchedReport {
            object: "Refund",
            reason: "the charge has no refund",
        })
    }

    /// Close Charge Permission; with `cancel_pending_charges`, authorizations
    /// still open are canceled (`ChargePermissionCanceled`).
    pub fn close(
        &mut self,
        cancel_pending_charges: bool,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let permission = self.permission.clone().advance(now);
        permission.require(Operation::CloseChargePermission)?;
        let permission = permission.merchant_closed(now)?;
        let mut charges = self.charges.clone();
        if cancel_pending_charges {
            for charge in &mut charges {
                let lifecycle = charge.lifecycle.clone().advance(now);
                charge.lifecycle = match lifecycle.state() {
                    ChargeState::AuthorizationInitiated | ChargeState::Authorized => {
                        lifecycle.charge_permission_closed(now)?
                    }
                    _ => lifecycle,
                };
            }
        }
        self.permission = permission;
        self.charges = charges;
        Ok(())
    }

    /// Applies every change due at `now` (expired authorizations, an expired
    /// permission).
    pub fn advance(&mut self, now: Timestamp) {
        self.permission = self.permission.clone().advance(now);
        for charge in &mut self.charges {
            charge.lifecycle = charge.lifecycle.clone().advance(now);
        }
    }

    /// Closes a OneTime permission whose limit is fully captured, and under
    /// API path version v1 any permission after its one capture.
    fn after_capture(&mut self, now: Timestamp) -> Result<(), LifecycleError> {
        if !self.permission.accepts_full_capture() {
            return Ok(());
        }
        let any_captured = self
            .charges
            .iter()
            .any(|charge| charge.lifecycle.state() == &ChargeState::Captured);
        let fully_captured = match self.permission.amount_limit() {
            Some(limit) => self.captured(limit.currency())?.amount() >= limit.amount(),
            None => false,
        };
        let v1 = self.permission.api_version() == crate::config::ApiVersion::V1;
        if (v1 && any_captured) || fully_captured {
            self.permission = self.permission.clone().fully_captured(now)?;
        }
        Ok(())
    }

    /// Takes in a fresh Charge Permission from Amazon.
    pub fn observe_permission(
        &mut self,
        permission: &model::ChargePermission,
    ) -> Result<(), LifecycleError> {
        if let Some(id) = &permission.charge_permission_id
            && id != &self.id
        {
            return Err(LifecycleError::MismatchedReport {
                object: "Charge Permission",
                reason: "the report is about another Charge Permission",
            });
        }
        match self.permission.clone().observe(permission) {
            Ok(next) => {
                self.permission = next;
                Ok(())
            }
            Err(refused) => self.keep_if_unknown(refused, |ledger, kept| ledger.permission = kept),
        }
    }

    /// Takes in a fresh Charge from Amazon; one not yet in the ledger is added.
    pub fn observe_charge(
        &mut self,
        charge: &model::Charge,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let mismatched = |reason| LifecycleError::MismatchedReport {
            object: "Charge",
            reason,
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
        match self.charges.iter().position(|entry| &entry.id == id) {
            Some(index) => match self.charges[index].lifecycle.clone().observe(charge, now) {
                Ok(next) => self.charges[index].lifecycle = next,
                Err(refused) => {
                    return self.keep_if_unknown(refused, |ledger, kept| {
                        ledger.charges[index].lifecycle = kept
                    });
                }
            },
            None => {
                let lifecycle = ChargeLifecycle::from_model(charge, now)?;
                let unknown =
                    (!lifecycle.state().is_known()).then(|| LifecycleError::UnknownState {
                        object: "Charge",
                        state: lifecycle.state().to_string(),
                    });
                self.charges.push(LedgerCharge {
                    id: id.clone(),
                    lifecycle,
                    refunds: Vec::new(),
                });
                if let Some(reported) = unknown {
                    return Err(reported);
                }
            }
        }
        self.after_capture(now)
    }

    /// Takes in a fresh Refund from Amazon; one not yet in the ledger is
    /// added to its charge, which must be in the ledger.
    pub fn observe_refund(
        &mut self,
        refund: &model::Refund,
        now: Timestamp,
    ) -> Result<(), LifecycleError> {
        let mismatched = |reason| LifecycleError::MismatchedReport {
            object: "Refund",
            reason,
        };
        let (Some(id), Some(charge)) = (&refund.refund_id, &refund.charge_id) else {
            return Err(mismatched("the report has no refundId or no chargeId"));
        };
        let index = self.entry(charge)?;
        let refunds = &mut self.charges[index].refunds;
        match refunds.iter().position(|entry| &entry.id == id) {
            Some(at) => match refunds[at].lifecycle.clone().observe(refund) {
                Ok(next) => refunds[at].lifecycle = next,
                Err(refused) => {
                    return self.keep_if_unknown(refused, |ledger, kept| {
                        ledger.charges[index].refunds[at].lifecycle = kept
                    });
                }
            },
            None => {
                let lifecycle = RefundLifecycle::from_model(refund, now)?;
                let state = lifecycle.state().clone();
                refunds.push(LedgerRefund {
                    id: id.clone(),
                    lifecycle,
                });
                if !state.is_known() {
                    return Err(LifecycleError::UnknownState {
                        object: "Refund",
                        state: state.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Keeps a lifecycle updated to an unknown state; reports the error.
    fn keep_if_unknown<T>(
        &mut self,
        refused: Refused<T>,
        keep: impl FnOnce(&mut Ledger, T),
    ) -> Result<(), LifecycleError> {
        if matches!(refused.error, LifecycleError::UnknownState { .. }) {
            keep(self, refused.lifecycle);
        }
        Err(refused.error)
    }
}

impl ChargePermissionLifecycle {
    /// Whether a full capture would close the permission now.
    fn accepts_full_capture(&self) -> bool {
        crate::lifecycle::Machine::accepts(
            self,
            &crate::lifecycle::ChargePermissionEvent::FullyCaptured,
        )
    }
}
