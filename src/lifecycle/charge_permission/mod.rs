//! The Charge Permission lifecycle (spec §4.3, §14).
//!
//! ```text
//!   Checkout Session completed
//!        │
//!        ▼        non_chargeable (PaymentMethodInvalid, …, ChargeInProgress, MFAFailed)
//!   Chargeable ─────────────────────────────────────► NonChargeable ──┐ non_chargeable
//!        ▲   │                                          │   │  ▲      │ (another reason)
//!        │   │                                          │   │  └──────┘
//!        │   └──────────── chargeable_again ◄───────────┘   │
//!        │                                                  │
//!        │ merchant_closed (MerchantClosed; v1 MerchantCanceled),
//!        │ buyer_closed (BuyerClosed; v1 BuyerCanceled), amazon_canceled,
//!        │ expired (OneTime 180 days / 13 months; Recurring 13 months),
//!        │ fully_captured (OneTime: AmazonClosed; v1: after the one capture)
//!        ▼                                                  ▼
//!      Closed ◄─────────────────────────────────────────────┘
//! ```
//!
//! Closed is final. Several reasons can hold at once ([`Reasons`]).

mod events;
mod reasons;

pub use events::ChargePermissionEvent;
pub use reasons::Reasons;

use serde::{Deserialize, Serialize};

use crate::api::Operation;
use crate::config::ApiVersion;
use crate::lifecycle::error::{LifecycleError, ObjectKind, Refused, RuleViolation};
use crate::lifecycle::machine::{Reported, lifecycle_common};
use crate::lifecycle::{
    DeadlineBasis, FormatVersion, Machine, Observed, ScheduledChange, Status, Track, days,
};
use crate::model::{self, ChargePermissionReasonCode, ChargePermissionState, ChargePermissionType};
use crate::money::Price;
use crate::timestamp::Timestamp;

/// A OneTime permission lives 180 days …
const ONE_TIME_LIFETIME: time::Duration = days(180);
/// … or 13 months with `extendExpiration`; a Recurring one 13 months.
const EXTENDED_LIFETIME_MONTHS: u32 = 13;
/// OneTime buyer details can be read for 30 days after creation.
const BUYER_DETAILS_WINDOW: time::Duration = days(30);

/// A Charge Permission's state and the facts its rules need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargePermissionLifecycle {
    format_version: FormatVersion,
    status: Track<ChargePermissionState>,
    #[serde(default)]
    reasons: Reasons,
    kind: ChargePermissionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<Timestamp>,
    #[serde(default)]
    extend_expiration: bool,
    api_version: ApiVersion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount_limit: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount_balance: Option<Price>,
}

lifecycle_common!(
    ChargePermissionLifecycle,
    "charge permission",
    ChargePermissionState,
    /// Chargeable: Get, Update, Close and Create Charge; NonChargeable: Get,
    /// Update and Close; Closed: Get (spec §4.3).
);

impl ChargePermissionLifecycle {
    /// A permission of `kind` created (Chargeable) at `at`.
    pub fn chargeable(
        kind: ChargePermissionType,
        at: Timestamp,
        api_version: ApiVersion,
    ) -> ChargePermissionLifecycle {
        ChargePermissionLifecycle {
            format_version: FormatVersion,
            status: Track::new(ChargePermissionState::Chargeable, Some(at)),
            reasons: Reasons::default(),
            kind,
            created_at: Some(at),
            expires_at: None,
            extend_expiration: false,
            api_version,
            amount_limit: None,
            amount_balance: None,
        }
    }

    /// With Amazon's `limits`: the total that may be charged and what remains.
    pub fn with_limits(
        mut self,
        amount_limit: Option<Price>,
        amount_balance: Option<Price>,
    ) -> ChargePermissionLifecycle {
        self.amount_limit = amount_limit;
        self.amount_balance = amount_balance;
        self
    }

    /// With `extendExpiration` (a OneTime permission then lives 13 months).
    pub fn with_extended_expiration(mut self, extend: bool) -> ChargePermissionLifecycle {
        self.extend_expiration = extend;
        self
    }

