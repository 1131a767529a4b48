//! One Charge Permission with its charges and refunds: the rules that span
//! objects, and what a merchant reconciles against.
//!
//! The ledger's methods live beside their concern: `checks` (may this call
//! be sent?), `record` (a call Amazon accepted), `predict` (time and
//! consequences), `observe` (Amazon's reports), `status` (what to show).
//! One `impl Ledger` lives outside `lifecycle`: `operation/handout.rs`,
//! which hands out the typed operations (this module may not import
//! `operation`).

mod checks;
mod observe;
mod predict;
mod record;
mod status;

pub use status::{ChargeStatus, LedgerStatus};

use serde::{Deserialize, Serialize};

use crate::config::Region;
use crate::lifecycle::error::{LifecycleError, ObjectKind};
use crate::lifecycle::{
    ChargeLifecycle, ChargePermissionLifecycle, FormatVersion, RefundLifecycle, rules,
};
use crate::model::{ChargeId, ChargePermissionId, ChargePermissionType, ChargeState, RefundId};
use crate::money::MoneyError;
use crate::money::{Currency, Price};
use crate::timestamp::Timestamp;

/// How a charge is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChargeCreation {
    /// Authorized at once (Authorized).
    Authorize,
    /// Authorization pending (`canHandlePendingAuthorization`; AuthorizationInitiated).
    AuthorizePending,
    /// Authorized and captured at once (`captureNow`; Captured).
    CaptureNow,
}

/// A refund in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRefund {
    pub(crate) id: RefundId,
    pub(crate) lifecycle: RefundLifecycle,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerCharge {
    pub(crate) id: ChargeId,
    pub(crate) lifecycle: ChargeLifecycle,
    #[serde(default)]
    pub(crate) refunds: Vec<LedgerRefund>,
    /// The local refunds ([`refunded`](Self::refunded)) when Amazon's last
    /// `refundedAmount` was taken in: what that report already counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) refunded_at_report: Option<Price>,
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

    /// The refunds in the ledger that count against the charge (all but
    /// declined ones), summed. Amazon's `refundedAmount` is kept apart
    /// ([`ChargeLifecycle::refunded_amount_reported`]); the rules count it
    /// plus the refunds made since it was reported
    /// ([`refunded_for_rules`](Self::refunded_for_rules)).
    pub fn refunded(&self) -> Result<Price, MoneyError> {
        let zero = Price::zero(self.lifecycle.charge_amount().currency().clone());
        self.refunds
            .iter()
            .filter(|refund| refund.lifecycle.counts_against_charge())
            .try_fold(zero, |total, refund| {
                total.checked_add(refund.lifecycle.amount())
            })
    }

    /// What counts as refunded for the refund ceiling:
    /// [`rules::refunded_total`] of the local refunds, Amazon's last
    /// `refundedAmount` and the local refunds when it was reported.
    pub fn refunded_for_rules(&self) -> Result<Price, MoneyError> {
        rules::refunded_total(
            &self.refunded()?,
            self.lifecycle.refunded_amount_reported(),
            self.refunded_at_report.as_ref(),
        )
    }

    /// What the charge holds of the permission's amount at `now`, by its
    /// last known state: nothing when Canceled or Declined (an authorization
    /// expired by `now` included), the captured amount once captured, else
    /// the authorized amount.
    pub(crate) fn committed(&self, now: Timestamp) -> Price {
        let lifecycle = &self.lifecycle;
        let expired = lifecycle
            .next_change()
            .is_some_and(|change| now >= change.at);
        match lifecycle.last_known_state() {
            _ if expired => Price::zero(lifecycle.charge_amount().currency().clone()),
            Some(ChargeState::Canceled | ChargeState::Declined) => {
                Price::zero(lifecycle.charge_amount().currency().clone())
            }
            _ => lifecycle
                .captured_amount()
                .unwrap_or(lifecycle.charge_amount())
                .clone(),
        }
    }

    fn last_known_is(&self, state: &ChargeState) -> bool {
        self.lifecycle.last_known_state() == Some(state)
    }
}