    /// With Amazon's `expirationTimestamp`.
    pub fn with_expiration(mut self, expires_at: Option<Timestamp>) -> ChargePermissionLifecycle {
        self.expires_at = expires_at;
        self
    }

    /// The lifecycle of a permission as Amazon reported it. The type
    /// defaults to OneTime; the dates are Amazon's (a missing
    /// `creationTimestamp` stays unknown). An unknown state is kept.
    pub fn from_model(
        permission: &model::ChargePermission,
        api_version: ApiVersion,
    ) -> Result<ChargePermissionLifecycle, LifecycleError> {
        let blank = ChargePermissionLifecycle {
            format_version: FormatVersion,
            status: Track::blank(ChargePermissionState::Unknown(String::new())),
            reasons: Reasons::default(),
            kind: ChargePermissionType::OneTime,
            created_at: None,
            expires_at: None,
            extend_expiration: false,
            api_version,
            amount_limit: None,
            amount_balance: None,
        };
        Ok(blank.observe(permission)?.lifecycle)
    }

    /// The reasons for the state.
    pub fn reasons(&self) -> &Reasons {
        &self.reasons
    }

    /// OneTime, Recurring or PaymentMethodOnFile.
    pub fn kind(&self) -> &ChargePermissionType {
        &self.kind
    }

    /// When the permission was created (confirmed), if known.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.created_at
    }

    /// The API path version.
    pub fn api_version(&self) -> ApiVersion {
        self.api_version
    }

    /// `limits.amountLimit`, if known.
    pub fn amount_limit(&self) -> Option<&Price> {
        self.amount_limit.as_ref()
    }

    /// `limits.amountBalance`, as Amazon last reported it.
    pub fn amount_balance(&self) -> Option<&Price> {
        self.amount_balance.as_ref()
    }

    /// When the permission expires by itself, if nothing closes it first:
    /// Amazon's `expirationTimestamp` when reported; else OneTime 180 days
    /// after creation (13 months with `extendExpiration`), Recurring 13
    /// months after creation, PaymentMethodOnFile never.
    ///
    /// Whether each recurring charge restarts the 13 months is unconfirmed
    /// (spec §4.3); the crate assumes it does not, which gives the earlier,
    /// safer date.
    pub fn expires_at(&self) -> Option<(Timestamp, DeadlineBasis)> {
        if let Some(at) = self.expires_at {
            return Some((at, DeadlineBasis::Amazon));
        }
        let created = self.created_at?;
        let at = match (&self.kind, self.extend_expiration) {
            (ChargePermissionType::OneTime, false) => created.checked_add(ONE_TIME_LIFETIME),
            (ChargePermissionType::OneTime, true) | (ChargePermissionType::Recurring, _) => {
                created.checked_add_months(EXTENDED_LIFETIME_MONTHS)
            }
            _ => None,
        }?;
        Some((at, DeadlineBasis::Derived))
    }

    /// What happens by itself next: an open permission is Closed (`Expired`)
    /// at [`expires_at`](Self::expires_at).
    pub fn next_change(
        &self,
    ) -> Option<ScheduledChange<ChargePermissionState, ChargePermissionReasonCode>> {
        match self.state() {
            ChargePermissionState::Chargeable | ChargePermissionState::NonChargeable => {
                let (at, basis) = self.expires_at()?;
                Some(ScheduledChange {
                    at,
                    state: ChargePermissionState::Closed,
                    reason: Some(ChargePermissionReasonCode::Expired),
                    basis,
                })
            }
            _ => None,
        }
    }

    /// Until when Get Charge Permission returns the buyer's details of a
    /// OneTime permission (30 days after creation).
    pub fn buyer_details_until(&self) -> Option<Timestamp> {
        match self.kind {
            ChargePermissionType::OneTime => self.created_at?.checked_add(BUYER_DETAILS_WINDOW),
            _ => None,
        }
    }

    /// What may be done at `now`, until when, and how much (from Amazon's
    /// last reported balance, else the amount limit; the
    /// [`Ledger`](crate::lifecycle::Ledger) also counts the charges it knows).
    pub fn status(
        &self,
        now: Timestamp,
    ) -> Status<ChargePermissionState, ChargePermissionReasonCode> {
        let allowed = self.allowed_operations(now);
        let chargeable = self.amount_balance.as_ref().or(self.amount_limit.as_ref());
        let chargeable = chargeable.map(|price| {
            if allowed.contains(&Operation::CreateCharge) {
                price.clone()
            } else {
                Price::zero(price.currency().clone())
            }
        });
        Status {
            chargeable,
            ..self.status_at(now)
        }
    }

    /// Applies the changes due at `now`, as predictions.
    pub fn advance(mut self, now: Timestamp) -> ChargePermissionLifecycle {
        if let Some(change) = self.next_change()
            && now >= change.at
        {
            self.status.predict(change.state);
            self.reasons = change.reason.map(Reasons::one).unwrap_or_default();
        }
        self
    }

    fn next_state(&self, event: &ChargePermissionEvent) -> Option<ChargePermissionState> {
        match (&self.kind, event) {
            (kind, ChargePermissionEvent::FullyCaptured)
                if *kind != ChargePermissionType::OneTime =>
            {
                None
            }
            (ChargePermissionType::PaymentMethodOnFile, ChargePermissionEvent::Expired) => None,
            _ => Self::successor(self.state(), event),
        }
    }

    /// Takes in what Amazon now reports for this permission — state,
    /// reasons, type, limits and dates — and says what it made of it.
    ///
    /// A report older than the last change (`lastUpdatedTimestamp`) is
    /// ignored as stale; one that overrules a prediction is taken. Refused,
    /// leaving the lifecycle as it was: a report without a state, limits in
    /// another currency, or a state that cannot follow the last known one
    /// (anything out of Closed).
    pub fn observe(
        self,
        permission: &model::ChargePermission,
    ) -> Result<
        Observed<ChargePermissionLifecycle, ChargePermissionState>,
        Refused<ChargePermissionLifecycle>,
    > {
        let judged = self.judge_reported(permission, || self.check_report(permission));
        self.conclude(judged, |next, state| next.take_report(permission, state))
    }

    /// The rule a permission report must keep: its limits in one currency.
    fn check_report(&self, permission: &model::ChargePermission) -> Result<(), LifecycleError> {
        if let Some(limits) = &permission.limits {
            let expected = self
                .amount_limit
                .as_ref()
                .or(limits.amount_limit.as_ref())
                .map(Price::currency);
            for amount in [&limits.amount_limit, &limits.amount_balance]
                .into_iter()
                .flatten()
            {
                if let Some(expected) = expected
                    && amount.currency() != expected
                {
                    return Err(LifecycleError::ReportBreaksRule {
                        object: ObjectKind::ChargePermission,
                        violation: RuleViolation::CurrencyMismatch {
                            expected: expected.clone(),
                            found: amount.currency().clone(),
                        },
                    });
                }
            }
        }
        Ok(())
    }

    fn take_report(&mut self, permission: &model::ChargePermission, state: ChargePermissionState) {
        let status = permission.status_details.as_ref();
        self.reasons = Reasons::default();
        for code in status.into_iter().flat_map(|s| s.reason_codes()) {
            self.reasons.insert(code.clone());
        }
        if let Some(kind) = &permission.charge_permission_type {
            self.kind = kind.clone();
        }
        if let Some(limits) = &permission.limits {
            if limits.amount_limit.is_some() {
                self.amount_limit = limits.amount_limit.clone();
            }
            if limits.amount_balance.is_some() {
                self.amount_balance = limits.amount_balance.clone();
            }
        }
        self.created_at = permission.creation_timestamp.or(self.created_at);
        self.expires_at = permission.expiration_timestamp.or(self.expires_at);
        self.take(state, permission.reported_at());
    }
}