/// One Charge Permission, its charges and their refunds.
///
/// Each merchant action is checked against every rule — its object's state
/// at that time, and the rules that span objects: at most 25 charges on a
/// OneTime permission within its amount limit and last reported balance
/// (less the charges created since that report), the monthly caps of
/// Recurring and PaymentMethodOnFile permissions, the currencies of the
/// region, refund totals per charge (the larger of the refunds in the ledger
/// and Amazon's `refundedAmount`), and under API path version v1 the single
/// capture. An action that passes is recorded as the state Amazon moves to
/// when it accepts the call; **an action or a report that is refused leaves
/// the ledger exactly as it was.**
///
/// What the ledger derives from one object for another is a prediction that
/// Amazon's next report may overrule: a pending authorization makes the
/// permission NonChargeable (`ChargeInProgress`) until it finishes; an
/// `AmazonRejected` decline closes the permission (`AmazonCanceled`); a
/// OneTime permission whose amount limit is fully captured (under v1: after
/// its one capture) closes (`AmazonClosed`).
///
/// Reports from Amazon (`observe_*`) bring the ledger in line with reality,
/// including charges and refunds created elsewhere (for example by Complete
/// Checkout Session). The ledger is serde-serializable (see the
/// [module docs](crate::lifecycle#persistence)).
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
/// assert!(ledger.capture(&charge, usd(1), now).is_err()); // one capture per charge
///
/// // 100.00 captured: refunds may total 115.00 (15 %, at most 75 USD, on top).
/// ledger.refund(&charge, RefundId::from("S01-1-R1"), usd(110_00), now)?;
/// let refused = ledger.refund(&charge, RefundId::from("S01-1-R2"), usd(5_01), now).unwrap_err();
/// assert!(refused.to_string().contains("at most 5.00 USD can still be refunded"));
///
/// // Stored between requests, restored unchanged.
/// let stored = serde_json::to_string(&ledger)?;
/// assert_eq!(serde_json::from_str::<Ledger>(&stored)?, ledger);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ledger {
    format_version: FormatVersion,
    pub(crate) id: ChargePermissionId,
    pub(crate) region: Region,
    pub(crate) permission: ChargePermissionLifecycle,
    #[serde(default)]
    pub(crate) charges: Vec<LedgerCharge>,
    /// How many of the charges Amazon's last reported `amountBalance`
    /// already reflects (the first ones); later ones reduce it.
    #[serde(default)]
    pub(crate) balance_covers: usize,
    /// When that balance was reported (Amazon's `lastUpdatedTimestamp`,
    /// else the latest time the permission knows): the month it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) balance_reported_at: Option<Timestamp>,
    /// The merchant's own monthly cap, where Amazon publishes none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    monthly_limit: Option<Price>,
}

impl Ledger {
    /// A ledger for the permission `id` in `region` (which decides the
    /// currencies and the monthly caps).
    pub fn new(
        id: ChargePermissionId,
        permission: ChargePermissionLifecycle,
        region: Region,
    ) -> Ledger {
        Ledger {
            format_version: FormatVersion,
            id,
            region,
            permission,
            charges: Vec::new(),
            balance_covers: 0,
            balance_reported_at: None,
            monthly_limit: None,
        }
    }

    /// With a monthly cap of the merchant's own, checked together with
    /// Amazon's published one (the lower wins). Use it for EU/UK Recurring
    /// permissions, whose cap Amazon does not publish and the crate does not
    /// check otherwise.
    pub fn with_monthly_limit(mut self, limit: Price) -> Ledger {
        self.monthly_limit = Some(limit);
        self
    }

    /// The Charge Permission id.
    pub fn id(&self) -> &ChargePermissionId {
        &self.id
    }

    /// The region.
    pub fn region(&self) -> Region {
        self.region
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

    /// The permission's currency: that of its amount limit or balance, else
    /// of its first charge.
    pub fn currency(&self) -> Option<&Currency> {
        let permission = &self.permission;
        permission
            .amount_limit()
            .or(permission.amount_balance())
            .map(Price::currency)
            .or_else(|| {
                self.charges
                    .first()
                    .map(|charge| charge.lifecycle.charge_amount().currency())
            })
    }

    pub(crate) fn entry(&self, id: &ChargeId) -> Result<usize, LifecycleError> {
        self.charges
            .iter()
            .position(|charge| &charge.id == id)
            .ok_or_else(|| LifecycleError::UnknownObject {
                object: ObjectKind::Charge,
                id: id.to_string(),
            })
    }

    fn entry_ref(&self, id: &ChargeId) -> Result<&LedgerCharge, LifecycleError> {
        self.charges
            .get(self.entry(id)?)
            .ok_or_else(|| LifecycleError::UnknownObject {
                object: ObjectKind::Charge,
                id: id.to_string(),
            })
    }

    /// Sums `amount` over `charges`, in `currency`.
    fn total<'a>(
        charges: impl IntoIterator<Item = &'a LedgerCharge>,
        currency: &Currency,
        amount: impl Fn(&LedgerCharge) -> Price,
    ) -> Result<Price, MoneyError> {
        charges
            .into_iter()
            .try_fold(Price::zero(currency.clone()), |total, charge| {
                total.checked_add(&amount(charge))
            })
    }

    /// What the charges hold of the permission's amount at `now`: authorized
    /// or captured, canceled, declined and expired charges excluded.
    pub fn committed(&self, currency: &Currency, now: Timestamp) -> Result<Price, MoneyError> {
        Self::total(&self.charges, currency, |charge| charge.committed(now))
    }

    /// The captured total, over Captured charges.
    pub fn captured(&self, currency: &Currency) -> Result<Price, MoneyError> {
        let captured = self
            .charges
            .iter()
            .filter(|charge| charge.last_known_is(&ChargeState::Captured));
        Self::total(captured, currency, |charge| {
            charge
                .lifecycle
                .captured_amount()
                .unwrap_or(charge.lifecycle.charge_amount())
                .clone()
        })
    }

    /// Charged in the calendar month of `now`, declined charges excluded,
    /// counted in every time zone Amazon could count in and the most taken
    /// ([`rules::charged_in_month`]; the zone is UNCONFIRMED). A charge
    /// whose creation time is unknown counts in every month.
    ///
    /// How Amazon counts canceled authorizations against monthly caps is
    /// unpublished; they count here (the safe reading).
    pub fn charged_in_month_of(
        &self,
        now: Timestamp,
        currency: &Currency,
    ) -> Result<Price, MoneyError> {
        let charges: Vec<(Option<Timestamp>, Price)> = self
            .charges
            .iter()
            .filter(|charge| !charge.last_known_is(&ChargeState::Declined))
            .map(|charge| {
                let amount = charge
                    .lifecycle
                    .captured_amount()
                    .unwrap_or(charge.lifecycle.charge_amount());
                (charge.lifecycle.created_at(), amount.clone())
            })
            .collect();
        rules::charged_in_month(now, &Price::zero(currency.clone()), &charges)
    }

    /// Amazon's last reported balance less what the charges created since
    /// that report hold at `now`.
    ///
    /// The balance of a Recurring or PaymentMethodOnFile permission is the
    /// month's (it resets each month, spec §3.11): it applies only while
    /// `now` may still be in the month it was reported in, in any time zone
    /// Amazon could count in ([`rules::same_month_somewhere`]); after that,
    /// `None`, and the monthly cap is what limits.
    pub fn balance(&self, now: Timestamp) -> Result<Option<Price>, MoneyError> {
        let Some(balance) = self.permission.amount_balance() else {
            return Ok(None);
        };
        let monthly = self.permission.kind() != &ChargePermissionType::OneTime;
        if monthly
            && let Some(reported) = self.balance_reported_at
            && !rules::same_month_somewhere(reported, now)
        {
            return Ok(None);
        }
        let since = self.charges.iter().skip(self.balance_covers);
        let spent = Self::total(since, balance.currency(), |charge| charge.committed(now))?;
        Ok(Some(balance.checked_sub(&spent).unwrap_or_else(|_| {
            Price::zero(balance.currency().clone())
        })))
    }

    /// The monthly cap that applies: Amazon's published one and the
    /// merchant's own, the lower of the two.
    pub fn monthly_limit(&self, currency: &Currency) -> Option<Price> {
        let published = rules::monthly_limit(self.permission.kind(), self.region, currency);
        let own = self
            .monthly_limit
            .clone()
            .filter(|own| own.currency() == currency);
        match (published, own) {
            (Some(a), Some(b)) => Some(if b.amount() < a.amount() { b } else { a }),
            (a, b) => a.or(b),
        }
    }
}
